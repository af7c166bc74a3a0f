"""Peraturan Bupati Musi Banyuasin 9/2023 (E-Office Musi Banyuasin).

Recording opens at 07:00 and check-out may be recorded until 17:30 WIB; in between, the
working hours of Perbup 49/2022 apply, which the Perbup does not restate: parameter `hours`
(default Senin-Kamis 07:30-16:00, Jumat 07:30-16:30). The Perbup sets no radius, only "the
coordinates of the workplace": parameter `radius_m` (default 100 m).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal
from typing import Any

from core.absence import AbsenceCode, Evidence, EvidenceRule
from core.citations import Citation, default
from core.lkh import Exemption, LkhRule
from core.policy import Policy, Rule
from core.presets.common import (
    FIVE_DAY_HOURS,
    check_params,
    office_day,
    parse_hours,
    radius_param,
)
from core.schedule import Week, parse_clock
from core.tpp import DEFAULT_TPP

FILE = "002_390e78b142da19ec.txt"
INSTRUMENT = "Perbup Musi Banyuasin 9/2023"


def cite(pasal: str, ayat: str = "", point: str = "", quote: str = "") -> Citation:
    return Citation(FILE, INSTRUMENT, pasal, ayat, point, quote)


CHECK_IN = cite("7", "6", quote="Waktu perekaman kehadiran masuk kerja dimulai pukul 07.00 WIB.")
CHECK_OUT = cite(
    "7", "7", quote="Waktu perekaman pulang kerja bisa dilakukan sampai dengan pukul 17.30 WIB."
)
HOURS = cite(
    "7",
    "5",
    quote="Waktu perekaman wajib mentaati peraturan bupati tentang jam kerja dan hari kerja.",
)
PLACE = cite(
    "7", "4", quote="Perekaman kehadiran dilakukan pada koordinat sesuai titik lokasi tempat kerja"
)
SELFIE = cite(
    "7",
    "2",
    quote="Perekaman kehadiran dilakukan dengan cara berfoto diri langsung dengan pakaian dinas.",
)
DUTY_NEAR = cite(
    "1",
    point="angka 10",
    quote="dinas dalam adalah kegiatan kerja yang dilakukan diluar kantor maksimal radius 7 "
    "(tujuh) kilometer dari kantor berdasarkan surat tugas/undangan/disposisi pimpinan",
)
EXEMPT = cite(
    "7",
    "8",
    quote="Dikecualikan dari kewajiban perekaman kehadiran bagi: a. pegawai "
    "yang menjalani cuti; b. ... tugas dinas luar; c. ... tugas belajar",
)
TPP = cite(
    "11",
    quote="Hasil perhitungan kehadiran dan laporan kinerja harian pada E-Office "
    "sebagai dasar penilaian kinerja pegawai dan perhitungan besaran TPP.",
)
LKH_DAILY = cite(
    "8",
    "1",
    quote="LKH wajib dilakukan oleh setiap pegawai dalam setiap hari kerja.",
)
# Pasal 11 (TPP above) makes the LKH a basis of TPP without a weight, and no regulation in
# shared/regulations/ fixes one: presensi's default gives the reports the share that regional
# TPP rules commonly give performance (kinerja, 60 %) beside discipline (40 %), lost pro rata
# per due day without a verified report. An organisation file sets its own weight with
# `lkh: {tpp_weight_percent: N}`.
LKH_WEIGHT = Decimal(60)


def _lkh() -> LkhRule:
    """Pasal 8 ayat (1): every work day; Pasal 10: the leave that exempts from it."""

    def rule(point: str, quote: str) -> Citation:
        return cite("10", point=f"huruf {point}", quote=quote)

    sick = rule("a", "pegawai yang menjalani cuti sakit hari ke 15 (lima belas) dan seterusnya")
    important = rule(
        "b", "pegawai yang menjalani cuti alasan penting hari ke 11 (sebelas) dan seterusnya"
    )
    long_leave = rule(
        "c",
        "pegawai yang menjalani cuti bersama, cuti besar dan cuti di luar tanggungan negara",
    )
    return LkhRule(
        required=True,
        rule=LKH_DAILY,
        exemptions=(
            # Cuti sakit, whether recorded as S or as C with subtype "sakit" (as in _evidence).
            Exemption(AbsenceCode.S.value, None, 15, sick),
            Exemption(AbsenceCode.C.value, "sakit", 15, sick),
            Exemption(AbsenceCode.C.value, "alasan_penting", 11, important),
            *(
                Exemption(AbsenceCode.C.value, kind, 1, long_leave)
                for kind in ("bersama", "besar", "luar_tanggungan")
            ),
        ),
    )


APPROVER = cite(
    "6",
    "3",
    "huruf b",
    "bertanggungjawab terhadap validitas bukti dukung kehadiran dan ketidakhadiran pegawai",
)


def _evidence() -> tuple[EvidenceRule, ...]:
    def rule(point: str, quote: str) -> Citation:
        return cite("9", point=f"huruf {point}", quote=quote)

    return (
        EvidenceRule(
            AbsenceCode.T,
            Evidence.ASSIGNMENT,
            rule(
                "b",
                "kegiatan dinas dalam dengan melampirkan surat tugas/undangan/disposisi pimpinan",
            ),
        ),
        EvidenceRule(
            AbsenceCode.DL,
            Evidence.ASSIGNMENT,
            rule("c", "perjalanan dinas luar dengan melampirkan dokumen surat tugas"),
        ),
        EvidenceRule(
            AbsenceCode.C,
            Evidence.APPROVED_LEAVE,
            rule(
                "d",
                "cuti tahunan dan cuti melahirkan dengan melampirkan surat cuti yang disetujui "
                "atasan",
            ),
            subtype="tahunan",
        ),
        EvidenceRule(
            AbsenceCode.C,
            Evidence.APPROVED_LEAVE,
            rule(
                "d",
                "cuti tahunan dan cuti melahirkan dengan melampirkan surat cuti yang disetujui "
                "atasan",
            ),
            subtype="melahirkan",
        ),
        # Cuti sakit, whether recorded as S or as C with subtype "sakit".
        *(
            EvidenceRule(
                code,
                Evidence.DOCTOR_NOTE,
                rule(
                    "e", "cuti sakit selama 1 (satu) hari harus melampirkan surat keterangan dokter"
                ),
                subtype=subtype,
                max_days=1,
            )
            for code, subtype in ((AbsenceCode.S, None), (AbsenceCode.C, "sakit"))
        ),
        *(
            EvidenceRule(
                code,
                Evidence.APPROVED_LEAVE,
                rule(
                    "f",
                    "cuti sakit hari ke 2 (dua) sampai dengan hari ke 14 (empat belas) dengan "
                    "melampirkan surat cuti yang disetujui atasan",
                ),
                subtype=subtype,
                min_days=2,
            )
            for code, subtype in ((AbsenceCode.S, None), (AbsenceCode.C, "sakit"))
        ),
        EvidenceRule(
            AbsenceCode.C,
            Evidence.APPROVED_LEAVE,
            rule(
                "g",
                "cuti alasan penting hari ke 1 (satu) sampai dengan hari ke 10 (sepuluh) dengan "
                "melampirkan surat cuti yang disetujui atasan",
            ),
            subtype="alasan_penting",
        ),
    )


def build(params: Mapping[str, Any]) -> Policy:
    """Check-in from 07:00, check-out until 17:30, working hours between, selfie in uniform."""
    check_params(params, {"hours", "radius_m"}, "eoffice-muba")
    hours = parse_hours(params.get("hours", FIVE_DAY_HOURS))
    opens, closes = parse_clock("07:00"), parse_clock("17:30")
    days = {
        day: office_day(
            work,
            opens_before=0,
            closes_after=None,
            in_rule=CHECK_IN,
            out_rule=CHECK_OUT,
            in_opens_at=opens,
            out_closes_at=closes,
        )
        for day, work in hours.items()
    }
    radius = radius_param(params, "eoffice-muba")
    radius_rule: Rule[float] = (
        Rule(radius, PLACE)
        if radius is not None
        else Rule(
            100,
            default("Perbup 9/2023 Pasal 7 ayat (4) names workplace coordinates, no radius: 100 m"),
        )
    )
    return Policy(
        key="eoffice-muba",
        title="Kabupaten Musi Banyuasin - E-Office",
        week=Week(days, HOURS),
        radius_m=radius_rule,
        late_rule=HOURS,
        evidence=_evidence(),
        duty_radius_m=Rule(7000, DUTY_NEAR),
        uniform_selfie=Rule(1, SELFIE),
        approver=Rule("admin", APPROVER),
        notes=(EXEMPT, TPP),
        lkh=_lkh(),
        tpp=replace(DEFAULT_TPP, lkh_weight=LKH_WEIGHT, lkh_rule=TPP),
    )
