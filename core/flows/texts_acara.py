"""What users read when a head of unit calls an event from the field (`/acara`,
core.flows.acara) and what the staff taking part are told. (Id, en) pairs, merged into
`core.flows.texts.TEXTS`."""

from __future__ import annotations

ACARA_TEXTS: dict[str, tuple[str, str]] = {
    "not_allowed_acara": (
        "Hanya kepala unit atau admin yang dapat membuat acara (apel, senam, upacara) lewat "
        "/acara.",
        "Only a head of unit or an admin can call an event (apel, exercise, ceremony) with /acara.",
    ),
    "acara_ask_name": (
        "Acara baru hari ini. Apa nama acaranya? (misalnya: Apel Kesiapsiagaan Bencana; "
        "/batal untuk berhenti)",
        "A new event today. What is it called? (e.g. Disaster Preparedness Apel; /batal to stop)",
    ),
    "acara_ask_window": (
        "Jam acara hari ini, waktu {zone}: tulis JJ:MM-JJ:MM, misalnya 07:30-08:30.",
        "The event's hours today, {zone} time: write HH:MM-HH:MM, e.g. 07:30-08:30.",
    ),
    "acara_ask_radius": (
        "Radius lokasi acara dalam meter ({low}-{high} m), misalnya 100.",
        "The radius of the event's site in metres ({low}-{high} m), e.g. 100.",
    ),
    "acara_ask_units": (
        "Unit yang ikut: ketuk pilihan di bawah, atau tulis kode unit dipisah koma, atau "
        "'semua'. Bawaan: {default}.",
        "Units taking part: tap a choice below, or write unit codes separated by commas, or "
        "'semua' (all). Default: {default}.",
    ),
    "btn_acara_default": ("Unit saya dan sub-unit", "My unit and sub-units"),
    "btn_acara_all": ("Semua unit saya", "All my units"),
    "acara_ask_live": (
        "Sekarang bagikan Lokasi Terkini (live) Anda dari tempat acara: 📎 > Lokasi > "
        "Bagikan Lokasi Terkini. Titik yang dipilih di peta tidak diterima.",
        "Now share your Live Location from the event's site: 📎 > Location > Share My Live "
        "Location. A point picked on the map is not accepted.",
    ),
    "acara_ask_location": (
        "Sekarang kirim lokasi Anda dari tempat acara: ketuk tombol di bawah.",
        "Now send your location from the event's site: tap the button below.",
    ),
    "acara_summary": (
        "Periksa acara ini:\n{name}\nHari ini {date}, {window} {zone} (absen dibuka {opens}, "
        "tepat waktu s/d {start})\nRadius {radius} m dari lokasi Anda\nUnit: {units}\n"
        "Ketuk Simpan, atau tulis 'ya' / 'batal'.",
        "Check this event:\n{name}\nToday {date}, {window} {zone} (check-in opens {opens}, on "
        "time until {start})\nRadius {radius} m around your location\nUnits: {units}\n"
        "Tap Save, or write 'ya' (yes) / 'batal' (cancel).",
    ),
    "btn_acara_save": ("✅ Simpan", "✅ Save"),
    "acara_saved": (
        "Acara #{id} {name} tersimpan ({window} {zone}). {count} pegawai diberi tahu. Absen "
        "masuk mereka pada jam itu dinilai di lokasi acara. [{rule}] Batalkan dengan "
        "/acara batal {id}.",
        "Event #{id} {name} saved ({window} {zone}). {count} staff told. Their check-ins in "
        "those hours are judged at the event's site. [{rule}] Cancel with /acara batal {id}.",
    ),
    "acara_saved_before": (
        "Acara #{id} {name} ({window}) sudah tersimpan sebelumnya; tidak disimpan dua kali.",
        "Event #{id} {name} ({window}) was already saved; it is not saved twice.",
    ),
    "acara_notice": (
        "Acara hari ini: {name}, {window} {zone}, dari {caller}. Absen masuk di lokasi acara "
        "(radius {radius} m): absen dibuka {opens}, tepat waktu s/d {start}. Absen di kantor "
        "pada jam itu tidak diterima. [{rule}]",
        "Event today: {name}, {window} {zone}, called by {caller}. Clock in at the event's "
        "site (within {radius} m): check-in opens {opens}, on time until {start}. A clock-in "
        "at the office in those hours is not accepted. [{rule}]",
    ),
    "acara_cancelled": (
        "Acara #{id} {name} dibatalkan. {count} pegawai diberi tahu.",
        "Event #{id} {name} cancelled. {count} staff told.",
    ),
    "acara_cancelled_notice": (
        "Acara {name} ({window}) hari ini dibatalkan oleh {caller}. Absen masuk seperti biasa "
        "di kantor.",
        "Today's event {name} ({window}) was cancelled by {caller}. Clock in at the office as "
        "usual.",
    ),
    "acara_list": (
        "Acara hari ini ({date}):",
        "Today's events ({date}):",
    ),
    "acara_line": (
        "#{id} {name}, {window} {zone}, radius {radius} m, unit: {units}",
        "#{id} {name}, {window} {zone}, radius {radius} m, units: {units}",
    ),
    "acara_list_hint": (
        "Acara baru: /acara baru. Batalkan acara Anda: /acara batal NOMOR.",
        "A new event: /acara baru. Cancel one of yours: /acara batal NUMBER.",
    ),
    "acara_usage": (
        "Pakai: /acara (daftar hari ini, atau acara baru), /acara baru, /acara batal NOMOR.",
        "Usage: /acara (today's list, or a new event), /acara baru, /acara batal NUMBER.",
    ),
    "acara_no_draft": (
        "Tidak ada acara yang menunggu disimpan. Ketik /acara untuk membuat acara.",
        "No event is waiting to be saved. Send /acara to call one.",
    ),
    "acara_stopped": (
        "Acara tidak disimpan.",
        "The event was not saved.",
    ),
    "acara_confirm_again": (
        "Ketuk Simpan atau tulis 'ya' untuk menyimpan, 'batal' untuk berhenti.",
        "Tap Save or write 'ya' (yes) to save, 'batal' to stop.",
    ),
    # Bad input.
    "acara_name_empty": (
        "Nama acara kosong. Tulis nama acaranya, misalnya Apel Kesiapsiagaan Bencana.",
        "The event's name is empty. Write its name, e.g. Disaster Preparedness Apel.",
    ),
    "acara_name_long": (
        "Nama acara terlalu panjang (paling banyak {limit} huruf). Tulis lebih singkat.",
        "The event's name is too long (at most {limit} characters). Write a shorter one.",
    ),
    "acara_window_malformed": (
        "'{word}' bukan jam acara. Tulis JJ:MM-JJ:MM, misalnya 07:30-08:30.",
        "'{word}' is not an event's hours. Write HH:MM-HH:MM, e.g. 07:30-08:30.",
    ),
    "acara_window_order": (
        "Acara selesai ({end}) sebelum dimulai ({start}). Acara hari ini tidak melewati tengah "
        "malam: tulis jam mulai lalu jam selesai, misalnya 07:30-08:30.",
        "The event ends ({end}) before it starts ({start}). Today's event does not pass "
        "midnight: write the start, then the end, e.g. 07:30-08:30.",
    ),
    "acara_window_past": (
        "Jam itu sudah lewat: acara selesai {end}, sekarang {now}. Tulis jam acara yang belum "
        "selesai.",
        "Those hours are over: the event ends at {end}, it is {now} now. Write hours that are "
        "not over yet.",
    ),
    "acara_window_misses_day": (
        "Acara dinilai sebagai absen masuk: jam absennya harus bersinggungan dengan jam absen "
        "masuk hari ini ({window}). Tulis jam acara lain.",
        "An event is judged as the day's check-in: its check-in must overlap today's check-in "
        "window ({window}). Write other hours.",
    ),
    "acara_not_today": (
        "/acara membuat acara untuk hari ini saja. Tulis jam acaranya tanpa tanggal.",
        "/acara calls an event for today only. Write its hours without a date.",
    ),
    "acara_radius_not_number": (
        "'{word}' bukan angka. Tulis radius dalam meter, misalnya 100.",
        "'{word}' is not a number. Write the radius in metres, e.g. 100.",
    ),
    "acara_radius_bounds": (
        "Radius harus {low}-{high} m: lebih kecil dari itu menolak pegawai karena galat GPS, "
        "lebih besar tidak lagi membedakan lokasi acara dari sekitarnya.",
        "The radius must be {low}-{high} m: smaller turns staff away for GPS error, larger no "
        "longer tells the event's site from its surroundings.",
    ),
    "acara_units_outside": (
        "Unit {units} di luar wewenang Anda. Pilih dari unit Anda: {allowed}.",
        "Units {units} are outside your authority. Choose from your units: {allowed}.",
    ),
    "acara_units_unknown": (
        "Tidak ada unit {units}. Pilih dari: {allowed}.",
        "No unit {units}. Choose from: {allowed}.",
    ),
    "acara_unknown": (
        "Tidak ada acara #{id}. Ketik /acara untuk melihat acara hari ini.",
        "No event #{id}. Send /acara to see today's events.",
    ),
    "acara_not_yours": (
        "Acara #{id} dibuat orang lain; hanya pembuatnya yang dapat membatalkan.",
        "Event #{id} was called by someone else; only who called it can cancel it.",
    ),
    "acara_already_cancelled": (
        "Acara #{id} sudah dibatalkan.",
        "Event #{id} is already cancelled.",
    ),
    "acara_cancel_past": (
        "Acara #{id} sudah lewat harinya dan tidak dapat dibatalkan lagi; koreksi absennya "
        "lewat admin (/koreksi).",
        "Event #{id} is of a past day and can no longer be cancelled; have its records "
        "corrected by an admin (/koreksi).",
    ),
    "acara_channel_refused": (
        "Unit Anda tidak menerima lokasi lewat {channel}. Buat acara lewat {other}. [{rule}]",
        "Your unit does not take locations over {channel}. Call the event over {other}. [{rule}]",
    ),
}
