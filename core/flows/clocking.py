"""Clock in and out: live location -> area and window -> selfie -> face -> recorded verdict."""

from __future__ import annotations

import asyncio
import math
from datetime import datetime
from zoneinfo import ZoneInfo

from core.faces.enrollment import active_encodings
from core.flows.messages import Reply
from core.flows.texts import face_reason
from core.flows.turn import Turn
from core.geo import Point
from core.policy import Policy
from core.rules import Direction, Outcome, Verdict
from core.services.attendance import CheckRequest, judge_attempt, record_check
from core.services.context import employee_today, load_context
from core.storage.faces import SqlFaceReferences

ZONE_NAMES = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


def _what(turn: Turn, direction: str) -> str:
    return turn.text("btn_in" if direction == Direction.IN.value else "btn_out")


async def begin_in(turn: Turn) -> None:
    """Start a check-in: ask for the location."""
    await _begin(turn, Direction.IN)


async def begin_out(turn: Turn) -> None:
    """Start a check-out: ask for the location."""
    await _begin(turn, Direction.OUT)


async def _begin(turn: Turn, direction: Direction) -> None:
    now = turn.now()
    what = _what(turn, direction.value)
    if turn.event.can.live_location:
        await turn.remember("clock.location", direction=direction.value, asked_at=now.isoformat())
        turn.say("ask_live_location", what=what)
    else:
        trust, rule = await _whatsapp_trust(turn, now)
        if trust == "refuse":
            await turn.forget()
            turn.menu("whatsapp_refused", rule=rule)
            return
        await turn.remember(
            "clock.location", direction=direction.value, asked_at=now.isoformat(), trust=trust
        )
        turn.reply(
            Reply(
                turn.text("ask_location", what=what), ask_location=turn.text("btn_share_location")
            )
        )


async def _whatsapp_trust(turn: Turn, now: datetime) -> tuple[str, str]:
    """The unit's policy on WhatsApp clock-ins (accept, review, refuse) and its citation."""

    def read(uow) -> tuple[str, str]:
        employee = uow.employee(turn.employee.id)
        policy = load_context(uow, employee, employee_today(uow, employee, now)).policy
        return str(policy.whatsapp_clock_in.value), str(policy.whatsapp_clock_in.rule)

    return await turn.db(read)


async def location(turn: Turn) -> None:
    """Check the location's kind, accuracy and age, then the area and the window."""
    data = turn.conversation.data
    what = _what(turn, data["direction"])
    problem = _location_problem(turn)
    if problem:
        # Without live locations the request's button is how a position is sent: offer it again.
        again = None if turn.event.can.live_location else turn.text("btn_share_location")
        turn.reply(Reply(problem, ask_location=again))
        return
    where = turn.event.location
    position = Point(where.lat, where.lon)
    direction = Direction(data["direction"])
    now = turn.now()
    verdict, earlier, policy, enrolled = await turn.db(
        lambda uow: _judge(uow, turn.employee.id, direction, position, now, turn.deps.face_cipher)
    )
    if earlier is not None:
        await turn.forget()
        turn.menu("already_in", time=_local(earlier.at, verdict))
        return
    if not verdict.accepted or not enrolled:
        # Not enrolled where a face is required: refused now, before a selfie is taken for it.
        face = {} if enrolled else {"face": {"refused": "not_enrolled"}}
        await _record_refusal(turn, direction, position, where.accuracy_m, now, face)
        await turn.forget()
        if enrolled:
            key, values = _refusal(verdict, what)
        else:
            key, values = _face_refusal(
                turn, face["face"] | {"rule": _face_required(policy)[1]}, what
            )
        turn.menu(key, **values)
        return
    await turn.remember(
        "clock.selfie",
        **data,
        lat=where.lat,
        lon=where.lon,
        accuracy=where.accuracy_m,
        site=verdict.site,
        selfie_asked=now.isoformat(),
        track=[],
        # The judging policy's face rules travel to the selfie step, which loads no policy.
        threshold=policy.face_threshold.value,
        face_required=_face_required(policy),
    )
    minutes = turn.deps.config.selfie_window_s // 60
    turn.say("ask_selfie", site=verdict.site or "-", minutes=minutes)


def _judge(uow, employee_id: int, direction: Direction, position: Point, now: datetime,
           cipher=None):  # fmt: skip
    """The attempt's verdict, an earlier check-in, the judging policy, and whether the employee
    may go on to the selfie: False only where a face is required and none is enrolled."""
    verdict, earlier, policy = judge_attempt(uow, employee_id, direction, position, now)
    enrolled = policy.face_required.value != "refuse" or bool(
        active_encodings(employee_id, SqlFaceReferences(uow, cipher))
    )
    return verdict, earlier, policy, enrolled


def _location_problem(turn: Turn) -> str | None:
    event, config, now = turn.event, turn.deps.config, turn.now()
    where = event.location
    if where is None:
        if event.unsupported == "venue":
            return turn.text("picked_place" if event.can.live_location else "picked_place_listed")
        got = event.unsupported or ("foto" if event.photo else "teks")
        ask = "ask_live_location" if event.can.live_location else "ask_location"
        what = _what(turn, turn.conversation.data["direction"])
        return turn.text("expected_location", got=got, hint=turn.text(ask, what=what))
    if not where.on_earth:
        return turn.text("invalid_location")
    if event.forwarded:
        return turn.text("forwarded_location")
    if event.can.live_location and not where.live:
        return turn.text("need_live")
    accuracy = where.accuracy_m
    # NaN compares false with everything: only a finite, non-negative radius can be accurate.
    if accuracy is not None and not 0 <= accuracy <= config.max_accuracy_m:
        limit = round(config.max_accuracy_m)
        if not math.isfinite(accuracy) or accuracy < 0:
            return turn.text("inaccurate_unknown", limit=limit)
        return turn.text("inaccurate", accuracy=round(accuracy), limit=limit)
    age = (now - where.sent_at).total_seconds()
    if age > config.max_location_age_s:
        return turn.text("stale_location", minutes=round(age / 60))
    asked = datetime.fromisoformat(turn.conversation.data["asked_at"])
    if not event.can.live_location and (now - asked).total_seconds() > config.max_location_age_s:
        # Without a live location, freshness is the time since we asked for it.
        return turn.text("stale_location", minutes=round((now - asked).total_seconds() / 60))
    return None


def _seconds_since(iso: str, now: datetime) -> float:
    return (now - datetime.fromisoformat(iso)).total_seconds()


def _refusal(verdict: Verdict, what: str) -> tuple[str, dict]:
    values = {"what": what, "rule": str(verdict.rule), "window": verdict.window or "-"}
    if verdict.outcome is Outcome.OUTSIDE_AREA:
        return "outside_area", {**values, "metres": verdict.distance_m, "site": verdict.site}
    if verdict.outcome is Outcome.TOO_EARLY:
        return "verdict_too_early", {**values, "minutes": verdict.minutes}
    if verdict.outcome is Outcome.HOLIDAY:
        return "verdict_holiday", {"holiday": verdict.holiday}
    if verdict.outcome is Outcome.NOT_WORK_DAY:
        return "verdict_not_work_day", {}
    return "verdict_outside_window", values


async def track(turn: Turn) -> None:
    """Keep the later positions of a live location shared during the flow (no reply)."""
    where = turn.event.location
    if not where.on_earth:
        return  # a broken update of the live location: keep the track that is known
    data = turn.conversation.data
    data["track"] = [*data.get("track", []), [where.lat, where.lon, where.sent_at.isoformat()]][
        -50:
    ]
    await turn.remember(turn.conversation.step, **data)


async def selfie(turn: Turn) -> None:
    """Check the selfie (fresh, not replayed, the enrolled face) and record the attempt."""
    event, data, config = turn.event, turn.conversation.data, turn.deps.config
    what = _what(turn, data["direction"])
    now = turn.now()
    photo = event.photo
    if photo is None:
        turn.say(
            "expected_photo", got=event.unsupported or ("dokumen" if event.document else "teks")
        )
        return
    if event.forwarded:
        turn.say("forwarded_photo")
        return
    if (
        now - datetime.fromisoformat(data["selfie_asked"])
    ).total_seconds() > config.selfie_window_s:
        await turn.forget()
        turn.menu("selfie_late", what=what)
        return
    if photo.size and photo.size > config.max_photo_bytes:
        turn.say("photo_too_big")
        return
    earlier = await turn.db(lambda uow: _recorded_evidence(uow, turn.event.key))
    if earlier is not None:
        # This very selfie was recorded by an earlier try that did not finish (a crash, an
        # outage): answer from that record. Checking again would find the photo already used.
        await _record(turn, None, dict(earlier["face"]), now, what, earlier.get("selfie"))
        return
    image = await turn.fetch(photo)
    face = await _check_face(turn, image, photo.unique_id)
    if face is None:
        return  # busy: the user was asked to send it again, the step stays open
    await _record(turn, image, face, now, what)


def _recorded_evidence(uow, key: str) -> dict | None:
    """The evidence of the attempt recorded under this delivery's key, if there is one."""
    row = uow.attendance_by_key(key)
    return dict(row.evidence or {}) if row is not None else None


async def _check_face(turn: Turn, image: bytes, unique_id: str | None) -> dict | None:
    """The face check as evidence; `{"refused": code}` when refused, None when busy."""
    employee_id = str(turn.employee.id)
    replay = turn.deps.replay
    check = await replay.check(employee_id, image, unique_id) if replay else None
    if check is not None and check.reason is not None:
        return {"refused": check.reason.value}

    cipher = turn.deps.face_cipher
    references = await turn.db(
        lambda uow: active_encodings(employee_id, SqlFaceReferences(uow, cipher))
    )
    threshold = turn.conversation.data.get("threshold")
    if not references:
        return await _without_reference(turn, image, check)
    if turn.deps.faces is None:
        # Matching is switched off (FACE_QUEUE=off): recorded as configured, not flagged.
        return {"status": "not_checked", "replay": check}
    result = await turn.deps.faces.verify(image, references, threshold=threshold)
    if result.reason is not None and result.reason.value == "try_again":
        turn.say("face_try_again")
        return None
    if not result.match:
        return {
            "refused": result.reason.value if result.reason else "no_match",
            "distance": result.distance,
            "threshold": result.threshold,
        }
    return {
        "status": "match",
        "distance": result.distance,
        "threshold": result.threshold,
        "replay": check,
    }


async def _without_reference(turn: Turn, image: bytes, check) -> dict | None:
    """Not enrolled yet: refused or recorded and flagged, as the policy's `face_required` says."""
    required, rule = turn.conversation.data.get("face_required", ("flag", ""))
    if required == "refuse":
        return {"refused": "not_enrolled", "rule": rule}
    if turn.deps.faces is None:
        return {"status": "no_reference", "replay": check}
    return await _one_face_without_reference(turn, image, check)


def _face_required(policy: Policy) -> list[str]:
    """The policy on clock-ins without an enrolled face, and its citation."""
    rule = policy.face_required.rule
    # No regulation fixes it: name who set it ("set by unit setda"), not only "presensi default".
    cited = f"{rule}: {rule.quote}" if not rule.article and rule.quote else str(rule)
    return [str(policy.face_required.value), cited]


async def _one_face_without_reference(turn: Turn, image: bytes, check) -> dict | None:
    """Not enrolled yet: nothing to match, but the selfie must still show one clear face."""
    encoded = await turn.deps.faces.encode(image)
    if encoded.reason is not None and encoded.reason.value == "try_again":
        turn.say("face_try_again")
        return None
    if encoded.encoding is None:
        return {"refused": encoded.reason.value if encoded.reason else "no_face"}
    return {"status": "no_reference", "replay": check}


async def _record(
    turn: Turn, image: bytes | None, face: dict, now: datetime, what: str, selfie: str | None = None
) -> None:
    """Record the attempt (or find it recorded under the event's key) and answer it."""
    data = turn.conversation.data
    direction = Direction(data["direction"])
    position = Point(data["lat"], data["lon"])
    replay = face.pop("replay", None)
    evidence = {"face": face, "track_points": len(data.get("track", []))}
    if "refused" in face:
        await _record_refusal(turn, direction, position, data.get("accuracy"), now, evidence)
        await turn.forget()
        key, values = _face_refusal(turn, face, what)
        turn.menu(key, **values)
        return
    evidence["selfie"] = selfie or await _store_selfie(turn, image, now)
    review = data.get("trust") == "review"
    if review:
        evidence["review"] = "whatsapp"  # kept as documented; "flags" holds it too
    flags = _review_flags(face, review)
    if flags:
        evidence["flags"] = flags
    request = CheckRequest(
        turn.employee.id,
        direction,
        position,
        data.get("accuracy"),
        source=turn.event.channel.value,
        at=now,
        evidence=evidence,
        dedup_key=turn.event.key,
    )

    result = await turn.db(lambda uow: record_check(uow, request))
    deduction = pay_effect(result.policy, result.verdict) if result.policy else None
    if replay is not None and turn.deps.replay:
        await turn.deps.replay.remember(str(turn.employee.id), replay)
    await turn.forget()
    _answer(turn, result.verdict, what, now, review=review, deduction=deduction)
    if face.get("status") == "no_reference":
        turn.say("no_reference")


def _review_flags(face: dict, whatsapp_review: bool) -> list[str]:
    """Why an accepted record needs the unit admin's look (listed by /tinjau)."""
    flags = ["no_face"] if face.get("status") == "no_reference" else []
    return [*flags, "whatsapp"] if whatsapp_review else flags


def _face_refusal(turn: Turn, face: dict, what: str) -> tuple[str, dict]:
    """The reply's text key and values for a refused selfie."""
    if face["refused"] == "not_enrolled":
        return ("face_not_enrolled", {"what": what, "rule": face.get("rule", "")})
    return ("face_refused", {"reason": face_reason(turn.language, face["refused"]), "what": what})


async def _store_selfie(turn: Turn, image: bytes, now: datetime) -> str:
    return await asyncio.to_thread(turn.deps.media.put, "selfie", image, ".jpg", now)


async def _record_refusal(turn, direction, position, accuracy, now, evidence) -> None:
    face = evidence.get("face", {})
    request = CheckRequest(
        turn.employee.id,
        direction,
        position,
        accuracy,
        source=turn.event.channel.value,
        at=now,
        evidence=evidence,
        dedup_key=turn.event.key,
        refused=face.get("refused"),
    )
    await turn.db(lambda uow: record_check(uow, request))


def pay_effect(policy: Policy, verdict: Verdict):
    """The TPP percentage a late arrival or early leave costs under the policy's table."""
    rates = {Outcome.LATE: policy.tpp.late, Outcome.LEFT_EARLY: policy.tpp.early}.get(
        verdict.outcome, {}
    )
    return rates.get(verdict.band) if verdict.band else None


def _answer(
    turn: Turn, verdict: Verdict, what: str, now: datetime, review: bool = False, deduction=None
) -> None:
    values = {
        "what": what,
        "time": _local(now, verdict),
        "zone": _zone(verdict),
        "minutes": verdict.minutes,
        "band": verdict.band or "-",
        "window": verdict.window or "-",
        "rule": str(verdict.rule),
    }
    key = {Outcome.LATE: "verdict_late", Outcome.LEFT_EARLY: "verdict_left_early"}.get(
        verdict.outcome, "verdict_on_time"
    )
    if key == "verdict_late" and verdict.direction is Direction.OUT:
        key = "verdict_late_out"  # after the check-out window, declared late by the article
    text = turn.text(key, **values)
    if deduction:
        text += turn.text("pay_effect", percent=f"{deduction:g}".replace(".", ","))
    if verdict.event:
        text += turn.text("event_note", event=verdict.event)
    if verdict.missed_event:
        text += turn.text("missed_event_note", event=verdict.missed_event)
    if verdict.direction is Direction.IN:
        text += turn.text("next_out")
    if review and verdict.accepted:
        text += turn.text("whatsapp_review")
    turn.menu_text(text)


def _local(at: datetime, verdict: Verdict) -> str:
    zone = verdict.local_time.tzinfo
    return at.astimezone(zone if zone else ZoneInfo("Asia/Jakarta")).strftime("%H:%M")


def _zone(verdict: Verdict) -> str:
    key = getattr(verdict.local_time.tzinfo, "key", "")
    return ZONE_NAMES.get(key, key)
