"""/wakil: an approver away names a substitute for a period, sees it, ends it.

`/wakil NIP 01-12-2026 s/d 05-12-2026` names one (the dates as /izin reads them, one day or a
range); `/wakil` alone shows the substitutions the sender named and those naming them;
`/wakil hapus` ends the sender's. The rules are the service's (`core.services.delegations`);
the substitute is told when named and when it ends.
"""

from __future__ import annotations

from datetime import date

from core.flows.leave import BadDates, parse_dates
from core.flows.messages import Reply
from core.flows.ports import Work
from core.flows.turn import Turn
from core.ids import InvalidIdentifier, parse_identity
from core.services import delegations
from core.services.delegations import DelegationRefused

END_WORDS = {"hapus", "akhiri", "stop", "remove", "end"}


async def wakil(turn: Turn) -> None:
    """/wakil, /wakil hapus, /wakil NIP tanggal [s/d tanggal]."""
    args = turn.event.args
    if not args:
        await _show(turn)
    elif len(args) == 1 and args[0].lower() in END_WORDS:
        await _end(turn)
    elif len(args) >= 2:
        await _name(turn, args[0], " ".join(args[1:]))
    else:
        turn.say("wakil_usage")


async def _name(turn: Turn, word: str, dates: str) -> None:
    today = await turn.today()
    try:
        identifier = parse_identity(word).value
        period = parse_dates(dates, today)
    except (InvalidIdentifier, BadDates):
        turn.say("wakil_usage")
        return
    me, key = turn.me, turn.event.key

    def work(uow: Work):
        return delegations.name_substitute(uow, me, identifier, period, today, key)

    try:
        named = await turn.db(work)
    except DelegationRefused as refused:
        _say_refused(turn, refused.refusal)
        return
    first, last = _day(named.row.first_day), _day(named.row.last_day)
    values = {"first": first, "last": last}
    turn.say("wakil_named", name=named.delegate.name, waiting=named.waiting, **values)
    them = await turn.speaking_to(named.delegate.id)
    notice = them.text("wakil_notice", principal=me.name, **values)
    turn.notify(named.delegate.id, Reply(notice))


async def _show(turn: Turn) -> None:
    today, me = await turn.today(), turn.me

    def load(uow: Work):
        mine, theirs = delegations.current(uow, me, today)
        return (
            [(uow.employee(r.delegate_id).name, r) for r in mine],
            [(uow.employee(r.employee_id).name, r) for r in theirs],
        )

    mine, theirs = await turn.db(load)
    lines = [_line(turn, "wakil_mine", name, row) for name, row in mine]
    lines += [_line(turn, "wakil_theirs", name, row) for name, row in theirs]
    if not lines:
        turn.say("wakil_none")
        turn.say("wakil_usage")
        return
    turn.reply(Reply("\n".join(lines)))


async def _end(turn: Turn) -> None:
    today, me, at = await turn.today(), turn.me, turn.now()

    def work(uow: Work):
        rows = delegations.revoke(uow, me, today, at)
        return [(uow.employee(r.delegate_id), r) for r in rows]

    try:
        ended = await turn.db(work)
    except DelegationRefused:
        turn.say("wakil_revoke_none")
        return
    for delegate, row in ended:
        values = {"first": _day(row.first_day), "last": _day(row.last_day)}
        turn.say("wakil_revoked", name=delegate.name, **values)
        them = await turn.speaking_to(delegate.id)
        notice = them.text("wakil_revoked_notice", principal=me.name, **values)
        turn.notify(delegate.id, Reply(notice))


def _line(turn: Turn, key: str, name: str, row) -> str:
    return turn.text(key, name=name, first=_day(row.first_day), last=_day(row.last_day))


def _say_refused(turn: Turn, refusal: delegations.Refusal) -> None:
    values = {k: _day(v) if isinstance(v, date) else v for k, v in refusal.values.items()}
    turn.say(f"wakil_{refusal.key}", **values)


def _day(day: date) -> str:
    return day.strftime("%d-%m-%Y")
