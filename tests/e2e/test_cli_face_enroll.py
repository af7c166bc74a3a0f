"""`presensi face enroll`: an admin imports reference photos from files."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import text

from presensi.settings import get_settings
from tests.e2e.conftest import count, load_example
from tests.faces_fixtures import photo_path

STAFF = "199611302022032007"


load = load_example


def test_two_photos_of_one_person_become_the_approved_reference(cli):
    load(cli)
    code, out, err = cli(
        "face",
        "enroll",
        STAFF,
        str(photo_path("obama_1")),
        str(photo_path("obama_2")),
        "--org",
        "pemkot-sungai-penuh",
    )
    assert code == 0, err
    assert "face enrolled from 2 photo(s)" in out
    assert count(cli.database, "face_references") == 1
    assert cli("audit", "verify")[0] == 0


@pytest.mark.postgres
def test_a_face_enrols_on_postgresql_too(pg_cli, monkeypatch):
    load(pg_cli)
    args = ("face", "enroll", STAFF, str(photo_path("obama_1")), "--org", "pemkot-sungai-penuh")
    code, _, err = pg_cli(*args)  # production without FACE_KEYS: refused, nothing stored plain
    assert code == 1 and "FACE_KEYS is not set" in err
    monkeypatch.setenv("FACE_KEYS", Fernet.generate_key().decode())
    get_settings.cache_clear()
    code, out, err = pg_cli(*args)
    assert code == 0 and "face enrolled from 1 photo(s)" in out, err
    with pg_cli.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM face_references")).scalar() == 1
        stored = connection.execute(text("SELECT encodings FROM face_references")).scalar()
    assert list(stored) == ["fernet"]  # encrypted at rest
    assert pg_cli("audit", "verify")[0] == 0
    code, out, _ = pg_cli("face", "rekey")
    assert code == 0 and "0 plain and 1 encrypted face reference(s)" in out
    assert pg_cli("audit", "verify")[0] == 0


def test_photos_of_two_people_or_without_one_face_are_refused(cli):
    load(cli)
    code, _, err = cli(
        "face",
        "enroll",
        STAFF,
        str(photo_path("obama_1")),
        str(photo_path("biden_1")),
        "--org",
        "pemkot-sungai-penuh",
    )
    assert code == 1 and "do not show the same person" in err
    code, _, err = cli(
        "face", "enroll", STAFF, str(photo_path("two_people")), "--org", "pemkot-sungai-penuh"
    )
    assert code == 1 and "More than one face" in err
    assert count(cli.database, "face_references") == 0


def test_an_unknown_employee_is_refused(cli):
    load(cli)
    code, _, err = cli(
        "face",
        "enroll",
        "199611302022032099",
        str(photo_path("obama_1")),
        "--org",
        "pemkot-sungai-penuh",
    )
    assert code == 1 and "no employee 199611302022032099" in err
