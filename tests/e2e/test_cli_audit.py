"""`presensi audit checkpoint` and `presensi audit verify` with AUDIT_KEY and a checkpoint file."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from presensi.settings import get_settings
from tests.e2e.conftest import load_example

EXAMPLES = Path(__file__).parents[2] / "examples"


@pytest.fixture
def audited(cli, tmp_path, monkeypatch):
    """An organisation and its staff loaded with a key, and the checkpoint file's path."""
    checkpoints = tmp_path / "anchor" / "audit.jsonl"
    monkeypatch.setenv("AUDIT_KEY", "a-key-kept-out-of-the-database")
    monkeypatch.setenv("AUDIT_CHECKPOINT_FILE", str(checkpoints))

    def run(*args: str):
        get_settings.cache_clear()
        return cli(*args)

    load_example(run)
    run.database, run.checkpoints = cli.database, checkpoints
    return run


def test_a_checkpoint_is_printed_appended_and_then_guards_against_deleting_the_log(audited):
    code, out, err = audited("audit", "checkpoint")
    assert code == 0, err
    point = json.loads(out)
    assert set(point) == {"at", "chains", "mac"} and len(point["mac"]) == 64
    ((org, head),) = point["chains"].items()
    assert head["count"] > 10
    assert audited.checkpoints.read_text().splitlines() == [out.strip()]

    code, out, _ = audited("audit", "verify")
    assert code == 0 and "chain intact, checked against 1 checkpoint(s)" in out
    assert "note:" not in out

    with sqlite3.connect(audited.database) as connection:
        connection.execute("DELETE FROM audit_log")
    code, _, err = audited("audit", "verify")
    assert code == 1
    assert f"organisation {org}'s chain has 0 entries; the checkpoint of" in err
    assert "employees row 1 was written outside the log" in err

    code, _, err = audited("audit", "checkpoint")  # a checkpoint never blesses tampering
    assert code == 1 and "no checkpoint written" in err
    assert len(audited.checkpoints.read_text().splitlines()) == 1


def test_without_a_key_or_file_verify_says_what_is_not_protected(audited, monkeypatch):
    monkeypatch.delenv("AUDIT_KEY")
    monkeypatch.delenv("AUDIT_CHECKPOINT_FILE")
    code, out, _ = audited("audit", "verify")
    assert code == 0 and out.rstrip().endswith("chain intact")
    assert "note: AUDIT_KEY is not set" in out
    assert "note: AUDIT_CHECKPOINT_FILE is not set" in out


def test_entries_written_before_the_key_need_an_adopting_checkpoint(cli, tmp_path, monkeypatch):
    assert cli("db", "upgrade")[0] == 0
    assert cli("org", "load", str(EXAMPLES / "org-sungai-penuh.yaml"))[0] == 0
    monkeypatch.setenv("AUDIT_KEY", "set-later")
    monkeypatch.setenv("AUDIT_CHECKPOINT_FILE", str(tmp_path / "audit.jsonl"))
    get_settings.cache_clear()
    code, _, err = cli("audit", "verify")
    assert code == 1 and "entry has no MAC" in err
    code, _, err = cli("audit", "checkpoint")
    assert code == 1 and "--adopt-unsigned" in err
    code, _, err = cli("audit", "checkpoint", "--adopt-unsigned")
    assert code == 0 and "without a MAC are now vouched for" in err
    assert cli("audit", "verify")[0] == 0
