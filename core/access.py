"""Who sees and administers whom: the role rules, once, over the `Role` enum.

Perwal Sungai Penuh 12/2023 (001_0a3a5d99b1ed9a52.txt), which the other regulations follow in
substance: a unit admin verifies the absence notes of their own unit and reports its recap to the
head of the unit (Pasal 7 ayat (3) huruf a-b, Pasal 14 ayat (1)); a super admin draws the recap of
every unit (Pasal 8 ayat (4) huruf a) and blocks and unblocks accounts (Pasal 8 ayat (5) huruf e).
Pure functions: the callers hand in the roles and units they read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from core.citations import Citation
from core.org import Role

FILE = "001_0a3a5d99b1ed9a52.txt"
INSTRUMENT = "Perwal Sungai Penuh 12/2023"
UNIT_ADMIN_RULE = Citation(FILE, INSTRUMENT, "7", "3", "huruf a-b")
SUPER_ADMIN_RULE = Citation(FILE, INSTRUMENT, "8", "4", "huruf a")

EVERYONE = frozenset({Role.EMPLOYEE})
# Those who read a unit's recap: its head (Pasal 14 ayat (1)), its admins, the super admins.
RECAP_READERS = frozenset({Role.MANAGER, Role.ADMIN, Role.SUPER_ADMIN})
ADMINISTRATORS = frozenset({Role.ADMIN, Role.SUPER_ADMIN})


def roles_of(names: Iterable[str]) -> frozenset[Role]:
    """The known roles among stored names ("admin,manager"); unknown names give nothing."""
    return frozenset(Role(n) for n in names if n in Role._value2member_map_) | EVERYONE


@dataclass(frozen=True)
class Scope:
    """The units a person may see or act on: `unit_ids` None means the whole organisation."""

    org_id: int
    unit_ids: frozenset[int] | None

    @property
    def whole_org(self) -> bool:
        return self.unit_ids is None

    def covers(self, org_id: int, unit_ids: Iterable[int]) -> bool:
        """True when the organisation matches and any of `unit_ids` is in scope."""
        if org_id != self.org_id:
            return False
        return self.unit_ids is None or any(u in self.unit_ids for u in unit_ids)


def recap_scope(roles: Iterable[str], org_id: int, unit_id: int) -> Scope | None:
    """The units whose recap this person reads (/rekap, /rekapbulan), or None: no recap."""
    held = roles_of(roles)
    if Role.SUPER_ADMIN in held:
        return Scope(org_id, None)
    if held & RECAP_READERS:
        return Scope(org_id, frozenset({unit_id}))
    return None


# Those who call an event from the field (/acara): a unit's head, its admins, the super admins;
# the same people who read the unit's recap, of which the event becomes part.
EVENT_CALLERS = RECAP_READERS


def event_scope(
    roles: Iterable[str], org_id: int, unit_id: int, sub_units: Iterable[int]
) -> Scope | None:
    """The units whose staff this person may call to an event (/acara), or None: a head of
    unit (or a unit admin) calls their own unit and the units below it (`sub_units`, a
    Puskesmas under its Dinas); a super admin any unit of the organisation."""
    held = roles_of(roles)
    if Role.SUPER_ADMIN in held:
        return Scope(org_id, None)
    if held & EVENT_CALLERS:
        return Scope(org_id, frozenset({unit_id, *sub_units}))
    return None


def admin_scope(roles: Iterable[str], org_id: int, unit_id: int) -> Scope | None:
    """The units this person administers (codes, blocking, review, absence notes), or None."""
    held = roles_of(roles)
    if Role.SUPER_ADMIN in held:
        return Scope(org_id, None)
    if Role.ADMIN in held:
        return Scope(org_id, frozenset({unit_id}))
    return None


def administers(
    roles: Iterable[str],
    org_id: int,
    unit_id: int,
    subject_org_id: int,
    subject_units: Iterable[int],
) -> bool:
    """Whether this person administers someone of `subject_org_id` in any of `subject_units`."""
    scope = admin_scope(roles, org_id, unit_id)
    return scope is not None and scope.covers(subject_org_id, subject_units)


def has_role(roles: Iterable[str], role: Role) -> bool:
    return role in roles_of(roles)
