"""The shape of an organisation file (pydantic) and its errors as field path plus YAML line.

The schema checks fields and types only; references, geometry and policies are checked by
`core.org.file`. Time zones are checked here because units and the organisation share the rule.
"""

from __future__ import annotations

import datetime as dt
import difflib
import types
import typing
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError
from pydantic_core import ErrorDetails

from core import yaml_lines
from core.org import UnitKind
from core.policy.config import InvalidConfig

INDONESIAN_ZONES = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}
# Short names staff write, and the old tz name still linked to Asia/Makassar.
ZONE_ALIASES = {
    "WIB": "Asia/Jakarta",
    "WITA": "Asia/Makassar",
    "WIT": "Asia/Jayapura",
    "ASIA/UJUNG_PANDANG": "Asia/Makassar",
}
CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"

Code = Annotated[str, StringConstraints(pattern=CODE_PATTERN)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
LatLon = list[float]  # [latitude, longitude]; the length is checked with the geometry


class _Schema(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SiteModel(_Schema):
    code: Code
    name: Name
    center: LatLon | None = None
    radius_m: float | None = None
    polygon: list[LatLon] | None = None


class HolidayModel(_Schema):
    date: dt.date
    name: Name


class UnitModel(_Schema):
    code: Code
    name: Name
    kind: UnitKind
    parent: Code | None = None
    zone: str | None = None
    preset: str | None = None
    preset_params: dict[str, Any] | None = None
    policy: dict[str, Any] | None = None
    attends_at: Code | None = None
    sites: list[SiteModel] | None = None


class OrgModel(_Schema):
    code: Code
    name: Name
    zone: str
    preset: str
    preset_params: dict[str, Any] | None = None
    policy: dict[str, Any] | None = None
    holidays: list[HolidayModel] | None = None
    units: list[UnitModel] = Field(min_length=1)
    event_sites: list[SiteModel] | None = None


def check_zone(value: str) -> tuple[str, str | None]:
    """The IANA zone `value` names (WIB/WITA/WIT accepted), and a warning if not Indonesian."""
    text = value.strip()
    for zone in INDONESIAN_ZONES:
        if text.lower() == zone.lower():
            return zone, None
    if text.upper() in ZONE_ALIASES:
        return ZONE_ALIASES[text.upper()], None
    indonesian = ", ".join(f"{z} ({abbr})" for z, abbr in INDONESIAN_ZONES.items())
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {value!r}; Indonesian zones: {indonesian}") from None
    return text, f"{text} is not an Indonesian zone ({indonesian})"


def schema_error(error: ValidationError, lines: dict, source: str) -> InvalidConfig:
    """The first schema error in file order, as InvalidConfig with its path and line."""
    issues = sorted(error.errors(), key=lambda e: yaml_lines.line_of(lines, e["loc"]))
    issue = issues[0]
    loc = tuple(issue["loc"])
    more = f" (and {len(issues) - 1} more)" if len(issues) > 1 else ""
    return InvalidConfig(
        yaml_lines.format_path(loc),
        _message(issue, loc) + more,
        yaml_lines.line_of(lines, loc),
        source,
    )


def _message(issue: ErrorDetails, loc: tuple) -> str:
    """A schema error in the words of this file format."""
    kind = issue["type"]
    value = issue.get("input")
    if kind == "extra_forbidden":
        fields = _fields_at(loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), fields, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return f"unknown field {loc[-1]!r}{hint} (fields: {', '.join(fields)})"
    if kind == "missing":
        return "required field is missing"
    if kind == "string_pattern_mismatch":
        return f"a code is letters, digits, '-', '_' or '.' (at most 64), got {value!r}"
    if isinstance(value, str | int | float | bool) or value is None:
        return f"{issue['msg']}, got {value!r}"
    return str(issue["msg"])


def _fields_at(loc: tuple) -> list[str]:
    """The field names of the schema model found at `loc`."""
    model: type[BaseModel] | None = OrgModel
    for part in loc:
        if model is None:
            return []
        if isinstance(part, int):
            continue
        info = model.model_fields.get(part)
        model = _model_in(info.annotation) if info else None
    return list(model.model_fields) if model else []


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The schema model inside an annotation such as `list[SiteModel] | None`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is not None:
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if found:
                return found
    return None
