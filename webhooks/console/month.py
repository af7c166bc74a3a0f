"""Month: the recap grid of a unit (the same table the XLSX, PDF and CSV are written from), the
TPP deductions, the revisions window and whether the month was submitted; the files to
download. A super admin who picks no unit sees the organisation's summary, a line per unit."""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from core.recap import MonthRecap, NoData, parse_month
from core.reports.formats import decimal, number
from core.reports.table import Kind, MonthTable, summary_columns, summary_rows
from core.services.console import NotAllowed, is_head, unit_in_scope, units_seen
from core.services.context import NotFound, employee_today
from core.services.recap import month_recap
from core.services.submissions import UnitState, month_state
from webhooks.console.chat import answers, run_command
from webhooks.console.pages import (
    Console,
    Refused,
    SignedIn,
    Viewer,
    check_form,
    in_thread,
    render,
)
from webhooks.deps import Parts

router = APIRouter(prefix="/admin", tags=["console"])
# The TPP table: who, and what their month costs them.
TPP_KEYS = ("identifier", "name", "work_days", "TK", "late_minutes", "early", "rate",
            "deduction", "tpp", "tpp_cut", "tpp_paid")  # fmt: skip
FILES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
}


@router.get("/bulan")
async def month(
    request: Request, viewer: SignedIn, parts: Parts, console: Console, bulan: str = "",
    unit: str = "", sejak: str = "",
) -> Response:  # fmt: skip
    """The month's grid, TPP table and state for the unit shown."""
    language = viewer.language
    found = await _recap(parts, viewer, console, bulan, unit)
    results = await answers(console, viewer, sejak)
    recap, whole_org = found.recap, not unit and viewer.user.whole_org
    tables = _grids(recap, language) if recap is not None and not whole_org else []
    summary = _summary(recap, language) if recap is not None and whole_org else None
    return render(
        request, "month.html", language, viewer=viewer, page="month", recap=recap,
        tables=tables, summary=summary, unit=unit, units=found.units, label=found.label,
        states=[s for s in found.states if whole_org or s.code in found.shown],
        previous=_shift(found.year, found.month, -1), following=_shift(found.year, found.month, 1),
        formats=list(FILES), results=results, head=is_head(viewer.user),
        nonce=secrets.token_urlsafe(12),
    )  # fmt: skip


@router.post("/bulan/kirim")
async def submit_month(
    request: Request, viewer: SignedIn, console: Console,
    csrf: Annotated[str, Form()] = "", nonce: Annotated[str, Form()] = "",
    bulan: Annotated[str, Form()] = "",
) -> Response:  # fmt: skip
    """Mark the month's report submitted, as /kirimrekap does in chat (an admin's units)."""
    check_form(request, viewer, csrf)
    if is_head(viewer.user):
        raise Refused(403, "head_read_only", viewer.language)
    try:
        year, number_ = parse_month(bulan)
    except ValueError:
        raise Refused(400, "month_bad", viewer.language, back="/admin/bulan") from None
    label = f"{year}-{number_:02d}"
    before = await run_command(console, viewer, nonce, "kirimrekap", [label], "kirim")
    return RedirectResponse(f"/admin/bulan?bulan={label}&sejak={before}", status_code=303)


@router.get("/bulan/unduh")
async def download(
    viewer: SignedIn, parts: Parts, console: Console, bulan: str = "", unit: str = "",
    format: str = "xlsx",
) -> Response:  # fmt: skip
    """The month as a file: XLSX, PDF or CSV, written by the same writers as /rekapbulan."""
    if format not in FILES:
        raise Refused(404, "not_found", viewer.language)
    found = await _recap(parts, viewer, console, bulan, unit)
    recap = found.recap
    if recap is None:
        raise Refused(404, "month_empty", viewer.language)
    # Imported here: the writers take seconds to load (core.flows.recap_chat says why).
    from core.reports.csv import month_csv_excel
    from core.reports.pdf import month_pdf
    from core.reports.xlsx import month_xlsx

    writer = {"xlsx": month_xlsx, "pdf": month_pdf, "csv": month_csv_excel}[format]
    data = await asyncio.to_thread(writer, recap, viewer.language)
    scope = unit or (viewer.user.unit_code if not viewer.user.whole_org else recap.org_code)
    name = f"rekap-{scope}-{found.label}.{format}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"',
               "Cache-Control": "no-store"}  # fmt: skip
    return Response(data, media_type=FILES[format], headers=headers)


@dataclass(frozen=True)
class Shown:
    """What a month page shows: the recap (None: nothing recorded yet), the units' submission
    state, the units the user may pick, and the units the recap covers."""

    recap: MonthRecap | None
    states: list[UnitState]
    units: list[tuple[str, str]]
    shown: set[str]
    year: int
    month: int

    @property
    def label(self) -> str:
        return f"{self.year}-{self.month:02d}"


async def _recap(parts, viewer: Viewer, console, bulan: str, unit: str) -> Shown:
    user, language, now = viewer.user, viewer.language, console.clock.now()

    def read(uow):
        today = employee_today(uow, user.employee, now)
        year, month_ = parse_month(bulan) if bulan else (today.year, today.month)
        code = unit_in_scope(uow, user, unit or None)
        try:
            recap = month_recap(uow, user.org_code, year, month_, code, now=now)
        except NoData:
            recap = None
        states = month_state(uow, user.org_code, year, month_)
        return Shown(recap, states, units_seen(uow, user), {code} if code else set(), year, month_)

    try:
        return await in_thread(parts, read)
    except ValueError:
        raise Refused(400, "month_bad", language) from None
    except NotAllowed:
        raise Refused(403, "forbidden_unit", language) from None
    except NotFound:
        raise Refused(404, "not_found", language) from None


def _summary(recap: MonthRecap, language: str) -> tuple[list[str], list[list[tuple[str, str]]]]:
    """The organisation's summary: a line per unit and the total."""
    columns = summary_columns(language)
    rows = [[_cell(v, c.kind, language) for v, c in zip(row, columns, strict=True)]
            for row in summary_rows(recap, language)]  # fmt: skip
    return [c.title for c in columns], rows


def _grids(recap: MonthRecap, language: str) -> list[dict[str, Any]]:
    """Per unit: the grid's header and rows (the total last), and the TPP table."""
    table = MonthTable(recap, language, days=True)
    kinds = table.kinds()
    keys = [c.key for c in table.columns]
    picked = [keys.index(k) for k in TPP_KEYS if k in keys]
    found = []
    for unit in recap.units:
        rows = [table.row(n, line) for n, line in enumerate(unit.employees, 1)]
        grid = [[_cell(v, k, language) for v, k in zip(row, kinds, strict=True)]
                for row in [*rows, table.total_row(unit)]]  # fmt: skip
        tpp = [[grid[n][i] for i in picked] for n in range(len(rows))]
        titles = [table.columns[i].title for i in picked]
        found.append(
            {"name": unit.name, "header": table.header(), "grid": grid, "tpp_header": titles,
             "tpp": tpp}
        )  # fmt: skip
    return found


def _cell(value: Any, kind: Kind, language: str) -> tuple[str, str]:
    """(text, CSS class) of one cell, formatted as the PDF writes it for the reader."""
    if value is None or value == "":
        return "", ""
    if kind is Kind.DAY:
        return str(value), "code-" + _code_class(str(value))
    if kind is Kind.PERCENT and isinstance(value, int | float | Decimal):
        return f"{decimal(value, language)} %", "num"
    if kind is Kind.RUPIAH and isinstance(value, int | float | Decimal):
        return f"Rp {number(value, language)}", "num"
    if kind is Kind.TIME and isinstance(value, time | datetime):
        return value.strftime("%H:%M"), ""
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return number(value, language), "num"
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y"), ""
    return str(value), ""


def _code_class(code: str) -> str:
    """A day code's colour: present, late or early, absent with leave, TK, or other."""
    head = code.rstrip("*").split("/")[0]
    if head == "H":
        return "present"
    if head.startswith(("TL", "PSW", "TAM")):
        return "late"
    if head == "TK":
        return "tk"
    return "leave" if head not in ("L", "") else "off"


def _shift(year: int, month: int, step: int) -> str:
    total = year * 12 + month - 1 + step
    return f"{total // 12}-{total % 12 + 1:02d}"
