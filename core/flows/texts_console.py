"""What users read about the web console's sign-in link (/web, core.flows.console_link). (Id, en)
pairs, merged into `core.flows.texts.TEXTS`."""

from __future__ import annotations

CONSOLE_TEXTS: dict[str, tuple[str, str]] = {
    "web_link": (
        "🔐 Tautan masuk konsol web (berlaku {minutes} menit, sekali pakai):\n{url}\n"
        "Jangan teruskan tautan ini: siapa pun yang membukanya masuk sebagai Anda.",
        "🔐 Your web console sign-in link (valid {minutes} minutes, once):\n{url}\n"
        "Do not forward it: whoever opens it signs in as you.",
    ),
    "menu_console": ("Konsol", "Console"),
    "web_off": (
        "Konsol web belum diaktifkan di server ini. Minta petugas TI mengisi PUBLIC_URL.",
        "The web console is not enabled on this server. Ask IT to set PUBLIC_URL.",
    ),
}
