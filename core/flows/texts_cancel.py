"""What users read when an employee withdraws a pending request (`/batal`,
core.flows.cancel_request) and in the reminder to clock out (core.flows.push_checkout).
(Id, en) pairs, merged into `core.flows.texts.TEXTS`."""

from __future__ import annotations

CANCEL_TEXTS: dict[str, tuple[str, str]] = {
    # /batal on a request waiting for its approver.
    "cancel_none": (
        "Tidak ada pengajuan Anda yang menunggu keputusan, jadi tidak ada yang dibatalkan.",
        "You have no request waiting for a decision, so there is nothing to cancel.",
    ),
    "cancel_list": (
        "Pengajuan Anda yang menunggu keputusan. Ketuk salah satu untuk membatalkannya:",
        "Your requests waiting for a decision. Tap one to cancel it:",
    ),
    "cancel_line": (
        "#{id} {code}, {dates} (menunggu {approver})",
        "#{id} {code}, {dates} (waiting for {approver})",
    ),
    "btn_cancel_request": ("Batalkan #{id}", "Cancel #{id}"),
    "cancel_usage": (
        "Tulis nomor pengajuan, misalnya /batal 12 atau /batal L7, atau /batal saja untuk "
        "melihat daftarnya.",
        "Give the request's number, e.g. /batal 12 or /batal L7, or just /batal to see the list.",
    ),
    "cancel_unknown": (
        "Tidak ada pengajuan Anda bernomor {id}. Ketik /batal untuk melihat pengajuan yang "
        "masih bisa dibatalkan.",
        "You have no request number {id}. Send /batal to see the requests you can still cancel.",
    ),
    "cancel_decided": (
        "Pengajuan #{id} ({code}, {dates}) sudah {status}, jadi tidak bisa dibatalkan. "
        "Hubungi admin unit Anda bila perlu diubah.",
        "Request #{id} ({code}, {dates}) was already {status}, so it cannot be cancelled. "
        "Ask your unit admin if it needs to change.",
    ),
    "cancel_again": (
        "Pengajuan #{id} ({code}, {dates}) sudah dibatalkan sebelumnya.",
        "Request #{id} ({code}, {dates}) was already cancelled.",
    ),
    "cancel_done": (
        "Pengajuan #{id} ({code}, {dates}) dibatalkan. {approver} sudah diberi tahu.",
        "Request #{id} ({code}, {dates}) cancelled. {approver} has been told.",
    ),
    "cancel_done_alone": (
        "Pengajuan #{id} ({code}, {dates}) dibatalkan.",
        "Request #{id} ({code}, {dates}) cancelled.",
    ),
    # What the approver's message with the Approve / Reject buttons becomes (Telegram edits
    # it; WhatsApp, which cannot edit a message, gets it as a new one).
    "cancel_to_approver": (
        "🚫 DIBATALKAN oleh pegawai: pengajuan {code} dari {name} ({unit}) untuk {dates}. "
        "Tidak perlu diputuskan lagi.",
        "🚫 CANCELLED by the employee: {code} request from {name} ({unit}) for {dates}. "
        "No decision is needed any more.",
    ),
    # Pushed near the end of the check-out window.
    "checkout_reminder": (
        "⏰ Anda sudah absen masuk tetapi belum absen pulang. Absen pulang sebelum pukul {until}: "
        "ketuk Pulang.",
        "⏰ You clocked in but have not clocked out yet. Clock out before {until}: tap Clock out.",
    ),
}
