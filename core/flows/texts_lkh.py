"""What employees and verifiers read about the daily performance report, /lkh
(core.flows.lkh). (Id, en) pairs, merged into `core.flows.texts.TEXTS`."""

from __future__ import annotations

LKH_TEXTS: dict[str, tuple[str, str]] = {
    "btn_lkh_skip": ("Lewati", "Skip"),
    "btn_lkh_send": ("📨 Kirim LKH", "📨 Send the report"),
    "btn_lkh_verify": ("✅ Verifikasi", "✅ Verify"),
    "btn_lkh_return": ("↩️ Kembalikan", "↩️ Return"),
    "lkh_ask": (
        "LKH (laporan kinerja harian) {day}. Tulis kegiatan Anda, satu per baris, dengan "
        "hasilnya setelah tanda -, misalnya:\n"
        "Menyusun laporan realisasi anggaran - draf laporan selesai\n"
        "Rapat koordinasi e-office - notulen rapat\n"
        "Paling banyak {lines} baris, {chars} karakter per baris. /batal untuk batal.",
        "LKH (daily performance report) for {day}. Write your activities, one per line, "
        "each with its result after a -, for example:\n"
        "Drafting the budget report - draft report finished\n"
        "E-office coordination meeting - minutes of the meeting\n"
        "At most {lines} lines of {chars} characters. /batal to cancel.",
    ),
    "lkh_amend": (
        "LKH {day} sudah dikirim ({status}). LKH yang Anda kirim sekarang menggantikannya: "
        "satu LKH untuk satu hari kerja.\n{lines}{note}",
        "The report for {day} was already sent ({status}). The one you send now replaces "
        "it: one report per work day.\n{lines}{note}",
    ),
    "lkh_note_line": ("\nCatatan pemeriksa: {note}", "\nThe verifier's note: {note}"),
    "lkh_empty": (
        "Belum ada kegiatan. Tulis paling sedikit satu kegiatan: kegiatan - hasil.",
        "No activity yet. Write at least one activity: activity - result.",
    ),
    "lkh_too_many": (
        "Ada {line} baris; paling banyak {limit} kegiatan dalam satu LKH. Gabungkan yang "
        "sejenis lalu kirim lagi.",
        "There are {line} lines; a report holds at most {limit} activities. Merge similar ones "
        "and send again.",
    ),
    "lkh_too_long": (
        "Baris {line} terlalu panjang: paling banyak {limit} karakter. Persingkat lalu kirim "
        "lagi semua barisnya.",
        "Line {line} is too long: at most {limit} characters. Shorten it and send all the "
        "lines again.",
    ),
    "lkh_no_result": (
        "Baris {line} belum ada hasilnya. Tulis kegiatan - hasil, misalnya: Rapat koordinasi - "
        "notulen rapat (Perbup Musi Banyuasin 9/2023 Pasal 8 ayat (2): uraian aktivitas dan "
        "deskripsi hasil pekerjaan). Kirim lagi semua barisnya.",
        "Line {line} has no result. Write activity - result, e.g. Coordination meeting - "
        "minutes (Perbup Musi Banyuasin 9/2023 Pasal 8 ayat (2): the activities and a "
        "description of their results). Send all the lines again.",
    ),
    "lkh_lines_again": (
        "Tulis kegiatan Anda sebagai teks, satu per baris: kegiatan - hasil.",
        "Write your activities as text, one per line: activity - result.",
    ),
    "lkh_evidence": (
        "Kirim bukti dukung kegiatan (foto atau PDF, Pasal 9), atau tekan Lewati.",
        "Send evidence of the activities (a photo or a PDF, Pasal 9), or press Skip.",
    ),
    "lkh_evidence_full": (
        "Sudah {limit} lampiran, paling banyak untuk satu LKH.",
        "That is {limit} attachments, the most one report takes.",
    ),
    "lkh_summary": (
        "LKH {day}:\n{lines}\nBukti dukung: {evidence}.\nTekan Kirim LKH, atau kirim foto/PDF "
        "lain sebagai bukti tambahan (paling banyak {limit}).",
        "Report for {day}:\n{lines}\nEvidence: {evidence}.\nPress Send, or send another photo "
        "or PDF as more evidence (at most {limit}).",
    ),
    "lkh_no_evidence": ("tidak ada", "none"),
    "lkh_files": ("{count} berkas", "{count} file(s)"),
    "lkh_sent": (
        "LKH {day} ({count} kegiatan) terkirim ke {verifier} untuk diverifikasi.",
        "Your report for {day} ({count} activities) went to {verifier} for verification.",
    ),
    "lkh_amended": (
        "LKH {day} diperbarui ({count} kegiatan) dan dikirim lagi ke {verifier} untuk "
        "diverifikasi.",
        "Your report for {day} was updated ({count} activities) and sent again to {verifier} "
        "for verification.",
    ),
    "lkh_no_verifier": (
        "LKH {day} ({count} kegiatan) tersimpan, tetapi belum ada atasan langsung atau admin "
        "unit yang ditetapkan untuk memverifikasinya. Hubungi admin unit Anda.",
        "Your report for {day} ({count} activities) is saved, but no direct supervisor or "
        "unit admin is set to verify it. Contact your unit admin.",
    ),
    "lkh_request": (
        "LKH {name} ({unit}), {day}{amended}:\n{lines}\nBukti dukung: {evidence}.",
        "Daily report of {name} ({unit}), {day}{amended}:\n{lines}\nEvidence: {evidence}.",
    ),
    "lkh_request_amended": (" (diperbarui)", " (updated)"),
    "lkh_verified_done": ("LKH {name} {day} diverifikasi.", "{name}'s report for {day} verified."),
    "lkh_verified_note": (
        "LKH Anda {day} DIVERIFIKASI oleh {by}.",
        "Your report for {day} was VERIFIED by {by}.",
    ),
    "lkh_ask_note": (
        "Tuliskan catatan untuk {name}: apa yang perlu diperbaiki pada LKH {day}?",
        "Write a note for {name}: what needs fixing in the report for {day}?",
    ),
    "lkh_returned_done": (
        "LKH {name} {day} dikembalikan dengan catatan Anda.",
        "{name}'s report for {day} was returned with your note.",
    ),
    "lkh_returned_note": (
        "LKH Anda {day} DIKEMBALIKAN oleh {by}: {note}\nPerbaiki dengan /lkh {day}.",
        "Your report for {day} was RETURNED by {by}: {note}\nFix it with /lkh {day}.",
    ),
    "lkh_status_filed": ("menunggu verifikasi", "waiting for verification"),
    "lkh_status_returned": ("dikembalikan", "returned"),
    "lkh_status_verified": ("diverifikasi", "verified"),
    # Refusals (core.services.lkh.LkhRefused keys).
    "lkh_not_asked": (
        "Laporan kinerja harian (LKH) tidak digunakan di instansi Anda: aturan presensinya "
        "tidak memintanya.",
        "Daily performance reports (LKH) are not used in your organisation: its attendance "
        "rules do not ask for them.",
    ),
    "lkh_bad_date": (
        "Tanggal tidak dapat dibaca. Tulis /lkh, /lkh kemarin atau /lkh 24-11-2026.",
        "Cannot read the date. Write /lkh, /lkh yesterday or /lkh 24-11-2026.",
    ),
    "lkh_future": (
        "{day} belum tiba: LKH dilaporkan untuk hari kerja yang sedang atau sudah berjalan.",
        "{day} has not come yet: a report is for a work day that has begun or passed.",
    ),
    "lkh_too_old": (
        "LKH {day} sudah lewat batas: paling lambat {days} hari sesudahnya, yang paling awal "
        "masih bisa {earliest}. Hubungi atasan Anda.",
        "The report for {day} is too late: at most {days} days after the day, the earliest "
        "still open is {earliest}. Contact your supervisor.",
    ),
    "lkh_not_work_day": (
        "{day} bukan hari kerja Anda (libur atau di luar jadwal): LKH wajib untuk setiap hari "
        "kerja ({rule}).",
        "{day} is not one of your work days (a holiday or off your schedule): a report is due "
        "on each work day ({rule}).",
    ),
    "lkh_not_on_staff": (
        "Anda tidak tercatat sebagai pegawai unit ini pada {day}.",
        "You were not on this unit's staff on {day}.",
    ),
    "lkh_exempt": (
        "Anda dibebaskan dari LKH pada {day} ({rule}).",
        "You are exempt from the report on {day} ({rule}).",
    ),
    "lkh_verified": (
        "LKH {day} sudah diverifikasi dan tidak dapat diubah lagi.",
        "The report for {day} is already verified and can no longer be changed.",
    ),
    "lkh_too_much_evidence": (
        "Paling banyak {limit} lampiran untuk satu LKH.",
        "A report takes at most {limit} attachments.",
    ),
    "lkh_own": (
        "Anda tidak dapat memverifikasi LKH Anda sendiri.",
        "You cannot verify your own report.",
    ),
    "lkh_not_allowed": (
        "Anda tidak berwenang memverifikasi LKH ini.",
        "You are not allowed to verify this report.",
    ),
    "lkh_decided": ("LKH {day} sudah {status}.", "The report for {day} was already {status}."),
    "lkh_changed": (
        "LKH {day} sudah diperbarui pegawai: periksa pesan yang lebih baru.",
        "The report for {day} was updated by the employee: see the newer message.",
    ),
    "lkh_no_note": (
        "Tuliskan catatannya: apa yang perlu diperbaiki?",
        "Write the note: what needs fixing?",
    ),
}
