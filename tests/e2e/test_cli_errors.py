"""What an admin sees when the database, a file or the environment is wrong: one line, exit 1."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from core.storage.database import make_engine
from presensi.cli import app
from presensi.settings import get_settings
from tests.conftest import PG_ADMIN_URL
from tests.e2e.conftest import count

EXAMPLES = Path(__file__).parents[2] / "examples"
ORG = "pemkot-sungai-penuh"
UPGRADE = "create it with `presensi db upgrade`"

READ_COMMANDS = [
    ("audit", "verify"),
    ("org", "load", str(EXAMPLES / "org-sungai-penuh.yaml")),
    ("employees", "import", str(EXAMPLES / "employees-sungai-penuh.csv"), "--org", ORG),
    ("recap", "--org", ORG, "--month", "2026-11"),
    ("policy", "check", "--org", ORG, "--at", "2026-11-24 07:31"),
]


def invoke(*args: str) -> tuple[int, str]:
    get_settings.cache_clear()
    result = CliRunner().invoke(app, list(args))
    get_settings.cache_clear()
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stderr


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


@pytest.mark.parametrize("args", READ_COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_before_db_upgrade_a_command_says_how_to_create_the_schema(args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # another directory, with the default DATABASE_URL
    monkeypatch.delenv("DATABASE_URL", raising=False)
    code, err = invoke(*args)
    assert code == 1
    assert one_line(err).startswith("error: the database sqlite:///var/presensi.db has no schema")
    assert UPGRADE in err
    assert not (tmp_path / "var").exists()  # reading created nothing


def test_the_polling_bot_before_db_upgrade_says_so_before_polling(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:TEST-TOKEN")
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", "http://127.0.0.1:1/bot")  # never reached
    code, err = invoke("bot", "--polling")
    assert code == 1 and UPGRADE in one_line(err)
    assert not (tmp_path / "var").exists()


def test_an_empty_database_file_has_no_schema_and_upgrade_fixes_it(tmp_path, monkeypatch):
    database = tmp_path / "empty.db"
    database.touch()
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{database}")
    code, err = invoke("audit", "verify")
    assert code == 1 and UPGRADE in one_line(err)
    assert invoke("db", "upgrade")[0] == 0
    assert invoke("audit", "verify") == (0, "")


def test_an_unknown_scheme_is_named_with_the_supported_ones(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "mysql://presensi@localhost/presensi")
    for args in (("audit", "verify"), ("db", "upgrade")):
        code, err = invoke(*args)
        assert code == 1
        assert one_line(err) == (
            "error: DATABASE_URL: unsupported database 'mysql'; use "
            "sqlite:///FILE or postgresql://USER@HOST/DATABASE"
        )


@pytest.fixture
def empty_pg() -> str:
    """A PostgreSQL database that exists but has no schema yet; the URL without a driver."""
    admin = make_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"presensi_empty_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:
        from tests.conftest import unavailable

        unavailable("PostgreSQL", error)
    yield PG_ADMIN_URL.split("://", 1)[1].rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.mark.parametrize("scheme", ["postgres", "postgresql"])
def test_postgres_urls_as_hosts_hand_them_out_work(scheme, empty_pg, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"{scheme}://{empty_pg}")
    code, err = invoke("audit", "verify")
    assert code == 1 and UPGRADE in one_line(err)
    assert invoke("db", "upgrade")[0] == 0
    assert invoke("org", "load", str(EXAMPLES / "org-sungai-penuh.yaml"))[0] == 0
    assert invoke("audit", "verify")[0] == 0


def test_a_postgresql_database_that_does_not_exist_is_named(monkeypatch):
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/no_such_presensi_db"
    monkeypatch.setenv("DATABASE_URL", url)
    for args in (("audit", "verify"), ("db", "upgrade")):
        code, err = invoke(*args)
        line = one_line(err)
        if "Connection refused" in line:
            pytest.skip("PostgreSQL is not reachable")
        assert code == 1
        assert line.startswith("error: cannot use the database postgresql+psycopg://")
        assert 'database "no_such_presensi_db" does not exist' in line


@pytest.mark.parametrize(
    ("language", "absent"),
    [
        ("en_US:en", "Absent without reason"),  # GNU gettext's form, set by many desktops
        ("en", "Absent without reason"),
        ("id", "Tanpa Keterangan"),
        ("fr_FR:fr", "Tanpa Keterangan"),  # unknown: the default
    ],
)
def test_language_in_gettexts_form_is_understood(cli, monkeypatch, language, absent):
    cli("db", "upgrade")
    cli("org", "load", str(EXAMPLES / "org-sungai-penuh.yaml"))
    cli("employees", "import", str(EXAMPLES / "employees-sungai-penuh.csv"), "--org", ORG)
    monkeypatch.setenv("LANGUAGE", language)
    get_settings.cache_clear()
    code, out, err = cli("recap", "--org", ORG, "--day", "2026-11-24")
    assert code == 0, err
    assert absent in out


BOMB = (
    "\n".join(
        ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
        + [
            f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]"
            for a, b in zip("abcdefgh", "bcdefghi", strict=True)
        ]
    )
    + "\n"
)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"code: x\nname: Pemkot \xff\n", "line 2: byte 0xff is not UTF-8 text; save it as UTF-8"),
        (
            ("code: " + "[" * 5000 + "]" * 5000 + "\n").encode(),
            "line 1: not valid YAML: nested deeper",
        ),
        (BOMB.encode(), "line 2: not valid YAML: aliases (*a) are not supported"),
    ],
    ids=["bad-byte", "5000-deep", "alias-bomb"],
)
def test_a_hostile_yaml_file_is_refused_in_one_line(cli, tmp_path, content, message):
    cli("db", "upgrade")
    file = tmp_path / "org.yaml"
    file.write_bytes(content)
    for args in (
        ("org", "load", str(file)),
        ("policy", "check", "--org", str(file), "--at", "2026-11-24 07:31"),
    ):
        # The bomb is refused at its first alias, before anything is expanded (it used to run
        # for minutes); no timing here: speed belongs in benchmarks/, not in a test.
        code, _, err = cli(*args)
        assert code == 1
        assert message in one_line(err)
    assert count(cli.database, "organisations") == 0


def test_a_deeply_nested_param_is_refused_too(cli):
    code, _, err = cli(
        "policy",
        "check",
        "--preset",
        "sungai-penuh",
        "--at",
        "2026-11-24 07:31",
        "--param",
        "x=" + "[" * 5000 + "]" * 5000,
    )
    assert code == 1 and "nested deeper than" in one_line(err)


def test_face_enroll_takes_at_most_three_photos(cli, tmp_path):
    photos = []
    for n in range(4):
        photos.append(tmp_path / f"{n}.jpg")
        photos[-1].write_bytes(b"not checked: the count is refused first")
    code, _, err = cli("face", "enroll", "199611302022032007", *map(str, photos), "--org", ORG)
    assert code == 2
    assert one_line(err) == "error: give 1 to 3 photos, not 4"


@pytest.mark.postgres
def test_serve_on_postgresql_without_its_keys_says_which_in_one_line(pg_cli, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("FACE_KEYS", raising=False)
    code, _, err = pg_cli("serve", "--port", "1")
    assert code == 1
    assert one_line(err) == (
        "error: SECRET_KEY is not set: a server on postgresql needs it (see the README, "
        "Personal data)"
    )
