"""/izin for official travel clocked in at its destination (core.travel): the destination step,
and an approver's approval with another destination.

Perbup Konawe Kepulauan 18/2023 Pasal 9 ayat (5): "ASN melakukan Presensi Daring di tempat
tugas". The employee shares the destination when filing (a point picked on the map, or a live
location from there where the policy's `travel_destination_live` asks for one); an admin filing
for an employee (`/izin NIP`) picks it; an approver may approve with another one ("ad:ID").
"""

from __future__ import annotations

from datetime import datetime

from core.flows.messages import CAPABILITIES, Reply
from core.flows.ports import Absence
from core.flows.texts_duty import map_link
from core.flows.turn import Speaker, Turn
from core.ids import row_id
from core.judgement import Sighting
from core.services import absences, travel
from core.services.context import NotFound
from core.travel import TRAVEL_CODE, destination_problem


async def ask(turn: Turn, data: dict, rule: str, live: bool) -> None:
    """Open the destination step. `live`: the employee's own filing under a policy that wants
    a live location from the destination; a channel without live locations then asks for it
    with its location button, and its freshness counts from the request."""
    now = turn.now()
    await turn.remember("leave.destination", **data, live=live, asked_at=now.isoformat())
    if "for_id" in data:
        turn.say("leave_destination_for", name=data["for_name"], rule=rule)
    elif live and not turn.event.can.live_location:
        text = turn.text("leave_destination_button", rule=rule)
        turn.reply(Reply(text, ask_location=turn.text("btn_share_location")))
    else:
        turn.say("leave_destination_live" if live else "leave_destination", rule=rule)


async def take(turn: Turn) -> dict | None:
    """The request's data with the destination sent at the destination step; None when the
    message will not do (the user was told why, the step stays open)."""
    data = turn.data
    point = _point(turn, live_required=bool(data.get("live")))
    if point is None:
        return None
    if data.get("live") and not await _live_evidence_ok(turn, data):
        return None
    kept = {k: v for k, v in data.items() if k not in ("live", "asked_at")}
    return {**kept, "destination": list(point)}


def _point(turn: Turn, live_required: bool) -> tuple[float, float] | None:
    """The location sent as a destination, or None after saying what is wrong with it."""
    event = turn.event
    where = event.location
    if where is None:
        if event.unsupported == "venue":
            turn.say("destination_venue")
        else:
            turn.say("destination_expected", got=turn.got())
        return None
    problem = destination_problem(
        where.lat,
        where.lon,
        forwarded=event.forwarded,
        live=where.live,
        live_required=live_required and event.can.live_location,
    )
    if problem is not None:
        turn.say(f"destination_{problem.value}")
        return None
    return where.lat, where.lon


async def _live_evidence_ok(turn: Turn, data: dict) -> bool:
    """A live destination is judged as a clock-in's location is: the channel's trust, then
    the fix's accuracy and age (the policy's limits); say why not when it fails."""
    event = turn.event
    where = event.location
    assert where is not None  # `_point` took it
    sighting = Sighting(
        where.accuracy_m if event.can.reports_accuracy else None,
        where.sent_at,
        None if event.can.live_location else datetime.fromisoformat(data["asked_at"]),
    )
    employee_id, now, channel = turn.me.id, turn.now(), event.channel.value
    found = await turn.db(
        lambda uow: travel.live_destination_problem(uow, employee_id, sighting, now, channel)
    )
    if found is None:
        return True
    key, values = found
    if key == "channel_refused":
        other = next((c.label for c in CAPABILITIES.values() if c != event.can), "")
        values = {**values, "channel": event.can.label, "other": other}
        await turn.forget()
        turn.menu(key, **values)
        return False
    again = None if event.can.live_location else turn.text("btn_share_location")
    turn.reply(Reply(turn.text(key, **values), ask_location=again))
    return False


def approval_extras(them: Speaker, row: Absence, point: tuple[float, float] | None):
    """What an approval request of a DL with a destination adds, in the approver's language:
    the destination as a map link, and a button to approve it with another destination."""
    if point is None:
        return "", ()
    text = them.text("approval_destination", map=map_link(*point))
    return text, (them.button("btn_approve_destination", f"ad:{row.id}"),)


async def approve_button(turn: Turn) -> None:
    """ "ad:ID": the approver will send another destination, then the DL is approved."""
    absence_id = row_id((turn.event.button or "").partition(":")[2])
    me = turn.me

    def find(uow):
        row = uow.absence(absence_id) if absence_id is not None else None
        mine = row is not None and absences.may_decide(uow, row, me)
        return row, mine, uow.employee(row.employee_id).name if row else ""

    row, mine, name = await turn.db(find)
    if row is not None and row.code != TRAVEL_CODE:
        row = None  # only a travel has a destination: the button was not ours
    if row is None or row.status != "pending" or not mine:
        _refused(turn, row)
        return
    dates = _span(row)
    await turn.remember("leave.approve_destination", absence_id=row.id, name=name, dates=dates)
    turn.say("ask_approval_destination", name=name, dates=dates)


async def approve_destination(turn: Turn) -> None:
    """The approver's destination: the DL is approved with it, the employee told."""
    point = _point(turn, live_required=False)
    if point is None:
        return
    absence_id = turn.data["absence_id"]
    actor = turn.me.id

    def approve(uow):
        return absences.approve_with_destination(uow, absence_id, actor, *point)

    await turn.forget()
    try:
        row = await turn.db(approve)
    except (NotFound, absences.AbsenceRefused, travel.InvalidDestination):
        row = await turn.db(lambda uow: uow.absence(absence_id))
        _refused(turn, row)
        return
    link = map_link(*point)
    turn.menu("decided_destination", map=link)
    them = await turn.speaking_to(row.employee_id)
    note = them.text("approved_destination_note", dates=_span(row), by=turn.me.name, map=link)
    turn.notify(row.employee_id, Reply(note))


def _refused(turn: Turn, row: Absence | None) -> None:
    """Why the approval cannot go on: unknown, already decided, or not the approver's."""
    if row is None:
        key, values = "unknown_button", {}
    elif row.status != "pending":
        key, values = "already_decided", {"status": turn.text(f"status_{row.status}")}
    else:
        key, values = "not_allowed", {}
    turn.answer.toast = turn.text(key, **values)
    turn.say(key, **values)


def _span(row: Absence) -> str:
    first, last = row.first_day.strftime("%d-%m-%Y"), row.last_day.strftime("%d-%m-%Y")
    return first if first == last else f"{first} s/d {last}"
