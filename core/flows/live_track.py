"""A clock-in's live location track in the conversation: kept as it moves, judged with the selfie.

Telegram sends a live location's later positions as edits; the runner hands them to `keep`
while a clock-in waits for its location or its selfie. The clock-in's own location starts the
track the selfie step judges (`signals`, the rules are core.track's); the policy's `track:`
section, kept in the judgement, says whether a signal flags the record or refuses it. Only
channels that send live updates are judged by a track (`Capabilities.live_location`).
"""

from __future__ import annotations

import math
from datetime import datetime

from babel.numbers import format_decimal

from core.flows.messages import Location
from core.flows.texts_duty import distance_words
from core.flows.turn import Turn
from core.geo import Point
from core.judgement import Judgement
from core.rules import Direction
from core.services import checkin
from core.services.attendance import TRACK_REFUSED, CheckRequest
from core.track import (
    MAX_FIXES,
    Fix,
    Signal,
    fence_from_json,
    fix_to_json,
    fixes_from_json,
    inside_of,
    judge_track,
    recent,
    rule_from_json,
)


async def keep(turn: Turn) -> None:
    """Keep a later position of the live location in the open step (no reply)."""
    where, step = turn.event.location, turn.step
    if where is None or step is None or not where.on_earth:
        return  # a broken update of the live location: keep the track that is known
    data = turn.data
    data["track"] = _kept([*data.get("track", []), fix_to_json(_fix(where, where.accuracy_m))])
    await turn.remember(step, **data)


def started(earlier: list, where: Location, accuracy: float | None) -> list:
    """The track the selfie step judges: positions kept before (a live location shared
    earlier), then the clock-in's own location."""
    return _kept([*earlier, fix_to_json(_fix(where, accuracy))])


def _fix(where: Location, accuracy: float | None) -> Fix:
    """A position as a track's fix; an accuracy that is no radius (NaN, below 0) as unknown."""
    known = accuracy is not None and math.isfinite(accuracy) and accuracy >= 0
    return Fix(where.lat, where.lon, accuracy if known else None, where.sent_at)


def _kept(rows: list) -> list:
    """The track as the conversation keeps it: its latest fixes, bounded."""
    return rows[-MAX_FIXES:]


def signals(turn: Turn, judged: Judgement, now: datetime) -> list[Signal]:
    """What the live location's track shows, on channels that send its updates; none on the
    others, and none for a conversation kept before tracks were judged."""
    if not turn.event.can.live_location or judged.track is None:
        return []
    rule = rule_from_json(judged.track["rule"])
    fixes = recent(fixes_from_json(turn.data.get("track", [])), now, rule.seconds)
    inside = inside_of(fence_from_json(judged.track.get("fence")))
    return judge_track(fixes, rule, inside)


def refuses(judged: Judgement, found: list[Signal]) -> bool:
    """Whether the policy refuses a clock-in with these signals (`track: {action: refuse}`)."""
    return bool(found) and judged.track is not None and judged.track["rule"]["action"] == "refuse"


async def refuse(
    turn: Turn, judged: Judgement, found: list[Signal], now: datetime, what: str
) -> None:
    """Record the attempt as refused for its track (nothing accepted) and say why."""
    data = turn.data
    request = CheckRequest(
        turn.me.id,
        Direction(data["direction"]),
        Point(data["lat"], data["lon"]),
        data.get("accuracy"),
        source=turn.event.channel.value,
        at=now,
        evidence={"track": evidence(found), "track_points": other_points(data)},
        dedup_key=turn.event.key,
        refused=TRACK_REFUSED,
    )
    await turn.db(lambda uow: checkin.record(uow, judged, request))
    await turn.forget()
    rule = judged.track["cited"] if judged.track else ""
    turn.menu("track_refused", what=what, why=words(turn, found), rule=rule)


def words(turn: Turn, found: list[Signal]) -> str:
    """The signals as the reader's words, one after another."""
    return "; ".join(turn.text(f"track_why_{s.name}", **_shown(s, turn.language)) for s in found)


def _shown(signal: Signal, language: str) -> dict:
    """A signal's figures in the reader's notation (6 km, 4.248 km/jam)."""
    values = dict(signal.values)
    values["distance"] = distance_words(int(values.get("metres", 0)), language)
    for key in ("speed_kmh", "limit_kmh"):
        if key in values:
            values[key] = format_decimal(values[key], format="#,##0", locale=language)
    return values


def other_points(data: dict) -> int:
    """The track's positions besides the clock-in's own location (the record's position)."""
    return max(0, len(data.get("track", [])) - 1)


def evidence(found: list[Signal]) -> list[dict]:
    """The signals as the record keeps them: each name with its figures."""
    return [{"signal": s.name, **s.values} for s in found]
