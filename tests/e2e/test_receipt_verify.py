"""`presensi receipt verify CODE` and `GET /verify/{code}` on a database the CLI wrote, through
the real Typer app and the real FastAPI app.

The code is made as the chat flow makes it (core.services.receipts.issue, from the record's
audit entry), with the RECEIPT_KEY the server is configured with.
"""

from __future__ import annotations

import sqlite3

import pytest
import time_machine
from fastapi.testclient import TestClient

from core import receipts
from presensi.server import build_app
from presensi.settings import Settings
from tests.e2e.conftest import load_example
from tests.e2e.test_cli_attendance import NOW, ORG, STAFF
from webhooks.routes.verify import CHECKS_PER_MINUTE

ADMIN = "198203252008012004"
KEY = "a-receipt-key-kept-out-of-the-database"


@pytest.fixture
def run(cli, monkeypatch):
    """Dewi's late check-in recorded by an admin, with RECEIPT_KEY set for every command."""
    monkeypatch.setenv("RECEIPT_KEY", KEY)
    with time_machine.travel(NOW, tick=False):
        load_example(cli)
        code, _, err = cli(
            "attendance", "manual", STAFF, "--org", ORG, "--direction", "masuk",
            "--at", "2026-11-24 07:45", "--reason", "lupa_hp",
        )  # fmt: skip
        assert code == 0, err
        yield cli


def receipt_of(
    database, entity: str = "attendance", entity_id: str = "1", key: bytes = KEY.encode()
) -> str:
    """The code of the row's first audit entry, as the flow hands it to the employee."""
    with sqlite3.connect(database) as connection:
        org_id, seq, digest = connection.execute(
            "SELECT org_id, seq, digest FROM audit_log WHERE entity = ? AND entity_id = ? "
            "ORDER BY seq LIMIT 1",
            (entity, entity_id),
        ).fetchone()
    position = receipts.Position(org_id, seq)
    return receipts.make(key, position, entity, entity_id, digest)


def verify(run, code: str):
    return run("receipt", "verify", code)


def http(run):
    settings = Settings(_env_file=None, database_url=f"sqlite:///{run.database}", receipt_key=KEY)
    return TestClient(build_app(settings))


def test_a_record_that_stands(run):
    code = receipt_of(run.database)
    status, out, err = verify(run, code)
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "status: stands"
    assert "record time: 07:45" in lines and "record name: D.L." in lines
    assert "record status: late" in lines and "record what: in" in lines
    assert STAFF not in out

    with http(run) as client:
        answer = client.get(f"/verify/{code}")
    assert answer.status_code == 200
    body = answer.json()
    assert body["status"] == "stands" and "replaced_by" not in body
    assert body["record"]["name"] == "D.L." and body["record"]["time"] == "07:45"
    assert STAFF not in answer.text and "lat" not in body["record"]


def test_a_corrected_record_is_replaced_and_says_by_what_and_why(run):
    code = receipt_of(run.database)
    with time_machine.travel(NOW, tick=False):
        corrected = run(
            "attendance", "correct", STAFF, "--org", ORG, "--date", "2026-11-24",
            "--direction", "masuk", "--at", "07:25", "--reason", "antrean mesin", "--by", ADMIN,
        )  # fmt: skip
    assert corrected[0] == 0, corrected[2]

    status, out, _ = verify(run, code)
    assert status == 1
    lines = out.splitlines()
    assert lines[0] == "status: replaced"
    assert "replaced by time: 07:25" in lines and "replaced by status: on_time" in lines
    assert "replaced by reason: antrean mesin" in lines
    assert "replaced by action: attendance.correct" in lines

    with http(run) as client:
        body = client.get(f"/verify/{code}").json()
    assert body["status"] == "replaced" and body["replaced_by"]["reason"] == "antrean mesin"


def test_a_row_edited_behind_the_log(run):
    code = receipt_of(run.database)
    with sqlite3.connect(run.database) as connection:
        connection.execute("UPDATE attendance SET outcome = 'on_time', minutes = 0")
    status, out, _ = verify(run, code)
    assert status == 1 and out.splitlines()[0] == "status: changed"
    with http(run) as client:
        answer = client.get(f"/verify/{code}")
    assert answer.status_code == 200 and answer.json() == {"status": "changed"}


def test_unknown_altered_and_malformed_codes(run):
    code = receipt_of(run.database)
    body = code.replace("-", "")
    altered = receipts.shown(body[:-1] + ("0" if body[-1] != "0" else "1"))
    nowhere = receipts.make(KEY.encode(), receipts.Position(1, 99_999), "attendance", "1", "0")
    other_key = receipt_of(run.database, key=b"another key")  # the right entry, a wrong MAC
    with http(run) as client:
        for unknown in (altered, nowhere, other_key):
            status, out, err = verify(run, unknown)
            assert (status, out) == (2, "") and len(err.splitlines()) == 1, err
            assert err.startswith("error: unknown receipt code")
            answer = client.get(f"/verify/{unknown}")
            assert answer.status_code == 404 and answer.json()["status"] == "unknown"
        for malformed in ("K7QF-3MZD", "K7QF-3MZD-XW2P-A4R!", "ABCDEFGHJKMNPQRSTVWXYZ", " "):
            status, out, err = verify(run, malformed)
            assert (status, out) == (2, "") and len(err.splitlines()) == 1, err
            assert "is not a receipt code" in err and "Traceback" not in err
            answer = client.get(f"/verify/{malformed}")
            assert answer.status_code in (400, 404), malformed  # " " is no path segment
            if answer.status_code == 400:
                assert answer.json() == {"error": "not a receipt code"}
        assert client.get("/verify/K7QF-3MZD").status_code == 400
    status, _, err = verify(run, "")
    assert status == 2 and "is not a receipt code" in err


def test_guessing_codes_from_one_address_is_held_back(run):
    code = receipt_of(run.database)
    with http(run) as client:
        answers = [client.get(f"/verify/{code}") for _ in range(CHECKS_PER_MINUTE)]
        held = client.get(f"/verify/{code}")
    assert all(a.status_code == 200 for a in answers)
    assert held.status_code == 429 and held.headers["Retry-After"] == "60"
    assert held.json() == {"error": "too many checks; try again in a minute"}
