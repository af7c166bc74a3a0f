"""`presensi employees admin list|add|remove`: a super admin edits a unit's admins from the
command line, and an employee import with a `peran` column says which roles it changes.

Keputusan Kadinkes Musi Banyuasin B-800/18/KPTS-KES/2023 Pasal 3 ayat (2) huruf a: the super
admin adds, edits and removes the admin users. In the Sungai Penuh example file setda has two
admins (Rina, Ahmad), the Puskesmas one (Siti); the head of setda is made super admin here.
"""

from __future__ import annotations

import sqlite3

import pytest

from tests.e2e.conftest import EXAMPLES, load_example

ORG = "pemkot-sungai-penuh"
HEAD = "197804122005011002"
RINA, AHMAD = "198203252008012004", "199005172015031001"
DEWI = "199611302022032007"
SITI, NURSE = "198512202010012011", "199203152023212003"
NOBODY = "199001012015031009"


@pytest.fixture
def run(cli, tmp_path):
    load_example(cli)
    with sqlite3.connect(cli.database) as connection:
        connection.execute(
            "UPDATE employees SET roles = 'employee,manager,super_admin' WHERE identifier = ?",
            (HEAD,),
        )
    return cli


def admin(run, verb: str, *args: str, by: str = HEAD):
    return run("employees", "admin", verb, *args, "--org", ORG, "--by", by)


def roles(database, identifier: str) -> str:
    with sqlite3.connect(database) as connection:
        query = "SELECT roles FROM employees WHERE identifier = ?"
        return connection.execute(query, (identifier,)).fetchone()[0]


def last_audit(database) -> tuple[str, str]:
    with sqlite3.connect(database) as connection:
        query = "SELECT actor, action FROM audit_log ORDER BY org_id DESC, seq DESC LIMIT 1"
        return connection.execute(query).fetchone()


def employee_id(database, identifier: str) -> int:
    with sqlite3.connect(database) as connection:
        query = "SELECT id FROM employees WHERE identifier = ?"
        return connection.execute(query, (identifier,)).fetchone()[0]


def test_list_add_and_remove_are_audited_under_the_super_admins_name(run):
    code, out, err = run("employees", "admin", "list", "--org", ORG, "--unit", "setda")
    assert (code, err) == (0, "")
    assert out == f"setda: {AHMAD} Ahmad Fauzi S.Kom, {RINA} Rina Marlina S.Sos\n"

    code, out, err = admin(run, "add", DEWI, "--unit", "setda")
    assert (code, err) == (0, "")
    assert (
        out
        == "Dewi Lestari A.Md is now an admin of setda; recorded as done by Drs. Hendra Saputra\n"
    )
    assert roles(run.database, DEWI) == "admin,employee"
    actor = f"employee:{employee_id(run.database, HEAD)}"
    assert last_audit(run.database) == (actor, "employee.admin_add")

    code, out, _ = admin(run, "remove", RINA, "--unit", "setda")
    assert code == 0 and out.startswith("Rina Marlina S.Sos is no longer an admin of setda")
    assert roles(run.database, RINA) == "employee"
    assert last_audit(run.database) == (actor, "employee.admin_remove")

    code, out, _ = run("employees", "admin", "list", "--org", ORG)
    assert f"setda: {AHMAD} Ahmad Fauzi S.Kom, {DEWI} Dewi Lestari A.Md\n" in out
    assert "bkpsdm: (none)\n" in out


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ("add", DEWI, "--unit", "setda", "--by", RINA),
            "Rina Marlina S.Sos is not a super "
            "admin of pemkot-sungai-penuh (Keputusan Kadinkes Musi Banyuasin "
            "B-800/18/KPTS-KES/2023, Pasal 3 ayat (2) huruf a)",
        ),
        (("add", RINA, "--unit", "setda", "--by", RINA), "Rina Marlina S.Sos is not a super admin"),
        (("add", NOBODY, "--unit", "setda"), f"no employee {NOBODY} in {ORG}"),
        (("add", DEWI, "--unit", "entah"), f"no unit 'entah' in {ORG}"),
        (("add", RINA, "--unit", "setda"), "Rina Marlina S.Sos is already an admin of setda"),
        (("remove", DEWI, "--unit", "setda"), "Dewi Lestari A.Md is not an admin of setda"),
        (("add", NURSE, "--unit", "setda"), "works in pkm-sungai-penuh, not setda"),
        (
            ("remove", SITI, "--unit", "pkm-sungai-penuh"),
            "Siti Aminah S.Kep is the last admin of "
            "pkm-sungai-penuh: add the successor first, then remove",
        ),
        (("add", HEAD, "--unit", "setda"), "cannot change their own roles"),
        (("add", "123", "--unit", "setda"), "error: "),
        (("add", DEWI, "--unit", "setda", "--by", NOBODY), f"no employee {NOBODY} in {ORG} (--by)"),
    ],
)
def test_refusals_are_one_line_exit_1_and_change_nothing(run, args, said):
    verb, *rest = args
    before = last_audit(run.database)
    options = () if "--by" in rest else ("--by", HEAD)
    code, out, err = run("employees", "admin", verb, *rest, "--org", ORG, *options)
    assert (code, out) == (1, "")
    assert err.startswith("error: ") and said in err and err.count("\n") == 1, err
    assert last_audit(run.database) == before


def test_an_unknown_organisation_is_one_line(run):
    code, _, err = run("employees", "admin", "list", "--org", "nowhere")
    assert (code, err) == (1, "error: no organisation 'nowhere'\n")


def test_a_reimport_with_a_peran_column_says_which_roles_it_changes(run, tmp_path):
    admin(run, "add", DEWI, "--unit", "setda")
    admin(run, "remove", RINA, "--unit", "setda")

    # The HR file still says Rina is admin and Dewi is not: it wins, and says so by line.
    path = EXAMPLES / "employees-sungai-penuh.csv"
    code, out, err = run("employees", "import", str(path), "--org", ORG)

    assert code == 0
    assert out.splitlines()[1:] == [
        "roles changed: line 2 Drs. Hendra Saputra: employee,manager,super_admin -> "
        "employee,manager",
        "roles changed: line 3 Rina Marlina S.Sos: employee -> admin,employee",
        "roles changed: line 5 Dewi Lestari A.Md: admin,employee -> employee",
    ]
    assert err == ""
    assert roles(run.database, DEWI) == "employee"


def test_a_file_without_peran_keeps_the_roles_and_one_leaving_a_unit_without_admin_warns(
    run, tmp_path
):
    admin(run, "add", DEWI, "--unit", "setda")
    lines = (EXAMPLES / "employees-sungai-penuh.csv").read_text().splitlines()
    without = tmp_path / "tanpa-peran.csv"
    without.write_text(
        "\n".join(",".join(c for i, c in enumerate(line.split(",")) if i != 6) for line in lines)
    )
    code, out, err = run("employees", "import", str(without), "--org", ORG)
    assert (code, err) == (0, "")
    assert "roles changed" not in out
    assert roles(run.database, DEWI) == "admin,employee"

    no_admin = tmp_path / "pkm.csv"
    no_admin.write_text(lines[0] + "\n" + lines[6].replace(",admin,", ",,") + "\n")
    code, out, err = run("employees", "import", str(no_admin), "--org", ORG)
    assert code == 0
    assert "roles changed: line 2 Siti Aminah S.Kep: admin,employee -> employee" in out
    assert err == "warning: unit pkm-sungai-penuh has no admin left\n"
