"""`presensi face ...`: face tools for admins, mounted by the main CLI as `face`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from core.faces import pipeline
from core.faces.port import Reason, VerificationResult, check_threshold

face_app = typer.Typer(help="Face matching tools.", no_args_is_help=True)

EXIT_MATCH, EXIT_NO_MATCH = 0, 1


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
