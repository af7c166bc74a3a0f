"""A check-in on an approved local duty (dinas dalam), through the chat flow on real storage.

E-Office Musi Banyuasin Pasal 1 angka 10: "dinas dalam adalah kegiatan kerja yang dilakukan
diluar kantor maksimal radius 7 (tujuh) kilometer dari kantor berdasarkan surat
tugas/undangan/disposisi pimpinan". The harness's organisation (Sungai Penuh) is given that
duty radius as a unit policy key, as an organisation file may set it.
"""

from __future__ import annotations

import pytest
from pyproj import Geod

from core.absence import Evidence
from core.services.absences import AbsenceRequest, decide, request_absence
from tests.flows_harness import (
    ADMIN,
    ENGINES,
    OFFICE,
    ORG,
    STAFF,
    TUESDAY,
    build,
    engine_for,
    rows,
    texts,
)
from tests.integration.test_flows_checkin import set_unit_policy


def east(metres: float) -> tuple[float, float]:
    lon, lat, _ = Geod(ellps="WGS84").fwd(OFFICE[1], OFFICE[0], 90, metres)
    return lat, lon


@pytest.fixture(params=ENGINES)
async def h(request, tmp_path):
    harness = build(tmp_path, engine=engine_for(request))
    await harness.link("501", STAFF)
    set_unit_policy(harness, {"duty_radius_m": 7000})
    return harness


def approve_dinas_dalam(h, status: str = "approved") -> None:
    """STAFF's T/dinas dalam for the Tuesday, with its assignment letter, decided by ADMIN."""
    with h.uow() as uow:
        org = uow.organisation(ORG)
        staff = uow.employee_by_identifier(org.id, STAFF)
        admin = uow.employee_by_identifier(org.id, ADMIN)
        evidence = [{"kind": Evidence.ASSIGNMENT.value, "media": "surat-tugas.pdf"}]
        request = AbsenceRequest(staff.id, "T", "dinas_dalam", TUESDAY, TUESDAY,
                                 "rapat di kantor camat", evidence)  # fmt: skip
        absence = request_absence(uow, request)
        if status == "approved":
            decide(uow, absence.id, admin.id, approve=True)
        uow.commit()


async def check_in_at(h, lat: float, lon: float):
    await h.send("501", command="masuk", text="/masuk")
    located = await h.send("501", location=h.live_location(lat, lon))
    if "swafoto" not in texts(located).lower():
        return located
    return await h.send("501", photo=h.photo(f"face:{STAFF}|duty".encode()))


async def test_an_approved_dinas_dalam_accepts_a_check_in_1_9_km_from_the_office(h):
    approve_dinas_dalam(h)
    done = await check_in_at(h, *east(1900))
    assert "Masuk tercatat 07:20" in texts(done)
    assert "Dinas dalam yang disetujui: 1,9 km dari kantor." in texts(done)
    [record] = rows(h)
    assert record.accepted and record.outcome == "on_time"


async def test_the_same_check_in_without_an_approved_duty_is_refused(h):
    approve_dinas_dalam(h, status="pending")  # filed, not yet approved: no wider fence
    done = await check_in_at(h, *east(1900))
    assert "Ditolak: Anda 1870 m di luar area Kantor Walikota Sungai Penuh." in texts(done)
    assert all(not r.accepted for r in rows(h))


async def test_on_duty_8_km_away_is_refused_beyond_the_7_km_radius(h):
    approve_dinas_dalam(h)
    done = await check_in_at(h, *east(8000))
    assert "Ditolak: Anda 8 km dari kantor, di luar radius dinas dalam 7 km." in texts(done)
    assert all(not r.accepted for r in rows(h))
