"""/lkh: the daily performance report (laporan kinerja harian), then the verifier's one tap.

`/lkh [tanggal]` (default today) -> the activities, one per line "kegiatan - hasil" -> evidence
(a photo or PDF, optional: Lewati) -> the summary and Kirim LKH. The verifier (the direct
supervisor, else a unit admin) gets Verifikasi / Kembalikan; returning asks for a note, which
the employee receives. A second /lkh for a day waiting or returned amends its report (one
report per work day); a verified one is final. Which days need a report, what it holds and
who verifies are decided in core (core.lkh, core.services.lkh): this only asks and answers.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import date

from core.flows.leave import DOCUMENT_TYPES, BadDates, parse_dates
from core.flows.messages import OutFile, Reply
from core.flows.ports import Work
from core.flows.turn import Speaker, Turn
from core.ids import row_id
from core.lkh import LKH_OFF, Activity, BadReport, parse_activities
from core.media import EVIDENCE_TYPES, evidence_type
from core.services import lkh
from core.services.context import NotFound
from core.services.lkh import Filing, LkhRefused, ReportView

SKIP_WORDS = {"lewati", "skip", "tidak ada", "-"}


async def begin(turn: Turn) -> None:
    """Open the day's report: refused with the reason, or ask for the activities."""
    today = await turn.today()
    first = _day(turn, today)
    if first is None:
        turn.say("lkh_bad_date")
        return
    me, now = turn.me, turn.now()
    try:
        opening = await turn.db(lambda uow: lkh.open_day(uow, me, first, now))
    except LkhRefused as refused:
        await turn.forget()
        _say_refused(turn, refused)
        return
    rule = opening.rule
    limits = {"max_lines": rule.max_lines, "max_line_chars": rule.max_line_chars}
    await turn.remember(
        "lkh.lines", day=first.isoformat(), limits=limits, max_evidence=rule.max_evidence
    )
    shown = _shown(first)
    if opening.existing:
        report = opening.existing
        note = turn.text("lkh_note_line", note=report.note) if report.note else ""
        status = turn.text(f"lkh_status_{report.status}")
        turn.say("lkh_amend", day=shown, status=status, lines=_lines(report.activities), note=note)
    turn.say("lkh_ask", day=shown, lines=rule.max_lines, chars=rule.max_line_chars)


def _day(turn: Turn, today: date) -> date | None:
    """The one day `/lkh [tanggal]` names (default today); None when it names no single day."""
    if not turn.event.args:
        return today
    try:
        first, last = parse_dates(" ".join(turn.event.args), today)
    except BadDates:
        return None
    return first if first == last else None


async def lines(turn: Turn) -> None:
    """The activities, one per line; refused whole with the line that is wrong."""
    text = turn.event.text
    if text is None:
        turn.say("lkh_lines_again")
        return
    data = turn.data
    try:
        activities = parse_activities(text, replace(LKH_OFF, **data["limits"]))
    except BadReport as bad:
        turn.say(f"lkh_{bad.problem}", line=bad.line, limit=bad.limit)
        return
    listed = [list(a) for a in activities]
    await turn.remember("lkh.evidence", **data, activities=listed, evidence=[])
    _ask_evidence(turn)


def _ask_evidence(turn: Turn) -> None:
    buttons = ((turn.button("btn_lkh_skip", "lk:skip"),),)
    turn.reply(Reply(turn.text("lkh_evidence"), buttons=buttons))


async def evidence(turn: Turn) -> None:
    """A photo or PDF of the work (Pasal 9), or "lewati"; in the summary step, one more."""
    typed = (turn.event.text or "").strip().lower()
    if turn.step == "lkh.evidence" and typed in SKIP_WORDS:
        await _summary(turn, dict(turn.data))
        return
    if turn.event.document is None and turn.event.photo is None:
        if turn.step == "lkh.confirm":
            await _summary(turn, dict(turn.data))
        else:
            _ask_evidence(turn)
        return
    data = dict(turn.data)
    if len(data["evidence"]) >= data["max_evidence"]:
        turn.say("lkh_evidence_full", limit=data["max_evidence"])
        await _summary(turn, data)
        return
    stored = await _store(turn)
    if stored is None:
        return
    data["evidence"] = [*data["evidence"], stored]
    await _summary(turn, data)


async def _store(turn: Turn) -> dict | None:
    """Keep the file as absence evidence is kept (EVIDENCE_RETENTION_DAYS), judged by its bytes."""
    media = turn.event.document or turn.event.photo
    limit = turn.deps.config.max_document_bytes
    mime = (turn.event.document.mime if turn.event.document else "image/jpeg") or ""
    if media is None or mime not in DOCUMENT_TYPES or (media.size or 0) > limit:
        turn.say("bad_document", limit=limit // (1024 * 1024))
        return None
    content = await turn.fetch(media)
    found = evidence_type(content) if len(content) <= limit else None
    if found is None:
        key = "bad_document" if len(content) > limit else "bad_document_content"
        turn.say(key, limit=limit // (1024 * 1024))
        return None
    put = turn.deps.media.put
    ref = await asyncio.to_thread(put, "evidence", content, EVIDENCE_TYPES[found], turn.now())
    return {"media": ref, "mime": found}


async def _summary(turn: Turn, data: dict) -> None:
    await turn.remember("lkh.confirm", **data)
    activities = [Activity(*a) for a in data["activities"]]
    buttons = ((turn.button("btn_lkh_send", "lk:send"), turn.button("btn_cancel", "lk:cancel")),)
    text = turn.text(
        "lkh_summary",
        day=_shown(date.fromisoformat(data["day"])),
        lines=_lines(activities),
        evidence=_evidence_words(turn, data["evidence"]),
        limit=data["max_evidence"],
    )
    turn.reply(Reply(text, buttons=buttons))


async def pick(turn: Turn) -> None:
    """The employee's buttons: lk:skip (no evidence), lk:send, lk:cancel."""
    choice = (turn.event.button or "").partition(":")[2]
    if choice == "cancel" and turn.step in ("lkh.lines", "lkh.evidence", "lkh.confirm"):
        await turn.forget()
        turn.menu("cancelled")
    elif choice == "skip" and turn.step == "lkh.evidence":
        await _summary(turn, dict(turn.data))
    elif choice == "send" and turn.step == "lkh.confirm":
        await _file(turn, dict(turn.data))
    else:
        turn.answer.toast = turn.text("unknown_button")
        turn.say("unknown_button")


async def _file(turn: Turn, data: dict) -> None:
    day = date.fromisoformat(data["day"])
    me = turn.me
    filing = Filing(
        me.id,
        day,
        [Activity(*a) for a in data["activities"]],
        data["evidence"],
        dedup_key=turn.event.key,
        filed_at=turn.now(),
    )

    def submit(uow: Work):
        filed = lkh.file_report(uow, filing)
        verifier = uow.employee(filed.verifier_id) if filed.verifier_id else None
        return filed, verifier.name if verifier else None, uow.unit_name(me.unit_id)

    await turn.forget()
    try:
        filed, verifier, unit = await turn.db(submit)
    except LkhRefused as refused:  # the day changed meanwhile (verified, passed the limit)
        _say_refused(turn, refused)
        return
    except BadReport as bad:
        turn.say(f"lkh_{bad.problem}", line=bad.line, limit=bad.limit)
        return
    report, shown = filed.report, _shown(day)
    count = len(report.activities)
    if verifier is None or filed.verifier_id is None:
        turn.menu("lkh_no_verifier", day=shown, count=count)
        return
    key = "lkh_amended" if filed.amended else "lkh_sent"
    turn.menu(key, day=shown, count=count, verifier=verifier)
    await _ask_verifier(turn, report, filed.verifier_id, unit, filed.amended)


async def _ask_verifier(
    turn: Turn, report: ReportView, verifier_id: int, unit: str, amended: bool
) -> None:
    them = await turn.speaking_to(verifier_id)
    text = them.text(
        "lkh_request",
        name=turn.me.name,
        unit=unit,
        day=_shown(report.day),
        amended=them.text("lkh_request_amended") if amended else "",
        lines=_lines(report.activities),
        evidence=_evidence_words(them, list(report.evidence)),
    )
    data = f"{report.id}:{report.version}"
    buttons = (
        (
            them.button("btn_lkh_verify", f"lv:{data}"),
            them.button("btn_lkh_return", f"lr:{data}"),
        ),
    )
    document = await _first_document(turn, report)
    turn.notify(verifier_id, Reply(text, buttons=buttons, document=document))


async def _first_document(turn: Turn, report: ReportView) -> OutFile | None:
    if not report.evidence:
        return None
    item = report.evidence[0]
    try:
        content = await asyncio.to_thread(turn.deps.media.get, item["media"])
    except FileNotFoundError:  # purged after EVIDENCE_RETENTION_DAYS: the text still goes
        return None
    name = f"lkh-{report.id}{EVIDENCE_TYPES.get(item.get('mime') or '', '.jpg')}"
    return OutFile(name, content, item.get("mime") or "application/octet-stream")


# --- the verifier ----------------------------------------------------------------------------


async def decide_button(turn: Turn) -> None:
    """Verify (lv:ID:VERSION) at once; return (lr:ID:VERSION) asks for the note first."""
    kind, _, rest = (turn.event.button or "").partition(":")
    raw_id, _, raw_version = rest.partition(":")
    report_id, version = row_id(raw_id), row_id(raw_version)
    if report_id is None or version is None:
        turn.answer.toast = turn.text("unknown_button")
        turn.say("unknown_button")
        return
    me = turn.me
    if kind == "lr":
        try:
            found = await turn.db(lambda uow: _subject(uow, report_id, version, me.id))
        except (LkhRefused, NotFound) as refused:
            _say_decision_refused(turn, refused)
            return
        name, day = found
        note = {"report_id": report_id, "version": version, "name": name}
        await turn.remember("lkh.return_note", **note, day=day.isoformat())
        turn.say("lkh_ask_note", name=name, day=_shown(day))
        return
    await _decide(turn, report_id, version, None)


def _subject(uow: Work, report_id: int, version: int, actor_id: int) -> tuple[str, date]:
    report = lkh.decidable(uow, report_id, version, actor_id)
    return uow.employee(report.employee_id).name, report.work_date


async def return_note(turn: Turn) -> None:
    """The verifier's note on what to fix."""
    text = (turn.event.text or "").strip()
    if not text:
        turn.say("lkh_no_note")
        return
    data = turn.data
    await turn.forget()
    await _decide(turn, data["report_id"], data["version"], text)


async def _decide(turn: Turn, report_id: int, version: int, note: str | None) -> None:
    me = turn.me

    def decide(uow: Work):
        if note is None:
            report = lkh.verify(uow, report_id, version, me.id)
        else:
            report = lkh.return_report(uow, report_id, version, me.id, note)
        return report, uow.employee(report.employee_id).name

    try:
        report, name = await turn.db(decide)
    except (LkhRefused, NotFound) as refused:
        _say_decision_refused(turn, refused)
        return
    shown = _shown(report.day)
    done = "lkh_verified_done" if note is None else "lkh_returned_done"
    turn.answer.toast = turn.text(done, name=name, day=shown)
    turn.say(done, name=name, day=shown)
    told = "lkh_verified_note" if note is None else "lkh_returned_note"
    them = await turn.speaking_to(report.employee_id)
    turn.notify(report.employee_id, Reply(them.text(told, day=shown, by=me.name, note=note)))


# --- words -----------------------------------------------------------------------------------


def _say_refused(turn: Turn, refused: LkhRefused) -> None:
    values = refused.values
    day, earliest = values.get("day"), values.get("earliest")
    turn.menu(
        f"lkh_{refused.key}",
        day=_shown(day) if day else "",
        earliest=_shown(earliest) if earliest else "",
        days=values.get("days", ""),
        rule=values.get("rule", ""),
        limit=values.get("limit", ""),
    )


def _say_decision_refused(turn: Turn, refused: LkhRefused | NotFound) -> None:
    if isinstance(refused, NotFound):
        key, values = "unknown_button", {}
    else:
        key, values = f"lkh_{refused.key}", refused.values
    status = values.get("status")
    text = turn.text(
        key,
        day=_shown(values["day"]) if values.get("day") else "",
        status=turn.text(f"lkh_status_{status}") if status else "",
    )
    turn.answer.toast = text
    turn.reply(Reply(text))


def _lines(activities) -> str:
    return "\n".join(f"{n}. {a.activity} → {a.result}" for n, a in enumerate(activities, 1))


def _evidence_words(reader: Speaker, evidence: list) -> str:
    if not evidence:
        return reader.text("lkh_no_evidence")
    return reader.text("lkh_files", count=len(evidence))


def _shown(day: date) -> str:
    return day.strftime("%d-%m-%Y")
