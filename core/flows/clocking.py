"""Clock in and out: live location -> area and window -> selfie -> face -> recorded verdict.

The attempt is judged once, where its location comes in (`core.services.checkin.judge`); the
selfie step records it with the verdict of the selfie's own minute, from the judgement kept in
the conversation, and loads no policy. Flows ask what the channel can do (`event.can`), never
which channel it is; how far a channel is trusted is the policy's `location_trust`.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from babel.numbers import format_decimal

from core.faces.enrollment import active_encodings
from core.faces.port import Reason
from core.flows import clocking_video, face_wait, live_track, receipt
from core.flows.izin_offer import offer_reply
from core.flows.messages import CAPABILITIES, Reply
from core.flows.texts import face_reason
from core.flows.texts_duty import distance_words
from core.flows.turn import Turn
from core.geo import Point
from core.judgement import Judgement, Sighting
from core.rules import Direction, Outcome, Verdict
from core.services import checkin, izin_offer
from core.services.attendance import CheckRequest, Prior
from core.track import Signal
from core.travel import FENCE as TRAVEL_FENCE

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
    step = {"direction": direction.value, "asked_at": now.isoformat()}
    if turn.event.can.live_location:
        # Its trust is read where the location is judged: this step needs no database.
        await turn.remember("clock.location", **step)
        turn.say("ask_live_location", what=what)
        return
    # Without a live location the position is asked for with a button: where the unit does not
    # take this channel's clock-ins, say so before asking for one.
    employee_id, channel = turn.me.id, turn.event.channel.value
    trust, rule = await turn.db(lambda uow: checkin.trust(uow, employee_id, channel, now))
    if trust == "refuse":
        await turn.forget()
        _refuse_channel(turn, rule)
        return
    await turn.remember("clock.location", **step)
    turn.reply(
        Reply(turn.text("ask_location", what=what), ask_location=turn.text("btn_share_location"))
    )


def _refuse_channel(turn: Turn, rule: str) -> None:
    """The unit does not take clock-ins over this channel: name one it may use instead."""
    other = next((c.label for c in CAPABILITIES.values() if c != turn.event.can), "")
    turn.menu("channel_refused", channel=turn.event.can.label, other=other, rule=rule)


async def location(turn: Turn) -> None:
    """Check the location's kind, then judge its evidence, area and window once."""
    data = turn.data
    what = _what(turn, data["direction"])
    problem = _location_problem(turn)
    if problem:
        _ask_again(turn, problem)
        return
    event, now = turn.event, turn.now()
    where = event.location
    if where is None:  # _location_problem answered an event without one
        return
    sighting = Sighting(
        where.accuracy_m if event.can.reports_accuracy else None,
        where.sent_at,
        # Without a live location, freshness is also the time since we asked for it.
        None if event.can.live_location else datetime.fromisoformat(data["asked_at"]),
    )
    request = CheckRequest(
        turn.me.id,
        Direction(data["direction"]),
        Point(where.lat, where.lon),
        where.accuracy_m,
        source=event.channel.value,
        at=now,
        dedup_key=event.key,
    )
    judged, enrolled = await turn.db(lambda uow: _judge(uow, request, sighting))
    if isinstance(judged, checkin.LocationRefused):
        _ask_again(turn, turn.text(judged.key, **judged.values))
        return
    verdict = judged.verdict
    if judged.trust[0] == "refuse":
        await turn.forget()
        _refuse_channel(turn, judged.trust[1])
        return
    if judged.earlier_at is not None:
        await turn.forget()
        turn.menu("already_in", time=_local(judged.earlier_at, verdict))
        return
    if not verdict.accepted or not enrolled:
        # Recorded as refused by `_judge`, in the same transaction.
        await turn.forget()
        if enrolled:
            key, values = _refusal(verdict, what, turn.language, judged.site_name)
        else:
            face = {"refused": "not_enrolled", "rule": judged.face_required[1]}
            key, values = _face_refusal(turn, face, what)
        turn.menu(key, **values)
        return
    challenge = await _challenge(turn, judged)
    # The fixes of a live location shared before this one (`track`), then this one.
    earlier = data.pop("track", [])
    asked = {"challenge": challenge.value, "challenge_at": now.isoformat()} if challenge else {}
    await turn.remember(
        "clock.video" if challenge else "clock.selfie",
        **data,
        lat=where.lat,
        lon=where.lon,
        accuracy=where.accuracy_m,
        site=verdict.site,
        selfie_asked=now.isoformat(),
        track=live_track.started(earlier, where, sighting.accuracy_m),
        judged=judged.to_json(),
        **asked,
    )
    site = judged.site_name or verdict.site or "-"
    site = turn.text("travel_site") if verdict.fence == TRAVEL_FENCE else site
    if challenge is not None:
        clocking_video.ask(turn, challenge, judged, site)
        return
    turn.say("ask_selfie", site=site, minutes=judged.selfie_window_s // 60)


async def _challenge(turn: Turn, judged: Judgement):
    """The liveness video's challenge where this check-in asks for one, else None."""
    if judged.liveness is None or turn.deps.liveness is None:
        return None  # the policy never asks: no reading whether a face is enrolled
    me = turn.me.id
    enrolled = await turn.db(lambda uow: uow.enrolled(me))
    return clocking_video.challenge_for(turn, judged, enrolled)


def _ask_again(turn: Turn, problem: str) -> None:
    # Without live locations the request's button is how a position is sent: offer it again.
    again = None if turn.event.can.live_location else turn.text("btn_share_location")
    turn.reply(Reply(problem, ask_location=again))


def _judge(uow, request: CheckRequest, sighting: Sighting):
    """The judgement (or why the location is not enough), and whether the employee may go on to
    the selfie: False only where a face is required and none is enrolled. A refused attempt is
    recorded here, in the transaction that judged it."""
    # The location step builds the request with both; the type allows a request without them.
    assert request.position is not None and request.at is not None
    judged = checkin.judge(
        uow, request.employee_id, request.direction, request.position, sighting, request.at,
        request.source,
    )  # fmt: skip
    if isinstance(judged, checkin.LocationRefused):
        return judged, True
    if judged.trust[0] == "refuse" or judged.earlier_at is not None:
        return judged, True
    enrolled = judged.face_required[0] != "refuse" or uow.enrolled(request.employee_id)
    if not judged.verdict.accepted or not enrolled:
        # Not enrolled where a face is required: refused now, before a selfie is taken for it.
        face = {} if enrolled else {"face": {"refused": "not_enrolled"}}
        refused = replace(request, evidence=face, refused=face.get("face", {}).get("refused"))
        checkin.record(uow, judged, refused)
    return judged, enrolled


def _location_problem(turn: Turn) -> str | None:
    """What is wrong with the message as a location, before any rule is asked."""
    can = turn.event.can
    ask = "ask_live_location" if can.live_location else "ask_location"
    hint = turn.text(ask, what=_what(turn, turn.data["direction"]))
    return location_problem(turn, turn.text("expected_location", got=turn.got(), hint=hint))


def location_problem(turn: Turn, missing: str) -> str | None:
    """What is wrong with the message as a position (the clock-in's, an event's), before any
    rule is asked; `missing` is said when no location came."""
    event = turn.event
    where = event.location
    if where is None:
        if event.unsupported == "venue":
            return turn.text("picked_place" if event.can.live_location else "picked_place_listed")
        return missing
    if not where.on_earth:
        return turn.text("invalid_location")
    if event.forwarded:
        return turn.text("forwarded_location")
    if event.can.live_location and not where.live:
        return turn.text("need_live")
    return None


def _refusal(
    verdict: Verdict, what: str, language: str, site_name: str | None = None
) -> tuple[str, dict]:
    values = {"what": what, "rule": str(verdict.rule), "window": verdict.window or "-"}
    if verdict.outcome is Outcome.OUTSIDE_AREA and verdict.duty_radius_m is not None:
        away = _km(verdict.distance_m or 0, language)
        return "outside_duty_radius", {
            **values,
            "km": away,
            "radius_km": _km(verdict.duty_radius_m, language),
        }
    if verdict.outcome is Outcome.OUTSIDE_AREA and verdict.fence == TRAVEL_FENCE:
        distance = distance_words(verdict.distance_m or 0, language)
        return "outside_travel", {**values, "distance": distance}
    if verdict.outcome is Outcome.OUTSIDE_AREA:
        site = site_name or verdict.site
        return "outside_area", {**values, "metres": verdict.distance_m, "site": site}
    if verdict.outcome is Outcome.TOO_EARLY:
        return "verdict_too_early", {**values, "minutes": verdict.minutes}
    if verdict.outcome is Outcome.HOLIDAY:
        return "verdict_holiday", {"holiday": verdict.holiday}
    if verdict.outcome is Outcome.NOT_WORK_DAY:
        return "verdict_not_work_day", {}
    return "verdict_outside_window", values


async def selfie(turn: Turn) -> None:
    """Check the selfie (fresh, not replayed, the enrolled face) and record the attempt."""
    event, data, config = turn.event, turn.data, turn.deps.config
    what = _what(turn, data["direction"])
    judged = _judgement(data)
    now = turn.now()
    photo = event.photo
    if photo is None:
        turn.say(
            "expected_photo",
            got=turn.got(),
        )
        return
    if event.forwarded:
        turn.say("forwarded_photo")
        return
    asked = datetime.fromisoformat(data["selfie_asked"])
    if judged is None or (now - asked).total_seconds() > judged.selfie_window_s:
        # (No judgement: a conversation opened before judgements were kept; start again.)
        await turn.forget()
        turn.menu("selfie_late", what=what)
        return
    if photo.size and photo.size > config.max_photo_bytes:
        turn.say("photo_too_big")
        return
    employee_id, key = turn.me.id, turn.event.key
    cipher, matching = turn.deps.face_cipher, turn.deps.faces is not None
    prior, references = await turn.db(
        lambda uow: (
            checkin.prior(uow, judged, employee_id, key, now),
            _references(uow, employee_id, cipher, matching),
        )
    )
    if prior.same is not None:
        # This very selfie was recorded by an earlier try that did not finish (a crash, an
        # outage): answer from that record. Checking again would find the photo already used.
        earlier = dict(prior.same.evidence or {})
        face = dict(earlier["face"])
        await _record(turn, judged, None, face, now, what, earlier.get("selfie"), prior)
        return
    signals = live_track.signals(turn, judged, now)
    if live_track.refuses(judged, signals):
        await live_track.refuse(turn, judged, signals, now, what)
        return
    image = await turn.fetch(photo)
    checked = await _check_face(turn, judged, image, photo.unique_id, references)
    await _record(turn, judged, image, checked, now, what, prior=prior, signals=signals)


async def video(turn: Turn) -> None:
    """Check the liveness video against its challenge and record the attempt like a selfie."""
    data, now = turn.data, turn.now()
    what = _what(turn, data["direction"])
    judged = _judgement(data)
    if judged is None:  # cannot be: the step is opened with its judgement
        await turn.forget()
        turn.menu("selfie_late", what=what)
        return
    sent = await clocking_video.received(turn, judged, now)  # the video, if it can be checked
    if sent is None:
        return
    employee_id, key, cipher = turn.me.id, turn.event.key, turn.deps.face_cipher
    prior, references = await turn.db(
        lambda uow: (
            checkin.prior(uow, judged, employee_id, key, now),
            _references(uow, employee_id, cipher, True),
        )
    )
    if prior.same is not None:  # recorded by an earlier try of this delivery: answer from it
        earlier = dict(prior.same.evidence or {})
        await _record(turn, judged, None, dict(earlier["face"]), now, what,
                      earlier.get("selfie"), prior)  # fmt: skip
        return
    signals = live_track.signals(turn, judged, now)
    if live_track.refuses(judged, signals):
        await live_track.refuse(turn, judged, signals, now, what)
        return
    passed = await clocking_video.checked(
        turn, judged, sent, references or (), arrived(now, judged)
    )
    if passed is not None:
        await _record(turn, judged, passed.still, passed.face, now, what, prior=prior,
                      signals=signals)  # fmt: skip


def _judgement(data: dict) -> Judgement | None:
    """The judgement the location step kept in the conversation."""
    return Judgement.from_json(data["judged"]) if "judged" in data else None


def _references(uow, employee_id: int, cipher, matching: bool) -> tuple | None:
    """The encodings a selfie is matched with (empty when not enrolled); without matching
    (FACE_QUEUE=off) only whether there are any: None when there are, never decrypted."""
    if not uow.enrolled(employee_id):
        return ()
    return active_encodings(str(employee_id), uow.face_references(cipher)) if matching else None


async def _check_face(
    turn: Turn, judged: Judgement, image: bytes, unique_id: str | None, references: tuple | None
) -> dict:
    """The face check as evidence; `{"refused": code}` when refused. `references` as
    `_references` read them. A slow check is announced, a failed engine retried
    (core.flows.face_wait)."""
    employee_id = str(turn.me.id)
    replay = turn.deps.replay
    check = await replay.check(employee_id, image, unique_id) if replay else None
    if check is not None and check.reason is not None:
        return {"refused": check.reason.value}
    if references is not None and not references:
        return await _without_reference(turn, judged, image, check)
    faces = turn.deps.faces
    if faces is None or references is None:
        # Matching is switched off (FACE_QUEUE=off): recorded as configured, not flagged.
        return {"status": "not_checked", "replay": check}
    result = await face_wait.verdict(
        turn,
        lambda: faces.verify(image, references, threshold=judged.face_threshold),
        lambda result: result.reason is Reason.TRY_AGAIN,
        arrived(turn.now(), judged),
    )
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


async def _without_reference(turn: Turn, judged: Judgement, image: bytes, check) -> dict:
    """Not enrolled yet: refused or recorded and flagged, as the policy's `face_required` says."""
    required, rule = judged.face_required
    if required == "refuse":
        return {"refused": "not_enrolled", "rule": rule}
    if turn.deps.faces is None:
        return {"status": "no_reference", "replay": check}
    return await _one_face_without_reference(turn, judged, image, check)


async def _one_face_without_reference(turn: Turn, judged: Judgement, image: bytes, check) -> dict:
    """Not enrolled yet: nothing to match, but the selfie must still show one clear face."""
    matcher = turn.deps.faces
    if matcher is None:  # the caller asks only with a matcher
        return {"status": "no_reference", "replay": check}
    encoded = await face_wait.verdict(
        turn,
        lambda: matcher.encode(image),
        lambda result: result.reason is Reason.TRY_AGAIN,
        arrived(turn.now(), judged),
    )
    if encoded.encoding is None:
        return {"refused": encoded.reason.value if encoded.reason else "no_face"}
    return {"status": "no_reference", "replay": check}


async def _record(
    turn: Turn,
    judged: Judgement,
    image: bytes | None,
    face: dict,
    now: datetime,
    what: str,
    selfie: str | None = None,
    prior: Prior | None = None,
    signals: list[Signal] | None = None,
) -> None:
    """Record the attempt (or find it recorded under the event's key) and answer it; the
    track's `signals` flag it for review."""
    data = turn.data
    direction = Direction(data["direction"])
    position = Point(data["lat"], data["lon"])
    replay = face.pop("replay", None)
    signals = signals or []
    evidence: dict = {"face": face, "track_points": live_track.other_points(data)}
    if signals:
        evidence["track"] = live_track.evidence(signals)
    request = CheckRequest(
        turn.me.id,
        direction,
        position,
        data.get("accuracy"),
        source=turn.event.channel.value,
        at=now,
        evidence=evidence,
        dedup_key=turn.event.key,
        refused=face.get("refused"),
    )
    if "refused" in face:
        await turn.db(lambda uow: checkin.record(uow, judged, request, prior=prior))
        await turn.forget()
        key, values = _face_refusal(turn, face, what)
        turn.menu(key, **values)
        return
    if selfie is None and image is not None:
        selfie = await _store_selfie(turn, image, now)
    evidence["selfie"] = selfie
    if judged.excused and _is_early(judged, now):
        evidence["excused"] = judged.excused  # the approved izin this check-out follows
    review = judged.trust[0] == "review"
    if review:
        evidence["review"] = request.source  # kept as documented; "flags" holds it too
    flags = _review_flags(face, request.source if review else None) + [s.flag for s in signals]
    if flags:
        evidence["flags"] = flags
    me = turn.me.id

    def write(uow):
        done = checkin.record(uow, judged, request, prior=prior)
        code = receipt.issue(turn, uow, done.record) if done.verdict.accepted else None
        return done, izin_offer.follow_up(uow, me, done.verdict, done.deduction), code

    result, follow, code = await turn.db(write)
    deduction = None if follow.excused else result.deduction
    if replay is not None and turn.deps.replay:
        await turn.deps.replay.remember(str(turn.me.id), replay)
    await turn.forget()
    excused = judged.excused if result.verdict.outcome is Outcome.LEFT_EARLY else follow.excused
    note = turn.text("track_review_note", why=live_track.words(turn, signals)) if signals else ""
    _answer(turn, result.verdict, what, now, review=review, deduction=deduction, excused=excused,
            track_note=note, receipt_code=code, names=judged.event_names)  # fmt: skip
    if face.get("status") == "no_reference":
        turn.say("no_reference")
    if follow.offer is not None:  # a late or early verdict: its izin with one tap, last
        turn.reply(offer_reply(turn, follow.offer))


def _review_flags(face: dict, channel_review: str | None) -> list[str]:
    """Why an accepted record needs the unit admin's look (listed by /tinjau): no face match,
    and the channel whose clock-ins the unit reviews."""
    flags = ["no_face"] if face.get("status") == "no_reference" else []
    return [*flags, channel_review] if channel_review else flags


def _face_refusal(turn: Turn, face: dict, what: str) -> tuple[str, dict]:
    """The reply's text key and values for a refused selfie."""
    if face["refused"] == "not_enrolled":
        return ("face_not_enrolled", {"what": what, "rule": face.get("rule", "")})
    return ("face_refused", {"reason": face_reason(turn.language, face["refused"]), "what": what})


async def _store_selfie(turn: Turn, image: bytes, now: datetime) -> str:
    return await asyncio.to_thread(turn.deps.media.put, "selfie", image, ".jpg", now)


def _is_early(judged: Judgement, at: datetime) -> bool:
    """Whether the attempt at `at` is judged as leaving early."""
    return judged.at(at).verdict.outcome is Outcome.LEFT_EARLY


def _answer(
    turn: Turn,
    verdict: Verdict,
    what: str,
    now: datetime,
    review: bool = False,
    deduction=None,
    excused: str | None = None,
    track_note: str = "",
    receipt_code: str | None = None,
    names: dict[str, str] | None = None,  # the day's events by code
) -> None:
    names = names or {}
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
    if key in ("verdict_left_early", "verdict_late") and excused:
        key, values["izin"] = f"{key}_excused", excused.replace("_", " ")
    text = turn.text(key, **values)
    if deduction:
        text += turn.text("pay_effect", percent=f"{deduction:g}".replace(".", ","))
    if verdict.event:
        text += turn.text("event_note", event=names.get(verdict.event, verdict.event))
    if verdict.duty_m is not None:
        text += turn.text("duty_note", km=_km(verdict.duty_m, turn.language))
    if verdict.fence == TRAVEL_FENCE:
        text += turn.text("travel_note")
    if verdict.missed_event:
        missed = names.get(verdict.missed_event, verdict.missed_event)
        text += turn.text("missed_event_note", event=missed)
    if verdict.direction is Direction.IN:
        text += turn.text("next_out")
    if review and verdict.accepted:
        text += turn.text("channel_review", channel=turn.event.can.label)
    if verdict.accepted:
        text += track_note  # what the admin will review of the live location
    turn.menu_text(text + receipt.line(turn, receipt_code, str(verdict.rule)))


def _km(metres: int, language: str) -> str:
    """Kilometres to a tenth, in the reader's notation (1,9 km; 1.9 km; 7 km)."""
    return format_decimal(metres / 1000, format="#,##0.#", locale=language)


def arrived(at: datetime, judged: Judgement) -> str:
    """When a message arrived, as the employee's clock shows it: "07:28 WIB"."""
    return f"{_local(at, judged.verdict)} {_zone(judged.verdict)}"


def _local(at: datetime, verdict: Verdict) -> str:
    zone = verdict.local_time.tzinfo
    return at.astimezone(zone if zone else ZoneInfo("Asia/Jakarta")).strftime("%H:%M")


def _zone(verdict: Verdict) -> str:
    key = getattr(verdict.local_time.tzinfo, "key", "")
    return ZONE_NAMES.get(key, key)
