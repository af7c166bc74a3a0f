"""/batal on a request waiting for its approver: listed with a button each or named by number,
cancelled (audited), the approver's message replaced; what cannot be cancelled is refused
and changes nothing. On SQLite and PostgreSQL."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from core.services.absences import AbsenceRefused, decide
from core.services.cancel_request import AlreadyDecided, cancel_request
from core.storage import audit
from core.storage.tables import AbsenceRow, AuditRow
from tests.flows_harness import ADMIN, ENGINES, HEAD, ORG, STAFF, build, engine_for, texts
from tests.integration.test_flows_leave import file_sick_note

RINA = "Rina Marlina S.Sos"


@pytest.fixture(params=ENGINES)
async def h(request, tmp_path):
    harness = build(tmp_path, engine=engine_for(request))
    await harness.link("501", STAFF)
    await harness.link("600", ADMIN)
    await harness.link("700", HEAD)
    return harness


def ids(h) -> dict[str, int]:
    with h.uow() as uow:
        org = uow.organisation(ORG).id
        return {who: uow.employee_by_identifier(org, who).id for who in (STAFF, ADMIN, HEAD)}


def statuses(h) -> dict[int, str]:
    with h.uow() as uow:
        return {r.id: r.status for r in uow.session.scalars(select(AbsenceRow))}


async def filed(h, dates: str = "24-11-2026") -> tuple[int, object]:
    """A sick note filed by the staff member: its id and the approver's notice."""
    sent = await file_sick_note(h, dates)
    notice = sent.notices[0][1]
    return int(notice.buttons[0][0].data.split(":")[1]), notice


async def test_batal_lists_the_pending_requests_and_a_tap_cancels_one(h):
    first, request = await filed(h)
    second, _ = await filed(h, "26-11-2026")
    assert request.tag == f"absence:{first}"  # the approver's message can be replaced later
    listed = await h.send(command="batal", text="/batal")
    [reply] = listed.replies
    assert reply.text == (
        "Pengajuan Anda yang menunggu keputusan. Ketuk salah satu untuk membatalkannya:\n"
        f"#{first} Sakit, 24-11-2026 (menunggu {RINA})\n"
        f"#{second} Sakit, 26-11-2026 (menunggu {RINA})"
    )
    assert [[(b.label, b.data) for b in row] for row in reply.buttons] == [
        [(f"Batalkan #{first}", f"cx:{first}")],
        [(f"Batalkan #{second}", f"cx:{second}")],
    ]

    done = await h.send(button=f"cx:{first}")
    assert texts(done) == (
        f"Pengajuan #{first} (Sakit, 24-11-2026) dibatalkan. {RINA} sudah diberi tahu."
    )
    [(approver, note)] = done.notices
    assert approver == ids(h)[ADMIN] and note.replaces == f"absence:{first}"
    assert note.text == (
        "🚫 DIBATALKAN oleh pegawai: pengajuan Sakit dari Dewi Lestari A.Md (Sekretariat Daerah "
        "Kota Sungai Penuh) untuk 24-11-2026. Tidak perlu diputuskan lagi."
    )
    assert note.buttons == ()
    assert statuses(h) == {first: "cancelled", second: "pending"}
    with h.uow() as uow:
        entry = uow.session.scalars(select(AuditRow).order_by(AuditRow.seq.desc())).first()
        assert (entry.action, entry.entity, entry.entity_id) == (
            "absence.cancelled",
            "absences",
            str(first),
        )
        assert entry.actor == f"employee:{ids(h)[STAFF]}"
        assert audit.verify(uow.session)[1] == []


async def test_approving_or_rejecting_a_cancelled_request_changes_nothing(h):
    number, request = await filed(h)
    approve, reject = (b.data for b in request.buttons[0])
    await h.send(command="batal", text=f"/batal {number}", args=(str(number),))
    approved = await h.send("600", button=approve)
    assert approved.toast == "Pengajuan ini sudah dibatalkan." and approved.notices == []
    rejected = await h.send("600", button=reject)
    assert texts(rejected) == "Pengajuan ini sudah dibatalkan."
    assert statuses(h) == {number: "cancelled"}


async def test_a_rejection_being_written_meets_the_cancellation(h):
    number, request = await filed(h)
    assert "alasan penolakan" in texts(await h.send("600", button=request.buttons[0][1].data))
    await h.send(command="batal", text=f"/batal {number}", args=(str(number),))
    late = await h.send("600", text="Surat tidak terbaca")
    assert texts(late) == "Pengajuan ini sudah dibatalkan." and late.notices == []
    assert statuses(h) == {number: "cancelled"}


@pytest.mark.parametrize("decision", ["approve", "reject"])
async def test_a_decided_request_cannot_be_cancelled(h, decision):
    number, request = await filed(h)
    if decision == "approve":
        await h.send("600", button=request.buttons[0][0].data)
        status = "disetujui"
    else:
        await h.send("600", button=request.buttons[0][1].data)
        await h.send("600", text="Surat tidak terbaca")
        status = "ditolak"
    before = statuses(h)
    refused = await h.send(command="batal", text=f"/batal {number}", args=(str(number),))
    assert texts(refused) == (
        f"Pengajuan #{number} (Sakit, 24-11-2026) sudah {status}, jadi tidak bisa dibatalkan. "
        "Hubungi admin unit Anda bila perlu diubah."
    )
    assert refused.notices == [] and statuses(h) == before
    listed = await h.send(command="batal", text="/batal")  # nothing left to cancel
    assert texts(listed).startswith("Tidak ada pengajuan Anda yang menunggu keputusan")


async def test_twice_someone_elses_and_unknown_numbers(h):
    number, _ = await filed(h)
    by_head = await h.send("700", command="batal", text=f"/batal {number}", args=(str(number),))
    assert texts(by_head) == (
        f"Tidak ada pengajuan Anda bernomor {number}. Ketik /batal untuk melihat pengajuan yang "
        "masih bisa dibatalkan."
    )
    assert statuses(h) == {number: "pending"}
    await h.send(button=f"cx:{number}")
    h.at(7, 21)  # a second tap, a minute later (the same instant would be a replay of the first)
    again = await h.send(button=f"cx:{number}")
    assert texts(again) == f"Pengajuan #{number} (Sakit, 24-11-2026) sudah dibatalkan sebelumnya."
    assert again.notices == []
    unknown = await h.send(command="batal", text="/batal 999999", args=("999999",))
    assert "Tidak ada pengajuan Anda bernomor 999999" in texts(unknown)
    for args in (("abc",), ("1", "2"), ("-3",)):
        bad = await h.send(command="batal", text="/batal " + " ".join(args), args=args)
        assert texts(bad).startswith("Tulis nomor pengajuan, misalnya /batal 12")
    assert texts(await h.send(button="cx:abc")).startswith("Tulis nomor pengajuan")
    assert statuses(h) == {number: "cancelled"}


async def test_batal_during_a_step_drops_the_step_and_leaves_requests_alone(h):
    number, _ = await filed(h)
    await h.send(command="izin", text="/izin")
    dropped = await h.send(command="batal", text="/batal")
    assert texts(dropped) == "Dibatalkan. Pilih Masuk atau Pulang."
    assert statuses(h) == {number: "pending"}
    listed = await h.send(command="batal", text="/batal")  # no step now: the list
    assert f"#{number} Sakit, 24-11-2026" in texts(listed)


async def test_nothing_pending_and_the_days_free_again_after_cancelling(h):
    empty = await h.send(command="batal", text="/batal")
    assert texts(empty) == (
        "Tidak ada pengajuan Anda yang menunggu keputusan, jadi tidak ada yang dibatalkan."
    )
    assert empty.replies[0].keyboard  # the menu is back
    number, _ = await filed(h)
    await h.send(button=f"cx:{number}")
    refiled = await file_sick_note(h)  # the same day may be requested again
    assert "terkirim ke" in texts(refiled)


async def test_the_same_cancellation_replayed_is_answered_as_the_first(h):
    """A crash after the commit and before the answer was kept: the replay of the same message
    (same employee, same instant) finds its own cancellation; a later one is refused."""
    number, _ = await filed(h)
    staff, at = ids(h)[STAFF], h.clock.now()
    for _ in range(2):
        with h.uow() as uow:
            assert cancel_request(uow, number, staff, at).status == "cancelled"
            uow.commit()
    with h.uow() as uow, pytest.raises(AlreadyDecided):
        cancel_request(uow, number, staff, h.clock.now().replace(microsecond=1))


@pytest.mark.postgres
async def test_an_approval_waiting_on_a_cancellation_sees_it(tmp_path, pg_engine):
    """The approver taps Approve while the employee's cancellation is being written: the
    decision waits for the row and then finds it cancelled."""
    h = build(tmp_path, engine=pg_engine)
    await h.link("501", STAFF)
    await h.link("600", ADMIN)
    first, _ = await filed(h)
    staff, admin = ids(h)[STAFF], ids(h)[ADMIN]
    with h.uow() as cancelling:
        cancel_request(cancelling, first, staff, h.clock.now())  # holds the row
        with ThreadPoolExecutor(1) as pool:
            approving = pool.submit(decide_in_new_transaction, h, first, admin)
            time.sleep(0.3)
            assert not approving.done()  # waiting for the row, not deciding on a stale read
            cancelling.commit()
            with pytest.raises(AbsenceRefused, match="already cancelled"):
                approving.result(timeout=10)
    assert statuses(h) == {first: "cancelled"}


def decide_in_new_transaction(h, absence_id: int, admin_id: int) -> None:
    with h.uow() as uow:
        decide(uow, absence_id, admin_id, approve=True)
        uow.commit()


async def test_batal_lists_and_cancels_a_missed_record_request_too(h):
    """A /lupaabsen request waiting for its approver is withdrawn like an absence: numbered
    with the "L" of /antrian, its approver's message (tagged) replaced."""
    from core.storage.tables import AttendanceRequestRow
    from tests.integration.test_flows_missed import filed as missed_filed

    number, _ = await filed(h, "25-11-2026")
    h.at(9, 0)
    sent = await missed_filed(h)
    [(_, request)] = sent.notices
    with h.uow() as uow:
        [missed] = uow.session.scalars(select(AttendanceRequestRow)).all()
    assert request.tag == f"missed:{missed.id}"  # the approver's message can be replaced later

    listed = await h.send(command="batal", text="/batal")
    assert texts(listed) == (
        "Pengajuan Anda yang menunggu keputusan. Ketuk salah satu untuk membatalkannya:\n"
        f"#L{missed.id} Lupa absen masuk, 24-11-2026 07:45 (menunggu {RINA})\n"
        f"#{number} Sakit, 25-11-2026 (menunggu {RINA})"
    )
    assert [[(b.label, b.data) for b in row] for row in listed.replies[0].buttons] == [
        [(f"Batalkan #L{missed.id}", f"cx:L{missed.id}")],
        [(f"Batalkan #{number}", f"cx:{number}")],
    ]

    done = await h.send(button=f"cx:L{missed.id}")
    assert texts(done) == (
        f"Pengajuan #L{missed.id} (Lupa absen masuk, 24-11-2026 07:45) dibatalkan. "
        f"{RINA} sudah diberi tahu."
    )
    [(approver, note)] = done.notices
    assert approver == ids(h)[ADMIN] and note.replaces == f"missed:{missed.id}"
    assert note.text.startswith("🚫 DIBATALKAN oleh pegawai: pengajuan Lupa absen masuk dari ")
    assert statuses(h) == {number: "pending"}  # the absence numbered alike is untouched
    with h.uow() as uow:
        row = uow.session.get(AttendanceRequestRow, missed.id)
        assert (row.status, row.decided_by) == ("cancelled", ids(h)[STAFF])
        entry = uow.session.scalars(select(AuditRow).order_by(AuditRow.seq.desc())).first()
        assert entry.action == "attendance_request.cancelled"
        assert audit.verify(uow.session)[1] == []

    late = await h.send("600", button=f"ap:lm:{missed.id}")
    assert late.toast == "Pengajuan ini sudah dibatalkan." and late.notices == []
    h.at(9, 1)  # a minute later (the same instant would be a replay of the first)
    again = await h.send(command="batal", text=f"/batal l{missed.id}", args=(f"l{missed.id}",))
    assert texts(again) == (
        f"Pengajuan #L{missed.id} (Lupa absen masuk, 24-11-2026 07:45) sudah dibatalkan sebelumnya."
    )
    unknown = await h.send(command="batal", text="/batal L999", args=("L999",))
    assert "Tidak ada pengajuan Anda bernomor L999" in texts(unknown)
    assert texts(await h.send(button="cx:Lx")).startswith("Tulis nomor pengajuan")


async def test_batal_of_an_escalated_request_replaces_it_for_everyone_who_holds_it(h):
    from datetime import timedelta

    from tests.flows_harness import TUESDAY
    from tests.integration.test_push_approval import make_super_admin

    make_super_admin(h)  # the head, who gets the request once it is escalated
    h.at(7, 20)
    request_id, _ = await filed(h)
    h.at(15, 0, TUESDAY + timedelta(days=1))  # escalated on Wednesday at 15:00
    done = await h.send(command="batal", text=f"/batal {request_id}", args=(str(request_id),))
    assert texts(done) == (
        f"Pengajuan #{request_id} (Sakit, 24-11-2026) dibatalkan. "
        f"{RINA}, Drs. Hendra Saputra sudah diberi tahu."
    )
    people = ids(h)
    assert [(to, note.replaces) for to, note in done.notices] == [
        (people[ADMIN], f"absence:{request_id}"),
        (people[HEAD], f"absence:{request_id}"),
    ]
    assert all("DIBATALKAN oleh pegawai" in note.text for _, note in done.notices)
