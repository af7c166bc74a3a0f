"""/acara: a head of unit calls today's event (apel, senam, upacara) from the field.

Name -> hours -> radius -> units -> the location where it happens (a live location where the
channel has one; elsewhere the location the channel sends, trusted as the unit trusts that
channel's clock-ins) -> summary -> saved, and the staff taking part are told in their language.
The rules are core.event_fence; storing, listing and cancelling core.services.event_fences.
`/acara` lists today's events (or starts one when there is none), `/acara baru` starts one,
`/acara batal NOMOR` cancels one of one's own (core.flows.acara_list).
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from core.event_fence import (
    RADIUS_MAX_M,
    RADIUS_MIN_M,
    BadEvent,
    clock_text,
    parse_name,
    parse_radius,
    parse_window,
)
from core.flows.acara_list import cancel_event, list_events, zone_name
from core.flows.clocking import ZONE_NAMES, location_problem
from core.flows.messages import CAPABILITIES, Button, Reply
from core.flows.texts import t
from core.flows.turn import Turn
from core.judgement import Sighting, evidence_problem
from core.services import checkin
from core.services import event_fences as fences
from core.services.context import employee_zone, load_context, org_view

NAME, WINDOW, RADIUS, UNITS = "acara.name", "acara.window", "acara.radius", "acara.units"
WHERE, CONFIRM = "acara.location", "acara.confirm"
UNITS_BUTTON, SAVE_BUTTON = "au", "ac"
EVERY = {"semua", "all"}
YES, NO = {"ya", "y", "yes", "simpan", "save"}, {"batal", "tidak", "no", "cancel"}
# A date written with the hours ("25-11-2026 07:30-08:30", "25/11"): an event is for today only.
DATE_LIKE = re.compile(
    r"(?<![\d:.])(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[-/]\d{1,2}(?:[-/]\d{2,4})?)(?![\d:.])"
)
MAX_UNIT_BUTTONS = 8


async def acara(turn: Turn) -> None:
    """`/acara`, `/acara baru`, `/acara batal NOMOR`."""
    args = [a.lower() for a in turn.event.args]
    if not args:
        if not await list_events(turn):
            await _begin(turn)
        return
    if args == ["baru"] or args == ["new"]:
        await _begin(turn)
    elif args[0] in ("batal", "cancel") and len(args) == 2:
        await cancel_event(turn, turn.event.args[1])
    else:
        turn.say("acara_usage")


async def _begin(turn: Turn) -> None:
    # The command's delivery key names the draft: saving it twice finds the first.
    await turn.remember(NAME, key=f"acara:{turn.event.key}")
    turn.say("acara_ask_name")


async def name(turn: Turn) -> None:
    try:
        named = parse_name(turn.event.text)
    except BadEvent as bad:
        turn.say(bad.key, **bad.values)
        return
    zone = await turn.db(lambda uow: employee_zone(uow, turn.me))
    await turn.remember(WINDOW, **turn.data, name=named, zone=zone)
    turn.say("acara_ask_window", zone=ZONE_NAMES.get(zone, zone))


async def window(turn: Turn) -> None:
    text, data, me = turn.event.text or "", turn.data, turn.me
    local = turn.now().astimezone(ZoneInfo(data["zone"]))
    try:
        if DATE_LIKE.search(text):
            raise BadEvent("acara_not_today")
        start, end = parse_window(text, local.hour * 60 + local.minute)
        lead = await turn.db(lambda uow: fences.check_window(uow, me, local.date(), start, end))
    except BadEvent as bad:
        turn.say(bad.key, **bad.values)
        return
    day = local.date().isoformat()
    await turn.remember(RADIUS, **data, day=day, start=start, end=end, lead=lead)
    turn.say("acara_ask_radius", low=RADIUS_MIN_M, high=RADIUS_MAX_M)


async def radius(turn: Turn) -> None:
    try:
        metres = parse_radius(turn.event.text)
    except BadEvent as bad:
        turn.say(bad.key, **bad.values)
        return
    me = turn.me

    def read(uow):
        scope, view = fences.scope_of(uow, me)
        assert scope is not None  # the command is only let through to its callers
        units = fences.units_of(view, scope)
        mine = fences.default_units(me, scope, view)
        return [(u.id, u.code) for u in units], mine

    units, mine = await turn.db(read)
    await turn.remember(UNITS, **turn.data, radius=metres, scope=units, mine=mine)
    codes = dict(units)
    default = ", ".join(codes.get(u, "?") for u in mine)
    rows = [
        (turn.button("btn_acara_default", f"{UNITS_BUTTON}:mine"),),
        (turn.button("btn_acara_all", f"{UNITS_BUTTON}:all"),),
    ]
    rows += [(Button(code, f"{UNITS_BUTTON}:{uid}"),) for uid, code in units[:MAX_UNIT_BUTTONS]]
    turn.reply(Reply(turn.text("acara_ask_units", default=default), buttons=tuple(rows)))


async def units_typed(turn: Turn) -> None:
    if not (turn.event.text or "").strip():  # a photo, a sticker: ask again
        codes = dict((int(uid), code) for uid, code in turn.data["scope"])
        default = ", ".join(codes.get(u, "?") for u in turn.data["mine"])
        turn.say("acara_ask_units", default=default)
        return
    await _choose(turn, turn.event.text or "")


async def units_button(turn: Turn) -> None:
    if turn.step != UNITS:
        turn.say("acara_no_draft")
        return
    await _choose(turn, (turn.event.button or "").partition(":")[2])


async def _choose(turn: Turn, choice: str) -> None:
    """The units taking part: mine (the default), all of the caller's, or named ones."""
    data = turn.data
    scope = {int(uid): code for uid, code in data["scope"]}
    by_code = {code.lower(): uid for uid, code in scope.items()}
    word = choice.strip().lower()
    if word in ("mine", ""):
        chosen = list(data["mine"])
    elif word in EVERY or word == "all":
        chosen = sorted(scope)
    elif word.isdigit() and int(word) in scope:
        chosen = [int(word)]
    else:
        names = [w.strip() for w in word.split(",") if w.strip()]
        unknown = [n for n in names if n not in by_code]
        if unknown:
            known = await turn.db(lambda uow: _known_codes(uow, turn.me.org_id))
            key = "acara_units_outside" if set(unknown) <= known else "acara_units_unknown"
            turn.say(key, units=", ".join(unknown), allowed=", ".join(scope.values()))
            return
        chosen = sorted({by_code[n] for n in names})
    await turn.remember(WHERE, **data, units=chosen, asked_at=turn.now().isoformat())
    await _ask_location(turn)


def _known_codes(uow, org_id: int) -> set[str]:
    return {u.code.lower() for u in org_view(uow, org_id).units.values()}


async def _ask_location(turn: Turn) -> None:
    if turn.event.can.live_location:
        turn.say("acara_ask_live")
        return
    trust, rule = await turn.db(
        lambda uow: checkin.trust(uow, turn.me.id, turn.event.channel.value, turn.now())
    )
    if trust == "refuse":
        await turn.forget()
        _refuse_channel(turn, rule)
        return
    button = turn.text("btn_share_location")
    turn.reply(Reply(turn.text("acara_ask_location"), ask_location=button))


def _refuse_channel(turn: Turn, rule: str) -> None:
    other = next((c.label for c in CAPABILITIES.values() if c != turn.event.can), "")
    turn.menu("acara_channel_refused", channel=turn.event.can.label, other=other, rule=rule)


async def location(turn: Turn) -> None:
    """The event's site: the same checks a clock-in's location gets."""
    event, data, now = turn.event, turn.data, turn.now()
    where = event.location
    problem = _location_problem(turn)
    if problem is not None or where is None:
        again = None if event.can.live_location else turn.text("btn_share_location")
        turn.reply(Reply(problem or turn.text("invalid_location"), ask_location=again))
        return
    sighting = Sighting(
        where.accuracy_m if event.can.reports_accuracy else None,
        where.sent_at,
        None if event.can.live_location else datetime.fromisoformat(data["asked_at"]),
    )
    me, channel = turn.me, event.channel.value

    def judge(uow):
        policy = load_context(uow, me, datetime.fromisoformat(data["asked_at"]).date()).policy
        return evidence_problem(policy, sighting, now), policy.trust_of(channel)

    found, trust = await turn.db(judge)
    if trust.value == "refuse":
        await turn.forget()
        _refuse_channel(turn, str(trust.rule))
        return
    if found is not None:
        again = None if event.can.live_location else turn.text("btn_share_location")
        turn.reply(Reply(turn.text(found[0], **found[1]), ask_location=again))
        return
    await turn.remember(CONFIRM, **data, lat=where.lat, lon=where.lon)
    _summary(turn)


def _location_problem(turn: Turn) -> str | None:
    """What is wrong with the message as the event's location, before any rule is asked."""
    ask = "acara_ask_live" if turn.event.can.live_location else "acara_ask_location"
    return location_problem(turn, turn.text(ask))


def _summary(turn: Turn) -> None:
    data = turn.data
    codes = dict((int(uid), code) for uid, code in data["scope"])
    values = _shown(data) | {"units": ", ".join(codes.get(u, "?") for u in data["units"])}
    rows = (
        (
            turn.button("btn_acara_save", f"{SAVE_BUTTON}:yes"),
            turn.button("btn_cancel", f"{SAVE_BUTTON}:no"),
        ),
    )
    turn.reply(Reply(turn.text("acara_summary", **values), buttons=rows))


def _shown(data: dict) -> dict:
    """The draft's fields as the summary and the notices show them."""
    lead = int(data.get("lead", 0))
    return {
        "name": data["name"],
        "date": datetime.fromisoformat(data["day"]).strftime("%d-%m-%Y"),
        "window": f"{clock_text(data['start'])}-{clock_text(data['end'])}",
        "zone": zone_name(data["zone"]),
        "opens": clock_text(max(0, data["start"] - lead)),
        "start": clock_text(data["start"]),
        "radius": data["radius"],
    }


async def confirm_typed(turn: Turn) -> None:
    word = (turn.event.text or "").strip().lower()
    if word in YES:
        await _save(turn)
    elif word in NO:
        await turn.forget()
        turn.menu("acara_stopped")
    else:
        turn.say("acara_confirm_again")


async def confirm_button(turn: Turn) -> None:
    if turn.step != CONFIRM:
        turn.say("acara_no_draft")
        return
    if (turn.event.button or "").endswith(":yes"):
        await _save(turn)
    else:
        await turn.forget()
        turn.menu("acara_stopped")


async def _save(turn: Turn) -> None:
    """Store the event once and tell the staff taking part."""
    data, me, now = turn.data, turn.me, turn.now()
    local = now.astimezone(ZoneInfo(data["zone"]))
    draft = fences.Draft(
        datetime.fromisoformat(data["day"]).date(), data["name"], data["start"], data["end"],
        data["lat"], data["lon"], data["radius"], tuple(data["units"]),
    )  # fmt: skip
    default = turn.deps.config.language

    def act(uow):
        if draft.day != local.date():
            raise BadEvent("acara_not_today")
        parse_window(f"{clock_text(draft.start)}-{clock_text(draft.end)}", _minute(local))
        row, new = fences.create(uow, me, draft, data["key"])
        told = fences.staff_told(uow, me.org_id, list(row.unit_ids), row.day, me.id, default)
        return row, new, (told if new else []), fences.cited(uow, me)

    try:
        row, new, told, rule = await turn.db(act)
    except BadEvent as bad:  # the hours passed while the draft waited: nothing was written
        await turn.forget()
        turn.menu(bad.key, **bad.values)
        return
    await turn.forget()
    shown = _shown(data)
    if not new:
        turn.menu("acara_saved_before", id=row.id, name=row.name, window=shown["window"])
        return
    for employee_id, language in told:
        text = t(language, "acara_notice", caller=me.name, rule=rule, **shown)
        turn.notify(employee_id, Reply(text))
    turn.menu("acara_saved", id=row.id, count=len(told), rule=rule, **shown)


def _minute(local: datetime) -> int:
    return local.hour * 60 + local.minute
