"""A missed check-in or check-out asked for by the employee ("lupa absen"), as pure rules.

An employee who was at work but did not clock in or out asks for the record to be added, with
the time, a reason and (where the policy says so) evidence; the approver of their permits
decides, as for an izin ("dapat diberikan atau disetujui oleh atasan langsung ASN atas dasar
surat permohonan yang disertai alasan", Perbup Konawe Kepulauan 18/2023 Pasal 10 ayat (4);
Perwal Sungai Penuh 12/2023 Pasal 12 ayat (2)-(3): the evidence goes "kepada atasan langsung
atau Admin yang ditunjuk"). Approved, it becomes an attendance record with source `request`,
judged like a chat clock-in at the time asked for (`core.services.missed`).

Which days may be asked for (`day_refusal`): not one to come; not further back than a request
may start (`Policy.leave_max_days_back`, as for /izin); and a closed month only inside its
revisions window, the window of every change to a closed month (Konawe Kepulauan Pasal 13 ayat
(4), `core.revisions`).

Evidence (`evidence_required`): Sungai Penuh counts the employee present "yang dibuktikan
dengan print foto ... disampaikan kepada atasan langsung atau Admin yang ditunjuk" (Pasal 12
ayat (2)-(3)), and Konawe Kepulauan has attendance missed online vouched for by the head's Surat
Keterangan (Pasal 9 ayat (3)): their presets require a photo or document
(`Policy.missed_evidence`); where no regulation says, it is optional and the approver judges
the reason.

The monthly quota of fallbacks (`Policy.fallback_per_month`, Konawe Kepulauan Pasal 9 ayat (6))
does not count a request, and a request uses none of it: the article rations "Presensi Sidik
Jari" for a phone left at home, the admin's fallback from the fingerprint machine
(`core.fallback`). A request is not entered from a machine or a list but decided by the
approver on the employee's written reason and evidence, as an izin is (Pasal 10 ayat (4)); the
approver, not a count, is what guards it. `QUOTA_RULE` is the article so read.
"""

from __future__ import annotations

from datetime import date, time, timedelta

from core.citations import Citation
from core.policy import Policy
from core.revisions import closed_window, window_values

# The source of the attendance record an approved request writes.
REQUEST = "request"

KONAWE = "004_484ed01ec6d6b16a.txt"
QUOTA_RULE = Citation(
    KONAWE,
    "Perbup Konawe Kepulauan 18/2023",
    "9",
    "6",
    quote="telepon genggam ASN tertinggal, hanya diberikan toleransi 3 (tiga) kali kehadiran "
    "untuk melakukan Presensi Sidik Jari dalam 1 (satu) bulan",
)
DECIDED_LIKE_A_PERMIT = Citation(
    KONAWE,
    "Perbup Konawe Kepulauan 18/2023",
    "10",
    "4",
    quote="dapat diberikan atau disetujui oleh atasan langsung ASN atas dasar surat permohonan "
    "yang disertai alasan",
)

MAX_REASON = 300  # characters: a short reason, sent to the approver with the request


def day_refusal(day: date, today: date, policy: Policy) -> tuple[str, dict] | None:
    """Why `day` may not be asked for on `today` (the employee's local date): a text key and
    the values its message names, or None."""
    if day > today:
        return "future_day", {"date": day}
    back = int(policy.leave_max_days_back.value)
    earliest = today - timedelta(days=back)
    if day < earliest:
        values = {"days": back, "earliest": earliest, "rule": str(policy.leave_max_days_back.rule)}
        return "too_old", values
    window = closed_window(day, today, policy.revision_days)
    if window is not None:
        return "window", window_values(day, window, policy.revision_rule)
    return None


def read_clock(text: str) -> time | None:
    """'07:45' or '7:45' (also 07.45, as Indonesians write it) as a time, or None."""
    hours, sep, minutes = text.strip().replace(".", ":").partition(":")
    if not sep or not hours.isdigit() or not minutes.isdigit() or len(minutes) != 2:
        return None
    if len(hours) > 2 or int(hours) > 23 or int(minutes) > 59:
        return None
    return time(int(hours), int(minutes))


def evidence_required(policy: Policy) -> bool:
    """Whether the policy asks a request for a photo or document (`Policy.missed_evidence`)."""
    return policy.missed_evidence.value == "required"
