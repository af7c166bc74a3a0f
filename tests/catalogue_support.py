"""A fictitious absence code, added the way a real one would be: a catalogue row and its
evidence rule, with no core file edited. Tests extend the catalogue with it while they run."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from core.absence import Evidence, EvidenceRule
from core.absence_codes import CATALOGUE, AbsenceCode, AbsenceKind, Group
from core.citations import default

WFH_RULE = default("test: kerja dari rumah is ordered by a surat tugas")
WFH_GROUP = Group("remote", ("Kerja dari rumah", "Working from home"))
WFH = AbsenceKind(
    "WFH",
    ("Kerja dari Rumah", "Work from Home"),
    ("Kerja dari rumah", "Work from home"),
    "remote",
    "#6a1b9a",
    present=True,
    subtypes=("penuh", "setengah_hari"),
    evidence=(EvidenceRule("WFH", Evidence.ASSIGNMENT, WFH_RULE),),
)


@contextmanager
def working_from_home() -> Iterator[AbsenceCode]:
    """The catalogue with WFH in its own /rekap group, while the block runs."""
    with CATALOGUE.extended(WFH, WFH_GROUP) as code:
        yield code
