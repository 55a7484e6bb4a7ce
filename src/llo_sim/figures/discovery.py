"""The figure of a discovery: how far the scenario beats the other, and where it fails.

Left: the paired differences of the headline across the design points, with the margin.
Right: the design points on the two inputs the first box restricts most tightly (or, without
a box, the two numeric inputs that differ most between failures and the rest), failures
marked, the box drawn.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from llo_sim.engine.measures import HEADLINE
from llo_sim.figures.render import figure_bytes, subplots
from llo_sim.study.discover.words import label


def _axes_inputs(result) -> list[str]:
    """The two numeric inputs to plot: those of the first box that cut away the most points,
    then those whose mean differs most (in standard deviations) between failures and not."""
    cases, fails = result.cases, result.fails
    numeric = [n for n in result.inputs if pd.api.types.is_numeric_dtype(cases[n])]
    chosen = []
    if result.boxes:
        box = result.boxes[0]
        cut = {r.name: 1 - r.holds(cases[r.name]).mean() for r in box.restrictions.values()
               if r.levels is None}
        chosen = sorted(cut, key=lambda k: -cut[k])[:2]
    if 0 < fails.sum() < len(fails):
        gap = {n: abs(cases.loc[fails, n].mean() - cases.loc[~fails, n].mean())
               / (cases[n].std() or 1.0) for n in numeric}
        chosen += [n for n in sorted(gap, key=lambda k: -gap[k]) if n not in chosen]
    chosen += [n for n in numeric if n not in chosen]
    return chosen[:2]


def discovery_figure(result):
    """A matplotlib figure of ``result`` (a :class:`llo_sim.study.discover.discovery.DiscoveryResult`)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.patches import Rectangle

    cases, fails = result.cases, result.fails
    fig, (left, right) = subplots(1, 2, figsize=(11, 4.5))
    # rounded: differences equal but for rounding (28 and 28.000000000000004) leave numpy no
    # room for finite-sized bins
    d = (cases["difference"] * 100).round(9).to_numpy()
    left.hist(d, bins=min(40, max(5, len(d) // 5)), color="#7a9cc6")
    left.axvline(result.margin, color="#c0392b", ls="--",
                 label=f"margin {result.margin:g} points")
    left.set_xlabel(f"{HEADLINE}: {result.scenario} - {result.other} (points)")
    left.set_ylabel("design points")
    left.set_title(f"does not beat by more than the margin: {fails.mean():.0%}")
    left.legend(frameon=False)

    xname, yname = _axes_inputs(result)
    x, y = cases[xname].to_numpy(), cases[yname].to_numpy()
    right.scatter(x[~fails], y[~fails], s=10, c="#9bb7d4", label="beats by more")
    right.scatter(x[fails], y[fails], s=14, c="#c0392b", marker="x", label="does not")
    if result.boxes:
        box = result.boxes[0]
        limits = []
        for name, values in ((xname, x), (yname, y)):
            r = box.restrictions.get(name)
            lo = values.min() if r is None or r.low is None else r.low
            hi = values.max() if r is None or r.high is None else r.high
            limits.append((lo, hi))
        (x0, x1), (y0, y1) = limits
        right.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, ec="black", lw=1.5,
                                  label=f"box 1: coverage {box.coverage:.0%}, "
                                        f"density {box.density:.0%}"))
        others = [r.name for r in box.restrictions.values() if r.name not in (xname, yname)]
        if others:
            right.set_title("box 1 also restricts " + ", ".join(others), fontsize=9)
    right.set_xlabel(label(xname, "en"))
    right.set_ylabel(label(yname, "en"))
    right.legend(frameon=True, framealpha=0.9, fontsize=8, loc="lower left")
    fig.tight_layout()
    return fig


__all__ = ["discovery_figure"]


def discovery_files(result, folder: Path) -> dict[Path, bytes]:
    """discovery.png and .svg of a discovery, as bytes (written with its tables)."""
    formats = ((".png", {}), (".svg", {"metadata": {"Date": None}}))
    return figure_bytes(discovery_figure(result), Path(folder) / "discovery", formats,
                        dpi=120, bbox_inches="tight")
