"""The web chats the playground (`presensi demo --web`) offers: who may be picked, the web
chat each talks in, and where their office is. The people are the organisation's own and the
chats the web channel's accounts; nothing here decides a rule.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from core.channels import Channel
from core.org import Role
from core.storage.chat_tables import ChatAccount
from core.storage.uow import UnitOfWork

# The web chat a person not linked yet opens: registration there links it to whoever proves
# who they are (their NIP and activation code), as a new Telegram chat would be. Someone else
# may have registered in it: the person then gets the next one ("coba-9-2").
FRESH_PREFIX = "coba-"


def fresh_chat(employee_id: int, taken: Set[str] = frozenset()) -> str:
    chat, n = f"{FRESH_PREFIX}{employee_id}", 1
    while chat in taken:
        n += 1
        chat = f"{FRESH_PREFIX}{employee_id}-{n}"
    return chat


@dataclass(frozen=True)
class Person:
    """Someone the playground offers: their web chat, and whether it is linked yet."""

    employee_id: int
    name: str
    identifier: str  # NIP (NIK for non-ASN staff): what they type to register
    unit: str
    role: str  # "manager", "admin" or "employee": the highest they hold
    chat: str
    linked: bool
    office: tuple[float, float] | None  # their unit's first site, for the location picker


def people(uow: UnitOfWork, org_code: str, today: date) -> list[Person]:
    """Everyone on staff `today`, heads and admins first, then by unit and name."""
    org = uow.organisation(org_code)
    if org is None:
        return []
    chats = {
        account.employee_id: account.external_id
        for account in uow.session.scalars(
            select(ChatAccount).where(
                ChatAccount.channel == Channel.WEB.value, ChatAccount.active.is_(True)
            )
        )
    }
    offices: dict[int | None, tuple[float, float]] = {}
    for site in sorted(uow.sites(org.id), key=lambda s: s.id):
        if site.lat is not None and site.lon is not None:
            offices.setdefault(site.unit_id, (site.lat, site.lon))
    units = {unit.id: unit.name for unit in uow.units(org.id)}
    taken = set(chats.values())
    found = [
        Person(
            employee.id,
            employee.name,
            employee.identifier,
            units.get(employee.unit_id, ""),
            _highest(employee.role_set),
            chats.get(employee.id) or fresh_chat(employee.id, taken),
            employee.id in chats,
            offices.get(employee.unit_id),
        )
        for employee in uow.employees(org.id)
        if not employee.gone_on(today)
    ]
    order = {Role.MANAGER.value: 0, Role.ADMIN.value: 1}
    return sorted(found, key=lambda p: (order.get(p.role, 2), p.unit, p.name))


def _highest(roles: set[str]) -> str:
    for role in (Role.MANAGER, Role.ADMIN):
        if role.value in roles or (role is Role.ADMIN and Role.SUPER_ADMIN.value in roles):
            return role.value
    return Role.EMPLOYEE.value


def person_in(found: list[Person], chat: str) -> Person | None:
    """Who talks in `chat`: the person linked to it, or the one it was opened for; None for a
    chat the playground never offered."""
    return next((p for p in found if p.chat == chat), None)
