"""The regulations as presets: one policy builder per regulation file, each rule citing it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from core.policy import Policy
from core.presets import balangan, dinkes_muba, eoffice_muba, konawe_kepulauan, sungai_penuh
from core.presets.common import InvalidPresetParameter


class UnknownPreset(ValueError):
    """No preset has that name."""


@dataclass(frozen=True)
class Preset:
    key: str
    file: str
    zone: str
    build: Callable[[Mapping[str, Any]], Policy]
    parameters: str  # what can be set, for `presensi policy presets` and the docs


PRESETS: dict[str, Preset] = {
    p.key: p
    for p in (
        Preset("dinkes-muba-dinas", dinkes_muba.FILE, "Asia/Jakarta", dinkes_muba.dinas, ""),
        Preset(
            "dinkes-muba-puskesmas", dinkes_muba.FILE, "Asia/Jakarta", dinkes_muba.puskesmas, ""
        ),
        Preset(
            "sungai-penuh",
            sungai_penuh.FILE,
            "Asia/Jakarta",
            sungai_penuh.build,
            "hours (default mon-thu 07:30-16:00, fri 07:30-16:30)",
        ),
        Preset(
            "eoffice-muba",
            eoffice_muba.FILE,
            "Asia/Jakarta",
            eoffice_muba.build,
            "hours (default mon-thu 07:30-16:00, fri 07:30-16:30), radius_m (default 100)",
        ),
        Preset(
            "balangan", balangan.FILE, "Asia/Makassar", balangan.build, "radius_m (default 100)"
        ),
        Preset(
            "konawe-kepulauan",
            konawe_kepulauan.FILE,
            "Asia/Makassar",
            konawe_kepulauan.build,
            "hours (default mon-thu 07:30-16:00, fri 07:30-16:30), opens_before (default 60), "
            "apel_start (default 07:30)",
        ),
    )
}


def build_preset(key: str, params: Mapping[str, Any] | None = None) -> Policy:
    """The policy of preset `key` with its parameters."""
    try:
        preset = PRESETS[key]
    except KeyError:
        raise UnknownPreset(f"unknown preset {key!r}; presets: {', '.join(PRESETS)}") from None
    return preset.build(params or {})


__all__ = ["PRESETS", "InvalidPresetParameter", "Preset", "UnknownPreset", "build_preset"]
