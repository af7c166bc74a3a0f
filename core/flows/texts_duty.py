"""What staff and approvers read about duty away from the office: an official travel's
destination (Perbup Konawe Kepulauan 18/2023 Pasal 9 ayat (5)) and the evidence of an absence
in plain words, one of several where the regulation allows alternatives (Perwal Sungai Penuh
12/2023 Pasal 12 ayat (2)-(3)). (Id, en) pairs, merged into `core.flows.texts.TEXTS`."""

from __future__ import annotations

from collections.abc import Sequence

from babel.numbers import format_decimal

# Each kind of evidence (core.absence.Evidence values) as an employee calls it; the English
# without an article, which the texts around it give ("Attach the ...").
EVIDENCE_WORDS: dict[str, tuple[str, str]] = {
    "surat_keterangan_dokter": ("surat keterangan dokter", "doctor's note"),
    "surat_izin_sakit": ("surat izin sakit", "sick letter"),
    "surat_cuti_disetujui": ("surat cuti yang sudah disetujui", "approved leave letter"),
    "surat_permohonan_izin": ("surat permohonan izin", "permit request letter"),
    "surat_tugas": ("surat tugas (SPT)", "assignment letter (SPT)"),
    "sppd": (
        "Surat Perintah Perjalanan Dinas (SPPD)",
        "official travel order (SPPD)",
    ),
    "surat_tugas_belajar": ("surat tugas belajar/diklat", "study or training order"),
    "foto_kegiatan": (
        "foto Anda sedang mengikuti kegiatan",
        "photo of you taking part in the activity",
    ),
}

DUTY_TEXTS: dict[str, tuple[str, str]] = {
    # The evidence step of /izin (core.flows.leave).
    "leave_evidence_one_of": (
        "Lampirkan salah satu: {choices}. Kirim sebagai foto atau PDF. [{rule}]",
        "Attach one of these: {choices}. Send it as a photo or a PDF. [{rule}]",
    ),
    # An official travel's destination (core.flows.leave_travel).
    "leave_destination": (
        "Pada hari dinas luar, absen masuk dan pulang dilakukan di tempat tujuan. Kirim lokasi "
        "tempat tujuan: ketuk 📎 > Lokasi, geser peta ke tempat tujuan, lalu kirim lokasi yang "
        "dipilih. [{rule}]",
        "On official travel days you clock in and out at the destination. Send the "
        "destination's location: tap 📎 > Location, move the map to the destination, then send "
        "the selected location. [{rule}]",
    ),
    "leave_destination_for": (
        "Pada hari dinas luar, {name} absen di tempat tujuan. Kirim lokasi tempat tujuannya: "
        "ketuk 📎 > Lokasi, geser peta ke tempat tujuan, lalu kirim lokasi yang dipilih. "
        "[{rule}]",
        "On official travel days {name} clocks in at the destination. Send the destination's "
        "location: tap 📎 > Location, move the map to it, then send the selected location. "
        "[{rule}]",
    ),
    "leave_destination_live": (
        "Pada hari dinas luar, absen dilakukan di tempat tujuan. Unit Anda meminta lokasi dari "
        "tempat tujuan itu sendiri: setibanya di sana, bagikan Lokasi Terkini lewat 📎 > "
        "Lokasi. [{rule}]",
        "On official travel days you clock in at the destination. Your unit wants the location "
        "from the destination itself: once there, share your Live Location via 📎 > Location. "
        "[{rule}]",
    ),
    "leave_destination_button": (
        "Pada hari dinas luar, absen dilakukan di tempat tujuan. Setibanya di sana, ketuk "
        "tombol di bawah untuk mengirim lokasi Anda. [{rule}]",
        "On official travel days you clock in at the destination. Once there, tap the button "
        "below to send your location. [{rule}]",
    ),
    "destination_off_map": (
        "Lokasi itu tidak sah: koordinatnya tidak ada di peta. Kirim lagi lokasi tempat tujuan.",
        "That location is invalid: its coordinates are not on the map. Send the destination's "
        "location again.",
    ),
    "destination_forwarded": (
        "Lokasi terusan tidak diterima sebagai tujuan. Pilih sendiri tempat tujuan di peta, lalu "
        "kirim.",
        "A forwarded location is not accepted as the destination. Pick the destination on the "
        "map yourself, then send it.",
    ),
    "destination_not_live": (
        "Titik yang dipilih di peta tidak diterima: unit Anda meminta Lokasi Terkini dari tempat "
        "tujuan. Bagikan Lokasi Terkini lewat 📎 > Lokasi.",
        "A point picked on the map is not accepted: your unit wants your Live Location from the "
        "destination. Share it via 📎 > Location.",
    ),
    "destination_venue": (
        "Tempat yang dipilih dari daftar tidak dapat dipakai sebagai titik tujuan. Geser peta ke "
        "tempat tujuan, lalu kirim lokasi yang dipilih.",
        "A place picked from the list cannot be used as the destination's point. Move the map "
        "to the destination, then send the selected location.",
    ),
    "destination_expected": (
        "Yang diminta adalah lokasi tempat tujuan (📎 > Lokasi), bukan {got}. Atau /batal.",
        "The destination's location is wanted here (📎 > Location), not {got}. Or /batal.",
    ),
    # The approver's side.
    "approval_destination": (" Tujuan: {map}", " Destination: {map}"),
    "btn_approve_destination": ("📍 Setujui, ubah tujuan", "📍 Approve, other destination"),
    "ask_approval_destination": (
        "Kirim lokasi tujuan yang benar untuk dinas luar {name} {dates}: ketuk 📎 > Lokasi, "
        "geser peta ke tempat tujuan, lalu kirim lokasi yang dipilih. Pengajuan disetujui "
        "dengan tujuan itu.",
        "Send the right destination for {name}'s official travel on {dates}: tap 📎 > Location, "
        "move the map to the destination, then send the selected location. The request is "
        "approved with it.",
    ),
    "decided_destination": (
        "Tercatat: disetujui, dengan tujuan {map}.",
        "Recorded: approved, with the destination {map}.",
    ),
    "approved_destination_note": (
        "Pengajuan Dinas luar Anda untuk {dates} DISETUJUI oleh {by}, dengan tujuan {map}. "
        "Absen masuk dan pulang di sana.",
        "Your official travel request for {dates} was APPROVED by {by}, with the destination "
        "{map}. Clock in and out there.",
    ),
    # Clocking in on an official travel's day (core.flows.clocking).
    "outside_travel": (
        "Ditolak: Anda {distance} di luar area tujuan dinas luar Anda. Selama dinas luar, absen "
        "dilakukan di tempat tujuan, bukan di kantor. [{rule}]",
        "Refused: you are {distance} outside your official travel destination's area. While on "
        "official travel you clock in and out at the destination, not at the office. [{rule}]",
    ),
    "travel_site": ("tujuan dinas luar", "official travel destination"),
    "travel_note": (
        " Di tujuan dinas luar yang disetujui.",
        " At your approved official travel's destination.",
    ),
}


def evidence_words(language: str, kinds: Sequence[str]) -> str:
    """The kinds of evidence as an employee calls them, joined by "atau"/"or"."""
    index = 1 if language == "en" else 0
    words = [EVIDENCE_WORDS.get(k, (k.replace("_", " "),) * 2)[index] for k in kinds]
    return (" or " if language == "en" else " atau ").join(words)


def distance_words(metres: int, language: str) -> str:
    """A distance as a person reads it: metres below a kilometre, else kilometres to a tenth."""
    if metres < 1000:
        return f"{metres} m"
    return format_decimal(metres / 1000, format="#,##0.#", locale=language) + " km"


def map_link(lat: float, lon: float) -> str:
    """A point as a link any phone opens in its map."""
    return f"https://maps.google.com/?q={lat:.5f},{lon:.5f}"
