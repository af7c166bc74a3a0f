"""Receipts in chat: the line under what was recorded for an employee, and `/cek CODE`.

The code and its check are `core.services.receipts`'; the key is the composition root's
(`FlowDeps.receipt_key`). Without a key no receipt is given and /cek says the code is unknown.
"""

from __future__ import annotations

from core.flows.texts import TEXTS, t
from core.flows.turn import Speaker, Turn
from core.receipts import CHANGED, STANDS, UNKNOWN, MalformedCode
from core.services import receipts
from core.services.receipts import Facts


def line(speaker: Speaker, code: str | None, rule: str = "") -> str:
    """The receipt's lines to append to a message ('' without a code): the code, how to
    check it and the rule the verdict came from, where there is one."""
    if not code:
        return ""
    text = speaker.text("receipt_line", code=code)
    return text + (speaker.text("receipt_rule", rule=rule) if rule else "")


def issue(turn: Turn, uow, row) -> str | None:
    """The receipt code of `row` as this transaction wrote it (call inside `turn.db`)."""
    return receipts.issue(uow, row, turn.deps.receipt_key)


async def check(turn: Turn) -> None:
    """/cek CODE: whether the record of a receipt still stands, or what replaced it."""
    typed = " ".join(turn.event.args).strip()
    if not typed:
        turn.say("cek_usage")
        return
    key = turn.deps.receipt_key
    try:
        found = await turn.db(lambda uow: receipts.verify(uow, key or b"", typed))
    except MalformedCode:
        turn.say("cek_malformed")
        return
    if found.status == UNKNOWN or key is None:
        turn.say("cek_unknown", code=typed.upper())
    elif found.status == CHANGED:
        turn.say("cek_changed")
    elif found.status == STANDS and found.record is not None:
        turn.say("cek_stands", record=fact_line(turn.language, found.record))
    else:
        record = fact_line(turn.language, found.record) if found.record else "-"
        by = fact_line(turn.language, found.by) if found.by else "-"
        turn.say("cek_replaced", record=record, by=by)


def fact_line(language: str, facts: Facts) -> str:
    """One record in words: 'D.L. masuk 24-11-2026 07:20 WIB: tepat waktu (dicatat 07:20)'."""
    if facts.kind == "absence":
        what = facts.what
        day = facts.day.strftime("%d-%m-%Y")
        if facts.last_day and facts.last_day != facts.day:
            day += f" s/d {facts.last_day:%d-%m-%Y}"
        status = _word(language, f"status_{facts.status}", facts.status)
    else:
        what = _word(language, f"manual_what_{facts.what}", facts.what)
        day = facts.day.strftime("%d-%m-%Y")
        status = _word(language, f"outcome_{facts.status}", "")
        status = status or _word(language, f"manual_outcome_{facts.status}", "")
        status = status or _word(language, f"status_{facts.status}", facts.status)
    time = f" {facts.time:%H:%M} {_zone(facts.zone)}" if facts.time else ""
    text = t(language, "cek_fact", who=facts.initials, what=what, day=day, time=time,
             status=status)  # fmt: skip
    text += t(language, "cek_logged", at=f"{facts.logged_at:%d-%m-%Y %H:%M}")
    if facts.reason:
        text += t(language, "cek_reason", reason=facts.reason)
    if facts.rule:
        text += t(language, "receipt_rule", rule=facts.rule)
    return text


def _word(language: str, key: str, default: str) -> str:
    return t(language, key) if key in TEXTS else default


def _zone(key: str) -> str:
    from core.flows.clocking import ZONE_NAMES

    return ZONE_NAMES.get(key, key)
