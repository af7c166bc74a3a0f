"""/rekapbulan: the month's recap as XLSX and PDF; the chart that comes with /rekap."""

from __future__ import annotations

import asyncio
from datetime import date

from core.flows.messages import OutFile, Reply
from core.flows.turn import Turn
from core.recap import NoData, parse_month
from core.reports.chart import day_chart
from core.reports.pdf import month_pdf
from core.reports.xlsx import month_xlsx
from core.services.context import NotFound
from core.services.recap import day_summary, month_recap
from core.storage.tables import Organisation, UnitRow
from core.storage.uow import UnitOfWork

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _scope(uow: UnitOfWork, turn: Turn) -> tuple[str, str | None]:
    """The organisation code, and the unit unless a super admin asks for everyone."""
    employee = turn.employee
    org = uow.session.get(Organisation, employee.org_id)
    if "super_admin" in turn.roles:
        return org.code, None
    return org.code, uow.session.get(UnitRow, employee.unit_id).code


async def month(turn: Turn) -> None:
    """Send the month's recap (this month, or YYYY-MM) as a spreadsheet and a printable PDF."""
    now = turn.deps.clock.now()
    try:
        year, number = parse_month(turn.event.args[0]) if turn.event.args else (
            now.year, now.month)
    except ValueError:
        turn.say("bad_month")
        return

    def build(uow: UnitOfWork):
        org, unit = _scope(uow, turn)
        return month_recap(uow, org, year, number, unit, now=now)

    try:
        recap = await turn.db(build)
    except (NoData, NotFound) as error:
        turn.say("no_data", error=str(error))
        return
    xlsx, pdf = await asyncio.gather(asyncio.to_thread(month_xlsx, recap),
                                     asyncio.to_thread(month_pdf, recap))
    name = f"rekap-{year}-{number:02d}"
    turn.reply(Reply(turn.text("month_sent", month=f"{number:02d}-{year}"),
                     document=OutFile(f"{name}.xlsx", xlsx, XLSX)))
    turn.reply(Reply(turn.text("month_pdf"), document=OutFile(f"{name}.pdf", pdf,
                                                              "application/pdf")))


async def chart(turn: Turn, day: date) -> None:
    """The day's status counts as a small picture, after the /rekap text."""
    now = turn.deps.clock.now()

    def build(uow: UnitOfWork):
        org, unit = _scope(uow, turn)
        return day_summary(uow, org, day, unit, now=now)

    try:
        summary = await turn.db(build)
    except (NoData, NotFound):
        return  # the text already said what there is
    image = await asyncio.to_thread(day_chart, summary, turn.language)
    turn.reply(Reply(turn.text("chart_caption"), photo=OutFile("rekap.png", image, "image/png")))
