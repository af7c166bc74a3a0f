"""Who sees and administers whom (Perwal Sungai Penuh 12/2023 Pasal 7 and 8)."""

from __future__ import annotations

from core.access import (
    ADMINISTRATORS,
    RECAP_READERS,
    SUPER_ADMIN_RULE,
    UNIT_ADMIN_RULE,
    admin_scope,
    administers,
    recap_scope,
    roles_of,
)
from core.flows.commands import COMMANDS, allowed
from core.org import Role

ORG, UNIT, OTHER = 1, 10, 11


def test_stored_role_names_become_roles_and_unknown_names_give_nothing():
    assert roles_of(["admin", "kepala"]) == {Role.EMPLOYEE, Role.ADMIN}
    assert roles_of([]) == {Role.EMPLOYEE}


def test_the_head_and_the_unit_admin_read_their_unit_a_super_admin_every_unit():
    assert recap_scope({"manager"}, ORG, UNIT).unit_ids == {UNIT}
    assert recap_scope({"admin"}, ORG, UNIT).unit_ids == {UNIT}
    assert recap_scope({"employee", "super_admin"}, ORG, UNIT).whole_org
    assert recap_scope({"employee"}, ORG, UNIT) is None


def test_only_admins_administer_a_unit_admin_only_their_own():
    assert admin_scope({"manager"}, ORG, UNIT) is None
    assert administers({"admin"}, ORG, UNIT, ORG, [UNIT])
    assert not administers({"admin"}, ORG, UNIT, ORG, [OTHER])
    assert administers({"admin"}, ORG, UNIT, ORG, [OTHER, UNIT])  # e.g. before and after a move
    assert administers({"super_admin"}, ORG, UNIT, ORG, [OTHER])
    assert not administers({"super_admin"}, ORG, UNIT, 2, [OTHER])  # never another organisation


def test_the_rules_cite_the_regulation():
    assert (UNIT_ADMIN_RULE.pasal, UNIT_ADMIN_RULE.ayat) == ("7", "3")
    assert (SUPER_ADMIN_RULE.pasal, SUPER_ADMIN_RULE.ayat) == ("8", "4")


def test_the_chat_menu_uses_the_same_role_sets():
    by_command = {command: roles for command, roles, _, _ in COMMANDS}
    assert by_command["rekap"] == by_command["rekapbulan"] == RECAP_READERS
    assert by_command["tinjau"] == by_command["kode"] == ADMINISTRATORS
    assert allowed("rekap", {"employee", "manager"}) and not allowed("rekap", {"employee"})
