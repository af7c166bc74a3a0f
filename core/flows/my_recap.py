"""/rekapsaya [YYYY-MM]: the employee's month in numbers, with the TPP deduction and its causes.

The numbers are the month recap's line of the employee (core.services.recap.employee_month),
so /rekapsaya and /rekapbulan never disagree; an employee transferred during the month has a
line, and a deduction, per unit, as on the recap.
"""

from __future__ import annotations

from core import absence_codes
from core.flows.history import load_month, span
from core.flows.messages import Reply
from core.flows.texts import TEXTS, t
from core.flows.turn import Turn
from core.recap import EmployeeRecap, Totals
from core.reports.formats import decimal, month_name, number
from core.services.my_month import MyMonth
from core.tpp import TPP_RULE


async def my_recap(turn: Turn) -> None:
    """The month's counts per status, late and early minutes, and the TPP deduction."""
    month = await load_month(turn, "rekapsaya")
    if month is not None:
        turn.reply(Reply(recap_text(turn.language, month)))


def recap_text(language: str, month: MyMonth) -> str:
    label = month_name(month.year, month.month, language)
    lines = [
        t(language, "myrecap_header", name=month.name, month=label, span=span(language, month))
    ]
    for line in month.lines:
        if len(month.lines) > 1:  # a transfer: each unit's days and deduction apart
            name = month.unit_names.get(line.unit_code, line.unit_code)
            lines.append(t(language, "myrecap_unit", unit=name))
        lines += counts(language, line.totals)
        lines += deduction(language, line)
    if not month.lines:
        lines.append(t(language, "history_nothing_yet"))
    lines += sources(language, month)
    if month.running:
        lines.append(t(language, "myrecap_running"))
    lines.append(t(language, "myrecap_more", ym=f"{month.year}-{month.month:02d}"))
    return "\n".join(lines)


def counts(language: str, totals: Totals) -> list[str]:
    """The work days and the count of each kind of day, leaving out what did not happen."""
    rate = t(language, "myrecap_rate", rate=decimal(totals.rate, language)) if totals.rate else ""
    days = t(
        language,
        "myrecap_days",
        work=totals.work_days,
        judged=totals.judged,
        present=totals.present,
        rate=rate,
    )
    late, early = sum(totals.late_minutes.values()), sum(totals.early_minutes.values())
    found: list[tuple[str, int, dict[str, object]]] = [
        ("myrecap_on_time", totals.on_time, {}),
        ("myrecap_late", totals.late_count, {"minutes": late}),
        ("myrecap_early", totals.early_count, {"minutes": early}),
        ("myrecap_no_in", totals.missing_in, {}),
        ("myrecap_no_out", totals.missing_out, {}),
        ("myrecap_events", totals.missed_events, {}),
    ]
    for code, count in [*totals.absences.items(), ("TK", totals.tk)]:
        found.append(("myrecap_absence", count, {"code": code, "label": _label(code, language)}))
    found += [("myrecap_holidays", totals.holidays, {}), ("myrecap_revised", totals.revised, {})]
    lines = [days] + [f"- {t(language, key, count=n, **more)}" for key, n, more in found if n]
    if totals.pending:
        lines.append(f"- {t(language, 'myrecap_pending')}")
    return lines


def deduction(language: str, line: EmployeeRecap) -> list[str]:
    """'Potongan TPP: 4,5%' and its items, the largest first: '3x terlambat (TL2) = 3%'."""
    found = line.deduction
    if not found.percent:
        return [t(language, "myrecap_tpp_none")]
    head = t(language, "myrecap_tpp", percent=decimal(found.percent, language))
    if found.percent < found.uncapped:
        head += t(language, "myrecap_capped", uncapped=decimal(found.uncapped, language))
    if found.amount is not None:
        head += t(
            language,
            "myrecap_rupiah",
            rupiah=number(found.rupiah, language),
            amount=number(found.amount, language),
        )
    items = sorted(found.items, key=lambda item: -item[2])
    return [head] + [
        "- "
        + t(
            language,
            "myrecap_item",
            count=count,
            what=_what(language, what, line.totals),
            percent=decimal(percent, language),
        )
        for what, count, percent in items
    ]


def sources(language: str, month: MyMonth) -> list[str]:
    """Where the deduction comes from: the article that makes the recap the basis of TPP and
    the table the percentages come from."""
    lines = [t(language, "myrecap_basis", rule=month.basis)] if month.basis else []
    for rule in dict.fromkeys(line.deduction.rule for line in month.lines if _charged(line)):
        if rule == TPP_RULE:
            lines.append(t(language, "myrecap_table_default"))
        elif not rule.file:  # set by the organisation file (core.policy.config)
            lines.append(t(language, "myrecap_table_org"))
        else:
            lines.append(t(language, "myrecap_table_cited", rule=rule))
    return lines


def _charged(line: EmployeeRecap) -> bool:
    return bool(line.deduction.items)


def _what(language: str, what: str, totals: Totals) -> str:
    """'terlambat (TL2)', 'pulang cepat (PSW1)', 'tanpa keterangan (TK)'."""
    if what in totals.late:
        return f"{t(language, 'tpp_late')} ({what})"
    if what in totals.early:
        return f"{t(language, 'tpp_early')} ({what})"
    key = f"tpp_{what}"  # the items core.tpp.deduct names: TK, apel, tanpa_absen_masuk...
    return t(language, key) if key in TEXTS else what


def _label(code: str, language: str) -> str:
    row = absence_codes.row(code)
    return row.chat_label(language) if row else code
