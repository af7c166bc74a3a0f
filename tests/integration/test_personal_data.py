"""Personal data at rest, on SQLite and PostgreSQL: face encodings encrypted (with rotation),
activation codes keyed with the server's secret, and where the keys come from."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import stat
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from cryptography.fernet import Fernet, MultiFernet
from sqlalchemy import select, update

from core.faces.enrollment import FaceReference, ReferenceStatus
from core.services import accounts
from core.services.privacy import export
from core.storage import audit
from core.storage.chat_tables import ActivationCode, FaceReferenceRow
from core.storage.faces import EncodingsLocked, SqlFaceReferences
from presensi.keys import KeyMissing, code_key, face_cipher
from presensi.settings import Settings
from tests.flows_harness import ORG, STAFF, build

OLD, NEW = Fernet.generate_key(), Fernet.generate_key()
ENCODING = tuple(round(0.01 * i - 0.6, 6) for i in range(128))
AT = datetime(2026, 11, 24, 1, 0, tzinfo=UTC)


@pytest.fixture
def h(tmp_path, engine):
    return build(tmp_path, engine=engine)


def staff_id(h) -> int:
    with h.uow() as uow:
        return uow.employee_by_identifier(uow.organisation(ORG).id, STAFF).id


def reference(employee_id: int, ref_id: str = "ref-1") -> FaceReference:
    return FaceReference(ref_id, str(employee_id), (ENCODING,), ReferenceStatus.ACTIVE,
                         "cli", AT)  # fmt: skip


def stored(h, ref_id: str = "ref-1"):
    with h.uow() as uow:
        return uow.session.scalars(
            select(FaceReferenceRow.encodings).where(FaceReferenceRow.id == ref_id)
        ).one()


def add(h, ref: FaceReference, cipher) -> None:
    with h.uow() as uow:
        SqlFaceReferences(uow, cipher).add(ref)
        uow.commit()


def problems(h) -> list[str]:
    with h.uow() as uow:
        return [p.what for p in audit.verify(uow.session)[1]]


def test_face_encodings_are_stored_encrypted_and_read_back(h):
    employee = staff_id(h)
    add(h, reference(employee), MultiFernet([Fernet(NEW)]))
    column = stored(h)
    assert set(column) == {"fernet"} and str(ENCODING[5]) not in json.dumps(column)
    with h.uow() as uow:
        got = SqlFaceReferences(uow, MultiFernet([Fernet(NEW)])).get_active(str(employee))
        assert got.encodings == (ENCODING,)
        with pytest.raises(EncodingsLocked):  # no key, or only a key it was not made with
            SqlFaceReferences(uow, None).get("ref-1")
        with pytest.raises(EncodingsLocked):
            SqlFaceReferences(uow, MultiFernet([Fernet(OLD)])).get("ref-1")


def test_rotation_reads_old_plain_and_old_key_rows_and_rekey_moves_all(h):
    employee = staff_id(h)
    add(h, reference(employee, "plain"), None)  # a row from before encryption
    add(h, reference(employee, "old-key"), MultiFernet([Fernet(OLD)]))
    assert isinstance(stored(h, "plain"), list)
    rotated = MultiFernet([Fernet(NEW), Fernet(OLD)])  # new key first, the old one still read
    with h.uow() as uow:
        repo = SqlFaceReferences(uow, rotated)
        assert repo.get("plain").encodings == repo.get("old-key").encodings == (ENCODING,)
        assert repo.rekey("cli:face-rekey") == (1, 1)
        uow.commit()
    only_new = MultiFernet([Fernet(NEW)])  # the old key dropped: everything still reads
    with h.uow() as uow:
        repo = SqlFaceReferences(uow, only_new)
        assert repo.get("plain").encodings == repo.get("old-key").encodings == (ENCODING,)
    assert problems(h) == []  # the rewrite is an audited change, not a tampered row


def test_a_plain_row_is_encrypted_on_its_next_write(h):
    employee = staff_id(h)
    add(h, reference(employee), None)
    cipher = MultiFernet([Fernet(NEW)])
    with h.uow() as uow:
        repo = SqlFaceReferences(uow, cipher)
        ref = repo.get("ref-1")
        repo.save(replace(ref, status=ReferenceStatus.SUPERSEDED))
        uow.commit()
    assert set(stored(h)) == {"fernet"} and problems(h) == []


def test_activation_codes_are_stored_as_hmac_under_the_secret(h):
    with h.uow() as uow:
        employee = uow.employee(staff_id(h))
        code = accounts.issue_code(uow, employee, None, key=b"server-secret")
        uow.commit()
        row = uow.session.scalars(select(ActivationCode)).one()
    plain = hashlib.sha256(f"{employee.id}:{code}".encode()).hexdigest()
    keyed = hmac.new(b"server-secret", f"{employee.id}:{code}".encode(), hashlib.sha256)
    assert row.code_hash == keyed.hexdigest() != plain
    with h.uow() as uow:
        employee = uow.employee(employee.id)
        assert not accounts.redeem_code(uow, employee, code, key=b"another-secret")
        assert accounts.redeem_code(uow, employee, code, key=b"server-secret")
        uow.commit()


def test_a_code_stored_the_old_way_no_longer_works(h):
    with h.uow() as uow:
        employee = uow.employee(staff_id(h))
        accounts.issue_code(uow, employee, None, key=b"server-secret")
        uow.session.execute(
            update(ActivationCode).values(
                code_hash=hashlib.sha256(f"{employee.id}:123456".encode()).hexdigest()
            )
        )
        uow.commit()
    with h.uow() as uow:
        assert not accounts.redeem_code(uow, uow.employee(employee.id), "123456",
                                        key=b"server-secret")  # fmt: skip


# --- where the keys come from ----------------------------------------------------------------


def test_configured_keys_are_used(tmp_path):
    settings = Settings(_env_file=None, database_url="postgresql://u@h/db", secret_key="s3",
                        face_keys=f"{NEW.decode()}, {OLD.decode()}")  # fmt: skip
    assert code_key(settings) == b"s3"
    token = MultiFernet([Fernet(OLD)]).encrypt(b"x")
    assert face_cipher(settings).decrypt(token) == b"x"  # the second key still decrypts
    assert Fernet(NEW).decrypt(face_cipher(settings).encrypt(b"y")) == b"y"  # the first encrypts


def test_production_without_keys_refuses_instead_of_storing_plain():
    settings = Settings(_env_file=None, database_url="postgresql://u@h/db")
    with pytest.raises(KeyMissing, match="SECRET_KEY is not set"):
        code_key(settings)
    with pytest.raises(KeyMissing, match="FACE_KEYS is not set"):
        face_cipher(settings)
    with pytest.raises(KeyMissing, match="Fernet keys"):
        face_cipher(Settings(_env_file=None, database_url="postgresql://u@h/db",
                             face_keys="not-a-key"))  # fmt: skip


def test_the_embedded_database_gets_key_files_only_its_owner_reads(tmp_path):
    settings = Settings(_env_file=None, database_url=f"sqlite:///{tmp_path / 'p.db'}")
    first = code_key(settings)
    cipher = face_cipher(settings)
    files = {path.name: path for path in tmp_path.iterdir()}
    assert set(files) == {"p.db.secret-key", "p.db.face-key"}
    assert all(stat.S_IMODE(os.stat(p).st_mode) == 0o600 for p in files.values())
    assert code_key(settings) == first  # the same key on the next start
    assert face_cipher(settings).decrypt(cipher.encrypt(b"x")) == b"x"


async def test_the_export_holds_what_the_person_did_and_no_secret(h):
    await h.link("501", STAFF)
    await h.clock_in("501", STAFF)
    employee = staff_id(h)
    add(h, reference(employee), MultiFernet([Fernet(NEW)]))
    with h.uow() as uow:
        data = export(uow, uow.employee(employee))
    assert data["employee"]["name"] == "Dewi Lestari A.Md"
    assert [a["external_id"] for a in data["chat_accounts"]] == ["501"]
    assert len(data["attendance"]) == 1
    [code] = data["activation_codes"]
    assert code["used_at"] and "code_hash" not in code
    [face] = data["face_references"]
    assert face["status"] == "active" and face["encodings"].startswith("held encrypted")
    assert "fernet" not in json.dumps(data)
