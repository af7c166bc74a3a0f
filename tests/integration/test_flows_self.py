"""/riwayat, /rekapsaya and /bahasa on real storage (SQLite and PostgreSQL), with the clock set in
the middle of November 2026 and at the turn of the month.

Dewi's November, clocked in through the chat flows: on time on Tuesday the 3rd, 12 minutes late
on Wednesday the 4th, sick on Thursday the 5th, no check-out on Friday the 6th, a refused
check-in at the office during Monday's apel (the 9th), late under an approved izin terlambat on
Tuesday the 10th, nothing on the other days."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from core.absence import Evidence
from core.services import staff
from core.services.absences import AbsenceRequest, decide, request_absence
from core.services.recap import month_recap
from core.storage import audit
from core.storage.chat_tables import ChatAccount
from tests.flows_harness import ADMIN, ENGINES, ORG, STAFF, build, engine_for, texts

NOV = date(2026, 11, 1)


def nov(day: int) -> date:
    return date(2026, 11, day)


def file_request(h, code, subtype, first, last, *, decision=None, reason="") -> int:
    """Dewi's request, filed on the clock's day; `decision` "approve" or "reject" by Rina."""
    with h.uow() as uow:
        org = uow.organisation(ORG)
        dewi = uow.employee_by_identifier(org.id, STAFF)
        rina = uow.employee_by_identifier(org.id, ADMIN)
        evidence = [{"kind": kind.value, "media": "surat.pdf"} for kind in Evidence]
        request = AbsenceRequest(
            dewi.id, code, subtype, first, last, "keperluan", evidence, filed_at=h.clock.now()
        )
        row = request_absence(uow, request)
        if decision:
            decide(uow, row.id, rina.id, approve=decision == "approve", reason=reason)
        uow.commit()
        return row.id


async def day(h, when: date, check_in=(7, 20), check_out=(16, 5)) -> None:
    if check_in:
        h.at(*check_in, when)
        await h.clock_in("501", STAFF)
    if check_out:
        h.at(*check_out, when)
        await h.clock_in("501", STAFF, direction="pulang")


@pytest.fixture(params=ENGINES)
async def h(request, tmp_path):
    """Dewi's November up to Wednesday the 18th, 10:00 WIB (she clocked in at 07:20)."""
    harness = build(tmp_path, engine=engine_for(request))
    await harness.link("501", STAFF)
    await day(harness, nov(3))
    await day(harness, nov(4), check_in=(7, 42), check_out=(16, 2))
    harness.at(7, 0, nov(5))
    harness.ids = {"sick": file_request(harness, "S", None, nov(5), nov(5), decision="approve")}
    await day(harness, nov(6), check_in=(7, 35), check_out=None)
    await day(harness, nov(9))  # Monday: the check-in belongs at the apel's field
    harness.at(7, 0, nov(10))
    harness.ids["late"] = file_request(harness, "I", "terlambat", nov(10), nov(10),
                                       decision="approve")  # fmt: skip
    await day(harness, nov(10), check_in=(8, 10), check_out=(16, 2))
    harness.at(9, 0, nov(16))
    harness.ids["rejected"] = file_request(
        harness, "I", "tidak_masuk", nov(16), nov(16), decision="reject", reason="tidak lengkap"
    )
    harness.ids["leave"] = file_request(harness, "C", "tahunan", nov(30), date(2026, 12, 2))
    await day(harness, nov(18), check_out=None)
    harness.at(10, 0, nov(18))
    return harness


async def ask(h, command: str, words: str = "", sender: str = "501"):
    text = f"/{command} {words}".strip()
    return await h.send(sender, command=command, text=text, args=tuple(words.split()))


async def test_the_history_of_the_month_so_far(h):
    answer = await ask(h, "riwayat")
    days, requests = (reply.text.splitlines() for reply in answer.replies)
    ids = h.ids
    assert days == [
        "Riwayat presensi Dewi Lestari A.Md, November 2026 (1-18 November, bulan berjalan; "
        "jam WIB):",
        "Sen 02-11 TK: tanpa keterangan",
        "Sel 03-11 H: masuk 07:20, pulang 16:05, tepat waktu",
        "Rab 04-11 TL1: masuk 07:42 (terlambat 12 mnt), pulang 16:02",
        f"Kam 05-11 S: Sakit, pengajuan #{ids['sick']}",
        "Jum 06-11 TL1/TAP: masuk 07:35 (terlambat 5 mnt), tidak absen pulang",
        "Sen 09-11 TAM: tidak absen masuk (masuk 07:20 ditolak: di luar area), pulang 16:05, "
        "tidak ikut Apel Gabungan Senin",
        f"Sel 10-11 H: masuk 08:10, pulang 16:02, terlambat dimaafkan: izin #{ids['late']}",
        "Rab 11-11 TK: tanpa keterangan",
        "Kam 12-11 TK: tanpa keterangan",
        "Jum 13-11 TK: tanpa keterangan",
        "Sen 16-11 TK: tanpa keterangan",
        "Sel 17-11 TK: tanpa keterangan",
        "Rab 18-11 H: masuk 07:20, belum absen pulang",
        "TK: tidak ada absen yang diterima dan tidak ada izin yang disetujui.",
        "5 hari tanpa jadwal kerja (akhir pekan) tidak ditampilkan. Jam tanpa keterangan "
        "berasal dari absen lewat chat.",
        "Jumlah dan potongan TPP bulan ini: /rekapsaya 2026-11",
        "Bulan sebelumnya: /riwayat 2026-10",
    ]
    assert requests == [
        "Pengajuan Anda untuk November 2026:",
        f"#{ids['sick']} Sakit, 05-11-2026: disetujui",
        f"#{ids['late']} Izin (terlambat), 10-11-2026: disetujui",
        f"#{ids['rejected']} Izin (tidak masuk), 16-11-2026: ditolak (tidak lengkap)",
        f"#{ids['leave']} Cuti (tahunan), 30-11-2026 s/d 02-12-2026: menunggu",
    ]


async def test_my_recap_is_my_line_of_the_month_recap(h):
    text = texts(await ask(h, "rekapsaya", "2026-11"))
    assert text.splitlines() == [
        "Rekap Dewi Lestari A.Md, November 2026 (1-18 November, bulan berjalan):",
        "Hari kerja 13 (13 sudah dinilai), hadir 6 (46,15%)",
        "- tepat waktu: 3",
        "- terlambat: 2x, 17 menit",
        "- tidak absen masuk: 1",
        "- tidak absen pulang: 1",
        "- tidak ikut apel/senam: 1",
        "- Sakit (S): 1",
        "- Tanpa keterangan (TK): 6",
        "Potongan TPP: 22,5%",
        "- 6x tanpa keterangan (TK) = 18%",
        "- 1x tidak absen masuk = 1,5%",
        "- 1x tidak absen pulang = 1,5%",
        "- 2x terlambat (TL1) = 1%",
        "- 1x tidak ikut apel = 0,5%",
        "Dasar: rekap bulanan adalah dasar pembayaran TPP (Perwal Sungai Penuh 12/2023, "
        "Pasal 14 ayat (1)).",
        "Persentase: tabel bawaan presensi (peraturan presensi tidak menetapkan angkanya; "
        "instansi dapat menetapkannya dari Perbup TPP daerah).",
        "Bulan masih berjalan: angka ini dapat berubah sampai akhir bulan.",
        "Rincian per hari: /riwayat 2026-11",
    ]
    with h.uow() as uow:
        recap = month_recap(uow, ORG, 2026, 11, "setda", now=h.clock.now())
    [line] = [e for e in recap.employees if e.person.identifier == STAFF]
    assert line.deduction.percent == Decimal("22.5")  # the admin's /rekapbulan says the same
    assert [(what, n) for what, n, _ in line.deduction.items] == [
        ("TL1", 2), ("TK", 6), ("apel", 1), ("tanpa_absen_masuk", 1), ("tanpa_absen_pulang", 1)
    ]  # fmt: skip
    assert (line.totals.on_time, line.totals.tk, line.totals.judged) == (3, 6, 13)


async def test_a_transfer_in_the_month_gives_a_line_per_unit_as_the_recap(h):
    with h.uow() as uow:
        dewi = uow.employee_by_identifier(uow.organisation(ORG).id, STAFF)
        staff.transfer(uow, dewi, "dinkes", nov(16), nov(18))
        uow.commit()
    text = texts(await ask(h, "rekapsaya"))
    with h.uow() as uow:
        recap = month_recap(uow, ORG, 2026, 11, now=h.clock.now())
    lines = {e.unit_code: e for e in recap.employees if e.person.identifier == STAFF}
    assert set(lines) == {"setda", "dinkes"}
    assert "Di Sekretariat Daerah Kota Sungai Penuh:" in text and "Di Dinas Kesehatan:" in text
    setda, dinkes = text.split("Di Dinas Kesehatan:")
    assert lines["setda"].deduction.percent == Decimal("16.5")
    assert "Potongan TPP: 16,5%" in setda  # 4 TK days, no check-in, no check-out, 2x late
    assert lines["dinkes"].deduction.percent == 6
    assert "Potongan TPP: 6%" in dinkes  # the 16th and 17th without a record: 2 TK


async def test_at_the_turn_of_the_month_the_local_day_decides(h):
    h.at(6, 30, date(2026, 12, 1))  # still 30 November in UTC
    assert texts(await ask(h, "riwayat")) == (
        "Belum ada presensi yang tercatat untuk Desember 2026. Bulan sebelumnya: /riwayat 2026-11"
    )
    whole = texts(await ask(h, "rekapsaya", "bulan lalu"))
    assert whole.startswith("Rekap Dewi Lestari A.Md, November 2026 (1-30 November):")
    assert "Bulan masih berjalan" not in whole
    h.at(23, 59, nov(30))
    running = texts(await ask(h, "riwayat"))
    assert "(1-30 November, bulan berjalan; jam WIB)" in running
    assert "Sen 30-11 TK: tanpa keterangan" in running  # the day is over at 23:59


@pytest.mark.parametrize(
    ("words", "said"),
    [
        ("2026-12", "Desember 2026 belum dimulai. Pilih bulan ini atau bulan sebelumnya, "
                    "misalnya /riwayat 2026-11."),
        ("2025-12", "Anda tercatat bertugas sejak 01-01-2026: belum ada data Anda untuk "
                    "Desember 2025. Pilih bulan sejak 2026-01, misalnya /riwayat 2026-01."),
        ("desember", "Anda tercatat bertugas sejak 01-01-2026: belum ada data Anda untuk "
                     "Desember 2025."),
        ("2026-13", 'Bulan "2026-13" tidak dapat dibaca. Tulis misalnya /riwayat 2026-11, '
                    "/riwayat November atau /riwayat bulan lalu."),
        ("kemarin sore", 'Bulan "kemarin sore" tidak dapat dibaca.'),
        ("2026-10", "Tidak ada data presensi untuk Oktober 2026."),
    ],
    ids=["future", "before_start", "name_before_start", "malformed", "words", "no_data"],
)  # fmt: skip
async def test_a_month_that_cannot_be_shown_is_explained(h, words, said):
    for command in ("riwayat", "rekapsaya"):
        answer = await ask(h, command, words)
        assert said.replace("/riwayat", f"/{command}") in texts(answer)
        assert len(answer.replies) == 1


async def test_an_unregistered_chat_is_sent_to_start(h):
    for command in ("riwayat", "rekapsaya", "bahasa"):
        assert texts(await ask(h, command, sender="999")) == (
            "Akun ini belum terhubung. Ketik /start untuk mendaftar."
        )


async def test_the_language_is_switched_for_the_chat_and_kept(h):
    assert texts(await ask(h, "bahasa")) == (
        "Bahasa chat ini: Bahasa Indonesia. Ganti dengan /bahasa en (English) atau "
        "/bahasa id (Bahasa Indonesia)."
    )
    assert texts(await ask(h, "bahasa", "fr")) == (
        'Bahasa "fr" tidak tersedia. Pilih /bahasa id (Bahasa Indonesia) atau /bahasa en (English).'
    )
    switched = await ask(h, "bahasa", "en")
    [reply] = switched.replies
    assert reply.text.startswith("This chat's language is now English.")
    assert ("riwayat", "Your attendance and requests, day by day: /riwayat [2026-11]") in (
        reply.commands
    )
    assert reply.keyboard[0] == ("Clock in", "Clock out")
    history = texts(await ask(h, "riwayat"))
    assert history.startswith("Attendance history of Dewi Lestari A.Md, November 2026")
    assert "Wed 04-11 TL1: in 07:42 (late 12 min), out 16:02" in history
    assert texts(await ask(h, "bahasa", "english")) == "This chat's language is already English."
    assert "Language" not in texts(await h.send("501", text="halo"))  # the menu, in English
    assert "Clock in" in texts(await h.send("501", text="halo"))
    with h.uow() as uow:
        [account] = uow.session.query(ChatAccount).filter_by(external_id="501").all()
        assert account.language == "en"
        assert audit.verify(uow.session)[1] == []  # the change is in the audit chain
    back = await ask(h, "bahasa", "id")
    assert back.replies[0].text.startswith("Bahasa chat ini sekarang Bahasa Indonesia.")
