"""The figure of a check (``check.png``): per quantity and team, the later scan's measured
value against the 90% interval and median the run predicted, coloured by the verdict.

It is drawn from the check's table (``check.csv``), so it shows what the table shows: teams
the privacy rules left out are listed without values."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from matplotlib.lines import Line2D

from llo_sim.figures.render import figure_bytes, subplots
from llo_sim.own.check import AS_PREDICTED, BETTER, WORSE

PNG = ((".png", {"dpi": 110}),)
COLOURS = {BETTER: "tab:green", AS_PREDICTED: "tab:blue", WORSE: "tab:red"}
MAX_HEIGHT = 60.0        # inches: a figure of many teams grows no taller


def check_figure(table: pd.DataFrame):
    """One panel per quantity: a row per team (the organisation, ``all``, at the top), the
    predicted 90% interval as a grey bar with its median, the measured value as a dot."""
    quantities = list(dict.fromkeys(table["quantity"]))
    teams = list(dict.fromkeys(table["team"]))
    teams = (["all"] if "all" in teams else []) + [t for t in teams if t != "all"]
    height = min(MAX_HEIGHT, 1.8 + 0.32 * len(teams))
    fig, axes = subplots(1, len(quantities), figsize=(4.2 * len(quantities) + 1.5, height),
                             layout="constrained", sharey=True, squeeze=False)
    for ax, quantity in zip(axes[0], quantities):
        rows = table[table["quantity"] == quantity].set_index("team")
        for y, team in enumerate(teams):
            if team not in rows.index or pd.isna(rows.loc[team, "measured"]) \
                    or pd.isna(rows.loc[team, "p05"]):
                continue
            r = rows.loc[team]
            ax.plot([r["p05"], r["p95"]], [y, y], color="0.7", lw=6, solid_capstyle="butt")
            ax.plot([r["predicted_median"]], [y], marker="|", color="0.3", ms=12)
            ax.plot([r["measured"]], [y], marker="o", ms=7,
                    color=COLOURS.get(r["verdict"], "0.5"))
        ax.set_title(quantity)
        ax.grid(axis="x", alpha=0.3)
        ax.set_xlabel("on the scan's scale")
    axes[0][0].set_yticks(range(len(teams)), [_label(table, t) for t in teams], fontsize=8)
    axes[0][0].set_ylim(len(teams) - 0.3, -0.7)          # the table's order, top down
    handles = [Line2D([], [], color="0.7", lw=6, label="predicted: 90% interval"),
               Line2D([], [], color="0.3", marker="|", ls="", ms=12, label="median"),
               *(Line2D([], [], color=c, marker="o", ls="", label=f"measured: {v}")
                 for v, c in COLOURS.items())]
    fig.legend(handles=handles, loc="outside lower center", ncols=5, fontsize=8)
    month = int(table["month"].iloc[0]) if len(table) else 0
    fig.suptitle(f"Month {month}: the later scan against what the run predicted",
                 fontsize=10)
    return fig


def _label(table: pd.DataFrame, team: str) -> str:
    """The team's name, with the check's verdict when it gives the team no values
    (``suppressed (privacy)``, ``not measured``)."""
    rows = table[table["team"] == team]
    return team if rows["measured"].notna().any() else f"{team}: {rows['verdict'].iloc[0]}"


def check_files(table: pd.DataFrame, folder: Path) -> dict[Path, bytes]:
    """``{folder/check.png: bytes}``, for :func:`llo_sim.own.check.write_check`."""
    return figure_bytes(check_figure(table), Path(folder) / "check", formats=PNG)
