"""`presensi face ...`: face tools for admins, mounted by the main CLI as `face`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from core.faces import pipeline
from core.faces.enrollment import MAX_PHOTOS
from core.faces.port import Reason, VerificationResult, check_threshold

face_app = typer.Typer(help="Face matching tools.", no_args_is_help=True)

EXIT_MATCH, EXIT_NO_MATCH = 0, 1


FACE_EXTRA = ("face_recognition", "face_recognition_models", "dlib")


def _require_face_extra() -> None:
    """Name the missing packages; the pipeline would only say "busy, try again" without them."""
    missing = [name for name in FACE_EXTRA if not _installed(name)]
    if missing:
        typer.echo(f"error: face matching needs the face extra ({', '.join(missing)} not "
                   "installed): pip install 'presensi[face]'", err=True)  # fmt: skip
        raise typer.Exit(1)


def _installed(name: str) -> bool:
    from importlib.util import find_spec

    try:
        return find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def _threshold(value: float | None) -> float | None:
    try:
        return None if value is None else check_threshold(value)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None


Reference = Annotated[
    Path, typer.Argument(exists=True, dir_okay=False, readable=True, metavar="REFERENCE")
]
Selfie = Annotated[
    Path, typer.Argument(exists=True, dir_okay=False, readable=True, metavar="SELFIE")
]
Threshold = Annotated[
    float | None,
    typer.Option(
        callback=_threshold,
        help="Largest accepted face distance, in (0, 2]. "
        f"Default: {pipeline.DEFAULT_SETTINGS.threshold}, as in production.",
    ),
]


@face_app.callback()
def face() -> None:
    """Face matching tools."""


@face_app.command()
def compare(reference: Reference, selfie: Selfie, threshold: Threshold = None) -> None:
    """Compare SELFIE with REFERENCE exactly as a clock-in does; print the verdict as JSON.

    Exit status: 0 when the faces match, 1 when they do not or a photo is refused.
    """
    _require_face_extra()
    settings = pipeline.DEFAULT_SETTINGS.with_threshold(threshold)
    enrolled = pipeline.enroll(reference.read_bytes(), settings)
    if enrolled.encoding is None:
        reason = enrolled.reason or Reason.TRY_AGAIN
        refused = VerificationResult.refused(reason, settings.threshold)
        _print({**refused.to_dict(), "photo": "reference"})
        raise typer.Exit(EXIT_NO_MATCH)
    result = pipeline.verify(selfie.read_bytes(), [enrolled.encoding], settings)
    output = result.to_dict()
    if result.reason and result.distance is None:
        output["photo"] = "selfie"
    _print(output)
    raise typer.Exit(EXIT_MATCH if result.match else EXIT_NO_MATCH)


def _print(data: dict[str, Any]) -> None:
    if data.get("distance") is not None:
        data["distance"] = round(data["distance"], 4)
    typer.echo(json.dumps(data))


class _LocalMatcher:
    """The production pipeline, in this process: the CLI is a one-off, not a server."""

    async def encode(self, photo: bytes):
        return pipeline.enroll(photo)

    async def verify(self, selfie: bytes, references, *, threshold=None):
        return pipeline.verify(selfie, list(references))


@face_app.command()
def enroll(
    identifier: Annotated[str, typer.Argument(metavar="NIP", help="the employee's NIP or NIK")],
    photos: Annotated[list[Path], typer.Argument(exists=True, dir_okay=False, metavar="PHOTO")],
    org: Annotated[str, typer.Option(help="organisation code")],
) -> None:
    """Import 1-3 reference photos from files as the employee's approved face (admin use).

    Every photo must pass the quality checks and show the same person; only the encodings are
    stored. The previous reference stays in the audit trail as superseded.
    """
    import asyncio

    from core.clock import SystemClock
    from core.faces.enrollment import approve_enrollment, submit_enrollment
    from core.ids import InvalidIdentifier, parse_identity
    from core.storage.faces import SqlFaceReferences
    from presensi.keys import KeyMissing, face_cipher
    from presensi.settings import get_settings
    from presensi.wiring import unit_of_work

    if not 1 <= len(photos) <= MAX_PHOTOS:
        typer.echo(f"error: give 1 to {MAX_PHOTOS} photos, not {len(photos)}", err=True)
        raise typer.Exit(2)
    try:
        identifier = parse_identity(identifier).value
    except InvalidIdentifier as error:
        raise typer.BadParameter(str(error)) from None
    _require_face_extra()
    with unit_of_work(get_settings()) as uow:
        organisation = uow.organisation(org)
        employee = uow.employee_by_identifier(organisation.id, identifier) if organisation else None
        if employee is None:
            typer.echo(f"error: no employee {identifier} in organisation {org!r}", err=True)
            raise typer.Exit(1)
        try:
            cipher = face_cipher(get_settings())
        except KeyMissing as error:
            typer.echo(f"error: {error}", err=True)
            raise typer.Exit(1) from None
        repository = SqlFaceReferences(uow, cipher)
        submission = asyncio.run(
            submit_enrollment(
                str(employee.id),
                [p.read_bytes() for p in photos],
                submitted_by="cli",
                matcher=_LocalMatcher(),
                repository=repository,
                clock=SystemClock(),
            )
        )
        if submission.reference is None:
            refusal = submission.refusals[0]
            typer.echo(f"error: {photos[refusal.index]}: {refusal.reason.text}", err=True)
            raise typer.Exit(1)
        approve_enrollment(
            submission.reference.id, admin_id="cli", repository=repository, clock=SystemClock()
        )
        uow.commit()
    typer.echo(f"{employee.name}: face enrolled from {len(photos)} photo(s)")


@face_app.command()
def rekey() -> None:
    """Encrypt every face encoding with the first of FACE_KEYS (plain rows too); audited.

    Rotation: put a new key first in FACE_KEYS (keep the old ones after it), restart, run this,
    then drop the old keys.
    """
    from core.storage.faces import EncodingsLocked, SqlFaceReferences
    from presensi.keys import KeyMissing, face_cipher
    from presensi.settings import get_settings
    from presensi.wiring import DatabaseNotReady, unit_of_work

    settings = get_settings()
    try:
        cipher = face_cipher(settings)
        with unit_of_work(settings) as uow:
            plain, rotated = SqlFaceReferences(uow, cipher).rekey("cli:face-rekey")
            uow.commit()
    except (KeyMissing, DatabaseNotReady, EncodingsLocked) as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"{plain} plain and {rotated} encrypted face reference(s) now under the first key")


@face_app.command()
def newkey() -> None:
    """Print a new Fernet key for FACE_KEYS."""
    from cryptography.fernet import Fernet

    typer.echo(Fernet.generate_key().decode())
