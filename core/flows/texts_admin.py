"""What admins read when they enter attendance by hand: /manual, /koreksi, /servermati, and the
words for outcomes and sources those messages share. (Id, en) pairs, merged into
`core.flows.texts.TEXTS`; split out to keep that module readable."""

from __future__ import annotations

ADMIN_TEXTS: dict[str, tuple[str, str]] = {
    # /manual: fallback attendance recorded by an admin (core.flows.manual).
    "text_too_long": (
        "Teksnya terlalu panjang: paling banyak {limit} karakter. Cara pakai: {usage}",
        "The text is too long: at most {limit} characters. Usage: {usage}",
    ),
    "manual_bad_direction": (
        '"{word}" bukan masuk atau pulang. Cara pakai: {usage}',
        '"{word}" is not masuk (in) or pulang (out). Usage: {usage}',
    ),
    "manual_bad_time": (
        'Jam "{word}" tidak dapat dibaca: tulis JJ:MM, misalnya 07:45. Cara pakai: {usage}',
        'Cannot read the time "{word}": write HH:MM, e.g. 07:45. Usage: {usage}',
    ),
    "manual_no_reason": (
        "Sebutkan alasannya: lupa_hp, hp_hilang, tanpa_sinyal, server_mati atau "
        "belum_terdaftar. Cara pakai: {usage}",
        "Give the reason: lupa_hp, hp_hilang, tanpa_sinyal, server_mati or belum_terdaftar. "
        "Usage: {usage}",
    ),
    "manual_bad_reason": (
        'Alasan "{word}" tidak dikenal. Pilih lupa_hp, hp_hilang, tanpa_sinyal, server_mati '
        "atau belum_terdaftar. Cara pakai: {usage}",
        'Unknown reason "{word}". Choose lupa_hp, hp_hilang, tanpa_sinyal, server_mati or '
        "belum_terdaftar. Usage: {usage}",
    ),
    "manual_not_administered": (
        "NIP/NIK itu tidak ada di unit yang Anda kelola.",
        "That NIP/NIK is not in the units you administer.",
    ),
    "manual_blocked": (
        "Akun {name} diblokir: buka dulu dengan /buka NIP.",
        "{name}'s account is blocked: unblock it first with /buka NIP.",
    ),
    "manual_left": (
        "{name} tidak lagi bertugas sejak {left_on}: tidak ada absensi sejak hari itu.",
        "{name} left the organisation on {left_on}: no attendance from that day.",
    ),
    "manual_future": (
        "Jam {time} belum lewat: presensi manual dicatat untuk waktu yang sudah lewat.",
        "{time} has not come yet: a manual record is for a time that has passed.",
    ),
    "manual_duplicate": (
        "{name} sudah tercatat {what} pukul {time} ({source}) hari itu: tidak dicatat lagi.",
        "{name} already has a {what} at {time} ({source}) that day: nothing recorded.",
    ),
    "manual_quota": (
        "Ditolak: {name} sudah {used} kali presensi pengganti karena HP tertinggal bulan ini, "
        "paling banyak {limit} kali ({rule}).",
        "Refused: {name} has used {used} fallbacks for a phone left behind this month, "
        "at most {limit} ({rule}).",
    ),
    "manual_no_outage": (
        "Tidak dicatat: tidak ada gangguan server yang dinyatakan pada pukul {time}. Super admin "
        "menyatakannya dengan /servermati; atau pilih alasan lain.",
        "Not recorded: no server outage was declared at {time}. A super admin declares one with "
        "/servermati; or choose another reason.",
    ),
    # /servermati: a super admin declares an outage (core.flows.outage).
    "outage_bad_span": (
        'Rentang jam "{word}" tidak dapat dibaca: tulis JJ:MM-JJ:MM, misalnya 07:00-09:30. '
        "Cara pakai: {usage}",
        'Cannot read the hours "{word}": write HH:MM-HH:MM, e.g. 07:00-09:30. Usage: {usage}',
    ),
    "outage_not_super_admin": (
        "Hanya super admin yang dapat menyatakan gangguan server.",
        "Only a super admin may declare a server outage.",
    ),
    "outage_no_reason": (
        "Sebutkan apa yang terganggu (paling banyak {limit} karakter). Cara pakai: {usage}",
        "Say what was down (at most {limit} characters). Usage: {usage}",
    ),
    "outage_order": (
        "Jam selesai harus sesudah jam mulai. Cara pakai: {usage}",
        "The end must come after the start. Usage: {usage}",
    ),
    "outage_too_long": (
        "Gangguan lebih dari {days} hari bukan gangguan: minta keputusan pimpinan.",
        "An outage of more than {days} days is not one: ask for a decision.",
    ),
    "outage_future": (
        "Gangguan dinyatakan setelah dimulai, bukan sebelumnya.",
        "An outage is declared once it has begun, not before.",
    ),
    "outage_unknown_unit": (
        'Unit "{unit}" tidak dikenal. Tulis kode unit, atau semua. Cara pakai: {usage}',
        'Unknown unit "{unit}". Write unit codes, or semua (all). Usage: {usage}',
    ),
    "outage_every_unit": ("semua unit", "every unit"),
    "outage_done": (
        "Gangguan server {date} {start}-{end} ({units}) tercatat. Admin unit mencatat presensi "
        "selama itu dengan /manual NIP masuk|pulang JJ:MM server_mati, di luar kuota bulanan.",
        "Server outage on {date} {start}-{end} ({units}) recorded. Unit admins enter that "
        "time's attendance with /manual NIP masuk|pulang HH:MM server_mati, outside the "
        "monthly quota.",
    ),
    "manual_before_start": (
        "Tidak dicatat: {name} baru bertugas sejak {date}.",
        "Not recorded: {name} only started on {date}.",
    ),
    "manual_window": (
        "Ditolak: bulan {month} sudah ditutup; perubahan hanya pada {first} s/d {last} ({rule}).",
        "Refused: {month} is closed; changes only from {first} to {last} ({rule}).",
    ),
    "manual_order": (
        "Tidak dicatat: hari itu sudah ada presensi pukul {time} yang harus "
        "{order}. Periksa jamnya, atau koreksi yang ada dengan /koreksi.",
        "Not recorded: that day already has a record at {time} that must come {order}. "
        "Check the time, or correct the existing one with /koreksi.",
    ),
    "order_after": ("sesudahnya", "after it"),
    "order_before": ("sebelumnya", "before it"),
    "manual_source_correction": ("koreksi admin", "an admin's correction"),
    "manual_source_machine": ("dari mesin presensi", "from the attendance machine"),
    "manual_source_telegram": ("Telegram", "Telegram"),
    "manual_source_whatsapp": ("WhatsApp", "WhatsApp"),
    "manual_not_accepted": (
        "Tidak dicatat: jam itu {outcome}.",
        "Not recorded: that time is {outcome}.",
    ),
    "manual_outcome_too_early": ("sebelum jam absen dibuka", "before the window opens"),
    "manual_outcome_outside_window": (
        "di luar jam absen",
        "outside the window",
    ),
    "manual_outcome_not_work_day": ("bukan hari kerja", "not a work day"),
    "manual_outcome_holiday": ("hari libur", "a holiday"),
    "outcome_on_time": ("tepat waktu", "on time"),
    "outcome_late": ("terlambat", "late"),
    "outcome_left_early": ("pulang cepat", "left early"),
    "outcome_too_early": ("terlalu awal", "too early"),
    "outcome_outside_window": ("di luar jam absen", "outside the window"),
    "outcome_outside_area": ("di luar area", "outside the area"),
    "outcome_not_work_day": ("bukan hari kerja", "not a work day"),
    "outcome_holiday": ("hari libur", "a holiday"),
    "manual_what_in": ("masuk", "check-in"),
    "manual_what_out": ("pulang", "check-out"),
    "manual_source_manual": ("manual", "manually"),
    "manual_source_fingerprint": ("dari mesin sidik jari", "from the fingerprint machine"),
    "manual_on_time": ("tepat waktu", "on time"),
    "manual_late": ("terlambat {minutes} menit", "late by {minutes} min"),
    "manual_early": ("pulang cepat {minutes} menit", "left {minutes} min early"),
    "manual_done": (
        "Presensi {what} {name} {time} {zone} dicatat {source}: {status}. Alasan: {reason}.",
        "{name}'s {what} at {time} {zone} recorded {source}: {status}. Reason: {reason}.",
    ),
    "manual_notice": (
        "Presensi {what} Anda {time} {zone} dicatat {source} oleh admin: alasan {reason} "
        "({status}).",
        "Your {what} at {time} {zone} was recorded {source} by an admin: reason {reason} "
        "({status}).",
    ),
    # /koreksi: an admin corrects a day's record (core.flows.correct).
    "correct_bad_date": (
        'Tanggal "{word}" tidak dapat dibaca: tulis satu tanggal, misalnya 24-11-2026 atau '
        "kemarin. Cara pakai: {usage}",
        'Cannot read the date "{word}": write one date, e.g. 24-11-2026 or kemarin. Usage: {usage}',
    ),
    "correct_future": (
        "Tanggal {date} belum tiba: hanya hari yang sudah lewat yang dapat dikoreksi.",
        "{date} has not come yet: only days that have passed can be corrected.",
    ),
    "correct_no_reason": (
        "Sebutkan alasan koreksinya (dicatat bersama koreksi). Cara pakai: {usage}",
        "Give the reason for the correction (it is kept with it). Usage: {usage}",
    ),
    "correct_not_administered": (
        "NIP/NIK itu tidak ada di unit yang Anda kelola.",
        "That NIP/NIK is not in the units you administer.",
    ),
    "correct_no_record": (
        "Tidak ada presensi itu pada {date} untuk dikoreksi. Bila terlupa, catat dengan /manual.",
        "There is no such record on {date} to correct. If it was missed, record it with /manual.",
    ),
    "correct_window": (
        "Ditolak: bulan {month} sudah ditutup; koreksi hanya pada {first} s/d {last} ({rule}).",
        "Refused: {month} is closed; corrections only from {first} to {last} ({rule}).",
    ),
    "correct_not_accepted": (
        "Tidak dikoreksi: jam itu {outcome}.",
        "Not corrected: that time is {outcome}.",
    ),
    "correct_unchanged": (
        "Presensi itu sudah tercatat pukul {time}: tidak ada yang diubah.",
        "That record is already at {time}: nothing changed.",
    ),
    "correct_refused": ("Ditolak: {why}", "Refused: {why}"),
    "correct_order": (
        "Tidak dikoreksi: hari itu ada presensi pukul {time} yang harus {order}. Periksa jamnya.",
        "Not corrected: that day has a record at {time} that must come {order}. Check the time.",
    ),
    "correct_done": (
        "Presensi {what} {name} {date} dikoreksi dari {old} ke {time} {zone}: {status}. "
        "Alasan: {reason}. Hari itu ditandai direvisi pada rekap.",
        "{name}'s {what} on {date} corrected from {old} to {time} {zone}: {status}. "
        "Reason: {reason}. The day is marked revised in the recap.",
    ),
    "correct_notice": (
        "Presensi {what} Anda {date} dikoreksi admin dari {old} ke {time} {zone}: {status}. "
        "Alasan: {reason}.",
        "Your {what} on {date} was corrected by an admin from {old} to {time} {zone}: "
        "{status}. Reason: {reason}.",
    ),
}
