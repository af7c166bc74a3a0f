"""`dev.py test`, which CI runs, checks style, format and core's types before the suite; and the
small typed helpers the type checker asked for keep their meaning."""

from __future__ import annotations

import importlib.util
import threading
from pathlib import Path

import pytest
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from core.services.context import NotFound, existing_employee
from core.services.recap_batch import RecordKind
from core.storage.database import rows_changed
from core.storage.tables import Organisation

ROOT = Path(__file__).resolve().parents[2]


class Ran(list):
    """The argument lists dev.py ran, in order, and beside them the environment of each."""

    def __init__(self) -> None:
        super().__init__()
        self.envs: list[dict[str, str] | None] = []


def _dev(monkeypatch, failing: set[str] = frozenset()):
    spec = importlib.util.spec_from_file_location("dev_under_test", ROOT / "dev.py")
    dev = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(dev)
    ran = Ran()
    lock = threading.Lock()  # anyday runs side by side

    def run(*args: str, env: dict[str, str] | None = None, out=None) -> int:
        if out is not None:
            out.write(f"ran {' '.join(args)}\n")
        with lock:
            ran.append(args)
            ran.envs.append(env)
        return 1 if args[1] in failing else 0

    monkeypatch.setattr(dev, "ensure_venv", lambda: None)
    monkeypatch.setattr(dev, "run", run)
    return dev, ran


def test_test_runs_ruff_then_mypy_on_core_then_pytest(monkeypatch):
    dev, ran = _dev(monkeypatch)
    assert dev.main(["test", "-k", "x"]) == 0
    assert [args[:2] for args in ran] == [
        ("-m", "ruff"),
        ("-m", "ruff"),
        ("-m", "mypy"),
        ("-m", "pytest"),
    ]
    assert ran[2] == ("-m", "mypy", "core")
    assert ran[3][-2:] == ("-k", "x")
    if Path("/dev/shm").is_dir():  # the suite's temporary files in memory, removed afterwards
        folder = Path(ran.envs[3]["TMPDIR"])
        assert folder.parent == Path("/dev/shm") and not folder.exists()


def test_anyday_runs_the_suite_once_at_each_instant_and_prints_each_run(monkeypatch, capsys):
    dev, ran = _dev(monkeypatch)
    assert dev.main(["anyday", "tests/unit"]) == 0
    assert [args for args in ran] == [("-m", "pytest", "-q", "tests/unit")] * len(dev.ANY_DAY)
    assert sorted(env["PRESENSI_TEST_NOW"] for env in ran.envs) == sorted(dev.ANY_DAY)
    printed = capsys.readouterr().out
    for instant in dev.ANY_DAY:
        assert f"as if it were {instant}\nran -m pytest -q tests/unit\n" in printed


def test_anyday_fails_when_one_instant_fails(monkeypatch):
    dev, _ = _dev(monkeypatch, failing={"pytest"})
    assert dev.main(["anyday"]) == 1


def test_a_type_error_fails_test_and_lint_yet_the_suite_still_runs(monkeypatch):
    dev, ran = _dev(monkeypatch, failing={"mypy"})
    assert dev.main(["test"]) == 1
    assert ran[-1][:2] == ("-m", "pytest")
    assert dev.main(["lint"]) == 1


def test_rows_changed_counts_an_update_and_a_delete(sqlite_engine):
    with Session(sqlite_engine) as session:
        session.add_all(
            [
                Organisation(code=c, name=c.upper(), zone="Asia/Jakarta", preset="default")
                for c in ("a", "b")
            ]
        )
        session.flush()
        renamed = session.execute(update(Organisation).values(name="X"))
        assert rows_changed(renamed) == 2
        gone = session.execute(delete(Organisation).where(Organisation.code == "a"))
        assert rows_changed(gone) == 1
        with pytest.raises(AssertionError):  # a SELECT's result has no count of changes
            rows_changed(session.execute(select(Organisation.id)))
        session.rollback()


def test_existing_employee_names_the_missing_one():
    class NoOne:
        def employee(self, employee_id):
            return None

    with pytest.raises(NotFound, match="no employee 42"):
        existing_employee(NoOne(), 42)


def test_a_record_kind_is_its_plain_tuple():
    kind = RecordKind("late", 12, "apel")
    assert kind == ("late", 12, "apel")
    assert hash(kind) == hash(("late", 12, "apel"))
    assert (kind.outcome, kind.minutes, kind.event) == ("late", 12, "apel")


def test_dlib_blas_without_a_compiler_says_what_to_install(monkeypatch, capsys):
    dev, _ = _dev(monkeypatch)
    monkeypatch.setattr(dev.shutil, "which", lambda tool: None if tool == "cmake" else "/bin/c++")

    assert dev.main(["dlib-blas"]) == 2
    assert capsys.readouterr().err.strip() == (
        "dev.py: dlib-blas needs cmake (apt-get install build-essential cmake libopenblas-dev "
        "liblapack-dev)"
    )
