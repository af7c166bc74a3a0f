"""README's "Commands by role" table is what the chat's menu offers: every command of
core.flows.commands, with the roles that see it, and nothing else (issue 13: README's chat table
lists every command by role)."""

from __future__ import annotations

import re
from pathlib import Path

from core.access import ADMINISTRATORS, EVERYONE, RECAP_READERS
from core.flows.commands import COMMANDS
from core.org import Role

README = Path(__file__).parents[2] / "README.md"
WHO = {
    "everyone": EVERYONE,
    "heads, admins, super admins": RECAP_READERS,
    "admins, super admins": ADMINISTRATORS,
    "super admins": frozenset({Role.SUPER_ADMIN}),
}
ROW = re.compile(r"^\| `/(\w+)` \| ([a-z, ]+) \| .+ \|$")


def readme_commands() -> dict[str, frozenset[Role]]:
    """The table's rows: command -> the roles its "who" column names."""
    text = README.read_text(encoding="utf-8")
    table = text.split("| command | who | what |", 1)[1].split("\n\n", 1)[0]
    rows = [ROW.match(line) for line in table.splitlines()[2:]]
    assert all(rows), "a row of README's commands table is not `| `/cmd` | who | what |`"
    return {m.group(1): WHO[m.group(2)] for m in rows if m}


def test_readme_lists_every_command_of_the_menu_with_its_roles():
    menu = {command: roles for command, roles, _id, _en in COMMANDS}
    assert readme_commands() == menu
