"""The error of a configuration value, with its key path and, from a file, its line."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any


class InvalidConfig(ValueError):
    """A configuration value that cannot be used, with where it is (key path, and file line)."""

    def __init__(
        self, path: str, message: str, line: int | None = None, source: str | None = None
    ) -> None:
        self.path = path
        self.message = message
        self.line = line
        self.source = source
        self.level: int | None = None  # which mapping of a `resolve_policy` chain, 0 first
        super().__init__(str(self))

    def __str__(self) -> str:
        parts = [self.source] if self.source else []
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.path:
            parts.append(self.path)
        return ": ".join([*parts, self.message])


def text(value: Any, path: str) -> str:
    """A non-empty text, stripped."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidConfig(path, f"expected a non-empty text, got {value!r}")
    return value.strip()


def check_keys(value: Any, path: str, allowed: Sequence[str], required: Sequence[str] = ()) -> None:
    """A mapping with only `allowed` keys and all `required` ones."""
    if not isinstance(value, Mapping):
        raise InvalidConfig(path, f"expected a mapping with {', '.join(allowed)}")
    for key in value:
        if key not in allowed:
            raise InvalidConfig(f"{path}.{key}", f"unknown key {key!r}{hint(key, allowed)}")
    for key in required:
        if key not in value:
            raise InvalidConfig(f"{path}.{key}", "required")


def hint(key: Any, allowed: Iterable[str]) -> str:
    """'; did you mean ...? (keys: ...)' for an unknown key."""
    allowed = list(allowed)
    close = difflib.get_close_matches(str(key), allowed, n=1)
    guess = f"; did you mean {close[0]!r}?" if close else ""
    return f"{guess} (keys: {', '.join(allowed)})"
