"""Words put inside other texts: what a person sent instead of what was asked ("bukan foto"),
and the recap items that had none. (Id, en) pairs, merged into `core.flows.texts.TEXTS`."""

from __future__ import annotations

WORDS_TEXTS: dict[str, tuple[str, str]] = {
    # {got} of destination_expected, location_expected, expected_photo: the message's kind.
    "got_photo": ("foto", "a photo"),
    "got_text": ("teks", "text"),
    "got_document": ("dokumen", "a document"),
    "got_location": ("lokasi", "a location"),
    # The kinds the flows do not read (`Inbound.unsupported`), named as the apps name them.
    "kind_venue": ("tempat yang dipilih", "a picked place"),
    "kind_animation": ("GIF", "a GIF"),
    "kind_sticker": ("stiker", "a sticker"),
    "kind_voice": ("pesan suara", "a voice message"),
    "kind_video": ("video", "a video"),
    "kind_video_note": ("video bulat", "a round video"),
    "kind_audio": ("audio", "an audio file"),
    "kind_live_photo": ("foto live", "a live photo"),
    "kind_dice": ("dadu", "a dice"),
    "kind_poll": ("polling", "a poll"),
    "kind_game": ("permainan", "a game"),
    "kind_story": ("story", "a story"),
    "kind_paid_media": ("media berbayar", "paid media"),
    "kind_invoice": ("tagihan", "an invoice"),
    "kind_giveaway": ("giveaway", "a giveaway"),
    "kind_checklist": ("daftar periksa", "a checklist"),
    "kind_reaction": ("reaksi", "a reaction"),
    "kind_order": ("pesanan", "an order"),
    "kind_system": ("pesan sistem", "a system message"),
    "kind_contacts": ("kontak", "a contact"),
    "kind_unknown": ("pesan jenis lain", "another kind of message"),
    # /rekapsaya: the "LKH" item of core.tpp.deduct, days whose daily report cost TPP.
    "tpp_LKH": (
        "hari tanpa LKH terverifikasi (tidak diisi atau belum diverifikasi)",
        "days without a verified daily report (LKH missing or not verified)",
    ),
}
