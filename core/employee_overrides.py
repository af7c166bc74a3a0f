"""An employee's own policy in the employee file: the `shift` and `kebijakan` columns.

`shift` (alias `jadwal`) names one of the organisation file's `shifts:` that the employee keeps
on every working day without a rota entry: Perbup Konawe Kepulauan 18/2023 Pasal 6 ayat (3)
huruf g (the pengelola "menentukan pengaturan shift") and Pasal 17 ayat (2) ("Ketentuan jam kerja
khusus diberlakukan untuk: ... b. penjaga sekolah; c. petugas keamanan; ..."); Perbup Balangan
32/2020 Pasal 5 (shift staff clock in "berdasarkan jam kerja yang di atur oleh RSUD"). It is
stored as the policy override `fixed_shift` (core.policy.times.fixed_shift), so every reader of
an employee's policy follows it.

`kebijakan` (alias `policy`) is a JSON object of overrides, the keys of a unit's `policy:`.

Both are checked the way they will be applied: the unit's policy, then the employee's overrides
(the file's, or the stored ones where the file has no `kebijakan` column), then the shift.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from core.config_error import InvalidConfig
from core.policy import Policy
from core.policy.config import apply_overrides

FIXED = "fixed_shift"  # the override key the `shift` column fills
Overrides = dict[str, Any]
Fail = Callable[[str, str], None]


def parse_policy_cell(text: str, fail: Fail) -> Overrides | None:
    """A `kebijakan` cell as a mapping ({} when empty); None after recording an error."""
    if not text:
        return {}
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        fail("policy", f"not valid JSON ({error.msg} at character {error.pos + 1}): "
                       'write an object like {"radius_m": 150}')  # fmt: skip
        return None
    if not isinstance(value, dict):
        fail("policy", f'expected a JSON object like {{"radius_m": 150}}, got {text!r}')
        return None
    if FIXED in value:
        fail("policy", f"{FIXED}: give the fixed shift in the shift column")
        return None
    return value


def merged(stored: Mapping[str, Any] | None, shift: str | None, policy: Overrides | None) -> dict:
    """The overrides to store: the file's `kebijakan` (None: no column, the stored ones kept)
    with its `shift` (None: no column, the stored one kept; "": none)."""
    stored = dict(stored or {})
    overrides = dict(policy) if policy is not None else {k: v for k, v in stored.items()
                                                         if k != FIXED}  # fmt: skip
    code = shift if shift is not None else stored.get(FIXED)
    return {**overrides, FIXED: code} if code else overrides


def check(unit_policy: Policy | None, overrides: Mapping[str, Any], fail: Fail) -> None:
    """Record an error for a key or value the unit's policy cannot take: the overrides first,
    then the fixed shift among the codes they leave."""
    if not overrides:
        return
    if unit_policy is None:
        fail("policy", "the unit's policy is unknown: load the organisation first")
        return
    own = {k: v for k, v in overrides.items() if k != FIXED}
    try:
        policy = apply_overrides(unit_policy, own, where="the employee file")
    except InvalidConfig as error:
        fail("policy", f"{error.path}: {error.message}" if error.path else error.message)
        return
    if overrides.get(FIXED) is not None:
        try:
            apply_overrides(policy, {FIXED: overrides[FIXED]}, where="the employee file")
        except InvalidConfig as error:
            fail("shift", error.message)
