"""What /riwayat and /rekapsaya say, from a month's recap lines: pure, no storage.

The lines come from the recap arithmetic (core.recap.employee_recap) over day statuses, as the
service builds them; the flows only word them for a phone."""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

from core.absence import AbsenceCode
from core.day_status import DayCode, DayStatus
from core.flows.history import PIECE, day_line, history_texts
from core.flows.my_recap import recap_text
from core.recap import DayEntry, Person, employee_recap
from core.services.my_month import Attempt, MyMonth, Request
from core.tpp import DeductionTable

DEWI = Person(3, "199611302022032007", "Dewi Lestari A.Md", "CPNS")
NOV = date(2026, 11, 1)


def day(n: int) -> date:
    return date(2026, 11, n)


def month(entries, requests=(), refused=(), *, last=30, today=date(2026, 12, 3), **more) -> MyMonth:
    line = employee_recap(
        DEWI, "setda", entries, more.pop("table", DeductionTable()), more.pop("amount", None)
    )
    return MyMonth(
        name=DEWI.name, year=2026, month=11, first=NOV, last=day(last), today=today,
        zone="Asia/Jakarta", lines=(line,), requests=tuple(requests), refused=tuple(refused),
        event_names={"apel_gabungan": "Apel Gabungan Senin"}, start=date(2026, 1, 1), **more,
    )  # fmt: skip


def present(n, check_in=time(7, 20), check_out=time(16, 5), **status) -> DayEntry:
    sources = {k: status.pop(k) for k in ("check_in_source", "check_out_source") if k in status}
    revised = status.pop("revised", False)
    return DayEntry(
        DayStatus(day(n), DayCode.PRESENT, **status), "setda", revised, check_in, check_out,
        **sources,
    )  # fmt: skip


def coded(n, code, **status) -> DayEntry:
    return DayEntry(DayStatus(day(n), code, **status), "setda")


SICK = Request(11, "S", None, day(5), day(6), "approved", None)
LATE_PERMIT = Request(12, "I", "terlambat", day(10), day(10), "approved", None)
REJECTED = Request(13, "I", "tidak_masuk", day(17), day(17), "rejected", "surat tidak lengkap")
LEAVE = Request(14, "C", "tahunan", day(30), date(2026, 12, 2), "pending", None)


def test_each_kind_of_day_says_what_decided_it():
    entries = [
        present(3, time(7, 42), late_minutes=12, late_band="TL1"),
        present(4, time(7, 35), None, late_minutes=5, late_band="TL1", missing_out=True,
                early_band="PSW4"),
        coded(5, AbsenceCode("S")),
        present(6, time(7, 40), time(14, 20), early_minutes=100, early_band="PSW4",
                check_in_source="manual", check_out_source="machine"),
        present(10, time(8, 10), excused=("terlambat",)),
        present(9, None, time(16, 1), missing_in=True, late_band="TL4",
                missed_events=("apel_gabungan",)),
        present(12, time(7, 20), time(16, 46), late_out_minutes=16, late_out_band="TL1",
                revised=True),
        coded(11, DayCode.TK),
        coded(30, DayCode.PENDING),
    ]  # fmt: skip
    refused = [
        Attempt(day(9), "in", time(7, 5), "outside_area"),
        Attempt(day(9), "in", time(7, 10), "outside_area"),
        Attempt(day(11), "in", time(7, 25), "face_rejected"),
    ]
    my = month(entries, [SICK, LATE_PERMIT], refused, today=day(30))
    lines = {entry.day.day: day_line("id", entry, my) for entry in entries}
    assert lines[3] == "Sel 03-11 TL1: masuk 07:42 (terlambat 12 mnt), pulang 16:05"
    assert lines[4] == "Rab 04-11 TL1/TAP: masuk 07:35 (terlambat 5 mnt), tidak absen pulang"
    assert lines[5] == "Kam 05-11 S: Sakit, pengajuan #11"
    assert lines[6] == (
        "Jum 06-11 PSW4: masuk 07:40 manual, pulang 14:20 mesin presensi (pulang cepat 100 mnt)"
    )
    assert lines[9] == (
        "Sen 09-11 TAM: tidak absen masuk (masuk 07:10 ditolak (2x): di luar area), "
        "pulang 16:01, tidak ikut Apel Gabungan Senin"
    )
    assert lines[10] == "Sel 10-11 H: masuk 08:10, pulang 16:05, terlambat dimaafkan: izin #12"
    assert lines[12] == (
        "Kam 12-11 H: masuk 07:20, pulang 16:46 (pulang 16 mnt lewat jamnya, dihitung "
        "terlambat), direvisi admin"
    )
    assert lines[11] == "Rab 11-11 TK: tanpa keterangan, masuk 07:25 ditolak: wajah tidak cocok"
    assert lines[30] == "Sen 30-11: belum absen"
    english = day_line("en", entries[0], my)
    assert english == "Tue 03-11 TL1: in 07:42 (late 12 min), out 16:05"


def test_an_on_time_day_says_so_and_an_open_day_waits_for_the_check_out():
    today = present(18, time(7, 20), None)
    my = month([present(17), today], last=18, today=day(18))
    assert day_line("id", my.lines[0].days[0], my) == (
        "Sel 17-11 H: masuk 07:20, pulang 16:05, tepat waktu"
    )
    assert day_line("id", today, my) == "Rab 18-11 H: masuk 07:20, belum absen pulang"


def test_the_history_leaves_weekends_out_and_holidays_on_one_line():
    entries = [
        coded(1, DayCode.OFF),
        present(2),
        coded(3, DayCode.HOLIDAY, holiday="Hari Contoh"),
        coded(7, DayCode.OFF),
    ]
    days, requests = history_texts("id", month(entries, [REJECTED, LEAVE], last=7, today=day(7)))
    assert days.splitlines() == [
        "Riwayat presensi Dewi Lestari A.Md, November 2026 (1-7 November, bulan berjalan; "
        "jam WIB):",
        "Sen 02-11 H: masuk 07:20, pulang 16:05, tepat waktu",
        "Libur: Sel 03-11 Hari Contoh",
        "2 hari tanpa jadwal kerja (akhir pekan) tidak ditampilkan. Jam tanpa keterangan "
        "berasal dari absen lewat chat.",
        "Jumlah dan potongan TPP bulan ini: /rekapsaya 2026-11",
        "Bulan sebelumnya: /riwayat 2026-10",
    ]
    assert requests.splitlines() == [
        "Pengajuan Anda untuk November 2026:",
        "#13 Izin (tidak masuk), 17-11-2026: ditolak (surat tidak lengkap)",
        "#14 Cuti (tahunan), 30-11-2026 s/d 02-12-2026: menunggu",
    ]


def test_a_long_month_is_split_at_line_ends_within_the_channels_limits():
    entries = [
        present(n, None, time(16, 0), missing_in=True, late_band="TL4",
                missed_events=("apel_gabungan", "senam_pagi_dengan_nama_yang_sangat_panjang"))
        for n in range(1, 31)
    ]  # fmt: skip
    refused = [Attempt(day(n), "in", time(7, 1), "outside_window") for n in range(1, 31)]
    requests = [
        Request(100 + n, "I", "tidak_masuk", day(1) + timedelta(days=n % 30),
                day(1) + timedelta(days=n % 30), "rejected", "alasan yang panjang sekali " * 4)
        for n in range(60)
    ]  # fmt: skip
    my = month(entries, requests, refused)
    pieces = history_texts("id", my)
    assert len(pieces) >= 3
    assert all(len(piece) <= PIECE < 4096 for piece in pieces)
    sent = "\n".join(pieces).splitlines()
    for entry in entries:  # every day's line arrives whole, in order
        assert day_line("id", entry, my) in sent


def test_the_month_recap_counts_each_kind_and_explains_the_deduction():
    entries = [
        *(present(n, time(7, 45), late_minutes=45, late_band="TL2") for n in (2, 3, 4)),
        present(5, time(7, 20), time(15, 30), early_minutes=30, early_band="PSW1"),
        coded(6, DayCode.TK),
        coded(9, AbsenceCode("S")),
        present(10),
    ]
    my = month(entries, amount=5_000_000, last=10, today=day(10))
    assert recap_text("id", my).splitlines() == [
        "Rekap Dewi Lestari A.Md, November 2026 (1-10 November, bulan berjalan):",
        "Hari kerja 7 (7 sudah dinilai), hadir 5 (71,43%)",
        "- tepat waktu: 1",
        "- terlambat: 3x, 135 menit",
        "- pulang cepat: 1x, 30 menit",
        "- Sakit (S): 1",
        "- Tanpa keterangan (TK): 1",
        "Potongan TPP: 6,5% = Rp 325.000 dari Rp 5.000.000",
        "- 3x terlambat (TL2) = 3%",
        "- 1x tanpa keterangan (TK) = 3%",
        "- 1x pulang cepat (PSW1) = 0,5%",
        "Persentase: tabel bawaan presensi (peraturan presensi tidak menetapkan angkanya; "
        "instansi dapat menetapkannya dari Perbup TPP daerah).",
        "Bulan masih berjalan: angka ini dapat berubah sampai akhir bulan.",
        "Rincian per hari: /riwayat 2026-11",
    ]


def test_a_capped_deduction_says_so_in_english_too():
    table = DeductionTable(cap=Decimal("10"))
    entries = [coded(n, DayCode.TK) for n in (2, 3, 4, 5)]
    text = recap_text("en", month(entries, table=table))
    assert "TPP deduction: 10% (capped; uncapped 12%)" in text
    assert "- 4x absent without reason (TK) = 12%" in text
    assert "The month is still running" not in text  # November is over on 3 December


def test_a_month_without_a_cost_says_zero():
    text = recap_text("id", month([present(2)]))
    assert "Potongan TPP: 0% (tidak ada terlambat, pulang cepat, absen yang hilang atau TK)." in (
        text
    )
    assert "Persentase" not in text  # no table to cite for nothing deducted


def test_a_day_refused_for_its_live_locations_track_says_so():
    entries = [coded(11, DayCode.TK)]
    refused = [Attempt(day(11), "in", time(7, 25), "track_rejected")]
    my = month(entries, refused=refused, today=day(30))
    assert day_line("id", entries[0], my) == (
        "Rab 11-11 TK: tanpa keterangan, masuk 07:25 ditolak: lokasi terkini tidak seperti "
        "ponsel sungguhan"
    )
    assert day_line("en", entries[0], my).endswith(
        "refused: the live location did not move like a real phone's"
    )
