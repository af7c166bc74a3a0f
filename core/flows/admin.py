"""Admin commands in chat: activation codes, chat-account resets, blocking."""

from __future__ import annotations

from core.flows.ports import Work
from core.flows.turn import Turn
from core.ids import InvalidIdentifier, parse_identity
from core.services import accounts

USAGE = {"kode": "/kode NIP", "reset": "/reset NIP", "blokir": "/blokir NIP", "buka": "/buka NIP"}


async def run(turn: Turn) -> None:
    """/kode, /reset, /blokir, /buka on an employee the admin administers."""
    command = turn.event.command or ""  # the runner sends only these commands here
    try:
        identifier = parse_identity(turn.event.args[0] if turn.event.args else "").value
    except InvalidIdentifier:
        turn.say("usage", usage=USAGE[command])
        return
    admin = turn.me

    def act(uow: Work):
        employee = accounts.find_by_identifier(uow, identifier)
        if employee is None:
            return None, None
        if not accounts.may_administer(admin, employee):
            return employee, "not_allowed"
        if command == "kode":
            return employee, accounts.issue_code(uow, employee, admin, key=turn.deps.code_key)
        return employee, ACTIONS[command](uow, employee, admin)

    employee, result = await turn.db(act)
    if employee is None or result == "not_allowed":
        # One answer for "no such NIP" and "not in your units": an admin learns nothing about
        # employees of other units (UU 27/2022).
        turn.say("not_administered")
    elif command == "kode":
        turn.say("code_issued", name=employee.name, code=result, hours=accounts.CODE_HOURS)
    else:
        turn.say(result, name=employee.name)


def _reset(uow: Work, employee, admin) -> str:
    accounts.release(uow, employee, admin)
    return "reset_done"


def _block(uow: Work, employee, admin) -> str:
    employee.blocked = True
    uow.touch(employee, f"employee:{admin.id}", "employee.block")
    return "block_done"


def _unblock(uow: Work, employee, admin) -> str:
    employee.blocked = False
    uow.touch(employee, f"employee:{admin.id}", "employee.unblock")
    return "unblock_done"


ACTIONS = {"reset": _reset, "blokir": _block, "buka": _unblock}
