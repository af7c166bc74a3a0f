"""The liveness video through the real Telegram adapter: after /masuk and the live location the
bot gives a challenge, Dewi answers with a round video note (Telegram stores it; the bot
downloads it through getFile), and the clock-in is recorded. Update JSON in, Bot API calls out."""

from __future__ import annotations

import random

import pytest

from bot.offline import updates as tg
from core.flows.texts import t
from core.liveness_rule import Challenge
from tests.e2e.test_telegram_flows import DEWI, RINA, telegram_chat, texts
from tests.flows_harness import ADMIN, OFFICE, STAFF, build
from tests.integration.test_flows_checkin import set_unit_policy
from tests.integration.test_flows_liveness import ALWAYS, FakeLiveness


@pytest.fixture
async def chat(tmp_path):
    h = build(tmp_path)
    set_unit_policy(h, ALWAYS)
    h.runner.deps.liveness, h.runner.deps.rng = FakeLiveness(), random.Random(3)
    async with telegram_chat(h, (DEWI, STAFF), (RINA, ADMIN)) as conversation:
        await enrol(conversation)
        yield conversation


async def enrol(chat) -> None:
    """Dewi enrols her face with /wajah; Rina approves it with the button she is sent."""
    await chat.says(DEWI, "/wajah")
    await chat.selfie(DEWI, b"face:" + STAFF.encode())
    sent = await chat.send(tg.callback("fe:done", sender=DEWI))
    [request] = [c for c in sent if str(c.params.get("chat_id")) == str(RINA["id"])]
    approve = request.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    assert "disetujui" in texts(await chat.send(tg.callback(approve, sender=RINA)))


def round_video(chat, content: bytes, seconds: int = 3, file_id: str = "DQnote1") -> dict:
    """Dewi's round video note, stored by Telegram for the bot to download."""
    chat.fake.add_file(file_id, content)
    note = {"file_id": file_id, "file_unique_id": f"u-{file_id}", "length": 240,
            "duration": seconds, "file_size": len(content)}  # fmt: skip
    return tg.message({"video_note": note}, sender=DEWI, at=chat.h.clock.now())


async def test_a_round_video_answering_the_challenge_clocks_in(chat):
    await chat.says(DEWI, "Masuk")
    near = tg.live_location(*OFFICE, accuracy=12, sender=DEWI, at=chat.h.clock.now())
    asked = texts(await chat.send(near))
    [challenge] = [c for c in Challenge if t("id", f"liveness_challenge_{c.value}") in asked]

    flat = texts(await chat.send(round_video(chat, b"refuse:flat", file_id="DQflat")))
    done = texts(await chat.send(round_video(chat, f"live:{challenge.value}".encode())))

    assert asked.startswith("Lokasi diterima (Kantor Walikota Sungai Penuh). Kirim video singkat")
    assert flat.strip() == (  # after the getFile of the video, one message
        "Wajah tampak seperti foto atau layar. Rekam wajah Anda sendiri secara langsung."
    )
    assert "Masuk tercatat" in done
    assert [c.params["file_id"] for c in chat.fake.calls if c.method == "getFile"][-2:] == [
        "DQflat",
        "DQnote1",
    ]
