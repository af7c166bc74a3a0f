"""What users read, in Bahasa Indonesia (default) and English. Every reply says what to do next."""

from __future__ import annotations

from core.flows.texts_acara import ACARA_TEXTS
from core.flows.texts_admin import ADMIN_TEXTS
from core.flows.texts_admins import ADMINS_TEXTS
from core.flows.texts_balance import BALANCE_TEXTS
from core.flows.texts_cancel import CANCEL_TEXTS
from core.flows.texts_cancel_missed import CANCEL_MISSED_TEXTS
from core.flows.texts_console import CONSOLE_TEXTS
from core.flows.texts_duty import DUTY_TEXTS
from core.flows.texts_identity import IDENTITY_TEXTS
from core.flows.texts_liveness import LIVENESS_TEXTS
from core.flows.texts_lkh import LKH_TEXTS
from core.flows.texts_lock import LOCK_TEXTS
from core.flows.texts_queue import QUEUE_TEXTS
from core.flows.texts_receipt import RECEIPT_TEXTS
from core.flows.texts_report import REPORT_TEXTS
from core.flows.texts_request import REQUEST_TEXTS
from core.flows.texts_review import REVIEW_TEXTS
from core.flows.texts_self import SELF_TEXTS
from core.flows.texts_track import TRACK_TEXTS
from core.flows.texts_web import WEB_TEXTS
from core.flows.texts_whatsapp import WHATSAPP_TEXTS
from core.flows.texts_words import WORDS_TEXTS

LANGUAGES = ("id", "en")

TEXTS: dict[str, tuple[str, str]] = {
    # Labels of keyboard buttons (users may also type them).
    "btn_in": ("Masuk", "Clock in"),
    "btn_out": ("Pulang", "Clock out"),
    "btn_leave": ("Izin/Cuti", "Leave"),
    "btn_status": ("Status saya", "My status"),
    "btn_approve": ("✅ Setujui", "✅ Approve"),
    "btn_reject": ("❌ Tolak", "❌ Reject"),
    "btn_done": ("Selesai", "Done"),
    "btn_cancel": ("Batal", "Cancel"),
    "btn_share_location": ("📍 Kirim lokasi", "📍 Send location"),
    "btn_share_contact": ("📱 Kirim nomor saya", "📱 Share my number"),
    # Registration.
    "welcome": (
        "Selamat datang di presensi. Kirim NIP (18 digit) atau NIK (16 digit) Anda.",
        "Welcome to presensi. Send your NIP (18 digits) or NIK (16 digits).",
    ),
    "already_linked": (
        "Akun ini sudah terhubung sebagai {name}. Pilih Masuk atau Pulang.",
        "This account is already linked to {name}. Choose Clock in or Clock out.",
    ),
    "bad_identity": (
        "{error}. Kirim NIP (18 digit) atau NIK (16 digit) Anda.",
        "{error}. Send your NIP (18 digits) or NIK (16 digits).",
    ),
    "unknown_identity": (
        "NIP/NIK itu tidak terdaftar. Periksa lagi, atau hubungi admin unit "
        "Anda untuk didaftarkan.",
        "That NIP/NIK is not registered. Check it, or ask your unit admin to register you.",
    ),
    "ask_proof": (
        "Kirim kode aktivasi dari admin unit Anda, atau ketuk tombol untuk mengirim nomor HP "
        "yang terdaftar. Belum terdaftar? Hubungi admin unit Anda.",
        "Send the activation code from your unit admin, or tap the button to share the phone "
        "number on file. Not registered yet? Ask your unit admin.",
    ),
    "ask_proof_card": (
        "Kirim kode aktivasi dari admin unit Anda, atau kirim kartu kontak Anda sendiri "
        "(📎 > Kontak) dengan nomor HP yang terdaftar. Belum terdaftar? Hubungi admin unit Anda.",
        "Send the activation code from your unit admin, or send your own contact card "
        "(📎 > Contact) with the phone number on file. Not registered yet? Ask your unit admin.",
    ),
    "not_administered": (
        "NIP/NIK itu tidak ada di unit yang Anda kelola.",
        "That NIP/NIK is not in the units you administer.",
    ),
    "bad_code": (
        "Kode aktivasi salah atau kedaluwarsa. Minta kode baru ke admin unit Anda.",
        "The activation code is wrong or expired. Ask your unit admin for a new one.",
    ),
    "bad_contact": (
        "Nomor itu tidak cocok dengan data kepegawaian. Kirim kode aktivasi dari admin unit Anda.",
        "That number does not match your staff record. Send the activation code "
        "from your unit admin.",
    ),
    "other_contact": (
        "Kirim nomor Anda sendiri dengan tombol di bawah, bukan kontak orang lain.",
        "Share your own number with the button below, not someone else's contact.",
    ),
    "other_contact_card": (
        "Kirim kartu kontak Anda sendiri (📎 > Kontak), bukan kontak orang lain.",
        "Send your own contact card (📎 > Contact), not someone else's contact.",
    ),
    "bound_elsewhere": (
        "{name} sudah terhubung dengan akun lain. Untuk pindah HP/akun, minta "
        "admin unit Anda melakukan reset.",
        "{name} is already linked to another account. To move to a new phone or "
        "account, ask your unit admin for a reset.",
    ),
    "linked": (
        "Akun terhubung: {name} ({unit}). Ketuk Masuk untuk absen datang.",
        "Account linked: {name} ({unit}). Tap Clock in to record your arrival.",
    ),
    "blocked": (
        "Akun Anda diblokir. Hubungi admin unit Anda untuk membuka blokir: {admins}.",
        "Your account is blocked. Ask your unit admin to unblock it: {admins}.",
    ),
    "left": (
        "Akun Anda tidak aktif lagi sejak {day}: Anda tercatat tidak lagi bertugas di "
        "instansi ini, sehingga tidak dapat absen. Bila ini keliru, hubungi admin kepegawaian.",
        "Your account is no longer active since {day}: you are recorded as no longer on the "
        "staff here, so you cannot clock in. If this is wrong, contact the staff admin.",
    ),
    "not_linked": (
        "Akun ini belum terhubung. Ketik /start untuk mendaftar.",
        "This account is not linked yet. Type /start to register.",
    ),
    # Clocking in and out.
    "ask_live_location": (
        "{what}: bagikan LOKASI TERKINI (live location) Anda: ketuk 📎 > "
        "Lokasi > Bagikan Lokasi Terkini. Pin atau lokasi yang dipilih di peta "
        "tidak diterima.",
        "{what}: share your LIVE location: tap 📎 > Location > Share My Live "
        "Location. A pin or a place picked on the map is not accepted.",
    ),
    "ask_location": (
        "{what}: ketuk tombol di bawah untuk mengirim lokasi Anda sekarang.",
        "{what}: tap the button below to send your location now.",
    ),
    "need_live": (
        "Lokasi itu bukan lokasi terkini (live). Bagikan Lokasi Terkini lewat 📎 > Lokasi.",
        "That is not a live location. Share your Live Location via 📎 > Location.",
    ),
    "forwarded_location": (
        "Lokasi terusan tidak diterima. Bagikan lokasi Anda sendiri saat ini.",
        "A forwarded location is not accepted. Share your own location now.",
    ),
    "picked_place": (
        "Tempat yang dipilih di peta tidak diterima. Bagikan Lokasi Terkini Anda.",
        "A place picked on the map is not accepted. Share your Live Location.",
    ),
    "picked_place_listed": (
        "Tempat yang dipilih dari daftar tidak diterima. Ketuk tombol di bawah untuk mengirim "
        "lokasi Anda saat ini.",
        "A place picked from the list is not accepted. Tap the button below to send your "
        "location as it is now.",
    ),
    "inaccurate": (
        "Akurasi GPS {accuracy} m terlalu lemah (paling banyak {limit} m). Nyalakan "
        "GPS/mode akurasi tinggi, tunggu sebentar di luar ruangan, lalu kirim lagi.",
        "GPS accuracy {accuracy} m is too weak (at most {limit} m). Turn on GPS/high "
        "accuracy, wait a moment near a window, and send again.",
    ),
    "inaccurate_unknown": (
        "Ponsel Anda tidak melaporkan akurasi GPS yang sah (paling banyak {limit} m). Nyalakan "
        "GPS/mode akurasi tinggi, tunggu sebentar di luar ruangan, lalu kirim lagi.",
        "Your phone reported no valid GPS accuracy (at most {limit} m is accepted). Turn on "
        "GPS/high accuracy, wait a moment near a window, and send again.",
    ),
    "invalid_location": (
        "Lokasi itu tidak sah: koordinatnya tidak ada di peta. Kirim lagi lokasi Anda saat ini.",
        "That location is invalid: its coordinates are not on the map. Send your location "
        "as it is now again.",
    ),
    "stale_location": (
        "Lokasi itu sudah {minutes} menit yang lalu. Kirim lokasi Anda saat ini.",
        "That location is {minutes} minutes old. Send your location as it is now.",
    ),
    "outside_area": (
        "Ditolak: Anda {metres} m di luar area {site}. Mendekatlah ke kantor lalu "
        "ketuk {what} lagi. [{rule}]",
        "Refused: you are {metres} m outside the {site} area. Move closer and tap "
        "{what} again. [{rule}]",
    ),
    "ask_selfie": (
        "Lokasi diterima ({site}). Sekarang kirim swafoto (foto langsung dari kamera) "
        "dalam {minutes} menit.",
        "Location accepted ({site}). Now send a selfie (taken with the camera) within "
        "{minutes} minutes.",
    ),
    "forwarded_photo": (
        "Foto terusan tidak diterima. Ambil swafoto baru dengan kamera.",
        "A forwarded photo is not accepted. Take a new selfie with the camera.",
    ),
    "selfie_late": (
        "Waktu mengirim swafoto sudah habis. Ketuk {what} untuk mengulang.",
        "The time to send the selfie has run out. Tap {what} to start again.",
    ),
    "photo_too_big": (
        "Foto terlalu besar. Kirim sebagai foto (bukan file).",
        "The photo is too large. Send it as a photo, not as a file.",
    ),
    "face_refused": (
        "Ditolak: {reason}. Ketuk {what} untuk mencoba lagi.",
        "Refused: {reason}. Tap {what} to try again.",
    ),
    "face_checking": (
        "Diterima pukul {time}; waktu inilah yang dicatat. Wajah sedang diperiksa, hasilnya "
        "menyusul sebentar lagi. Tidak perlu mengirim ulang.",
        "Received at {time}; this is the time that counts. Your face is being checked and the "
        "result follows shortly. No need to send it again.",
    ),
    "face_try_again": (
        "Pemeriksaan wajah sedang sibuk. Kirim swafoto yang sama sekali lagi sebentar lagi.",
        "Face checking is busy right now. Send the selfie again in a moment.",
    ),
    "no_reference": (
        "Wajah Anda belum terdaftar: absen dicatat tanpa pencocokan wajah dan akan ditinjau "
        "admin unit. Ketik /wajah untuk mendaftarkan wajah.",
        "Your face is not enrolled yet: this was recorded without a face match and will be "
        "reviewed by your unit admin. Type /wajah to enroll your face.",
    ),
    "face_not_enrolled": (
        "Ditolak: wajah Anda belum terdaftar, padahal unit Anda mewajibkan pencocokan wajah. "
        "Ketik /wajah untuk mendaftarkan wajah; setelah disetujui admin unit, ketuk {what} "
        "lagi. [{rule}]",
        "Refused: your face is not enrolled yet and your unit requires a face match. Type "
        "/wajah to enroll your face; once your unit admin approves it, tap {what} again. "
        "[{rule}]",
    ),
    "verdict_on_time": (
        "✅ {what} tercatat {time} {zone}: tepat waktu.",
        "✅ {what} recorded at {time} {zone}: on time.",
    ),
    "verdict_late": (
        "⚠️ {what} tercatat {time} {zone}: terlambat {minutes} menit ({band}).",
        "⚠️ {what} recorded at {time} {zone}: late by {minutes} minutes ({band}).",
    ),
    "verdict_late_out": (
        "⚠️ {what} tercatat {time} {zone}, {minutes} menit setelah batas {window}: dinyatakan "
        "terlambat ({band}). [{rule}]",
        "⚠️ {what} recorded at {time} {zone}, {minutes} minutes after the {window} window: "
        "declared late ({band}). [{rule}]",
    ),
    "verdict_left_early": (
        "⚠️ {what} tercatat {time} {zone}: pulang {minutes} menit sebelum "
        "waktunya ({band}). Ajukan /izin bila ada alasan.",
        "⚠️ {what} recorded at {time} {zone}: leaving {minutes} minutes "
        "early ({band}). File a /izin if you have a reason.",
    ),
    "verdict_left_early_excused": (
        "✅ {what} tercatat {time} {zone}, {minutes} menit sebelum waktunya, sesuai izin {izin} "
        "yang disetujui: tidak dipotong.",
        "✅ {what} recorded at {time} {zone}, {minutes} minutes early, under your approved "
        "izin {izin}: no deduction.",
    ),
    "verdict_too_early": (
        "Belum bisa: {what} dibuka {minutes} menit lagi (jendela {window}). [{rule}]",
        "Not yet: {what} opens in {minutes} minutes (window {window}). [{rule}]",
    ),
    "verdict_outside_window": (
        "Ditolak: di luar jam {what} ({window}). Hubungi admin bila perlu koreksi. [{rule}]",
        "Refused: outside the {what} hours ({window}). Ask your admin if "
        "a correction is needed. [{rule}]",
    ),
    "verdict_not_work_day": (
        "Hari ini bukan hari kerja Anda; tidak ada yang dicatat.",
        "Today is not one of your work days; nothing was recorded.",
    ),
    "verdict_holiday": (
        "Hari ini libur ({holiday}); tidak ada yang dicatat.",
        "Today is a holiday ({holiday}); nothing was recorded.",
    ),
    "pay_effect": (" Potongan TPP {percent}%.", " TPP deduction {percent}%."),
    "already_in": (
        "Anda sudah absen masuk pukul {time}. Ketuk Pulang saat selesai kerja.",
        "You already clocked in at {time}. Tap Clock out when you finish work.",
    ),
    "channel_refused": (
        "Unit Anda tidak menerima absen lewat {channel}. Gunakan bot {other} presensi. [{rule}]",
        "Your unit does not accept clock-ins over {channel}. Use the presensi {other} bot. "
        "[{rule}]",
    ),
    "channel_review": (
        " Absen lewat {channel} ini akan ditinjau admin unit.",
        " This {channel} clock-in will be reviewed by your unit admin.",
    ),
    "event_note": (" Kegiatan: {event}.", " Event: {event}."),
    "outside_duty_radius": (
        "Ditolak: Anda {km} km dari kantor, di luar radius dinas dalam {radius_km} km. [{rule}]",
        "Refused: you are {km} km from the office, beyond the {radius_km} km local duty radius. "
        "[{rule}]",
    ),
    "duty_note": (
        " Dinas dalam yang disetujui: {km} km dari kantor.",
        " On approved local duty: {km} km from the office.",
    ),
    "missed_event_note": (
        " Jendela {event} sudah ditutup: dicatat tidak mengikuti {event}.",
        " The {event} window had closed: recorded as {event} missed.",
    ),
    "next_out": (" Jangan lupa absen Pulang.", " Remember to clock out."),
    # Leave and permits.
    "leave_type": ("Pilih jenis ketidakhadiran:", "Choose the kind of absence:"),
    "leave_subject_left": (
        "{name} tidak lagi bertugas sejak {day}: tidak ada yang dicatat.",
        "{name} left on {day}: nothing is recorded.",
    ),
    "leave_type_for": (
        "Mencatat ketidakhadiran untuk {name}. Pilih jenisnya:",
        "Recording an absence for {name}. Choose the kind:",
    ),
    "leave_recorded_for": (
        "{code} {name} {dates} dicatat dan disetujui. {name} sudah diberi tahu.",
        "{name}'s {code} for {dates} is recorded and approved. {name} has been told.",
    ),
    "leave_recorded_notice": (
        "{by} mencatat {code} Anda {dates}: disetujui.",
        "{by} recorded your {code} for {dates}: approved.",
    ),
    "leave_subtype": ("Pilih jenis {code}:", "Choose the kind of {code}:"),
    "leave_dates": (
        "Tanggal berapa? Kirim satu tanggal (24-11-2026) atau rentang (24-11-2026 "
        "s/d 26-11-2026). Bisa juga: hari ini, besok.",
        "Which dates? Send one date (24-11-2026) or a range (24-11-2026 to "
        "26-11-2026). Also: today, tomorrow.",
    ),
    "bad_dates": (
        "Tanggal tidak dapat dibaca. Kirim satu tanggal atau rentang, misalnya 24-11-2026 atau "
        "24-11-2026 s/d 26-11-2026 (bisa juga: hari ini, besok).",
        "Cannot read those dates. Send one date or a range, e.g. 24-11-2026 or 24-11-2026 to "
        "26-11-2026 (or: today, tomorrow).",
    ),
    "leave_overlap": (
        "Tanggal itu sudah tercakup pengajuan {code} {dates} ({status}). Kirim tanggal lain, "
        "atau /batal.",
        "Those dates are already covered by the {code} request for {dates} ({status}). Send "
        "other dates, or /batal.",
    ),
    "bad_dates_order": (
        "Tanggal terakhir mendahului tanggal pertama. Kirim lagi, misalnya 24-11-2026 s/d "
        "26-11-2026.",
        "The last day comes before the first. Send them again, e.g. 24-11-2026 to 26-11-2026.",
    ),
    "leave_too_far": (
        "{code} hanya dapat diajukan paling jauh {days} hari ke depan: hari pertamanya paling "
        "lambat {latest}. Kirim tanggal lagi. ({rule})",
        "{code} may be requested at most {days} days ahead: the first day at the latest "
        "{latest}. Send the dates again. ({rule})",
    ),
    "leave_too_old": (
        "{code} hanya dapat diajukan paling lama {days} hari ke belakang: hari pertamanya paling "
        "awal {earliest}. Kirim tanggal lagi. ({rule})",
        "{code} may be requested at most {days} days back: the first day at the earliest "
        "{earliest}. Send the dates again. ({rule})",
    ),
    "leave_too_long": (
        "Satu pengajuan paling banyak {days} hari; ajukan sisanya terpisah. Kirim tanggal lagi.",
        "One request covers at most {days} days; file the rest separately. Send the dates again.",
    ),
    "leave_reason": ("Tuliskan alasannya singkat.", "Write the reason briefly."),
    "leave_evidence": (
        "Lampirkan {evidence} sebagai foto atau PDF. [{rule}]",
        "Attach the {evidence} as a photo or PDF. [{rule}]",
    ),
    "bad_document": (
        "Lampiran harus foto atau PDF, paling besar {limit} MB.",
        "The attachment must be a photo or a PDF of at most {limit} MB.",
    ),
    "bad_document_content": (
        "Berkas ini bukan PDF atau foto (JPEG, PNG, WebP) walaupun namanya begitu. Kirim surat "
        "sebagai PDF atau foto.",
        "This file is not a PDF or a photo (JPEG, PNG, WebP), whatever its name says. Send the "
        "letter as a PDF or a photo.",
    ),
    "leave_refused": (
        "Pengajuan tidak dapat diproses: {error}.",
        "The request cannot be filed: {error}.",
    ),
    "leave_sent": (
        "Pengajuan {code} {dates} terkirim ke {approver}. Anda akan diberi tahu hasilnya.",
        "Your {code} request for {dates} went to {approver}. You will be told the outcome.",
    ),
    "approval_request": (
        "Pengajuan {code} dari {name} ({unit}) untuk {dates}: {reason}. Lampiran: {evidence}.",
        "{code} request from {name} ({unit}) for {dates}: {reason}. Attachments: {evidence}.",
    ),
    "approved_note": (
        "Pengajuan {code} Anda untuk {dates} DISETUJUI oleh {by}.",
        "Your {code} request for {dates} was APPROVED by {by}.",
    ),
    "rejected_note": (
        "Pengajuan {code} Anda untuk {dates} DITOLAK oleh {by}: {reason}.",
        "Your {code} request for {dates} was REJECTED by {by}: {reason}.",
    ),
    "status_approved": ("disetujui", "approved"),
    "status_rejected": ("ditolak", "rejected"),
    "status_cancelled": ("dibatalkan", "cancelled"),
    "status_pending": ("menunggu", "pending"),
    "status_decided": ("diputuskan", "decided"),  # a face enrolment decided from another chat
    "decided": ("Tercatat: {status}.", "Recorded: {status}."),
    "ask_reject_reason": ("Tuliskan alasan penolakan.", "Write the reason for rejecting."),
    "not_allowed": ("Anda tidak berwenang untuk tindakan ini.", "You are not allowed to do this."),
    "already_decided": ("Pengajuan ini sudah {status}.", "This request was already {status}."),
    "unknown_button": (
        "Tombol ini tidak dikenal atau sudah kedaluwarsa.",
        "This button is unknown or has expired.",
    ),
    # Summaries.
    "summary_header": ("Rekap {unit} {day}: {counts}", "Summary {unit} {day}: {counts}"),
    "summary_group": ("{label} ({count}): {names}", "{label} ({count}): {names}"),
    "status_header": ("Status {name} hari ini ({day}):", "{name}'s status today ({day}):"),
    "status_month": ("Bulan ini: {counts}", "This month: {counts}"),
    "bad_date": (
        "Tanggal tidak dapat dibaca. Contoh: /rekap 24-11-2026",
        "Cannot read the date. For example: /rekap 24-11-2026",
    ),
    "bad_month": (
        "Bulan tidak dapat dibaca. Contoh: /rekapbulan 2026-11",
        "Cannot read the month. For example: /rekapbulan 2026-11",
    ),
    "no_data": ("Tidak ada data untuk dilaporkan: {error}.", "Nothing to report: {error}."),
    "month_sent": (
        "Rekap bulan {month} (Excel), dasar perhitungan TPP.",
        "Recap for {month} (Excel), the basis of the TPP allowance.",
    ),
    "month_pdf": (
        "Versi cetak (PDF) dengan kolom tanda tangan.",
        "Printable version (PDF) with signature blocks.",
    ),
    "chart_caption": ("Grafik status hari ini.", "Today's statuses as a chart."),
    "reminder": (
        "⏰ Anda belum absen masuk hari ini. Absen sebelum pukul {until} agar tidak "
        "terlambat: ketuk Masuk.",
        "⏰ You have not clocked in today. Clock in before {until} to be on time: tap Clock in.",
    ),
    # Face enrollment.
    "enroll_start": (
        "Kirim 1 sampai 3 swafoto jelas (wajah menghadap kamera, terang), lalu ketuk Selesai.",
        "Send 1 to 3 clear selfies (facing the camera, well lit), then tap Done.",
    ),
    "enroll_got": (
        "Foto {count} diterima. Kirim lagi atau ketuk Selesai.",
        "Photo {count} received. Send another or tap Done.",
    ),
    "enroll_refused": (
        "Foto {index} ditolak: {reason}. Ketik /wajah untuk mengulang.",
        "Photo {index} refused: {reason}. Type /wajah to start again.",
    ),
    "enroll_sent": (
        "Foto wajah terkirim ke admin unit untuk disetujui.",
        "Your face photos went to your unit admin for approval.",
    ),
    "enroll_request": (
        "{name} ({unit}) mendaftarkan wajah ({count} foto).",
        "{name} ({unit}) submitted a face enrollment ({count} photos).",
    ),
    "enroll_approved": (
        "Pendaftaran wajah Anda disetujui. Mulai sekarang swafoto dicocokkan.",
        "Your face enrollment was approved. Selfies are matched from now on.",
    ),
    "enroll_rejected": (
        "Pendaftaran wajah Anda ditolak: {reason}. Ketik /wajah untuk mengulang.",
        "Your face enrollment was rejected: {reason}. Type /wajah to retry.",
    ),
    "enroll_rejected_by_admin": ("ditolak admin", "rejected by the admin"),
    # Admin.
    "code_issued": (
        "Kode aktivasi untuk {name}: {code} (berlaku {hours} jam, sekali pakai). "
        "Berikan langsung kepada yang bersangkutan.",
        "Activation code for {name}: {code} (valid {hours} hours, single use). "
        "Hand it to them in person.",
    ),
    "reset_done": (
        "Akun chat {name} dilepas; ia dapat mendaftar lagi dengan /start.",
        "{name}'s chat account was released; they can register again with /start.",
    ),
    "block_done": ("{name} diblokir.", "{name} is blocked."),
    "unblock_done": ("Blokir {name} dibuka.", "{name} is unblocked."),
    "usage": ("Cara pakai: {usage}", "Usage: {usage}"),
    "review_header": (
        "Absen yang perlu ditinjau, {scope}, {day} ({count}):",
        "Clock-ins to review, {scope}, {day} ({count}):",
    ),
    "review_none": (
        "Tidak ada absen yang perlu ditinjau di {scope} pada {day}.",
        "No clock-ins to review in {scope} on {day}.",
    ),
    "review_bad_date": (
        "Tanggal tidak dapat dibaca. Contoh: /tinjau 2026-11-24 atau /tinjau 24-11-2026",
        "Cannot read the date. For example: /tinjau 2026-11-24 or /tinjau 24-11-2026",
    ),
    # General.
    "help_header": ("Yang dapat Anda lakukan:", "What you can do:"),
    "menu_hint": (
        "Pilih Masuk atau Pulang, atau ketik /bantuan.",
        "Choose Clock in or Clock out, or type /bantuan for help.",
    ),
    "unsupported": (
        "Bot tidak dapat membaca {kind}. {hint}",
        "The bot cannot read {kind}. {hint}",
    ),
    "expected_location": (
        "Yang diminta lokasi, bukan {got}. {hint}",
        "A location was asked for, not {got}. {hint}",
    ),
    "expected_photo": ("Yang diminta swafoto, bukan {got}.", "A selfie was asked for, not {got}."),
    "cancelled": ("Dibatalkan. Pilih Masuk atau Pulang.", "Cancelled. Choose Clock in or out."),
    "media_failed": (
        "Foto/berkas tidak dapat diunduh. Kirim sekali lagi.",
        "The photo or file could not be downloaded. Send it again.",
    ),
    "media_too_large": (
        "Berkas terlalu besar (paling besar {limit} MB). Kirim foto atau PDF yang lebih kecil.",
        "The file is too large (at most {limit} MB). Send a smaller photo or PDF.",
    ),
    "media_wrong_type": (
        "Berkas itu bukan foto atau PDF. Kirim foto atau PDF.",
        "That file is not a photo or a PDF. Send a photo or a PDF.",
    ),
    "late_message": (
        "Pesan ini terlambat diterima, kirim lagi.",
        "This message arrived too late; send it again.",
    ),
    "busy": (
        "Sistem sedang sibuk. Coba lagi sebentar lagi; tidak ada yang dicatat.",
        "The system is busy. Try again in a moment; nothing was recorded.",
    ),
    "inbox_wait": (
        "Pesan Anda sudah kami terima, tetapi sistem sedang sibuk. Kami proses begitu pulih, "
        "dengan waktu saat pesan diterima; tidak perlu mengirim ulang.",
        "We have your message, but the system is busy. We will process it as soon as it "
        "recovers, at the time it arrived; there is no need to send it again.",
    ),
    "inbox_given_up": (
        "Maaf, pesan Anda tidak dapat diproses. Petugas sudah diberi tahu; coba lagi nanti "
        "atau hubungi admin unit Anda.",
        "Sorry, your message could not be processed. The operators have been told; try again "
        "later or contact your unit admin.",
    ),
}
TEXTS |= ADMIN_TEXTS  # /manual, /koreksi, /servermati (core.flows.texts_admin)
TEXTS |= CANCEL_TEXTS  # /batal on a request, the check-out reminder (core.flows.texts_cancel)
TEXTS |= SELF_TEXTS  # /riwayat, /rekapsaya, /bahasa (core.flows.texts_self)
TEXTS |= ADMINS_TEXTS  # /admin, night shifts in /koreksi (core.flows.texts_admins)
TEXTS |= REQUEST_TEXTS  # /lupaabsen, excused early check-outs (core.flows.texts_request)
TEXTS |= DUTY_TEXTS  # travel destinations, evidence in words (core.flows.texts_duty)
TEXTS |= REPORT_TEXTS  # the month's report, /kirimrekap, /gangguan (core.flows.texts_report)
TEXTS |= LKH_TEXTS  # /lkh, the daily performance report (core.flows.texts_lkh)
TEXTS |= REVIEW_TEXTS  # /tinjau decisions, rejected records (core.flows.texts_review)
TEXTS |= WEB_TEXTS  # the web chat's gestures (core.flows.texts_web)
TEXTS |= WHATSAPP_TEXTS  # messages held outside WhatsApp's window (core.flows.texts_whatsapp)
TEXTS |= BALANCE_TEXTS  # cuti tahunan balance, the one-tap izin (core.flows.texts_balance)
TEXTS |= QUEUE_TEXTS  # /antrian, its reminders, /wakil (core.flows.texts_queue)
TEXTS |= CANCEL_MISSED_TEXTS  # /batal on a /lupaabsen request (core.flows.texts_cancel_missed)
TEXTS |= LOCK_TEXTS  # a change to a locked month in /tinjau, /izin (core.flows.texts_lock)
TEXTS |= ACARA_TEXTS  # /acara, an event called from the field (core.flows.texts_acara)
TEXTS |= TRACK_TEXTS  # a live location that looks mocked (core.flows.texts_track)
TEXTS |= WORDS_TEXTS  # words inside texts: what was sent, recap items (core.flows.texts_words)
TEXTS |= LIVENESS_TEXTS  # the liveness video's challenge and refusals (core.flows.texts_liveness)
TEXTS |= RECEIPT_TEXTS  # receipts and /cek (core.flows.texts_receipt)
TEXTS |= CONSOLE_TEXTS  # the web console's sign-in link (core.flows.texts_console)


def variant(key: str, wording: str | None) -> str:
    """`key`, or `key@wording` where a channel's users do it another way (`Capabilities`)."""
    own = f"{key}@{wording}"
    return own if wording and own in TEXTS else key


def t(language: str, key: str, **values: object) -> str:
    """The text `key` in `language` (Bahasa Indonesia when unknown), filled with `values`."""
    index = 1 if language == "en" else 0
    return TEXTS[key][index].format(**values)


# The face checks' reasons in Bahasa Indonesia; English comes from core.faces.port.REASON_TEXT.
FACE_REASONS_ID = {
    "not_an_image": "berkas ini bukan foto. Kirim foto (JPEG, PNG atau WebP)",
    "unsupported_format": "format gambar tidak didukung. Kirim foto JPEG, PNG atau WebP",
    "file_too_large": "berkas terlalu besar. Kirim foto biasa",
    "image_too_large": "gambar terlalu besar. Kirim foto biasa",
    "image_too_small": "foto terlalu kecil. Kirim foto ukuran penuh",
    "animated_image": "gambar bergerak tidak diterima. Kirim foto diam",
    "truncated_image": "foto rusak atau tidak lengkap. Kirim ulang",
    "no_face": "wajah tidak ditemukan. Pastikan seluruh wajah terlihat, terang, dan dekat kamera",
    "multiple_faces": "ada lebih dari satu wajah. Hanya Anda yang boleh ada di foto",
    "face_too_small": "wajah terlalu kecil di foto, dekatkan HP ke wajah",
    "too_blurry": "foto buram. Pegang HP dengan stabil lalu coba lagi",
    "too_dark": "foto terlalu gelap. Pindah ke tempat yang lebih terang",
    "no_match": "wajah tidak cocok dengan wajah yang terdaftar",
    "not_enrolled": "belum ada wajah terdaftar yang disetujui",
    "inconsistent_photos": "foto-foto pendaftaran bukan orang yang sama",
    "replayed_photo": "foto ini sudah pernah dipakai. Ambil swafoto baru",
    "try_again": "pemeriksaan wajah sedang sibuk. Coba lagi sebentar lagi",
}


def face_reason(language: str, code: str) -> str:
    """A face check's reason for a person, in their language."""
    if language == "en":
        from core.faces.port import REASON_TEXT, Reason

        return REASON_TEXT[Reason(code)].rstrip(".")
    return FACE_REASONS_ID.get(code, code)


TEXTS |= IDENTITY_TEXTS  # what is wrong with a typed NIP or NIK (core.flows.texts_identity)
