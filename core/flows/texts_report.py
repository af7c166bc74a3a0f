"""What heads and admins read about the month's reporting duties: the pushed report and its
deadline, /kirimrekap and the month's lock, reminders to submit, /gangguan. (Id, en) pairs,
merged into `core.flows.texts.TEXTS`."""

from __future__ import annotations

REPORT_TEXTS: dict[str, tuple[str, str]] = {
    # The month's report pushed on the first working day (core.flows.report_push).
    "report_header": (
        "📊 Laporan presensi bulan {month}: {scope}. Berkas Excel dan PDF (sama dengan "
        "/rekapbulan), dasar perhitungan TPP.",
        "📊 Attendance report for {month}: {scope}. Excel and PDF files (the same as "
        "/rekapbulan), the basis of the TPP allowance.",
    ),
    "report_due": (
        'Batas penyampaian: {due}. {rule}: "{quote}"',
        'Due by {due}. {rule}: "{quote}"',
    ),
    "report_due_set": ("Batas penyampaian: {due}.", "Due by {due}."),
    "report_submit_hint": (
        "Setelah laporan disampaikan, tandai dengan /kirimrekap {month}.",
        "Once the report is handed in, mark it with /kirimrekap {month}.",
    ),
    "report_no_data": ("Tidak ada data: {error}.", "No data: {error}."),
    # Why there is nothing to report (core.recap.NoData, core.flows.no_data).
    "no_data_not_started": ("{period} belum dimulai", "{period} has not started yet"),
    "no_data_no_records": (
        "belum ada presensi tercatat pada {period}",
        "no attendance was recorded in {period}",
    ),
    "no_data_nobody": (
        "tidak ada pegawai di {scope} pada {period}",
        "nobody belonged to {scope} in {period}",
    ),
    # The daily reminder to admins while last month is not submitted.
    "remind_submit_ahead": (
        "⏰ Rekap presensi {month} belum dikirim: {units}. Batasnya {due} ({days} hari lagi; "
        "{rule}). Setelah dikirim, tandai dengan {command}.",
        "⏰ The {month} attendance report is not submitted yet: {units}. It is due on {due} "
        "(in {days} days; {rule}). Once it is handed in, mark it with {command}.",
    ),
    "remind_submit_today": (
        "⏰ Rekap presensi {month} belum dikirim: {units}. Hari ini batas terakhirnya ({rule}). "
        "Setelah dikirim, tandai dengan {command}.",
        "⏰ The {month} attendance report is not submitted yet: {units}. It is due today "
        "({rule}). Once it is handed in, mark it with {command}.",
    ),
    "remind_submit_late": (
        "⚠️ Rekap presensi {month} belum dikirim: {units}. Batasnya {due} sudah lewat {days} "
        "hari ({rule}). Setelah dikirim, tandai dengan {command}.",
        "⚠️ The {month} attendance report is not submitted yet: {units}. It was due on {due}, "
        "{days} days ago ({rule}). Once it is handed in, mark it with {command}.",
    ),
    # /kirimrekap (core.flows.submit).
    "submit_bad_month": (
        'Bulan "{word}" tidak dapat dibaca: tulis YYYY-MM, misalnya 2026-11. Cara pakai: {usage}',
        'Cannot read the month "{word}": write YYYY-MM, e.g. 2026-11. Usage: {usage}',
    ),
    "submit_not_ended": (
        "Bulan {month} belum berakhir: rekapnya dikirim setelah bulan itu selesai. "
        "Tidak ada yang diubah.",
        "{month} has not ended yet: its report is submitted once the month is over. "
        "Nothing changed.",
    ),
    "submit_already": (
        "Rekap {month} sudah ditandai terkirim pada {date} oleh {name}. Tidak ada yang diubah.",
        "The {month} report was already marked submitted on {date} by {name}. Nothing changed.",
    ),
    "submit_not_admin": (
        "Hanya admin yang menandai rekap sebagai terkirim.",
        "Only an admin marks a report as submitted.",
    ),
    "submit_done": (
        "✅ Rekap {month} ditandai terkirim ({date}): {units}.",
        "✅ The {month} report is marked submitted ({date}): {units}.",
    ),
    "submit_also_before": ("Sudah ditandai sebelumnya: {units}.", "Marked before: {units}."),
    "submit_on_time": ("Tepat waktu: batasnya {due} ({rule}).", "On time: due by {due} ({rule})."),
    "submit_late": (
        "Terlambat {days} hari dari batas {due} ({rule}).",
        "{days} days after the due day {due} ({rule}).",
    ),
    "submit_window": (
        "Masih bisa diubah (/manual, /koreksi, impor mesin) sampai {last}, masa revisi; "
        "sesudah itu bulan ini terkunci.",
        "It may still change (/manual, /koreksi, machine import) until {last}, the revisions "
        "window; after that the month is locked.",
    ),
    "submit_locked": (
        "Bulan ini kini terkunci: /manual, /koreksi dan impor mesin untuk bulan itu ditolak.",
        "The month is now locked: /manual, /koreksi and machine imports for it are refused.",
    ),
    # A change of a submitted month (core.revisions.month_lock).
    "manual_submitted": (
        "Ditolak: rekap bulan {month} sudah dikirim pada {date}; bulan itu terkunci ({rule}).",
        "Refused: the {month} report was submitted on {date}; the month is locked ({rule}).",
    ),
    "correct_submitted": (
        "Ditolak: rekap bulan {month} sudah dikirim pada {date}; bulan itu terkunci ({rule}).",
        "Refused: the {month} report was submitted on {date}; the month is locked ({rule}).",
    ),
    # /gangguan (core.flows.fault).
    "fault_bad_period": (
        'Periode "{word}" tidak dapat dibaca. Tulis tanggal (24-11-2026), tanggal s/d tanggal, '
        "atau tanggal JJ:MM-JJ:MM. Cara pakai: {usage}",
        'Cannot read the period "{word}". Write a date (24-11-2026), date s/d date, or '
        "date HH:MM-HH:MM. Usage: {usage}",
    ),
    "fault_no_text": (
        "Jelaskan gangguannya setelah periode. Cara pakai: {usage}",
        "Describe the fault after the period. Usage: {usage}",
    ),
    "fault_not_allowed": (
        "Gangguan aplikasi dilaporkan oleh kepala unit atau admin.",
        "Application faults are reported by a head of unit or an admin.",
    ),
    "fault_order": (
        "Jam selesai harus sesudah jam mulai. Cara pakai: {usage}",
        "The end must come after the start. Usage: {usage}",
    ),
    "fault_future": (
        "Periode itu belum dimulai: laporkan gangguan yang sudah terjadi. Tidak ada yang dicatat.",
        "That period has not begun: report a fault that has happened. Nothing was recorded.",
    ),
    "fault_too_long": (
        "Periode paling lama {days} hari; laporkan per minggu. Cara pakai: {usage}",
        "A period is at most {days} days; report it a week at a time. Usage: {usage}",
    ),
    "fault_done": (
        "Laporan gangguan #{id} tercatat untuk {period} dan diteruskan ke {count} super admin.",
        "Fault report #{id} recorded for {period} and passed on to {count} super admin(s).",
    ),
    "fault_notice": (
        "⚠️ Laporan gangguan aplikasi #{id} dari {name} ({unit}), {period}: {text}\n"
        "Nyatakan sebagai gangguan server agar admin dapat mencatat presensi manual untuk "
        "periode itu, di luar kuota bulanan.",
        "⚠️ Application fault report #{id} from {name} ({unit}), {period}: {text}\n"
        "Declare it a server outage so that admins may enter that period's attendance by hand, "
        "outside the monthly quota.",
    ),
    "fault_declare_button": ("Nyatakan gangguan server", "Declare a server outage"),
    "fault_declared": (
        "Laporan #{id} dinyatakan sebagai gangguan server {period}. Admin unit mencatat presensi "
        "selama itu dengan /manual NIP masuk|pulang JJ:MM server_mati.",
        "Report #{id} declared a server outage, {period}. Unit admins enter that time's "
        "attendance with /manual NIP masuk|pulang HH:MM server_mati.",
    ),
    "fault_declared_notice": (
        "Laporan gangguan #{id} ({period}) dinyatakan sebagai gangguan server oleh {name}: "
        "presensi periode itu dapat dicatat dengan /manual ... server_mati.",
        "Fault report #{id} ({period}) was declared a server outage by {name}: that period's "
        "attendance may be entered with /manual ... server_mati.",
    ),
    "fault_already_declared": (
        "Laporan #{id} sudah dinyatakan sebagai gangguan server. Tidak ada yang diubah.",
        "Report #{id} was already declared a server outage. Nothing changed.",
    ),
}
