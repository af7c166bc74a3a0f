"""A check-in judged once: the verdict of the location, re-timed for the selfie without a policy.

The location step judges the attempt against the organisation's policy; the selfie step comes a
few minutes later and records it. Between the two only the time changes (the place was
checked), and the time may change the verdict: a later band, the window closing, the apel over.
So the location step keeps a timetable, the verdict for each minute the selfie may arrive in,
and the few facts of the policy the selfie step needs (face threshold and rule, the channel's
trust). All of it is plain JSON, kept in the conversation.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from core.citations import Citation
from core.policy import Policy, Rule
from core.rules import Direction, Outcome, Verdict
from core.tpp import pay_effect


@dataclass(frozen=True)
class Sighting:
    """A location as evidence: where, how precise, when it was taken, when it was asked for."""

    accuracy_m: float | None  # None: the channel does not report one
    sent_at: datetime
    asked_at: datetime | None = None  # set where freshness counts from the request (no live)


def evidence_problem(policy: Policy, sighting: Sighting, now: datetime) -> tuple[str, dict] | None:
    """Why a location is not good enough under the policy's limits, as a text key and values."""
    limit = float(policy.max_accuracy_m.value)
    accuracy = sighting.accuracy_m
    # NaN compares false with everything: only a finite, non-negative radius can be accurate.
    if accuracy is not None and not 0 <= accuracy <= limit:
        if not math.isfinite(accuracy) or accuracy < 0:
            return "inaccurate_unknown", {"limit": round(limit)}
        return "inaccurate", {"accuracy": round(accuracy), "limit": round(limit)}
    max_age = float(policy.location_max_age_s.value)
    age = (now - sighting.sent_at).total_seconds()
    if age > max_age:
        return "stale_location", {"minutes": round(age / 60)}
    if sighting.asked_at is not None and (now - sighting.asked_at).total_seconds() > max_age:
        # Without a live location, freshness is the time since we asked for it.
        asked = (now - sighting.asked_at).total_seconds()
        return "stale_location", {"minutes": round(asked / 60)}
    return None


@dataclass(frozen=True)
class Timed:
    """The verdict from an instant on, and the TPP it costs (None: nothing)."""

    start: datetime
    verdict: Verdict
    deduction: Decimal | None = None


@dataclass(frozen=True)
class Judgement:
    """One attempt judged at the location step, with what the selfie step needs to record it."""

    verdict: Verdict  # at the location's time
    zone: str
    timetable: tuple[Timed, ...]  # the verdict for each minute up to the selfie's deadline
    selfie_window_s: int
    face_threshold: float | None
    face_required: tuple[str, str]  # "flag" or "refuse", and its citation
    trust: tuple[str, str]  # the channel's location trust and its citation
    earlier_at: datetime | None = None  # an accepted check-in already on that day
    # An approved izin that excuses leaving early that day (its subtype): not charged.
    excused: str | None = None
    # How a live location's track is judged and the fence it was judged in (core.track), as
    # JSON: {"rule": ..., "fence": ...}; None in conversations kept before tracks were judged.
    track: dict[str, Any] | None = None
    site_name: str | None = None  # what staff call the verdict's site; None: its code says it
    # The names of the day's events by code ("Apel Gabungan"), for the replies that name one.
    event_names: dict[str, str] | None = None
    # The policy's liveness video rule (core.liveness_rule.rule_to_json); None: never asked.
    liveness: dict[str, Any] | None = None

    def at(self, when: datetime) -> Timed:
        """The verdict of a selfie taken at `when`, on the employee's wall clock."""
        found = self.timetable[0]
        for timed in self.timetable:
            if timed.start <= when:
                found = timed
        local = when.astimezone(ZoneInfo(self.zone))
        return replace(found, verdict=replace(found.verdict, local_time=local))

    def to_json(self) -> dict[str, Any]:
        return {
            "verdict": verdict_to_json(self.verdict),
            "zone": self.zone,
            "timetable": [
                [t.start.isoformat(), verdict_to_json(t.verdict), _text(t.deduction)]
                for t in self.timetable
            ],
            "selfie_window_s": self.selfie_window_s,
            "face_threshold": self.face_threshold,
            "face_required": list(self.face_required),
            "trust": list(self.trust),
            "earlier_at": self.earlier_at.isoformat() if self.earlier_at else None,
            "excused": self.excused,
            "track": self.track,
            "site_name": self.site_name,
            "event_names": self.event_names,
            "liveness": self.liveness,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Judgement:
        zone = ZoneInfo(data["zone"])
        return cls(
            verdict=verdict_from_json(data["verdict"], zone),
            zone=data["zone"],
            timetable=tuple(
                Timed(
                    datetime.fromisoformat(start),
                    verdict_from_json(verdict, zone),
                    Decimal(cost) if cost is not None else None,
                )
                for start, verdict, cost in data["timetable"]
            ),
            selfie_window_s=int(data["selfie_window_s"]),
            face_threshold=data["face_threshold"],
            face_required=tuple(data["face_required"]),
            trust=tuple(data["trust"]),
            earlier_at=_instant(data.get("earlier_at")),
            excused=data.get("excused"),  # absent from conversations kept before
            track=data.get("track"),
            site_name=data.get("site_name"),
            event_names=data.get("event_names"),
            liveness=data.get("liveness"),
        )


Judge = Callable[[datetime], tuple[Verdict, Policy]]


def timetable(judge: Judge, start: datetime, window_s: int) -> tuple[Timed, ...]:
    """The verdicts from `start` to `start + window_s`, one per minute, equal neighbours merged.

    `judge` is pure over the time for a fixed place (the rules count whole local minutes, so the
    verdict of a minute's first instant holds for all of it).
    """
    end = start + timedelta(seconds=window_s)
    instants = [start]
    minute = start.replace(second=0, microsecond=0) + timedelta(minutes=1)
    while minute <= end:
        instants.append(minute)
        minute += timedelta(minutes=1)
    rows: list[Timed] = []
    for instant in instants:
        verdict, policy = judge(instant)
        timed = Timed(instant, verdict, pay_effect(policy.tpp, verdict.outcome, verdict.band))
        if not rows or _key(rows[-1]) != _key(timed):
            rows.append(timed)
    return tuple(rows)


def _key(timed: Timed) -> tuple:
    """What tells two minutes' verdicts apart: all but the instant itself."""
    return verdict_to_json(timed.verdict) | {"local_time": None}, timed.deduction


def face_required(policy: Policy) -> tuple[str, str]:
    """The policy on clock-ins without an enrolled face, and its citation."""
    return str(policy.face_required.value), cited(policy.face_required)


def cited(rule: Rule) -> str:
    """A rule's citation; where no regulation fixes it, who set it ("set by unit setda")."""
    citation = rule.rule
    if not citation.article and citation.quote:
        return f"{citation}: {citation.quote}"
    return str(citation)


# --- verdicts as JSON -----------------------------------------------------------------------


def verdict_to_json(verdict: Verdict) -> dict[str, Any]:
    return {
        "outcome": verdict.outcome.value,
        "direction": verdict.direction.value,
        "work_date": verdict.work_date.isoformat(),
        "local_time": verdict.local_time.isoformat(),
        "rule": asdict(verdict.rule),
        "minutes": verdict.minutes,
        "band": verdict.band,
        "distance_m": verdict.distance_m,
        "site": verdict.site,
        "event": verdict.event,
        "window": verdict.window,
        "holiday": verdict.holiday,
        "missed_event": verdict.missed_event,
        "duty_m": verdict.duty_m,
        "duty_radius_m": verdict.duty_radius_m,
        "fence": verdict.fence,
    }


def verdict_from_json(data: dict[str, Any], zone: ZoneInfo) -> Verdict:
    return Verdict(
        outcome=Outcome(data["outcome"]),
        direction=Direction(data["direction"]),
        work_date=date.fromisoformat(data["work_date"]),
        local_time=datetime.fromisoformat(data["local_time"]).astimezone(zone),
        rule=Citation(**data["rule"]),
        minutes=data["minutes"],
        band=data["band"],
        distance_m=data["distance_m"],
        site=data["site"],
        event=data["event"],
        window=data["window"],
        holiday=data["holiday"],
        missed_event=data["missed_event"],
        # absent from conversations kept before duty was judged
        duty_m=data.get("duty_m"),
        duty_radius_m=data.get("duty_radius_m"),
        fence=data.get("fence"),  # absent from conversations kept before fences were named
    )


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _instant(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None
