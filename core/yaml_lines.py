"""Load YAML safely and remember the line of every key and list item, for error messages.

The loader reads YAML the way an administrator means it: `07:30` and `7:30` stay texts (YAML 1.1
would read `7:30` as the base-60 number 450), and only true/false are booleans (`off`, `no` stay
texts), and dates stay texts too, so that a bad date is reported by the schema with its line
rather than by the YAML reader without one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path as FilePath
from typing import Any

import yaml

Path = tuple[str | int, ...]

_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class YamlError(ValueError):
    """YAML that cannot be read, with the line where reading failed."""

    def __init__(self, line: int, message: str) -> None:
        self.line = line
        self.message = message
        super().__init__(f"line {line}: {message}")


MAX_DEPTH = 64


class LineLoader(yaml.SafeLoader):
    """A SafeLoader without base-60 numbers, yes/no/on/off booleans or implicit dates.

    It refuses aliases (`*name`): each one may repeat a whole subtree, and a few lines of them
    ("billion laughs") expand to billions of values. Nesting is bounded too, since composing is
    recursive and a few thousand `[` would exhaust Python's stack.
    """

    _depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise yaml.composer.ComposerError(
                None,
                None,
                f"aliases (*{event.anchor}) are not supported; write the value out",
                event.start_mark,
            )
        if self._depth >= MAX_DEPTH:
            raise yaml.composer.ComposerError(
                None, None, f"nested deeper than {MAX_DEPTH} levels", event.start_mark
            )
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


_REPLACED = (_BOOL, _INT, _FLOAT, _TIMESTAMP)
LineLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _REPLACED]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
LineLoader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
LineLoader.add_implicit_resolver(
    _INT, re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$"), list("-+0123456789")
)
LineLoader.add_implicit_resolver(
    _FLOAT,
    re.compile(
        r"^(?:[-+]?(?:[0-9][0-9_]*)?\.[0-9_]+(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)"
        r"|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)


def read_text(file: FilePath) -> str:
    """A YAML file's text; ValueError names the file and, for a byte that is not UTF-8, its line."""
    try:
        data = file.read_bytes()
    except OSError as error:
        raise ValueError(f"cannot read {file}: {error.strerror or error}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ValueError(
            f"{file}: line {line}: byte 0x{data[error.start]:02x} is not UTF-8 text; "
            "save it as UTF-8"
        ) from None


def load(text: str) -> tuple[Any, dict[Path, int]]:
    """The document's data and the 1-based line of each path (keys and list items)."""
    loader = LineLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlError(line, f"not valid YAML: {error.problem or error}") from None
    except yaml.YAMLError as error:
        raise YamlError(1, f"not valid YAML: {error}") from None
    finally:
        loader.dispose()
    lines: dict[Path, int] = {}
    if node is not None:
        _record(node, (), lines)
    return data, lines


def _record(node: yaml.Node, path: Path, lines: dict[Path, int]) -> None:
    """Walk the node tree beside the data; refuse a key given twice in one mapping."""
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            line = key_node.start_mark.line + 1
            if key in seen and key != "<<":
                raise YamlError(
                    line,
                    f"{format_path((*path, key))}: key given twice (first on line {seen[key]})",
                )
            seen[key] = line
            lines.setdefault((*path, key), line)
            _record(value_node, (*path, key), lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record(item, (*path, index), lines)


def line_of(lines: dict[Path, int], path: Sequence[str | int]) -> int:
    """The line of `path`, or of its nearest ancestor that the file has."""
    for end in range(len(path), -1, -1):
        found = lines.get(tuple(path[:end]))
        if found is not None:
            return found
    return 1


def format_path(path: Sequence[str | int]) -> str:
    """('units', 1, 'sites', 0, 'radius_m') -> 'units[1].sites[0].radius_m'."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def parse_path(text: str) -> Path:
    """'units[1].sites[0].radius_m' -> ('units', 1, 'sites', 0, 'radius_m')."""
    parts: list[str | int] = []
    for piece in re.findall(r"[^.\[\]]+|\[\d+\]", text):
        parts.append(int(piece[1:-1]) if piece.startswith("[") else piece)
    return tuple(parts)
