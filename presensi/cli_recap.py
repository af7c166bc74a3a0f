"""`presensi recap`: the monthly recap or the daily list, printed or written as a file; its
subcommands (`presensi recap submitted`) live in modules of their own."""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated

import typer

from presensi.settings import get_settings

# Format -> the file extension it is written with. `csv` is RFC 4180 for other systems;
# `csv-excel` is the same table as a double-clicked Excel opens it in columns (core.reports.csv).
FORMATS = {"xlsx": "xlsx", "pdf": "pdf", "csv": "csv", "csv-excel": "csv", "png": "png"}
EXTENSIONS = ("xlsx", "pdf", "csv", "png")
PROGRESS_FROM = 300  # rows: below this an export is too quick for a progress bar

# A group so that `recap submitted` can hang under it; `recap --org ...` alone is the recap.
recap_app = typer.Typer(invoke_without_command=True)


@recap_app.callback()
def recap(
    ctx: typer.Context,
    org: Annotated[str | None, typer.Option(help="organisation code")] = None,
    month: Annotated[str | None, typer.Option(help="YYYY-MM: the monthly recap")] = None,
    day: Annotated[str | None, typer.Option(help="YYYY-MM-DD: the daily list")] = None,
    unit: Annotated[str | None, typer.Option(help="unit code (default: every unit)")] = None,
    format: Annotated[
        str | None,
        typer.Option(help="xlsx, pdf, csv, csv-excel or png (default: from --out, else xlsx)"),
    ] = None,
    out: Annotated[
        Path | None, typer.Option(help="file to write (default: print a summary)")
    ] = None,
    tpp_amount: Annotated[
        int | None, typer.Option(help="monthly TPP in rupiah of every ASN employee")
    ] = None,
    tpp: Annotated[
        list[str] | None, typer.Option(help="KIND=AMOUNT or NIP=AMOUNT, repeatable")
    ] = None,
    lang: Annotated[str | None, typer.Option(help="id or en (default: LANGUAGE)")] = None,
) -> None:
    """The month's recap (TPP deductions included) or a day's list, per unit."""
    from core.reports.labels import words
    from presensi.cli import clean_errors

    if ctx.invoked_subcommand is not None:
        return  # `recap submitted ...`: its own options
    with clean_errors():
        if org is None:
            raise ValueError("give --org CODE (and --month YYYY-MM or --day YYYY-MM-DD)")
        kind = _format(format, out)
        language = lang or get_settings().language
        words(language)  # an unknown language is refused before any work
        if (month is None) == (day is None):
            raise ValueError("give either --month YYYY-MM or --day YYYY-MM-DD")
        if month is not None:
            _month(org, month, unit, kind, out, tpp_amount, tpp or [], language)
        else:
            _day(org, _parse_day(day), unit, kind, out, language)


def _month(org, month, unit, kind, out, tpp_amount, pairs, language) -> None:
    from core.recap import parse_month
    from core.reports.formats import month_name
    from core.reports.labels import words
    from core.services.recap import month_recap
    from core.tpp import TppAmounts
    from presensi.wiring import unit_of_work

    year, number = parse_month(month)
    amounts = TppAmounts.parse(tpp_amount, pairs)
    with unit_of_work(get_settings()) as uow:
        result = month_recap(uow, org, year, number, unit, now=_now(), tpp=amounts)
    if out is None:
        _print_month(result, language)
        return
    data = _export_month(result, kind, language)
    lines = f"{len(result.employees)} {words(language)['lines']}"
    _write(out, data, f"{month_name(year, number, language)}: {lines}", language)


def _day(org, day, unit, kind, out, language) -> None:
    from core.reports.formats import long_date
    from core.reports.labels import words
    from core.services.recap import day_summary
    from presensi.wiring import unit_of_work

    with unit_of_work(get_settings()) as uow:
        result = day_summary(uow, org, day, unit, now=_now())
    if out is None:
        _print_day(result, language)
        return
    from core.reports import chart, csv, pdf, xlsx

    export = {
        "xlsx": xlsx.day_xlsx,
        "pdf": pdf.day_pdf,
        "csv": csv.day_csv,
        "csv-excel": csv.day_csv_excel,
        "png": chart.day_chart,
    }[kind]
    what = f"{len(result.lines)} {words(language)['employees_short']}"
    _write(out, export(result, language), f"{long_date(day, language)}: {what}", language)


def _export_month(result, kind: str, language: str) -> bytes:
    """The file's bytes, with a progress bar on stderr for a long recap."""
    from core.reports import chart, csv, pdf, xlsx

    if kind == "png":
        return chart.trend_chart(result, language=language)
    export = {
        "xlsx": xlsx.month_xlsx,
        "pdf": pdf.month_pdf,
        "csv": csv.month_csv,
        "csv-excel": csv.month_csv_excel,
    }[kind]
    total = len(result.employees)
    if total < PROGRESS_FROM:
        return export(result, language)
    with typer.progressbar(length=total, label=f"{kind}", file=sys.stderr) as bar:
        return export(result, language, progress=bar.update)


def _print_month(result, language: str) -> None:
    from core.reports.formats import long_date, month_name
    from core.reports.labels import words

    w = words(language)
    span = f"{long_date(result.first, language)} - {long_date(result.last, language)}"
    typer.echo(f"{result.org_name}: {month_name(result.year, result.month, language)} ({span})")
    for unit in result.units:
        t = unit.totals
        typer.echo(
            f"{unit.code:<20} {len(unit.employees):>5} {w['employees_short']}  "
            f"{w['present'].lower()} {t.present}/{t.judged}  {w['late'].lower()} {t.late_count}"
            f"  {w['early'].lower()} {t.early_count}  TK {t.tk}  "
            f"{w['rate_short']} {_rate(t.rate, language)}"
        )
    if result.revision:
        typer.echo(f"{w['revision']}: {result.revision}")


def _print_day(result, language: str) -> None:
    from core.reports.formats import clock, full_date
    from core.reports.labels import status_name
    from core.reports.table import source_notes

    typer.echo(f"{result.unit_name}: {full_date(result.day, language)}")
    for line in result.lines:
        entry = line.entry
        times = " ".join(
            clock(t, language) if t else "--:--" for t in (entry.check_in, entry.check_out)
        )
        sources = "; ".join(source_notes(entry, language))
        typer.echo(
            f"{line.person.identifier:<18} {line.person.name:<32} {times}  "
            f"{status_name(line.status.label, language)}" + (f"  ({sources})" if sources else "")
        )
    typer.echo(", ".join(f"{status_name(k, language)}: {v}" for k, v in result.counts.items()))


def _rate(rate, language: str) -> str:
    from core.reports.formats import number

    return "-" if rate is None else f"{number(rate, language, digits=2)}%"


def _write(out: Path, data: bytes, what: str, language: str) -> None:
    from core.reports.formats import number
    from core.reports.labels import words

    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
    except OSError as error:
        raise ValueError(f"cannot write {out}: {error}") from None
    typer.echo(f"{out}: {what}, {number(len(data), language)} {words(language)['bytes']}")


def _format(kind: str | None, out: Path | None) -> str:
    """The export format: --format, else the extension of --out, else xlsx.

    An extension the recap cannot write is refused rather than given another format's bytes
    (an XLSX named .docx opens nowhere), and so is a --format that contradicts the extension.
    """
    accepted = ", ".join(EXTENSIONS)
    suffix = out.suffix.lower().lstrip(".") if out else ""
    if suffix and suffix not in EXTENSIONS:
        raise ValueError(
            f"cannot write {out.name}: unknown extension .{suffix}; use one of {accepted}"
        )
    if kind is None:
        return suffix or "xlsx"
    if kind not in FORMATS:
        raise ValueError(f"unknown format {kind!r}; use one of {', '.join(FORMATS)}")
    if suffix and FORMATS[kind] != suffix:
        raise ValueError(f"--format {kind} writes .{FORMATS[kind]}, not .{suffix}")
    return kind


def _parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"bad day {text!r}: use YYYY-MM-DD, e.g. 2026-11-24") from None


def _now() -> datetime:
    return datetime.now(UTC)
