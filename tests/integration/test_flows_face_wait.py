"""The morning backlog at the face check: the time that counts is the arrival. A slow verdict is
announced at once ("diterima 07:20 WIB, sedang diperiksa") and follows as the answer; a failed
engine is tried again with the same selfie, and after a second failure the message goes back
to the inbox (an outage) instead of asking the employee to send it again."""

from __future__ import annotations

from dataclasses import replace

import pytest

from core.faces.port import FaceCheckUnavailable
from core.flows.messages import Reply
from tests.flows_harness import ENGINES, STAFF, build, engine_for, texts
from tests.integration.test_flows_clocking import enroll, records

SELFIE = b"face:" + STAFF.encode()
CHECKING = (
    "Diterima pukul 07:20 WIB; waktu inilah yang dicatat. Wajah sedang diperiksa, hasilnya "
    "menyusul sebentar lagi. Tidak perlu mengirim ulang."
)


class Outbox:
    """The channels' dispatcher as the flows see it: what was sent before the answer."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str, str]] = []

    async def __call__(self, channel: str, chat: str, reply: Reply) -> bool:
        self.sent.append((channel, chat, reply.text))
        return True


@pytest.fixture(params=ENGINES)
async def h(request, tmp_path):
    harness = build(tmp_path, engine=engine_for(request))
    await harness.link("501", STAFF)
    await enroll(harness, "501", STAFF)
    harness.runner.deps.send_now = Outbox()
    harness.runner.deps.config = replace(harness.runner.deps.config, interim_after_s=0.05)
    harness.at(7, 20)
    return harness


async def located(h) -> None:
    await h.send(command="masuk")
    assert "swafoto" in texts(await h.send(location=h.live_location()))


async def test_a_quick_verdict_is_the_only_answer(h):
    await located(h)

    answer = await h.send(photo=h.photo(SELFIE))

    assert "Masuk tercatat 07:20 WIB: tepat waktu" in texts(answer)
    assert h.runner.deps.send_now.sent == []


async def test_a_slow_verdict_is_announced_first_with_the_arrival_time(h):
    await located(h)
    h.faces.delay = 0.3

    answer = await h.send(photo=h.photo(SELFIE))

    assert h.runner.deps.send_now.sent == [("telegram", "501", CHECKING)]
    assert "Masuk tercatat 07:20 WIB: tepat waktu" in texts(answer)
    assert records(h) == [("in", "on_time", True)]


async def test_a_selfie_processed_after_the_window_counts_at_its_arrival(h):
    await located(h)
    selfie = h.event(photo=h.photo(SELFIE), arrived_at=h.clock.now())
    h.at(8, 5)  # a long backlog: processed well after the window closed

    answer = await h.runner.handle(selfie)

    assert "Masuk tercatat 07:20 WIB: tepat waktu" in texts(answer)
    assert records(h) == [("in", "on_time", True)]


async def test_an_engine_that_fails_once_is_tried_again_unseen(h):
    await located(h)
    h.faces.failures = 1

    answer = await h.send(photo=h.photo(SELFIE))

    assert "Masuk tercatat 07:20 WIB: tepat waktu" in texts(answer)
    assert "sibuk" not in texts(answer) and "lagi" not in texts(answer)
    assert len(h.faces.thresholds) == 2  # the same selfie, checked twice


async def test_an_engine_that_fails_twice_hands_the_message_back_to_the_inbox(h):
    await located(h)
    h.faces.failures = 2
    selfie = h.event(photo=h.photo(SELFIE), arrived_at=h.clock.now())

    with pytest.raises(FaceCheckUnavailable):
        await h.runner.handle(selfie)
    assert records(h) == []  # nothing kept: the inbox tries the message again later

    h.at(7, 50)
    answer = await h.runner.handle(selfie)  # the inbox's next try, the same delivery

    assert "Masuk tercatat 07:20 WIB: tepat waktu" in texts(answer)
    assert records(h) == [("in", "on_time", True)]


async def test_the_announcement_in_english(h):
    await h.send(command="bahasa", text="/bahasa en", args=("en",))
    await h.send(command="masuk")
    await h.send(location=h.live_location())
    h.faces.delay = 0.3

    answer = await h.send(photo=h.photo(SELFIE))

    [(_, _, said)] = h.runner.deps.send_now.sent
    assert said == (
        "Received at 07:20 WIB; this is the time that counts. Your face is being checked and "
        "the result follows shortly. No need to send it again."
    )
    assert "07:20 WIB" in texts(answer)


async def test_without_a_way_to_send_early_the_verdict_still_comes(tmp_path):
    h = build(tmp_path)
    await h.link("501", STAFF)
    await enroll(h, "501", STAFF)
    h.runner.deps.config = replace(h.runner.deps.config, interim_after_s=0.05)
    h.at(7, 20)
    await located(h)
    h.faces.delay = 0.2

    answer = await h.send(photo=h.photo(SELFIE))

    assert "Masuk tercatat 07:20 WIB: tepat waktu" in texts(answer)


async def test_a_failing_early_message_does_not_fail_the_clock_in(h):
    async def broken(channel, chat, reply):
        raise ConnectionError("the Bot API is out of reach")

    h.runner.deps.send_now = broken
    await located(h)
    h.faces.delay = 0.2

    answer = await h.send(photo=h.photo(SELFIE))

    assert "Masuk tercatat 07:20 WIB: tepat waktu" in texts(answer)
    assert records(h) == [("in", "on_time", True)]
