"""The playground's own words (Bahasa Indonesia, English); what the bot answers comes from the
flows, in the chat's language."""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    "title": ("Coba presensi", "Try presensi"),
    "lead": (
        "Pilih seseorang dan bicaralah dengan bot seperti di Telegram atau WhatsApp: alur, "
        "aturan dan pencatatan yang sama. Pegawai yang belum terdaftar mendaftar dengan NIP dan "
        "kode aktivasinya (kirim /start).",
        "Pick someone and talk to the bot as on Telegram or WhatsApp: the same flows, rules and "
        "records. Staff not registered yet register with their NIP and activation code "
        "(send /start).",
    ),
    "demo_time": ("Waktu demo", "Demo time"),
    "console": ("Buka konsol admin", "Open the admin console"),
    "console_as": ("masuk sebagai {name}", "signed in as {name}"),
    "language": ("English", "Bahasa Indonesia"),
    "name": ("Nama", "Name"),
    "unit": ("Unit", "Unit"),
    "role": ("Peran", "Role"),
    "identifier": ("NIP/NIK", "NIP/NIK"),
    "state": ("Keadaan", "State"),
    "role_manager": ("Kepala unit", "Head of unit"),
    "role_admin": ("Admin", "Admin"),
    "role_employee": ("Pegawai", "Staff"),
    "linked": ("Terdaftar", "Registered"),
    "code": ("Kode aktivasi: {code}", "Activation code: {code}"),
    "no_code": ("Belum terdaftar", "Not registered"),
    "open_chat": ("Buka chat", "Open chat"),
    "all_people": ("Semua orang", "Everyone"),
    "chat_title": ("Chat presensi", "presensi chat"),
    "chat_lead": (
        "Chat web: pesan, tombol, lokasi dari peta, swafoto dan dokumen menuju bot yang sama.",
        "The web chat: messages, buttons, a location from the map, selfies and documents go to "
        "the same bot.",
    ),
    "type_here": ("Tulis pesan atau /perintah", "Write a message or a /command"),
    "send": ("Kirim", "Send"),
    "location": ("Lokasi", "Location"),
    "camera": ("Kamera", "Camera"),
    "photo": ("Foto", "Photo"),
    "document": ("Dokumen", "Document"),
    "video": ("Video", "Video"),
    "map_help": (
        "Geser penanda ke tempat Anda berada. Lokasi terkini dibagikan terus: menggeser "
        "penanda sesudahnya memperbarui lokasi itu.",
        "Drag the marker to where you are. A live location keeps being shared: moving the "
        "marker afterwards updates it.",
    ),
    "accuracy": ("Akurasi (m)", "Accuracy (m)"),
    "send_live": ("Bagikan lokasi terkini", "Share live location"),
    "send_pin": ("Kirim pin", "Send a pin"),
    "use_gps": ("Pakai GPS perangkat", "Use this device's GPS"),
    "stop_live": ("Hentikan berbagi", "Stop sharing"),
    "take": ("Ambil swafoto", "Take the selfie"),
    "close": ("Tutup", "Close"),
    "camera_failed": (
        "Kamera tidak bisa dibuka. Pilih foto dari berkas.",
        "The camera could not be opened. Pick a photo from a file.",
    ),
    "gps_failed": (
        "Lokasi perangkat tidak bisa dibaca. Geser penanda di peta ke tempat Anda.",
        "This device's location cannot be read. Drag the marker on the map to where you are.",
    ),
    "bad_host": (
        "Playground hanya melayani 127.0.0.1 dan localhost.",
        "The playground answers only to 127.0.0.1 and localhost.",
    ),
    "sent_live": ("📍 Lokasi terkini{accuracy}", "📍 Live location{accuracy}"),
    "accuracy_of": (" (±{metres} m)", " (±{metres} m)"),
    "sent_moved": ("📍 Lokasi terkini diperbarui", "📍 Live location updated"),
    "sent_pin": ("📌 Pin lokasi", "📌 Location pin"),
    "sent_photo": ("🖼 Foto: {name}", "🖼 Photo: {name}"),
    "sent_document": ("📄 Dokumen: {name}", "📄 Document: {name}"),
    "sent_video": ("🎥 Video: {name}", "🎥 Video: {name}"),
    "no_chat": ("Chat ini tidak ada.", "There is no such chat."),
    "not_found": ("Alamat ini tidak ada.", "There is nothing at this address."),
    "bad_message": (
        "Pesan ini tidak bisa dikirim: tulis teks, tekan tombol, atau kirim lokasi.",
        "This message cannot be sent: write text, press a button, or send a location.",
    ),
    "too_long": (
        "Pesan terlalu panjang (paling banyak {limit} karakter).",
        "The message is too long (at most {limit} characters).",
    ),
    "bad_place": (
        "Lokasi ini tidak bisa dibaca: lintang dan bujur harus angka.",
        "This location cannot be read: latitude and longitude must be numbers.",
    ),
    "bad_accuracy": (
        "Akurasi lokasi harus angka lebih dari 0 dan paling besar {limit} m.",
        "The location's accuracy must be a number above 0 and at most {limit} m.",
    ),
    "bad_language": ("Bahasa yang dikenal: id, en.", "Known languages: id, en."),
    "bad_request": ("Permintaan ini tidak bisa dibaca.", "This request cannot be read."),
    "bad_method": ("Alamat ini tidak menerima cara itu.", "This address does not take that."),
    "bad_since": ("Penanda pesan tidak dikenal.", "Unknown message marker."),
    "bad_file": (
        "Berkas ini tidak bisa dikirim: swafoto berupa JPEG, PNG atau WebP; dokumen juga PDF; "
        "video berupa MP4, MOV atau WebM.",
        "This file cannot be sent: a selfie is a JPEG, PNG or WebP; a document may be a PDF; "
        "a video is an MP4, MOV or WebM.",
    ),
    "empty_file": ("Berkas ini kosong.", "This file is empty."),
    "too_big": (
        "Berkas terlalu besar (paling besar {limit} MB).",
        "The file is too big (at most {limit} MB).",
    ),
    "cross_site": (
        "Permintaan ini datang dari situs lain dan ditolak.",
        "This request came from another site and was refused.",
    ),
    "unavailable": (
        "Server sedang tidak bisa menyimpan pesan. Coba lagi sebentar.",
        "The server cannot keep messages right now. Try again shortly.",
    ),
    "no_admin": ("Demo ini tidak punya admin.", "This demo has no admin."),
    "bad_characters": (
        "Pesan ini berisi karakter yang tidak bisa disimpan.",
        "This message holds characters that cannot be stored.",
    ),
}


def word(language: str, key: str, **values: object) -> str:
    text = WORDS[key][language == "en"]
    return text.format(**values) if values else text
