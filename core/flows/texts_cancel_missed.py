"""What `/batal` calls a pending missed check-in or check-out (`/lupaabsen`) it lists or
cancels (core.flows.cancel_request), and the line above one that `/admin hapus` hands to a new
approver (core.flows.admins). (Id, en) pairs, merged into `core.flows.texts.TEXTS`."""

from __future__ import annotations

CANCEL_MISSED_TEXTS: dict[str, tuple[str, str]] = {
    "cancel_missed_code": ("Lupa absen {what}", "Missed {what}"),
    "admins_moved_missed_lead": (
        "Pengajuan ini kini menunggu keputusan Anda ({former} bukan lagi admin unit):",
        "This request now waits for your decision ({former} is no longer a unit admin):",
    ),
}
