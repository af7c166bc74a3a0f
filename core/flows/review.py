"""/tinjau for unit admins: the day's clock-ins flagged for review, with why.

Flags are set when a clock-in is accepted without a face match (no enrolled face, policy
`face_required: flag`) or over a channel under `location_trust: {whatsapp: review}`.
"""

from __future__ import annotations

from core.flows.clocking import ZONE_NAMES
from core.flows.leave import parse_dates
from core.flows.ports import Work
from core.flows.turn import Turn
from core.services.review import FlaggedRecord, flagged_records, scope_of

# The reasons as an admin reads them: (Bahasa Indonesia, English).
REASON_WORDS = {
    "no_face": ("tanpa pencocokan wajah (wajah belum terdaftar)", "no face match (not enrolled)"),
    "whatsapp": ("lewat WhatsApp (tanpa lokasi terkini)", "over WhatsApp (no live location)"),
    "telegram": ("lewat Telegram (ditinjau menurut kebijakan unit)", "over Telegram (unit policy)"),
}


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
    several_units = len({r.unit for r in records}) > 1
    lines = [turn.text("review_header", scope=where, day=shown, count=len(records))]
    lines += [_line(turn, record, several_units) for record in records]
    turn.menu_text("\n".join(lines))


def _line(turn: Turn, record: FlaggedRecord, with_unit: bool) -> str:
    english = turn.language == "en"
    zone = getattr(record.local_time.tzinfo, "key", "")
    why = "; ".join(REASON_WORDS.get(r, (r, r))[english] for r in record.reasons)
    return turn.text(
        "review_line",
        name=record.name + (f" ({record.unit})" if with_unit else ""),
        what=turn.text("btn_in" if record.direction == "in" else "btn_out"),
        time=record.local_time.strftime("%H:%M"),
        zone=ZONE_NAMES.get(zone, zone),
        why=why,
    )
