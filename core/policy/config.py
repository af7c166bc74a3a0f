"""Policy overrides: the `policy:` mappings of an organisation file, a unit or an employee.

An override mapping changes a preset's policy; `resolve_policy` applies the mappings of an
organisation, its units down the tree and an employee in that order. Every error names the key
path inside the mapping ("days.sat.check_in") so that a file loader can add its line number.
Clock times are texts "HH:MM"; "HH:MM+1" means the next day (a night shift's end).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from core import absence_codes
from core.channels import Channel
from core.citations import Citation, default
from core.config_error import InvalidConfig, check_keys, hint, text
from core.leave_balance import parse_annual_leave
from core.liveness_rule import MODES as LIVENESS_MODES
from core.policy import LEAVE_DAYS_AHEAD, MISSED_RECORD, Category, Policy, Rule
from core.policy.events import events
from core.policy.times import days, fixed_shift, shifts
from core.policy.track import track
from core.presets import InvalidPresetParameter, UnknownPreset, build_preset
from core.reporting import ReportDeadline
from core.schedule import InvalidSchedule
from core.tpp import parse_tpp, percent

APPROVERS = ("admin", "supervisor")
TRUST = ("accept", "review", "refuse")
# The chat channels a trust may name.
CHANNELS = tuple(channel.value for channel in Channel)
FACE_REQUIRED = ("flag", "refuse")
MISSED_EVIDENCE = ("required", "optional")

__all__ = ["InvalidConfig", "apply_overrides", "resolve_policy"]


def resolve_policy(
    org_preset: str,
    org_params: Mapping[str, Any] | None,
    chain: Sequence[Mapping[str, Any] | None],
    *,
    wheres: Sequence[str] | None = None,
) -> Policy:
    """Build the preset, then apply the override mappings in order (org, units..., employee)."""
    try:
        policy = build_preset(org_preset, org_params or {})
    except UnknownPreset as error:
        raise InvalidConfig("preset", str(error)) from None
    except (InvalidPresetParameter, InvalidSchedule) as error:
        raise InvalidConfig("preset_params", str(error)) from None
    for level, overrides in enumerate(chain):
        # Without names, the usual chain is the organisation's mapping, then the units'.
        fallback = "the organisation" if level == 0 else "a unit"
        where = wheres[level] if wheres and level < len(wheres) else fallback
        try:
            policy = apply_overrides(policy, overrides, where=where)
        except InvalidConfig as error:
            error.level = level
            raise
    return policy


def apply_overrides(policy: Policy, overrides: Mapping[str, Any] | None, *, where: str) -> Policy:
    """A new policy with the overrides applied; `where` names their origin in citations."""
    if not overrides:
        return policy
    if not isinstance(overrides, Mapping):
        raise InvalidConfig("", "policy overrides must be a mapping of keys to values")
    # The fixed shift names one of the shifts: it is read after any `shifts:` beside it.
    for key, value in sorted(overrides.items(), key=lambda item: item[0] == "fixed_shift"):
        handler = _HANDLERS.get(key)
        if handler is None:
            raise InvalidConfig(str(key), f"unknown policy key {key!r}{hint(key, _HANDLERS)}")
        policy = handler(policy, value, str(key), default(f"set by {where}"))
    return policy


# --- numbers and choices -------------------------------------------------------------------


def _number(value: Any, path: str, *, minimum: float, strict: bool, whole: bool = False) -> float:
    """A finite number above (strict) or at least `minimum`; booleans are not numbers."""
    kind = int if whole else (int, float)
    if isinstance(value, bool) or not isinstance(value, kind):
        raise InvalidConfig(
            path, f"expected {'a whole number' if whole else 'a number'}, got {value!r}"
        )
    if not math.isfinite(value) or value < minimum or (strict and value == minimum):
        relation = "more than" if strict else "at least"
        raise InvalidConfig(path, f"must be {relation} {minimum:g}, got {value!r}")
    return value


def _radius(policy: Policy, value: Any, path: str, rule: Citation) -> Policy:
    """The geofence radius in metres."""
    radius = _number(value, path, minimum=0, strict=True)
    return replace(policy, radius_m=Rule(radius, rule))


def _duty_radius(policy: Policy, value: Any, path: str, rule: Citation) -> Policy:
    """How far from the office duty nearby (dinas dalam) is accepted."""
    # null turns duty nearby (dinas dalam) off again.
    radius = None if value is None else _number(value, path, minimum=0, strict=True)
    return replace(policy, duty_radius_m=Rule(radius, rule))


def _fallbacks(policy: Policy, value: Any, path: str, rule: Citation) -> Policy:
    """Fingerprint or manual fallbacks allowed in a month."""
    # null means no monthly limit.
    count = (
        None if value is None else int(_number(value, path, minimum=0, strict=False, whole=True))
    )
    return replace(policy, fallback_per_month=Rule(count, rule))


def _grace(policy: Policy, value: Any, path: str, rule: Citation) -> Policy:
    """Days at the old unit's sites after a transfer."""
    days = int(_number(value, path, minimum=0, strict=False, whole=True))
    return replace(policy, transfer_grace_days=Rule(days, rule))


def _approver(policy: Policy, value: Any, path: str, rule: Citation) -> Policy:
    """Who verifies absence notes."""
    if value not in APPROVERS:
        raise InvalidConfig(path, f"approver must be one of {', '.join(APPROVERS)}, got {value!r}")
    return replace(policy, approver=Rule(value, rule))


def _approver_by_type(policy: Policy, value: Any, path: str, rule: Citation) -> Policy:
    """{absence code or lupa_absen: admin | supervisor}; kinds not named keep their approver."""
    if not isinstance(value, Mapping) or not value:
        raise InvalidConfig(path, "expected an approver per kind, like {I: supervisor, C: admin}")
    kinds = [k.code for k in absence_codes.requestable()] + [MISSED_RECORD]
    found = dict(policy.approver_by_type)
    for kind, who in value.items():
        if kind not in kinds:
            raise InvalidConfig(
                f"{path}.{kind}", f"unknown kind {kind!r}; one of {', '.join(kinds)}"
            )
        if who not in APPROVERS:
            raise InvalidConfig(
                f"{path}.{kind}", f"approver must be one of {', '.join(APPROVERS)}, got {who!r}"
            )
        found[str(kind)] = Rule(who, rule)
    return replace(policy, approver_by_type=found)


def _hours(field_name: str) -> Callable[[Policy, Any, str, Citation], Policy]:
    """A handler for office hours a request waits (0: never)."""

    def handler(policy: Policy, value: Any, path: str, rule: Citation) -> Policy:
        change: dict[str, Any] = {
            field_name: Rule(_number(value, path, minimum=0, strict=False), rule)
        }
        return replace(policy, **change)

    handler.__doc__ = f"The policy's {field_name}."
    return handler


def _trust(policy: Policy, value: Any, path: str, rule: Citation) -> Policy:
    """{channel: accept | review | refuse}; channels not named keep their trust."""
    if not isinstance(value, Mapping) or not value:
        raise InvalidConfig(path, "expected a trust per channel, like {whatsapp: review}")
    trust = dict(policy.location_trust)
    for channel, choice in value.items():
        if channel not in CHANNELS:
            raise InvalidConfig(
                f"{path}.{channel}", f"channel must be one of {', '.join(CHANNELS)}"
            )
        trust[channel] = _trust_rule(choice, f"{path}.{channel}", "location trust", rule)
    return replace(policy, location_trust=trust)


def _whatsapp(policy: Policy, value: Any, path: str, rule: Citation) -> Policy:
    """The key before `location_trust`, still read: `whatsapp_clock_in: review` is
    `location_trust: {whatsapp: review}`."""
    choice = _trust_rule(value, path, "whatsapp_clock_in", rule)
    return replace(policy, location_trust={**policy.location_trust, "whatsapp": choice})


def _trust_rule(value: Any, path: str, name: str, rule: Citation) -> Rule[str]:
    if value not in TRUST:
        raise InvalidConfig(path, f"{name} must be one of {', '.join(TRUST)}, got {value!r}")
    return Rule(value, rule)


def _limit(field_name: str, *, whole: bool) -> Callable[[Policy, Any, str, Citation], Policy]:
    """A handler for a positive evidence limit (metres of accuracy, seconds of age)."""

    def handler(policy: Policy, value: Any, path: str, rule: Citation) -> Policy:
        number = _number(value, path, minimum=0, strict=True, whole=whole)
        # The field is named at run time, so the change is a mapping rather than a keyword.
        change: dict[str, Any] = {field_name: Rule(number, rule)}
        return replace(policy, **change)

    handler.__doc__ = f"The policy's {field_name}."
    return handler


def _checkout_reminder(policy: Policy, value: Any, path: str, rule: Citation) -> Policy:
    """Minutes before the check-out window closes to remind who has not clocked out (0: none)."""
    minutes = int(_number(value, path, minimum=0, strict=False, whole=True))
    return replace(policy, checkout_reminder_min=Rule(minutes, rule))


def _switch(field_name: str) -> Callable[[Policy, Any, str, Citation], Policy]:
    """A handler for a yes/no rule (travel clock-in, a live travel destination)."""

    def handler(policy: Policy, value: Any, path: str, rule: Citation) -> Policy:
        if not isinstance(value, bool):
            raise InvalidConfig(path, f"expected true or false, got {value!r}")
        change: dict[str, Any] = {field_name: Rule(value, rule)}
        return replace(policy, **change)

    handler.__doc__ = f"The policy's {field_name}."
    return handler


def _revision_days(policy: Policy, value: Any, path: str, rule: Citation) -> Policy:
    """The days of the next month on which a closed month may still be corrected."""
    if value is None:
        return replace(policy, revision_days=None, revision_rule=rule)
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        or not 1 <= value[0] <= value[1] <= 28
    ):
        raise InvalidConfig(path, f"expected [first, last] days from 1 to 28, got {value!r}")
    return replace(policy, revision_days=(value[0], value[1]), revision_rule=rule)


def _report_deadline(policy: Policy, value: Any, path: str, rule: Citation) -> Policy:
    """When the month's report is due in the next month (core.reporting), or null for none."""
    if value is None:
        return replace(policy, report_deadline=None)
    check_keys(value, path, ("day", "next_working_day"), required=("day",))
    day = int(_number(value["day"], f"{path}.day", minimum=1, strict=False, whole=True))
    if day > 28:
        raise InvalidConfig(f"{path}.day", f"must be from 1 to 28, got {day}")
    moves = value.get("next_working_day", True)
    if not isinstance(moves, bool):
        raise InvalidConfig(f"{path}.next_working_day", f"expected true or false, got {moves!r}")
    return replace(policy, report_deadline=ReportDeadline(day, moves, rule))


def _face_threshold(policy: Policy, value: Any, path: str, rule: Citation) -> Policy:
    """The largest face distance a selfie may have from the enrolled face."""
    threshold = _number(value, path, minimum=0, strict=True)
    if threshold >= 1:
        raise InvalidConfig(path, f"must be below 1 (the default is 0.55), got {value!r}")
    return replace(policy, face_threshold=Rule(threshold, rule))


def _face_required(policy: Policy, value: Any, path: str, rule: Citation) -> Policy:
    """Whether a clock-in without an enrolled face is flagged for the admin or refused."""
    if value not in FACE_REQUIRED:
        raise InvalidConfig(
            path, f"face_required must be one of {', '.join(FACE_REQUIRED)}, got {value!r}"
        )
    return replace(policy, face_required=Rule(value, rule))


def _missed_evidence(policy: Policy, value: Any, path: str, rule: Citation) -> Policy:
    """Whether a request for a missed check-in or check-out needs a photo or document."""
    if value not in MISSED_EVIDENCE:
        raise InvalidConfig(
            path, f"missed_evidence must be one of {', '.join(MISSED_EVIDENCE)}, got {value!r}"
        )
    return replace(policy, missed_evidence=Rule(value, rule))


def _days_ahead(policy: Policy, value: Any, path: str, rule: Citation) -> Policy:
    """{code: days} a request may start ahead of today; codes not named keep their limit."""
    if not isinstance(value, dict) or not value:
        raise InvalidConfig(path, "expected days per absence code, like {C: 365, S: 7}")
    limits = dict(policy.leave_max_days_ahead.value or {})
    for code, count in value.items():
        if code not in LEAVE_DAYS_AHEAD:
            raise InvalidConfig(
                f"{path}.{code}", f"absence code must be one of {', '.join(LEAVE_DAYS_AHEAD)}"
            )
        limits[code] = int(_number(count, f"{path}.{code}", minimum=0, strict=False, whole=True))
    return replace(policy, leave_max_days_ahead=Rule(limits, rule))


# --- late and early-leave bands ------------------------------------------------------------


def _bands(value: Any, path: str) -> tuple[Category, ...]:
    """[{code, min, max?}, ...] as contiguous bands from 1 minute up; only the last is open."""
    if not isinstance(value, list) or not value:
        raise InvalidConfig(path, "expected a list of bands like {code: TL1, min: 1, max: 30}")
    bands: list[Category] = []
    expected_min = 1
    for index, item in enumerate(value):
        here = f"{path}[{index}]"
        check_keys(item, here, ("code", "min", "max"), required=("code", "min"))
        code = text(item["code"], f"{here}.code")
        if any(b.code == code for b in bands):
            raise InvalidConfig(f"{here}.code", f"band {code!r} is listed twice")
        low = int(_number(item["min"], f"{here}.min", minimum=1, strict=False, whole=True))
        if low != expected_min:
            raise InvalidConfig(
                f"{here}.min",
                f"bands must follow each other without gap or overlap: expected {expected_min}, "
                f"got {low}",
            )
        high = item.get("max")
        if high is not None:
            high = int(_number(high, f"{here}.max", minimum=low, strict=False, whole=True))
            expected_min = high + 1
        elif index < len(value) - 1:
            raise InvalidConfig(f"{here}.max", "only the last band may be open-ended")
        bands.append(Category(code, low, high))
    return tuple(bands)


def _late_bands(policy: Policy, value: Any, path: str, rule: Citation) -> Policy:
    """The bands of late minutes."""
    return replace(policy, late_bands=_bands(value, path), bands_rule=rule)


def _early_bands(policy: Policy, value: Any, path: str, rule: Citation) -> Policy:
    """The bands of early-leave minutes."""
    return replace(policy, early_bands=_bands(value, path), bands_rule=rule)


def _tpp(policy: Policy, value: Any, path: str, rule: Citation) -> Policy:
    """TPP deduction percentages (core.tpp); bands must be the policy's, so set bands first."""
    table = parse_tpp(
        value,
        path,
        policy.tpp,
        rule,
        tuple(b.code for b in policy.late_bands),
        tuple(b.code for b in policy.early_bands),
    )
    return replace(policy, tpp=table)


def _lkh(policy: Policy, value: Any, path: str, rule: Citation) -> Policy:
    """{required, tpp_weight_percent, max_days_back}: the daily performance report (core.lkh);
    the keys not named keep what the preset or the level above set."""
    check_keys(value, path, ("required", "tpp_weight_percent", "max_days_back"))
    lkh, tpp = policy.lkh, policy.tpp
    if "required" in value:
        required = value["required"]
        if not isinstance(required, bool):
            raise InvalidConfig(f"{path}.required", f"expected true or false, got {required!r}")
        lkh = replace(lkh, required=required, rule=rule)
    if "max_days_back" in value:
        where = f"{path}.max_days_back"
        back = int(_number(value["max_days_back"], where, minimum=0, strict=False, whole=True))
        lkh = replace(lkh, max_days_back=back, back_rule=rule)
    if "tpp_weight_percent" in value:
        weight = percent(value["tpp_weight_percent"], f"{path}.tpp_weight_percent")
        tpp = replace(tpp, lkh_weight=weight, lkh_rule=rule)
    return replace(policy, lkh=lkh, tpp=tpp)


def _liveness(policy: Policy, value: Any, path: str, rule: Citation) -> Policy:
    """{mode, share, max_seconds, challenge_valid_seconds}: the liveness video
    (core.liveness_rule); the keys not named keep what the preset or the level above set."""
    check_keys(value, path, ("mode", "share", "max_seconds", "challenge_valid_seconds"))
    changes: dict[str, Any] = {"rule": rule}
    if "mode" in value:
        mode = value["mode"]
        if mode not in LIVENESS_MODES:
            raise InvalidConfig(
                f"{path}.mode", f"mode must be one of {', '.join(LIVENESS_MODES)}, got {mode!r}"
            )
        changes["mode"] = mode
    if "share" in value:
        share = _number(value["share"], f"{path}.share", minimum=0, strict=False)
        if share > 1:
            raise InvalidConfig(f"{path}.share", f"must be from 0 to 1, got {share!r}")
        changes["share"] = float(share)
    if "max_seconds" in value:
        seconds = _number(value["max_seconds"], f"{path}.max_seconds", minimum=0, strict=True)
        if seconds > 30:
            raise InvalidConfig(f"{path}.max_seconds", f"must be at most 30, got {seconds!r}")
        changes["max_seconds"] = float(seconds)
    if "challenge_valid_seconds" in value:
        where = f"{path}.challenge_valid_seconds"
        valid = _number(value["challenge_valid_seconds"], where, minimum=0, strict=True, whole=True)
        changes["challenge_valid_seconds"] = int(valid)
    return replace(policy, liveness=replace(policy.liveness, **changes))


def _annual_leave(policy: Policy, value: Any, path: str, rule: Citation) -> Policy:
    """Cuti tahunan days and carry-over, for every kind and per kind (core.leave_balance)."""
    return replace(policy, annual_leave=parse_annual_leave(value, path, policy.annual_leave, rule))


_HANDLERS: dict[str, Callable[[Policy, Any, str, Citation], Policy]] = {
    "radius_m": _radius,
    "days": days,
    "shifts": shifts,
    "fixed_shift": fixed_shift,
    "events": events,
    "fallback_per_month": _fallbacks,
    "transfer_grace_days": _grace,
    "duty_radius_m": _duty_radius,
    "travel_clock_in": _switch("travel_clock_in"),
    "travel_radius_m": _limit("travel_radius_m", whole=False),
    "travel_destination_live": _switch("travel_destination_live"),
    "approver": _approver,
    "approver_by_type": _approver_by_type,
    "approval_remind_hours": _hours("approval_remind_hours"),
    "approval_escalate_hours": _hours("approval_escalate_hours"),
    "location_trust": _trust,
    "whatsapp_clock_in": _whatsapp,  # the old name, kept so that existing files still load
    "max_accuracy_m": _limit("max_accuracy_m", whole=False),
    "location_max_age_s": _limit("location_max_age_s", whole=True),
    "selfie_window_s": _limit("selfie_window_s", whole=True),
    "late_bands": _late_bands,
    "early_bands": _early_bands,
    "tpp": _tpp,
    "face_threshold": _face_threshold,
    "face_required": _face_required,
    "track": track,
    "missed_evidence": _missed_evidence,
    "revision_days": _revision_days,
    "report_deadline": _report_deadline,
    "leave_max_days_ahead": _days_ahead,
    "leave_max_days_back": _limit("leave_max_days_back", whole=True),
    "checkout_reminder_min": _checkout_reminder,
    "lkh": _lkh,
    "annual_leave": _annual_leave,
    "liveness": _liveness,
}
