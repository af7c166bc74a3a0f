"""/kirimrekap: an admin marks last month's report submitted for their units, which locks the
month outside its revisions window for every path that changes a past day (/koreksi, a
fallback record, the machine import).

Perwal Sungai Penuh 12/2023 Pasal 7 ayat (3) huruf b and d: the unit admin reports the recap at
the start of the next month (the harness's organisation: due Tuesday 1 December 2026).
"""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from sqlalchemy import func, select

from core.fallback import FallbackReason
from core.machine_files import parse_machine_file
from core.rules import Direction
from core.services.fallback import FallbackRefused, FallbackRequest, record_fallback
from core.services.machine_import import ImportOptions, import_punches
from core.services.submissions import submit_month
from core.storage import audit
from core.storage.report_tables import MonthSubmission
from core.storage.tables import AuditRow, EmployeeRow
from tests.flows_harness import (
    ADMIN,
    ENGINES,
    HEAD,
    ORG,
    STAFF,
    build,
    engine_for,
    texts,
)
from tests.integration.test_flows_checkin import set_unit_policy

DECEMBER_2 = date(2026, 12, 2)  # Wednesday: a day after November's report was due
RULE = "Perwal Sungai Penuh 12/2023, Pasal 7 ayat (3) huruf b dan d"


@pytest.fixture(params=ENGINES)
async def h(request, tmp_path):
    harness = build(tmp_path, engine=engine_for(request))
    for sender, who in (("501", STAFF), ("600", ADMIN), ("700", HEAD)):
        await harness.link(sender, who)
    harness.at(7, 50)  # Dewi clocks in late on Tuesday 24 November
    await harness.clock_in("501", STAFF)
    harness.at(10, 0, day=DECEMBER_2)
    return harness


async def send(h, command: str, *args: str, sender: str = "600"):
    text = " ".join([f"/{command}", *args])
    return await h.send(sender, command=command, text=text, args=args)


def submitted(h) -> list[tuple[str, date]]:
    with h.uow() as uow:
        rows = uow.session.scalars(select(MonthSubmission).order_by(MonthSubmission.id))
        return [(uow.unit_by_id(r.unit_id).code, r.month) for r in rows]


def audit_entries(h) -> int:
    with h.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(AuditRow))


async def test_the_admin_submits_last_month_and_it_is_locked(h):
    before = await send(h, "koreksi", STAFF, "24-11-2026", "masuk", "07:25", "antrean")
    assert "dikoreksi dari 07:50 ke 07:25" in texts(before)  # no window: open until submitted

    answer = await send(h, "kirimrekap")

    assert texts(answer) == (
        "✅ Rekap 11-2026 ditandai terkirim (02-12-2026): Sekretariat Daerah Kota Sungai Penuh.\n"
        f"Terlambat 1 hari dari batas 01-12-2026 ({RULE}).\n"
        "Bulan ini kini terkunci: /manual, /koreksi dan impor mesin untuk bulan itu ditolak."
    )
    assert submitted(h) == [("setda", date(2026, 11, 1))]
    after = await send(h, "koreksi", STAFF, "24-11-2026", "masuk", "07:20", "antrean")
    assert texts(after) == (
        f"Ditolak: rekap bulan 11-2026 sudah dikirim pada 02-12-2026; bulan itu terkunci ({RULE})."
    )
    with h.uow() as uow:  # the chain covers the submission
        assert audit.verify(uow.session)[1] == []


async def test_a_fallback_and_a_machine_upload_of_a_submitted_month_are_refused(h):
    await send(h, "kirimrekap", "2026-11")
    with h.uow() as uow:
        org = uow.organisation(ORG)
        admin = uow.employee_by_identifier(org.id, ADMIN)
        dewi = uow.employee_by_identifier(org.id, STAFF)
        at = datetime.combine(date(2026, 11, 25), time(7, 20))
        request = FallbackRequest(dewi, Direction.IN, FallbackReason.NO_SIGNAL, at=at)
        refused = record_fallback(uow, admin, request)
        parsed = parse_machine_file(f"nip,waktu\n{STAFF},2026-11-26 07:20:00\n")
        report = import_punches(uow, org, parsed.punches, parsed.errors, ImportOptions())
    assert refused == FallbackRefused(
        "submitted", {"month": date(2026, 11, 25), "date": DECEMBER_2, "rule": RULE}
    )
    assert (report.new, report.refused) == (0, {"month_submitted": [2]})


async def test_a_running_month_is_not_locked_by_last_months_submission(h):
    await send(h, "kirimrekap")
    h.at(7, 50, day=date(2026, 12, 3))
    await h.clock_in("501", STAFF)
    h.at(10, 0, day=date(2026, 12, 3))
    fixed = await send(h, "koreksi", STAFF, "03-12-2026", "masuk", "07:25", "antrean")
    assert "dikoreksi dari 07:50 ke 07:25" in texts(fixed)


async def test_submitting_twice_changes_nothing_and_says_who_did_it(h):
    await send(h, "kirimrekap", "2026-11")
    entries = audit_entries(h)
    h.at(11, 0, day=date(2026, 12, 3))

    again = await send(h, "kirimrekap", "2026-11")

    assert texts(again) == (
        "Rekap 11-2026 sudah ditandai terkirim pada 02-12-2026 oleh Rina Marlina S.Sos. "
        "Tidak ada yang diubah."
    )
    assert submitted(h) == [("setda", date(2026, 11, 1))] and audit_entries(h) == entries


async def test_a_replayed_delivery_answers_as_the_first_time(h):
    with h.uow() as uow:
        admin = uow.session.query(EmployeeRow).filter_by(identifier=ADMIN).one()
        first = submit_month(uow, admin, 2026, 11, DECEMBER_2, "telegram:77")
        uow.commit()
    with h.uow() as uow:
        admin = uow.session.query(EmployeeRow).filter_by(identifier=ADMIN).one()
        replay = submit_month(uow, admin, 2026, 11, DECEMBER_2, "telegram:77")
        other = submit_month(uow, admin, 2026, 11, DECEMBER_2, "telegram:78")
    assert replay == first and other.key == "already"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("2026-12",), "Bulan 12-2026 belum berakhir: rekapnya dikirim setelah bulan itu selesai."),
        (("2027-01",), "Bulan 01-2027 belum berakhir"),
        (("2026-13",), 'Bulan "2026-13" tidak dapat dibaca: tulis YYYY-MM'),
        (("november",), 'Bulan "november" tidak dapat dibaca'),
        (("2026-11", "lagi"), "Cara pakai: /kirimrekap [YYYY-MM]"),
    ],
)
async def test_bad_months_are_answered_and_nothing_is_submitted(h, args, expected):
    answer = await send(h, "kirimrekap", *args)
    assert expected in texts(answer), texts(answer)
    assert submitted(h) == []


@pytest.mark.parametrize("sender", ["501", "700"])  # an employee, a head of unit (no admin)
async def test_only_an_admin_submits(h, sender):
    answer = await send(h, "kirimrekap", sender=sender)
    assert texts(answer) == "Anda tidak berwenang untuk tindakan ini."
    assert submitted(h) == []


async def test_a_super_admin_submits_every_unit_not_yet_submitted(h):
    await send(h, "kirimrekap", "2026-11")  # Rina, for setda
    with h.uow() as uow:
        head = uow.session.query(EmployeeRow).filter_by(identifier=HEAD).one()
        head.roles = "manager,super_admin"
        uow.commit()

    answer = await send(h, "kirimrekap", "2026-11", sender="700")

    first, before = texts(answer).splitlines()[:2]
    assert first.startswith("✅ Rekap 11-2026 ditandai terkirim (02-12-2026): Badan Kepegawaian")
    assert "Sekretariat Daerah" not in first
    assert before == "Sudah ditandai sebelumnya: Sekretariat Daerah Kota Sungai Penuh."
    assert len(submitted(h)) == 6


async def test_inside_a_revisions_window_the_submitted_month_still_changes_until_it_ends(h):
    set_unit_policy(h, {"revision_days": [1, 4]})  # Konawe Kepulauan's window, 1-4 December

    answer = await send(h, "kirimrekap")

    assert texts(answer).splitlines()[-1] == (
        "Masih bisa diubah (/manual, /koreksi, impor mesin) sampai 04-12-2026, masa revisi; "
        "sesudah itu bulan ini terkunci."
    )
    inside = await send(h, "koreksi", STAFF, "24-11-2026", "masuk", "07:25", "antrean")
    assert "dikoreksi dari 07:50 ke 07:25" in texts(inside)
    h.at(10, 0, day=date(2026, 12, 5))
    outside = await send(h, "koreksi", STAFF, "24-11-2026", "masuk", "07:20", "antrean")
    assert texts(outside).startswith("Ditolak: bulan 11-2026 sudah ditutup; koreksi hanya pada")


async def test_an_early_submission_is_dated_on_the_organisations_clock(h):
    h.at(6, 30, day=DECEMBER_2)  # 23:30 UTC on 1 December
    await send(h, "kirimrekap")
    again = await send(h, "kirimrekap")
    assert "sudah ditandai terkirim pada 02-12-2026" in texts(again)
