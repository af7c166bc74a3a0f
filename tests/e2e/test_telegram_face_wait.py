"""A slow face check through the real Telegram adapter: the bot says at once that the selfie
arrived and is being checked, then sends the verdict. Update JSON in, Bot API calls out."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.offline import updates as tg
from tests.e2e.test_telegram_flows import DEWI, RINA, telegram_chat, texts
from tests.e2e.test_telegram_liveness import enrol
from tests.flows_harness import ADMIN, OFFICE, STAFF, build


@pytest.fixture
async def chat(tmp_path):
    h = build(tmp_path)
    h.runner.deps.config = replace(h.runner.deps.config, interim_after_s=0.05)
    async with telegram_chat(h, (DEWI, STAFF), (RINA, ADMIN)) as conversation:
        await enrol(conversation)
        yield conversation


async def test_a_slow_face_check_is_announced_then_answered(chat):
    await chat.says(DEWI, "Masuk")
    await chat.send(tg.live_location(*OFFICE, accuracy=12, sender=DEWI, at=chat.h.clock.now()))
    chat.h.faces.delay = 0.3

    calls = await chat.selfie(DEWI, b"face:" + STAFF.encode())

    sent = [c for c in calls if c.method == "sendMessage"]
    assert [str(c.params["chat_id"]) for c in sent] == [str(DEWI["id"])] * 2
    assert sent[0].params["text"] == (
        "Diterima pukul 07:20 WIB; waktu inilah yang dicatat. Wajah sedang diperiksa, hasilnya "
        "menyusul sebentar lagi. Tidak perlu mengirim ulang."
    )
    assert "Masuk tercatat 07:20 WIB: tepat waktu" in sent[1].params["text"]


async def test_a_quick_face_check_sends_the_verdict_alone(chat):
    await chat.says(DEWI, "Masuk")
    await chat.send(tg.live_location(*OFFICE, accuracy=12, sender=DEWI, at=chat.h.clock.now()))

    calls = await chat.selfie(DEWI, b"face:" + STAFF.encode())

    assert "Diterima pukul" not in texts(calls)
    assert "Masuk tercatat 07:20 WIB: tepat waktu" in texts(calls)
