"""The one guard every export applies to text: no cell may start a formula.

A name typed as `=HYPERLINK("http://x","klik")` would otherwise become a live formula in the
workbook (openpyxl turns any string starting with '=' into one) and in a CSV opened by a
spreadsheet. OWASP's advice for CSV injection: prefix a text that starts with =, +, -, @, a tab
or a carriage return with a single quote, so that it is shown as text. The same text in every
export (XLSX, CSV, PDF) keeps them comparable and keeps a copy pasted from the PDF harmless.
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape(value: Any) -> Any:
    """`value` itself unless it is a text a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
