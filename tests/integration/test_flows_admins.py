"""/admin: a super admin lists, adds and removes the admins of a unit in chat.

Keputusan Kadinkes Musi Banyuasin B-800/18/KPTS-KES/2023 Pasal 3 ayat (2) huruf a: "Super
Admin bertugas : a. Menambahkan, mengedit dan menghapus User Admin Puskesmas". The harness's
head of setda is made the organisation's super admin; setda has two admins (Rina, Ahmad), the
Puskesmas one (Siti).
"""

from __future__ import annotations

from datetime import date

import pytest

from core.storage.tables import AbsenceRow, AuditRow, EmployeeRow
from tests.flows_harness import ADMIN, ENGINES, HEAD, STAFF, build, engine_for, texts

AHMAD = "199005172015031001"  # setda's second admin
SITI = "198512202010012011"  # the Puskesmas' only admin
NURSE = "199203152023212003"  # Puskesmas staff
NOBODY = "199001012015031009"  # a well-formed NIP nobody has
USAGE = "/admin daftar [UNIT] | /admin tambah NIP UNIT | /admin hapus NIP UNIT"
ONLY_SUPER = (
    "Hanya super admin yang dapat mengubah admin unit (Keputusan Kadinkes Musi Banyuasin "
    "B-800/18/KPTS-KES/2023 Pasal 3 ayat (2) huruf a)."
)


@pytest.fixture(params=ENGINES)
async def h(request, tmp_path):
    harness = build(tmp_path, engine=engine_for(request))
    for sender, who in (("501", STAFF), ("600", ADMIN), ("601", AHMAD), ("700", HEAD)):
        await harness.link(sender, who)
    with harness.uow() as uow:
        head = uow.session.query(EmployeeRow).filter_by(identifier=HEAD).one()
        head.roles = "employee,manager,super_admin"
        uow.commit()
    harness.at(10, 0)
    return harness


async def send(h, *args: str, sender: str = "700", command: str = "admin"):
    return await h.send(sender, command=command, text=" ".join([f"/{command}", *args]), args=args)


def person(h, identifier: str) -> EmployeeRow:
    with h.uow() as uow:
        return uow.session.query(EmployeeRow).filter_by(identifier=identifier).one()


def audit(h) -> list[tuple[str, str]]:
    with h.uow() as uow:
        return [(a.actor, a.action) for a in uow.session.query(AuditRow).order_by(AuditRow.seq)]


async def test_the_super_admin_lists_every_units_admins_and_one_units(h):
    every = texts(await send(h, "daftar"))
    assert every.startswith("Admin unit:\n")
    assert (
        "setda - Sekretariat Daerah Kota Sungai Penuh: Ahmad Fauzi S.Kom (199005172015031001), "
        "Rina Marlina S.Sos (198203252008012004)"
    ) in every
    assert "bkpsdm - Badan Kepegawaian dan Pengembangan Sumber Daya Manusia: belum ada admin" in (
        every
    )
    one = texts(await send(h, "daftar", "pkm-sungai-penuh"))
    assert one == (
        "Admin unit:\npkm-sungai-penuh - UPTD Puskesmas Sungai Penuh: Siti Aminah S.Kep "
        "(198512202010012011)"
    )


async def test_an_added_admin_is_told_gets_the_admin_menu_and_may_act_at_once(h):
    before = await send(h, HEAD, sender="501", command="kode")
    assert texts(before) == "Anda tidak berwenang untuk tindakan ini."

    answer = await send(h, "tambah", STAFF, "setda")

    assert texts(answer) == (
        "Dewi Lestari A.Md sekarang admin unit setda (Sekretariat Daerah Kota Sungai Penuh). "
        "Perubahan dicatat atas nama Anda."
    )
    [(who, notice)] = answer.notices
    assert who == person(h, STAFF).id
    assert notice.text == (
        "Anda ditetapkan sebagai admin unit Sekretariat Daerah Kota Sungai Penuh oleh Drs. "
        "Hendra Saputra. Lihat perintah admin dengan /bantuan."
    )
    assert "kode" in [name for name, _ in notice.commands]
    assert "admin" not in [name for name, _ in notice.commands]  # super admins only
    assert person(h, STAFF).roles == "admin,employee"
    assert audit(h)[-1] == (f"employee:{person(h, HEAD).id}", "employee.admin_add")
    after = await send(h, HEAD, sender="501", command="kode")
    assert texts(after).startswith("Kode aktivasi untuk Drs. Hendra Saputra: ")


async def test_a_removed_admin_loses_admin_commands_with_the_next_message(h):
    allowed = await send(h, STAFF, sender="600", command="kode")
    assert texts(allowed).startswith("Kode aktivasi untuk Dewi Lestari A.Md: ")

    answer = await send(h, "hapus", ADMIN, "setda")

    assert texts(answer) == (
        "Rina Marlina S.Sos bukan lagi admin unit setda (Sekretariat Daerah Kota Sungai Penuh); "
        "perintah admin langsung tertutup baginya. Perubahan dicatat atas nama Anda."
    )
    [(who, notice)] = answer.notices
    assert who == person(h, ADMIN).id
    assert notice.text == (
        "Anda bukan lagi admin unit Sekretariat Daerah Kota Sungai Penuh (diubah oleh Drs. "
        "Hendra Saputra)."
    )
    assert "kode" not in [name for name, _ in notice.commands]
    assert audit(h)[-1] == (f"employee:{person(h, HEAD).id}", "employee.admin_remove")
    refused = await send(h, STAFF, sender="600", command="kode")
    assert texts(refused) == "Anda tidak berwenang untuk tindakan ini."
    helped = await send(h, sender="600", command="bantuan")
    assert "/kode" not in texts(helped)


async def test_a_removed_admins_pending_request_goes_to_the_other_admin_to_decide(h):
    with h.uow() as uow:
        dewi = uow.session.query(EmployeeRow).filter_by(identifier=STAFF).one()
        rina = uow.session.query(EmployeeRow).filter_by(identifier=ADMIN).one()
        dewi.supervisor_id = uow.session.query(EmployeeRow).filter_by(identifier=HEAD).one().id
        request = AbsenceRow(employee_id=dewi.id, code="S", first_day=date(2026, 11, 25),
                             last_day=date(2026, 11, 25), reason="demam", status="pending",
                             approver_id=rina.id)  # fmt: skip
        uow.add(request, "self", "absence.request")
        uow.commit()
        absence_id = request.id

    answer = await send(h, "hapus", ADMIN, "setda")

    assert "1 pengajuan yang menunggu keputusannya dialihkan" in texts(answer)
    ahmad = person(h, AHMAD).id
    [handed] = [notice for who, notice in answer.notices if who == ahmad]
    assert handed.text == (
        "Pengajuan Sakit Dewi Lestari A.Md, 25-11-2026, kini menunggu keputusan Anda (Rina "
        "Marlina S.Sos bukan lagi admin unit). Alasan: demam"
    )
    assert [b.data for row in handed.buttons for b in row] == [
        f"ap:{absence_id}",
        f"rj:{absence_id}",
    ]
    old_button = await h.send("600", button=f"ap:{absence_id}")
    assert texts(old_button) == "Anda tidak berwenang untuk tindakan ini."
    new_button = await h.send("601", button=f"ap:{absence_id}")
    assert texts(new_button) == "Tercatat: disetujui."


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((), f"Cara pakai: {USAGE}"),
        (("tambah", STAFF), f"Cara pakai: {USAGE}"),
        (("tambah", "123", "setda"), f"Cara pakai: {USAGE}"),
        (("pecat", STAFF, "setda"), f"Cara pakai: {USAGE}"),
        (("tambah", NOBODY, "setda"), f"NIP/NIK {NOBODY} tidak terdaftar di organisasi ini."),
        (("tambah", STAFF, "entah"), 'Unit "entah" tidak dikenal'),
        (("daftar", "entah"), 'Unit "entah" tidak dikenal'),
        (("tambah", ADMIN, "setda"), "Rina Marlina S.Sos sudah menjadi admin unit setda"),
        (("hapus", STAFF, "setda"), "Dewi Lestari A.Md bukan admin unit setda"),
        (("tambah", NURSE, "setda"), "bertugas di unit pkm-sungai-penuh, bukan setda"),
        (("tambah", HEAD, "setda"), "Anda tidak dapat mengubah peran Anda sendiri"),
        (("hapus", SITI, "pkm-sungai-penuh"), "Ditolak: Siti Aminah S.Kep adalah admin terakhir"),
    ],
)
async def test_bad_admin_commands_are_answered_and_change_nothing(h, args, expected):
    before = audit(h)
    answer = await send(h, *args)
    assert expected in texts(answer), texts(answer)
    assert answer.notices == []
    assert audit(h) == before


@pytest.mark.parametrize("sender", ["600", "501"])  # a unit admin, an employee
async def test_only_a_super_admin_may_use_admin(h, sender):
    before = audit(h)
    for args in (("daftar",), ("tambah", STAFF, "setda"), ("hapus", ADMIN, "setda")):
        assert texts(await send(h, *args, sender=sender)) == ONLY_SUPER
    assert audit(h) == before
    assert person(h, STAFF).roles == "employee"
    helped = await send(h, sender=sender, command="bantuan")
    assert "/admin" not in texts(helped)
    assert "/admin" in texts(await send(h, sender="700", command="bantuan"))


async def test_someone_who_left_cannot_become_admin(h):
    from core.services.staff import deactivate

    with h.uow() as uow:
        deactivate(uow, uow.session.query(EmployeeRow).filter_by(identifier=STAFF).one(),
                   date(2026, 11, 1), "pensiun")  # fmt: skip
        uow.commit()
    answer = await send(h, "tambah", STAFF, "setda")
    assert texts(answer) == (
        "Dewi Lestari A.Md tidak lagi bertugas sejak 01-11-2026: tidak dapat menjadi admin."
    )
    assert person(h, STAFF).roles == "employee"


async def test_a_removed_admins_pending_missed_record_goes_to_the_other_admin_too(h):
    """A /lupaabsen request waiting for the removed admin moves like an absence, with its
    buttons (ap:lm:ID) and the tag /batal replaces it under."""
    from datetime import UTC, datetime

    from core.storage.tables import AttendanceRequestRow

    with h.uow() as uow:
        dewi = uow.session.query(EmployeeRow).filter_by(identifier=STAFF).one()
        rina = uow.session.query(EmployeeRow).filter_by(identifier=ADMIN).one()
        request = AttendanceRequestRow(
            employee_id=dewi.id,
            work_date=date(2026, 11, 24),
            direction="in",
            at=datetime(2026, 11, 24, 0, 45, tzinfo=UTC),  # 07:45 WIB
            reason="rapat di ruang kepala",
            evidence=[],
            status="pending",
            approver_id=rina.id,
            created_at=datetime(2026, 11, 24, 2, 0, tzinfo=UTC),
        )
        uow.add(request, "self", "attendance_request.file")
        uow.commit()
        request_id = request.id

    answer = await send(h, "hapus", ADMIN, "setda")

    assert "1 pengajuan yang menunggu keputusannya dialihkan" in texts(answer)
    ahmad = person(h, AHMAD).id
    [handed] = [notice for who, notice in answer.notices if who == ahmad]
    assert handed.text.startswith(
        "Pengajuan ini kini menunggu keputusan Anda (Rina Marlina S.Sos bukan lagi admin unit):\n"
        f"#L{request_id} Dewi Lestari A.Md (Sekretariat Daerah Kota Sungai Penuh): lupa absen "
        "masuk 24-11-2026 pukul 07:45 WIB"
    ), handed.text
    assert [b.data for row in handed.buttons for b in row] == [
        f"ap:lm:{request_id}",
        f"rj:lm:{request_id}",
    ]
    assert handed.tag == f"missed:{request_id}"
    assert ("employee:" + str(person(h, HEAD).id), "attendance_request.reassign") in audit(h)
    with h.uow() as uow:
        assert uow.session.get(AttendanceRequestRow, request_id).approver_id == ahmad
    old_button = await h.send("600", button=f"ap:lm:{request_id}")
    assert texts(old_button) == "Anda tidak berwenang untuk tindakan ini."
