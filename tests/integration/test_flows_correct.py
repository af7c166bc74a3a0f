"""/koreksi: an admin corrects a day's check-in or check-out in chat, as a new record pointing
at the old one, judged at the corrected time; a closed month only inside its revisions window.

Perbup Konawe Kepulauan 18/2023 Pasal 13 ayat (4): changes and revisions of a month's attendance
on the 1st to the 4th of the next month. The harness's organisation is given that window as a
unit policy key (`revision_days`), as an organisation file may set it.
"""

from __future__ import annotations

from datetime import date

import pytest

from core.flows.messages import Channel
from core.storage.chat_tables import ChatAccount
from core.storage.tables import AuditRow, EmployeeRow
from tests.flows_harness import (
    ADMIN,
    ENGINES,
    STAFF,
    TUESDAY,
    build,
    engine_for,
    rows,
    texts,
    without_receipt,
)
from tests.integration.test_flows_checkin import set_unit_policy

NURSE = "199203152023212003"  # pkm-sungai-penuh: another unit
DEWI = "Dewi Lestari A.Md"
USAGE = "/koreksi NIP tanggal masuk|pulang HH:MM alasan"


@pytest.fixture(params=ENGINES)
async def h(request, tmp_path):
    harness = build(tmp_path, engine=engine_for(request))
    await harness.link("501", STAFF)
    await harness.link("600", ADMIN)
    set_unit_policy(harness, {"revision_days": [1, 4]})
    harness.at(7, 50)  # Dewi clocks in late on Tuesday 24 November
    await harness.clock_in("501", STAFF)
    harness.at(10, 0)
    return harness


async def koreksi(h, *args: str, sender: str = "600", channel=Channel.TELEGRAM):
    text = " ".join(["/koreksi", *args])
    return await h.send(sender, channel=channel, command="koreksi", text=text, args=args)


def employee_id(h, identifier: str) -> int:
    with h.uow() as uow:
        return uow.session.query(EmployeeRow).filter_by(identifier=identifier).one().id


async def test_a_late_check_in_corrected_to_on_time_is_a_new_record_and_the_employee_is_told(h):
    answer = await koreksi(h, STAFF, "24-11-2026", "masuk", "07:25", "mesin", "antrean", "panjang")

    assert texts(answer) == (
        f"Presensi masuk {DEWI} 24-11-2026 dikoreksi dari 07:50 ke 07:25 WIB: tepat waktu. "
        "Alasan: mesin antrean panjang. Hari itu ditandai direvisi pada rekap."
    )
    [(who, notice)] = answer.notices
    assert who == employee_id(h, STAFF)
    assert without_receipt(notice.text) == (
        "Presensi masuk Anda 24-11-2026 dikoreksi admin dari 07:50 ke 07:25 WIB: tepat waktu. "
        "Alasan: mesin antrean panjang."
    )
    old, new = rows(h)
    assert (old.outcome, old.minutes) == ("late", 20)
    assert (new.source, new.outcome, new.minutes, new.accepted) == (
        "correction",
        "on_time",
        0,
        True,
    )
    assert new.corrects_id == old.id and new.actor_id == employee_id(h, ADMIN)
    assert new.reason == "mesin antrean panjang"
    with h.uow() as uow:
        entry = uow.session.query(AuditRow).filter_by(action="attendance.correct").one()
    assert entry.actor == f"employee:{employee_id(h, ADMIN)}"


async def test_the_employees_status_shows_the_corrected_time(h):
    await koreksi(h, STAFF, "24-11-2026", "masuk", "07:25", "salah", "jam")
    answer = await h.send("501", command="status", text="/status")
    assert "Masuk 07:25" in texts(answer) and "07:50" not in texts(answer)


async def test_inside_the_revisions_window_a_closed_month_is_corrected(h):
    h.at(9, 0, day=date(2026, 12, 3))
    answer = await koreksi(h, STAFF, "24-11-2026", "masuk", "07:25", "revisi")
    assert "dikoreksi dari 07:50 ke 07:25" in texts(answer)


async def test_after_the_window_a_closed_month_is_refused_citing_it(h):
    h.at(9, 0, day=date(2026, 12, 5))
    answer = await koreksi(h, STAFF, "24-11-2026", "masuk", "07:25", "terlambat", "dikoreksi")
    assert texts(answer).startswith(
        "Ditolak: bulan 11-2026 sudah ditutup; koreksi hanya pada 01-12-2026 s/d 04-12-2026"
    )
    assert len(rows(h)) == 1


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((STAFF, "24-11-2026", "masuk"), f"Cara pakai: {USAGE}"),
        (("12", "24-11-2026", "masuk", "07:25", "x"), f"Cara pakai: {USAGE}"),
        ((STAFF, "31-02-2026", "masuk", "07:25", "x"), 'Tanggal "31-02-2026" tidak dapat'),
        ((STAFF, "25-11-2026", "masuk", "07:25", "x"), "Tanggal 25-11-2026 belum tiba"),
        ((STAFF, "24-11-2026", "datang", "07:25", "x"), '"datang" bukan masuk atau pulang'),
        ((STAFF, "24-11-2026", "masuk", "25:00", "x"), 'Jam "25:00" tidak dapat dibaca'),
        ((STAFF, "24-11-2026", "masuk", "7.25", "x"), 'Jam "7.25" tidak dapat dibaca'),
        ((STAFF, "24-11-2026", "masuk", "07:25"), "Sebutkan alasan koreksinya"),
        ((STAFF, "23-11-2026", "masuk", "07:25", "x"), "Tidak ada presensi itu pada 23-11-2026"),
        ((STAFF, "24-11-2026", "pulang", "16:05", "x"), "Tidak ada presensi itu pada 24-11"),
        ((STAFF, "24-11-2026", "masuk", "05:00", "x"), "Tidak dikoreksi: jam itu"),
        ((STAFF, "24-11-2026", "masuk", "07:50", "x"), "sudah tercatat pukul 07:50"),
        ((NURSE, "24-11-2026", "masuk", "07:25", "x"), "tidak ada di unit yang Anda kelola"),
    ],
)
async def test_bad_input_is_answered_and_changes_nothing(h, args, expected):
    answer = await koreksi(h, *args)
    assert expected in texts(answer), texts(answer)
    assert len(rows(h)) == 1


async def test_staff_may_not_correct(h):
    answer = await koreksi(h, STAFF, "24-11-2026", "masuk", "07:25", "x", sender="501")
    assert "Koreksi" not in texts(answer) and len(rows(h)) == 1


async def test_english_readers_read_english(h):
    with h.uow() as uow:
        for account in uow.session.query(ChatAccount):
            account.language = "en"
        uow.commit()
    answer = await koreksi(h, STAFF, "24-11-2026", "masuk", "07:25", "wrong", "time")
    assert texts(answer) == (
        f"{DEWI}'s check-in on 24-11-2026 corrected from 07:50 to 07:25 WIB: on time. "
        "Reason: wrong time. The day is marked revised in the recap."
    )


async def test_a_redelivered_correction_changes_nothing_more(h):
    args = (STAFF, "24-11-2026", "masuk", "07:25", "x")
    event = h.event("600", command="koreksi", text="/koreksi " + " ".join(args), args=args)
    first = await h.runner.handle(event)
    again = await h.runner.handle(event)
    assert again.repeated and texts(again) == texts(first) and len(rows(h)) == 2


async def test_a_short_date_means_this_year(h):
    answer = await koreksi(h, STAFF, "24-11", "masuk", "07:25", "x")
    assert "24-11-2026 dikoreksi" in texts(answer) and date(2026, 11, 24) == TUESDAY


async def test_a_redelivery_after_its_answer_was_lost_corrects_nothing_twice(h):
    args = (STAFF, "24-11-2026", "masuk", "07:25", "x")
    event = h.event("600", command="koreksi", text="/koreksi " + " ".join(args), args=args)
    await h.runner.handle(event)
    await h.redis.flushall()  # the answer is lost: the same delivery comes again
    again = await h.runner.handle(event)
    assert "sudah tercatat pukul 07:25" in texts(again) and len(rows(h)) == 2


async def test_a_check_in_moved_after_the_check_out_is_refused(h):
    h.at(16, 10)
    await h.clock_in("501", STAFF, direction="pulang")  # 16:10
    h.at(17, 0)
    answer = await koreksi(h, STAFF, "24-11-2026", "masuk", "16:20", "x")
    assert texts(answer).startswith(
        "Tidak dikoreksi: hari itu ada presensi pukul 16:10 yang harus sesudahnya."
    )
    assert len(rows(h)) == 2


async def test_a_reason_longer_than_500_characters_is_refused(h):
    answer = await koreksi(h, STAFF, "24-11-2026", "masuk", "07:25", "x" * 501)
    assert texts(answer).startswith("Teksnya terlalu panjang: paling banyak 500 karakter.")
    assert len(rows(h)) == 1
