"""A data subject's erasure request (UU 27/2022): what goes, and what the law keeps.

UU 27/2022 gives the subject the right to have their data erased, except where other laws
oblige the controller to keep it. Erasure here is therefore partial.

Kept, because they are the basis of the TPP pay deductions (the monthly recap, e.g. Perwal
Sungai Penuh 12/2023) and part of the personnel record (days absent without reason count
under the civil service discipline rules, PP 94/2021):

- the employee record (NIP or NIK, name, unit, roles, as the HR import gives them);
- attendance records: date, direction, time, verdict, minutes, band, distance to the area,
  site, the rule applied, corrections and who made them;
- absence records: kind, dates, reason, status, who decided, when and why;
- requests for a missed record (lupa absen): day, time, reason, status, who decided, when and
  why;
- daily performance reports (LKH): the day, the activities and results, the status, who
  verified or returned it and why (Perbup Musi Banyuasin 9/2023 Pasal 11: a basis of TPP);
- the audit log, which holds ids, action names and digests, never personal data.

Erased:

- face references (the encrypted encodings), deleted;
- every media file the records or an open conversation name: clock-in selfies, enrollment
  photos, evidence documents (of absences and of requests for a missed record); their
  references in the rows become null;
- exact positions on attendance records (`lat`, `lon`, `accuracy_m`); distance and verdict stay;
- chat accounts (the Telegram user id or WhatsApp number) and activation codes, deleted;
- the open conversations of those chats in the database (`flow_state`) and, with Redis, the
  cached conversations and the selfie fingerprints kept against replays (`forget_cached`);
- the inbox rows of those chats (raw deliveries, kept two days at most anyway), and the
  messages held for them outside WhatsApp's 24-hour window (`core.held_messages`).

Left to expire by itself: the table of handled events (`flow_done`, three days), which is not
indexed by person.

Every change goes through the audit chain: changed rows are touched, deleted rows get an entry
recording their deletion (`UnitOfWork.remove`), and one entry on the employee record names the
counts (`Erasure.action`), so `presensi audit verify` stays intact. Running it again finds
nothing left and writes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import select, tuple_

from core import held_messages
from core.media import MediaStore, refs_in
from core.services import inbox
from core.services.privacy import clear_position
from core.storage.chat_tables import (
    ActivationCode,
    ChatAccount,
    FaceReferenceRow,
    FlowStateRow,
)
from core.storage.lkh_tables import LkhReportRow
from core.storage.tables import AbsenceRow, AttendanceRequestRow, AttendanceRow, EmployeeRow
from core.storage.uow import UnitOfWork

ACTION = "privacy.erase"


@dataclass(frozen=True)
class Erasure:
    """How much was erased for one person."""

    face_references: int = 0
    chat_accounts: int = 0
    activation_codes: int = 0
    locations: int = 0  # attendance records whose exact position was removed
    attendance_photos: int = 0  # attendance records whose selfie reference was removed
    absence_documents: int = 0  # absence records whose evidence references were removed
    media_files: int = 0  # files deleted from the media store
    conversations: int = 0  # open conversations (flow_state rows)
    inbox_rows: int = 0  # deliveries from their chats still in the webhooks' inbox
    request_documents: int = 0  # missed-record requests whose evidence references were removed
    lkh_documents: int = 0  # daily reports whose evidence references were removed

    @property
    def nothing(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))

    @property
    def action(self) -> str:
        """The audit entry's action: the counts, by one letter each, within its 64 characters
        (f faces, c chats, k codes, l locations, p attendance photos, d absence documents,
        m media files, s conversations, i inbox rows, r request documents, h daily reports'
        documents). No NIP, no name."""
        letters = "fcklpdmsirh"
        counts = " ".join(
            f"{letter}{getattr(self, f.name)}"
            for letter, f in zip(letters, fields(self), strict=True)
        )
        return f"{ACTION} {counts}"[:64]


def erase(uow: UnitOfWork, employee: EmployeeRow, media: MediaStore, actor: str = "cli") -> Erasure:
    """Erase what is not kept by law about `employee` (see the module's docstring).

    The caller commits. The media files are deleted last, before the commit: should the commit
    fail, the rows still name files that are gone (as after a retention purge) and a second run
    finishes the job.
    """
    session = uow.session
    mine = lambda table: select(table).where(table.employee_id == employee.id)  # noqa: E731
    refs: list[str] = []

    attendance = session.scalars(mine(AttendanceRow).order_by(AttendanceRow.id)).all()
    located = photographed = 0
    changed: list[AttendanceRow] = []
    for row in attendance:
        had_position = clear_position(row)
        evidence = dict(row.evidence or {})
        ref = evidence.get("selfie")
        if ref:
            refs.append(ref)
            row.evidence = {**evidence, "selfie": None}
        if had_position or ref:
            located, photographed = located + had_position, photographed + bool(ref)
            changed.append(row)
    uow.touch_many(changed, actor, ACTION)

    documented = _without_documents(session.scalars(mine(AbsenceRow).order_by(AbsenceRow.id)), refs)
    uow.touch_many(documented, actor, ACTION)
    requests = session.scalars(mine(AttendanceRequestRow).order_by(AttendanceRequestRow.id))
    requested = _without_documents(requests, refs)
    uow.touch_many(requested, actor, ACTION)
    reports = _lkh_documents(uow, employee, refs)
    uow.touch_many(reports, actor, ACTION)

    accounts = session.scalars(mine(ChatAccount).order_by(ChatAccount.id)).all()
    chats = {(a.channel, sender_of(a)) for a in accounts}
    conversations = _conversations(uow, chats)
    for row in conversations:
        refs.extend(refs_in(row.data))
        session.delete(row)
    deliveries = _deliveries(uow, chats)

    faces = uow.remove(
        session.scalars(mine(FaceReferenceRow).order_by(FaceReferenceRow.id)).all(), actor, ACTION
    )
    codes = uow.remove(
        session.scalars(mine(ActivationCode).order_by(ActivationCode.id)).all(), actor, ACTION
    )
    removed_accounts = uow.remove(accounts, actor, ACTION)
    files = sum(bool(media.delete(ref)) for ref in dict.fromkeys(refs))
    result = Erasure(
        face_references=faces,
        chat_accounts=removed_accounts,
        activation_codes=codes,
        locations=located,
        attendance_photos=photographed,
        absence_documents=len(documented),
        media_files=files,
        conversations=len(conversations),
        inbox_rows=deliveries,
        request_documents=len(requested),
        lkh_documents=len(reports),
    )
    if not result.nothing:
        uow.touch(employee, actor, result.action)
    return result


def _lkh_documents(uow: UnitOfWork, employee: EmployeeRow, refs: list[str]) -> list[LkhReportRow]:
    """The employee's daily reports naming evidence files: the references go (into `refs`, for
    deletion), the report stays."""
    query = select(LkhReportRow).where(LkhReportRow.employee_id == employee.id)
    return _without_documents(uow.session.scalars(query.order_by(LkhReportRow.id)), refs)


def _without_documents(rows: Iterable[Any], refs: list[str]) -> list[Any]:
    """The rows (absences, missed-record requests) whose evidence named a file, the references
    now null; the files' references go to `refs`, for deletion."""
    changed = []
    for row in rows:
        named = [item["media"] for item in row.evidence or [] if item.get("media")]
        if named:
            refs.extend(named)
            row.evidence = [{**item, "media": None} for item in row.evidence]
            changed.append(row)
    return changed


def sender_of(account: ChatAccount) -> str:
    """The platform's user id of a chat account (a released one carries a `#released` tail)."""
    return account.external_id.split("#released", 1)[0]


def _conversations(uow: UnitOfWork, chats: set[tuple[str, str]]) -> list[FlowStateRow]:
    if not chats:
        return []
    query = select(FlowStateRow).where(
        tuple_(FlowStateRow.channel, FlowStateRow.sender).in_(sorted(chats))
    )
    return list(uow.session.scalars(query))


def _deliveries(uow: UnitOfWork, chats: set[tuple[str, str]]) -> int:
    """Delete the inbox rows (raw deliveries, their replies) of the person's chats kept in the
    database (those in Redis: `presensi.cli_privacy`, with the other cached items), and the
    messages held for those chats outside WhatsApp's window (counted with them)."""
    return inbox.erase(uow, chats) + held_messages.erase(uow, chats)


# Redis ------------------------------------------------------------------------------------

FLOW_PREFIX = "presensi"  # core.flows.state.StateStore's and the replay store's default prefix


def chats_of(uow: UnitOfWork, employee: EmployeeRow) -> set[tuple[str, str]]:
    """(channel, user id) of every chat account of the employee, active or released; read it
    before `erase` deletes them, for `forget_cached`."""
    query = select(ChatAccount).where(ChatAccount.employee_id == employee.id)
    return {(a.channel, sender_of(a)) for a in uow.session.scalars(query)}


def forget_cached(
    redis: Any,
    employee_id: int,
    chats: set[tuple[str, str]],
    media: MediaStore,
    prefix: str = FLOW_PREFIX,
) -> tuple[int, int]:
    """Delete what Redis holds about the person (a synchronous client): the open conversations
    of their chats (and the files they name) and the selfie fingerprints kept against replays.
    Returns (keys deleted, files deleted)."""
    flows = [f"{prefix}:flow:{channel}:{sender}" for channel, sender in sorted(chats)]
    replay = [f"{prefix}:faces:replay:{kind}:{employee_id}" for kind in ("phash", "file")]
    files = 0
    for key in flows:
        raw = redis.get(key)
        if raw is not None:
            files += sum(bool(media.delete(ref)) for ref in set(refs_in(json.loads(raw))))
    keys = redis.delete(*flows, *replay) if flows or replay else 0
    return int(keys), files
