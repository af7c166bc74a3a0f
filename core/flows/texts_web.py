"""The web chat's own wording where a gesture differs from Telegram's (`📎 > Lokasi`): the page's
📍 Lokasi button opens a map whose marker is dragged, then shared live or sent as a pin. A key
`name@web` stands in for `name` in a chat whose channel says `wording="web"`
(`core.flows.messages.CAPABILITIES`, `core.flows.texts.variant`)."""

from __future__ import annotations

_LIVE = ("📍 Lokasi > geser penanda > Bagikan lokasi terkini",
         "📍 Location > drag the marker > Share live location")  # fmt: skip
_PIN = ("📍 Lokasi > geser penanda ke tempat tujuan > Kirim pin",
        "📍 Location > drag the marker to the destination > Send a pin")  # fmt: skip

WEB_TEXTS: dict[str, tuple[str, str]] = {
    "ask_proof_card@web": (
        "Kirim kode aktivasi dari admin unit Anda. Belum terdaftar? Hubungi admin unit Anda.",
        "Send the activation code from your unit admin. Not registered yet? Ask your unit admin.",
    ),
    "other_contact_card@web": (
        "Kirim kode aktivasi dari admin unit Anda.",
        "Send the activation code from your unit admin.",
    ),
    "ask_live_location@web": (
        f"{{what}}: bagikan LOKASI TERKINI (live location) Anda: {_LIVE[0]}. Pin tidak diterima.",
        f"{{what}}: share your LIVE location: {_LIVE[1]}. A pin is not accepted.",
    ),
    "need_live@web": (
        f"Lokasi itu bukan lokasi terkini (live). {_LIVE[0]}.",
        f"That is not a live location. {_LIVE[1]}.",
    ),
    "acara_ask_live@web": (
        f"Sekarang bagikan Lokasi Terkini (live) Anda dari tempat acara: {_LIVE[0]}. Pin tidak "
        "diterima.",
        f"Now share your Live Location from the event's site: {_LIVE[1]}. A pin is not accepted.",
    ),
    "leave_destination@web": (
        f"Pada hari dinas luar, absen masuk dan pulang dilakukan di tempat tujuan. Kirim lokasi "
        f"tempat tujuan: {_PIN[0]}. [{{rule}}]",
        f"On official travel days you clock in and out at the destination. Send the "
        f"destination's location: {_PIN[1]}. [{{rule}}]",
    ),
    "leave_destination_for@web": (
        f"Pada hari dinas luar, {{name}} absen di tempat tujuan. Kirim lokasi tempat tujuannya: "
        f"{_PIN[0]}. [{{rule}}]",
        f"On official travel days {{name}} clocks in at the destination. Send the destination's "
        f"location: {_PIN[1]}. [{{rule}}]",
    ),
    "leave_destination_live@web": (
        f"Pada hari dinas luar, absen dilakukan di tempat tujuan. Unit Anda meminta lokasi dari "
        f"tempat tujuan itu sendiri: setibanya di sana, {_LIVE[0]}. [{{rule}}]",
        f"On official travel days you clock in at the destination. Your unit wants the location "
        f"from the destination itself: once there, {_LIVE[1]}. [{{rule}}]",
    ),
    "destination_not_live@web": (
        f"Pin tidak diterima: unit Anda meminta Lokasi Terkini dari tempat tujuan. {_LIVE[0]}.",
        f"A pin is not accepted: your unit wants your Live Location from the destination. "
        f"{_LIVE[1]}.",
    ),
    "destination_expected@web": (
        f"Yang diminta adalah lokasi tempat tujuan ({_PIN[0]}), bukan {{got}}. Atau /batal.",
        f"The destination's location is wanted here ({_PIN[1]}), not {{got}}. Or /batal.",
    ),
    "ask_approval_destination@web": (
        f"Kirim lokasi tujuan yang benar untuk dinas luar {{name}} {{dates}}: {_PIN[0]}. "
        "Pengajuan disetujui dengan tujuan itu.",
        f"Send the right destination for {{name}}'s official travel on {{dates}}: {_PIN[1]}. "
        "The request is approved with it.",
    ),
    "liveness_expected_video@web": (
        "Yang diminta video wajah Anda, bukan {got}. Rekam video singkat dengan 🎥 Video.",
        "A video of your face was asked for, not {got}. Record a short video with 🎥 Video.",
    ),
}
