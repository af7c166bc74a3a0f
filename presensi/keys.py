"""The server's secrets from settings: the activation-code key and the face-encoding keys.

`SECRET_KEY` keys the HMAC of activation codes; `FACE_KEYS` (comma-separated Fernet keys, the
first encrypts, all decrypt) encrypts face encodings at rest. In production (PostgreSQL) both
must be set: a server never falls back to a key it made up. With the embedded SQLite database
(one office, the demo) an unset key is generated once into a file next to the database file,
readable by its owner only (0600), so the data and its key move together and the install needs
no configuration; the README says where and what that protects against.
"""

from __future__ import annotations

import os
import secrets
from functools import lru_cache
from pathlib import Path

from cryptography.fernet import Fernet, MultiFernet
from sqlalchemy import make_url

from presensi.settings import Settings
from presensi.wiring import database_url


class KeyMissing(ValueError):
    """A secret that production needs is not configured (one line for the CLI)."""


def code_key(settings: Settings) -> bytes:
    """The HMAC key of activation codes: SECRET_KEY, or the embedded database's key file."""
    if settings.secret_key is not None and settings.secret_key.get_secret_value():
        return settings.secret_key.get_secret_value().encode()
    return _key_file(settings, "secret-key", "SECRET_KEY",
                     lambda: secrets.token_urlsafe(32).encode())  # fmt: skip


def receipt_key(settings: Settings) -> bytes:
    """The key of receipt codes: RECEIPT_KEY, else derived from the activation-code key with a
    label of its own (core.receipts.derive_key), so that one secret never serves two uses."""
    if settings.receipt_key is not None and settings.receipt_key.get_secret_value():
        return settings.receipt_key.get_secret_value().encode()
    from core.receipts import derive_key

    return derive_key(code_key(settings))


def console_key(settings: Settings) -> bytes:
    """The key of the web console's sign-in links, derived from the activation-code key with a
    label of its own (core.console_auth.console_key)."""
    from core.console_auth import console_key as derive

    return derive(code_key(settings))


def face_cipher(settings: Settings) -> MultiFernet:
    """FACE_KEYS as a MultiFernet (the first key encrypts, every key decrypts)."""
    configured = settings.face_keys.get_secret_value() if settings.face_keys else ""
    keys = [k.strip() for k in configured.split(",") if k.strip()]
    if not keys:
        keys = [_key_file(settings, "face-key", "FACE_KEYS", Fernet.generate_key).decode()]
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError:
        raise KeyMissing(
            "FACE_KEYS must be Fernet keys (32 url-safe base64-encoded bytes), comma-separated; "
            "make one with `presensi face newkey`"
        ) from None


def _key_file(settings: Settings, name: str, variable: str, make) -> bytes:
    """The embedded database's key `name`, created on first use; production must configure it."""
    url = make_url(database_url(settings.database_url))
    if url.get_backend_name() != "sqlite":
        raise KeyMissing(f"{variable} is not set: a server on {url.get_backend_name()} needs it "
                         "(see the README, Personal data)")  # fmt: skip
    if not url.database or url.database == ":memory:":
        return _ephemeral(name, make)  # the data lives in memory too
    return _read_or_create(Path(f"{url.database}.{name}"), make)


@lru_cache
def _ephemeral(name: str, make) -> bytes:
    return make()


def _read_or_create(path: Path, make) -> bytes:
    if path.exists():
        return path.read_bytes().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = make()
    # O_EXCL: two processes starting together do not overwrite each other's key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes().strip()
    with os.fdopen(fd, "wb") as file:
        file.write(key + b"\n")
    return key
