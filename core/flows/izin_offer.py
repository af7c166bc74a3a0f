"""The one-tap "Ajukan izin" after a late or early verdict (`core.izin_offer`).

The clock-in's answer carries the TPP cost (core.flows.clocking) and, where an izin would excuse
it, a button `iz:SUBTYPE:YYYY-MM-DD`. Pressed, it opens /izin at the reason step with the kind
and the day filled in and the minutes and cost named (core.flows.leave takes it from there:
evidence, the approver, the decision). Pressed again once filed, on a day an izin already
covers, on a day no longer charged, or after the days a request may still go back to (the
revisions window of a closed month, `core.missed.day_refusal`): the answer says why, nothing
is filed.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from core.absence_codes import row as catalogue_row
from core.flows.messages import Reply
from core.flows.turn import Speaker, Turn
from core.services import izin_offer as offers
from core.services.izin_offer import Offer, OfferRefused

BUTTON = "iz"


def offer_reply(turn: Turn, offer: Offer) -> Reply:
    """The message under a late or early verdict with the button that files its izin."""
    text = turn.text("izin_offer", subtype=_subtype(offer.subtype), date=_day(offer.day))
    data = f"{BUTTON}:{offer.subtype}:{offer.day.isoformat()}"
    return Reply(text, buttons=((turn.button("btn_izin_offer", data),),))


async def press(turn: Turn) -> None:
    """`iz:SUBTYPE:DAY` pressed: open the izin's reason step, prefilled; or say why not."""
    _, _, rest = (turn.event.button or "").partition(":")
    subtype, _, raw = rest.partition(":")
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        turn.answer.toast = turn.text("unknown_button")
        turn.say("unknown_button")
        return
    me, now = turn.me.id, turn.now()
    try:
        found = await turn.db(lambda uow: offers.prefill(uow, me, subtype, day, now))
    except OfferRefused as refused:
        _say_refused(turn, refused, subtype, day)
        return
    await turn.remember(
        "leave.reason", code="I", subtype=subtype, first=day.isoformat(), last=day.isoformat()
    )
    turn.say(
        "izin_offer_reason",
        subtype=_subtype(subtype),
        date=_day(day),
        what=_what(turn, found),
        band=found.band or "-",
        cost=turn.text("izin_offer_cost", percent=percent(turn, found.percent))
        if found.percent
        else "",
    )


def _say_refused(turn: Turn, refused: OfferRefused, subtype: str, day: date) -> None:
    values = {"subtype": _subtype(subtype), "date": _day(day)}
    why = refused.why
    if why == "unavailable":
        turn.say("izin_offer_unavailable")
    elif why == "covered":
        other = refused.values["absence"]
        if other.status == "approved" and other.code == "I" and other.subtype == subtype:
            turn.say("izin_offer_approved", **values)
        else:
            kind = catalogue_row(other.code)
            label = kind.chat_label(turn.language) if kind else other.code
            label += f" ({_subtype(other.subtype)})" if other.subtype else ""
            status = turn.text(f"status_{other.status}")
            turn.say("izin_offer_covered", date=values["date"], code=label, status=status)
    elif why == "nothing":
        late = subtype == "terlambat"
        state = turn.text("izin_offer_state_late" if late else "izin_offer_state_early")
        turn.say("izin_offer_nothing", date=values["date"], state=state)
    else:  # the days a request may go back to (core.missed.day_refusal)
        reason = turn.text(f"missed_why_{why}", **_dates(refused.values))
        turn.say("izin_offer_refused", **values, why=reason)


def _what(turn: Turn, found: Offer) -> str:
    key = "izin_offer_late" if found.subtype == "terlambat" else "izin_offer_early"
    return turn.text(key, minutes=found.minutes)


def percent(reader: Speaker, value: Decimal | None) -> str:
    """A percentage as its reader writes it: 1,5 in Bahasa Indonesia, 1.5 in English."""
    text = f"{value or 0:g}"
    return text if reader.language == "en" else text.replace(".", ",")


def _subtype(subtype: str) -> str:
    return subtype.replace("_", " ")


def _day(day: date) -> str:
    return day.strftime("%d-%m-%Y")


def _dates(values: dict) -> dict:
    """A refusal's values with its dates as staff write them (24-11-2026, a month 11-2026)."""
    shown = dict(values)
    for key, value in values.items():
        if isinstance(value, date):
            shown[key] = value.strftime("%m-%Y") if key == "month" else _day(value)
    return shown
