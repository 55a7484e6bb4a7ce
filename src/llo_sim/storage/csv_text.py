"""Text cells of the CSV files llo-sim writes, safe to open in a spreadsheet.

Names come from the user's files (team names, ids, scenario file names). A cell that starts
with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return) is taken as a formula by Excel,
LibreOffice and Google Sheets ("CSV injection", OWASP). As OWASP recommends, such a cell is
written with a single quote in front, so that it is shown as text: ``=SUM(A1)`` becomes
``'=SUM(A1)``. Numbers are not touched (``-0.5`` stays a number); quoting of separators and
quotes is the CSV writer's (RFC 4180). Every table of a run, a check and a comparison is
written through :func:`excel_safe`.
"""

from __future__ import annotations

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def excel_text(value):
    """``value`` as written in a CSV cell: a text starting with a formula character gets a
    single quote in front; anything else is returned as is."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def excel_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every text cell passed through :func:`excel_text` (the same frame when
    no cell needs it, so tables without such names are written byte for byte as before)."""
    out = frame
    for col in frame.columns:
        values = frame[col]
        if values.dtype != object and not isinstance(values.dtype, pd.StringDtype):
            continue
        try:
            risky = values.str.startswith(FORMULA_START, na=False).to_numpy(dtype=bool)
        except AttributeError:          # a column of objects none of which is text
            continue
        if risky.any():
            if out is frame:
                out = frame.copy()
            out[col] = values.where(~risky, "'" + values.astype(str))
    return out
