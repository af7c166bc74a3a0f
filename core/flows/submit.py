"""/kirimrekap: an admin marks a month's report as submitted for their units
(core.services.submissions), which locks the month outside its revisions window.

`/kirimrekap [YYYY-MM]`, last month by default. The answer says whether it was on time by the
regulation's deadline (core.reporting) and until when the month may still change.
"""

from __future__ import annotations

from core.flows.manual import dates_shown
from core.flows.messages import Reply
from core.flows.ports import Work
from core.flows.turn import Turn
from core.recap import parse_month
from core.reporting import days_left, previous_month
from core.services.submissions import SubmitRefused, Submitted, submit_month

USAGE = "/kirimrekap [YYYY-MM]"


async def submit(turn: Turn) -> None:
    """Mark the month (last month, or YYYY-MM) submitted for the admin's units."""
    args = turn.event.args
    if len(args) > 1:
        turn.say("usage", usage=USAGE)
        return
    today = await turn.today()
    try:
        year, month = parse_month(args[0]) if args else previous_month(today)
    except ValueError:
        turn.say("submit_bad_month", word=args[0], usage=USAGE)
        return
    me, key = turn.me, turn.event.key

    def act(uow: Work) -> Submitted | SubmitRefused:
        return submit_month(uow, me, year, month, today, key)

    done = await turn.db(act)
    if isinstance(done, SubmitRefused):
        turn.say(f"submit_{done.key}", **dates_shown(dict(done.values)))
        return
    lines = [turn.text("submit_done", **_done_values(done)), *_more(turn, done)]
    turn.reply(Reply("\n".join(lines)))


def _done_values(done: Submitted) -> dict[str, object]:
    return {"month": done.month.strftime("%m-%Y"), "units": ", ".join(done.units),
            "date": done.on.strftime("%d-%m-%Y")}  # fmt: skip


def _more(turn: Turn, done: Submitted) -> list[str]:
    lines = []
    if done.already:
        lines.append(turn.text("submit_also_before", units=", ".join(done.already)))
    if done.due is not None:
        late = -days_left(done.on, done.due)
        key = "submit_late" if late > 0 else "submit_on_time"
        lines.append(turn.text(key, due=done.due.strftime("%d-%m-%Y"), days=late, rule=done.rule))
    if done.window is not None:
        lines.append(turn.text("submit_window", last=done.window[1].strftime("%d-%m-%Y")))
    else:
        lines.append(turn.text("submit_locked"))
    return lines
