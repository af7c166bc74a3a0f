"""The liveness video at check-in, through the flow: a one-time challenge after the location, a
round video or a short video as the answer, and a video that passes recorded like a selfie with
its first frame as the photo. On SQLite and PostgreSQL; the checker is a hand-written stand-in
here (the checks themselves are tested on real video in test_faces_liveness), but for one test
that runs the real check on the real clip of a living head.
"""

from __future__ import annotations

import random
from dataclasses import replace
from importlib.util import find_spec

import pytest

from core.faces.liveness import CheckedClip, LivenessResult
from core.faces.liveness_reasons import LivenessReason
from core.faces.port import FaceCheckUnavailable
from core.flows.messages import Channel, Media
from core.flows.texts import t
from core.liveness_rule import Challenge
from core.storage.tables import AttendanceRow
from tests.flows_harness import ADMIN, ENGINES, FACE_CIPHER, ORG, STAFF, build, engine_for, texts
from tests.integration.test_flows_checkin import set_unit_policy
from tests.integration.test_flows_clocking import enroll

ALWAYS = {"liveness": {"mode": "always", "max_seconds": 8, "challenge_valid_seconds": 120}}
WA = "6281366002104"
STILL = b"face:" + STAFF.encode() + b"|first frame"


class FakeLiveness:
    """Reads what a test video shows from its bytes: b"live:<challenge done>" passes when the
    challenge is the one asked; b"refuse:<reason>" is refused for that reason."""

    def __init__(self) -> None:
        self.asked: list[Challenge] = []
        self.failures = 0  # the next checks that fail as a crashed engine does

    async def __call__(self, data: bytes, challenge: str, references, **limits) -> CheckedClip:
        challenge = Challenge(challenge)
        self.asked.append(challenge)
        if self.failures:
            self.failures -= 1
            return CheckedClip(LivenessResult(False, LivenessReason.TRY_AGAIN))
        if not references:
            return CheckedClip(LivenessResult(False, LivenessReason.NOT_ENROLLED))
        kind, _, detail = data.decode().partition(":")
        if kind == "refuse":
            return CheckedClip(LivenessResult(False, LivenessReason(detail)))
        if detail != challenge.value:
            missed = {"toleh_kiri": "not_turned_left", "toleh_kanan": "not_turned_right"}
            reason = LivenessReason(missed.get(challenge.value, "not_blinked_twice"))
            return CheckedClip(LivenessResult(False, reason))
        return CheckedClip(LivenessResult(True, None, 12, 12, 0.36, -0.4, 0, 0.31), STILL)


@pytest.fixture(params=ENGINES)
async def h(request, tmp_path):
    harness = build(tmp_path, engine=engine_for(request))
    await harness.link("501", STAFF)
    await enroll(harness, "501", STAFF)
    set_unit_policy(harness, ALWAYS)
    harness.runner.deps.liveness = FakeLiveness()
    harness.runner.deps.rng = random.Random(7)
    harness.at(7, 20)
    return harness


def video(h, content: bytes, seconds: float = 3.0, unique: str | None = None, **fields) -> dict:
    """A round video note as the adapters give it (kind not read by other steps)."""
    file_id = f"file-{len(h.files) + 1}"
    h.files[file_id] = content
    clip = Media(file_id, unique or file_id, "video/mp4", len(content), seconds=seconds)
    return {"video": clip, "unsupported": "video_note", **fields}


async def asked(h, sender: str = "501") -> Challenge:
    """/masuk and the live location; the challenge the bot gave, read from its words."""
    await h.send(sender, command="masuk")
    answer = texts(await h.send(sender, location=h.live_location()))
    assert answer.startswith(
        "Lokasi diterima (Kantor Walikota Sungai Penuh). Kirim video singkat wajah Anda "
        "(paling lama 8 detik) dalam 2 menit: "
    )
    [given] = [c for c in Challenge if t("id", f"liveness_challenge_{c.value}") in answer]
    return given


def records(h) -> list[AttendanceRow]:
    with h.uow() as uow:
        return list(uow.session.query(AttendanceRow).order_by(AttendanceRow.id))


async def test_a_video_doing_the_challenge_is_recorded_with_its_first_frame(h):
    challenge = await asked(h)

    done = await h.send(**video(h, f"live:{challenge.value}".encode()))

    assert "Masuk tercatat 07:20 WIB: tepat waktu." in texts(done)
    [row] = records(h)
    assert row.accepted and row.outcome == "on_time"
    assert row.evidence["face"]["liveness"]["challenge"] == challenge.value
    assert row.evidence["face"]["status"] == "match"
    stored = h.runner.deps.media.get(row.evidence["selfie"])  # the frame, not the video
    assert stored == STILL


async def test_the_challenge_is_drawn_anew_for_each_check_in(h):
    drawn = set()
    for _ in range(6):
        drawn.add(await asked(h))
        await h.send(command="batal")
    assert len(drawn) > 1


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        (
            dict(photo=Media("p1", "p1", "image/jpeg", 10)),
            "Yang diminta video wajah Anda, bukan foto",
        ),
        (dict(text="sudah"), "Yang diminta video wajah Anda, bukan teks"),
        (dict(unsupported="sticker"), "bukan stiker"),
    ],
)
async def test_something_else_than_a_video_is_asked_again(h, fields, words):
    await asked(h)
    assert words in texts(await h.send(**fields))
    assert records(h) == []


async def test_bad_videos_get_a_clear_answer_and_the_step_stays_open(h):
    challenge = await asked(h)
    too_long = await h.send(**video(h, b"live:x", seconds=12))
    assert "Video terlalu panjang (paling lama 8 detik)" in texts(too_long)
    forwarded = await h.send(**video(h, b"live:x", forwarded=True))
    assert "Video terusan tidak diterima" in texts(forwarded)
    flat = await h.send(**video(h, b"refuse:flat"))
    assert "Wajah tampak seperti foto atau layar" in texts(flat)
    two = await h.send(**video(h, b"refuse:multiple_faces"))
    assert "Lebih dari satu wajah di video" in texts(two)
    assert records(h) == []
    done = await h.send(**video(h, f"live:{challenge.value}".encode()))
    assert "Masuk tercatat" in texts(done)


async def test_three_refused_takes_end_the_check_in(h):
    await asked(h)
    for reason in ("no_face", "still_image"):
        await h.send(**video(h, f"refuse:{reason}".encode()))
    last = texts(await h.send(**video(h, b"refuse:flat")))
    assert last.startswith("Wajah tampak seperti foto atau layar.")
    assert "Tiga video sudah ditolak" in last
    after = texts(await h.send(**video(h, b"live:toleh_kiri")))
    assert after.startswith("Bot tidak dapat membaca video bulat.")  # no step open any more
    assert records(h) == []


async def test_an_engine_failure_is_tried_again_and_never_counts_as_a_take(h):
    challenge = await asked(h)
    take = video(h, f"live:{challenge.value}".encode())
    h.runner.deps.liveness.failures = 1

    done = await h.send(**take)

    assert "Masuk tercatat 07:20 WIB: tepat waktu." in texts(done)
    assert "coba" not in texts(done).lower()


async def test_an_engine_failing_twice_hands_the_video_back_to_the_inbox(h):
    challenge = await asked(h)
    take = h.event(**video(h, f"live:{challenge.value}".encode()))
    h.runner.deps.liveness.failures = 2

    with pytest.raises(FaceCheckUnavailable):
        await h.runner.handle(take)
    assert records(h) == []

    done = await h.runner.handle(take)  # the inbox's next try of the same delivery
    assert "Masuk tercatat 07:20 WIB: tepat waktu." in texts(done)


async def test_a_video_for_another_challenge_is_refused_in_words(h):
    challenge = await asked(h)
    other = next(c for c in Challenge if c is not challenge)
    answer = texts(await h.send(**video(h, f"live:{other.value}".encode())))
    expected = {
        Challenge.TURN_LEFT: "Wajah tidak menoleh ke kiri",
        Challenge.TURN_RIGHT: "Wajah tidak menoleh ke kanan",
        Challenge.BLINK_TWICE: "Mata tidak berkedip dua kali",
    }
    assert expected[challenge] in answer


async def test_an_expired_challenge_cannot_be_answered(h):
    challenge = await asked(h)
    h.clock.advance(minutes=3)
    answer = texts(await h.send(**video(h, f"live:{challenge.value}".encode())))
    assert "Waktu untuk video ini sudah habis" in answer
    assert records(h) == []


async def test_the_same_video_twice_is_refused_the_second_time(h):
    challenge = await asked(h)
    await h.send(**video(h, f"live:{challenge.value}".encode(), unique="vid-1"))
    h.at(16, 5)
    await h.send(command="pulang")
    again = await h.send(location=h.live_location())
    given = next(c for c in Challenge if t("id", f"liveness_challenge_{c.value}") in texts(again))
    replay = await h.send(**video(h, f"live:{given.value}".encode(), unique="vid-1"))
    assert "Video ini sudah pernah dipakai" in texts(replay)
    assert len(records(h)) == 1


async def test_without_an_enrolled_face_no_video_is_asked(tmp_path):
    h = build(tmp_path)
    await h.link("501", STAFF)
    set_unit_policy(h, ALWAYS)
    h.runner.deps.liveness = FakeLiveness()
    await h.send(command="masuk")
    answer = texts(await h.send(location=h.live_location()))
    assert "Sekarang kirim swafoto" in answer


async def test_a_share_of_none_asks_no_check_in(h):
    set_unit_policy(h, {"liveness": {"mode": "share", "share": 0.0}})
    await h.send(command="masuk")
    assert "Sekarang kirim swafoto" in texts(await h.send(location=h.live_location()))


async def test_at_a_share_of_none_a_whatsapp_check_in_the_unit_reviews_is_asked(tmp_path):
    h = build(tmp_path)
    share = {"mode": "share", "share": 0.0, "max_seconds": 8}
    set_unit_policy(h, {"liveness": share, "location_trust": {"whatsapp": "review"}})
    h.runner.deps.liveness = FakeLiveness()
    await h.link("600", ADMIN)
    wa = dict(channel=Channel.WHATSAPP)
    await h.send(WA, command="start", text="/start", **wa)
    await h.send(WA, text=STAFF, **wa)
    await h.send(WA, text=h.code_for(STAFF), **wa)
    await h.send(WA, command="wajah", **wa)
    await h.send(WA, photo=h.photo(f"face:{STAFF}|1".encode()), **wa)
    _, notice = (await h.send(WA, button="fe:done", **wa)).notices[0]
    await h.send("600", button=notice.buttons[0][0].data)

    await h.send(WA, text="Masuk", **wa)
    asked = texts(await h.send(WA, location=h.live_location(live=False), **wa))

    assert "Kirim video singkat wajah Anda" in asked
    done = await h.send(WA, **video(h, f"live:{_given(asked).value}".encode()), **wa)
    assert "Masuk tercatat 07:20 WIB" in texts(done)


def _given(answer: str) -> Challenge:
    return next(c for c in Challenge if t("id", f"liveness_challenge_{c.value}") in answer)


async def test_in_english(h):
    await h.send(command="bahasa", text="/bahasa en", args=("en",))
    await h.send(command="masuk")
    answer = texts(await h.send(location=h.live_location()))
    assert answer.startswith(
        "Location accepted (Kantor Walikota Sungai Penuh). Send a short video of your face "
        "(at most 8 seconds) within 2 minutes: "
    )
    flat = texts(await h.send(**video(h, b"refuse:flat")))
    assert flat == "The face looks like a photo or a screen. Record your own face live."


class TurnRight(random.Random):
    """Draws as random does, but always gives the challenge the real clip performs."""

    def choice(self, seq):
        return Challenge.TURN_RIGHT


@pytest.mark.faces
async def test_the_real_clip_of_a_living_head_is_recorded_by_the_real_check(tmp_path):
    if find_spec("face_recognition") is None:  # not importorskip: see test_faces_liveness
        pytest.skip("the face extra is not installed")
    pytest.importorskip("av")
    from core.faces.pool import ProcessPoolMatcher
    from tests import liveness_videos

    h = build(tmp_path)
    await h.link("501", STAFF)
    await enroll(h, "501", STAFF)
    with h.uow() as uow:  # the employee is the clip's performer
        me = uow.employee_by_identifier(uow.organisation(ORG).id, STAFF)
        faces = uow.face_references(FACE_CIPHER)
        active = faces.get_active(str(me.id))
        faces.save(replace(active, encodings=(liveness_videos.performer(),)))
        uow.commit()
    set_unit_policy(h, ALWAYS)
    h.runner.deps.rng = TurnRight()

    async with ProcessPoolMatcher(workers=1, timeout=30) as workers:  # as presensi serve does
        h.runner.deps.liveness = workers.check_liveness
        assert await asked(h) is Challenge.TURN_RIGHT
        done = await h.send(**video(h, liveness_videos.stage_steady(), seconds=4.0))

    assert "Masuk tercatat 07:20 WIB: tepat waktu." in texts(done)
    [row] = records(h)
    measured = row.evidence["face"]["liveness"]
    assert measured["challenge"] == "toleh_kanan" and measured["flatness"] > 0.25
    frame = h.runner.deps.media.get(row.evidence["selfie"])
    assert frame.startswith(b"\xff\xd8")  # the first frame as a JPEG; the video is not kept
