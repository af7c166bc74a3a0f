"""`presensi privacy export|erase NIP --org CODE`: a person's records as JSON, secrets as facts
only; the erasure of what the law does not keep, audited, once."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from core.clock import FixedClock
from core.faces.enrollment import FaceReference, ReferenceStatus
from core.media import LocalMediaStore
from core.services import accounts
from core.storage.database import make_engine, session_factory
from core.storage.faces import SqlFaceReferences
from core.storage.tables import AbsenceRow, AttendanceRow
from core.storage.uow import UnitOfWork
from presensi.cli import app
from presensi.settings import get_settings
from tests.e2e.conftest import load_example
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


# --- presensi privacy erase -------------------------------------------------------------------

ORG = "pemkot-sungai-penuh"
AT = datetime(2026, 11, 24, 0, 20, tzinfo=UTC)  # 07:20 WIB on a Tuesday: a fixed instant
ENCODING = tuple(round(0.01 * i - 0.6, 6) for i in range(128))
KEPT = ("employees", "attendance", "absences", "unit_assignments")
GONE = ("face_references", "chat_accounts", "activation_codes")


@pytest.fixture
def media(tmp_path, monkeypatch) -> LocalMediaStore:
    monkeypatch.setenv("MEDIA_DIR", str(tmp_path / "media"))
    get_settings.cache_clear()
    return LocalMediaStore(tmp_path / "media")


def engine_of(run):
    """The CLI's database, for seeding and counting."""
    return getattr(run, "engine", None) or make_engine(f"sqlite:///{run.database}")


def seed(run, store: LocalMediaStore, identifier: str = STAFF) -> list[str]:
    """A linked chat account, an activation code, a face, a clock-in with its selfie and a
    sick note with its letter, written through the audited unit of work as the bot would."""
    sessions = session_factory(engine_of(run))
    with UnitOfWork(sessions, FixedClock(AT)) as uow:
        person = uow.employee_by_identifier(uow.organisation(ORG).id, identifier)
        accounts.bind(uow, "telegram", f"tg-{person.id}", f"tg-{person.id}", person, "id")
        accounts.issue_code(uow, person, None, key=b"test-secret")
        SqlFaceReferences(uow, None).add(
            FaceReference(
                f"ref-{person.id}", str(person.id), (ENCODING,), ReferenceStatus.ACTIVE, "cli", AT
            )
        )
        selfie = store.put("selfie", b"jpeg", ".jpg", AT)
        uow.add(
            AttendanceRow(
                employee_id=person.id,
                work_date=AT.date(),
                direction="in",
                at=AT,
                outcome="on_time",
                accepted=True,
                rule="Perwal 12/2023, Pasal 11",
                source="telegram",
                lat=-2.06198,
                lon=101.3928,
                accuracy_m=12,
                distance_m=0,
                evidence={"selfie": selfie},
            ),
            f"employee:{person.id}",
            "attendance.in",
        )
        letter = store.put("evidence", b"%PDF-1.4", ".pdf", AT)
        uow.add(
            AbsenceRow(
                employee_id=person.id,
                code="S",
                first_day=AT.date(),
                last_day=AT.date(),
                reason="demam",
                status="approved",
                evidence=[{"kind": "surat_keterangan_dokter", "media": letter}],
            ),
            f"employee:{person.id}",
            "absence.request",
        )
        uow.commit()
    return [selfie, letter]


def counts(run, tables=KEPT + GONE + ("audit_log",)) -> dict[str, int]:
    with engine_of(run).connect() as connection:
        return {t: connection.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in tables}


def positions(run) -> list[tuple]:
    with engine_of(run).connect() as connection:
        query = "SELECT lat, lon, accuracy_m, distance_m, outcome FROM attendance ORDER BY id"
        return [tuple(r) for r in connection.execute(text(query))]


def answered(run, *args: str, input: str | None = None) -> tuple[int, str, str]:
    """Like `run`, with something typed at the prompt."""
    result = CliRunner().invoke(app, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def check_erase(run, store: LocalMediaStore) -> None:
    load_example(run)
    files = seed(run, store)
    other = seed(run, store, "198203252008012004")  # Rina Marlina keeps everything
    before = counts(run)

    # Refused at the prompt: nothing is written, no file goes.
    code, out, err = answered(run, "privacy", "erase", STAFF, "--org", ORG, input="n\n")
    assert code == 1 and "Dewi Lestari A.Md" in out and "aborted: nothing erased" in err
    assert counts(run) == before and all((store.root / f).exists() for f in files)

    code, out, err = answered(run, "privacy", "erase", STAFF, "--org", ORG, input="y\n")
    assert code == 0, err
    assert "erased: 1 face reference(s), 1 chat account(s), 1 activation code(s), " in out
    assert "2 media file(s), 0 open conversation(s)" in out
    assert "exact positions of 1 attendance record(s), selfie references of 1, " in out
    assert "document references of 1 absence(s)" in out
    assert "kept: the employee record, attendance and absence records" in out
    assert STAFF not in out
    after = counts(run)
    assert {t: after[t] for t in GONE} == {t: before[t] - 1 for t in GONE}
    assert {t: after[t] for t in KEPT} == {t: before[t] for t in KEPT}
    assert not any((store.root / f).exists() for f in files)
    assert all((store.root / f).exists() for f in other)
    assert positions(run) == [
        (None, None, None, 0, "on_time"),
        (-2.06198, 101.3928, 12.0, 0, "on_time"),
    ]
    code, out, err = run("audit", "verify")
    assert code == 0 and "chain intact" in out, err

    code, out, _ = run("privacy", "erase", STAFF, "--org", ORG, "--yes")  # again: harmless
    assert code == 0 and out.strip() == "nothing left to erase for this employee"
    assert counts(run) == after
    code, out, err = run("audit", "verify")
    assert code == 0 and "chain intact" in out, err


def test_erase_on_sqlite(cli, media):
    check_erase(cli, media)


@pytest.mark.postgres
def test_erase_on_postgresql(pg_cli, media):
    check_erase(pg_cli, media)


def check_bad_input(run) -> None:
    load_example(run)
    before = counts(run)
    for args, message in (
        (("12345",), "error: "),  # malformed
        (("199611302022032099",), "error: no employee 199611302022032099 in organisation"),
        ((STAFF, "--org", "nowhere"), "error: no organisation 'nowhere'"),
    ):
        org = () if "--org" in args else ("--org", ORG)
        code, out, err = run("privacy", "erase", *args, *org, "--yes")
        assert code == 1 and out == "", (args, out)
        assert len(err.strip().splitlines()) == 1 and err.startswith(message), err
    assert counts(run) == before


def test_bad_input_is_one_line_and_writes_nothing_on_sqlite(cli):
    check_bad_input(cli)


@pytest.mark.postgres
def test_bad_input_is_one_line_and_writes_nothing_on_postgresql(pg_cli):
    check_bad_input(pg_cli)


def test_erase_without_a_schema_says_so(cli):
    code, out, err = cli("privacy", "erase", STAFF, "--org", ORG, "--yes")
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1 and "has no schema" in err
    assert not cli.database.exists()


def test_an_unreachable_redis_is_a_warning_after_the_database_is_done(cli, media, monkeypatch):
    load_example(cli)
    seed(cli, media)
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:1/0")  # nothing listens there
    get_settings.cache_clear()
    code, out, err = cli("privacy", "erase", STAFF, "--org", ORG, "--yes")
    assert code == 0 and "1 face reference(s)" in out and "0 cached item(s)" in out
    assert "warning: Redis not reached" in err
    assert counts(cli, GONE) == {t: 0 for t in GONE}
