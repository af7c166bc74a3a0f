"""Today: counts and names per status, for the user's unit or, for a super admin, any unit."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from core.flows.review import REASON_WORDS
from core.flows.summary import group_of, groups, label_of
from core.flows.texts import TEXTS, t
from core.recap import NoData
from core.services.console import (
    NotAllowed,
    flagged_today,
    is_head,
    refused_today,
    staff_units,
    today_board,
    units_seen,
)
from core.services.console_map import today_points, unit_sites
from core.services.context import NotFound, employee_today
from webhooks.console.maps import map_data
from webhooks.console.pages import Console, Refused, SignedIn, in_thread, render
from webhooks.deps import Parts

router = APIRouter(prefix="/admin", tags=["console"])


@router.get("")
async def today(
    request: Request, viewer: SignedIn, parts: Parts, console: Console, unit: str = ""
) -> Response:
    user, language = viewer.user, viewer.language
    now = console.clock.now()

    def read(uow):
        try:
            board = today_board(uow, user, now, unit or None)
        except NoData:
            board = None
        day = employee_today(uow, user.employee, now)
        code = unit or (None if user.whole_org else user.unit_code)
        refused = refused_today(uow, user, day, code)
        drawn = unit_sites(uow, user.employee.org_id, staff_units(uow, user, code), day)
        points = today_points(uow, user, day, code)
        return board, units_seen(uow, user), refused, flagged_today(uow, user, day, code), (
            drawn, points)  # fmt: skip

    try:
        board, units, refused, flagged, (drawn, points) = await in_thread(parts, read)
    except NotAllowed:
        raise Refused(403, "forbidden_unit", language) from None
    except NotFound:
        raise Refused(404, "not_found", language) from None
    english = language == "en"
    people = [] if board is None else list(board.lines)
    sections = []
    for key, labels in groups():
        names = [line for line in people if group_of(line.status) == key]
        if names:
            sections.append((labels[english], names))
    on_time = [line for line in people if group_of(line.status) is None]
    return render(
        request, "today.html", language, viewer=viewer, page="today", board=board,
        units=units, unit=unit, sections=sections, on_time=on_time, head=is_head(user),
        label=lambda status: label_of(status, language), refused=refused, flagged=flagged,
        outcome=lambda key: t(language, f"attempt_{key}") if f"attempt_{key}" in TEXTS else key,
        direction=lambda key: t(language, f"manual_what_{key}"),
        why=lambda reasons: "; ".join(REASON_WORDS.get(r, (r, r))[english] for r in reasons),
        map=map_data(language, drawn, points, console),
    )  # fmt: skip
