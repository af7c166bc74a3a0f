"""`presensi privacy export NIP --org CODE`: a person's records as JSON, secrets as facts only."""

from __future__ import annotations

import json

import pytest

from tests.e2e.test_cli_face_enroll import STAFF, load


def check_export(cli) -> None:
    load(cli)
    code, out, err = cli("privacy", "export", STAFF, "--org", "pemkot-sungai-penuh")
    assert code == 0, err
    data = json.loads(out)
    assert data["employee"]["name"] == "Dewi Lestari A.Md"
    assert data["employee"]["identifier"] == STAFF and data["employee"]["unit"]
    assert data["attendance"] == [] and data["absences"] == [] and data["chat_accounts"] == []
    assert "EVIDENCE_RETENTION_DAYS" in data["also_held"]["media"]
    code, _, err = cli("privacy", "export", "199611302022032099", "--org", "pemkot-sungai-penuh")
    assert code == 1 and "no employee 199611302022032099" in err


def test_export_on_sqlite(cli):
    check_export(cli)


@pytest.mark.postgres
def test_export_on_postgresql(pg_cli):
    check_export(pg_cli)
