"""Peraturan Bupati Balangan 32/2020 (SIKEP e-presensi). WITA.

Tuesday-Thursday check-in 07:00-08:05; Monday (apel gabungan) and Friday (senam pagi) check-in
07:00-08:30 at the event's location; check-out Monday-Thursday 16:30-18:00, Friday 11:00-12:00.
The Perbup sets machine windows, not a grace period: a check-in after the window closes is not
recorded at all. The month's machine data is uploaded on the 1st-5th of the next month (Pasal 3
huruf d-e): that is its revisions window. It sets no radius (attendance is at the unit's own
machine): parameter `radius_m`, default 100 m.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.citations import Citation, default
from core.policy import Policy, Rule
from core.presets.common import check_params, radius_param
from core.reporting import ReportDeadline
from core.schedule import DaySchedule, EventRule, Week, Window, parse_clock

FILE = "003_1a41b21893314ce9.txt"
INSTRUMENT = "Perbup Balangan 32/2020"


def cite(pasal: str, ayat: str = "", point: str = "", quote: str = "") -> Citation:
    return Citation(FILE, INSTRUMENT, pasal, ayat, point, quote)


IN_TUE_THU = cite(
    "4",
    "1",
    quote="jam presensi masuk kerja untuk hari kerja Selasa, Rabu, Kamis "
    "adalah dimulai jam 07.00 wita sampai dengan jam 08.05 wita",
)
OUT_MON_THU = cite(
    "4",
    "2",
    quote="jam presensi pulang kerja untuk hari kerja Senin, Selasa, Rabu, "
    "Kamis adalah dimulai jam 16.30 wita sampai dengan jam 18.00 wita",
)
IN_EVENT = cite(
    "4",
    "3",
    quote="jam presensi masuk kerja untuk hari kerja pada kegiatan apel "
    "Senin (Apel Gabungan) dan Jum'at (Kegiatan Senam Pagi ...) dan Kegiatan Ceramah "
    "Agama (Tausiyah) adalah dimulai jam 07.00 wita sampai dengan jam 08.30 wita",
)
OUT_FRI = cite(
    "4",
    "4",
    quote="jam presensi pulang kerja untuk hari kerja Jum'at adalah dimulai "
    "jam 11.00 wita sampai dengan jam 12.00 wita",
)
WEEK = cite(
    "4",
    quote="jam presensi ... untuk hari kerja Selasa, Rabu, Kamis ... hari kerja Senin, Selasa, "
    "Rabu, Kamis ... kegiatan apel Senin ... dan Jum'at ... hari kerja Jum'at",
)
EVENT_SITE = cite(
    "6",
    "2",
    quote="E-Presensi pada kegiatan Apel Senin (Apel Gabungan) dan Jum'at "
    "(Kegiatan Senam Pagi) ... dilaksanakan pada lokasi kegiatan",
)
OWN_UNIT = cite(
    "6",
    "1",
    quote="E-Presensi untuk masuk kerja dan pulang kerja setiap hari "
    "dilaksanakan pada SKPD masing-masing",
)
SHIFTS = cite(
    "5",
    quote="yang menggunakan sistem Shift ... adalah berdasarkan jam kerja yang di atur oleh RSUD",
)
UNREGISTERED = cite(
    "7",
    "3",
    quote="Bagi ASN yang belum terdaftar pada perangkat E-Presensi maka "
    "... tetap menggunakan presensi manual",
)
KELURAHAN = cite(
    "8", quote="E-Presensi ASN Kelurahan Batupiring adalah pada Kecamatan Paringin Selatan"
)
UPLOAD = cite(
    "3",
    point="huruf d-e",
    quote="mengupload data presensi ke Aplikasi E-Presensi (SIKEP) "
    "dari tanggal 1 s.d 5 setiap awal bulan ... sebagai dasar perhitungan TPP SKPD",
)

REPORT = cite(
    "3",
    point="huruf d-e",
    quote="mengupload data presensi ke Aplikasi E-Presensi (SIKEP) dari tanggal 1 s.d 5 setiap "
    "awal bulan sebagai bahan laporan presensi SKPD; ... upload data secara online ... sebagai "
    "dasar perhitungan TPP SKPD",
)


def _day(
    check_in: tuple[str, str],
    in_rule: Citation,
    check_out: tuple[str, str],
    out_rule: Citation,
    label: str,
) -> DaySchedule:
    return DaySchedule.build(
        work=(check_in[1], check_out[0]),
        check_in=check_in,
        on_time_until=check_in[1],
        check_out=check_out,
        in_rule=in_rule,
        out_rule=out_rule,
        label=label,
    )


def build(params: Mapping[str, Any]) -> Policy:
    """Machine windows per weekday; apel Monday and senam Friday at the event site."""
    check_params(params, {"radius_m"}, "balangan")
    days = {0: _day(("07:00", "08:30"), IN_EVENT, ("16:30", "18:00"), OUT_MON_THU, "Senin")}
    for day in (1, 2, 3):
        days[day] = _day(
            ("07:00", "08:05"), IN_TUE_THU, ("16:30", "18:00"), OUT_MON_THU, "Selasa-Kamis"
        )
    days[4] = _day(("07:00", "08:30"), IN_EVENT, ("11:00", "12:00"), OUT_FRI, "Jumat")
    event_window = Window(parse_clock("07:00"), parse_clock("08:30"))
    events = (
        EventRule(
            "apel_gabungan",
            "Apel Gabungan",
            event_window,
            event_window.end,
            IN_EVENT,
            weekdays=frozenset({0}),
            site_rule=EVENT_SITE,
        ),
        EventRule(
            "senam_pagi",
            "Senam Pagi",
            event_window,
            event_window.end,
            IN_EVENT,
            weekdays=frozenset({4}),
            site_rule=EVENT_SITE,
        ),
    )
    radius = radius_param(params, "balangan")
    radius_rule: Rule[float] = (
        Rule(radius, OWN_UNIT)
        if radius is not None
        else Rule(
            100,
            default(
                "Perbup Balangan 32/2020 Pasal 6 ayat (1) puts attendance at the unit, sets no "
                "radius: 100 m"
            ),
        )
    )
    return Policy(
        key="balangan",
        title="Kabupaten Balangan - SIKEP",
        week=Week(days, WEEK),
        radius_m=radius_rule,
        events=events,
        event_lead_min=Rule(0, IN_EVENT),
        # The month's data goes up on the 1st-5th of the next month as the basis of TPP: until
        # then it may still change (machine uploads, corrections), after it no longer.
        revision_days=(1, 5),
        revision_rule=UPLOAD,
        rota_rule=SHIFTS,
        # Uploaded by the 5th; the Perbup moves no day for a holiday.
        report_deadline=ReportDeadline(5, next_working_day=False, rule=REPORT),
        notes=(SHIFTS, UNREGISTERED, KELURAHAN, UPLOAD),
    )
