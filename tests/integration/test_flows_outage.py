"""/servermati: a super admin declares that the system was down; the admins then enter that
period's attendance with /manual ... server_mati, outside the monthly quota.

Perwal Sungai Penuh 12/2023 Pasal 6 ayat (4): "Dalam hal absensi online tidak dapat digunakan
... absensi dilakukan secara manual"; Perbup Konawe Kepulauan 18/2023 Pasal 9 ayat (1) huruf c.
"""

from __future__ import annotations

import pytest

from core.storage.tables import EmployeeRow, OutageRow
from tests.flows_harness import ADMIN, ENGINES, HEAD, STAFF, build, engine_for, rows, texts

USAGE = "/servermati tanggal JJ:MM-JJ:MM semua|unit,unit alasan"


@pytest.fixture(params=ENGINES)
async def h(request, tmp_path):
    harness = build(tmp_path, engine=engine_for(request))
    await harness.link("501", STAFF)
    await harness.link("600", ADMIN)
    await harness.link("700", HEAD)
    with harness.uow() as uow:
        head = uow.session.query(EmployeeRow).filter_by(identifier=HEAD).one()
        head.roles = "manager,super_admin"  # the head of setda is the organisation's super admin
        uow.commit()
    harness.at(10, 0)
    return harness


async def send(h, command: str, *args: str, sender: str):
    text = " ".join([f"/{command}", *args])
    return await h.send(sender, command=command, text=text, args=args)


def outages(h) -> list[OutageRow]:
    with h.uow() as uow:
        return list(uow.session.query(OutageRow))


async def test_a_declared_outage_lets_the_admin_enter_its_attendance(h):
    refused = await send(h, "manual", STAFF, "masuk", "07:20", "server_mati", sender="600")
    assert texts(refused).startswith("Tidak dicatat: tidak ada gangguan server yang dinyatakan")

    done = await send(h, "servermati", "24-11-2026", "07:00-09:30", "semua", "listrik", "padam",
                      sender="700")  # fmt: skip
    assert texts(done).startswith(
        "Gangguan server 24-11-2026 07:00-09:30 (semua unit) tercatat. Admin unit mencatat"
    )
    recorded = await send(h, "manual", STAFF, "masuk", "07:20", "server_mati", sender="600")
    assert "dicatat manual: tepat waktu" in texts(recorded)
    [row] = rows(h)
    assert row.evidence["outage"] == outages(h)[0].id


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("24-11-2026", "07:00-09:30"), f"Cara pakai: {USAGE}"),
        (("31-02-2026", "07:00-09:30", "semua", "x"), 'Tanggal "31-02-2026" tidak dapat'),
        (("24-11-2026", "7-9", "semua", "x"), 'Rentang jam "7-9" tidak dapat dibaca'),
        (("24-11-2026", "09:30-07:00", "semua", "x"), "Jam selesai harus sesudah jam mulai"),
        (("24-11-2026", "10:30-11:00", "semua", "x"), "dinyatakan setelah dimulai"),
        (("24-11-2026", "07:00-09:30", "entah", "x"), 'Unit "entah" tidak dikenal'),
    ],
)
async def test_bad_declarations_are_answered_and_change_nothing(h, args, expected):
    answer = await send(h, "servermati", *args, sender="700")
    assert expected in texts(answer), texts(answer)
    assert outages(h) == []


async def test_a_unit_admin_may_not_declare_one(h):
    answer = await send(h, "servermati", "24-11-2026", "07:00-09:30", "semua", "x", sender="600")
    assert "berwenang" in texts(answer) or "super admin" in texts(answer)
    assert outages(h) == []
