"""/rekap for heads of unit and admins, /status for everyone."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

from core.flows import recap_chat
from core.flows.leave import parse_dates
from core.flows.texts import t
from core.flows.turn import Turn
from core.services.daily import EmployeeDay, day_report, employee_days
from core.storage.tables import Organisation, UnitRow
from core.storage.uow import UnitOfWork

# The groups a head of unit asks about, in the order they read them.
GROUPS = (
    ("late", ("Terlambat", "Late")),
    ("TK", ("Tanpa keterangan", "Absent without reason")),
    ("leave", ("Sakit/izin/cuti", "Sick, permit or leave")),
    ("duty", ("Tugas/dinas luar/diklat", "On duty elsewhere")),
    ("BELUM", ("Belum absen", "Not yet clocked in")),
)
LEAVE = {"S", "I", "C"}
DUTY = {"T", "DL", "P"}


def group_of(day: EmployeeDay) -> str | None:
    label = day.status.label
    if label in ("late", "late_left_early"):
        return "late"
    if label in LEAVE:
        return "leave"
    if label in DUTY:
        return "duty"
    return label if label in ("TK", "BELUM") else None


async def daily(turn: Turn) -> None:
    """Today's (or the given day's) counts and names for the user's unit."""
    now = turn.deps.clock.now()
    try:
        day = parse_dates(" ".join(turn.event.args), now.date())[0] if turn.event.args else None
    except ValueError:
        turn.say("bad_date")
        return
    employee = turn.employee
    whole_org = "super_admin" in turn.roles

    def report(uow: UnitOfWork):
        org = uow.session.get(Organisation, employee.org_id)
        unit = None if whole_org else uow.session.get(UnitRow, employee.unit_id)
        when = day or _local_now(uow, employee, now).date()
        rows = day_report(uow, org.code, when, now, unit.code if unit else None)
        return when, (unit.name if unit else org.name), rows

    when, name, rows = await turn.db(report)
    turn.menu_text(summary_text(turn.language, name, when.strftime("%d-%m-%Y"), rows))
    await recap_chat.chart(turn, when)


def summary_text(language: str, name: str, day: str, rows: list[EmployeeDay]) -> str:
    """The counts line and one line per group with the names in it."""
    english = language == "en"
    counts = count_text(language, rows)
    lines = [t(language, "summary_header", unit=name, day=day, counts=counts)]
    for key, labels in GROUPS:
        names = [r.employee.name + _detail(r) for r in rows if group_of(r) == key]
        if names:
            lines.append(t(language, "summary_group", label=labels[english], count=len(names),
                           names=", ".join(names)))
    return "\n".join(lines)


LABELS = {
    "on_time": ("tepat waktu", "on time"),
    "late": ("terlambat", "late"),
    "left_early": ("pulang cepat", "left early"),
    "late_left_early": ("terlambat & pulang cepat", "late & left early"),
    "BELUM": ("belum absen", "not yet"),
    "LIBUR": ("libur", "holiday"),
    "-": ("bukan hari kerja", "not a work day"),
}


def count_text(language: str, days: list[EmployeeDay]) -> str:
    """'tepat waktu 6, terlambat 2, S 1' in the reader's language."""
    counts = Counter(d.status.label for d in days)
    english = language == "en"
    return ", ".join(f"{LABELS.get(k, (k, k))[english]} {v}" for k, v in counts.most_common())


def _detail(day: EmployeeDay) -> str:
    if day.status.late_minutes:
        return f" ({day.status.late_minutes}m)"
    if day.status.code.value in LEAVE | DUTY:
        return f" ({day.status.code.value})"
    return ""


async def status(turn: Turn) -> None:
    """The employee's records today and this month's totals."""
    now = turn.deps.clock.now()
    employee = turn.employee

    def load(uow: UnitOfWork):
        local = _local_now(uow, employee, now)
        today = local.date()
        return local, employee_days(uow, employee, today.replace(day=1), today, now)

    local, days = await turn.db(load)
    current = days[-1]
    lines = [turn.text("status_header", name=employee.name, day=local.strftime("%d-%m-%Y"))]
    for row in (current.check_in, current.check_out):
        if row is not None:
            at = row.at.astimezone(local.tzinfo).strftime("%H:%M")
            lines.append(f"- {turn.text('btn_' + row.direction)} {at}: {row.outcome}")
    lines.append(f"- status: {current.status.label}")
    totals = Counter(d.status.label for d in days if d.status.label != "-")
    lines.append(
        turn.text("status_month", counts=", ".join(f"{k} {v}" for k, v in sorted(totals.items())))
    )
    turn.menu_text("\n".join(lines))


def _local_now(uow: UnitOfWork, employee, now: datetime) -> datetime:
    """`now` on the wall clock of the employee's unit."""
    unit = uow.session.get(UnitRow, employee.unit_id)
    return now.astimezone(ZoneInfo(unit.zone))
