"""An event fence dropped in chat (/acara): today's apel, senam or upacara at its own site.

The regulations put an event's check-in at the event's own location: "Absensi pada pelaksanaan
apel gabungan atau upacara peringatan hari besar tetap dilakukan secara online di lokasi
pelaksanaan" (Perwal Sungai Penuh 12/2023 Pasal 11 ayat (4)), with its own check-in hours on
event days (Perbup Balangan 32/2020 Pasal 4 ayat (3), the site in Pasal 6 ayat (2)). A head of
unit who calls one for today places it from the field: a name, a window, a radius and the
live location where it happens. Stored (core.services.event_fences), such an event joins the
day's events of the units taking part (`merged`) and is judged like a preset's event
(core.rules.classify): check-ins of its window at its site, the window over, the office.

Pure: plain values in, plain values out.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from core.citations import Citation
from core.policy import Policy
from core.schedule import EventRule, Window

# Perwal Sungai Penuh 12/2023 (001_0a3a5d99b1ed9a52.txt) and Perbup Balangan 32/2020
# (003_1a41b21893314ce9.txt): where an event's check-in happens, and its own hours.
SITE_RULE = Citation(
    "001_0a3a5d99b1ed9a52.txt",
    "Perwal Sungai Penuh 12/2023",
    "11",
    "4",
    quote="Absensi pada pelaksanaan apel gabungan atau upacara peringatan hari besar tetap "
    "dilakukan secara online di lokasi pelaksanaan",
)
HOURS_RULE = Citation(
    "003_1a41b21893314ce9.txt",
    "Perbup Balangan 32/2020",
    "4",
    "3",
    quote="Pengaturan setting jam presensi masuk kerja untuk hari kerja pada kegiatan apel ...",
)
NAME_MAX = 80
# The bounds of an event's radius. No regulation fixes them. Below 20 m a phone's own GPS error
# (commonly 5-20 m outdoors) would turn away staff standing in the field; above 500 m the fence
# no longer tells the event's grounds from the streets around it (500 m is also the radius a
# travel destination picked on a map gets, Policy.travel_radius_m).
RADIUS_MIN_M = 20
RADIUS_MAX_M = 500
CODE_PREFIX = "acara-"
_TIME = r"(\d{1,2})[:.](\d{2})"
_WINDOW = re.compile(rf"{_TIME}\s*(?:-|s/d|sd|sampai|to)\s*{_TIME}")


class BadEvent(ValueError):
    """What is wrong with a value the head typed: a text key and its values."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass(frozen=True)
class AdhocEvent:
    """An event stored from chat, as plain values: minutes of its local day, a circle."""

    id: int
    day: date
    name: str
    start: int  # minute of the day the event starts (on time until then)
    end: int  # minute its check-in closes
    lat: float
    lon: float
    radius_m: float
    unit_ids: frozenset[int]
    created_by: int | None = None

    @property
    def code(self) -> str:
        return code_of(self.id)

    @property
    def window_text(self) -> str:
        return f"{clock_text(self.start)}-{clock_text(self.end)}"


def code_of(event_id: int) -> str:
    """The event's code, which is also its site's code: never one of an organisation file's,
    whose codes are written by hand (`acara-12`)."""
    return f"{CODE_PREFIX}{event_id}"


def clock_text(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def parse_name(text: str | None) -> str:
    """The event's name, one line, trimmed; empty or longer than NAME_MAX is refused."""
    name = " ".join((text or "").split())
    if not name or name.startswith("/"):
        raise BadEvent("acara_name_empty")
    if len(name) > NAME_MAX:
        raise BadEvent("acara_name_long", limit=NAME_MAX)
    return name


def parse_window(text: str | None, now_minute: int) -> tuple[int, int]:
    """'07:30-08:30' (also 07.30 s/d 08.30) as minutes of today; refused when malformed, when it
    ends at or before it starts (an event of today does not pass midnight) or is already over."""
    found = _WINDOW.fullmatch((text or "").strip().lower())
    if found is None:
        raise BadEvent("acara_window_malformed", word=(text or "").strip()[:40])
    h1, m1, h2, m2 = (int(part) for part in found.groups())
    if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
        raise BadEvent("acara_window_malformed", word=(text or "").strip()[:40])
    start, end = h1 * 60 + m1, h2 * 60 + m2
    if end <= start:
        raise BadEvent("acara_window_order", start=clock_text(start), end=clock_text(end))
    if end <= now_minute:
        raise BadEvent("acara_window_past", end=clock_text(end), now=clock_text(now_minute))
    return start, end


def parse_radius(text: str | None) -> int:
    """The radius in whole metres, between RADIUS_MIN_M and RADIUS_MAX_M."""
    word = (text or "").strip().lower().removesuffix("m").strip().replace(",", ".")
    try:
        value = float(word)
    except ValueError:
        raise BadEvent("acara_radius_not_number", word=(text or "").strip()[:20]) from None
    if not math.isfinite(value) or value < RADIUS_MIN_M or value > RADIUS_MAX_M:
        raise BadEvent("acara_radius_bounds", low=RADIUS_MIN_M, high=RADIUS_MAX_M)
    return round(value)


def misses_check_in(rule: EventRule, check_in: Window | None) -> bool:
    """Whether the event's check-in misses the day's own check-in window: an event is the
    day's check-in gathering (core.rules only takes events that overlap it), not a meeting
    after staff clocked in. A day without a schedule (a weekend) takes any window."""
    if check_in is None:
        return False
    return not (rule.check_in.start <= check_in.end and check_in.start <= rule.check_in.end)


def in_scope(chosen: Iterable[int], scope: frozenset[int] | None) -> list[int]:
    """The chosen units outside `scope` (None: the whole organisation)."""
    return [] if scope is None else [u for u in chosen if u not in scope]


def event_rule(event: AdhocEvent, policy: Policy) -> EventRule:
    """The event as a preset's event of its day: check-in opens the policy's lead before the
    start (as an event placed with a start time, core.policy.events), is on time until the
    start and closes at the window's end; judged at its own site."""
    lead = int(policy.event_lead_min.value or 0)
    opens = max(0, event.start - lead)
    return EventRule(
        code=event.code,
        name=event.name,
        check_in=Window(opens, event.end),
        on_time_until=event.start,
        rule=HOURS_RULE,
        dates=frozenset({event.day}),
        site=event.code,
        site_rule=site_rule(policy),
    )


def site_rule(policy: Policy) -> Citation:
    """The policy's own article placing events at their site, else the Perwal's."""
    if policy.event_site_rule is not None:
        return policy.event_site_rule
    return next((e.site_rule for e in policy.events if e.site_rule), SITE_RULE)


def merged(policy: Policy, unit_id: int, events: Iterable[AdhocEvent]) -> Policy:
    """The policy with the stored events the unit takes part in joining its day's events.

    An event called for the day goes first: where it overlaps a preset's event in time, a
    check-in is judged at the event the head called (`core.rules` takes the first)."""
    own = [event_rule(e, policy) for e in sorted(events, key=_order) if unit_id in e.unit_ids]
    if not own:
        return policy
    return replace(policy, events=(*own, *policy.events))


def _order(event: AdhocEvent) -> tuple[date, int, int]:
    return event.day, event.start, event.id
