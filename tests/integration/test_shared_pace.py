"""Send paces shared by every worker through a real Redis: Telegram's ~30 messages a second
per bot and the WhatsApp account's rate hold for all `presensi serve` processes together, and
a 429 holds every one of them back."""

from __future__ import annotations

import itertools
import uuid

import pytest
from redis.asyncio import Redis
from telegram.error import RetryAfter
from telegram.ext import ExtBot

from bot.offline.api import OfflineBotApi
from bot.rate_limiter import SharedRateLimiter
from core.pace import SharedPace

pytestmark = pytest.mark.redis


@pytest.fixture
async def clients(redis_url):
    """Two connections, as two server processes have."""
    first, second = Redis.from_url(redis_url), Redis.from_url(redis_url)
    yield first, second
    await first.aclose()
    await second.aclose()


@pytest.fixture
def key() -> str:
    return f"presensi:test:pace:{uuid.uuid4().hex}"


async def test_two_workers_take_slots_one_interval_apart(clients, key):
    one, two = (SharedPace(client, key, rate=10) for client in clients)

    slots = [await (one if n % 2 else two).take() for n in range(6)]

    starts = [slot for slot, _ in slots]
    assert [later - earlier for earlier, later in itertools.pairwise(starts)] == [100_000] * 5


async def test_a_hold_moves_every_workers_next_slot(clients, key):
    one, two = (SharedPace(client, key, rate=30) for client in clients)
    await one.take()

    await one.hold(2.0)
    slot, now = await two.take()

    assert 1_900_000 < slot - now <= 2_000_000


async def test_a_pace_needs_a_positive_rate(clients, key):
    with pytest.raises(ValueError, match="positive rate"):
        SharedPace(clients[0], key, rate=0)


class Waits:
    """Records the waits asked for instead of sleeping them."""

    def __init__(self) -> None:
        self.seconds: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.seconds.append(seconds)


async def started_bot(redis, fake: OfflineBotApi, prefix: str, waits: Waits, retries: int = 3):
    """A bot of one server process: python-telegram-bot's ExtBot with the shared limiter."""
    limiter = SharedRateLimiter(redis, "123", prefix=prefix, max_retries=retries, sleep=waits)
    bot = ExtBot("123:ABC", request=fake, get_updates_request=fake, rate_limiter=limiter)
    await bot.initialize()
    return bot


async def test_two_workers_bots_send_at_one_pace(clients):
    fake, waits, prefix = OfflineBotApi(), Waits(), f"presensi:test:{uuid.uuid4().hex}"
    one, two = [await started_bot(client, fake, prefix, waits) for client in clients]

    for n in range(6):
        await (one if n % 2 else two).send_message(40 + n, "Pengingat: absen pulang")

    assert len(fake.sent("sendMessage")) == 6
    # Each message waited for the slot after the one before, whichever worker sent it: at
    # 30 a second, the sixth about 5/30 s after the first (less the time the sends took).
    assert waits.seconds == sorted(waits.seconds) and waits.seconds[-1] > 0.1


async def test_a_429_is_waited_out_by_every_worker_and_the_message_sent(clients):
    fake, waits, prefix = OfflineBotApi(), Waits(), f"presensi:test:{uuid.uuid4().hex}"
    one, two = [await started_bot(client, fake, prefix, waits) for client in clients]
    fake.flood("sendMessage", times=1, retry_after=3)

    message = await one.send_message(42, "Masuk tercatat 07:20 WIB")
    await two.send_message(43, "Pulang tercatat 16:00 WIB")

    assert message.text == "Masuk tercatat 07:20 WIB"
    assert fake.texts(42) == ["Masuk tercatat 07:20 WIB"] * 2  # the refused try, then sent
    assert waits.seconds[-2] > 2.9  # the retry waited as Telegram asked
    assert waits.seconds[-1] > 2.9  # and so did the other worker's next message


async def test_a_429_that_persists_is_raised_after_the_retries(clients):
    fake, waits, prefix = OfflineBotApi(), Waits(), f"presensi:test:{uuid.uuid4().hex}"
    bot = await started_bot(clients[0], fake, prefix, waits, retries=2)
    fake.flood("sendMessage", times=5, retry_after=1)

    with pytest.raises(RetryAfter):
        await bot.send_message(42, "Masuk tercatat 07:20 WIB")
    assert len(fake.sent("sendMessage")) == 3  # the first try and two retries
