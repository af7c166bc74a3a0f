"""Every storage path the chat flows use, on PostgreSQL and a real Redis server.

The flow tests in tests/unit run on SQLite, whose loose typing once hid that a face could not
be enrolled on PostgreSQL. This walk covers what the chat writes and reads there: linking
accounts, clock-ins with their track and refusals, face enrollment and matching, leave with
evidence and its decision, the admin commands, the summaries, the scheduled notices, and the
audit chain over all of it.
"""

from __future__ import annotations

import uuid
from dataclasses import replace

import pytest
from redis.asyncio import Redis

from core.flows.push import PushConfig, due_notices
from core.storage import audit
from tests.flows_harness import ADMIN, HEAD, STAFF, build, texts

pytestmark = [pytest.mark.postgres, pytest.mark.redis]


@pytest.fixture
async def h(tmp_path, pg_engine, redis_url):
    """The example organisation on PostgreSQL; chat ids and Redis keys unique to this run."""
    run = uuid.uuid4().hex[:8]
    redis = Redis.from_url(redis_url)
    harness = build(tmp_path, engine=pg_engine, redis=redis, prefix=f"presensi-test-{run}")
    harness.senders = {who: f"{run_number(run)}{n}" for n, who in enumerate((STAFF, ADMIN, HEAD))}
    harness.keys = iter(f"{run}:{n}" for n in range(1, 10_000))
    for who, sender in harness.senders.items():
        await harness.link(sender, who)
    yield harness
    async for key in redis.scan_iter(f"presensi-test-{run}:*"):
        await redis.delete(key)
    await redis.aclose()


def run_number(run: str) -> str:
    return str(int(run, 16))


def records(h) -> list[tuple[str, str, bool]]:
    with h.uow() as uow:
        staff = uow.employee_by_identifier(uow.organisation("pemkot-sungai-penuh").id, STAFF)
        rows = uow.attendance([staff.id], h.clock.now().date(), h.clock.now().date())
        return [(r.direction, r.outcome, r.accepted) for r in rows]


async def enroll_staff_face(h) -> None:
    staff, admin = h.senders[STAFF], h.senders[ADMIN]
    await h.send(staff, command="wajah")
    await h.send(staff, photo=h.photo(f"face:{STAFF}|enrol".encode()))
    asked = await h.send(staff, button="fe:done")
    assert "terkirim ke admin" in texts(asked)
    approve = asked.notices[0][1].buttons[0][0].data
    assert (await h.send(admin, button=approve)).toast == "Tercatat: disetujui."


async def test_a_face_enrols_and_then_decides_the_clock_in(h):
    await enroll_staff_face(h)
    staff = h.senders[STAFF]
    await h.send(staff, command="masuk")
    await h.send(staff, location=h.live_location())
    refused = await h.send(staff, photo=h.photo(b"face:someone-else"))
    assert "wajah tidak cocok dengan wajah yang terdaftar" in texts(refused)
    h.at(7, 25)
    matched = await h.clock_in(staff, STAFF)
    assert "tepat waktu" in texts(matched) and "belum terdaftar" not in texts(matched)
    assert records(h) == [("in", "face_rejected", False), ("in", "on_time", True)]


async def test_a_clock_in_with_its_track_a_refusal_and_a_clock_out(h):
    staff = h.senders[STAFF]
    await h.send(staff, command="masuk")
    far = await h.send(staff, location=h.live_location(lat=-2.07, lon=101.40))
    assert "di luar area" in texts(far)
    h.at(7, 40)
    await h.send(staff, command="masuk")
    await h.send(staff, location=h.live_location())
    moved = replace(h.live_location(accuracy=9), edited=True)  # the live location moves
    assert (await h.send(staff, location=moved)).replies == []
    late = await h.send(staff, photo=h.photo(f"face:{STAFF}|in".encode()))
    assert "terlambat 10 menit" in texts(late)
    h.at(16, 5)
    out = await h.clock_in(staff, STAFF, "pulang")
    assert "pulang" in texts(out).lower()
    with h.uow() as uow:
        staff_id = uow.employee_by_identifier(1, STAFF).id
        late_row = uow.attendance([staff_id], h.clock.now().date(), h.clock.now().date())[1]
    assert late_row.evidence["track_points"] == 1
    assert [r[:2] for r in records(h)] == [
        ("in", "outside_area"),
        ("in", "late"),
        ("out", "on_time"),
    ]


async def test_a_sick_note_is_filed_approved_and_counted(h):
    staff, admin, head = h.senders[STAFF], h.senders[ADMIN], h.senders[HEAD]
    await h.send(staff, command="izin")
    await h.send(staff, button="lt:S")
    await h.send(staff, text="24-11-2026")
    await h.send(staff, text="Demam tinggi")
    sent = await h.send(staff, document=h.document(b"%PDF-1.4 surat dokter"))
    approve = sent.notices[0][1].buttons[0][0].data
    assert (await h.send(admin, button=approve)).toast == "Tercatat: disetujui."
    h.at(20, 0)
    assert "(S)" in texts(await h.send(head, command="rekap"))
    assert "status: S" in texts(await h.send(staff, command="status"))
    monthly = await h.send(head, command="rekapbulan", args=("2026-11",))
    assert [r.document.name for r in monthly.replies] == ["rekap-2026-11.xlsx", "rekap-2026-11.pdf"]


async def test_a_rejected_request_records_the_reason(h):
    staff, admin = h.senders[STAFF], h.senders[ADMIN]
    await h.send(staff, command="izin")
    await h.send(staff, button="lt:S")
    await h.send(staff, text="24-11-2026")
    await h.send(staff, text="Demam")
    sent = await h.send(staff, document=h.document(b"%PDF-1.4 surat dokter"))
    await h.send(admin, button=sent.notices[0][1].buttons[0][1].data)
    done = await h.send(admin, text="Surat tidak terbaca")
    assert "DITOLAK" in done.notices[0][1].text


async def test_the_admin_commands_change_accounts(h):
    staff, admin = h.senders[STAFF], h.senders[ADMIN]
    assert "diblokir" in texts(await h.send(admin, command="blokir", args=(STAFF,)))
    assert "diblokir" in texts(await h.send(staff, command="masuk"))
    await h.send(admin, command="buka", args=(STAFF,))
    assert "lokasi" in texts(await h.send(staff, command="masuk")).lower()
    assert "dilepas" in texts(await h.send(admin, command="reset", args=(STAFF,)))
    code = texts(await h.send(admin, command="kode", args=(STAFF,)))
    assert STAFF[-4:] in code or "kode" in code.lower()


def notices(h, reminders: bool) -> list:
    with h.uow() as uow:
        due = due_notices(uow, h.clock.now(), PushConfig(summary_at=9 * 60, remind_before=15))
    return [n for n in due if n.key.startswith("remind:") == reminders]


async def test_the_scheduled_notices_and_the_audit_chain(h):
    h.at(7, 16)
    assert "sebelum pukul 07:30" in notices(h, reminders=True)[0].reply.text
    await h.clock_in(h.senders[STAFF], STAFF)
    h.at(9, 0)
    assert any("Rekap Sekretariat Daerah" in n.reply.text for n in notices(h, reminders=False))
    with h.uow() as uow:
        count, problems = audit.verify(uow.session)
    assert count > 0 and problems == []
