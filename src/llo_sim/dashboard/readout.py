"""The hover read-out of a time-series chart: each line's value at the month under the
pointer. A view keeps, on its figure, the texts of every month (:func:`keep`); the chart
widget asks where each axes ended up once the figure is drawn (:func:`readout_spec`) and the
browser does the rest (``widgets._Readout``), so a hover costs the server nothing.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from llo_sim.dashboard.controls import number
from llo_sim.dashboard.i18n import t


def _pct(x: float) -> str:
    return "-" if x != x else f"{100 * x:.0f}%"


def texts(values, kind: str, lang: str, band: pd.DataFrame | None = None) -> list[str]:
    """Each month's value as the hover read-out shows it: ``kind`` 'pct' (a share, as a
    percentage), 'ratio' (two decimals) or 'eur'; with the band's 95% interval."""
    def one(v):
        if v != v:
            return "-"
        return {"pct": _pct, "ratio": lambda x: number(x, lang, 2),
                "eur": lambda x: "EUR " + number(x, lang)}[kind](v)
    texts = [one(v) for v in values]
    if band is not None and "low" in band:
        texts = [f"{x} (95%: {one(lo)} - {one(hi)})" if lo == lo else x
                 for x, lo, hi in zip(texts, band["low"], band["high"])]
    return texts


def keep(ax, ts: pd.DataFrame, rows: list[tuple], lang: str) -> None:
    """Keep, on the figure, what a hover over ``ax`` reads out at each month of ``ts``:
    ``rows`` of (label, colour, values, kind[, band]) (see :func:`readout_spec`)."""
    fig = ax.figure
    fig.llo_readout = getattr(fig, "llo_readout", []) + [{
        "ax": ax, "months": [int(m) for m in ts["month"]], "title": t("month", lang),
        "rows": [{"label": row[0], "color": to_hex(row[1]),
                  "texts": texts(np.asarray(row[2], dtype=float), row[3], lang,
                                  row[4] if len(row) > 4 else None)} for row in rows]}]


def band_of(bands: dict | None, col: str, which: int = 0) -> pd.DataFrame | None:
    return (bands or {}).get(col, (None, None))[which]


def readout_spec(fig: Figure) -> list[dict]:
    """Where each axes with a read-out sits in the drawn figure (fractions of its width and
    height, from the top left) and its months' texts: what the chart's hover needs. Call it
    after the figure is drawn (its layout is final then)."""
    out = []
    for item in getattr(fig, "llo_readout", []):
        pos, (x0, x1) = item["ax"].get_position(), item["ax"].get_xlim()
        out.append({"left": pos.x0, "right": pos.x1, "top": 1 - pos.y1, "bottom": 1 - pos.y0,
                    "xmin": x0, "xmax": x1, "months": item["months"], "title": item["title"],
                    "rows": item["rows"]})
    return out
