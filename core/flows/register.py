"""Registration: /start -> NIP or NIK -> activation code or own phone number -> linked."""

from __future__ import annotations

from core.flows.commands import menus
from core.flows.messages import Reply
from core.flows.ports import Work
from core.flows.turn import Turn
from core.ids import InvalidIdentifier, parse_identity
from core.services import accounts
from core.services.context import employee_today


async def start(turn: Turn) -> None:
    """Greet; a linked account gets its menu, a new one is asked for a NIP or NIK."""
    if turn.employee is not None:
        turn.menu("already_linked", name=turn.me.name)
        return
    await turn.remember("register.identity")
    turn.say("welcome")


async def identity(turn: Turn) -> None:
    """Read the NIP or NIK and ask for proof that it is theirs.

    Nothing is said about the NIP until the code or the phone number matches (UU 27/2022):
    registered or not, blocked or not, the answer is the same and names no one, so that typing
    a colleague's NIP tells nothing. An unknown NIP simply never gets past the proof.
    """
    try:
        identifier = parse_identity(turn.event.text or "").value
    except InvalidIdentifier as error:
        turn.say("bad_identity", error=turn.text(f"id_{error.why}", **error.fields))
        return
    employee = await turn.db(lambda uow: accounts.find_by_identifier(uow, identifier))
    await turn.remember("register.proof", employee_id=employee.id if employee else None)
    if turn.event.can.contact_button:
        text, button = turn.text("ask_proof"), turn.text("btn_share_contact")
    else:  # no such button: the own contact card carries the number
        text, button = turn.text("ask_proof_card"), None
    turn.reply(Reply(text, ask_contact=button))


async def proof(turn: Turn) -> None:
    """Check the activation code or the shared own number, then link the account."""
    employee_id = turn.data["employee_id"]
    event = turn.event
    if event.contact_phone is not None:
        if not event.contact_is_own:
            turn.say("other_contact" if event.can.contact_button else "other_contact_card")
            return
        await _link_by_phone(turn, employee_id, event.contact_phone)
        return
    if not await _may_try_code(turn):
        turn.say("bad_code")
        return
    code = (event.text or "").strip()

    def redeem(uow: Work):
        if employee_id is None:  # an unknown NIP: refused as any wrong code is
            return None, False
        employee = uow.employee(employee_id)
        return employee, accounts.redeem_code(uow, employee, code, key=turn.deps.code_key)

    employee, valid = await turn.db(redeem)
    if not valid:
        turn.say("bad_code")
        return
    await _link(turn, employee)


async def _link_by_phone(turn: Turn, employee_id: int | None, phone: str) -> None:
    employee = await turn.db(lambda uow: uow.employee(employee_id) if employee_id else None)
    if employee is None or not accounts.same_phone(employee.phone, phone):
        turn.say("bad_contact")
        return
    await _link(turn, employee)


async def _link(turn: Turn, employee) -> None:
    """The proof matched: now the employee may learn they are blocked, or be linked."""
    if employee.blocked:
        await turn.forget()
        await _blocked(turn, employee)
        return
    now = turn.now()
    if employee.left_on is not None and employee.left_on <= await turn.db(
        lambda uow: employee_today(uow, employee, now)
    ):
        await turn.forget()
        turn.say("left", day=f"{employee.left_on:%d-%m-%Y}")
        return
    await _bind(turn, employee.id)


async def _bind(turn: Turn, employee_id: int) -> None:
    event = turn.event

    def bind(uow: Work):
        employee = uow.employee(employee_id)
        account = accounts.bind(
            uow, event.channel.value, event.sender, event.chat, employee, turn.language
        )
        unit = uow.unit_by_id(employee.unit_id)
        return employee, account, unit.name

    try:
        employee, account, unit = await turn.db(bind)
    except accounts.AccountError:
        employee = await turn.db(lambda uow: uow.employee(employee_id))
        await turn.forget()
        turn.say("bound_elsewhere", name=employee.name)
        return
    await turn.forget()
    turn.employee, turn.account = employee, account
    turn.menu_text(turn.text("linked", name=employee.name, unit=unit), **menus(turn))


async def _may_try_code(turn: Turn) -> bool:
    """Five wrong codes an hour per chat identity: six digits must not be guessed."""
    key = f"codes:{turn.event.channel.value}:{turn.event.sender}"
    tries = await turn.deps.limits.hit(key, 3600)
    return tries <= turn.deps.config.code_attempts_per_hour


async def _blocked(turn: Turn, employee) -> None:
    admins = await turn.db(lambda uow: accounts.unit_admins(uow, employee))
    turn.say("blocked", admins=", ".join(a.name for a in admins) or "-")


def refuse_left(turn: Turn) -> None:
    """An employee who left the organisation (core.services.staff.deactivate): every command
    but /start and /bantuan ends here, from the day they left."""
    turn.say("left", day=f"{turn.me.left_on:%d-%m-%Y}")


async def refuse_blocked(turn: Turn) -> None:
    """Tell a blocked employee who can unblock them."""
    await _blocked(turn, turn.employee)
