"""Words put inside other texts: what a person sent instead of what was asked ("bukan foto"),
and the recap items that had none. (Id, en) pairs, merged into `core.flows.texts.TEXTS`."""

from __future__ import annotations

WORDS_TEXTS: dict[str, tuple[str, str]] = {
    # {got} of destination_expected, location_expected, expected_photo: the message's kind.
    "got_photo": ("foto", "a photo"),
    "got_text": ("teks", "text"),
    "got_document": ("dokumen", "a document"),
    # /rekapsaya: the "LKH" item of core.tpp.deduct, days whose daily report cost TPP.
    "tpp_LKH": (
        "hari tanpa LKH terverifikasi (tidak diisi atau belum diverifikasi)",
        "days without a verified daily report (LKH missing or not verified)",
    ),
}
