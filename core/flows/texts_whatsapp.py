"""What the WhatsApp adapter itself says about messages held outside the 24-hour window
(`core.held_messages`). (Id, en) pairs, merged into `core.flows.texts.TEXTS`."""

from __future__ import annotations

WHATSAPP_TEXTS: dict[str, tuple[str, str]] = {
    # A tap on "Lihat" / "Open" of a template whose messages were shown already.
    "held_none": (
        "Tidak ada pesan lain yang menunggu. Pesan sebelumnya sudah ditampilkan di atas.",
        "No other message is waiting. The earlier ones are shown above.",
    ),
}
