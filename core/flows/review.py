"""/tinjau for unit admins: the day's clock-ins flagged for review, each confirmed or rejected.

Flags are set when a clock-in is accepted without a face match (no enrolled face, policy
`face_required: flag`), over a channel under `location_trust: {whatsapp: review}`, or with a
live location whose track looks mocked (core.track, policy `track: {action: flag}`).
`/tinjau [tanggal]` sends a heading, then one message per record with Konfirmasi / Tolak
buttons (`rv:ok:ID` / `rv:no:ID`). Confirm decides at once; Reject asks for the reason first,
like a rejected absence. The rule is the service's (`core.services.review_decide`); the answer
takes the record's message's place where the channel can edit (Telegram), and the employee is
told, in their language.
"""

from __future__ import annotations

from datetime import datetime

from core import absence_codes
from core.day_status import DayStatus
from core.flows.clocking import ZONE_NAMES
from core.flows.leave import parse_dates
from core.flows.manual import dates_shown
from core.flows.messages import Reply
from core.flows.ports import Work
from core.flows.summary import label_of
from core.flows.texts import t
from core.flows.turn import Turn
from core.ids import row_id
from core.services.attendance import AttendanceRefused
from core.services.review import FlaggedRecord, flagged_records, scope_of
from core.services.review_decide import Reviewed, ReviewRefused, check_rejection, decide_review

BUTTON = "rv"
REJECT_STEP = "review.reject_reason"
# Records shown with their buttons at once; the rest after these are decided (/tinjau again).
MAX_SHOWN = 10

# The reasons as an admin reads them: (Bahasa Indonesia, English).
REASON_WORDS = {
    "no_face": ("tanpa pencocokan wajah (wajah belum terdaftar)", "no face match (not enrolled)"),
    "whatsapp": ("lewat WhatsApp (tanpa lokasi terkini)", "over WhatsApp (no live location)"),
    "telegram": ("lewat Telegram (ditinjau menurut kebijakan unit)", "over Telegram (unit policy)"),
    # A live location's track that does not move like a phone's (core.track).
    "track_jump": (
        "lokasi terkini melompat lebih cepat dari kendaraan",
        "the live location jumped faster than a vehicle",
    ),
    "track_teleport": (
        "lokasi terkini pindah dari jauh langsung ke area kantor",
        "the live location moved from far away straight into the office area",
    ),
    "track_still": (
        "lokasi terkini diam sempurna dengan akurasi tetap (aplikasi lokasi palsu?)",
        "the live location stood perfectly still with a constant accuracy (a fake-location app?)",
    ),
    "track_zero_accuracy": (
        "akurasi lokasi 0 m (tidak pernah dari ponsel sungguhan)",
        "a location accuracy of 0 m (never from a real phone)",
    ),
}


def review_tag(record_id: int) -> str:
    """The name a record's message goes out under, so that its decision takes its place."""
    return f"review:{record_id}"


async def flagged(turn: Turn) -> None:
    """List the flagged records of the admin's unit(s) on a day (default: today)."""
    today = await turn.today()
    try:
        day = parse_dates(" ".join(turn.event.args), today)[0] if turn.event.args else today
    except ValueError:
        turn.say("review_bad_date")
        return
    admin = turn.me

    def load(uow: Work) -> tuple[str, list[FlaggedRecord]]:
        return scope_of(uow, admin)[1], flagged_records(uow, admin, day)

    where, records = await turn.db(load)
    shown = day.strftime("%d-%m-%Y")
    if not records:
        turn.menu("review_none", scope=where, day=shown)
        return
    lines = [turn.text("review_header", scope=where, day=shown, count=len(records))]
    if len(records) > MAX_SHOWN:
        lines.append(turn.text("review_more", shown=MAX_SHOWN, count=len(records)))
    lines.append(turn.text("review_how"))
    turn.reply(Reply("\n".join(lines)))
    several_units = len({r.unit for r in records}) > 1
    for record in records[:MAX_SHOWN]:
        buttons = (
            turn.button("btn_review_confirm", f"{BUTTON}:ok:{record.record_id}"),
            turn.button("btn_review_reject", f"{BUTTON}:no:{record.record_id}"),
        )
        text = _line(turn, record, several_units)
        turn.reply(Reply(text, buttons=(buttons,), tag=review_tag(record.record_id)))


async def button(turn: Turn) -> None:
    """Konfirmasi (rv:ok:ID) decides at once; Tolak (rv:no:ID) asks for the reason first."""
    _, verb, raw = [*(turn.event.button or "").split(":"), "", ""][:3]
    record_id = row_id(raw)
    if verb not in ("ok", "no") or record_id is None:
        _refused(turn, ReviewRefused("unknown"))
        return
    if verb == "ok":
        await _decide(turn, record_id, confirm=True, reason="")
        return
    admin = turn.me
    refused = await turn.db(lambda uow: check_rejection(uow, admin, record_id))
    if refused is not None:
        _refused(turn, refused)
        return
    await turn.remember(REJECT_STEP, record_id=record_id)
    turn.say("review_ask_reason")


async def reject_reason(turn: Turn) -> None:
    """The admin's reason for rejecting; asked again until there is one."""
    reason = (turn.event.text or "").strip()
    if not reason:
        turn.say("review_ask_reason")
        return
    record_id = int(turn.data["record_id"])
    await turn.forget()
    await _decide(turn, record_id, confirm=False, reason=reason)


async def _decide(turn: Turn, record_id: int, confirm: bool, reason: str) -> None:
    admin = turn.me

    def work(uow: Work):
        try:
            return decide_review(uow, admin, record_id, confirm, reason)
        except AttendanceRefused as refused:  # a rule of `correct` the checks above do not ask
            return ReviewRefused("refused", {"why": str(refused)})

    outcome = await turn.db(work)
    if isinstance(outcome, ReviewRefused):
        _refused(turn, outcome)
        return
    key = f"review_{outcome.decision}"
    turn.answer.toast = turn.text(f"{key}_toast")
    values = _values(turn.language, outcome, reason)
    shown = turn.text(key, **values)
    turn.reply(Reply(shown, replaces=review_tag(record_id)))
    them = await turn.speaking_to(outcome.employee.id)
    notice = them.text(f"{key}_notice", **_values(them.language, outcome, reason, admin.name))
    turn.notify(outcome.employee.id, Reply(notice))


def _values(language: str, done: Reviewed, reason: str, admin: str = "") -> dict[str, object]:
    local = done.local_time
    zone = getattr(local.tzinfo, "key", "")
    english = language == "en"
    return {
        "name": done.employee.name,
        "what": t(language, f"manual_what_{done.record.direction}"),
        "date": done.record.work_date.strftime("%d-%m-%Y"),
        "time": local.strftime("%H:%M"),
        "zone": ZONE_NAMES.get(zone, zone),
        "why": "; ".join(REASON_WORDS.get(r, (r, r))[english] for r in done.reasons),
        "reason": reason,
        "day": day_words(language, done.day),
        "admin": admin,
    }


def day_words(language: str, status: DayStatus | None) -> str:
    """What the day is now, as the recap counts it."""
    if status is None:
        return "-"
    kind = absence_codes.row(status.code.value)
    if kind is not None:
        return f"{kind.chat_label(language)} ({kind.code})"
    if status.code.value == "BELUM":
        return t(language, "review_day_pending")
    if status.missing_in:
        return t(language, "review_day_no_in", band=status.late_band or "-")
    if status.missing_out:
        return t(language, "review_day_no_out", band=status.early_band or "-")
    return label_of(status, language)


def _refused(turn: Turn, refused: ReviewRefused) -> None:
    values = dict(refused.values)
    if refused.key == "decided":
        values["decision"] = turn.text(f"review_word_{values['decision']}")
        at = values.get("at")
        values["at"] = _when(at) if isinstance(at, datetime) else "-"
    if refused.key in ("window", "submitted"):
        values = dates_shown(values)
    text = turn.text(f"review_refused_{refused.key}", **values)
    turn.answer.toast = text
    turn.say(f"review_refused_{refused.key}", **values)


def _line(turn: Turn, record: FlaggedRecord, with_unit: bool) -> str:
    english = turn.language == "en"
    zone = getattr(record.local_time.tzinfo, "key", "")
    why = "; ".join(REASON_WORDS.get(r, (r, r))[english] for r in record.reasons)
    return turn.text(
        "review_item",
        name=record.name + (f" ({record.unit})" if with_unit else ""),
        what=turn.text("btn_in" if record.direction == "in" else "btn_out"),
        time=record.local_time.strftime("%H:%M"),
        zone=ZONE_NAMES.get(zone, zone),
        why=why,
    )


def _when(at: datetime) -> str:
    zone = getattr(at.tzinfo, "key", "")
    return f"{at:%d-%m-%Y %H:%M} {ZONE_NAMES.get(zone, zone)}"
