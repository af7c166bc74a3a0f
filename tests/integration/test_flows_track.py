"""A clock-in whose live location keeps moving: its track judged with the selfie (core.track).

Flagged into /tinjau with the reason, or refused under `track: {action: refuse}`; a real phone's
track passes unflagged; WhatsApp, which sends no live updates, is never judged by one.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from core.flows.messages import Channel, Location
from core.track import Fix
from tests import track_samples as samples
from tests.flows_harness import ADMIN, ENGINES, OFFICE, STAFF, build, engine_for, rows, texts
from tests.integration.test_flows_checkin import set_unit_policy

SETDA = "Sekretariat Daerah Kota Sungai Penuh"
WA = "6281366002104"


@pytest.fixture(params=ENGINES)
async def h(request, tmp_path):
    harness = build(tmp_path, engine=engine_for(request))
    await harness.link("501", STAFF)
    await harness.link("600", ADMIN)
    return harness


async def enroll(h) -> None:
    """Dewi's face approved, so that only the track can flag her clock-in."""
    await h.send("501", command="wajah")
    await h.send("501", photo=h.photo(f"face:{STAFF}|enrol".encode()))
    asked = await h.send("501", button="fe:done")
    approve = asked.notices[0][1].buttons[0][0].data
    assert (await h.send("600", button=approve)).toast == "Tercatat: disetujui."


def located(fix: Fix, edited: bool) -> Location:
    return Location(fix.lat, fix.lon, fix.accuracy_m, True, fix.at, edited=edited)


async def share(h, fix: Fix, edited: bool = True, sender: str = "501", **extra):
    """The live location's position `fix`, at its own time: the first, or a later one (an
    edit of the same message, as Telegram sends it)."""
    h.clock.set(fix.at)
    return await h.send(sender, location=located(fix, edited), **extra)


async def clock_in_with(h, first: Fix, later: list[Fix], before: list[Fix] = ()):
    """/masuk; positions of a live location shared earlier (`before`); the clock-in's live
    location (`first`) and its later positions; the selfie 5 seconds after the last."""
    h.clock.set((before or [first])[0].at - timedelta(seconds=5))
    await h.send("501", command="masuk", text="/masuk")
    for fix in before:
        assert (await share(h, fix)).replies == []  # kept quietly
    asked = await share(h, first, edited=False)
    assert "(Kantor Walikota Sungai Penuh)" in texts(asked), texts(asked)  # asked for the selfie
    for fix in later:
        assert (await share(h, fix)).replies == []
    h.clock.set((later or [first])[-1].at + timedelta(seconds=5))
    return await h.send("501", photo=h.photo(f"face:{STAFF}|{h.clock.now()}".encode()))


async def tinjau(h):
    return await h.send("600", command="tinjau", text="/tinjau")


def at_office(fix: Fix) -> Fix:
    """`fix` moved onto the office's centre (the first live location must be inside)."""
    return replace(fix, lat=OFFICE[0], lon=OFFICE[1])


async def test_a_real_walk_is_accepted_without_a_flag(h):
    await enroll(h)
    walked = samples.walk(11, fixes=30)
    # From the office's door to a desk: the walk's positions from its end back to its start.
    inside = [replace(f, at=walked[i].at) for i, f in enumerate(reversed(walked))]
    done = await clock_in_with(h, at_office(inside[0]), inside[1:])
    assert "tercatat 07:22 WIB: tepat waktu" in texts(done)
    assert "ditinjau" not in texts(done)
    [row] = rows(h)
    assert row.accepted and "flags" not in row.evidence and "track" not in row.evidence
    assert row.evidence["track_points"] == 29  # besides the clock-in's own location
    assert "Tidak ada absen yang perlu ditinjau" in texts(await tinjau(h))


async def test_a_phone_lying_indoors_is_accepted_without_a_flag(h):
    await enroll(h)
    lying = samples.standing_indoors(12, fixes=24)
    done = await clock_in_with(h, at_office(lying[0]), lying[1:])
    assert "tepat waktu" in texts(done) and "ditinjau" not in texts(done)
    [row] = rows(h)
    assert row.accepted and "flags" not in row.evidence


async def test_a_still_mock_track_is_flagged_for_review_with_the_reason(h):
    await enroll(h)
    mock = samples.mock_still(fixes=10)
    done = await clock_in_with(h, mock[0], mock[1:])
    said = texts(done)
    assert "tercatat 07:20 WIB: tepat waktu" in said
    assert (
        "Lokasi terkini Anda akan ditinjau admin unit: 10 posisi berturut-turut persis sama "
        "dengan akurasi yang tidak berubah, ciri aplikasi lokasi palsu." in said
    )
    [row] = rows(h)
    assert row.accepted and row.evidence["flags"] == ["track_still"]
    assert row.evidence["track"] == [{"signal": "still", "fixes": 10, "metres": 1.0}]
    listed = await tinjau(h)
    assert listed.replies[1].text == (
        "Dewi Lestari A.Md: Masuk 07:20 WIB, lokasi terkini diam sempurna dengan akurasi tetap "
        "(aplikasi lokasi palsu?)"
    )


async def test_a_still_mock_track_is_refused_under_action_refuse(h):
    await enroll(h)
    set_unit_policy(h, {"track": {"action": "refuse"}})
    mock = samples.mock_still(fixes=10)
    done = await clock_in_with(h, mock[0], mock[1:])
    said = texts(done)
    assert said.startswith(
        "Absen Masuk ditolak: lokasi terkini Anda tidak bergerak seperti lokasi ponsel yang "
        "sebenarnya (10 posisi berturut-turut persis sama"
    ), said
    assert said.endswith("(presensi default: set by a unit)")
    [row] = rows(h)
    assert (row.accepted, row.outcome) == (False, "track_rejected")
    assert row.evidence["track"][0]["signal"] == "still"
    # Nothing accepted: the next clock-in with a real phone goes through.
    lying = samples.standing_indoors(13, fixes=6)
    lying = [replace(f, at=f.at + timedelta(minutes=3)) for f in lying]
    again = await clock_in_with(h, at_office(lying[0]), lying[1:])
    assert "tepat waktu" in texts(again)
    assert [r.accepted for r in rows(h)] == [False, True]


async def test_a_refusal_is_in_english_for_an_english_reader(h):
    await h.send("501", command="bahasa", text="/bahasa en", args=("en",))
    set_unit_policy(h, {"track": {"action": "refuse"}})
    first = replace(samples.mock_still(fixes=1)[0], accuracy_m=0.0)
    done = await clock_in_with(h, first, [])
    assert texts(done).startswith(
        "Clock in refused: your live location does not move like a real phone's (a location "
        "accuracy of exactly 0 m, which a real phone never reports)."
    ), texts(done)


async def test_a_first_fix_with_accuracy_zero_is_flagged(h):
    await enroll(h)
    first = replace(samples.mock_still(fixes=1)[0], accuracy_m=0.0)
    done = await clock_in_with(h, first, [])
    assert "akurasi lokasi tepat 0 m" in texts(done)
    [row] = rows(h)
    assert row.accepted and row.evidence["flags"] == ["track_zero_accuracy"]


async def test_a_teleport_from_home_into_the_office_is_flagged(h):
    await enroll(h)
    home = samples.teleport(fixes=12)[:6]  # a live location shared at home, 8 km away
    first = Fix(OFFICE[0], OFFICE[1], 12.0, home[-1].at + timedelta(seconds=5))
    done = await clock_in_with(h, first, [], before=home)
    assert "lokasi berpindah dari jauh langsung ke dalam area kantor" in texts(done)
    [row] = rows(h)
    assert row.evidence["flags"] == ["track_teleport"]
    assert row.evidence["track"][0]["metres"] > 7_900
    listed = await tinjau(h)
    assert "lokasi terkini pindah dari jauh langsung ke area kantor" in texts(listed)


async def test_a_huge_jump_and_a_broken_update_keep_the_clock_in_going(h):
    await enroll(h)
    lying = samples.standing_indoors(14, fixes=8)
    far = samples.moved(OFFICE, 0, 6000)
    h.clock.set(lying[0].at - timedelta(seconds=5))
    await h.send("501", command="masuk", text="/masuk")
    await share(h, at_office(lying[0]), edited=False)
    for fix in lying[1:4]:
        await share(h, fix)
    broken = Location(float("nan"), OFFICE[1], 10.0, True, lying[4].at, edited=True)
    assert (await h.send("501", location=broken)).replies == []  # ignored, the track kept
    await share(h, replace(lying[4], lat=far[0], lon=far[1]))  # 6 km off for one update
    for fix in lying[5:]:
        await share(h, fix)
    h.clock.set(lying[-1].at + timedelta(seconds=5))
    done = await h.send("501", photo=h.photo(f"face:{STAFF}|jump".encode()))
    assert "lokasi melompat 6 km dalam 5 detik" in texts(done) and "km/jam" in texts(done)
    [row] = rows(h)
    # Out to 6 km, then back into the office: both are named.
    assert row.evidence["flags"] == ["track_teleport", "track_jump"]
    assert row.evidence["track_points"] == 7


async def test_updates_out_of_order_and_twice_are_judged_by_time(h):
    await enroll(h)
    lying = samples.standing_indoors(15, fixes=10)
    later = lying[1:]
    shuffled = [later[3], later[0], later[5], later[1], later[1], *later[6:], later[2], later[4]]
    h.clock.set(lying[0].at - timedelta(seconds=5))
    await h.send("501", command="masuk", text="/masuk")
    await share(h, at_office(lying[0]), edited=False)
    for fix in shuffled:
        await h.send("501", location=located(fix, True))  # delivered late, stamped with its time
    h.clock.set(lying[-1].at + timedelta(seconds=5))
    done = await h.send("501", photo=h.photo(f"face:{STAFF}|x".encode()))
    assert "tepat waktu" in texts(done) and "ditinjau" not in texts(done)


async def test_whatsapp_without_live_updates_is_never_judged_by_a_track(h):
    """Even updates that look mocked (no WhatsApp client sends them) judge nothing there: the
    flow asks the channel whether it sends live updates."""
    await enroll(h)
    await h.send(WA, channel=Channel.WHATSAPP, command="start", text="/start")
    await h.send(WA, channel=Channel.WHATSAPP, text=STAFF)
    await h.send(WA, channel=Channel.WHATSAPP, text=h.code_for(STAFF))
    mock = samples.mock_still(fixes=10)
    h.clock.set(mock[0].at)
    await h.send(WA, channel=Channel.WHATSAPP, text="Masuk")
    pin = Location(OFFICE[0], OFFICE[1], None, False, h.clock.now())
    await h.send(WA, channel=Channel.WHATSAPP, location=pin)
    for fix in mock[1:]:
        h.clock.set(fix.at)
        await h.send(WA, channel=Channel.WHATSAPP, location=located(fix, True))
    photo = h.photo(f"face:{STAFF}|wa".encode())
    done = await h.send(WA, channel=Channel.WHATSAPP, photo=photo)
    assert "tepat waktu" in texts(done)
    [row] = rows(h)
    assert row.accepted and "flags" not in row.evidence
