"""What an employee reads about their own attendance: /riwayat, /rekapsaya and /bahasa.
(Id, en) pairs, merged into `core.flows.texts.TEXTS`."""

from __future__ import annotations

SELF_TEXTS: dict[str, tuple[str, str]] = {
    # The month asked for (core.months, core.services.my_month).
    "self_bad_month": (
        'Bulan "{word}" tidak dapat dibaca. Tulis misalnya /{command} 2026-11, '
        "/{command} November atau /{command} bulan lalu.",
        'Cannot read the month "{word}". Write e.g. /{command} 2026-11, /{command} November '
        "or /{command} last month.",
    ),
    "self_future": (
        "{month} belum dimulai. Pilih bulan ini atau bulan sebelumnya, misalnya /{command} {now}.",
        "{month} has not begun. Choose this month or an earlier one, e.g. /{command} {now}.",
    ),
    "self_before_start": (
        "Anda tercatat bertugas sejak {start}: belum ada data Anda untuk {month}. "
        "Pilih bulan sejak {first}, misalnya /{command} {first}.",
        "You are on the staff since {start}: there is nothing of yours for {month}. "
        "Choose a month from {first} on, e.g. /{command} {first}.",
    ),
    "self_no_data": (
        "Tidak ada data presensi untuk {month}.",
        "No attendance was recorded for {month}.",
    ),
    "self_no_data_yet": (
        "Belum ada presensi yang tercatat untuk {month}. Bulan sebelumnya: /{command} {before}",
        "Nothing recorded yet for {month}. The month before: /{command} {before}",
    ),
    "self_running": ("{days} {name}, bulan berjalan", "{days} {name}, month in progress"),
    "self_whole": ("{days} {name}", "{days} {name}"),
    # /riwayat: one line per day, then the requests (core.flows.history).
    "history_header": (
        "Riwayat presensi {name}, {month} ({span}; jam {zone}):",
        "Attendance history of {name}, {month} ({span}; times {zone}):",
    ),
    "history_nothing_yet": (
        "Belum ada hari kerja bulan ini.",
        "No work day yet this month.",
    ),
    "history_holidays": ("Libur: {days}", "Holidays: {days}"),
    "history_off": (
        "{count} hari tanpa jadwal kerja (akhir pekan) tidak ditampilkan. Jam tanpa keterangan "
        "berasal dari absen lewat chat.",
        "{count} days without work hours (weekends) are not shown. Times without a note come "
        "from clocking in by chat.",
    ),
    "history_more": (
        "Jumlah dan potongan TPP bulan ini: /rekapsaya {ym}",
        "Totals and the TPP deduction of the month: /rekapsaya {ym}",
    ),
    "history_before": ("Bulan sebelumnya: /riwayat {ym}", "The month before: /riwayat {ym}"),
    "day_in": ("masuk {time}", "in {time}"),
    "day_out": ("pulang {time}", "out {time}"),
    "day_on_time": ("tepat waktu", "on time"),
    "day_late": ("terlambat {minutes} mnt", "late {minutes} min"),
    "day_early": ("pulang cepat {minutes} mnt", "left {minutes} min early"),
    "day_late_out": (
        "pulang {minutes} mnt lewat jamnya, dihitung terlambat",
        "out {minutes} min after the window, counted late",
    ),
    "day_no_in": ("tidak absen masuk", "no check-in"),
    "day_no_out": ("tidak absen pulang", "no check-out"),
    "day_not_out_yet": ("belum absen pulang", "not clocked out yet"),
    "day_pending": ("belum absen", "not clocked in yet"),
    "day_tk": ("tanpa keterangan", "absent without reason"),
    "history_tk": (
        "TK: tidak ada absen yang diterima dan tidak ada izin yang disetujui.",
        "TK: no accepted clock-in and no approved request.",
    ),
    "day_excused_late": ("terlambat dimaafkan: izin #{id}", "lateness excused: permit #{id}"),
    "day_excused_early": (
        "pulang cepat dimaafkan: izin #{id}",
        "leaving early excused: permit #{id}",
    ),
    "day_missed_event": ("tidak ikut {event}", "missed the {event}"),
    "day_refused": ("{what} ditolak{times}: {why}", "{what} refused{times}: {why}"),
    "attempt_outside_area": ("di luar area", "outside the area"),
    "attempt_outside_window": ("di luar jam absen", "outside the window"),
    "attempt_too_early": ("sebelum jam absen dibuka", "before the window opened"),
    "attempt_not_work_day": ("bukan hari kerja", "not a work day"),
    "attempt_holiday": ("hari libur", "a holiday"),
    "attempt_face_rejected": ("wajah tidak cocok", "the face did not match"),
    "attempt_track_rejected": (
        "lokasi terkini tidak seperti ponsel sungguhan",
        "the live location did not move like a real phone's",
    ),
    "day_revised": ("direvisi admin", "revised by an admin"),
    "day_request": ("pengajuan #{id}", "request #{id}"),
    "source_manual": ("manual", "manual"),
    "source_fingerprint": ("sidik jari", "fingerprint"),
    "source_machine": ("mesin presensi", "attendance machine"),
    "source_correction": ("koreksi admin", "admin's correction"),
    "requests_header": ("Pengajuan Anda untuk {month}:", "Your requests for {month}:"),
    "requests_none": (
        "Tidak ada pengajuan sakit/izin/cuti atau lupa absen untuk {month}.",
        "No sick leave, permit, leave or missed-record requests for {month}.",
    ),
    "request_line": ("#{id} {kind}, {dates}: {status}", "#{id} {kind}, {dates}: {status}"),
    "missed_line": (
        "{ref} Lupa absen {direction}, {day} pukul {time}: {status}",
        "{ref} Missed clock-{direction}, {day} at {time}: {status}",
    ),
    "missed_in": ("masuk", "in"),
    "missed_out": ("pulang", "out"),
    # /rekapsaya: the month's counts and TPP deduction (core.flows.my_recap).
    "myrecap_header": ("Rekap {name}, {month} ({span}):", "Recap of {name}, {month} ({span}):"),
    "myrecap_unit": ("Di {unit}:", "In {unit}:"),
    "myrecap_days": (
        "Hari kerja {work} ({judged} sudah dinilai), hadir {present}{rate}",
        "Work days {work} ({judged} judged so far), present {present}{rate}",
    ),
    "myrecap_rate": (" ({rate}%)", " ({rate}%)"),
    "myrecap_on_time": ("tepat waktu: {count}", "on time: {count}"),
    "myrecap_late": ("terlambat: {count}x, {minutes} menit", "late: {count}x, {minutes} min"),
    "myrecap_early": (
        "pulang cepat: {count}x, {minutes} menit",
        "left early: {count}x, {minutes} min",
    ),
    "myrecap_no_in": ("tidak absen masuk: {count}", "no check-in: {count}"),
    "myrecap_no_out": ("tidak absen pulang: {count}", "no check-out: {count}"),
    "myrecap_events": ("tidak ikut apel/senam: {count}", "missed apel/senam: {count}"),
    "myrecap_absence": ("{label} ({code}): {count}", "{label} ({code}): {count}"),
    "myrecap_holidays": ("libur: {count}", "holidays: {count}"),
    "myrecap_pending": ("belum absen hari ini", "not clocked in yet today"),
    "myrecap_revised": ("hari yang direvisi: {count}", "revised days: {count}"),
    "myrecap_tpp": ("Potongan TPP: {percent}%", "TPP deduction: {percent}%"),
    "myrecap_capped": (" (dibatasi; tanpa batas {uncapped}%)", " (capped; uncapped {uncapped}%)"),
    "myrecap_rupiah": (" = Rp {rupiah} dari Rp {amount}", " = Rp {rupiah} of Rp {amount}"),
    "myrecap_tpp_none": (
        "Potongan TPP: 0% (tidak ada terlambat, pulang cepat, absen yang hilang atau TK).",
        "TPP deduction: 0% (no lateness, early leave, missing record or TK).",
    ),
    "myrecap_item": ("{count}x {what} = {percent}%", "{count}x {what} = {percent}%"),
    "tpp_late": ("terlambat", "late"),
    "tpp_early": ("pulang cepat", "left early"),
    "tpp_TK": ("tanpa keterangan (TK)", "absent without reason (TK)"),
    "tpp_apel": ("tidak ikut apel", "missed apel"),
    "tpp_tanpa_absen_masuk": ("tidak absen masuk", "no check-in"),
    "tpp_tanpa_absen_pulang": ("tidak absen pulang", "no check-out"),
    "myrecap_basis": (
        "Dasar: rekap bulanan adalah dasar pembayaran TPP ({rule}).",
        "Basis: the monthly recap is the basis of TPP pay ({rule}).",
    ),
    "myrecap_table_default": (
        "Persentase: tabel bawaan presensi (peraturan presensi tidak menetapkan angkanya; "
        "instansi dapat menetapkannya dari Perbup TPP daerah).",
        "Percentages: presensi's default table (the attendance regulation sets no figures; "
        "the organisation may set them from the region's TPP regulation).",
    ),
    "myrecap_table_org": (
        "Persentase: tabel yang ditetapkan instansi Anda.",
        "Percentages: the table your organisation set.",
    ),
    "myrecap_table_cited": ("Persentase: {rule}.", "Percentages: {rule}."),
    "myrecap_running": (
        "Bulan masih berjalan: angka ini dapat berubah sampai akhir bulan.",
        "The month is still running: these figures may change until it ends.",
    ),
    "myrecap_more": ("Rincian per hari: /riwayat {ym}", "Day by day: /riwayat {ym}"),
    # /bahasa: the chat's language, kept with the chat account (core.flows.language).
    "language_now": (
        "Bahasa chat ini: Bahasa Indonesia. Ganti dengan /bahasa en (English) atau "
        "/bahasa id (Bahasa Indonesia).",
        "This chat's language: English. Switch with /bahasa id (Bahasa Indonesia) or "
        "/bahasa en (English).",
    ),
    "language_set": (
        "Bahasa chat ini sekarang Bahasa Indonesia. Menu dan balasan berikutnya memakai "
        "Bahasa Indonesia. (/bahasa en for English)",
        "This chat's language is now English. The menu and every reply from now on are in "
        "English. (/bahasa id untuk Bahasa Indonesia)",
    ),
    "language_same": (
        "Bahasa chat ini sudah Bahasa Indonesia.",
        "This chat's language is already English.",
    ),
    "language_unknown": (
        'Bahasa "{word}" tidak tersedia. Pilih /bahasa id (Bahasa Indonesia) atau '
        "/bahasa en (English).",
        'Language "{word}" is not available. Choose /bahasa id (Bahasa Indonesia) or '
        "/bahasa en (English).",
    ),
}
