"""Replay defence: a selfie used once cannot be used again, not even re-encoded."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fakeredis import FakeAsyncRedis
from PIL import ImageEnhance

from core.faces.port import Reason
from core.faces.replay import RedisReplayStore, ReplayGuard, perceptual_hash
from tests.faces_fixtures import PDF, encode, open_photo, photo, scaled

pytestmark = pytest.mark.faces

ANI, BUDI = "ani", "budi"


class ManualClock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def guard(clock) -> ReplayGuard:
    store = RedisReplayStore(FakeAsyncRedis(), keep_for=timedelta(days=30), clock=clock)
    return ReplayGuard(store)


async def accept(guard: ReplayGuard, employee: str, selfie: bytes, file_id: str | None = None):
    check = await guard.check(employee, selfie, file_id)
    assert check.reason is None
    await guard.remember(employee, check)


async def test_a_new_selfie_passes(guard):
    check = await guard.check(ANI, photo("obama_1"))

    assert check.reason is None
    assert check.phash is not None


async def test_the_same_selfie_sent_again_is_a_replay(guard):
    await accept(guard, ANI, photo("obama_1"))

    assert (await guard.check(ANI, photo("obama_1"))).reason is Reason.REPLAYED_PHOTO


def reencoded_copies(name: str) -> dict[str, bytes]:
    original = open_photo(name)
    return {
        "jpeg quality 40": encode(original, quality=40),
        "half size": encode(scaled(original, 0.5), quality=85),
        "png": encode(original, "PNG"),
        "brighter": encode(ImageEnhance.Brightness(original).enhance(1.2)),
        "cropped 2%": encode(original.crop((original.width // 50, 0, *original.size))),
    }


@pytest.mark.parametrize("copy", ["jpeg quality 40", "half size", "png", "brighter", "cropped 2%"])
async def test_a_reencoded_copy_is_a_replay(guard, copy):
    await accept(guard, ANI, photo("obama_1"))

    check = await guard.check(ANI, reencoded_copies("obama_1")[copy])

    assert check.reason is Reason.REPLAYED_PHOTO


async def test_another_photo_of_the_same_person_passes(guard):
    await accept(guard, ANI, photo("obama_1"))

    assert (await guard.check(ANI, photo("obama_2"))).reason is None


async def test_replays_are_per_employee(guard):
    await accept(guard, ANI, photo("obama_1"))

    assert (await guard.check(BUDI, photo("obama_1"))).reason is None


async def test_a_check_alone_remembers_nothing(guard):
    # A refused or unanswered selfie may be sent again ("try again").
    await guard.check(ANI, photo("obama_1"), "AgAD1")

    assert (await guard.check(ANI, photo("obama_1"), "AgAD1")).reason is None


async def test_telegram_file_unique_id_is_remembered(guard):
    await accept(guard, ANI, photo("obama_1"), file_id="AgADxyz")

    check = await guard.check(ANI, photo("biden_1"), "AgADxyz")

    assert check.reason is Reason.REPLAYED_PHOTO


async def test_memory_lasts_for_the_keep_period(guard, clock):
    await accept(guard, ANI, photo("obama_1"), file_id="AgADxyz")

    clock.now += timedelta(days=29).total_seconds()
    assert (await guard.check(ANI, photo("obama_1"))).reason is Reason.REPLAYED_PHOTO

    clock.now += timedelta(days=2).total_seconds()
    assert (await guard.check(ANI, photo("obama_1"), "AgADxyz")).reason is None


async def test_undecodable_bytes_are_left_to_the_pipeline(guard):
    check = await guard.check(ANI, PDF)

    assert (check.reason, check.phash) == (None, None)


def test_hash_is_sixteen_hex_digits():
    phash = perceptual_hash(photo("biden_2"))

    assert phash is not None and len(phash) == 16
    int(phash, 16)
