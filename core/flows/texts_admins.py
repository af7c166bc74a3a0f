"""What super admins read when they edit a unit's admins (/admin), and what /koreksi says about a
night shift's times. (Id, en) pairs, merged into `core.flows.texts.TEXTS`."""

from __future__ import annotations

RULE = "Keputusan Kadinkes Musi Banyuasin B-800/18/KPTS-KES/2023 Pasal 3 ayat (2) huruf a"

ADMINS_TEXTS: dict[str, tuple[str, str]] = {
    # /admin: a super admin lists, adds and removes unit admins (core.flows.admins).
    "not_allowed_admin": (
        f"Hanya super admin yang dapat mengubah admin unit ({RULE}).",
        f"Only a super admin may change a unit's admins ({RULE}).",
    ),
    "admins_not_super_admin": (
        f"Hanya super admin yang dapat mengubah admin unit ({RULE}).",
        f"Only a super admin may change a unit's admins ({RULE}).",
    ),
    "admins_unknown_unit": (
        'Unit "{unit}" tidak dikenal: tulis kode unit (lihat /admin daftar). Cara pakai: {usage}',
        'Unknown unit "{unit}": write a unit code (see /admin daftar). Usage: {usage}',
    ),
    "admins_unknown_employee": (
        "NIP/NIK {identifier} tidak terdaftar di organisasi ini.",
        "NIP/NIK {identifier} is not registered in this organisation.",
    ),
    "admins_self": (
        "Anda tidak dapat mengubah peran Anda sendiri: minta super admin lain.",
        "You cannot change your own roles: ask another super admin.",
    ),
    "admins_other_unit": (
        "{name} bertugas di unit {home}, bukan {unit}: admin mengelola unitnya sendiri. "
        "Pindahkan dulu (mutasi) atau pilih pegawai {unit}.",
        "{name} works in unit {home}, not {unit}: an admin administers their own unit. "
        "Transfer them first or pick someone of {unit}.",
    ),
    "admins_left": (
        "{name} tidak lagi bertugas sejak {day}: tidak dapat menjadi admin.",
        "{name} left the organisation on {day}: they cannot become an admin.",
    ),
    "admins_already_admin": (
        "{name} sudah menjadi admin unit {unit}: tidak ada yang diubah.",
        "{name} is already an admin of {unit}: nothing changed.",
    ),
    "admins_not_admin": (
        "{name} bukan admin unit {unit}: tidak ada yang dihapus.",
        "{name} is not an admin of {unit}: nothing removed.",
    ),
    "admins_last_admin": (
        "Ditolak: {name} adalah admin terakhir unit {unit}. Tanpa admin, pengajuan izin dan "
        "pendaftaran wajah unit itu tidak ada yang memutuskan. Tambahkan penggantinya dulu "
        "(/admin tambah NIP {unit}), lalu hapus.",
        "Refused: {name} is the last admin of {unit}. Without one, nobody decides the unit's "
        "leave requests and face enrollments. Add the successor first (/admin tambah NIP "
        "{unit}), then remove.",
    ),
    "admins_header": ("Admin unit:", "Unit admins:"),
    "admins_none": ("belum ada admin", "no admin yet"),
    "admins_added": (
        "{name} sekarang admin unit {unit} ({unit_name}). Perubahan dicatat atas nama Anda.",
        "{name} is now an admin of {unit} ({unit_name}). The change is recorded under your name.",
    ),
    "admins_removed": (
        "{name} bukan lagi admin unit {unit} ({unit_name}); perintah admin langsung tertutup "
        "baginya. Perubahan dicatat atas nama Anda.",
        "{name} is no longer an admin of {unit} ({unit_name}); admin commands are closed to "
        "them at once. The change is recorded under your name.",
    ),
    "admins_moved": (
        "{count} pengajuan yang menunggu keputusannya dialihkan ke pemberi persetujuan unit "
        "yang sekarang.",
        "{count} requests waiting for their decision went to the unit's approver now.",
    ),
    "admins_added_notice": (
        "Anda ditetapkan sebagai admin unit {unit_name} oleh {by}. Lihat perintah admin "
        "dengan /bantuan.",
        "{by} made you an admin of {unit_name}. See the admin commands with /bantuan.",
    ),
    "admins_removed_notice": (
        "Anda bukan lagi admin unit {unit_name} (diubah oleh {by}).",
        "You are no longer an admin of {unit_name} (changed by {by}).",
    ),
    "admins_moved_notice": (
        "Pengajuan {code} {name}, {dates}, kini menunggu keputusan Anda ({former} bukan lagi "
        "admin unit). Alasan: {reason}",
        "{name}'s {code} request, {dates}, now waits for your decision ({former} is no longer "
        "a unit admin). Reason: {reason}",
    ),
    # /koreksi of a night shift (core.services.corrections, core.work_day).
    "correct_future_time": (
        "Jam {time} belum lewat: hanya waktu yang sudah lewat yang dapat dikoreksi.",
        "{time} has not come yet: only times that have passed can be corrected.",
    ),
    "correct_other_day": (
        "Tidak dikoreksi: jam {time} termasuk hari kerja {date}, bukan tanggal yang ditulis. "
        "Untuk shift malam, tulis tanggal mulai shift.",
        "Not corrected: {time} belongs to the work day {date}, not the date written. For a "
        "night shift, write the date the shift began.",
    ),
}
