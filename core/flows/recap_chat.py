"""/rekapbulan: the month's recap as XLSX and a printable PDF."""

from __future__ import annotations

import asyncio

from core.flows.messages import OutFile, Reply
from core.flows.no_data import no_data_words
from core.flows.ports import Work
from core.flows.summary import scope
from core.flows.turn import Turn
from core.recap import NoData, parse_month
from core.services.context import NotFound
from core.services.recap import month_recap

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


async def month(turn: Turn) -> None:
    """Send the month's recap (this month, or YYYY-MM) as a spreadsheet and a printable PDF."""
    now, today = turn.now(), await turn.today()
    try:
        year, number = (
            parse_month(turn.event.args[0]) if turn.event.args else (today.year, today.month)
        )
    except ValueError:
        turn.say("bad_month")
        return

    def build(uow: Work):
        org, unit, _ = scope(uow, turn)
        return month_recap(uow, org, year, number, unit, now=now)

    try:
        recap = await turn.db(build)
    except NoData as error:
        turn.say("no_data", error=no_data_words(turn.language, error))
        return
    except NotFound:  # a role without a recap (the runner does not offer it to them)
        turn.say("not_allowed")
        return
    # The same writers as `presensi recap` (so the same formula escaping), in the user's language.
    # Imported here: fpdf, matplotlib and openpyxl take seconds to load, which every restart of
    # the server would pay before its first clock-in.
    from core.reports.pdf import month_pdf
    from core.reports.xlsx import month_xlsx

    xlsx, pdf = await asyncio.gather(
        asyncio.to_thread(month_xlsx, recap, turn.language),
        asyncio.to_thread(month_pdf, recap, turn.language),
    )
    name = f"rekap-{year}-{number:02d}"
    turn.reply(
        Reply(
            turn.text("month_sent", month=f"{number:02d}-{year}"),
            document=OutFile(f"{name}.xlsx", xlsx, XLSX),
        )
    )
    turn.reply(
        Reply(turn.text("month_pdf"), document=OutFile(f"{name}.pdf", pdf, "application/pdf"))
    )
