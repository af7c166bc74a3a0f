"""Nothing acknowledged is lost, nothing is done twice: a burst of clock-ins over the Telegram
webhook, the worker killed in the middle (some selfies judged and committed but not answered,
others claimed but not judged), then a fresh process (new Bot Application, new runner, new
in-process Redis stand-in) that recovers. On SQLite with the embedded mode (conversations in
the database) and on PostgreSQL with a real Redis.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from dataclasses import replace

import pytest
from fakeredis import FakeAsyncRedis
from sqlalchemy import select

from bot.offline import updates as tg
from bot.offline.api import OfflineBotApi
from core.faces.replay import RedisReplayStore, ReplayGuard
from core.flows.runner import FlowRunner
from core.flows.state import StateStore
from core.rate_limit import RedisRateLimiter
from core.services import inbox
from core.storage.chat_tables import InboxRow
from core.storage.flow_state import SqlStateStore
from core.storage.tables import AttendanceRow
from core.storage.uow import UnitOfWork
from presensi.server import telegram_bot
from presensi.settings import Settings
from tests.flows_harness import OFFICE, build
from webhooks.routes import telegram

SECRET = "crash-secret"
SETTINGS = Settings(_env_file=None, telegram_bot_token="123456:TEST-TOKEN")
SITES = {  # the example organisation's offices (examples/org-sungai-penuh.yaml)
    "setda": OFFICE, "dinkes": (-2.05870, 101.39760), "pkm": (-2.06840, 101.39620),
    "disdik": (-2.06550, 101.38990), "kec": (-2.06410, 101.39050),
}  # fmt: skip
PEOPLE = [  # every employee of the example organisation (NIP or NIK) and where they work
    ("197804122005011002", "setda"), ("198203252008012004", "setda"),
    ("199005172015031001", "setda"), ("199611302022032007", "setda"),
    ("198007082006041003", "dinkes"), ("198512202010012011", "pkm"),
    ("199203152023212003", "pkm"), ("199408092023211004", "pkm"), ("1572014507950002", "pkm"),
    ("197912012005021001", "disdik"), ("199107222019032008", "disdik"),
    ("1572011203980001", "disdik"), ("198306142009011005", "kec"),
]  # fmt: skip


class Telegram(OfflineBotApi):
    """The Bot API; calls of a `hang` method never come back (the process dies meanwhile)."""

    def __init__(self) -> None:
        super().__init__()
        self.hang: set[str] = set()
        self.hang_files: set[str] = set()
        self.hanging: list[str] = []  # calls that went out and never came back

    async def do_request(self, url, method, request_data=None, **kw):
        name = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        if name in self.hang or (name == "getFile" and params.get("file_id") in self.hang_files):
            self.hanging.append(name)
            await asyncio.Event().wait()
        return await super().do_request(url, method, request_data, **kw)


def runner_of(h, state, redis) -> FlowRunner:
    """A runner as a fresh process builds it: its own in-process state where there is some."""
    replay = ReplayGuard(RedisReplayStore(redis, prefix=f"{h.prefix}:faces:replay"))
    limits = RedisRateLimiter(redis, h.prefix)
    return FlowRunner(replace(h.runner.deps, state=state, limits=limits, replay=replay))


async def start(h, fake, runner, inbox=None) -> telegram.TelegramIntake:
    """The Telegram intake as `presensi serve` starts it; `inbox` as the server builds it
    (default: the database's table, as without a Redis server)."""

    def factory(settings, fetchers):
        runner.deps.fetchers.update(fetchers)
        return runner

    application = telegram_bot(SETTINGS, factory, request=fake, clock=h.clock, rate_limit=False)
    units = lambda: UnitOfWork(h.sessions, h.clock)  # noqa: E731
    return await telegram.start(application, units, SECRET, inbox=inbox)


async def post(intake, update: dict) -> None:
    status, _ = await telegram.receive(intake, json.dumps(update).encode(), SECRET)
    assert status == 200


async def kill(intake) -> None:
    """kill -9: every task of the process stops where it is; nothing is drained or closed."""
    tasks = [*intake.tasks, *([intake.sweeper] if intake.sweeper else [])]
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


def inbox_rows(h) -> list[InboxRow]:
    with UnitOfWork(h.sessions, h.clock) as uow:
        return list(uow.session.scalars(select(InboxRow).order_by(InboxRow.id)))


async def until(condition, timeout_s: float = 15.0) -> None:
    for _ in range(int(timeout_s / 0.02)):
        if condition():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("timed out")


async def crash_and_recover(h, state_before, state_after, redis_before, redis_after):
    fake = Telegram()
    users = [tg.user(990_000 + n, f"P{n}") for n in range(len(PEOPLE))]
    for user, (nip, _) in zip(users, PEOPLE, strict=True):
        await h.link(str(user["id"]), nip)
    ids = iter(range(50_000, 60_000))
    intake = await start(h, fake, runner_of(h, state_before, redis_before))
    for user, (_, site) in zip(users, PEOPLE, strict=True):
        await post(intake, tg.command("/masuk", sender=user, at=h.clock.now(), update_id=next(ids)))
        await post(
            intake,
            tg.live_location(*SITES[site], sender=user, at=h.clock.now(), update_id=next(ids)),
        )
    await until(lambda: all(r.delivered_at for r in inbox_rows(h)))
    prepared = len(fake.texts())

    # The burst: every answer hangs (judged, committed, not sent); half the selfies hang in
    # the download (claimed, not judged).
    fake.hang.add("sendMessage")
    selfies = {}
    for n, user in enumerate(users):
        file_id = f"AgACselfie{n}"
        fake.add_file(file_id, f"face:{PEOPLE[n][0]}".encode())
        if n % 2:
            fake.hang_files.add(file_id)
        update_id = next(ids)
        selfies[str(update_id)] = user
        await post(intake, tg.photo(file_id, sender=user, at=h.clock.now(), update_id=update_id))
    burst = lambda: [r for r in inbox_rows(h) if r.key in selfies]  # noqa: E731
    # Every selfie is claimed; the even ones are judged and stuck in sending their answer,
    # the odd ones stuck in their download.
    await until(lambda: len(fake.hanging) == len(users))
    await kill(intake)
    assert fake.texts()[prepared:] == []  # no selfie was answered before the crash
    rows = burst()
    judged = [r for r in rows if r.processed_at is not None]
    assert len(judged) == len(users) - len(users) // 2 and all(not r.delivered_at for r in judged)
    assert all(r.attempts == 1 and r.claimed_until for r in rows)

    # A new process, once the dead worker's leases ran out.
    fake.hang.clear()
    fake.hang_files.clear()
    h.clock.advance(seconds=inbox.LEASE.total_seconds() + 1)
    again = await start(h, fake, runner_of(h, state_after, redis_after))
    await until(lambda: all(r.delivered_at for r in inbox_rows(h)))
    await telegram.stop(again)

    with UnitOfWork(h.sessions, h.clock) as uow:
        records = list(uow.session.scalars(select(AttendanceRow)))
    assert sorted(r.dedup_key for r in records) == sorted(f"tg:{key}" for key in selfies)
    for user in users:  # "Masuk" -> location asked, location -> selfie asked, selfie -> verdict
        texts = fake.texts(user["id"])
        assert len(texts) == 4, texts  # (and the note that no face is enrolled yet)
        assert "swafoto" in texts[1] and "Masuk tercatat" in texts[2] and "Wajah" in texts[3]
    assert len(fake.texts()) - prepared == 2 * len(users)  # each selfie answered exactly once
    return records


async def test_a_crash_in_the_burst_loses_nothing_on_sqlite_embedded(tmp_path):
    h = build(tmp_path)
    h.prefix = "presensi"
    state = SqlStateStore(lambda: UnitOfWork(h.sessions, h.clock))
    h.runner.deps.state = state
    # The embedded stand-in dies with the process: the new one starts with an empty one.
    records = await crash_and_recover(
        h,
        state,
        SqlStateStore(lambda: UnitOfWork(h.sessions, h.clock)),
        FakeAsyncRedis(),
        FakeAsyncRedis(),
    )
    assert len(records) == len(PEOPLE)


@pytest.mark.postgres
@pytest.mark.redis
async def test_a_crash_in_the_burst_loses_nothing_on_postgresql_and_redis(
    tmp_path, pg_engine, redis_url
):
    from redis.asyncio import Redis

    prefix = f"presensi-test-{uuid.uuid4().hex[:8]}"
    redis = Redis.from_url(redis_url)
    h = build(tmp_path, engine=pg_engine, redis=redis, prefix=prefix)
    h.prefix = prefix
    try:
        state = StateStore(redis, prefix=prefix)
        h.runner.deps.state = state
        records = await crash_and_recover(h, state, StateStore(redis, prefix=prefix), redis, redis)
        assert len(records) == len(PEOPLE)
    finally:
        async for key in redis.scan_iter(f"{prefix}:*"):
            await redis.delete(key)
        await redis.aclose()
