"""/lupaabsen end to end: through the real Telegram adapter (recorded update JSON in, the Bot API
calls people see out), and the approved record in `presensi recap --day`."""

from __future__ import annotations

from datetime import datetime

import time_machine
from typer.testing import CliRunner

from bot.offline import updates as tg
from presensi.cli import app
from presensi.settings import get_settings
from tests.e2e.test_telegram_flows import DEWI, RINA, chat, dewi, texts  # noqa: F401
from tests.flows_harness import ADMIN, ORG, WIB

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"0" * 200


async def test_a_missed_check_in_is_asked_for_and_approved_with_one_tap(dewi):  # noqa: F811
    await dewi.link(RINA, ADMIN)
    dewi.h.at(9, 0)
    assert "untuk tanggal berapa?" in await dewi.says(DEWI, "/lupaabsen")
    [asked] = await dewi.send(tg.text("hari ini", sender=DEWI, at=dewi.h.clock.now()))
    masuk, pulang = asked.params["reply_markup"]["inline_keyboard"][0]
    assert (masuk["text"], pulang["text"]) == ("Masuk", "Pulang")
    chosen = await dewi.send(tg.callback(masuk["callback_data"], sender=DEWI))
    assert "Jam berapa Anda masuk" in texts(chosen)
    assert "Apa alasannya?" in await dewi.says(DEWI, "07:45")
    assert "Kirim buktinya" in await dewi.says(DEWI, "rapat di ruang kepala")
    confirm = await dewi.selfie(DEWI, JPEG)
    assert "Presensi masuk 24-11-2026 pukul 07:45 WIB: terlambat 15 menit" in texts(confirm)
    [shown] = [c for c in confirm if c.method == "sendMessage"]
    send = shown.params["reply_markup"]["inline_keyboard"][0][0]
    assert send["text"] == "Kirim"

    sent = await dewi.send(tg.callback(send["callback_data"], sender=DEWI))

    [to_admin] = [c for c in sent if c.method in ("sendDocument", "sendPhoto")]
    assert str(to_admin.params["chat_id"]) == str(RINA["id"])
    assert "Lupa absen dari Dewi Lestari A.Md" in to_admin.params["caption"]
    approve = to_admin.params["reply_markup"]["inline_keyboard"][0][0]
    assert approve["text"] == "✅ Setujui" and approve["callback_data"].startswith("ap:lm:")

    pressed = await dewi.send(tg.callback(approve["callback_data"], sender=RINA))

    told = [c for c in pressed if c.method == "sendMessage"
            and str(c.params["chat_id"]) == str(DEWI["id"])]  # fmt: skip
    assert "DISETUJUI oleh Rina Marlina S.Sos: tercatat, terlambat 15 menit" in texts(told)
    [toast] = [c for c in pressed if c.method == "answerCallbackQuery"]
    assert toast.params["text"] == "Tercatat: disetujui."
    assert "- Masuk 07:45: terlambat (pengajuan lupa absen)" in await dewi.says(DEWI, "/status")

    runner = CliRunner()
    try:
        get_settings.cache_clear()
        with time_machine.travel(datetime(2026, 11, 24, 17, 0, tzinfo=WIB), tick=False):
            args = ["recap", "--org", ORG, "--day", "2026-11-24", "--unit", "setda"]
            env = {"DATABASE_URL": _database(dewi), "REDIS_URL": None}
            result = runner.invoke(app, args, env=env)
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.stderr
    [line] = [line for line in result.stdout.splitlines() if "Dewi Lestari" in line]
    assert "07.45" in line and line.endswith("(Masuk: pengajuan lupa absen)")


def _database(conversation) -> str:
    """The harness's SQLite file, for the command line."""
    return str(conversation.h.sessions.kw["bind"].url)
