"""Leaving early under an approved izin: the check-out is recorded, linked to the izin, and not
charged. Perwal Sungai Penuh 12/2023 Pasal 12 ayat (4): "Pegawai ASN dan Pegawai Tidak Tetap
yang sakit atau izin sebelum jam kerja berakhir, melakukan absensi online kedua pada saat akan
meninggalkan tugas"."""

from __future__ import annotations

import pytest

from core.absence import Evidence
from core.services.absences import AbsenceRequest, decide, request_absence
from tests.flows_harness import ADMIN, ENGINES, ORG, STAFF, TUESDAY, build, engine_for, rows, texts


@pytest.fixture(params=ENGINES)
async def h(request, tmp_path):
    harness = build(tmp_path, engine=engine_for(request))
    await harness.link("501", STAFF)
    harness.at(7, 20)
    await harness.clock_in("501", STAFF)
    return harness


def permit(h, subtype: str = "pulang_cepat", approve: bool = True) -> None:
    with h.uow() as uow:
        org = uow.organisation(ORG)
        staff = uow.employee_by_identifier(org.id, STAFF)
        admin = uow.employee_by_identifier(org.id, ADMIN)
        evidence = [{"kind": Evidence.PERMIT_LETTER.value, "media": "izin.pdf"}]
        request = AbsenceRequest(staff.id, "I", subtype, TUESDAY, TUESDAY, "anak sakit", evidence)
        absence = request_absence(uow, request)
        if approve:
            decide(uow, absence.id, admin.id, approve=True)
        uow.commit()


async def test_an_approved_izin_pulang_cepat_makes_an_early_check_out_free(h):
    permit(h)
    h.at(14, 0)
    done = await h.clock_in("501", STAFF, direction="pulang")
    text = texts(done)
    assert text.startswith("✅ Pulang tercatat 14:00 WIB, ") and "menit sebelum waktunya" in text
    assert "sesuai izin pulang cepat yang disetujui: tidak dipotong." in text
    assert "TPP" not in text and "Ajukan /izin" not in text
    out = rows(h)[-1]
    assert (out.direction, out.outcome, out.accepted) == ("out", "left_early", True)
    assert out.evidence["excused"] == "pulang_cepat"


async def test_without_an_approved_izin_the_early_check_out_is_charged(h):
    permit(h, approve=False)  # filed, still pending: no excuse yet
    h.at(14, 0)
    done = await h.clock_in("501", STAFF, direction="pulang")
    assert "⚠️ Pulang tercatat 14:00 WIB: pulang" in texts(done)
    assert "Ajukan /izin" in texts(done) and "Potongan TPP 1,5%" in texts(done)
    assert "excused" not in rows(h)[-1].evidence


async def test_an_izin_for_coming_late_does_not_excuse_leaving_early(h):
    permit(h, subtype="terlambat")
    h.at(14, 0)
    done = await h.clock_in("501", STAFF, direction="pulang")
    assert "Ajukan /izin" in texts(done)
