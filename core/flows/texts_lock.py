"""Refusals of a change to a locked month (`core.revisions.month_lock`) in /tinjau, /izin and
/antrian, worded as /koreksi's ("correct_window", "correct_submitted")."""

from __future__ import annotations

LOCK_TEXTS: dict[str, tuple[str, str]] = {
    # /tinjau: a rejection of a record in a submitted month, or refused by `correct`.
    "review_refused_submitted": (
        "Ditolak: rekap bulan {month} sudah dikirim pada {date}; bulan itu terkunci ({rule}).",
        "Refused: the {month} report was submitted on {date}; the month is locked ({rule}).",
    ),
    "review_refused_refused": ("Ditolak: {why}", "Refused: {why}"),
    # /izin for days of a locked month, at the dates step and at its approval.
    "leave_locked_window": (
        "Ditolak: bulan {month} sudah ditutup; perubahan hanya pada {first} s/d {last} ({rule}). "
        "Tulis tanggal lain.",
        "Refused: {month} is closed; changes only from {first} to {last} ({rule}). "
        "Write other dates.",
    ),
    "leave_locked_submitted": (
        "Ditolak: rekap bulan {month} sudah dikirim pada {date}; bulan itu terkunci ({rule}). "
        "Tulis tanggal lain.",
        "Refused: the {month} report was submitted on {date}; the month is locked ({rule}). "
        "Write other dates.",
    ),
    "approval_locked_window": (
        "Tidak disetujui: bulan {month} sudah ditutup; perubahan hanya pada {first} s/d {last} "
        "({rule}). Pengajuan masih menunggu; tolak bila tidak dapat dicatat.",
        "Not approved: {month} is closed; changes only from {first} to {last} ({rule}). "
        "The request is still waiting; reject it if it cannot be recorded.",
    ),
    "approval_locked_submitted": (
        "Tidak disetujui: rekap bulan {month} sudah dikirim pada {date}; bulan itu terkunci "
        "({rule}). Pengajuan masih menunggu; tolak bila tidak dapat dicatat.",
        "Not approved: the {month} report was submitted on {date}; the month is locked "
        "({rule}). The request is still waiting; reject it if it cannot be recorded.",
    ),
    "queue_done_locked": (
        "⛔ #{ref} {name}: bulan {month} terkunci; masih menunggu",
        "⛔ #{ref} {name}: {month} is locked; still waiting",
    ),
}
