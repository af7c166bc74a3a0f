"""Selfies seen before, kept in the database when no Redis server runs (the embedded process):
a photo used once is refused again after a restart, until its keeping period ends."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from core.faces.replay import Reason, ReplayGuard
from core.storage.chat_tables import FaceReplayRow
from core.storage.replay import SqlReplayStore
from tests.faces_fixtures import photo_path


@pytest.fixture
def photos() -> tuple[bytes, bytes]:
    """Two real selfies of different people, read from the shared photos."""
    return photo_path("obama_1").read_bytes(), photo_path("biden_1").read_bytes()


async def test_a_photo_used_before_is_refused_after_a_restart(uow_factory, photos):
    PHOTO, OTHER = photos
    guard = ReplayGuard(SqlReplayStore(uow_factory))
    first = await guard.check("7", PHOTO, "AgADfile1")
    assert first.reason is None
    await guard.remember("7", first)

    restarted = ReplayGuard(SqlReplayStore(uow_factory))  # a new process, the same database
    assert (await restarted.check("7", PHOTO)).reason is Reason.REPLAYED_PHOTO  # by its hash
    assert (await restarted.check("7", OTHER, "AgADfile1")).reason is Reason.REPLAYED_PHOTO
    assert (await restarted.check("7", OTHER, "AgADfile2")).reason is None
    assert (await restarted.check("8", PHOTO, "AgADfile1")).reason is None  # another employee


async def test_a_photo_is_forgotten_after_its_keeping_period(uow_factory, clock, photos):
    PHOTO, _ = photos
    store = SqlReplayStore(uow_factory, keep_for=timedelta(days=30))
    guard = ReplayGuard(store)
    await guard.remember("7", await guard.check("7", PHOTO, "AgADfile1"))
    clock.advance(days=29)
    assert (await guard.check("7", PHOTO, "AgADfile1")).reason is Reason.REPLAYED_PHOTO
    clock.advance(days=2)
    assert (await guard.check("7", PHOTO, "AgADfile1")).reason is None
    await store.add_file_id("9", "AgADfile9")  # writing drops what expired
    with uow_factory() as uow:
        assert uow.session.scalar(select(func.count()).select_from(FaceReplayRow)) == 1
