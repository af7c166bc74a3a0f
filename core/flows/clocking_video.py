"""The liveness video of a check-in: after the location, a one-time challenge ("toleh ke kiri");
the employee answers with a Telegram round video or a short video, checked for one living,
enrolled face doing it (core.faces.liveness). A video that passes stands in for the selfie: its
first frame is kept as the photo, the video itself is not stored.

Whether a check-in asks is the policy's (core.liveness_rule), carried in the judgement; the
random draws come from `FlowDeps.rng`, so tests fix them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from core.faces.liveness_reasons import LivenessReason
from core.flows import face_wait
from core.flows.messages import Media
from core.flows.turn import Turn
from core.judgement import Judgement
from core.liveness_rule import (
    Challenge,
    LivenessRule,
    asks_for_video,
    pick_challenge,
    rule_from_json,
)

# Videos refused in one conversation before it ends: enough for a bad take or poor light, too
# few to try a pile of recordings against one challenge.
MAX_TRIES = 3
# A chat client re-encodes a few seconds of video to well under this (Telegram's round videos
# are about 100-300 KB a second); the bound keeps a download from tying up a worker.
MAX_VIDEO_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Clip:
    """A video that passed: the frame kept as the photo, and the face check as evidence."""

    still: bytes
    face: dict


def challenge_for(turn: Turn, judged: Judgement, enrolled: bool) -> Challenge | None:
    """The challenge this check-in asks for, or None: no video (policy off, not drawn, no
    enrolled face to match, or no checker installed). A check-in the unit reviews (the
    channel's trust) is always asked where the mode is on."""
    rule = rule_from_json(judged.liveness)
    if turn.deps.liveness is None or not enrolled or rule.mode == "off":
        return None
    flagged = judged.trust[0] == "review"
    if not asks_for_video(rule, flagged=flagged, draw=turn.deps.rng.random):
        return None
    return pick_challenge(turn.deps.rng)


def ask(turn: Turn, challenge: Challenge, judged: Judgement, site: str) -> None:
    """Give the challenge, once the location is accepted at `site`."""
    turn.say(
        "liveness_ask",
        site=site,
        seconds=f"{rule_from_json(judged.liveness).max_seconds:g}",
        minutes=max(1, _valid_s(judged) // 60),
        challenge=turn.text(f"liveness_challenge_{challenge.value}"),
    )


def _valid_s(judged: Judgement) -> int:
    """How long the challenge can be answered: its validity, within the selfie's window."""
    return min(rule_from_json(judged.liveness).challenge_valid_seconds, judged.selfie_window_s)


async def received(turn: Turn, judged: Judgement, now: datetime) -> Media | None:
    """The video, if it can be checked; None once the employee was told why not."""
    event, data = turn.event, turn.data
    rule = rule_from_json(judged.liveness)
    given = datetime.fromisoformat(data["challenge_at"])
    if now - given > timedelta(seconds=_valid_s(judged)):
        await turn.forget()
        turn.menu("liveness_expired")
        return None
    video = event.video
    if video is None:
        turn.say("liveness_expected_video", got=turn.got())
        return None
    if event.forwarded:
        turn.say("liveness_forwarded")
        return None
    if video.seconds is not None and video.seconds > rule.max_seconds:
        turn.say("liveness_video_too_long", seconds=f"{rule.max_seconds:g}")
        return None
    if video.size and video.size > MAX_VIDEO_BYTES:
        turn.say("liveness_video_too_large")
        return None
    return video


async def checked(
    turn: Turn, judged: Judgement, video: Media, references: tuple, arrived: str
) -> Clip | None:
    """The video checked against its challenge and the enrolled face; None once the employee
    was told why it is refused (the step stays open for another take, up to MAX_TRIES). A
    slow check is announced with `arrived` ("07:28 WIB"), a failed engine retried
    (core.flows.face_wait)."""
    rule, check = rule_from_json(judged.liveness), turn.deps.liveness
    if check is None:  # the location step asks only with a checker
        return None
    content = await turn.fetch(video)
    challenge = Challenge(turn.data["challenge"])
    limit, most = rule.max_seconds, MAX_VIDEO_BYTES
    clip = await face_wait.verdict(
        turn,
        lambda: check(content, challenge.value, references, max_seconds=limit, max_bytes=most),
        lambda clip: clip.result.reason is LivenessReason.TRY_AGAIN,
        arrived,
    )
    result = clip.result
    if not result.passed or clip.still is None:
        await _refused(turn, result.reason or LivenessReason.TRY_AGAIN, rule)
        return None
    replay = turn.deps.replay
    seen = await replay.check(str(turn.me.id), clip.still, video.unique_id) if replay else None
    if seen is not None and seen.reason is not None:
        turn.say("liveness_replayed")
        return None
    measures = {"challenge": challenge.value, "flatness": result.flatness,
                "turn": result.turn, "blinks": result.blinks}  # fmt: skip
    face = {"status": "match", "distance": result.distance, "liveness": measures}
    return Clip(clip.still, {**face, "replay": seen})


async def _refused(turn: Turn, reason: LivenessReason, rule: LivenessRule) -> None:
    """Say why; end the conversation after the last take allowed."""
    seconds = f"{rule.max_seconds:g}"
    data = dict(turn.data)
    tries = int(data.pop("video_tries", 0)) + 1
    if tries >= MAX_TRIES:
        await turn.forget()
        turn.menu("liveness_given_up", why=turn.text(reason.text_key, seconds=seconds))
        return
    await turn.remember("clock.video", **data, video_tries=tries)
    turn.say(reason.text_key, seconds=seconds)
