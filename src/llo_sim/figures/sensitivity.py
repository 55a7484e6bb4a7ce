"""The figure of a sensitivity analysis: Morris or Sobol indices per measure."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from llo_sim.figures.render import figure_bytes, subplots


def sensitivity_figure(table: pd.DataFrame, method: str, title: str = ""):
    """One panel per measure: a bar per parameter (Morris ``mu_star`` with its interval and
    ``sigma``; Sobol ``S1`` and ``ST`` with intervals), largest effect on top."""
    measures = list(dict.fromkeys(table["measure"]))
    n_params = table["parameter"].nunique()
    fig, axes = subplots(1, len(measures), figsize=(5.5 * len(measures),
                                                        1.2 + 0.45 * n_params),
                             layout="constrained", squeeze=False)
    a, b = ("mu_star", "sigma") if method == "morris" else ("S1", "ST")
    labels = ({"mu_star": "mu* (mean |effect|)", "sigma": "sigma (spread of effects)"}
              if method == "morris" else {"S1": "S1 (first order)", "ST": "ST (total)"})
    for ax, measure in zip(axes[0], measures):
        t = table[table["measure"] == measure].sort_values(a, na_position="first")
        y = np.arange(len(t))
        h = 0.38
        ax.barh(y + h / 2, t[a], h, xerr=t[f"{a}_conf"], color="C0", label=labels[a],
                error_kw={"lw": 1})
        ax.barh(y - h / 2, t[b], h, xerr=t.get(f"{b}_conf"), color="C1", label=labels[b],
                error_kw={"lw": 1})
        ax.set_yticks(y, t["parameter"])
        ax.set_title(measure.replace("[", "\n["))   # group measures on two lines
        ax.axvline(0, color="black", lw=0.6)
        ax.grid(axis="x", alpha=0.3)
    axes[0][0].legend(loc="lower right", fontsize="small")
    if title:
        fig.suptitle(title)
    return fig


def sensitivity_files(result, folder: Path) -> dict[Path, bytes]:
    """sensitivity.png and .svg of a :class:`~llo_sim.study.sensitivity.SensitivityResult`,
    as bytes (written with its table)."""
    fig = sensitivity_figure(result.table, result.method, result.title)
    return figure_bytes(fig, Path(folder) / "sensitivity")
