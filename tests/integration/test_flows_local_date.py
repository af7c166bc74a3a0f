""" "Today" in the chat is the organisation's local date, never the UTC date.

At 00:30 WIB it is still 17:30 UTC the day before; at 23:30 WIT it is already 14:30 UTC the
same day. Each flow that reads "today", "hari ini", "besok" or a default day is driven at both
ends of the local day, in WIB, WITA and WIT.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.flows.messages import Channel
from core.storage.tables import AbsenceRow, Assignment, UnitRow
from tests.flows_harness import HEAD, STAFF, build, texts

ZONES = ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")  # WIB, WITA, WIT
CLOCKS = (time(0, 30), time(23, 30))
WEDNESDAY = date(2026, 11, 25)
WA = "6281366002104"

# (zone, local wall-clock time) at both ends of the day in every zone
ENDS = [pytest.param(zone, clock, id=f"{zone}-{clock:%H%M}") for zone in ZONES for clock in CLOCKS]


async def harness(tmp_path, zone: str, day: date, clock: time):
    h = build(tmp_path, zone=zone)
    await h.link("501", STAFF)
    await h.link("700", HEAD)
    h.clock.set(datetime.combine(day, clock, ZoneInfo(zone)).astimezone(UTC))
    return h


def dmy(day: date) -> str:
    return day.strftime("%d-%m-%Y")


@pytest.mark.parametrize(("zone", "clock"), ENDS)
@pytest.mark.parametrize(("word", "offset"), [("hari ini", 0), ("besok", 1)])
async def test_izin_today_and_tomorrow_are_the_local_dates(tmp_path, zone, clock, word, offset):
    h = await harness(tmp_path, zone, WEDNESDAY, clock)
    await h.send(command="izin")
    await h.send(button="lt:S")
    await h.send(text=word)
    await h.send(text="Demam tinggi")
    sent = await h.send(document=h.document(b"%PDF-1.4 surat dokter"))
    expected = WEDNESDAY + timedelta(days=offset)
    assert f"Pengajuan Sakit {dmy(expected)} terkirim" in texts(sent)
    with h.uow() as uow:
        (row,) = uow.session.query(AbsenceRow).all()
    assert (row.first_day, row.last_day) == (expected, expected)


@pytest.mark.parametrize(("zone", "clock"), ENDS)
async def test_rekap_without_a_date_and_with_hari_ini_is_the_local_day(tmp_path, zone, clock):
    h = await harness(tmp_path, zone, WEDNESDAY, clock)
    for args in ((), ("hari", "ini")):
        summary = await h.send("700", command="rekap", args=args)
        assert f"Rekap Sekretariat Daerah Kota Sungai Penuh {dmy(WEDNESDAY)}:" in texts(summary)


@pytest.mark.parametrize(("zone", "clock"), ENDS)
async def test_status_is_for_the_local_day(tmp_path, zone, clock):
    h = await harness(tmp_path, zone, WEDNESDAY, clock)
    assert f"hari ini ({dmy(WEDNESDAY)})" in texts(await h.send(command="status"))


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize(
    ("day", "clock", "month"),
    [
        (date(2026, 12, 1), time(0, 30), "Desember 2026"),  # UTC still says 30 November
        (date(2026, 11, 30), time(23, 30), "November 2026"),
    ],
)
async def test_rekapbulan_defaults_to_the_local_month(tmp_path, zone, day, clock, month):
    h = await harness(tmp_path, zone, day, clock)
    reply = texts(await h.send("700", command="rekapbulan"))
    assert month in reply, reply


@pytest.mark.parametrize(("zone", "clock"), ENDS)
async def test_whatsapp_trust_is_the_policy_of_the_unit_on_the_local_day(tmp_path, zone, clock):
    """Moved today to a unit that refuses WhatsApp clock-ins: refused from the first minute of
    the local day, not from the first minute of the UTC day."""
    h = await harness(tmp_path, zone, WEDNESDAY, clock)
    with h.uow() as uow:
        org = uow.organisation("pemkot-sungai-penuh")
        staff = uow.employee_by_identifier(org.id, STAFF)
        new = uow.unit(org.id, "bkpsdm")
        new.policy = {**(new.policy or {}), "whatsapp_clock_in": "refuse"}
        staff.unit_id = new.id
        uow.session.add(Assignment(employee_id=staff.id, unit_id=new.id, valid_from=WEDNESDAY))
        uow.commit()
    await h.send(WA, channel=Channel.WHATSAPP, command="start", text="/start")
    await h.send(WA, channel=Channel.WHATSAPP, text=STAFF)
    await h.send(WA, channel=Channel.WHATSAPP, text=h.code_for(STAFF))
    asked = await h.send(WA, channel=Channel.WHATSAPP, text="Masuk")
    assert "tidak menerima absen lewat WhatsApp" in texts(asked)


def test_units_keep_the_organisation_zone(tmp_path):
    h = build(tmp_path, zone="Asia/Jayapura")
    with h.uow() as uow:
        assert {u.zone for u in uow.session.query(UnitRow)} == {"Asia/Jayapura"}
