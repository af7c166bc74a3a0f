"""/acara without a draft: today's events called from chat, and /acara batal NOMOR."""

from __future__ import annotations

from core.event_fence import BadEvent, clock_text
from core.flows.clocking import ZONE_NAMES
from core.flows.messages import Reply
from core.flows.texts import t
from core.flows.turn import Turn
from core.ids import row_id
from core.services import event_fences as fences
from core.services.context import org_view


def zone_name(zone: str) -> str:
    return ZONE_NAMES.get(zone, zone)


def window_of(row) -> str:
    return f"{clock_text(row.start_min)}-{clock_text(row.end_min)}"


async def list_events(turn: Turn) -> bool:
    """Show today's events of the organisation; False when there is none."""
    me, now = turn.me, turn.now()

    def read(uow):
        day = fences.today_of(uow, me, now)
        view = org_view(uow, me.org_id)
        rows = fences.events_on(uow, me.org_id, day)
        codes = {u.id: u.code for u in view.units.values()}
        return day, rows, codes, view.zone_of(me.unit_id)

    day, rows, codes, zone = await turn.db(read)
    if not rows:
        return False
    lines = [turn.text("acara_list", date=day.strftime("%d-%m-%Y"))]
    for row in rows:
        units = ", ".join(codes.get(u, "?") for u in row.unit_ids)
        lines.append(
            turn.text("acara_line", id=row.id, name=row.name, window=window_of(row),
                      zone=zone_name(zone), radius=round(row.radius_m), units=units)
        )  # fmt: skip
    lines.append(turn.text("acara_list_hint"))
    turn.reply(Reply("\n".join(lines)))
    return True


async def cancel_event(turn: Turn, word: str) -> None:
    """Cancel one of the caller's own events; the staff taking part are told."""
    event_id = row_id(word.lstrip("#"))
    if event_id is None:
        turn.say("acara_unknown", id=word[:20])
        return
    me, now, default = turn.me, turn.now(), turn.deps.config.language

    def act(uow):
        row = fences.cancel(uow, me, event_id, now)
        told = fences.staff_told(uow, me.org_id, list(row.unit_ids), row.day, me.id, default)
        return row, told

    try:
        row, told = await turn.db(act)
    except BadEvent as bad:
        turn.say(bad.key, **bad.values)
        return
    for employee_id, language in told:
        text = t(language, "acara_cancelled_notice", name=row.name, window=window_of(row),
                 caller=me.name)  # fmt: skip
        turn.notify(employee_id, Reply(text))
    turn.say("acara_cancelled", id=row.id, name=row.name, count=len(told))
