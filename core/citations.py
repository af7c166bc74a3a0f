"""Where a rule comes from: the regulation file, its article, and the words it says."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Citation:
    file: str  # the file name in shared/regulations/, empty for a presensi default
    instrument: str  # e.g. "Perwal Sungai Penuh 12/2023"
    pasal: str = ""
    ayat: str = ""
    point: str = ""  # huruf or angka
    quote: str = ""

    @property
    def article(self) -> str:
        parts = [f"Pasal {self.pasal}"] if self.pasal else []
        if self.ayat:  # "1-3": ayat (1)-(3), as the regulations write a range
            parts.append("ayat " + "-".join(f"({a})" for a in self.ayat.split("-")))
        if self.point:
            parts.append(self.point)
        return " ".join(parts)

    def __str__(self) -> str:
        return f"{self.instrument}, {self.article}" if self.article else self.instrument

    def as_dict(self) -> dict[str, str]:
        return {
            "file": self.file,
            "instrument": self.instrument,
            "article": self.article,
            "quote": self.quote,
        }


def default(why: str) -> Citation:
    """A rule that no regulation fixes, chosen by presensi and documented as such."""
    return Citation(file="", instrument="presensi default", quote=why)
