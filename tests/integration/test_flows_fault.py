"""/gangguan: a head of unit or an admin reports an application fault with the period it
covers; the super admins are told, and one tap declares it an outage, after which the admins
enter that period's attendance with /manual ... server_mati.

Perwal Sungai Penuh 12/2023 Pasal 6 ayat (2) (the head reports a fault of the application) and
ayat (4)-(5) (manual attendance replaces it meanwhile); Keputusan Kadinkes Musi Banyuasin Pasal 3
ayat (6) huruf b (the admin reports to the Kasubbag, the super admin).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from core.storage import audit
from core.storage.report_tables import FaultReport
from core.storage.tables import EmployeeRow, OutageRow
from tests.flows_harness import ADMIN, ENGINES, HEAD, STAFF, build, engine_for, rows, texts

SUPER = "199005172015031001"  # Ahmad Fauzi, made the organisation's super admin
USAGE = "/gangguan [tanggal | tanggal s/d tanggal | tanggal JJ:MM-JJ:MM] keterangan"


@pytest.fixture(params=ENGINES)
async def h(request, tmp_path):
    harness = build(tmp_path, engine=engine_for(request))
    make_super_admin(harness, SUPER, "super_admin")
    for sender, who in (("501", STAFF), ("600", ADMIN), ("700", HEAD), ("800", SUPER)):
        await harness.link(sender, who)
    harness.at(10, 0)  # Tuesday 24 November 2026
    return harness


def make_super_admin(h, identifier: str, roles: str) -> None:
    with h.uow() as uow:
        employee = uow.session.query(EmployeeRow).filter_by(identifier=identifier).one()
        employee.roles = roles
        uow.touch(employee, "test", "employee.roles")  # through the log, as an org load would
        uow.commit()


async def send(h, command: str, *args: str, sender: str = "700"):
    text = " ".join([f"/{command}", *args])
    return await h.send(sender, command=command, text=text, args=args)


def reports(h) -> list[FaultReport]:
    with h.uow() as uow:
        return list(uow.session.scalars(select(FaultReport).order_by(FaultReport.id)))


def outages(h) -> list[OutageRow]:
    with h.uow() as uow:
        return list(uow.session.scalars(select(OutageRow)))


def employee_id(h, identifier: str) -> int:
    with h.uow() as uow:
        return uow.session.query(EmployeeRow).filter_by(identifier=identifier).one().id


async def test_a_head_reports_a_fault_and_a_super_admin_declares_it_with_one_tap(h):
    answer = await send(h, "gangguan", "24-11-2026", "07:00-09:30", "aplikasi", "tidak", "terbuka")

    assert texts(answer) == (
        "Laporan gangguan #1 tercatat untuk 24-11-2026 07:00-09:30 dan diteruskan ke 1 super admin."
    )
    [(who, notice)] = answer.notices
    assert who == employee_id(h, SUPER)
    assert notice.text.startswith(
        "⚠️ Laporan gangguan aplikasi #1 dari Drs. Hendra Saputra (Sekretariat Daerah Kota Sungai "
        "Penuh), 24-11-2026 07:00-09:30: aplikasi tidak terbuka\n"
    )
    [[button]] = notice.buttons
    assert (button.label, button.data) == ("Nyatakan gangguan server", "gd:1")
    [report] = reports(h)
    assert (report.starts_at, report.ends_at) == (
        datetime(2026, 11, 24, 0, 0, tzinfo=UTC),  # 07:00 WIB
        datetime(2026, 11, 24, 2, 30, tzinfo=UTC),
    )
    assert report.outage_id is None

    declared = await h.send("800", button="gd:1")

    assert texts(declared) == (
        "Laporan #1 dinyatakan sebagai gangguan server 24-11-2026 07:00-09:30. Admin unit "
        "mencatat presensi selama itu dengan /manual NIP masuk|pulang JJ:MM server_mati."
    )
    [(told, words)] = declared.notices
    assert told == employee_id(h, HEAD) and "dinyatakan sebagai gangguan server oleh" in words.text
    [outage] = outages(h)
    assert outage.reason == "aplikasi tidak terbuka" and reports(h)[0].outage_id == outage.id
    with h.uow() as uow:
        setda = uow.unit(uow.organisation("pemkot-sungai-penuh").id, "setda")
        assert outage.unit_ids == [setda.id]
    manual = await send(h, "manual", STAFF, "masuk", "07:20", "server_mati", sender="600")
    assert "dicatat manual: tepat waktu" in texts(manual)
    assert rows(h)[0].evidence["outage"] == outage.id
    with h.uow() as uow:
        assert audit.verify(uow.session)[1] == []


async def test_a_second_tap_declares_nothing_more(h):
    await send(h, "gangguan", "24-11-2026", "07:00-09:30", "aplikasi", "error")
    await h.send("800", button="gd:1")
    again = await h.send("800", button="gd:1")
    assert texts(again) == (
        "Laporan #1 sudah dinyatakan sebagai gangguan server. Tidak ada yang diubah."
    )
    assert len(outages(h)) == 1


async def test_an_admin_who_is_no_super_admin_cannot_declare_it(h):
    await send(h, "gangguan", "24-11-2026", "07:00-09:30", "aplikasi", "error")
    answer = await h.send("600", button="gd:1")
    assert texts(answer) == "Hanya super admin yang dapat menyatakan gangguan server."
    assert outages(h) == [] and reports(h)[0].outage_id is None


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (("aplikasi", "error"), "24-11-2026"),  # no period: today
        (("kemarin", "server", "lambat"), "23-11-2026"),
        (("23-11-2026", "s/d", "24-11-2026", "server", "lambat"), "23-11-2026 s/d 24-11-2026"),
        (("08:00-09:00", "login", "gagal"), "24-11-2026 08:00-09:00"),
    ],
)
async def test_the_period_is_read_as_written(h, args, shown):
    answer = await send(h, "gangguan", *args, sender="600")  # an admin reports too
    assert texts(answer) == (
        f"Laporan gangguan #1 tercatat untuk {shown} dan diteruskan ke 1 super admin."
    )


@pytest.mark.parametrize(
    ("args", "shown", "text"),
    [
        (("2", "orang", "tidak", "bisa", "absen"), "24-11-2026", "2 orang tidak bisa absen"),
        (("23-11-2026", "3", "pegawai", "gagal"), "23-11-2026", "3 pegawai gagal"),
        (("08:00-09:00", "10", "orang", "gagal"), "24-11-2026 08:00-09:00", "10 orang gagal"),
        (("10.000", "foto", "hilang"), "24-11-2026", "10.000 foto hilang"),
    ],
)
async def test_a_description_may_start_with_a_number(h, args, shown, text):
    """Only words that read as a date or a time span are the period; "2 orang ..." is the
    description of today's fault."""
    answer = await send(h, "gangguan", *args, sender="600")
    assert texts(answer) == (
        f"Laporan gangguan #1 tercatat untuk {shown} dan diteruskan ke 1 super admin."
    )
    assert reports(h)[0].description == text


async def test_a_super_admin_reporting_gets_the_button_and_the_others_are_told(h):
    with h.uow() as uow:
        uow.session.query(EmployeeRow).filter_by(
            identifier=HEAD
        ).one().roles = "manager,super_admin"
        uow.commit()
    answer = await send(h, "gangguan", "07:00-08:00", "server", "mati", sender="800")
    [[button]] = answer.replies[0].buttons
    assert button.data == "gd:1"
    assert [who for who, _ in answer.notices] == [employee_id(h, HEAD)]
    assert reports(h)[0].unit_id is None  # a super admin's report covers every unit


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("31-02-2026", "x"), 'Periode "31-02-2026" tidak dapat dibaca.'),
        (("24-11-2026", "7-9", "x"), 'Periode "7-9" tidak dapat dibaca.'),
        (("25:00-26:00", "x"), 'Periode "25:00-26:00" tidak dapat dibaca.'),
        (("24-11-2026", "s/d", "2x-11-2026", "x"), 'Periode "24-11-2026 s/d 2x-11-2026"'),
        (("23-11-2026", "s/d", "24-11-2026", "07:00-08:00", "x"), 'Periode "07:00-08:00"'),
        (("24-11-2026",), f"Jelaskan gangguannya setelah periode. Cara pakai: {USAGE}"),
        (("besok", "x"), "Periode itu belum dimulai: laporkan gangguan yang sudah terjadi."),
        (("24-11-2026", "11:00-12:00", "x"), "Periode itu belum dimulai"),
        (("24-11-2026", "09:00-08:00", "x"), "Jam selesai harus sesudah jam mulai."),
        (("01-11-2026", "s/d", "24-11-2026", "x"), "Periode paling lama 7 hari"),
        (("x" * 501,), "Teksnya terlalu panjang: paling banyak 500 karakter."),
    ],
)
async def test_bad_reports_are_answered_and_nothing_is_kept(h, args, expected):
    answer = await send(h, "gangguan", *args)
    assert expected in texts(answer), texts(answer)
    assert reports(h) == [] and answer.notices == []


async def test_an_employee_without_the_role_cannot_report(h):
    answer = await send(h, "gangguan", "aplikasi", "error", sender="501")
    assert texts(answer) == "Anda tidak berwenang untuk tindakan ini."
    assert reports(h) == []


async def test_an_unknown_button_says_so(h):
    answer = await h.send("800", button="gd:99")
    assert "tidak dikenal" in texts(answer) and outages(h) == []


@pytest.mark.postgres
async def test_two_super_admins_declaring_at_once_make_one_outage(tmp_path, pg_engine):
    """The second tap waits for the first's transaction and then finds the report declared."""
    import time
    from concurrent.futures import ThreadPoolExecutor

    from core.services.faults import FaultRefused, declare_reported

    h = build(tmp_path, engine=pg_engine)
    make_super_admin(h, SUPER, "super_admin")
    make_super_admin(h, HEAD, "manager,super_admin")
    await h.link("700", HEAD)
    h.at(10, 0)
    await send(h, "gangguan", "24-11-2026", "07:00-09:30", "aplikasi", "error")
    first, second = employee_id(h, HEAD), employee_id(h, SUPER)

    def declare_in_new_transaction():
        with h.uow() as uow:
            found = declare_reported(uow, uow.employee(second), 1)[1]
            uow.commit()
            return found

    with h.uow() as declaring:
        _, outage = declare_reported(declaring, declaring.employee(first), 1)
        assert isinstance(outage, OutageRow)
        with ThreadPoolExecutor(1) as pool:
            other = pool.submit(declare_in_new_transaction)
            time.sleep(0.3)
            assert not other.done()  # waiting for the report, not reading it undeclared
            declaring.commit()
            found = other.result(timeout=10)
    assert isinstance(found, FaultRefused) and found.key == "already"
    assert len(outages(h)) == 1
