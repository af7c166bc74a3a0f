"""/admin: a super admin lists, adds and removes the admins of a unit (core.services.unit_admins).

`/admin daftar [UNIT]`, `/admin tambah NIP UNIT`, `/admin hapus NIP UNIT` (English: list, add,
remove). The employee is told, and their chat's command menu follows their new roles; pending
requests that waited for a removed admin go to the unit's approver now, who gets them to decide.
"""

from __future__ import annotations

from core import absence_codes
from core.flows.approval_card import card
from core.flows.commands import menus_for
from core.flows.messages import Button, Reply
from core.flows.ports import Work
from core.flows.texts import t
from core.flows.turn import Turn
from core.ids import InvalidIdentifier, parse_identity
from core.services import accounts
from core.services.approval_queue import Pending
from core.services.unit_admins import AdminRefused, change_admin, list_admins
from core.storage.tables import AttendanceRequestRow

USAGE = "/admin daftar [UNIT] | /admin tambah NIP UNIT | /admin hapus NIP UNIT"
LIST = {"daftar", "list"}
ADD = {"tambah", "add"}
REMOVE = {"hapus", "remove"}


async def admin(turn: Turn) -> None:
    """Route `/admin` to its subcommand, or say how it is used."""
    args = turn.event.args
    word = args[0].lower() if args else ""
    if word in LIST and len(args) <= 2:
        await _list(turn, args[1] if len(args) == 2 else None)
    elif word in ADD | REMOVE and len(args) == 3:
        await _change(turn, args[1], args[2], add=word in ADD)
    else:
        turn.say("usage", usage=USAGE)


async def _list(turn: Turn, unit: str | None) -> None:
    me = turn.me
    found = await turn.db(lambda uow: list_admins(uow, me, me.org_id, unit))
    if isinstance(found, AdminRefused):
        turn.say(f"admins_{found.key}", usage=USAGE, **found.values)
        return
    lines = [turn.text("admins_header")]
    for entry in found:
        names = ", ".join(f"{e.name} ({e.identifier})" for e in entry.admins)
        lines.append(f"{entry.unit.code} - {entry.unit.name}: {names or turn.text('admins_none')}")
    turn.reply(Reply("\n".join(lines)))


async def _change(turn: Turn, word: str, unit: str, add: bool) -> None:
    try:
        identifier = parse_identity(word).value
    except InvalidIdentifier:
        turn.say("usage", usage=USAGE)
        return
    me = turn.me

    def act(uow: Work):
        done = change_admin(uow, me, me.org_id, identifier, unit, add)
        if isinstance(done, AdminRefused):
            return done, "", ({}, {}, {})
        people = {done.employee.id} | {to for _, to in done.moved if to is not None}
        default = turn.deps.config.language
        languages = {i: accounts.language_of(uow, i, default) for i in people}
        requesters = {
            a.id: uow.employee(a.employee_id).name
            for a, _ in done.moved
            if not isinstance(a, AttendanceRequestRow)
        }
        cards = _missed_cards(uow, done.moved, done.employee.name, languages)
        return done, uow.unit_name(done.unit.id), (languages, requesters, cards)

    done, unit_name, (languages, requesters, cards) = await turn.db(act)
    if isinstance(done, AdminRefused):
        turn.say(f"admins_{done.key}", usage=USAGE, **_shown(done.values))
        return
    employee, verb = done.employee, "added" if done.added else "removed"
    values = {"name": employee.name, "unit": done.unit.code, "unit_name": unit_name}
    turn.say(f"admins_{verb}", **values)
    if done.moved:
        turn.say("admins_moved", count=len(done.moved))
    language = languages[employee.id]
    notice = t(language, f"admins_{verb}_notice", **values, by=turn.me.name)
    # The chat's command menu follows the new roles (Telegram shows it per chat).
    menu = menus_for(employee.role_set, language, turn.deps.console_app)
    turn.notify(employee.id, Reply(notice, **menu))
    for request, to in done.moved:
        if to is not None and isinstance(request, AttendanceRequestRow):
            turn.notify(to, cards[request.id])
        elif to is not None:
            _ask(turn, request, requesters[request.id], employee.name, languages[to], to)


def _missed_cards(uow: Work, moved: list, former: str, languages: dict) -> dict[int, Reply]:
    """A moved missed record (`/lupaabsen`) as its new approver sees it in `/antrian`, with its
    buttons, under a line saying why it is theirs now."""
    cards = {}
    for request, to in moved:
        if to is None or not isinstance(request, AttendanceRequestRow):
            continue
        language = languages[to]
        lead = t(language, "admins_moved_missed_lead", former=former)
        item = Pending(request, uow.employee(request.employee_id))
        cards[request.id] = card(uow, item, language, to, lead)
    return cards


def _ask(turn: Turn, absence, requester: str, former: str, language: str, to: int) -> None:
    """Hand a pending request to its new approver, with the buttons to decide it."""
    kind = absence_codes.row(absence.code)
    first, last = (d.strftime("%d-%m-%Y") for d in (absence.first_day, absence.last_day))
    text = t(
        language,
        "admins_moved_notice",
        former=former,
        name=requester,
        code=kind.chat_label(language) if kind else absence.code,
        dates=first if first == last else f"{first} s/d {last}",
        reason=absence.reason or "-",
    )
    buttons = (
        (Button(t(language, "btn_approve"), f"ap:{absence.id}"),
         Button(t(language, "btn_reject"), f"rj:{absence.id}")),
    )  # fmt: skip
    turn.notify(to, Reply(text, buttons=buttons))


def _shown(values: dict) -> dict:
    day = values.get("day")
    return values | ({"day": day.strftime("%d-%m-%Y")} if day is not None else {})
