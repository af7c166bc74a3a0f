"""`presensi attendance import FILE --org CODE`: upload an attendance machine's download (a
ZKTeco attlog export or a CSV), as the admin does every week and by the 5th of each month
(Perbup Balangan 32/2020 Pasal 3 huruf d-e). Bad lines go to stderr one per line; the summary
goes to stdout; a closed month whose punches were refused is one line on stderr with its
window and rule. A module of its own, registered on `attendance_app`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, NoReturn

import typer

from presensi.cli_attendance import attendance_app


@attendance_app.command("import")
def import_machine_file(
    file: Annotated[Path, typer.Argument(help="attlog .dat/.txt export or CSV (nip,waktu,arah)")],
    org: Annotated[str, typer.Option(help="organisation code")],
    device_zone: Annotated[
        str | None,
        typer.Option(help="the device clock's zone (WIB, WITA, WIT...); default: the org's"),
    ] = None,
    map_file: Annotated[
        Path | None, typer.Option("--map", help="CSV user_id,nip: machine ids to NIPs")
    ] = None,
    skip_bad: Annotated[
        bool, typer.Option("--skip-bad", help="write the good lines of a file with bad ones")
    ] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="judge and report, write nothing")] = (
        False
    ),
) -> None:
    """Import a machine's punches: each day's first punch is the check-in, its last the
    check-out, judged like a chat clock-in; a re-import adds nothing."""
    from core.machine_files import MapError, parse_machine_file, parse_map
    from core.org.schema import check_zone
    from core.services.machine_import import ImportOptions, import_punches
    from presensi.settings import get_settings
    from presensi.wiring import unit_of_work

    parsed = parse_machine_file(_read(file))
    if not parsed.punches and not parsed.errors:
        _fail(f"no punches in {file}")
    user_map: dict[str, str] = {}
    if map_file is not None:
        try:
            user_map = parse_map(_read(map_file))
        except MapError as error:
            _fail(f"{map_file}: {error}")
    zone = None
    if device_zone is not None:
        try:
            zone = check_zone(device_zone)[0]
        except ValueError as error:
            _fail(str(error))
    options = ImportOptions(user_map, zone, skip_bad, dry_run)
    with unit_of_work(get_settings()) as uow:
        organisation = uow.organisation(org)
        if organisation is None:
            _fail(f"no organisation {org!r}")
        report = import_punches(uow, organisation, parsed.punches, parsed.errors, options)
        if not dry_run and report.new:
            uow.commit()
    for error in report.errors:
        typer.echo(f"error: {file.name} {error}", err=True)
    for month, window in sorted(report.closed.items()):
        typer.echo(
            f"error: {file.name}: {month} is closed: its punches are taken only from "
            f"{window['first']} to {window['last']} ({window['rule']})",
            err=True,
        )
    for line in _summary(report, parsed.kind, dry_run):
        typer.echo(line)
    if report.stopped or (report.errors and not report.new and not report.already):
        raise typer.Exit(1)
    if report.closed and not report.new:  # the upload came too late for all it brought
        raise typer.Exit(1)


def _summary(report, kind: str, dry_run: bool) -> list[str]:
    verb = "would write" if dry_run else "written"
    written = report.written
    lines = [
        f"read {report.punches} punches of {report.employees} employees ({kind})",
        f"{verb}: {report.new} new records ({written['in']} check-ins, "
        f"{written['out']} check-outs)",
        f"already imported: {report.already}",
        f"between a day's first and last punch, not recorded: {report.unused}",
    ]
    if report.excused:
        lines.append(f"check-outs early under an approved izin, not charged: {report.excused}")
    refused = sum(len(numbers) for numbers in report.refused.values())
    reasons = "; ".join(
        f"{reason} {len(numbers)} (line {', '.join(map(str, numbers))})"
        for reason, numbers in sorted(report.refused.items())
    )
    lines.append(f"refused: {refused}" + (f": {reasons}" if reasons else ""))
    if report.stopped:
        lines.append(
            f"bad lines: {len(report.errors)}: nothing written; fix them or give --skip-bad"
        )
    elif report.errors:
        lines.append(f"bad lines: {len(report.errors)}, skipped")
    return lines


def _read(path: Path) -> str:
    """The file's text; a binary export (some firmware's attlog.dat) is named as such."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        _fail(f"no file {path}")
    except UnicodeDecodeError:
        _fail(f"{path} is not a text export: download the attendance log as text or CSV")
    except OSError as error:
        _fail(f"cannot read {path}: {error.strerror}")


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)
