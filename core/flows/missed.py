"""/lupaabsen: an employee asks for a missed check-in or check-out to be recorded.

day -> masuk or pulang -> the time -> the reason -> evidence (as the policy asks) -> confirm.
The request goes to the approver of the employee's permits with the Approve / Reject buttons of
/izin (`ap:lm:ID`, `rj:lm:ID`, decided in `core.flows.approval`); approved, it is recorded with
source "request" and the employee is told. Every rule is `core.services.missed`'s: each step
asks it, so that a refusal comes at the step that caused it, and filing asks all of it again.
"""

from __future__ import annotations

from datetime import date, time

from core.flows import receipt
from core.flows.clocking import ZONE_NAMES
from core.flows.leave import BadDates, evidence_file, parse_dates, stored_evidence
from core.flows.manual import DIRECTIONS, dates_shown, source_word, status_words
from core.flows.messages import Button, Reply
from core.flows.ports import Work
from core.flows.texts import TEXTS, t
from core.flows.turn import Turn
from core.missed import MAX_REASON, read_clock
from core.rules import Direction
from core.services import missed as service
from core.services.absences import AbsenceRefused
from core.services.missed import Decided, MissedRefused, MissedRequest, Preview, Refusal

KIND = "lm"  # the buttons' prefix, and the kind of request in the approval's buttons
DAY, DIRECTION, TIME, REASON, EVIDENCE, CONFIRM = (
    "missed.day",
    "missed.direction",
    "missed.time",
    "missed.reason",
    "missed.evidence",
    "missed.confirm",
)
SKIP_WORDS = {"lewati", "skip", "tidak ada", "-"}
SEND_WORDS = {"kirim", "ya", "send", "yes"}


async def begin(turn: Turn) -> None:
    """Ask for the day; `/lupaabsen kemarin` gives it at once."""
    await turn.remember(DAY)
    if turn.event.args:
        await day(turn)
        return
    turn.say("missed_day")


async def day(turn: Turn) -> None:
    """Read one day and ask whether the check-in or the check-out was missed."""
    text = " ".join(turn.event.args) if turn.event.command else (turn.event.text or "")
    on = _one_day(text, await turn.today())
    if on is None:
        turn.say("missed_bad_date", word=text.strip())
        return
    me = turn.me
    refusal = await turn.db(lambda uow: service.check_day(uow, me, on))
    if refusal is not None and refusal.key.startswith("no_approver"):
        await turn.forget()  # no other day helps: someone must give the employee an approver
        _say_refused(turn, refusal, "", menu=True)
        return
    if refusal is not None:
        _say_refused(turn, refusal, "missed_next_day")
        return
    await turn.remember(DIRECTION, day=on.isoformat())
    _ask_direction(turn, on)


def _one_day(text: str, today: date) -> date | None:
    """One date as /izin reads it (24-11-2026, hari ini, kemarin); None for a range or noise."""
    try:
        first, last = parse_dates(text, today)
    except BadDates:
        return None
    return first if first == last else None


def _ask_direction(turn: Turn, on: date) -> None:
    choices = (_button(turn, "btn_in", "in"), _button(turn, "btn_out", "out"))
    turn.reply(Reply(turn.text("missed_direction", date=_shown(on)), buttons=(choices,)))


async def button(turn: Turn) -> None:
    """lm:in / lm:out (which record), lm:skip (no evidence), lm:send / lm:cancel (confirm)."""
    choice = (turn.event.button or "").partition(":")[2]
    step = turn.step
    if step == DIRECTION and choice in ("in", "out"):
        await _direction(turn, Direction(choice))
    elif step == EVIDENCE and choice == "skip" and not turn.data["required"]:
        await _confirm(turn, dict(turn.data))
    elif step == CONFIRM and choice == "send":
        await _send(turn)
    elif step == CONFIRM and choice == "cancel":
        await turn.forget()
        turn.menu("cancelled")
    else:
        turn.answer.toast = turn.text("unknown_button")
        turn.say("unknown_button")


async def typed_direction(turn: Turn) -> None:
    """A direction typed ("in", "out") rather than tapped; anything else asks again."""
    direction = DIRECTIONS.get((turn.event.text or "").strip().lower())
    if direction is not None:
        await _direction(turn, direction)
        return
    _ask_direction(turn, date.fromisoformat(turn.data["day"]))


async def _direction(turn: Turn, direction: Direction) -> None:
    on = date.fromisoformat(turn.data["day"])
    me = turn.me
    refusal = await turn.db(lambda uow: service.check_kind(uow, me, on, direction))
    if refusal is not None:
        _say_refused(turn, refusal, "missed_next_direction", direction)
        return
    await turn.remember(TIME, day=on.isoformat(), direction=direction.value)
    turn.say("missed_time", what=_what(turn.language, direction.value), date=_shown(on))


async def clock(turn: Turn) -> None:
    """Read the time and judge it as the record it would be."""
    text = (turn.event.text or "").strip()
    at = read_clock(text)
    if at is None:
        turn.say("missed_bad_time", word=text)
        return
    data = turn.data
    found = await _preview(turn, data, at)
    if isinstance(found, Refusal):
        _say_refused(turn, found, "missed_next_time", Direction(data["direction"]))
        return
    required = found.evidence_required
    rule = str(found.entry.policy.missed_evidence.rule)
    await turn.remember(REASON, **data, time=at.strftime("%H:%M"), required=required, rule=rule)
    turn.say("missed_reason", limit=MAX_REASON)


async def reason(turn: Turn) -> None:
    """Keep the reason; ask for the evidence."""
    text = (turn.event.text or "").strip()
    if not text:
        turn.say("missed_reason", limit=MAX_REASON)
        return
    if len(text) > MAX_REASON:
        _say_refused(turn, Refusal("too_long", {"limit": MAX_REASON}), "")
        return
    data = {**turn.data, "reason": text, "evidence": []}
    await turn.remember(EVIDENCE, **data)
    if data["required"]:
        turn.say("missed_evidence_required", rule=data["rule"])
        return
    skip = (_button(turn, "btn_skip", "skip"),)
    turn.reply(Reply(turn.text("missed_evidence_optional"), buttons=(skip,)))


async def evidence(turn: Turn) -> None:
    """A photo or document as evidence; "lewati" where the policy does not ask for one."""
    data = dict(turn.data)
    typed = (turn.event.text or "").strip().lower()
    if typed in SKIP_WORDS and not data["required"]:
        await _confirm(turn, data)
        return
    if turn.event.photo is None and turn.event.document is None:
        key = "missed_evidence_required" if data["required"] else "missed_evidence_optional"
        turn.say(key, rule=data["rule"])
        return
    stored = await stored_evidence(turn)
    if stored is None:
        return
    data["evidence"] = [*data["evidence"], {"kind": "missed_record", **stored}]
    await _confirm(turn, data)


async def confirm(turn: Turn) -> None:
    """Typed words at the last step: "kirim" sends; anything else shows the buttons again."""
    if (turn.event.text or "").strip().lower() in SEND_WORDS:
        await _send(turn)
        return
    await _confirm(turn, dict(turn.data))


async def _confirm(turn: Turn, data: dict) -> None:
    """Show the request as it would be filed, with Send and Cancel."""
    found = await _preview(turn, data, _time(data))
    if isinstance(found, Refusal):
        await turn.forget()
        _say_refused(turn, found, "", Direction(data["direction"]), menu=True)
        return
    await turn.remember(CONFIRM, **data)
    approver = found.approver.name if found.approver else "admin"
    text = turn.text("missed_confirm", **_values(turn.language, data, found), approver=approver)
    choices = (_button(turn, "btn_send", "send"), _button(turn, "btn_cancel", "cancel"))
    turn.reply(Reply(text, buttons=(choices,)))


async def _send(turn: Turn) -> None:
    """File the request and ask its approver."""
    data, me = dict(turn.data), turn.me
    request = MissedRequest(
        me,
        date.fromisoformat(data["day"]),
        Direction(data["direction"]),
        _time(data),
        data["reason"],
        data["evidence"],
        dedup_key=turn.event.key,
    )

    def submit(uow: Work):
        filed = service.file_request(uow, request)
        return filed.request, filed.preview, uow.unit_name(me.unit_id)

    await turn.forget()
    try:
        row, found, unit = await turn.db(submit)
    except MissedRefused as refused:
        _say_refused(turn, refused.refusal, "", request.direction, menu=True)
        return
    values = _values(turn.language, data, found)
    approver = found.approver.name if found.approver else "admin"
    turn.menu("missed_sent", **values, approver=approver)
    if row.approver_id is None:
        return
    them = await turn.speaking_to(row.approver_id)
    values = _values(them.language, data, found)
    text = them.text("missed_approval_request", **values, name=me.name, unit=unit)
    decide = (
        them.button("btn_approve", f"ap:{KIND}:{row.id}"),
        them.button("btn_reject", f"rj:{KIND}:{row.id}"),
    )
    document = await evidence_file(turn, row)
    # Tagged, so that the employee's /batal can replace it (core.flows.cancel_request).
    tag = approval_tag(row.id)
    turn.notify(row.approver_id, Reply(text, buttons=(decide,), document=document, tag=tag))


def approval_tag(request_id: int) -> str:
    """The name the approver's message about a missed record goes out under (`Reply.tag`),
    apart from an absence's (`core.flows.leave.approval_tag`): the two are numbered apart."""
    return f"missed:{request_id}"


async def _preview(turn: Turn, data: dict, at: time) -> Preview | Refusal:
    on, direction, me = date.fromisoformat(data["day"]), Direction(data["direction"]), turn.me
    return await turn.db(lambda uow: service.preview(uow, me, on, direction, at))


# The approval (core.flows.approval) ----------------------------------------------------------


def load(uow: Work, request_id: int):
    return service.request_by_id(uow, request_id)


def decide(uow: Work, request_id: int, actor_id: int, approve: bool, reason: str) -> Decided:
    return service.decide(uow, request_id, actor_id, approve, reason)


async def decision_notice(
    turn: Turn, done: Decided, approve: bool, reason: str, code: str | None = None
) -> tuple[int, Reply]:
    """What the employee is told, in their language: recorded (and how it was judged), or
    rejected and why."""
    row = done.request
    them = await turn.speaking_to(row.employee_id)
    language = them.language
    local = done.local_time
    zone = getattr(local.tzinfo, "key", "")
    values = {
        "what": _what(language, row.direction),
        "date": _shown(row.work_date),
        "time": local.strftime("%H:%M"),
        "zone": ZONE_NAMES.get(zone, zone),
        "by": turn.me.name,
        "reason": reason,
    }
    if done.recorded is None:
        text = them.text("missed_rejected_note", **values)
        return row.employee_id, Reply(text + receipt.line(them, code))
    verdict, record = done.recorded.verdict, done.recorded.record
    status = status_words(language, verdict, (record.evidence or {}).get("excused"))
    text = them.text("missed_approved_note", **values, status=status)
    return row.employee_id, Reply(text + receipt.line(them, code, str(verdict.rule)))


def refused(turn: Turn, error: AbsenceRefused) -> bool:
    """An approval that can no longer be recorded: the approver is told why, the request
    stays pending (nothing was written)."""
    if not isinstance(error, MissedRefused):
        return False
    turn.say("missed_not_recordable", why=_why(turn, error.refusal))
    return True


# Wording -------------------------------------------------------------------------------------


def _say_refused(
    turn: Turn,
    refusal: Refusal,
    next_key: str,
    direction: Direction | None = None,
    menu: bool = False,
) -> None:
    """A refusal in the employee's words; the step stays open unless `menu` (filing ended)."""
    hint = turn.text(next_key) if next_key else ""
    text = turn.text("missed_refused", why=_why(turn, refusal, direction), next=hint).strip()
    if menu:
        turn.menu_text(text)
    else:
        turn.reply(Reply(text))


def _why(turn: Turn, refusal: Refusal, direction: Direction | None = None) -> str:
    """The reason of a refusal, as a phrase for either frame (employee's or approver's)."""
    language = turn.language
    values = dates_shown(dict(refusal.values))
    side = values.pop("direction", direction.value if direction else "in")
    values["what"] = _what(language, side)
    if "source" in values:
        values["source"] = source_word(language, values["source"])
    if "outcome" in values:
        key = f"manual_outcome_{values['outcome']}"
        values["outcome"] = t(language, key) if key in TEXTS else values["outcome"]
    if refusal.key == "order":  # a check-in's other record comes after it, a check-out's before
        values["order"] = t(language, "order_after" if side == "in" else "order_before")
    for key, value in values.items():  # the other dates (earliest, left_on) as days
        if isinstance(value, date):
            values[key] = _shown(value)
    return t(language, f"missed_why_{refusal.key}", **values)


def _values(language: str, data: dict, found: Preview) -> dict:
    """What the confirmation, the approver and the sent note name."""
    verdict = found.entry.verdict
    zone = getattr(verdict.local_time.tzinfo, "key", "")
    count = len(data.get("evidence") or [])
    evidence = (
        t(language, "missed_evidence_count", count=count)
        if count
        else t(language, "missed_evidence_none")
    )
    return {
        "what": _what(language, data["direction"]),
        "date": _shown(date.fromisoformat(data["day"])),
        "time": verdict.local_time.strftime("%H:%M"),
        "zone": ZONE_NAMES.get(zone, zone),
        "status": status_words(language, verdict, found.charge.excused),
        "reason": data.get("reason", ""),
        "evidence": evidence,
    }


def _button(turn: Turn, label: str, choice: str) -> Button:
    return Button(turn.text(label), f"{KIND}:{choice}")


def _what(language: str, direction: str) -> str:
    return t(language, f"manual_what_{direction}")


def _shown(day: date) -> str:
    return day.strftime("%d-%m-%Y")


def _time(data: dict) -> time:
    hours, minutes = data["time"].split(":")
    return time(int(hours), int(minutes))
