"""Column widths for a PDF table, measured in the font it is printed in.

fpdf2 wraps a cell at spaces and breaks a word only when the word alone is wider than the
cell: measuring each heading's longest word (and each number or NIP, which must not wrap)
gives every column the least width that keeps its words whole. What is left of the line goes
to the flexible columns (name, notes), which wrap. When the fixed columns alone do not fit,
the font gets smaller, down to a size still readable on paper.
"""

from __future__ import annotations

from collections.abc import Sequence

from fpdf import FPDF

SLACK = 0.8  # mm beyond the measured text: rounding, and the last glyph's side bearing
SMALLEST = 5.0  # points


def fit_widths(
    pdf: FPDF,
    font: str,
    size: float,
    heads: Sequence[str],
    rows: Sequence[Sequence[str]],
    flexible: Sequence[bool],
    width: float,
) -> tuple[float, list[float]]:
    """(font size, column widths in mm summing to `width`) for the table."""
    while True:
        widths = _try(pdf, font, size, heads, rows, flexible, width)
        if widths is not None or size <= SMALLEST:
            break
        size -= 0.5
    if widths is None:  # even the smallest font overflows: keep the proportions
        need = _needs(pdf, font, size, heads, rows, flexible)[0]
        widths = [width * n / sum(need) for n in need]
    return size, widths


def _try(pdf, font, size, heads, rows, flexible, width) -> list[float] | None:
    need, natural = _needs(pdf, font, size, heads, rows, flexible)
    fixed = sum(n for n, f in zip(need, flexible, strict=True) if not f)
    rest = width - fixed
    if rest < sum(n for n, f in zip(need, flexible, strict=True) if f):
        return None
    wanted = sum(natural[i] for i, f in enumerate(flexible) if f) or 1.0
    widths = list(need)
    for i, f in enumerate(flexible):
        if f:
            widths[i] = max(need[i], rest * natural[i] / wanted)
    excess = sum(widths) - width  # the minimums can push the shares over: take it back
    if excess > 0:
        room = [widths[i] - need[i] if f else 0.0 for i, f in enumerate(flexible)]
        total = sum(room) or 1.0
        widths = [w - excess * r / total for w, r in zip(widths, room, strict=True)]
    elif not any(flexible):
        widths = [w * width / sum(widths) for w in widths]
    return widths


def _needs(pdf, font, size, heads, rows, flexible) -> tuple[list[float], list[float]]:
    """Per column: the least width (longest word, or whole text where it may not wrap) and
    the natural width (the longest text on one line), both with the cell's padding."""
    pad = 2 * pdf.c_margin + SLACK + 1.6
    seen: dict[tuple[str, str], float] = {}

    def measure(text: str, style: str) -> float:
        key = (style, text)
        if key not in seen:
            pdf.set_font(font, style, size)
            seen[key] = pdf.get_string_width(text)
        return seen[key]

    need, natural = [], []
    for index, head in enumerate(heads):
        least = max((measure(word, "B") for word in head.split()), default=0.0)
        longest = 0.0
        for row in rows:
            text = row[index] if index < len(row) else ""
            # Bold: the total row is bold, and bold is never narrower.
            full = measure(text, "B")
            longest = max(longest, full)
            words = text.split() if flexible[index] else [text]
            least = max(least, *(measure(word, "B") for word in words), 0.0)
        need.append(least + pad)
        natural.append(max(longest, least) + pad)
    return need, natural
