"""Official travel (DL) clocked in at its destination, through the chat flows on real storage.

Perbup Konawe Kepulauan 18/2023 Pasal 9 ayat (5): "Dalam hal ASN melakukan perjalanan Dinas,
maka ASN melakukan Presensi Daring di tempat tugas dengan melampirkan; a. bukti kehadiran (Surat
Perintah Perjalanan Dinas) ditempat pelaksanaan tugas yang ditandatangani oleh pejabat
berwenang/petugas; dan b. Surat Perintah Tugas yang ditandatangani oleh pejabat yang
berwenang." The harness's organisation is put under the Konawe Kepulauan preset; its offices
and staff stay those of the Sungai Penuh example.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from decimal import Decimal

import pytest
from pyproj import Geod

from core.flows.messages import Location
from core.services.absences import AbsenceRequest, MissingDestination, request_absence
from core.services.recap import month_recap
from core.storage import audit
from core.storage.tables import TravelDestinationRow
from tests.flows_harness import (
    ADMIN,
    ENGINES,
    OFFICE,
    ORG,
    STAFF,
    WIB,
    build,
    engine_for,
    rows,
    texts,
)
from tests.integration.test_flows_checkin import set_unit_policy

WEDNESDAY, THURSDAY = date(2026, 11, 25), date(2026, 11, 26)


def east(metres: float) -> tuple[float, float]:
    lon, lat, _ = Geod(ellps="WGS84").fwd(OFFICE[1], OFFICE[0], 90, metres)
    return lat, lon


VENUE = east(5000)  # the destination: 5 km east of the office
ELSEWHERE = east(12000)


@pytest.fixture(params=ENGINES)
async def h(request, tmp_path):
    harness = build(tmp_path, engine=engine_for(request), preset="konawe-kepulauan")
    await harness.link("501", STAFF)
    await harness.link("600", ADMIN)
    return harness


def pin(h, lat: float, lon: float) -> Location:
    """A point picked on the map (not a live location)."""
    return h.live_location(lat, lon, live=False)


async def start_dl(h, dates: str = "25-11-2026", sender: str = "501", **command) -> str:
    """The /izin steps up to the destination; the bot's last words."""
    await h.send(sender, **(command or {"command": "izin"}))
    await h.send(sender, button="lt:DL")
    await h.send(sender, button="lt:DL:luar_kota")
    await h.send(sender, text=dates)
    return texts(await h.send(sender, text="Rapat koordinasi di kantor camat"))


async def attach_letters(h, sender: str = "501"):
    sppd = await h.send(sender, document=h.document(b"%PDF-1.4 sppd"))
    assert "Lampirkan surat tugas (SPT)" in texts(sppd)
    return await h.send(sender, document=h.document(b"%PDF-1.4 surat tugas"))


async def file_dl(h, dates: str = "25-11-2026", where=VENUE):
    asked = await start_dl(h, dates)
    assert "Kirim lokasi tempat tujuan" in asked
    await h.send(location=pin(h, *where))
    return await attach_letters(h)


async def clock(h, direction: str, lat: float, lon: float):
    await h.send(command=direction, text=f"/{direction}")
    located = await h.send(location=h.live_location(lat, lon))
    if "swafoto" not in texts(located).lower():
        return located
    return await h.send(photo=h.photo(f"face:{STAFF}|{h.clock.now()}".encode()))


async def test_a_dl_asks_for_its_destination_and_its_two_letters_citing_pasal_9_ayat_5(h):
    asked = await start_dl(h)
    assert "absen masuk dan pulang dilakukan di tempat tujuan" in asked
    assert "[Perbup Konawe Kepulauan 18/2023, Pasal 9 ayat (5)]" in asked
    letter = texts(await h.send(location=pin(h, *VENUE)))
    assert "Lampirkan Surat Perintah Perjalanan Dinas (SPPD)" in letter
    assert "Pasal 9 ayat (5) huruf a" in letter
    spt = texts(await h.send(document=h.document(b"%PDF-1.4 sppd")))
    assert "Lampirkan surat tugas (SPT)" in spt and "Pasal 9 ayat (5) huruf b" in spt
    sent = await h.send(document=h.document(b"%PDF-1.4 surat tugas"))
    assert "Dinas luar (luar kota) 25-11-2026 terkirim ke Rina Marlina" in texts(sent)
    [(_, notice)] = sent.notices
    assert "Tujuan: https://maps.google.com/?q=" in notice.text
    labels = [b.label for row in notice.buttons for b in row]
    assert labels == ["✅ Setujui", "❌ Tolak", "📍 Setujui, ubah tujuan"]
    with h.uow() as uow:
        [destination] = uow.session.query(TravelDestinationRow).all()
        assert (destination.radius_m, destination.set_by) == (500, destination.employee_id)
        assert math.isclose(destination.lat, VENUE[0]) and math.isclose(destination.lon, VENUE[1])


@pytest.mark.parametrize(
    ("message", "answer"),
    [
        ({"location": "forwarded"}, "Lokasi terusan tidak diterima sebagai tujuan"),
        ({"location": "off_map"}, "koordinatnya tidak ada di peta"),
        ({"unsupported": "venue"}, "Tempat yang dipilih dari daftar tidak dapat dipakai"),
        ({"text": "Kendari"}, "Yang diminta adalah lokasi tempat tujuan"),
    ],
)
async def test_a_destination_that_will_not_do_is_refused_and_asked_again(h, message, answer):
    await start_dl(h)
    if message.get("location") == "forwarded":
        sent = await h.send(location=pin(h, *VENUE), forwarded=True)
    elif message.get("location") == "off_map":
        sent = await h.send(location=pin(h, 91.5, 122.5))
    else:
        sent = await h.send(**message)
    assert answer in texts(sent)
    # Still at the destination step: a good point goes on to the letters, nothing was filed.
    assert "(SPPD)" in texts(await h.send(location=pin(h, *VENUE)))
    with h.uow() as uow:
        assert uow.session.query(TravelDestinationRow).count() == 0


async def test_an_english_user_is_told_in_english_that_text_is_not_a_destination(h):
    await h.send(command="bahasa", text="/bahasa en", args=("en",))
    await start_dl(h)
    answer = texts(await h.send(text="Kendari"))
    assert answer.endswith("(📎 > Location), not text. Or /batal.") and "teks" not in answer


async def test_the_service_refuses_a_dl_without_a_destination(h):
    with h.uow() as uow:
        staff = uow.employee_by_identifier(uow.organisation(ORG).id, STAFF)
        letters = [{"kind": "sppd", "media": "a"}, {"kind": "surat_tugas", "media": "b"}]
        request = AbsenceRequest(staff.id, "DL", "luar_kota", WEDNESDAY, WEDNESDAY,
                                 "rapat", letters, filed_at=h.clock.now())  # fmt: skip
        with pytest.raises(MissingDestination) as refused:
            request_absence(uow, request)
    assert "Perbup Konawe Kepulauan 18/2023, Pasal 9 ayat (5)" in str(refused.value)


async def test_on_the_dl_day_the_destination_is_accepted_and_the_office_refused(h):
    await file_dl(h)
    await h.send("600", button="ap:1")
    h.at(7, 20, WEDNESDAY)
    at_office = await clock(h, "masuk", *OFFICE)
    assert "Ditolak: Anda 4,5 km di luar area tujuan dinas luar Anda." in texts(at_office)
    assert "bukan di kantor. [Perbup Konawe Kepulauan 18/2023, Pasal 9 ayat (5)]" in texts(
        at_office
    )
    h.at(7, 25, WEDNESDAY)
    there = await clock(h, "masuk", *VENUE)
    assert "Masuk tercatat 07:25" in texts(there)
    assert "Di tujuan dinas luar yang disetujui." in texts(there)
    assert [(r.accepted, r.site, r.evidence["fence"]) for r in rows(h)] == [
        (False, "dl-1", "travel"),
        (True, "dl-1", "travel"),
    ]


async def test_before_approval_and_on_other_days_the_office_judges(h):
    await file_dl(h)  # pending
    h.at(7, 20, WEDNESDAY)
    assert "Masuk tercatat 07:20" in texts(await clock(h, "masuk", *OFFICE))
    await h.send("600", button="ap:1")
    h.at(7, 20, THURSDAY)  # the day after the travel
    assert "Masuk tercatat 07:20" in texts(await clock(h, "masuk", *OFFICE))
    assert all(r.site == "kantor-walikota" for r in rows(h))


async def test_the_approver_may_approve_with_another_destination(h):
    sent = await file_dl(h)
    other = sent.notices[0][1].buttons[1][0].data
    asked = await h.send("600", button=other)
    assert "Kirim lokasi tujuan yang benar untuk dinas luar Dewi Lestari A.Md 25-11-2026" in (
        texts(asked)
    )
    done = await h.send("600", location=pin(h, *ELSEWHERE))
    assert "Tercatat: disetujui, dengan tujuan https://maps.google.com/?q=" in texts(done)
    [(_, note)] = done.notices
    assert "DISETUJUI oleh Rina Marlina S.Sos, dengan tujuan https://" in note.text
    again = await h.send("600", button=other)
    assert "sudah disetujui" in texts(again)
    h.at(7, 20, WEDNESDAY)
    assert "di luar area tujuan dinas luar" in texts(await clock(h, "masuk", *VENUE))
    assert "Masuk tercatat" in texts(await clock(h, "masuk", *ELSEWHERE))
    with h.uow() as uow:
        first, latest = uow.session.query(TravelDestinationRow).order_by(TravelDestinationRow.id)
        admin = uow.employee_by_identifier(uow.organisation(ORG).id, ADMIN)
        assert (first.set_by, latest.set_by) == (first.employee_id, admin.id)


async def test_an_admin_filing_for_an_employee_picks_the_destination(h):
    asked = await start_dl(h, sender="600", command="izin", args=(STAFF,), text=f"/izin {STAFF}")
    assert "Pada hari dinas luar, Dewi Lestari A.Md absen di tempat tujuan" in asked
    await h.send("600", location=pin(h, *VENUE))
    recorded = await attach_letters(h, "600")
    assert "dicatat dan disetujui" in texts(recorded)
    h.at(7, 20, WEDNESDAY)
    assert "Masuk tercatat 07:20" in texts(await clock(h, "masuk", *VENUE))


async def test_a_unit_that_wants_a_live_destination_refuses_a_pin(h):
    set_unit_policy(h, {"travel_destination_live": True})
    asked = await start_dl(h)
    assert "bagikan Lokasi Terkini" in asked
    assert "Lokasi Terkini dari tempat tujuan" in texts(await h.send(location=pin(h, *VENUE)))
    stale = h.live_location(*VENUE, age_s=600)
    assert "sudah 10 menit yang lalu" in texts(await h.send(location=stale))
    assert "SPPD" in texts(await h.send(location=h.live_location(*VENUE)))


async def test_the_recap_counts_the_dl_days_on_their_clock_ins(h):
    """A DL day clocked in and out at the destination costs nothing; a DL day without either
    is charged as two missing records, as any day would be (the TPP table's default)."""
    await file_dl(h, dates="25-11-2026 s/d 26-11-2026")
    await h.send("600", button="ap:1")
    h.at(7, 25, WEDNESDAY)
    await clock(h, "masuk", *VENUE)
    h.at(16, 5, WEDNESDAY)
    assert "Pulang tercatat 16:05" in texts(await clock(h, "pulang", *VENUE))
    now = datetime(2026, 12, 1, 9, 0, tzinfo=WIB)
    with h.uow() as uow:
        result = month_recap(uow, ORG, 2026, 11, "setda", now=now)
    line = next(e for e in result.unit("setda").employees if e.person.identifier == STAFF)
    wednesday, thursday = line.days[24].status, line.days[25].status
    assert (wednesday.code.value, wednesday.missing_in, wednesday.missing_out) == (
        "DL",
        False,
        False,
    )
    assert (thursday.code.value, thursday.missing_in, thursday.missing_out) == ("DL", True, True)
    assert line.totals.absences["DL"] == 2 and line.totals.present == 2
    items = {what: (count, pct) for what, count, pct in line.deduction.items}
    assert items["tanpa_absen_masuk"] == (1, Decimal("1.5"))
    assert items["tanpa_absen_pulang"] == (1, Decimal("1.5"))
    with h.uow() as uow:
        assert audit.verify(uow.session)[1] == []


async def test_a_destination_is_audited_and_an_edit_behind_the_logs_back_shows(h):
    await file_dl(h)
    with h.uow() as uow:
        assert audit.verify(uow.session)[1] == []
        [row] = uow.session.query(TravelDestinationRow).all()
        row.lat += 0.01  # moved without the log
        uow.session.commit()
    with h.uow() as uow:
        assert [p.what for p in audit.verify(uow.session)[1]] == [
            f"travel_destinations row {row.id} was edited"
        ]


async def test_a_live_destination_is_trusted_as_the_units_clock_ins_are(h):
    """Where the unit takes no clock-ins over this channel, it takes no live destination
    either: the employee is sent to the other channel, as at a clock-in."""
    set_unit_policy(h, {"travel_destination_live": True, "location_trust": {"telegram": "refuse"}})
    await start_dl(h)
    refused = texts(await h.send(location=h.live_location(*VENUE)))
    assert "Telegram" in refused and "WhatsApp" in refused
    with h.uow() as uow:
        assert uow.session.query(TravelDestinationRow).count() == 0


async def test_another_destination_is_only_for_a_pending_travel_of_ones_own_staff(h):
    sent = await file_dl(h)
    other = sent.notices[0][1].buttons[1][0].data
    assert "tidak dikenal" in texts(await h.send("600", button="ad:999"))
    await h.link("700", "197804122005011002")  # the head of unit: no admin
    assert "tidak berwenang" in texts(await h.send("700", button=other))
    await h.send("600", button=other)
    moved = await h.send("600", location=pin(h, *ELSEWHERE), forwarded=True)
    assert "Lokasi terusan tidak diterima sebagai tujuan" in texts(moved)
    with h.uow() as uow:
        assert uow.absence(1).status == "pending"
