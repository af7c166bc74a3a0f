"""What /tinjau says when a unit admin confirms or rejects a flagged record, and how a rejected
record reads in /status and /riwayat. (Id, en) pairs, merged into `core.flows.texts.TEXTS`."""

from __future__ import annotations

REVIEW_TEXTS: dict[str, tuple[str, str]] = {
    "btn_review_confirm": ("✅ Konfirmasi", "✅ Confirm"),
    "btn_review_reject": ("❌ Tolak", "❌ Reject"),
    "review_how": (
        "Konfirmasi absen yang benar. Tolak yang tidak sah, dengan alasan: absen itu tidak "
        "dihitung, dan hari tanpa absen sah lainnya menjadi TK.",
        "Confirm a record that is genuine. Reject one that is not, with a reason: it no longer "
        "counts, and a day with no other valid record becomes TK.",
    ),
    "review_more": (
        "{shown} yang pertama ditampilkan; putuskan, lalu kirim /tinjau lagi untuk sisanya.",
        "The first {shown} are shown; decide them, then send /tinjau again for the rest.",
    ),
    "review_item": ("{name}: {what} {time} {zone}, {why}", "{name}: {what} {time} {zone}, {why}"),
    "review_ask_reason": (
        "Tuliskan alasan menolak absen ini (misalnya: tidak berada di kantor). Kirim /batal bila "
        "tidak jadi.",
        "Write the reason for rejecting this record (e.g. not at the office). Send /batal to stop.",
    ),
    "review_confirmed": (
        "✅ DIKONFIRMASI: {name}, {what} {date} {time} {zone} ({why}).",
        "✅ CONFIRMED: {name}, {what} {date} {time} {zone} ({why}).",
    ),
    "review_confirmed_toast": ("Dikonfirmasi.", "Confirmed."),
    "review_confirmed_notice": (
        "Absen {what} Anda {date} {time} {zone} sudah ditinjau dan dikonfirmasi oleh admin "
        "{admin}.",
        "Your {what} of {date} {time} {zone} was reviewed and confirmed by the admin {admin}.",
    ),
    "review_rejected": (
        "❌ DITOLAK: {name}, {what} {date} {time} {zone} ({why}).\nAlasan: {reason}\n"
        "{date} kini: {day}.",
        "❌ REJECTED: {name}, {what} {date} {time} {zone} ({why}).\nReason: {reason}\n"
        "{date} is now: {day}.",
    ),
    "review_rejected_toast": ("Ditolak.", "Rejected."),
    "review_rejected_notice": (
        "Absen {what} Anda {date} {time} {zone} ditolak oleh admin {admin} setelah ditinjau.\n"
        "Alasan: {reason}\nAbsen itu tidak dihitung; {date} kini: {day}. Bila keliru, hubungi "
        "admin unit Anda.",
        "Your {what} of {date} {time} {zone} was rejected by the admin {admin} on review.\n"
        "Reason: {reason}\nIt no longer counts; {date} is now: {day}. If this is wrong, contact "
        "your unit admin.",
    ),
    "review_day_pending": (
        "belum ada absen yang sah (TK bila tetap begitu sampai akhir hari)",
        "no valid record yet (TK if it stays so until the day ends)",
    ),
    "review_day_no_in": (
        "hadir tanpa absen masuk yang sah ({band})",
        "present without a valid check-in ({band})",
    ),
    "review_day_no_out": (
        "hadir tanpa absen pulang yang sah ({band})",
        "present without a valid check-out ({band})",
    ),
    "review_word_confirmed": ("dikonfirmasi", "confirmed"),
    "review_word_rejected": ("ditolak", "rejected"),
    "review_refused_unknown": (
        "Absen itu tidak ditemukan. Kirim /tinjau untuk daftar terbaru.",
        "That record cannot be found. Send /tinjau for the current list.",
    ),
    "review_refused_not_admin": (
        "Anda tidak berwenang untuk tindakan ini.",
        "You are not allowed to do this.",
    ),
    "review_refused_not_yours": (
        "Absen itu bukan dari unit yang Anda kelola; tidak ada yang diubah.",
        "That record is not of a unit you administer; nothing was changed.",
    ),
    "review_refused_not_flagged": (
        "Absen itu tidak perlu ditinjau; tidak ada yang diubah.",
        "That record needs no review; nothing was changed.",
    ),
    "review_refused_decided": (
        "Absen itu sudah {decision} oleh {by} pada {at}; tidak ada yang diubah.",
        "That record was already {decision} by {by} on {at}; nothing was changed.",
    ),
    "review_refused_corrected": (
        "Absen itu sudah dikoreksi oleh {by} sejak daftar dikirim; tidak ada yang diubah. Kirim "
        "/tinjau untuk daftar terbaru.",
        "That record was corrected by {by} since the list was sent; nothing was changed. Send "
        "/tinjau for the current list.",
    ),
    "review_refused_no_reason": (
        "Tuliskan alasan penolakannya; tidak ada yang diubah.",
        "Write the reason for rejecting; nothing was changed.",
    ),
    "review_refused_window": (
        "Ditolak: bulan {month} sudah ditutup; perubahan hanya pada {first} s/d {last} ({rule}).",
        "Refused: {month} is closed; changes only from {first} to {last} ({rule}).",
    ),
    # A record rejected on review, where /status and /riwayat name a record's outcome.
    "outcome_rejected": ("ditolak admin saat ditinjau", "rejected by the admin on review"),
    "attempt_rejected": (
        "ditolak admin saat ditinjau ({reason})",
        "rejected by the admin on review ({reason})",
    ),
}
