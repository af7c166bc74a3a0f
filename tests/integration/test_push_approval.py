"""Requests still waiting, pushed (core.flows.push_approval): sent again to their approver after
`approval_remind_hours` of office time (8 by default), to the next level after
`approval_escalate_hours` more, once per step and person across workers; never once decided or
cancelled. The harness's Sungai Penuh: office hours Monday-Thursday 07:30-16:00 WIB, so a
request filed on Tuesday at 07:20 is reminded at 15:30 and escalated on Wednesday at 15:00.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import date, timedelta

import pytest
from redis.asyncio import Redis

from core.channels import Channel
from core.delivery import Dispatcher
from core.flows.push import PushConfig, due_notices
from core.storage.tables import EmployeeRow
from presensi.background import push_once
from tests.flows_harness import ADMIN, ENGINES, HEAD, ORG, STAFF, TUESDAY, build, engine_for, texts
from tests.integration.test_flows_checkin import set_unit_policy
from tests.integration.test_flows_leave import file_sick_note
from tests.integration.test_push_checkout import Chats

CONFIG = PushConfig(summary_at=9 * 60, remind_before=15)
WEDNESDAY = TUESDAY + timedelta(days=1)
SINCE = "24-11-2026 07:20 WIB"
CARD = (
    "#1 Dewi Lestari A.Md (Sekretariat Daerah Kota Sungai Penuh): Sakit, 24-11-2026\n"
    "Alasan: Demam tinggi\nLampiran: 1 berkas; diajukan 24-11-2026 07:20 WIB"
)


@pytest.fixture(params=ENGINES)
async def h(request, tmp_path):
    harness = build(tmp_path, engine=engine_for(request))
    await harness.link("501", STAFF)
    await harness.link("600", ADMIN)
    await harness.link("700", HEAD)
    return harness


def ids(h) -> dict[str, int]:
    with h.uow() as uow:
        org = uow.organisation(ORG).id
        return {who: uow.employee_by_identifier(org, who).id for who in (STAFF, ADMIN, HEAD)}


def make_super_admin(h, identifier: str = HEAD) -> None:
    with h.uow() as uow:
        found = uow.session.query(EmployeeRow).filter_by(identifier=identifier).one()
        found.roles = "employee,manager,super_admin"
        uow.touch(found, "test", "employee.roles")
        uow.commit()


def due(h) -> dict[str, tuple[int, str, tuple]]:
    """The approval notices due now: key -> (employee, text, buttons)."""
    with h.uow() as uow:
        found = due_notices(uow, h.clock.now(), CONFIG)
    return {
        n.key: (n.employee_id, n.reply.text, [[b.data for b in row] for row in n.reply.buttons])
        for n in found
        if n.key.startswith("approval:")
    }


async def test_reminded_after_eight_office_hours_then_passed_on_to_the_super_admin(h):
    make_super_admin(h)
    await file_sick_note(h)  # Tuesday 07:20, before the office opens at 07:30
    staff, rina, head = ids(h)[STAFF], ids(h)[ADMIN], ids(h)[HEAD]
    h.at(15, 29)
    assert due(h) == {}
    h.at(15, 30)
    assert due(h) == {
        f"approval:remind:absence:1:{rina}": (
            rina,
            f"⏰ Pengingat: pengajuan ini menunggu keputusan Anda sejak {SINCE}.\n{CARD}",
            [["ap:1", "rj:1"]],
        )
    }
    h.at(14, 59, WEDNESDAY)  # 8.5 office hours on Tuesday, 7.5 on Wednesday
    assert list(due(h)) == [f"approval:remind:absence:1:{rina}"]  # its key is claimed already
    h.at(15, 0, WEDNESDAY)
    escalated = due(h)[f"approval:escalate:absence:1:{head}"]
    assert escalated == (
        head,
        "⏫ Diteruskan kepada Anda: pengajuan ini belum diputuskan oleh Rina Marlina S.Sos "
        f"sejak {SINCE}. Anda dapat memutuskannya.\n"
        + CARD.replace("24-11-2026\n", "24-11-2026 (untuk Rina Marlina S.Sos)\n", 1),
        [["ap:1", "rj:1"]],
    )
    approved = await h.send("700", button="ap:1")
    assert approved.toast == "Tercatat: disetujui." and approved.notices[0][0] == staff
    assert due(h) == {}  # decided: nothing more goes out
    h.at(15, 0, WEDNESDAY + timedelta(days=2))
    assert due(h) == {}


async def test_the_supervisors_own_supervisor_may_decide_once_it_is_escalated(h):
    """Where permits are the direct supervisor's: Dewi's goes to Rina, and after the second
    delay to Rina's supervisor, the head, who is no admin and could not decide it before."""
    set_unit_policy(h, {"approver": "supervisor"})
    await file_sick_note(h)
    head = ids(h)[HEAD]
    h.at(14, 0, WEDNESDAY)
    early = await h.send("700", button="ap:1")
    assert early.toast == "Anda tidak berwenang untuk tindakan ini." and early.notices == []
    assert texts(await h.send("700", command="antrian")) == (
        "Tidak ada pengajuan yang menunggu keputusan Anda."
    )
    h.at(15, 0, WEDNESDAY)
    assert [who for who, *_ in due(h).values()] == [ids(h)[ADMIN], head]
    listed = await h.send("700", command="antrian")
    assert texts(listed).startswith("1 pengajuan menunggu keputusan Anda")
    done = await h.send("700", button="ap:1")
    assert done.toast == "Tercatat: disetujui."


async def test_nothing_goes_out_for_a_decided_or_cancelled_request(h):
    make_super_admin(h)
    await file_sick_note(h)
    await file_sick_note(h, "25-11-2026")
    await file_sick_note(h, "26-11-2026")
    await h.send("600", button="ap:1")
    await h.send(command="batal", text="/batal 2", args=("2",))
    for at in ((15, 30, TUESDAY), (15, 0, WEDNESDAY)):
        h.at(*at)
        assert {key.split(":")[3] for key in due(h)} == {"3"}


async def test_the_delays_are_policy_keys_in_office_hours(h):
    set_unit_policy(h, {"approval_remind_hours": 2, "approval_escalate_hours": 0})
    await file_sick_note(h)
    h.at(9, 29)
    assert due(h) == {}
    h.at(9, 30)
    assert len(due(h)) == 1
    h.at(16, 0, WEDNESDAY + timedelta(days=1))
    assert due(h) == {}  # no escalation, and the reminder's window is over
    set_unit_policy(h, {"approval_remind_hours": 0})
    h.at(9, 30)
    assert due(h) == {}


async def test_the_reminder_is_in_the_approvers_language(h):
    await h.send("600", command="bahasa", text="/bahasa en", args=("en",))
    await file_sick_note(h)
    h.at(15, 30)
    [(_, text, _)] = due(h).values()
    assert text == (
        f"⏰ Reminder: this request has waited for your decision since {SINCE}.\n"
        "#1 Dewi Lestari A.Md (Sekretariat Daerah Kota Sungai Penuh): Sick, 24-11-2026\n"
        "Reason: Demam tinggi\nAttachments: 1 file(s); filed 24-11-2026 07:20 WIB"
    )


async def test_each_step_goes_out_once_however_often_the_scheduler_runs(h):
    await file_sick_note(h)
    chats = Chats()
    dispatcher = Dispatcher(h.runner.chat_of, {Channel.TELEGRAM: chats})

    async def push() -> int:
        return await push_once(h.uow, dispatcher, h.redis, CONFIG, h.clock.now())

    h.at(15, 30)
    assert await push() == 1
    assert await push() == 0
    h.at(15, 31)
    assert await push() == 0
    assert [chat for chat, _ in chats.sent] == ["600"]
    assert chats.sent[0][1].startswith("⏰ Pengingat")


@pytest.mark.postgres
@pytest.mark.redis
async def test_once_across_workers_sharing_postgresql_and_redis(tmp_path, pg_engine, redis_url):
    prefix = f"presensi-test-{uuid.uuid4().hex[:8]}"
    h = build(tmp_path, engine=pg_engine, prefix=prefix)
    await h.link("501", STAFF)
    await h.link("600", ADMIN)
    await file_sick_note(h)
    h.at(15, 30, date(2026, 11, 24))
    chats = Chats()
    clients = [Redis.from_url(redis_url) for _ in range(3)]
    try:

        async def worker(redis) -> int:
            dispatcher = Dispatcher(h.runner.chat_of, {Channel.TELEGRAM: chats})
            return await push_once(h.uow, dispatcher, redis, CONFIG, h.clock.now(), prefix)

        assert sorted(await asyncio.gather(worker(clients[0]), worker(clients[1]))) == [0, 1]
        h.at(16, 0)
        assert await worker(clients[2]) == 0  # a worker restarted within the window
        assert [chat for chat, _ in chats.sent] == ["600"]
    finally:
        async for key in clients[0].scan_iter(f"{prefix}:*"):
            await clients[0].delete(key)
        for client in clients:
            await client.aclose()
