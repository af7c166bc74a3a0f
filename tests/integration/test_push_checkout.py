"""The reminder to clock out (core.flows.push_checkout): who clocked in and not out is told once,
`checkout_reminder_min` minutes (30 by default) before the check-out window closes, following
their rota; nobody on a holiday, after clocking out, on an approved absence for the afternoon, or
after leaving. The harness's Sungai Penuh Tuesday: check-out 16:00-16:30 WIB.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import date, timedelta

import pytest
from redis.asyncio import Redis

from core.absence import Evidence
from core.channels import Channel
from core.delivery import Dispatcher
from core.flows.push import PushConfig, due_notices
from core.services.absences import AbsenceRequest, decide, request_absence
from core.services.rota import import_rota
from core.services.staff import deactivate
from core.storage.tables import HolidayRow
from presensi.background import push_once
from tests.flows_harness import ADMIN, ENGINES, ORG, STAFF, TUESDAY, build, engine_for, texts
from tests.integration.test_flows_checkin import set_unit_policy
from tests.integration.test_flows_rota import SHIFTS, table

CONFIG = PushConfig(summary_at=9 * 60, remind_before=15)
WEDNESDAY = TUESDAY + timedelta(days=1)


@pytest.fixture(params=ENGINES)
async def h(request, tmp_path):
    harness = build(tmp_path, engine=engine_for(request))
    await harness.link("501", STAFF)
    await harness.link("600", ADMIN)
    return harness


async def clocked_in(h):
    h.at(7, 20)
    assert "Masuk tercatat 07:20 WIB" in texts(await h.clock_in("501", STAFF))
    return h


def ids(h) -> dict[str, int]:
    with h.uow() as uow:
        org = uow.organisation(ORG).id
        return {who: uow.employee_by_identifier(org, who).id for who in (STAFF, ADMIN)}


def due(h) -> dict[int, tuple[str, str]]:
    """The check-out reminders due now: employee id -> (key, text)."""
    with h.uow() as uow:
        found = due_notices(uow, h.clock.now(), CONFIG)
    return {n.employee_id: (n.key, n.reply.text) for n in found if n.key.startswith("pulang:")}


async def test_before_at_and_after_the_reminder_time(h):
    await clocked_in(h)
    staff = ids(h)[STAFF]
    h.at(15, 59)
    assert due(h) == {}
    h.at(16, 0)  # 30 minutes before 16:30; the admin never clocked in: not theirs to get
    assert due(h) == {
        staff: (
            f"pulang:{TUESDAY}:{staff}",
            "⏰ Anda sudah absen masuk tetapi belum absen pulang. Absen pulang sebelum pukul "
            "16:30: ketuk Pulang.",
        )
    }
    h.at(16, 30)  # the window's last minute
    assert list(due(h)) == [staff]
    h.at(16, 31)
    assert due(h) == {}


async def test_the_minutes_before_are_the_policys(h):
    await clocked_in(h)
    set_unit_policy(h, {"checkout_reminder_min": 10})
    h.at(16, 19)
    assert due(h) == {}
    h.at(16, 20)
    assert list(due(h)) == [ids(h)[STAFF]]
    set_unit_policy(h, {"checkout_reminder_min": 0})  # none at all
    assert due(h) == {}


async def test_nobody_who_clocked_out_is_reminded(h):
    await clocked_in(h)
    h.at(16, 2)
    assert "Pulang tercatat 16:02 WIB" in texts(await h.clock_in("501", STAFF, "pulang"))
    h.at(16, 5)
    assert due(h) == {}


async def test_nothing_on_a_holiday(h):
    await clocked_in(h)
    with h.uow() as uow:
        holiday = HolidayRow(org_id=uow.organisation(ORG).id, day=TUESDAY, name="Cuti bersama")
        uow.add(holiday, "cli", "holiday.add")
        uow.commit()
    h.at(16, 0)
    assert due(h) == {}


def izin(h, subtype: str | None, code: str = "I", approve: bool = True) -> None:
    with h.uow() as uow:
        org = uow.organisation(ORG).id
        staff = uow.employee_by_identifier(org, STAFF)
        admin = uow.employee_by_identifier(org, ADMIN)
        kind = Evidence.PERMIT_LETTER if code == "I" else Evidence.DOCTOR_NOTE
        evidence = [{"kind": kind.value, "media": "surat.pdf"}]
        request = AbsenceRequest(staff.id, code, subtype, TUESDAY, TUESDAY, "alasan", evidence)
        absence = request_absence(uow, request)
        if approve:
            decide(uow, absence.id, admin.id, approve=True)
        uow.commit()


@pytest.mark.parametrize(
    ("subtype", "code", "approve", "reminded"),
    [
        ("pulang_cepat", "I", True, False),  # the afternoon is excused
        ("keluar_kantor", "I", True, False),
        ("pulang_cepat", "I", False, True),  # still pending: nothing excused yet
        ("terlambat", "I", True, True),  # covers the morning, not the afternoon
        (None, "S", True, False),  # sick for the day, after all
    ],
)
async def test_an_approved_absence_for_the_afternoon_is_not_reminded(
    h, subtype, code, approve, reminded
):
    await clocked_in(h)
    izin(h, subtype, code, approve)
    h.at(16, 0)
    assert (ids(h)[STAFF] in due(h)) is reminded


async def test_who_left_is_not_reminded(h):
    await clocked_in(h)
    with h.uow() as uow:
        staff = uow.employee_by_identifier(uow.organisation(ORG).id, STAFF)
        deactivate(uow, staff, TUESDAY, "pindah_keluar")
        uow.commit()
    h.at(16, 0)
    assert due(h) == {}


async def test_a_night_shift_is_reminded_the_next_morning_before_its_window_closes(h):
    set_unit_policy(h, SHIFTS)
    with h.uow() as uow:  # Tuesday night 21:00-07:00, check-out 07:00-09:00; Wednesday off
        import_rota(uow, ORG, 2026, 11, table({24: "M", 25: "L"}), "rota.csv")
        uow.commit()
    staff = ids(h)[STAFF]
    h.at(21, 5)
    assert "Masuk tercatat 21:05 WIB" in texts(await h.clock_in("501", STAFF))
    h.at(16, 0)  # the office's afternoon (before she came): not her day's window
    assert due(h) == {}
    h.at(23, 59)
    assert due(h) == {}
    h.at(8, 29, WEDNESDAY)
    assert due(h) == {}
    h.at(8, 30, WEDNESDAY)  # keyed by the day the shift began
    assert due(h) == {
        staff: (
            f"pulang:{TUESDAY}:{staff}",
            "⏰ Anda sudah absen masuk tetapi belum absen pulang. Absen pulang sebelum pukul "
            "09:00: ketuk Pulang.",
        )
    }
    h.at(8, 40, WEDNESDAY)
    assert "Pulang tercatat 08:40 WIB" in texts(await h.clock_in("501", STAFF, "pulang"))
    h.at(8, 45, WEDNESDAY)
    assert due(h) == {}


class Chats:
    """A Telegram sender that records where each message went."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    async def send(self, chat, reply, purpose="reply"):
        self.sent.append((chat, reply.text))
        return True


async def test_it_goes_out_once_however_often_the_scheduler_runs(h):
    await clocked_in(h)
    chats = Chats()
    dispatcher = Dispatcher(h.runner.chat_of, {Channel.TELEGRAM: chats})

    async def push() -> int:
        return await push_once(h.uow, dispatcher, h.redis, CONFIG, h.clock.now())

    h.at(16, 0)
    assert await push() == 1
    assert await push() == 0  # the same minute again
    h.at(16, 1)
    assert await push() == 0  # the next minute, still within the window
    assert [chat for chat, _ in chats.sent] == ["501"]
    assert "belum absen pulang" in chats.sent[0][1]


@pytest.mark.postgres
@pytest.mark.redis
async def test_once_across_workers_sharing_postgresql_and_redis_and_after_a_restart(
    tmp_path, pg_engine, redis_url
):
    """Two workers (their own Redis connections and dispatchers) run the same minute at once;
    a third, started later, finds it sent."""
    prefix = f"presensi-test-{uuid.uuid4().hex[:8]}"
    h = build(tmp_path, engine=pg_engine, prefix=prefix)
    await h.link("501", STAFF)
    await clocked_in(h)
    h.at(16, 0, date(2026, 11, 24))
    chats = Chats()
    clients = [Redis.from_url(redis_url) for _ in range(3)]
    try:

        async def worker(redis) -> int:
            dispatcher = Dispatcher(h.runner.chat_of, {Channel.TELEGRAM: chats})
            return await push_once(h.uow, dispatcher, redis, CONFIG, h.clock.now(), prefix)

        assert sorted(await asyncio.gather(worker(clients[0]), worker(clients[1]))) == [0, 1]
        h.at(16, 5)
        assert await worker(clients[2]) == 0  # a worker restarted within the window
        assert [chat for chat, _ in chats.sent] == ["501"]
    finally:
        async for key in clients[0].scan_iter(f"{prefix}:*"):
            await clients[0].delete(key)
        for client in clients:
            await client.aclose()
