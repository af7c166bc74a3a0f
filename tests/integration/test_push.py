"""Scheduled messages: the heads' summary and the reminder to clock in, each sent once."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from core.channels import Channel
from core.delivery import Dispatcher
from core.flows.push import PushConfig, due_notices
from presensi.background import push_once
from tests.flows_harness import ADMIN, HEAD, STAFF, build

CONFIG = PushConfig(summary_at=9 * 60, remind_before=15)


@pytest.fixture
async def h(tmp_path):
    harness = build(tmp_path)
    for sender, who in (("501", STAFF), ("600", ADMIN), ("700", HEAD)):
        await harness.link(sender, who)
    return harness


def notices(h):
    with h.uow() as uow:
        return due_notices(uow, h.clock.now(), CONFIG)


def reminded(h) -> set[int]:
    return {n.employee_id for n in notices(h) if n.key.startswith("remind:")}


class Deliver:
    """A Telegram sender that hands each message to a test function."""

    def __init__(self, deliver):
        self.deliver = deliver

    async def send(self, chat, reply, purpose="reply"):
        return await self.deliver(Channel.TELEGRAM, chat, reply)


async def push(h, deliver) -> int:
    dispatcher = Dispatcher(h.runner.chat_of, {Channel.TELEGRAM: Deliver(deliver)})
    return await push_once(h.uow, dispatcher, h.redis, CONFIG, h.clock.now())


def employee_id(h, identifier):
    with h.uow() as uow:
        return uow.employee_by_identifier(uow.organisation("pemkot-sungai-penuh").id, identifier).id


async def test_who_has_not_clocked_in_is_reminded_before_the_window_closes(h):
    h.at(7, 10)
    assert reminded(h) == set()  # 20 minutes before 07:30: not yet
    h.at(7, 16)
    assert employee_id(h, STAFF) in reminded(h)
    await h.clock_in("501", STAFF)
    assert employee_id(h, STAFF) not in reminded(h)
    text = next(n.reply.text for n in notices(h) if n.key.startswith("remind:"))
    assert "sebelum pukul 07:30" in text
    h.at(7, 31)
    assert reminded(h) == set()  # late already: a reminder no longer helps


async def test_the_head_gets_the_summary_at_nine(h):
    h.at(8, 59)
    assert not [n for n in notices(h) if n.key.startswith("summary:")]
    h.at(9, 0)
    summary = [n for n in notices(h) if n.employee_id == employee_id(h, HEAD)]
    assert len(summary) == 1 and "Rekap Sekretariat Daerah" in summary[0].reply.text


async def test_nothing_on_a_weekend(h):
    h.at(9, 0, day=date(2026, 11, 28))
    assert notices(h) == []


async def test_each_notice_goes_out_once_to_the_employees_chat(h):
    sent = []

    async def deliver(channel, chat, reply):
        sent.append((channel.value, chat, reply.text[:10]))

    h.at(7, 20)
    first = await push(h, deliver)
    assert ("telegram", "501", "⏰ Anda bel") in sent and first == len(sent)
    h.at(7, 21)
    assert await push(h, deliver) == 0


async def test_a_notice_that_could_not_be_delivered_is_due_again_next_minute(h):
    sent = []

    async def network_down(channel, chat, reply):
        raise ConnectionError("telegram unreachable")

    async def deliver(channel, chat, reply):
        sent.append(chat)

    h.at(7, 20)
    with pytest.raises(ConnectionError):
        await push(h, network_down)
    h.at(7, 21)
    assert await push(h, deliver) > 0
    assert "501" in sent  # the reminder was not marked sent before it went out
    h.at(7, 22)
    assert await push(h, deliver) == 0


# Reminders follow the rota (issue 12, section 5) ------------------------------------------------


def rota(h, cells: dict[int, str]) -> None:
    from core.services.rota import import_rota
    from tests.integration.test_flows_checkin import set_unit_policy
    from tests.integration.test_flows_rota import SHIFTS, table

    set_unit_policy(h, SHIFTS)
    with h.uow() as uow:
        import_rota(uow, "pemkot-sungai-penuh", 2026, 11, table(cells), "rota.csv")
        uow.commit()


async def test_a_night_shift_is_reminded_before_its_own_on_time_limit_not_the_units(h):
    rota(h, {24: "M", 25: "L"})  # Tuesday night, on time until 21:15; Wednesday off
    h.at(7, 16)
    assert employee_id(h, STAFF) not in reminded(h)  # the unit's morning is not her day
    assert employee_id(h, ADMIN) in reminded(h)  # her colleagues' is
    h.at(21, 0)
    assert reminded(h) == {employee_id(h, STAFF)}
    text = next(n.reply.text for n in notices(h) if n.key.startswith("remind:"))
    assert "sebelum pukul 21:15" in text


async def test_a_rota_day_off_is_not_reminded_and_a_weekend_shift_is(h):
    rota(h, {24: "L", 28: "P"})  # off on Tuesday; a morning shift on Saturday 28 November
    h.at(7, 16)
    assert employee_id(h, STAFF) not in reminded(h)
    h.at(7, 0, day=date(2026, 11, 28))  # the shift P: on time until 07:15 by the defaults
    due = {n.employee_id: n.reply.text for n in notices(h) if n.key.startswith("remind:")}
    assert list(due) == [employee_id(h, STAFF)]


async def test_outside_whatsapps_window_a_summary_goes_as_the_notice_template(h):
    """The heads' summary is no reminder to clock in: outside the 24-hour window it goes in the
    notice template, the reminder to clock in in the reminder template."""
    import httpx
    from fakeredis import FakeAsyncRedis

    from core.clock import FixedClock
    from tests.e2e import whatsapp_payloads as wa
    from tests.e2e.fake_graph import FakeGraph, shown
    from tests.unit.test_whatsapp_sender import TEMPLATES
    from webhooks.whatsapp.sender import WhatsAppSender

    async def templates_at(hour: int, minute: int) -> list[tuple[str, str]]:
        fake = FakeGraph()
        h.at(hour, minute)
        async with httpx.AsyncClient(transport=fake.transport) as client:
            sender = WhatsAppSender(
                client,
                token=wa.ACCESS_TOKEN,
                phone_number_id=wa.PHONE_NUMBER_ID,
                redis=FakeAsyncRedis(),
                templates=TEMPLATES,
                clock=FixedClock(h.clock.now()),
            )
            for chat in ("501", "600", "700"):  # nothing heard from anyone for two days
                await sender.note_inbound(chat, h.clock.now() - timedelta(days=2))
            # The harness's linked chats stand for WhatsApp numbers here.
            dispatcher = Dispatcher(h.runner.chat_of, {Channel.TELEGRAM: sender})
            await push_once(h.uow, dispatcher, h.redis, CONFIG, h.clock.now())
        return [(m["template"]["name"], shown(m)) for m in fake.sent()]

    reminders = await templates_at(7, 16)
    summaries = await templates_at(9, 0)

    assert reminders and {name for name, _ in reminders} == {"presensi_pengingat"}
    assert any("Rekap Sekretariat Daerah" in text for _, text in summaries), summaries
    assert {name for name, _ in summaries} == {"presensi_pemberitahuan"}
