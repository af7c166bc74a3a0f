"""The console's own words (Bahasa Indonesia, English); what the flows answer comes in the
reader's language from core.flows.texts."""

from __future__ import annotations

from webhooks.console.texts_staff import STAFF_WORDS

WORDS: dict[str, tuple[str, str]] = {
    "title": ("Konsol presensi", "presensi console"),
    "nav_today": ("Hari ini", "Today"),
    "nav_approvals": ("Persetujuan", "Approvals"),
    "sign_out": ("Keluar", "Sign out"),
    "language": ("English", "Bahasa Indonesia"),
    "read_only": ("Kepala unit: hanya baca", "Head of unit: read only"),
    "sign_in_title": ("Masuk ke konsol", "Sign in to the console"),
    "sign_in_lead": (
        "Tautan ini dari chat presensi Anda. Tekan Masuk untuk melanjutkan.",
        "This link came from your presensi chat. Press Sign in to go on.",
    ),
    "sign_in": ("Masuk", "Sign in"),
    "signed_out_title": ("Belum masuk", "Not signed in"),
    "signed_out": (
        "Kirim /web di chat presensi (Telegram atau WhatsApp) untuk mendapat tautan masuk.",
        "Send /web in your presensi chat (Telegram or WhatsApp) to get a sign-in link.",
    ),
    "link_forged": (
        "Tautan ini tidak sah. Kirim /web di chat untuk tautan baru.",
        "This link is not genuine. Send /web in chat for a new one.",
    ),
    "link_expired": (
        "Tautan ini sudah kedaluwarsa. Kirim /web di chat untuk tautan baru.",
        "This link has expired. Send /web in chat for a new one.",
    ),
    "link_used": (
        "Tautan ini sudah dipakai. Setiap tautan hanya sekali pakai: kirim /web untuk yang baru.",
        "This link was already used. Each link works once: send /web for a new one.",
    ),
    "link_nobody": (
        "Akun ini tidak (lagi) punya akses konsol.",
        "This account has no console access (any more).",
    ),
    "app_opening": ("Membuka konsol…", "Opening the console…"),
    "app_outside": (
        "Buka konsol dari tombol menu bot presensi di Telegram, atau kirim /web di chat.",
        "Open the console from the presensi bot's menu button in Telegram, or send /web in chat.",
    ),
    "app_forged": (
        "Data dari Telegram tidak sah. Tutup dan buka lagi konsol dari tombol menu bot.",
        "The data from Telegram is not genuine. Close the console and open it again from the "
        "bot's menu button.",
    ),
    "app_expired": (
        "Sesi Telegram ini sudah lama dibuka. Tutup dan buka lagi konsol dari tombol menu bot.",
        "This was opened too long ago. Close the console and open it again from the bot's "
        "menu button.",
    ),
    "app_used": (
        "Data ini sudah dipakai untuk masuk. Tutup dan buka lagi konsol dari tombol menu bot.",
        "This was used to sign in already. Close the console and open it again from the bot's "
        "menu button.",
    ),
    "forbidden_title": ("Tidak diizinkan", "Not allowed"),
    "bad_input_title": ("Periksa isian", "Check what you entered"),
    "not_found_title": ("Tidak ditemukan", "Not found"),
    "unavailable_title": ("Sedang terganggu", "Unavailable"),
    "bad_characters": (
        "Isian memuat karakter yang tidak sah.",
        "What was sent holds a character that is not allowed.",
    ),
    "head_read_only": (
        "Kepala unit hanya dapat membaca; perubahan dilakukan admin unit.",
        "A head of unit reads only; the unit's admin makes changes.",
    ),
    "forbidden_unit": (
        "Unit ini di luar wewenang Anda.",
        "This unit is outside your scope.",
    ),
    "csrf": (
        "Formulir ini kedaluwarsa atau berasal dari situs lain. Muat ulang halaman dan coba lagi.",
        "This form expired or came from another site. Reload the page and try again.",
    ),
    "unavailable": (
        "Layanan sedang terganggu. Coba lagi sebentar lagi.",
        "The service is unavailable. Try again in a moment.",
    ),
    "not_found": ("Tidak ditemukan.", "Not found."),
    "today_title": ("Kehadiran hari ini", "Attendance today"),
    "as_of": ("per {time}", "as of {time}"),
    "everyone": ("Semua", "Everyone"),
    "unit": ("Unit", "Unit"),
    "show": ("Tampilkan", "Show"),
    "name": ("Nama", "Name"),
    "status": ("Status", "Status"),
    "check_in": ("Masuk", "In"),
    "check_out": ("Pulang", "Out"),
    "nobody": ("Tidak ada pegawai untuk hari ini.", "No staff for today."),
    "map_title": ("Peta absen hari ini", "Today's clock-ins on the map"),
    "map_label": (
        "Peta lokasi kantor dan absen hari ini",
        "Map of the sites and today's clock-ins",
    ),
    "map_accepted": ("diterima", "accepted"),
    "map_refused": ("ditolak", "refused"),
    "map_sites": ("area hijau: lokasi absen", "green areas: where to clock in"),
    "map_events": ("garis biru putus-putus: acara hari ini", "dashed blue: today's events"),
    "map_offline": (
        "tanpa peta dasar: petugas TI dapat memasangnya (MAP_TILES)",
        "no base map: IT staff can set one up (MAP_TILES)",
    ),
    "site_label": ("{name} (radius {metres} m)", "{name} (radius {metres} m)"),
    "site_polygon": ("{name} (poligon, {corners} sudut)", "{name} (polygon, {corners} corners)"),
    "event_label": (
        "Acara {name}, {hours} (radius {metres} m)",
        "Event {name}, {hours} (radius {metres} m)",
    ),
    "point_label": ("{time} {name}: {what}, {outcome}", "{time} {name}: {what}, {outcome}"),
    "refused_title": ("Ditolak hari ini", "Refused today"),
    "refused_none": ("Tidak ada absen yang ditolak hari ini.", "No clock-in was refused today."),
    "flagged_title": ("Perlu ditinjau", "To review"),
    "flagged_none": ("Tidak ada absen yang perlu ditinjau.", "Nothing to review."),
    "decide": ("Putuskan", "Decide"),
    "review_confirm": ("Konfirmasi", "Confirm"),
    "review_reject": ("Tolak", "Reject"),
    "time": ("Jam", "Time"),
    "what": ("Absen", "In/out"),
    "why": ("Alasan", "Why"),
    "approvals_title": ("Menunggu persetujuan", "Waiting for approval"),
    "approvals_none": ("Tidak ada pengajuan yang menunggu.", "No request is waiting."),
    "approve_selected": ("Setujui yang dipilih", "Approve selected"),
    "reject_selected": ("Tolak yang dipilih", "Reject selected"),
    "reject_reason": ("Alasan penolakan", "Reason for rejecting"),
    "pick_some": ("Pilih pengajuan dulu.", "Pick a request first."),
    "need_reason": ("Penolakan perlu alasan.", "A rejection needs a reason."),
    "results": ("Hasil", "Results"),
    "open_pdf": ("Lampiran {n} (PDF)", "Attachment {n} (PDF)"),
    "open_image": ("Lampiran {n} (foto)", "Attachment {n} (photo)"),
    "open_tab": ("Buka di tab baru", "Open in a new tab"),
    "file_gone": (
        "Berkas ini sudah tidak disimpan (masa simpan berakhir).",
        "This file is no longer kept (its retention period ended).",
    ),
    "nav_month": ("Bulanan", "Month"),
    "month_page_title": ("Rekap bulanan", "Monthly recap"),
    "month_label": ("Bulan", "Month"),
    "month_state": ("Keadaan laporan", "Report state"),
    "revision_window": ("Masa revisi", "Revisions window"),
    "submitted_on": ("dikirim {day} oleh {by}", "submitted on {day} by {by}"),
    "not_submitted": ("belum dikirim", "not submitted"),
    "due_on": ("batas {day}", "due {day}"),
    "month_empty": (
        "Belum ada yang tercatat untuk bulan ini.",
        "Nothing is recorded for this month yet.",
    ),
    "month_bad": (
        "Bulan tidak sah: tulis TTTT-BB, misalnya 2026-11.",
        "Not a month: write YYYY-MM, e.g. 2026-11.",
    ),
    "submit_month": ("Tandai laporan {month} terkirim", "Mark the {month} report submitted"),
    "download": ("Unduh", "Download"),
    "tpp_title": ("Potongan TPP", "TPP deductions"),
    "nav_audit": ("Audit", "Audit"),
    "audit_title": ("Audit", "Audit"),
    "receipt_title": ("Cek tanda terima", "Check a receipt"),
    "receipt_label": ("Kode tanda terima", "Receipt code"),
    "check_button": ("Cek", "Check"),
    "code_missing": ("Tulis kode tanda terima.", "Type a receipt code."),
    "chain_title": ("Log audit", "Audit log"),
    "chain_lead": (
        "Memeriksa setiap entri, setiap baris yang dicatat dan checkpoint yang ditandatangani.",
        "Checks every entry, every row it covers and the signed checkpoints.",
    ),
    "chain_button": ("Periksa log", "Check the log"),
    "chain_ok": ("{entries} entri, rantai utuh.", "{entries} entries, chain intact."),
    "chain_points": ("Dicocokkan dengan {n} checkpoint.", "Checked against {n} checkpoint(s)."),
    "chain_bad": ("{n} masalah ditemukan:", "{n} problem(s) found:"),
    "chain_notes": ("Yang belum terlindungi", "What is not protected"),
    "nav_sites": ("Lokasi", "Sites"),
    "sites_title": ("Lokasi absen", "Clock-in sites"),
    "site_shape": ("Bentuk", "Shape"),
    "shape_circle": ("lingkaran, radius {metres} m", "circle, radius {metres} m"),
    "shape_polygon": ("poligon, {corners} sudut", "polygon, {corners} corners"),
    "event_site": ("lokasi acara", "event site"),
    "radius": ("Radius", "Radius"),
    "sides": ("Sisi", "Sides"),
    "lat": ("Lintang", "Latitude"),
    "lon": ("Bujur", "Longitude"),
    "radius_field": ("Radius (m)", "Radius (m)"),
    "site_drag_circle": (
        "Geser penanda untuk memindahkan titik tengah; radius diubah di bawah.",
        "Drag the marker to move the centre; set the radius below.",
    ),
    "site_drag_polygon": ("Geser penanda di setiap sudut.", "Drag the marker at each corner."),
    "site_saved": (
        "Tersimpan: absen berikutnya dinilai dengan area ini.",
        "Saved: the next clock-in is judged against this area.",
    ),
    "site_file_note": (
        "Memuat ulang berkas organisasi (presensi org load) menulis lagi lokasi dari berkas itu.",
        "Loading the organisation file again (presensi org load) writes its sites back.",
    ),
    "site_bad_point": (
        "Titik tidak sah: lintang -90..90 dan bujur -180..180, berupa angka.",
        "Not a point: a latitude of -90..90 and a longitude of -180..180, as numbers.",
    ),
    "site_radius": ("Radius harus {low}-{high} m.", "The radius must be {low}-{high} m."),
    "site_corners": (
        "Poligon perlu 3 sampai {most} sudut.",
        "A polygon needs 3 to {most} corners.",
    ),
    "site_polygon_bad": (
        "Poligon tidak sah: sisinya tidak boleh bersilangan dan sudutnya tidak segaris.",
        "Not a polygon: its sides must not cross and its corners must not lie on one line.",
    ),
    "site_polygon_large": (
        "Poligon terlalu besar: setiap sudut paling jauh {high} m dari tengahnya.",
        "The polygon is too large: every corner within {high} m of its middle.",
    ),
    "still_working": (
        "Sebagian masih diproses; muat ulang halaman sebentar lagi.",
        "Some are still being processed; reload the page in a moment.",
    ),
}

WORDS.update(STAFF_WORDS)


def word(language: str, key: str, **values: object) -> str:
    text = WORDS[key][language == "en"]
    return text.format(**values) if values else text
