"""The organisation: units, sites, employees and their roles, as plain data."""

from __future__ import annotations

from enum import StrEnum

from core.ids import InvalidIdentifier, parse_nik, parse_nip


class EmployeeKind(StrEnum):
    PNS = "PNS"
    CPNS = "CPNS"
    PPPK = "PPPK"
    NON_ASN = "NON_ASN"  # pegawai tidak tetap / honorer: identified by NIK

    @property
    def is_asn(self) -> bool:
        return self is not EmployeeKind.NON_ASN


class Role(StrEnum):
    EMPLOYEE = "employee"
    ADMIN = "admin"  # unit admin / operator presensi
    MANAGER = "manager"  # head of unit
    SUPER_ADMIN = "super_admin"


class UnitKind(StrEnum):
    PERANGKAT_DAERAH = "perangkat_daerah"
    UPT = "upt"
    PUSKESMAS = "puskesmas"
    RUMAH_SAKIT = "rumah_sakit"
    SEKOLAH = "sekolah"
    KECAMATAN = "kecamatan"
    KELURAHAN = "kelurahan"
    BAGIAN = "bagian"


class SiteKind(StrEnum):
    OFFICE = "office"
    EVENT = "event"


def check_employee_id(kind: EmployeeKind, nip: str | None, nik: str | None) -> str:
    """ASN are identified by NIP, non-ASN by NIK; return the normalised identifier."""
    if kind.is_asn:
        if not nip:
            raise InvalidIdentifier("needs_nip", f"{kind} needs a NIP")
        parsed = parse_nip(nip)
        if (kind is EmployeeKind.PPPK) != parsed.is_pppk:
            expected = "carries" if kind is EmployeeKind.PPPK else "does not carry"
            raise InvalidIdentifier(
                "pppk_marker", f"a {kind} NIP {expected} the PPPK marker 21 in digits 13-14"
            )
        return parsed.value
    if not nik:
        raise InvalidIdentifier("needs_nik", "non-ASN staff need a NIK")
    return parse_nik(nik).value
