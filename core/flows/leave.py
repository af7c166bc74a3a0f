"""/izin: type -> dates -> reason -> evidence -> the approver's one-tap decision
(`core.flows.approval`).

`/izin NIP` by an admin records the absence for an employee of their units (Perwal Sungai
Penuh 12/2023 Pasal 12 ayat (5)): the same steps and evidence, approved by the admin at once
(`absences.record_for`); the employee is told.
"""

from __future__ import annotations

import asyncio
import re
from datetime import date, timedelta

from core import absence_codes
from core.absence import AbsenceCode, Evidence, check_type, upload_kind
from core.access import administers
from core.flows import annual_leave, leave_travel, receipt
from core.flows.izin_offer import percent
from core.flows.manual import dates_shown
from core.flows.messages import Button, OutFile, Reply
from core.flows.ports import Absence, Employee, Work
from core.flows.texts_duty import evidence_words
from core.flows.turn import Speaker, Turn
from core.ids import InvalidIdentifier, parse_identity
from core.leave_dates import DatesProblem, DatesRefusal
from core.media import EVIDENCE_TYPES, evidence_type
from core.services import absences, approvers, izin_offer, leave_balance, travel
from core.services.absences import AbsenceRequest
from core.services.context import employee_today, load_context
from core.services.leave_balance import BalanceExceeded
from core.travel import clocks_in_on_travel

DOCUMENT_TYPES = {"application/pdf", "image/jpeg", "image/png", "image/webp"}


async def begin(turn: Turn) -> None:
    """Offer the kinds of absence as buttons: a line per group of the catalogue."""
    behalf: dict = {}
    if turn.event.args:  # /izin NIP: an admin records one for an employee
        subject = await _subject_named(turn, turn.event.args[0])
        if subject is None:
            return
        behalf = {"for_id": subject.id, "for_name": subject.name}
    await turn.remember("leave.type", **behalf)
    rows = tuple(
        tuple(Button(kind.chat_label(turn.language), f"lt:{kind.code}") for kind in line)
        for line in absence_codes.menu()
    )
    ask = (
        turn.text("leave_type_for", name=behalf["for_name"]) if behalf else turn.text("leave_type")
    )
    turn.reply(Reply(ask, buttons=rows))


async def _subject_named(turn: Turn, word: str) -> Employee | None:
    """The employee an admin names, if they administer them; else say why not."""
    if not turn.roles & {"admin", "super_admin"}:
        turn.say("not_allowed")
        return None
    try:
        identifier = parse_identity(word).value
    except InvalidIdentifier:
        turn.say("usage", usage="/izin [NIP]")
        return None
    me = turn.me

    def find(uow: Work):
        found = uow.employee_by_identifier(me.org_id, identifier)
        if found is None or found.id == me.id:
            return None
        mine = administers(me.role_set, me.org_id, me.unit_id, found.org_id, [found.unit_id])
        return found if mine else None

    subject = await turn.db(find)
    if subject is None:
        turn.say("manual_not_administered")
    elif subject.blocked:
        turn.say("manual_blocked", name=subject.name)
        return None
    elif subject.gone_on(await turn.today()):
        turn.say("leave_subject_left", name=subject.name, day=subject.left_on.strftime("%d-%m-%Y"))
        return None
    return subject


def _behalf(data: dict) -> dict:
    """The employee an admin files for, carried from step to step."""
    return {key: data[key] for key in ("for_id", "for_name") if key in data}


def _subject_id(turn: Turn, data: dict | None = None) -> int:
    """Whose absence this is: the employee an admin named, else the sender."""
    return (data if data is not None else turn.data).get("for_id") or turn.me.id


async def pick(turn: Turn) -> None:
    """A kind (lt:CODE) or a subtype (lt:CODE:subtype) was tapped."""
    if turn.step != "leave.type":
        turn.say("unknown_button")
        return
    _, code, *rest = (turn.event.button or "").split(":")
    kind = absence_codes.row(code)
    if kind is None or not kind.requestable:
        turn.say("unknown_button")
        return
    subtypes = kind.subtypes
    if subtypes and not rest:
        buttons = [Button(s.replace("_", " "), f"lt:{code}:{s}") for s in subtypes]
        rows = tuple(tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2))
        turn.reply(Reply(turn.text("leave_subtype", code=_name(code, turn.language)), buttons=rows))
        return
    subtype = rest[0] if rest else None
    check_type(code, subtype)
    await turn.remember("leave.dates", code=code, subtype=subtype, **_behalf(turn.data))
    await annual_leave.show_balance(turn, code, subtype, _subject_id(turn))
    turn.say("leave_dates")


async def dates(turn: Turn) -> None:
    """Read one date or a range in the forms staff type."""
    today = await turn.today()
    try:
        first, last = parse_dates(turn.event.text or "", today)
    except BadDates as bad:
        turn.say("bad_dates_order" if bad.why == "order" else "bad_dates")
        return
    data = turn.data
    now = turn.now()

    subject = _subject_id(turn)

    def check(uow: Work) -> None:
        employee = uow.employee(subject)
        absences.check_dates(uow, employee, data["code"], first, last, now)
        if "for_id" not in data:  # the sender's own: within the balance, and someone to approve
            leave_balance.check_request(uow, employee, data["code"], data["subtype"], first, last)
            approvers.assign(uow, employee, data["code"], employee_today(uow, employee, now))

    try:  # the service's rule, asked now so that the answer comes at the dates step
        await turn.db(check)
    except approvers.NoApprover as nobody:
        await _say_no_approver(turn, nobody)
        return
    except absences.DatesRefused as refused:
        _say_dates_refused(turn, refused.refusal, _name(data["code"], turn.language))
        return
    except absences.MonthLocked as locked:
        say_locked(turn, locked, "leave_locked")
        return
    except absences.Overlapping as overlap:
        _say_overlap(turn, overlap.other)
        return
    except BalanceExceeded as exceeded:
        annual_leave.say_exceeded(turn, exceeded.shortfall, first, last)
        return
    await turn.remember("leave.reason", **data, first=first.isoformat(), last=last.isoformat())
    turn.say("leave_reason")


def say_locked(turn: Turn, locked: absences.MonthLocked, prefix: str) -> None:
    """A day of a locked month: its window and rule, or when it was submitted."""
    turn.say(f"{prefix}_{locked.key}", **dates_shown(dict(locked.values)))


def _say_dates_refused(turn: Turn, refusal: DatesRefusal, code: str) -> None:
    """The service's refusal of the dates, in the user's language."""
    boundary = refusal.boundary.strftime("%d-%m-%Y") if refusal.boundary else ""
    rule = str(refusal.rule)
    if refusal.problem is DatesProblem.TOO_FAR_AHEAD:
        turn.say("leave_too_far", code=code, days=refusal.days, latest=boundary, rule=rule)
    elif refusal.problem is DatesProblem.TOO_FAR_BACK:
        turn.say("leave_too_old", code=code, days=refusal.days, earliest=boundary, rule=rule)
    elif refusal.problem is DatesProblem.TOO_LONG:
        turn.say("leave_too_long", days=refusal.days)
    else:
        turn.say("bad_dates")


async def _say_no_approver(turn: Turn, nobody: approvers.NoApprover) -> None:
    """Nobody may approve the request: the filing ends, naming who can fix it."""
    await turn.forget()
    ask = ", ".join(nobody.ask)
    turn.menu_text(turn.text("no_approver", ask=ask) if ask else turn.text("no_approver_nobody"))


def _say_overlap(turn: Turn, other: Absence) -> None:
    """The dates already have a request: which, and in what state."""
    status = turn.text(f"status_{other.status}")
    turn.say("leave_overlap", code=_label(other, turn.language), dates=_span(other), status=status)


async def reason(turn: Turn) -> None:
    """Keep the reason; ask for the evidence the policy wants, or file the request."""
    text = (turn.event.text or "").strip()
    if not text:
        turn.say("leave_reason")
        return
    data = {**turn.data, "reason": text[:500], "evidence": []}
    await _next_evidence_or_file(turn, data)


async def evidence(turn: Turn) -> None:
    """Take a photo or PDF as the evidence asked for."""
    stored = await stored_evidence(turn)
    if stored is None:
        return
    data = dict(turn.data)
    # One of the kinds the rule accepts: a picture is the photo it takes, if it takes one.
    wanted = data["wanted"] if isinstance(data["wanted"], list) else [data["wanted"]]
    kind = upload_kind([Evidence(k) for k in wanted], stored["mime"] != "application/pdf").value
    data["evidence"] = [*data["evidence"], {"kind": kind, **stored}]
    await _next_evidence_or_file(turn, data)


async def stored_evidence(turn: Turn) -> dict | None:
    """The event's photo or document kept as evidence ({"media": ref, "mime": type}), judged
    by its bytes; or None, the sender told why (too big, a type no approver can open)."""
    media = turn.event.document or turn.event.photo
    limit = turn.deps.config.max_document_bytes
    mime = (turn.event.document.mime if turn.event.document else "image/jpeg") or ""
    if media is None or mime not in DOCUMENT_TYPES or (media.size or 0) > limit:
        turn.say("bad_document", limit=limit // (1024 * 1024))
        return None
    content = await turn.fetch(media)
    if len(content) > limit:
        turn.say("bad_document", limit=limit // (1024 * 1024))
        return None
    found = evidence_type(content)  # what the bytes are, not what the sender called them
    if found is None:
        turn.say("bad_document_content")
        return None
    suffix = EVIDENCE_TYPES[found]
    now = turn.now()
    ref = await asyncio.to_thread(turn.deps.media.put, "evidence", content, suffix, now)
    return {"media": ref, "mime": found}


async def _next_evidence_or_file(turn: Turn, data: dict) -> None:
    """Ask for what the request still lacks (a travel's destination, then each document the
    policy wants), or file it."""
    first, last = date.fromisoformat(data["first"]), date.fromisoformat(data["last"])

    subject = _subject_id(turn, data)

    def needed(uow: Work):
        policy = load_context(uow, uow.employee(subject), first).policy
        days = (last - first).days + 1
        missing = absences.missing_evidence(
            policy.evidence, AbsenceCode(data["code"]), data["subtype"], days, data["evidence"]
        )
        return missing, policy if clocks_in_on_travel(policy, data["code"]) else None

    missing, travel_policy = await turn.db(needed)
    if travel_policy is not None and "destination" not in data:
        live = bool(travel_policy.travel_destination_live.value) and "for_id" not in data
        await leave_travel.ask(turn, data, str(travel_policy.travel_clock_in.rule), live)
        return
    if missing:
        rule = missing[0]
        kinds = [kind.value for kind in rule.accepts]
        await turn.remember("leave.evidence", **{**data, "wanted": kinds})
        words = evidence_words(turn.language, kinds)
        key = "leave_evidence_one_of" if len(kinds) > 1 else "leave_evidence"
        turn.say(key, evidence=words, choices=words, rule=str(rule.rule))
        return
    await _file(turn, data)


async def destination(turn: Turn) -> None:
    """An official travel's destination (core.flows.leave_travel), then the evidence."""
    data = await leave_travel.take(turn)
    if data is not None:
        await _next_evidence_or_file(turn, data)


async def _file(turn: Turn, data: dict) -> None:
    """File the request: for the sender, to their approver; or an admin's for an employee."""
    if "for_id" in data:
        await _record_for(turn, data)
        return
    request = _request(turn, data, turn.me.id)

    def submit(uow: Work):
        row = absences.request_absence(uow, request)
        approver = uow.employee(row.approver_id) if row.approver_id else None
        unit = uow.unit_name(turn.me.unit_id)
        return row, approver, unit, travel.destination_of(uow, row.id)

    filed = await _submit(turn, data, submit)
    if filed is None:
        return
    row, approver, unit, point = filed
    turn.menu(
        "leave_sent",
        code=_label(row, turn.language),
        dates=_span(row),
        approver=approver.name if approver else "admin",
    )
    if approver:
        await _ask_approver(turn, row, approver.id, unit, point)


async def _record_for(turn: Turn, data: dict) -> None:
    """An admin's filing for an employee: recorded and approved at once; the employee told."""
    request, now = _request(turn, data, data["for_id"]), turn.now()

    def record(uow: Work):
        row = absences.record_for(uow, request, turn.me.id)
        return row, izin_offer.saved_by(uow, row, now), leave_balance.after_request(uow, row)

    done = await _submit(turn, data, record)
    if done is None:
        return
    row, saved, left = done
    values = {"code": _label(row, turn.language), "dates": _span(row), "name": data["for_name"]}
    turn.menu("leave_recorded_for", **values)
    annual_leave.warn_recorded(turn, left, data["for_name"])
    them = await turn.speaking_to(row.employee_id)
    values["code"] = _label(row, them.language)
    notice = them.text("leave_recorded_notice", **values, by=turn.me.name)
    turn.notify(row.employee_id, Reply(notice + _saved(them, saved)))


def _request(turn: Turn, data: dict, employee_id: int) -> AbsenceRequest:
    return AbsenceRequest(
        employee_id,
        data["code"],
        data["subtype"],
        date.fromisoformat(data["first"]),
        date.fromisoformat(data["last"]),
        data["reason"],
        evidence=data["evidence"],
        dedup_key=turn.event.key,
        filed_at=turn.now(),
        destination=tuple(data["destination"]) if data.get("destination") else None,
    )


async def _submit(turn: Turn, data: dict, work):
    """Run the filing; on a refusal say why (and ask for the dates again if a day passed
    since they were accepted) and return None. The step ends either way but for the dates."""
    try:
        done = await turn.db(work)
    except absences.DatesRefused as refused:  # a day passed since the dates were accepted
        await turn.remember("leave.dates", code=data["code"], subtype=data["subtype"],
                            **_behalf(data))  # fmt: skip
        _say_dates_refused(turn, refused.refusal, _name(data["code"], turn.language))
        return None
    except absences.MonthLocked as locked:  # submitted, or its window closed, meanwhile
        await turn.remember("leave.dates", code=data["code"], subtype=data["subtype"],
                            **_behalf(data))  # fmt: skip
        say_locked(turn, locked, "leave_locked")
        return None
    except absences.Overlapping as overlap:  # filed meanwhile for the same days
        await turn.forget()
        _say_overlap(turn, overlap.other)
        return None
    except BalanceExceeded as exceeded:  # another request took the balance meanwhile
        await turn.remember("leave.dates", code=data["code"], subtype=data["subtype"],
                            **_behalf(data))  # fmt: skip
        first, last = date.fromisoformat(data["first"]), date.fromisoformat(data["last"])
        annual_leave.say_exceeded(turn, exceeded.shortfall, first, last)
        return None
    except approvers.NoApprover as nobody:  # the approver left meanwhile
        await _say_no_approver(turn, nobody)
        return None
    except (absences.AbsenceRefused, ValueError) as error:
        await turn.forget()
        turn.menu("leave_refused", error=str(error))
        return None
    await turn.forget()
    return done


async def _ask_approver(
    turn: Turn, row: Absence, approver_id: int, unit: str, point: tuple[float, float] | None
) -> None:
    evidence = ", ".join(e["kind"].replace("_", " ") for e in row.evidence) or "-"
    them = await turn.speaking_to(approver_id)
    text = them.text(
        "approval_request",
        code=_label(row, them.language),
        name=turn.me.name,
        unit=unit,
        dates=_span(row),
        reason=row.reason,
        evidence=evidence,
    )
    where, extra = leave_travel.approval_extras(them, row, point)
    text += where
    buttons = (
        (them.button("btn_approve", f"ap:{row.id}"), them.button("btn_reject", f"rj:{row.id}")),
        *((extra,) if extra else ()),
    )
    document = await evidence_file(turn, row)
    # Tagged, so that the employee's /batal can replace it (core.flows.cancel_request).
    tag = approval_tag(row.id)
    turn.notify(approver_id, Reply(text, buttons=buttons, document=document, tag=tag))


def approval_tag(absence_id: int) -> str:
    """The name the approver's message about a request goes out under (`Reply.tag`)."""
    return f"absence:{absence_id}"


async def evidence_file(turn: Turn, row: Absence) -> OutFile | None:
    """A request's first evidence document, to go with the approver's buttons."""
    if not row.evidence:
        return None
    item = row.evidence[0]
    try:
        data = await asyncio.to_thread(turn.deps.media.get, item["media"])
    except FileNotFoundError:  # purged after EVIDENCE_RETENTION_DAYS: the text still goes
        return None
    name = f"lampiran-{row.id}{EVIDENCE_TYPES.get(item.get('mime') or '', '.jpg')}"
    return OutFile(name, data, item.get("mime") or "application/octet-stream")


async def decision_notice(
    turn: Turn, decided, approve: bool, reason: str, code: str | None = None
) -> tuple[int, Reply]:
    """What the employee is told of the approver's decision on their absence
    (`core.flows.approval`), in the employee's language, with the TPP deduction an approval
    saved. `decided` is `izin_offer.Decided` (`decide`) or the decided row itself."""
    row: Absence = getattr(decided, "row", decided)
    them = await turn.speaking_to(row.employee_id)
    key = "approved_note" if approve else "rejected_note"
    values = {"code": _label(row, them.language), "dates": _span(row)}
    text = them.text(key, **values, by=turn.me.name, reason=reason)
    saved = _saved(them, getattr(decided, "saved", None))
    return row.employee_id, Reply(text + saved + receipt.line(them, code))


# The approver's decision on an absence, with what an approval saved (`decision_notice`).
decide = izin_offer.decide_and_price


def _saved(them: Speaker, saved) -> str:
    """' Potongan TPP 1,5% dibatalkan.' when an approval took a deduction off the recap."""
    return them.text("izin_saved", percent=percent(them, saved)) if saved else ""


def _name(code: str, language: str) -> str:
    """The code's chat label; a code no longer in the catalogue is shown as stored."""
    kind = absence_codes.row(code)
    return kind.chat_label(language) if kind else code


def _label(row: Absence, language: str) -> str:
    return _name(row.code, language) + (
        f" ({row.subtype.replace('_', ' ')})" if row.subtype else ""
    )


def _span(row: Absence) -> str:
    first, last = row.first_day.strftime("%d-%m-%Y"), row.last_day.strftime("%d-%m-%Y")
    return first if first == last else f"{first} s/d {last}"


WORDS = {"hari ini": 0, "today": 0, "besok": 1, "tomorrow": 1, "kemarin": -1, "yesterday": -1}


def parse_dates(text: str, today: date) -> tuple[date, date]:
    """'24-11-2026', '24/11/2026 s/d 26/11/2026', '2026-11-24', 'besok' -> (first, last)."""
    spaced = text.lower().replace(" - ", " s/d ")
    parts = [
        p.strip() for p in re.split(r"\s*(?:s/d|sd|sampai|to|until|–|—)\s*", spaced) if p.strip()
    ]
    if not 1 <= len(parts) <= 2:
        raise BadDates("count")
    first, last = (_one(p, today) for p in (parts[0], parts[-1]))
    if last < first:
        raise BadDates("order")
    # Which dates may be requested is a rule, kept in core.leave_dates and enforced by the
    # service: this only reads what was typed.
    return first, last


def _one(text: str, today: date) -> date:
    if text in WORDS:
        return today + timedelta(days=WORDS[text])
    match = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})(?:[-/.](\d{2}|\d{4}))?", text)
    try:
        if match:
            year = int(match[3]) if match[3] else today.year
            # "24-11-26" is 2026; a four-digit year is taken as written (0001 is no year here).
            year = year + 2000 if match[3] and len(match[3]) == 2 else year
            if not 2000 <= year <= 2099:
                raise ValueError(text)
            return date(year, int(match[2]), int(match[1]))
        found = date.fromisoformat(text)
        if not 2000 <= found.year <= 2099:
            raise ValueError(text)
        return found
    except ValueError:
        raise BadDates("unreadable", text) from None


class BadDates(ValueError):
    """Dates that cannot be read: why ("count", "order", "unreadable") and the text."""

    def __init__(self, why: str, text: str = "") -> None:
        super().__init__(why)
        self.why, self.text = why, text
