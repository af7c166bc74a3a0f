"""Fallback attendance (fingerprint or manual) and its monthly quota, as pure functions.

When a chat clock-in is impossible, attendance falls back to the fingerprint machine or a manual
list: Perbup Konawe Kepulauan 18/2023 Pasal 9 ayat (1)-(3) (no signal; the phone lost, broken or
forgotten; the server down), Perwal Sungai Penuh 12/2023 Pasal 6 ayat (4)-(5) (while the app is
down). Only a forgotten phone is rationed: "hanya diberikan toleransi 3 (tiga) kali kehadiran
untuk melakukan Presensi Sidik Jari dalam 1 (satu) bulan" (Konawe Pasal 9 ayat (6)), which the
preset sets as `Policy.fallback_per_month`. Whatever records a fallback asks
`fallback_quota_refusal` first. An employee's approved request for a missed record
(`core.missed`, source "request") is no fallback and uses none of the quota.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from core.citations import Citation
from core.policy import Policy

# The `source` of an attendance record made by a fallback rather than by chat.
FALLBACK_SOURCES = frozenset({"manual", "fingerprint"})
# The sources a day's list names next to a time: the times no chat clock-in proved. A machine
# import (core.services.machine_import, Perbup Balangan 32/2020 Pasal 3 huruf d) is one, and
# an approved request for a missed record (core.missed, "request") another, but neither is a
# fallback: no quota counts them.
SHOWN_SOURCES = FALLBACK_SOURCES | {"machine", "request"}


class FallbackReason(StrEnum):
    NO_SIGNAL = "no_signal"  # Konawe Pasal 9 ayat (1) huruf a
    PHONE_LOST = "phone_lost"  # huruf b: lost or broken
    PHONE_FORGOTTEN = "phone_forgotten"  # huruf b: forgotten, the rationed one (ayat (6))
    SERVER_DOWN = "server_down"  # huruf c; Sungai Penuh Pasal 6 ayat (4)
    NOT_REGISTERED = "not_registered"  # Perbup Balangan 32/2020 Pasal 7 ayat (3)


# What admins type for each reason (chat and CLI): the codes and friendly Indonesian words.
REASON_NAMES: dict[str, FallbackReason] = {
    **{reason.value: reason for reason in FallbackReason},
    "tanpa_sinyal": FallbackReason.NO_SIGNAL,
    "sinyal": FallbackReason.NO_SIGNAL,
    "hp_hilang": FallbackReason.PHONE_LOST,
    "hp_rusak": FallbackReason.PHONE_LOST,
    "lupa_hp": FallbackReason.PHONE_FORGOTTEN,
    "hp_tertinggal": FallbackReason.PHONE_FORGOTTEN,
    "server_mati": FallbackReason.SERVER_DOWN,
    "server": FallbackReason.SERVER_DOWN,
    "belum_terdaftar": FallbackReason.NOT_REGISTERED,
}


def reason_named(word: str) -> FallbackReason | None:
    """The reason an admin typed ("lupa_hp", "lupa-hp", "phone_forgotten"), or None."""
    return REASON_NAMES.get(word.strip().lower().replace("-", "_"))


# The reasons `fallback_per_month` counts: only the one the regulation rations.
RATIONED = frozenset({FallbackReason.PHONE_FORGOTTEN})


@dataclass(frozen=True)
class QuotaRefusal:
    """The month's fallbacks for this reason are used up."""

    used: int
    limit: int
    rule: Citation

    def __str__(self) -> str:
        limit = f"at most {self.limit} fallbacks a month for a forgotten phone"
        return f"{limit}, {self.used} used ({self.rule})"


def fallbacks_used(records: Iterable[tuple[date, str | None]], month: date) -> int:
    """How many of an employee's fallback records, as (work date, reason), count in `month`."""
    return sum(
        1
        for day, reason in records
        if (day.year, day.month) == (month.year, month.month) and reason in RATIONED
    )


def fallback_quota_refusal(
    policy: Policy, reason: FallbackReason, used_this_month: int
) -> QuotaRefusal | None:
    """Why one more fallback for `reason` is refused this month, or None when it is allowed."""
    limit = policy.fallback_per_month.value
    if limit is None or reason not in RATIONED:
        return None
    if used_this_month >= int(limit):
        return QuotaRefusal(used_this_month, int(limit), policy.fallback_per_month.rule)
    return None
