"""A data subject's erasure and the retention of exact positions, on SQLite and PostgreSQL:
what goes, what the law keeps, and the audit chain intact after both."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import redis as redis_sync
from sqlalchemy import func, select

from core.faces.enrollment import FaceReference, ReferenceStatus
from core.flows.messages import Channel, Reply
from core.flows.state import Conversation
from core.held_messages import SqlHeldMessages
from core.services import inbox
from core.services.absences import AbsenceRequest, request_absence
from core.services.privacy import export, redact_locations
from core.services.privacy_erase import Erasure, erase, forget_cached
from core.storage import audit
from core.storage.chat_tables import (
    ActivationCode,
    ChatAccount,
    FaceReferenceRow,
    FlowStateRow,
    HeldMessageRow,
    InboxRow,
)
from core.storage.faces import SqlFaceReferences
from core.storage.flow_state import SqlStateStore
from core.storage.tables import AbsenceRow, AttendanceRow, AuditRow
from tests.flows_harness import ADMIN, FACE_CIPHER, HEAD, ORG, STAFF, TUESDAY, build

ENCODING = tuple(round(0.01 * i - 0.6, 6) for i in range(128))


@pytest.fixture
def h(tmp_path, engine):
    return build(tmp_path, engine=engine)


def employee_id(h, identifier: str = STAFF) -> int:
    with h.uow() as uow:
        return uow.employee_by_identifier(uow.organisation(ORG).id, identifier).id


def rows(h, table, identifier: str = STAFF) -> list:
    with h.uow() as uow:
        query = select(table).where(table.employee_id == employee_id(h, identifier))
        return list(uow.session.scalars(query))


def problems(h) -> list[str]:
    with h.uow() as uow:
        return [p.what for p in audit.verify(uow.session)[1]]


def entries(h) -> int:
    with h.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(AuditRow))


def exists(h, ref: str) -> bool:
    return (h.runner.deps.media.root / ref).exists()


async def person_with_everything(h) -> dict[str, str]:
    """The staff member linked on Telegram, clocked in with a selfie, with an enrolled face, an
    unused activation code, a sick note with its document and an enrollment half-way (its photo
    in an open conversation); the admin clocked in too. Returns the media refs."""
    media = h.runner.deps.media
    await h.link("501", STAFF)
    await h.link("600", ADMIN)
    await h.clock_in("501", STAFF)
    await h.clock_in("600", ADMIN)
    h.code_for(STAFF)
    staff = employee_id(h)
    letter = media.put("evidence", b"%PDF-1.4 surat", ".pdf", h.clock.now())
    enroll_photo = media.put("enroll", b"face:someone", ".jpg", h.clock.now())
    with h.uow() as uow:
        SqlFaceReferences(uow, FACE_CIPHER).add(
            FaceReference(
                "ref-1", str(staff), (ENCODING,), ReferenceStatus.ACTIVE, "cli", h.clock.now()
            )
        )
        evidence = [{"kind": "surat_keterangan_dokter", "media": letter, "mime": "application/pdf"}]
        request_absence(
            uow, AbsenceRequest(staff, "S", None, TUESDAY, TUESDAY, "demam", evidence=evidence)
        )
        uow.commit()
    await SqlStateStore(h.uow).put(
        Channel.TELEGRAM, "501", Conversation("enroll.photos", {"photos": [enroll_photo]})
    )
    with h.uow() as uow:  # a delivery of each in the webhooks' inbox
        inbox.store(uow, "telegram", "9001", {"message": {"text": STAFF}}, sender="501")
        inbox.store(uow, "telegram", "9002", {"message": {"text": "/rekap"}}, sender="600")
        uow.commit()
    [selfie] = [r.evidence["selfie"] for r in rows(h, AttendanceRow)]
    [admin_selfie] = [r.evidence["selfie"] for r in rows(h, AttendanceRow, ADMIN)]
    return {"selfie": selfie, "letter": letter, "enroll": enroll_photo, "admin": admin_selfie}


async def test_erase_removes_what_it_says_and_keeps_the_records(h):
    refs = await person_with_everything(h)
    [before] = rows(h, AttendanceRow)
    assert before.lat is not None and before.accuracy_m is not None
    assert all(exists(h, ref) for ref in refs.values())

    with h.uow() as uow:
        done = erase(uow, uow.employee(employee_id(h)), h.runner.deps.media)
        uow.commit()

    assert done == Erasure(
        face_references=1,
        chat_accounts=1,
        activation_codes=2,  # the one redeemed at linking and the unused one
        locations=1,
        attendance_photos=1,
        absence_documents=1,
        media_files=3,
        conversations=1,
        inbox_rows=1,
    )
    with h.uow() as uow:
        assert [r.sender for r in uow.session.scalars(select(InboxRow))] == ["600"]
    assert rows(h, FaceReferenceRow) == rows(h, ChatAccount) == rows(h, ActivationCode) == []
    with h.uow() as uow:
        assert uow.session.get(FlowStateRow, ("telegram", "501")) is None
    assert [exists(h, refs[k]) for k in ("selfie", "letter", "enroll", "admin")] == [
        False,
        False,
        False,
        True,
    ]
    [after] = rows(h, AttendanceRow)  # the record stays: the pay basis
    assert (after.lat, after.lon, after.accuracy_m, after.evidence["selfie"]) == (None,) * 4
    kept = (
        "id",
        "work_date",
        "direction",
        "at",
        "outcome",
        "accepted",
        "minutes",
        "band",
        "distance_m",
        "site",
        "rule",
        "source",
        "dedup_key",
    )
    assert [getattr(after, k) for k in kept] == [getattr(before, k) for k in kept]
    assert after.evidence["face"] == before.evidence["face"]
    [absence] = rows(h, AbsenceRow)
    assert absence.evidence == [
        {"kind": "surat_keterangan_dokter", "media": None, "mime": "application/pdf"}
    ]
    assert (absence.code, absence.reason, absence.status) == ("S", "demam", "pending")
    with h.uow() as uow:
        assert uow.employee(employee_id(h)).name == "Dewi Lestari A.Md"
    # The admin's data is untouched.
    [admin_row] = rows(h, AttendanceRow, ADMIN)
    assert admin_row.lat is not None and admin_row.evidence["selfie"] == refs["admin"]
    assert len(rows(h, ChatAccount, ADMIN)) == 1

    assert problems(h) == []
    with h.uow() as uow:
        last = uow.session.scalars(select(AuditRow).order_by(AuditRow.at, AuditRow.seq)).all()[-1]
        logged = uow.session.scalars(select(AuditRow.action)).all()
    assert (last.actor, last.entity, last.entity_id) == ("cli", "employees", str(employee_id(h)))
    assert last.action == "privacy.erase f1 c1 k2 l1 p1 d1 m3 s1 i1 r0 h0"
    assert not any(STAFF in action or "Dewi" in action for action in logged)


async def test_messages_held_for_the_persons_whatsapp_go_too(h):
    """A request held for an approver outside WhatsApp's window names the requester: the
    approver's erasure deletes what waits for their number, and nobody else's."""
    wa_number = "6281277003005"
    await h.send(wa_number, channel=Channel.WHATSAPP, command="start", text="/start")
    await h.send(wa_number, channel=Channel.WHATSAPP, text=ADMIN)
    await h.send(wa_number, channel=Channel.WHATSAPP, text=h.code_for(ADMIN))
    held = SqlHeldMessages(h.uow)
    await held.hold(
        "whatsapp", wa_number, Reply("Pengajuan Sakit dari Dewi"), "notice", h.clock.now()
    )
    await held.hold("whatsapp", "6280000000001", Reply("Lain"), "notice", h.clock.now())

    with h.uow() as uow:
        done = erase(uow, uow.employee(employee_id(h, ADMIN)), h.runner.deps.media)
        uow.commit()

    assert done.inbox_rows == 1
    with h.uow() as uow:
        assert [r.chat for r in uow.session.scalars(select(HeldMessageRow))] == ["6280000000001"]
    assert problems(h) == []


async def test_erasing_twice_finds_nothing_and_writes_nothing(h):
    await person_with_everything(h)
    for expected in (False, True):
        count = entries(h)
        with h.uow() as uow:
            done = erase(uow, uow.employee(employee_id(h)), h.runner.deps.media)
            uow.commit()
        assert done.nothing is expected
    assert entries(h) == count  # the second run appended nothing
    assert problems(h) == []


async def test_erase_of_someone_with_no_data_is_nothing(h):
    with h.uow() as uow:
        done = erase(uow, uow.employee(employee_id(h)), h.runner.deps.media)
        uow.commit()
    assert done.nothing and done == Erasure()


async def test_a_row_written_back_after_its_logged_deletion_is_found(h):
    await person_with_everything(h)
    with h.uow() as uow:
        account = uow.session.scalars(select(ChatAccount).where(ChatAccount.external_id == "501"))
        copy = {c.key: getattr(a, c.key) for a in account for c in ChatAccount.__table__.columns}
        erase(uow, uow.employee(employee_id(h)), h.runner.deps.media)
        uow.commit()
    with h.uow() as uow:  # put back behind the log's back
        uow.session.add(ChatAccount(**copy))
        uow.commit()
    assert problems(h) == [
        f"chat_accounts row {copy['id']} was written outside the log after its deletion"
    ]


# Exact positions past their retention ------------------------------------------------------

CUTOFF = datetime(2026, 9, 1, 0, 0, tzinfo=UTC)


def attendance(h, at: datetime, identifier: str = STAFF, distance: int = 14) -> int:
    with h.uow() as uow:
        row = uow.add(
            AttendanceRow(
                employee_id=employee_id(h, identifier),
                work_date=at.date(),
                direction="in",
                at=at,
                outcome="outside_area" if distance > 30 else "on_time",
                accepted=distance <= 30,
                distance_m=distance,
                rule="Perwal Sungai Penuh 12/2023, Pasal 11",
                source="telegram",
                lat=-2.06198,
                lon=101.3928,
                accuracy_m=12,
            ),
            "test",
            "attendance.in",
        )
        uow.commit()
        return row.id


def positions(h) -> dict[int, tuple]:
    with h.uow() as uow:
        query = select(AttendanceRow).order_by(AttendanceRow.id)
        return {
            r.id: (r.lat, r.lon, r.accuracy_m, r.distance_m, r.outcome, r.accepted)
            for r in uow.session.scalars(query)
        }


def test_positions_older_than_the_cutoff_go_and_distance_and_verdict_stay(h):
    old = [
        attendance(h, CUTOFF - timedelta(days=40), STAFF),
        attendance(h, CUTOFF - timedelta(days=39), ADMIN, distance=250),
        attendance(h, CUTOFF - timedelta(days=2), STAFF),
        attendance(h, CUTOFF - timedelta(seconds=1), ADMIN),
        attendance(h, CUTOFF - timedelta(days=1), STAFF, distance=80),
    ]
    new = [attendance(h, CUTOFF), attendance(h, CUTOFF + timedelta(days=1), ADMIN)]
    before = positions(h)
    with h.uow() as uow:
        assert redact_locations(uow, CUTOFF, batch=2) == 5  # three batches
    after = positions(h)
    for row_id in old:
        assert after[row_id] == (None, None, None, *before[row_id][3:])
    assert {i: after[i] for i in new} == {i: before[i] for i in new}
    assert after[old[1]][3:] == (250, "outside_area", False)
    assert problems(h) == []
    with h.uow() as uow:
        assert redact_locations(uow, CUTOFF) == 0  # a second run finds nothing
        actions = uow.session.scalars(
            select(AuditRow.action).where(AuditRow.entity == "attendance")
        ).all()
    assert actions.count("location.expire") == 5


async def test_redacted_records_read_as_before_in_the_export_status_and_daily_list(h):
    await h.link("501", STAFF)
    await h.link("600", HEAD)
    await h.clock_in("501", STAFF)

    async def seen() -> tuple:
        with h.uow() as uow:
            data = export(uow, uow.employee(employee_id(h)))
        status = await h.send("501", command="status", text="/status")
        daily = await h.send("600", command="rekap", text="/rekap")
        return data, status.replies[-1].text, [r.text for r in daily.replies]

    before = await seen()
    with h.uow() as uow:
        assert redact_locations(uow, h.clock.now() + timedelta(seconds=1)) == 1
    after = await seen()
    [was], [now] = before[0]["attendance"], after[0]["attendance"]
    assert (now["lat"], now["lon"], now["accuracy_m"]) == (None, None, None)
    assert was["lat"] is not None
    position = {"lat", "lon", "accuracy_m"}
    assert {k: v for k, v in now.items() if k not in position} == {
        k: v for k, v in was.items() if k not in position
    }
    assert "LOCATION_RETENTION_DAYS" in after[0]["also_held"]["locations"]
    assert after[1:] == before[1:]  # /status and /rekap read the same


def test_a_position_taken_at_the_cutoff_is_kept(h):
    row_id = attendance(h, CUTOFF)
    with h.uow() as uow:
        assert redact_locations(uow, CUTOFF) == 0
        assert uow.session.get(AttendanceRow, row_id).lat is not None


# Redis ------------------------------------------------------------------------------------


def test_cached_conversations_and_selfie_fingerprints_go_from_redis(redis_url, tmp_path):
    from core.media import LocalMediaStore

    prefix = f"presensi-test-{uuid.uuid4().hex[:8]}"
    media = LocalMediaStore(tmp_path / "media")
    photo = media.put("enroll", b"x", ".jpg", datetime(2026, 11, 24, tzinfo=UTC))
    client = redis_sync.Redis.from_url(redis_url)
    try:
        flow = f"{prefix}:flow:telegram:501"
        client.set(flow, json.dumps({"step": "enroll.photos", "data": {"photos": [photo]}}))
        client.zadd(f"{prefix}:faces:replay:phash:7", {"abc": 1})
        client.zadd(f"{prefix}:faces:replay:file:7", {"uniq": 1})
        client.zadd(f"{prefix}:faces:replay:phash:8", {"other": 1})
        keys, files = forget_cached(client, 7, {("telegram", "501")}, media, prefix=prefix)
        assert (keys, files) == (3, 1)
        assert not (media.root / photo).exists()
        assert client.exists(flow, f"{prefix}:faces:replay:phash:7") == 0
        assert client.exists(f"{prefix}:faces:replay:phash:8") == 1  # someone else's
        assert forget_cached(client, 7, {("telegram", "501")}, media, prefix=prefix) == (0, 0)
    finally:
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)
        client.close()
