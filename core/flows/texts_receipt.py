"""What users read about receipts: the line under a recorded clock-in, a correction or a
decision, and `/cek CODE` (core.flows.receipt). (Id, en) pairs, merged into
`core.flows.texts.TEXTS`."""

from __future__ import annotations

RECEIPT_TEXTS: dict[str, tuple[str, str]] = {
    "receipt_line": (
        "\n🧾 Tanda terima: {code} (cek: /cek {code})",
        "\n🧾 Receipt: {code} (check: /cek {code})",
    ),
    "receipt_rule": ("\nDasar: {rule}", "\nRule: {rule}"),
    "cek_usage": (
        "Tulis kode tanda terima Anda: /cek K7QF-3MZD-XW2P-A4RT",
        "Type your receipt code: /cek K7QF-3MZD-XW2P-A4RT",
    ),
    "cek_malformed": (
        "Itu bukan kode tanda terima: kodenya 16 huruf dan angka atau lebih, "
        "mis. K7QF-3MZD-XW2P-A4RT.",
        "That is not a receipt code: a code has 16 or more letters and digits, "
        "e.g. K7QF-3MZD-XW2P-A4RT.",
    ),
    "cek_unknown": (
        "Kode {code} tidak dikenal: tidak ada catatan dengan kode itu, atau ada yang salah ketik.",
        "Code {code} is unknown: no record has that code, or it was mistyped.",
    ),
    "cek_stands": (
        "✅ Masih berlaku sebagaimana tercatat:\n{record}",
        "✅ Still stands as recorded:\n{record}",
    ),
    "cek_replaced": (
        "⚠️ Sudah diganti:\n{record}\nDiganti oleh:\n{by}",
        "⚠️ Replaced:\n{record}\nReplaced by:\n{by}",
    ),
    "cek_changed": (
        "⛔ Catatan ini diubah di luar jejak audit: isinya tidak lagi sama dengan yang tercatat "
        "saat tanda terima dibuat. Laporkan ke admin.",
        "⛔ This record was changed outside the audit log: it no longer matches what was "
        "recorded when the receipt was made. Tell your admin.",
    ),
    "cek_fact": ("{who} {what} {day}{time}: {status}", "{who} {what} {day}{time}: {status}"),
    "cek_reason": (" Alasan: {reason}.", " Reason: {reason}."),
    "cek_logged": (" (dicatat {at})", " (recorded {at})"),
}
