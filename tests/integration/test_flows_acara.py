"""/acara: a head of unit calls today's event from the field; the staff taking part are told,
and their check-ins of its hours are judged at its site. Every bad input is refused with
nothing written. On SQLite and PostgreSQL; the WhatsApp path with its location trust."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from core.flows.messages import Channel, Location
from core.storage.org_version import version_of
from core.storage.tables import AuditRow, EventFenceRow, UnitRow
from tests.flows_harness import (
    ADMIN,
    ENGINES,
    HEAD,
    OFFICE,
    STAFF,
    TUESDAY,
    build,
    engine_for,
    rows,
    texts,
)

EVENT = (-2.06650, 101.39600)  # a field about 600 m from the Kantor Walikota
DINKES_HEAD = "198007082006041003"  # dinkes, manager; the Puskesmas is below it
NURSE = "199203152023212003"  # pkm-sungai-penuh, staff
WA = "6281273451201"  # the setda head on WhatsApp


@pytest.fixture(params=ENGINES)
async def h(request, tmp_path):
    harness = build(tmp_path, engine=engine_for(request))
    await harness.link("501", STAFF)
    await harness.link("600", ADMIN)
    await harness.link("700", HEAD)
    harness.at(7, 10)
    return harness


async def acara(h, *args: str, sender="700", channel=Channel.TELEGRAM):
    text = " ".join(("/acara", *args))
    return await h.send(sender, command="acara", text=text, args=args, channel=channel)


async def say(h, text: str, sender="700", channel=Channel.TELEGRAM):
    return await h.send(sender, text=text, channel=channel)


async def call_event(h, name="Apel Kesiapsiagaan Bencana", window="07:30-08:30", radius="100",
                     sender="700"):  # fmt: skip
    """The head walks through /acara up to the summary, from the event's field."""
    await acara(h, "baru", sender=sender)
    await say(h, name, sender)
    await say(h, window, sender)
    await say(h, radius, sender)
    await h.send(sender, button="au:mine")
    return await h.send(sender, location=h.live_location(*EVENT))


def events(h) -> list[EventFenceRow]:
    with h.uow() as uow:
        return list(uow.session.scalars(select(EventFenceRow).order_by(EventFenceRow.id)))


async def clock_in_at(h, where, sender="501", who=STAFF):
    await h.send(sender, command="masuk", text="/masuk")
    answer = await h.send(sender, location=h.live_location(*where))
    if answer.replies and "swafoto" not in texts(answer).lower():
        return answer
    return await h.send(sender, photo=h.photo(f"face:{who}|{h.clock.now()}".encode()))


async def test_a_head_calls_an_event_and_the_staff_are_told(h):
    summary = await call_event(h)
    assert "Apel Kesiapsiagaan Bencana" in texts(summary)
    assert "07:30-08:30 WIB (absen dibuka 07:00, tepat waktu s/d 07:30)" in texts(summary)
    assert "Radius 100 m" in texts(summary) and "Unit: setda" in texts(summary)
    saved = await h.send("700", button="ac:yes")
    [row] = events(h)
    assert (row.name, row.start_min, row.end_min, row.radius_m) == (
        "Apel Kesiapsiagaan Bencana", 450, 510, 100.0
    )  # fmt: skip
    assert "Acara #1 Apel Kesiapsiagaan Bencana tersimpan" in texts(saved)
    assert "Perwal Sungai Penuh 12/2023, Pasal 11 ayat (4)" in texts(saved)
    told = {employee for employee, _ in saved.notices}
    assert len(told) == 3  # the staff and the two admins of setda, not the head
    notice = saved.notices[0][1].text
    assert notice.startswith("Acara hari ini: Apel Kesiapsiagaan Bencana, 07:30-08:30 WIB")
    with h.uow() as uow:
        audited = uow.session.scalar(
            select(func.count()).select_from(AuditRow).where(AuditRow.entity == "event_fences")
        )
    assert audited == 1


async def test_calling_an_event_changes_the_organisations_version(h):
    with h.uow() as uow:
        before = version_of(uow.session, 1)
    await call_event(h)
    await h.send("700", button="ac:yes")
    with h.uow() as uow:
        assert version_of(uow.session, 1) == before + 1  # every process's cache reads it anew


async def test_a_notice_is_in_the_staff_members_language(h):
    await h.send("501", command="bahasa", text="/bahasa en", args=("en",))
    await call_event(h)
    saved = await h.send("700", button="ac:yes")
    with h.uow() as uow:
        staff = uow.employee_by_identifier(1, STAFF)
    [notice] = [reply for employee, reply in saved.notices if employee == staff.id]
    assert notice.text.startswith("Event today: Apel Kesiapsiagaan Bencana, 07:30-08:30 WIB")


async def test_check_ins_of_the_hours_are_judged_at_the_event(h):
    await call_event(h)
    await h.send("700", button="ac:yes")
    h.at(7, 25)
    at_office = await clock_in_at(h, OFFICE)
    assert "di luar area Apel Kesiapsiagaan Bencana" in texts(at_office)  # by its name
    at_event = await clock_in_at(h, EVENT)
    assert "tepat waktu" in texts(at_event)
    refused, accepted = rows(h)
    assert (refused.accepted, refused.outcome, refused.event) == (False, "outside_area", "acara-1")
    assert (accepted.accepted, accepted.outcome, accepted.event) == (True, "on_time", "acara-1")
    status = await h.send("501", command="status", text="/status")
    assert "tepat waktu" in texts(status)


async def test_after_the_hours_the_office_fence_applies(h):
    await call_event(h)
    await h.send("700", button="ac:yes")
    h.at(8, 40)
    at_event = await clock_in_at(h, EVENT)
    assert "Ditolak" in texts(at_event)
    at_office = await clock_in_at(h, OFFICE)
    assert "terlambat" in texts(at_office)
    refused, accepted = rows(h)
    assert (refused.outcome, refused.site) == ("outside_area", "kantor-walikota")
    assert (accepted.accepted, accepted.site, accepted.event) == (True, "kantor-walikota", None)
    # The recap counts the event as missed, by its name, like a preset's apel.
    h.at(17, 0)
    history = await h.send("501", command="riwayat", text="/riwayat", args=())
    assert "tidak ikut Apel Kesiapsiagaan Bencana" in texts(history)


async def test_other_units_keep_their_office(h):
    await h.link("800", NURSE)
    await call_event(h)
    await h.send("700", button="ac:yes")
    h.at(7, 25)
    done = await clock_in_at(h, (-2.05870, 101.39760), sender="800", who=NURSE)  # a far office
    assert "acara-1" not in texts(done)


async def test_list_and_cancel(h):
    await call_event(h)
    await h.send("700", button="ac:yes")
    listed = await acara(h)
    assert "#1 Apel Kesiapsiagaan Bencana, 07:30-08:30 WIB, radius 100 m, unit: setda" in texts(
        listed
    )
    assert not await h.redis.keys("*acara*") or listed  # nothing started by a list
    theirs = await acara(h, "batal", "1", sender="600")
    assert "hanya pembuatnya" in texts(theirs)
    unknown = await acara(h, "batal", "99")
    assert "Tidak ada acara #99" in texts(unknown)
    bad = await acara(h, "batal", "x1")
    assert "Tidak ada acara #x1" in texts(bad)
    done = await acara(h, "batal", "1")
    assert "Acara #1 Apel Kesiapsiagaan Bencana dibatalkan. 3 pegawai diberi tahu." in texts(done)
    assert "dibatalkan" in done.notices[0][1].text
    again = await acara(h, "batal", "1")
    assert "sudah dibatalkan" in texts(again)
    h.at(7, 25)
    assert "tepat waktu" in texts(await clock_in_at(h, OFFICE))  # the office again


async def test_an_event_of_a_past_day_is_not_cancelled(h):
    await call_event(h)
    await h.send("700", button="ac:yes")
    h.at(7, 10, TUESDAY + timedelta(days=1))
    answer = await acara(h, "batal", "1")
    assert "sudah lewat harinya" in texts(answer)
    assert events(h)[0].cancelled_at is None


async def test_confirmed_twice_is_saved_once(h):
    await call_event(h)
    first = await h.send("700", button="ac:yes")
    second = await h.send("700", button="ac:yes")
    assert "tersimpan" in texts(first)
    assert "Tidak ada acara yang menunggu disimpan" in texts(second)
    await call_event(h)  # the same event called again
    again = await say(h, "ya")
    assert "sudah tersimpan sebelumnya" in texts(again) and not again.notices
    assert len(events(h)) == 1


async def test_staff_may_not_call_an_event(h):
    answer = await acara(h, sender="501")
    assert "Hanya kepala unit atau admin" in texts(answer)
    assert events(h) == []


@pytest.mark.parametrize(
    ("step", "typed", "expected"),
    [
        (0, "", "Nama acara kosong"),
        (0, "x" * 81, "terlalu panjang (paling banyak 80"),
        (1, "07:30", "bukan jam acara"),
        (1, "25:00-26:00", "bukan jam acara"),
        (1, "08:30-07:30", "selesai (07:30) sebelum dimulai (08:30)"),
        (1, "06:00-07:00", "sudah lewat: acara selesai 07:00, sekarang 07:10"),
        (1, "25-11-2026 07:30-08:30", "untuk hari ini saja"),
        (1, "16:40-17:00", "jam absen masuk hari ini (07:00-15:59)"),
        (2, "0", "Radius harus 20-500 m"),
        (2, "-50", "Radius harus 20-500 m"),
        (2, "100000", "Radius harus 20-500 m"),
        (2, "seratus", "'seratus' bukan angka"),
        (2, "nan", "Radius harus 20-500 m"),
        (3, "dinkes", "Unit dinkes di luar wewenang Anda"),
        (3, "gedung-x", "Tidak ada unit gedung-x"),
    ],
)
async def test_bad_input_is_refused_and_asked_again(h, step, typed, expected):
    answers = ["Apel Pagi", "07:30-08:30", "100"]
    await acara(h, "baru")
    for previous in answers[:step]:
        await say(h, previous)
    answer = await say(h, typed)
    assert expected in texts(answer)
    assert events(h) == []


async def test_a_pin_is_not_the_events_site_on_telegram(h):
    await acara(h, "baru")
    for typed in ("Apel Pagi", "07:30-08:30", "100"):
        await say(h, typed)
    await h.send("700", button="au:mine")
    pin = await h.send("700", location=h.live_location(*EVENT, live=False))
    assert "bukan lokasi terkini" in texts(pin)
    stale = await h.send("700", location=h.live_location(*EVENT, age_s=600))
    assert "10 menit yang lalu" in texts(stale)
    weak = await h.send("700", location=h.live_location(*EVENT, accuracy=400))
    assert "terlalu lemah" in texts(weak)
    assert events(h) == []


async def test_english_under_bahasa_en(h):
    await h.send("700", command="bahasa", text="/bahasa en", args=("en",))
    await acara(h, "baru")
    await say(h, "Apel Pagi")
    answer = await say(h, "08:30-07:30")
    assert "The event ends (07:30) before it starts (08:30)" in texts(answer)


async def test_a_head_calls_their_sub_units(h):
    await h.link("710", DINKES_HEAD)
    await call_event(h, sender="710")
    summary_units = await h.send("710", button="ac:yes")
    [row] = events(h)
    with h.uow() as uow:
        codes = {u.id: u.code for u in uow.session.scalars(select(UnitRow))}
    assert sorted(codes[u] for u in row.unit_ids) == ["dinkes", "pkm-sungai-penuh"]
    assert "tersimpan" in texts(summary_units)


async def test_the_whatsapp_path_takes_the_location_as_the_unit_trusts_it(h):
    await h.send(WA, channel=Channel.WHATSAPP, command="start", text="/start")
    await h.send(WA, channel=Channel.WHATSAPP, text=HEAD)
    await h.send(WA, channel=Channel.WHATSAPP, text=h.code_for(HEAD))
    wa = Channel.WHATSAPP
    await acara(h, "baru", sender=WA, channel=wa)
    for typed in ("Senam Pagi", "07:30-08:30", "80"):
        await say(h, typed, WA, wa)
    asked = await h.send(WA, channel=wa, button="au:mine")
    assert asked.replies[-1].ask_location
    where = Location(*EVENT, None, False, h.clock.now())
    summary = await h.send(WA, channel=wa, location=where)
    assert "Senam Pagi" in texts(summary)
    saved = await say(h, "ya", WA, wa)
    assert "tersimpan" in texts(saved) and len(events(h)) == 1


async def test_a_unit_refusing_whatsapp_locations_refuses_the_event_site(h):
    with h.uow() as uow:
        for unit in uow.session.scalars(select(UnitRow)):
            unit.policy = {**(unit.policy or {}), "location_trust": {"whatsapp": "refuse"}}
        uow.commit()
    await h.send(WA, channel=Channel.WHATSAPP, command="start", text="/start")
    await h.send(WA, channel=Channel.WHATSAPP, text=HEAD)
    await h.send(WA, channel=Channel.WHATSAPP, text=h.code_for(HEAD))
    wa = Channel.WHATSAPP
    await acara(h, "baru", sender=WA, channel=wa)
    for typed in ("Senam Pagi", "07:30-08:30", "80"):
        await say(h, typed, WA, wa)
    refused = await h.send(WA, channel=wa, button="au:mine")
    assert "tidak menerima lokasi lewat WhatsApp" in texts(refused)
    assert "Telegram" in texts(refused) and events(h) == []
