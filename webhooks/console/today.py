"""Today: counts and names per status, a map of the clock-ins against the sites, the refused
attempts and the flagged records; for the user's unit or, for a super admin, any unit."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from fastapi import APIRouter, Request
from fastapi.responses import Response

from core.flows.review import REASON_WORDS
from core.flows.summary import group_of, groups, label_of
from core.flows.texts import TEXTS, t
from core.recap import DaySummary, NoData
from core.services.console import (
    ConsoleUser,
    NotAllowed,
    RefusedAttempt,
    flagged_today,
    is_head,
    refused_today,
    staff_units,
    today_board,
    units_seen,
)
from core.services.console_map import MapPoint, MapSite, today_points, unit_sites
from core.services.context import NotFound, employee_today
from core.services.review import FlaggedRecord
from webhooks.console.chat import answers
from webhooks.console.maps import map_data
from webhooks.console.pages import Console, Refused, SignedIn, in_thread, render
from webhooks.deps import Parts

router = APIRouter(prefix="/admin", tags=["console"])


@dataclass(frozen=True)
class Day:
    """What the page shows of today, read in one transaction."""

    board: DaySummary | None  # None: nothing recorded in the organisation yet
    units: list[tuple[str, str]]
    refused: list[RefusedAttempt]
    flagged: list[FlaggedRecord]
    sites: list[MapSite]
    points: list[MapPoint]


def read_day(uow, user: ConsoleUser, now: datetime, unit: str | None) -> Day:
    """Today's board, attempts, flags and map for the unit shown (`unit`, else the user's)."""
    try:
        board = today_board(uow, user, now, unit)
    except NoData:
        board = None
    day = employee_today(uow, user.employee, now)
    code = unit or (None if user.whole_org else user.unit_code)
    sites = unit_sites(uow, user.employee.org_id, staff_units(uow, user, code), day)
    points = today_points(uow, user, day, code)
    refused, flagged = refused_today(uow, user, day, code), flagged_today(uow, user, day, code)
    return Day(board, units_seen(uow, user), refused, flagged, sites, points)


@router.get("")
async def today(
    request: Request, viewer: SignedIn, parts: Parts, console: Console, unit: str = "",
    sejak: str = "",
) -> Response:  # fmt: skip
    """Counts and names per status, the map, the refused attempts and the flagged records."""
    user, language = viewer.user, viewer.language
    now = console.clock.now()
    try:
        found = await in_thread(parts, lambda uow: read_day(uow, user, now, unit or None))
    except NotAllowed:
        raise Refused(403, "forbidden_unit", language) from None
    except NotFound:
        raise Refused(404, "not_found", language) from None
    results = await answers(console, viewer, sejak)
    english = language == "en"
    board = found.board
    people = [] if board is None else list(board.lines)
    sections = []
    for key, labels in groups():
        names = [line for line in people if group_of(line.status) == key]
        if names:
            sections.append((labels[english], names))
    on_time = [line for line in people if group_of(line.status) is None]
    return render(
        request, "today.html", language, viewer=viewer, page="today", board=board,
        units=found.units, unit=unit, sections=sections, on_time=on_time, head=is_head(user),
        label=lambda status: label_of(status, language), refused=found.refused,
        flagged=found.flagged,
        outcome=lambda key: t(language, f"attempt_{key}") if f"attempt_{key}" in TEXTS else key,
        direction=lambda key: t(language, f"manual_what_{key}"),
        why=lambda reasons: "; ".join(REASON_WORDS.get(r, (r, r))[english] for r in reasons),
        map=map_data(language, found.sites, found.points, console), results=results,
        nonce=secrets.token_urlsafe(12),
    )  # fmt: skip
