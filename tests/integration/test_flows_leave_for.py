"""/izin NIP: an admin records an absence for an employee of their units, approved at once.

Perwal Sungai Penuh 12/2023 Pasal 12 ayat (5): "Admin absensi online setiap masing-masing
Perangkat Daerah mengisi keterangan dinas/tugas belajar, sakit, izin, cuti ... berdasarkan surat
tugas, surat keterangan sakit, persetujuan izin dan persetujuan cuti ASN yang bersangkutan, yang
dilengkapi dengan bukti yang sah": the same steps and evidence as the employee's own request.
"""

from __future__ import annotations

import pytest

from core.storage.tables import AbsenceRow, AuditRow, EmployeeRow
from tests.flows_harness import ADMIN, ENGINES, HEAD, STAFF, build, engine_for, texts
from tests.integration.test_flows_leave import employee_id

NURSE = "199203152023212003"  # pkm-sungai-penuh: not in the setda admin's units
DEWI = "Dewi Lestari A.Md"


@pytest.fixture(params=ENGINES)
async def h(request, tmp_path):
    harness = build(tmp_path, engine=engine_for(request))
    await harness.link("501", STAFF)
    await harness.link("600", ADMIN)
    await harness.link("700", HEAD)
    return harness


async def izin_for(h, who: str = STAFF, sender: str = "600"):
    return await h.send(sender, command="izin", text=f"/izin {who}", args=(who,))


def absences(h) -> list[AbsenceRow]:
    with h.uow() as uow:
        return list(uow.session.query(AbsenceRow).order_by(AbsenceRow.id))


async def test_an_admin_records_a_sick_note_for_an_employee_with_its_evidence(h):
    asked = await izin_for(h)
    assert texts(asked) == f"Mencatat ketidakhadiran untuk {DEWI}. Pilih jenisnya:"
    await h.send("600", button="lt:S")
    await h.send("600", text="24-11-2026")
    wants = await h.send("600", text="Demam tinggi, surat dari puskesmas")
    assert "surat keterangan dokter" in texts(wants)  # the employee's own evidence rule
    done = await h.send("600", document=h.document(b"%PDF-1.4 surat dokter"))

    assert texts(done).startswith(f"Sakit {DEWI} 24-11-2026 dicatat dan disetujui.")
    [(who, notice)] = done.notices
    assert who == employee_id(h, STAFF)
    assert notice.text == "Rina Marlina S.Sos mencatat Sakit Anda 24-11-2026: disetujui."
    [row] = absences(h)
    assert (row.employee_id, row.code, row.status) == (employee_id(h, STAFF), "S", "approved")
    assert row.decided_by == employee_id(h, ADMIN) and row.evidence[0]["kind"]
    with h.uow() as uow:
        actors = {
            e.action: e.actor for e in uow.session.query(AuditRow).filter_by(entity="absences")
        }
    admin = f"employee:{employee_id(h, ADMIN)}"
    assert actors == {"absence.request": admin, "absence.approved": admin}


async def test_the_recap_of_the_day_counts_it(h):
    await izin_for(h)
    await h.send("600", button="lt:S")
    await h.send("600", text="24-11-2026")
    await h.send("600", text="Demam")
    await h.send("600", document=h.document(b"%PDF-1.4 surat dokter"))
    h.at(20, 0)
    recap = await h.send("700", command="rekap")
    assert f"Sakit/izin/cuti (1): {DEWI} (S)" in texts(recap)


@pytest.mark.parametrize(
    ("who", "sender", "expected"),
    [
        (STAFF, "501", "Anda tidak berwenang"),  # staff may not file for others
        (STAFF, "700", "Anda tidak berwenang"),  # the head is not an admin
        (NURSE, "600", "tidak ada di unit yang Anda kelola"),
        ("199611302022032099", "600", "tidak ada di unit yang Anda kelola"),
        (ADMIN, "600", "tidak ada di unit yang Anda kelola"),  # not for themselves this way
        ("12ab", "600", "Cara pakai: /izin [NIP]"),
    ],
)
async def test_who_may_not_be_named_is_told_and_nothing_starts(h, who, expected, sender):
    answer = await izin_for(h, who, sender)
    assert expected in texts(answer)
    assert "Pilih" not in texts(answer) and absences(h) == []


async def test_the_dates_rule_is_the_employees(h):
    await izin_for(h)
    await h.send("600", button="lt:S")
    answer = await h.send("600", text="01-01-2026")  # far beyond the backdating limit
    assert "Sakit hanya dapat diajukan paling lama 31 hari ke belakang" in texts(answer)
    assert absences(h) == []


# Found by a bad-input probe ----------------------------------------------------------------------


async def test_dates_already_covered_are_refused_at_the_dates_step_in_indonesian(h):
    await h.send("501", command="izin")  # Dewi's own sick note, still pending
    await h.send("501", button="lt:S")
    await h.send("501", text="24-11-2026")
    await h.send("501", text="Demam")
    await h.send("501", document=h.document(b"%PDF-1.4 surat dokter"))
    await izin_for(h)
    await h.send("600", button="lt:S")
    answer = await h.send("600", text="24-11-2026")
    assert texts(answer) == (
        "Tanggal itu sudah tercakup pengajuan Sakit 24-11-2026 (menunggu). Kirim tanggal lain, "
        "atau /batal."
    )
    assert len(absences(h)) == 1


@pytest.mark.parametrize("typed", ["29-02-2026", "00-00-0000", "2026-13-01", "24-11-0001", ""])
async def test_unreadable_dates_are_answered_in_indonesian(h, typed):
    await izin_for(h)
    await h.send("600", button="lt:S")
    answer = await h.send("600", text=typed)
    assert texts(answer).startswith("Tanggal tidak dapat dibaca. Kirim satu tanggal atau rentang")


async def test_a_range_backwards_is_explained(h):
    await izin_for(h)
    await h.send("600", button="lt:S")
    answer = await h.send("600", text="24-11-2026 s/d 23-11-2026")
    assert texts(answer).startswith("Tanggal terakhir mendahului tanggal pertama.")


async def test_a_blocked_employee_is_not_filed_for(h):
    with h.uow() as uow:
        uow.session.query(EmployeeRow).filter_by(identifier=STAFF).update({"blocked": True})
        uow.commit()
    answer = await izin_for(h)
    assert texts(answer) == f"Akun {DEWI} diblokir: buka dulu dengan /buka NIP."


async def test_help_tells_admins_they_may_file_for_their_staff(h):
    admin_help = texts(await h.send("600", command="bantuan", text="/bantuan"))
    staff_help = texts(await h.send("501", command="bantuan", text="/bantuan"))
    assert "/izin NIP - Catat sakit/izin/cuti untuk pegawai unit Anda" in admin_help
    assert "/izin NIP" not in staff_help


async def test_an_employee_who_left_is_not_filed_for(h):
    from datetime import date

    with h.uow() as uow:
        uow.session.query(EmployeeRow).filter_by(identifier=STAFF).update(
            {"left_on": date(2026, 11, 20), "left_reason": "pensiun"}
        )
        uow.commit()
    answer = await izin_for(h)
    assert texts(answer) == f"{DEWI} tidak lagi bertugas sejak 20-11-2026: tidak ada yang dicatat."
    assert absences(h) == []
