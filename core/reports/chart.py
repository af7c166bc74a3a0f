"""Small PNG charts for the chat: a unit's statuses on a day, and a month's attendance trend.

matplotlib with the Agg backend (no display) and its object API, so that charts drawn in
several threads do not share pyplot's global state.
"""

from __future__ import annotations

import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from core import absence_codes
from core.recap import DaySummary, MonthRecap, daily_rates
from core.reports.labels import long_date, status_name, words

# Colours by label: green present, amber late or early, grey the rest; each absence code's is in
# the catalogue (blue excused, red TK).
COLOURS = {
    "on_time": "#2e7d32",
    "late": "#f9a825",
    "left_early": "#ef6c00",
    "late_left_early": "#d84315",
    "BELUM": "#9e9e9e",
    "LIBUR": "#bdbdbd",
    "-": "#e0e0e0",
}


def day_chart(summary: DaySummary, language: str = "id") -> bytes:
    """Horizontal bars: how many employees per status on the day."""
    counts = summary.counts
    colours = {**COLOURS, **absence_codes.colours()}
    labels = [status_name(k, language) for k in counts]
    figure = Figure(figsize=(6.4, 0.5 * max(len(counts), 3) + 1.2), dpi=110)
    axes = figure.add_subplot()
    bars = axes.barh(
        labels, list(counts.values()), color=[colours.get(k, "#757575") for k in counts]
    )
    axes.bar_label(bars, padding=3)
    axes.invert_yaxis()
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_xlabel(words(language)["employees"])
    axes.set_title(f"{summary.unit_name}\n{long_date(summary.day, language)}", fontsize=10)
    axes.spines[["top", "right"]].set_visible(False)
    return _png(figure)


def trend_chart(recap: MonthRecap, unit_code: str | None = None, language: str = "id") -> bytes:
    """The attendance rate of each work day of the month, for a unit or the whole recap."""
    unit = recap.unit(unit_code) if unit_code else None
    lines = unit.employees if unit else recap.employees
    points = [(day, rate) for day, rate in daily_rates(lines) if rate is not None]
    figure = Figure(figsize=(7.2, 3.6), dpi=110)
    axes = figure.add_subplot()
    axes.plot(
        [d.day for d, _ in points],
        [float(r) for _, r in points],
        marker="o",
        color=COLOURS["on_time"],
    )
    axes.set_ylim(0, 105)
    axes.set_xlim(0.5, recap.last.day + 0.5)
    axes.set_xlabel(words(language)["date"])
    axes.set_ylabel(words(language)["rate"])
    total = (unit.totals if unit else recap.totals).rate
    name = unit.name if unit else recap.org_name
    rate = f" - {total}%" if total is not None else ""
    axes.set_title(f"{words(language)['trend']}: {name}\n{recap.period}{rate}", fontsize=10)
    axes.grid(axis="y", alpha=0.3)
    axes.spines[["top", "right"]].set_visible(False)
    return _png(figure)


def _png(figure: Figure) -> bytes:
    FigureCanvasAgg(figure)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
