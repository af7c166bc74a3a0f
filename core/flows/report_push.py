"""The month's reporting duties, pushed: last month's report to every head and admin on the
first working day, and a daily reminder to admins whose units have not submitted it.

`due_reports` says which reports are due at an instant; the caller (`presensi.monthly_push`)
claims each recipient's mark in the database (`core.services.push_marks`), builds the files once
per scope (`report_recap`, `report_replies`) and sends them. `submission_reminders` gives the
reminders as notices of the push schedule (`core.flows.push.due_notices`), sent once a day.
The deadline is the preset's (`Policy.report_deadline`, computed by `core.reporting`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from core.access import ADMINISTRATORS, admin_scope, recap_scope, roles_of
from core.citations import Citation
from core.flows.messages import OutFile, Reply
from core.flows.no_data import no_data_words
from core.flows.ports import Record, Work
from core.flows.push import Notice, PushConfig
from core.flows.texts import t
from core.policy.resolver import OrgView
from core.recap import MonthRecap, NoData
from core.reporting import (
    days_left,
    first_working_day,
    previous_month,
    remind_on,
    report_due,
)
from core.services import accounts, push_marks
from core.services.context import org_view
from core.services.recap import month_recap
from core.services.submissions import recap_readers, submissions

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NAMES_SHOWN = 8  # units named in a reminder; the rest are counted


@dataclass(frozen=True)
class MonthReport:
    """Last month's recap of one scope (a unit, or the organisation), due to its readers."""

    org_code: str
    unit_code: str | None  # None: the whole organisation (a super admin's)
    scope_name: str
    year: int
    month: int
    language: str
    submits: bool  # the readers are admins, who submit it (`/kirimrekap`)
    due: date | None
    rule: Citation | None
    recipients: tuple[tuple[int, str], ...] = ()  # (employee id, mark key)


@dataclass(frozen=True)
class _Reader:
    employee: Record
    today: date
    minute: int


def due_reports(uow: Work, now: datetime, config: PushConfig) -> list[MonthReport]:
    """The reports due at `now`: from `summary_at` on the first working day of the month until
    the report's due day (so that a worker down that morning catches up), each recipient once."""
    groups: dict[MonthReport, list[tuple[int, str]]] = {}
    for org in uow.organisations():
        view = org_view(uow, org.id)
        readers = [r for r in _readers(uow, org.id, view, now) if _report_day(view, r, config)]
        keys = {r.employee.id: _key(r) for r in readers}
        done = push_marks.done_or_held(uow, keys.values(), now)
        for reader in readers:
            if keys[reader.employee.id] in done:
                continue
            chats = accounts.chats_of(uow, reader.employee.id)
            if not chats:  # nobody to send it to: no file built for nothing
                continue
            group = _group(org, view, reader, accounts.spoken(chats, config.language))
            groups.setdefault(group, []).append((reader.employee.id, keys[reader.employee.id]))
    return [replace(group, recipients=tuple(found)) for group, found in groups.items()]


def report_recap(uow: Work, report: MonthReport, now: datetime) -> MonthRecap | NoData:
    """The recap the report sends (the same as /rekapbulan's), or why there is none."""
    try:
        return month_recap(uow, report.org_code, report.year, report.month, report.unit_code,
                           now=now)  # fmt: skip
    except NoData as error:
        return error


def report_replies(report: MonthReport, recap: MonthRecap | NoData) -> list[Reply]:
    """The report's messages: the XLSX with the deadline, then the PDF (the same files as
    /rekapbulan); without any record, one message saying so. Seconds of work: run it outside
    the transaction."""
    language, name = report.language, f"rekap-{report.year}-{report.month:02d}"
    head = _header(report)
    if isinstance(recap, NoData):
        return [
            Reply(
                "\n".join(
                    [head, t(language, "report_no_data", error=no_data_words(language, recap))]
                )
            )
        ]
    # Imported here: fpdf, matplotlib and openpyxl take seconds to load (see recap_chat).
    from core.reports.pdf import month_pdf
    from core.reports.xlsx import month_xlsx

    xlsx, pdf = month_xlsx(recap, language), month_pdf(recap, language)
    return [
        Reply(head, document=OutFile(f"{name}.xlsx", xlsx, XLSX)),
        Reply(t(language, "month_pdf"), document=OutFile(f"{name}.pdf", pdf, "application/pdf")),
    ]


def submission_reminders(uow: Work, org, now: datetime, config: PushConfig) -> list[Notice]:
    """Each admin whose units have not submitted last month, reminded once a day at
    `summary_at` from two days before the due day (`core.reporting.remind_on`)."""
    view = org_view(uow, org.id)
    if not any(_summary_hour(now, zone, config) for zone in _zones(view)):
        return []  # the rest of the day: no query
    readers = _readers(uow, org.id, view, now)
    found = (_reminder_for(uow, view, reader, config) for reader in readers)
    return [notice for notice in found if notice is not None]


def _reminder_for(uow: Work, view: OrgView, reader: _Reader, config: PushConfig) -> Notice | None:
    employee, today = reader.employee, reader.today
    if not roles_of(employee.role_set) & ADMINISTRATORS:
        return None
    if not config.summary_at <= reader.minute < config.summary_at + 60:
        return None  # once a day, with the heads' summary
    deadline = view.policy(employee.unit_id).report_deadline
    if deadline is None:  # no regulation sets a day: nothing to remind of
        return None
    year, month = previous_month(today)
    due = report_due(year, month, deadline, view.calendar)
    if not remind_on(today, year, month, due, view.calendar):
        return None
    pending = _pending(uow, employee, date(year, month, 1))
    if not pending:
        return None
    chats = accounts.chats_of(uow, employee.id)
    if not chats:  # not reachable: nothing to send
        return None
    language = accounts.spoken(chats, config.language)
    left = days_left(today, due)
    text = t(language, _reminder_key(left), month=f"{month:02d}-{year}", units=_names(pending),
             due=due.strftime("%d-%m-%Y"), days=abs(left), rule=deadline.rule,
             command=f"/kirimrekap {year}-{month:02d}")  # fmt: skip
    return Notice(f"submit:{year}-{month:02d}:{today}:{employee.id}", employee.id, Reply(text))


def _reminder_key(left: int) -> str:
    """Ahead of the due day, on it, or after it."""
    if left > 0:
        return "remind_submit_ahead"
    return "remind_submit_today" if left == 0 else "remind_submit_late"


def _readers(uow: Work, org_id: int, view: OrgView, now: datetime) -> list[_Reader]:
    """The heads and admins on staff, with their local date and minute."""
    found = []
    for employee in recap_readers(uow, org_id):
        if employee.blocked:
            continue
        local = now.astimezone(ZoneInfo(view.zone_of(employee.unit_id)))
        if not employee.gone_on(local.date()):
            found.append(_Reader(employee, local.date(), local.hour * 60 + local.minute))
    return found


def _zones(view: OrgView) -> set[str]:
    return {view.zone_of(unit_id) for unit_id in view.units} | {view.org.zone}


def _summary_hour(now: datetime, zone: str, config: PushConfig) -> bool:
    local = now.astimezone(ZoneInfo(zone))
    return config.summary_at <= local.hour * 60 + local.minute < config.summary_at + 60


def _report_day(view: OrgView, reader: _Reader, config: PushConfig) -> bool:
    today = reader.today
    first = first_working_day(today.year, today.month, view.calendar)
    if today < first or (today == first and reader.minute < config.summary_at):
        return False
    deadline = view.policy(reader.employee.unit_id).report_deadline
    year, month = previous_month(today)
    due = report_due(year, month, deadline, view.calendar) if deadline else first
    return today <= max(first, due)


def _key(reader: _Reader) -> str:
    year, month = previous_month(reader.today)
    return f"report:{year}-{month:02d}:{reader.employee.id}"


def _group(org, view: OrgView, reader: _Reader, language: str) -> MonthReport:
    employee = reader.employee
    seen = recap_scope(employee.role_set, employee.org_id, employee.unit_id)
    unit = None if seen is None or seen.whole_org else view.units[employee.unit_id]
    deadline = view.policy(employee.unit_id).report_deadline
    year, month = previous_month(reader.today)
    due = report_due(year, month, deadline, view.calendar) if deadline else None
    submits = bool(roles_of(employee.role_set) & ADMINISTRATORS)
    return MonthReport(org.code, unit.code if unit else None, unit.name if unit else org.name,
                       year, month, language, submits, due,
                       deadline.rule if deadline else None)  # fmt: skip


def _pending(uow: Work, admin, month: date) -> list[str]:
    """The names of the admin's units whose `month` is not submitted."""
    scope = admin_scope(admin.role_set, admin.org_id, admin.unit_id)
    if scope is None:
        return []
    units = uow.units(admin.org_id) if scope.whole_org else [uow.unit_by_id(admin.unit_id)]
    done = {s.unit_id for s in submissions(uow, [u.id for u in units], month)}
    return [u.name for u in units if u.id not in done]


def _names(units: list[str]) -> str:
    """The units, the first few by name: a super admin's list may hold the whole regency."""
    shown = ", ".join(units[:NAMES_SHOWN])
    return shown + (f" (+{len(units) - NAMES_SHOWN})" if len(units) > NAMES_SHOWN else "")


def _header(report: MonthReport) -> str:
    from core.reports.formats import full_date, month_name

    language = report.language
    lines = [t(language, "report_header", month=month_name(report.year, report.month, language),
               scope=report.scope_name)]  # fmt: skip
    rule, due = report.rule, report.due and full_date(report.due, language)
    if due and rule and rule.file:  # a regulation's: quoted
        lines.append(t(language, "report_due", due=due, rule=rule, quote=rule.quote))
    elif due:  # the organisation's own day
        lines.append(t(language, "report_due_set", due=due))
    if report.submits:
        lines.append(t(language, "report_submit_hint", month=f"{report.year}-{report.month:02d}"))
    return "\n".join(lines)
