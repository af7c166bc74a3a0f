"""Clocking in and out in core: every refusal, and the verdicts people read."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pyproj import Geod

from core.flows.messages import Channel, Location, Media
from tests.flows_harness import ADMIN, OFFICE, STAFF, TUESDAY, build, texts


@pytest.fixture
async def h(tmp_path):
    harness = build(tmp_path)
    await harness.link("501", STAFF)
    return harness


def records(h, who=STAFF):
    with h.uow() as uow:
        employee = uow.employee_by_identifier(uow.organisation("pemkot-sungai-penuh").id, who)
        return [
            (r.direction, r.outcome, r.accepted)
            for r in uow.attendance([employee.id], TUESDAY, TUESDAY)
        ]


def east(metres: float) -> tuple[float, float]:
    lon, lat, _ = Geod(ellps="WGS84").fwd(OFFICE[1], OFFICE[0], 90, metres)
    return lat, lon


async def test_clock_in_on_time_with_a_live_location_and_a_selfie(h):
    asked = await h.send(command="masuk", text="/masuk")
    assert "LOKASI TERKINI" in texts(asked)
    assert "swafoto" in texts(await h.send(location=h.live_location()))
    answer = await h.send(photo=h.photo(b"face:me"))
    assert "Masuk tercatat 07:20 WIB: tepat waktu" in texts(answer)
    assert "belum terdaftar" in texts(answer)  # no face enrolled yet: recorded, flagged
    assert records(h) == [("in", "on_time", True)]


async def test_the_keyboard_button_text_works_like_the_command(h):
    assert "LOKASI TERKINI" in texts(await h.send(text="Masuk"))


async def test_late_by_minutes_with_its_band(h):
    h.at(7, 52)
    answer = await h.clock_in("501", STAFF)
    assert "terlambat 22 menit (TL1). Potongan TPP 0,5%." in texts(answer)


async def test_clock_out_early_says_how_early(h):
    await h.clock_in("501", STAFF)
    h.at(15, 10)
    answer = await h.clock_in("501", STAFF, "pulang")
    assert "pulang 50 menit sebelum waktunya (PSW2)" in texts(answer)


async def test_outside_the_area_by_metres_is_refused_and_recorded(h):
    await h.send(command="masuk")
    lat, lon = east(95)
    answer = await h.send(location=h.live_location(lat, lon))
    assert "65 m di luar area Kantor Walikota Sungai Penuh" in texts(answer)
    assert "Pasal 13" in texts(answer)
    assert records(h) == [("in", "outside_area", False)]


async def test_a_location_on_the_other_side_of_the_world(h):
    await h.send(command="masuk")
    answer = await h.send(location=h.live_location(40.7128, -74.0060))
    assert "km" not in texts(answer) and "di luar area" in texts(answer)


@pytest.mark.parametrize(
    "location, message",
    [
        (dict(live=False), "bukan lokasi terkini"),
        (dict(accuracy=1500), "Akurasi GPS 1500 m terlalu lemah"),
        (dict(age_s=3600), "60 menit yang lalu"),
    ],
)
async def test_locations_that_cannot_be_trusted_are_refused(h, location, message):
    await h.send(command="masuk")
    assert message in texts(await h.send(location=h.live_location(**location)))
    assert records(h) == []


async def test_a_forwarded_location_or_a_picked_place_is_refused(h):
    await h.send(command="masuk")
    assert "terusan" in texts(await h.send(location=h.live_location(), forwarded=True))
    assert "dipilih di peta" in texts(await h.send(unsupported="venue"))


@pytest.mark.parametrize(
    "fields, message",
    [
        (dict(text="saya di kantor"), "Yang diminta lokasi, bukan teks"),
        (dict(unsupported="sticker"), "bukan stiker"),
        (dict(unsupported="voice"), "bukan pesan suara"),
    ],
)
async def test_something_else_where_a_location_is_expected(h, fields, message):
    await h.send(command="masuk")
    assert message in texts(await h.send(**fields))


async def test_a_video_where_a_selfie_is_expected_is_answered_as_a_kind_not_read(h):
    await h.send(command="masuk")
    await h.send(location=h.live_location())
    clip = Media("DQnote", "u-note", "video/mp4", 41_000, seconds=3.0)
    answer = texts(await h.send(unsupported="video_note", video=clip))
    assert "bukan video bulat" in answer
    assert records(h) == []


async def test_a_forwarded_photo_or_a_late_selfie_is_refused(h):
    await h.send(command="masuk")
    await h.send(location=h.live_location())
    assert "Foto terusan" in texts(await h.send(photo=h.photo(b"face:me"), forwarded=True))
    h.clock.advance(minutes=6)
    assert "sudah habis" in texts(await h.send(photo=h.photo(b"face:me")))
    assert records(h) == []


async def test_a_step_that_expired_starts_over(h):
    await h.send(command="masuk")
    await h.redis.flushall()  # the state's TTL ran out
    answer = await h.send(location=h.live_location())
    assert "Pilih Masuk atau Pulang" in texts(answer)


async def test_a_second_clock_in_is_not_recorded_twice(h):
    await h.clock_in("501", STAFF)
    h.at(7, 40)
    await h.send(command="masuk")
    answer = await h.send(location=h.live_location())
    assert "sudah absen masuk pukul 07:20" in texts(answer)
    assert records(h) == [("in", "on_time", True)]


async def test_too_early_says_when_the_window_opens(h):
    h.at(6, 40)
    await h.send(command="masuk")
    answer = await h.send(location=h.live_location())
    assert "dibuka 20 menit lagi" in texts(answer)


async def enroll(h, sender, who, admin_sender="600"):
    await h.link(admin_sender, ADMIN)
    await h.send(sender, command="wajah")
    await h.send(sender, photo=h.photo(f"face:{who}|1".encode()))
    answer = await h.send(sender, button="fe:done")
    assert "terkirim ke admin" in texts(answer)
    _, notice = answer.notices[0]
    approve = notice.buttons[0][0].data
    approved = await h.send(admin_sender, button=approve)
    assert approved.toast == "Tercatat: disetujui."


async def test_with_an_enrolled_face_a_stranger_is_refused(h):
    await enroll(h, "501", STAFF)
    await h.send(command="masuk")
    await h.send(location=h.live_location())
    answer = await h.send(photo=h.photo(b"face:someone-else"))
    assert "wajah tidak cocok dengan wajah yang terdaftar" in texts(answer)
    assert records(h) == [("in", "face_rejected", False)]
    matched = await h.clock_in("501", STAFF)
    assert "tepat waktu" in texts(matched) and "belum terdaftar" not in texts(matched)


async def test_a_photo_used_before_is_refused(h):
    await h.send(command="masuk")
    await h.send(location=h.live_location())
    photo = h.photo(b"face:me|1", unique="same-file")
    await h.send(photo=photo)
    h.at(16, 5)
    await h.send(command="pulang")
    await h.send(location=h.live_location())
    answer = await h.send(photo=photo)
    assert "sudah pernah dipakai" in texts(answer)


async def test_live_location_updates_are_read_silently(h):
    await h.send(command="masuk")
    await h.send(location=h.live_location())
    moved = Location(
        OFFICE[0], OFFICE[1], 10, True, h.clock.now() + timedelta(seconds=20), edited=True
    )
    assert (await h.send(location=moved)).replies == []
    await h.send(photo=h.photo(b"face:me"))
    with h.uow() as uow:
        row = uow.attendance([uow.employee_by_identifier(1, STAFF).id], TUESDAY, TUESDAY)[0]
    assert row.evidence["track_points"] == 1


async def test_the_organisations_face_threshold_is_applied(h):
    with h.uow() as uow:
        org = uow.organisation("pemkot-sungai-penuh")
        org.policy = {**org.policy, "face_threshold": 0.42}
        uow.touch(org, "test", "organisation.update")
        uow.commit()
    await enroll(h, "501", STAFF)
    await h.clock_in("501", STAFF)
    assert h.faces.thresholds == [0.42]


async def test_before_enrollment_a_selfie_must_still_show_one_face(h):
    await h.send(command="masuk")
    await h.send(location=h.live_location())
    answer = await h.send(photo=h.photo(b"%PDF-1.4 not a selfie"))
    assert "wajah tidak ditemukan" in texts(answer)
    assert records(h) == [("in", "face_rejected", False)]


async def test_a_selfie_recorded_before_a_crash_is_answered_from_its_record(h):
    """The record and the photo's fingerprint were kept, the answer was not (a crash, an
    outage): the same delivery again gets the same answer, not "photo already used"."""
    await h.send(command="masuk", text="/masuk")
    await h.send(location=h.live_location())
    state = h.runner.deps.state
    open_step = await state.get(Channel.TELEGRAM, "501")
    selfie = h.event(photo=h.photo(b"face:" + STAFF.encode()))
    first = await h.runner.handle(selfie)
    assert "Masuk tercatat" in texts(first)
    # The crash came after the record, before the step's end and the answer were kept.
    await state.put(Channel.TELEGRAM, "501", open_step)
    await h.redis.delete(f"presensi:done:{selfie.key}")  # the harness's default prefix
    again = await h.runner.handle(selfie)
    assert texts(again) == texts(first) and not again.repeated
    assert records(h) == [("in", "on_time", True)]


async def test_the_site_is_named_as_staff_call_it_not_by_its_code(h):
    await h.send(command="masuk")
    asked = texts(await h.send(location=h.live_location()))
    assert asked.startswith("Lokasi diterima (Kantor Walikota Sungai Penuh).")
