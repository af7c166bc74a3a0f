"""Chat accounts: link a chat identity to an employee, once, and let an admin reset it."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import timedelta

from sqlalchemy import select

from core.access import administers
from core.org import Role
from core.storage.chat_tables import ActivationCode, ChatAccount, FaceReferenceRow
from core.storage.org_version import read_version
from core.storage.tables import ORG_VERSION, ORGANISATIONS, Assignment, EmployeeRow
from core.storage.uow import UnitOfWork, active_face, read_ahead

CODE_HOURS = 24


class AccountError(ValueError):
    """Linking refused; `code` names the reason for the chat's message."""

    def __init__(self, code: str, message: str = "") -> None:
        super().__init__(message or code)
        self.code = code


def linked(
    uow: UnitOfWork, channel: str, external_id: str
) -> tuple[ChatAccount, EmployeeRow] | None:
    """The active account of a chat identity and its employee, in one query: every message asks.

    The same query reads ahead what the step that follows in the same transaction asks of the
    employee (core.flows.runner hands it on): the organisation's version (the policy cache's
    check), the assignment history and whether a face is enrolled. They cost no round trip here
    and one each there.
    """
    session = uow.session
    found = session.execute(
        select(
            ChatAccount,
            EmployeeRow,
            ORG_VERSION,
            FaceReferenceRow.id,
            Assignment.id,
            Assignment.valid_from,
            Assignment.unit_id,
        )
        .join(EmployeeRow, EmployeeRow.id == ChatAccount.employee_id)
        .join(ORGANISATIONS, ORGANISATIONS.c.id == EmployeeRow.org_id)
        .outerjoin(FaceReferenceRow, active_face(EmployeeRow.id))
        .outerjoin(Assignment, Assignment.employee_id == EmployeeRow.id)
        .where(
            ChatAccount.channel == channel,
            ChatAccount.external_id == external_id,
            ChatAccount.active.is_(True),
        )
        .order_by(Assignment.valid_from, Assignment.id)
    ).all()
    if not found:
        return None
    account, employee, version = found[0][:3]
    read_version(session, employee.org_id, version)
    ahead = read_ahead(session)
    ahead[("enrolled", employee.id)] = any(face is not None for _, _, _, face, *_ in found)
    # One row per assignment (per active reference too, were there ever two), in order.
    history = {a: (since, unit) for *_, a, since, unit in found if a is not None}
    ahead[("history", employee.id)] = list(history.values())
    return account, employee


def find_by_identifier(uow: UnitOfWork, identifier: str) -> EmployeeRow | None:
    """The employee with this NIP or NIK in any organisation served here."""
    query = select(EmployeeRow).where(EmployeeRow.identifier == identifier).order_by(EmployeeRow.id)
    return uow.session.scalars(query).first()


def _hash(employee_id: int, code: str, key: bytes) -> str:
    """HMAC-SHA256 of `employee_id:code` under the server's secret (SECRET_KEY).

    A plain hash of a six-digit code is reversed by trying the million codes: whoever reads
    the table would have every open code. Keyed, the table alone gives nothing. Codes stored
    as plain SHA-256 before the key came in simply no longer match and expire (CODE_HOURS).
    """
    if not key:
        raise ValueError("activation codes need a secret key (SECRET_KEY)")
    message = f"{employee_id}:{code.strip()}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def issue_code(
    uow: UnitOfWork, employee: EmployeeRow, admin: EmployeeRow | None, *, key: bytes
) -> str:
    """A fresh 6-digit single-use code; only its HMAC is stored."""
    code = f"{secrets.randbelow(1_000_000):06d}"
    row = ActivationCode(
        employee_id=employee.id,
        code_hash=_hash(employee.id, code, key),
        created_by=admin.id if admin else None,
        expires_at=uow.now() + timedelta(hours=CODE_HOURS),
    )
    uow.add(row, f"employee:{admin.id}" if admin else "cli", "activation.issue")
    return code


def redeem_code(uow: UnitOfWork, employee: EmployeeRow, code: str, *, key: bytes) -> bool:
    """Use a valid code of this employee; False for a wrong, used or expired one."""
    now = uow.now()
    row = uow.session.scalars(
        select(ActivationCode).where(
            ActivationCode.employee_id == employee.id,
            ActivationCode.code_hash == _hash(employee.id, code, key),
            ActivationCode.used_at.is_(None),
        )
    ).first()
    if row is None or row.expires_at < now:
        return False
    row.used_at = now
    uow.touch(row, f"employee:{employee.id}", "activation.redeem")
    return True


def same_phone(on_file: str | None, shared: str) -> bool:
    """Compare numbers as Indonesians write them: 0812..., 62812..., +62 812-..."""

    def digits(number: str) -> str:
        plain = re.sub(r"\D", "", number)
        return "62" + plain[1:] if plain.startswith("0") else plain

    if not on_file:
        return False
    return digits(on_file) == digits(shared)


def bind(
    uow: UnitOfWork,
    channel: str,
    external_id: str,
    chat_id: str,
    employee: EmployeeRow,
    language: str,
) -> ChatAccount:
    """Link the chat identity; refused when the employee already has another active one."""
    other = uow.session.scalars(
        select(ChatAccount).where(
            ChatAccount.channel == channel,
            ChatAccount.employee_id == employee.id,
            ChatAccount.active.is_(True),
        )
    ).first()
    if other is not None and other.external_id != external_id:
        raise AccountError("bound_elsewhere")
    if other is not None:
        return other
    stale = uow.session.scalars(
        select(ChatAccount).where(
            ChatAccount.channel == channel, ChatAccount.external_id == external_id
        )
    ).first()
    if stale is not None:  # this chat identity once belonged to someone and was released
        stale.external_id = f"{external_id}#released{stale.id}"
        uow.touch(stale, f"employee:{employee.id}", "chat.rename_released")
    account = ChatAccount(
        channel=channel,
        external_id=external_id,
        chat_id=chat_id,
        employee_id=employee.id,
        language=language,
    )
    return uow.add(account, f"employee:{employee.id}", "chat.bind")


def release(uow: UnitOfWork, employee: EmployeeRow, admin: EmployeeRow | None) -> int:
    """Unlink every active chat account of the employee (a lost or new phone)."""
    accounts = uow.session.scalars(
        select(ChatAccount).where(
            ChatAccount.employee_id == employee.id, ChatAccount.active.is_(True)
        )
    ).all()
    for account in accounts:
        account.active = False
        account.released_at = uow.now()
        account.released_by = admin.id if admin else None
        uow.touch(account, f"employee:{admin.id}" if admin else "cli", "chat.release")
    return len(accounts)


def chats_of(uow: UnitOfWork, employee_id: int) -> list[tuple[str, str, str]]:
    """(channel, chat id, language) of every active account of the employee, the most
    recently linked first (the one `language_of` speaks)."""
    accounts = uow.session.scalars(
        select(ChatAccount)
        .where(ChatAccount.employee_id == employee_id, ChatAccount.active.is_(True))
        .order_by(ChatAccount.bound_at.desc(), ChatAccount.id.desc())
    ).all()
    return [(a.channel, a.chat_id, a.language) for a in accounts]


def language_of(uow: UnitOfWork, employee_id: int, default: str) -> str:
    """The language a notice to the employee is written in, whoever caused it: their chat's
    (/bahasa). With chats in two languages, the most recently linked one's (the phone they
    took up last); `default` (the installation's) when they have no chat."""
    return spoken(chats_of(uow, employee_id), default)


def spoken(chats: list[tuple[str, str, str]], default: str) -> str:
    """`language_of` for chats already read (`chats_of`, most recently linked first)."""
    return chats[0][2] if chats else default


def set_language(uow: UnitOfWork, channel: str, external_id: str, language: str) -> bool:
    """Keep the language the chat identity's replies are written in (/bahasa); False when it
    was that already (nothing written) or the identity has no active account."""
    account = uow.session.scalars(
        select(ChatAccount).where(
            ChatAccount.channel == channel,
            ChatAccount.external_id == external_id,
            ChatAccount.active.is_(True),
        )
    ).first()
    if account is None or account.language == language:
        return False
    account.language = language
    uow.touch(account, f"employee:{account.employee_id}", "chat.language")
    return True


def unit_admins(uow: UnitOfWork, employee: EmployeeRow) -> list[EmployeeRow]:
    """The admins of the employee's unit, for "who can help" messages."""
    return [
        e
        for e in uow.employees(employee.org_id, [employee.unit_id])
        if Role.ADMIN in e.role_set and e.id != employee.id
    ]


def may_administer(admin: EmployeeRow, employee: EmployeeRow) -> bool:
    """A unit admin over their unit, a super admin over the organisation."""
    return administers(
        admin.role_set, admin.org_id, admin.unit_id, employee.org_id, [employee.unit_id]
    )
