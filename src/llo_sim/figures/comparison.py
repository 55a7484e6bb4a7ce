"""Figures with matplotlib: a comparison of scenarios over time and by group."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from llo_sim.engine.measures import HEADLINE
from llo_sim.figures.render import figure_bytes, subplots
from llo_sim.study.statistics import spread

# (dimension, group that tends to participate less, reference group, label)
GAPS = (
    ("education", "practical", "theoretical", "practical vs theoretical"),
    ("age", "55+", "<35", "55+ vs <35"),
    ("contract", "flex", "permanent", "flex vs permanent"),
)


def _band(ax, comparison, measure: str, scale: float = 1.0) -> None:
    """A line per scenario (mean over the runs) with the range of 90% of the runs; month 0 is
    the warm start, so every month has a full 12-month history."""
    bands = comparison.bands(measure)
    for i, name in enumerate(comparison.names):
        b = bands[bands["scenario"] == name]
        color = f"C{i}"
        ax.plot(b["month"], b["mean"] * scale, color=color, label=name, lw=2)
        ax.fill_between(b["month"], b["p05"] * scale, b["p95"] * scale, color=color,
                        alpha=0.2, lw=0)
    ax.set_xlabel("month (0 = the organisation today)")
    ax.grid(alpha=0.3)


def comparison_figure(comparison):
    """The headline and inequality over time (a line per scenario with the range of 90% of
    the runs) and the formal-learning gap by group at the final month."""
    fig, axes = subplots(1, 3, figsize=(16, 5), layout="constrained")
    ax = axes[0]
    _band(ax, comparison, HEADLINE, 100)
    ax.set_ylabel("% of employees")
    ax.set_title("Learned in at least 6 of the last 12 months")
    ax.set_ylim(0, 100)
    ax.legend(loc="lower right", fontsize=9)

    ax = axes[1]
    _band(ax, comparison, "gini_learning_excess")
    ax.set_ylabel("Gini of learning months minus what chance gives")
    ax.set_title("Inequality of learning, beyond chance")
    ax.set_ylim(bottom=0)

    ax = axes[2]
    gaps = _gap_intervals(comparison)
    n = len(comparison.names)
    width = 0.8 / n
    for i, name in enumerate(comparison.names):
        x = [j + (i - (n - 1) / 2) * width for j in range(len(GAPS))]
        mean, low, high = (100 * pd.Series([gaps[(name, d)][k] for d, *_ in GAPS])
                           for k in range(3))
        ax.bar(x, mean, width=width, color=f"C{i}", label=name,
               yerr=[mean - low, high - mean], capsize=3, error_kw={"lw": 1})
    ax.axhline(0, color="black", lw=0.8)
    ax.set_xticks(range(len(GAPS)), [g[3] for g in GAPS])
    ax.set_ylabel("difference in formal learning (percentage points)")
    ax.set_title(f"Formal-learning gap by group, month {comparison.months}")
    ax.grid(axis="y", alpha=0.3)
    worlds = ("" if getattr(comparison, "worlds", None) is None
              else " in as many calibrated worlds")
    fig.suptitle(f"{' vs '.join(comparison.names)}: {comparison.replications} replications"
                 f"{worlds}; bands and bars: 90% of the runs", fontsize=12)
    return fig


def _gap_intervals(comparison) -> dict:
    """Mean and the range of 90% of the runs of each formal-learning gap per scenario."""

    final = comparison.final()
    out = {}
    for name in comparison.names:
        for dim, low, ref, _ in GAPS:
            gap = (final.loc[name, f"participation_formal[{dim}={low}]"]
                   - final.loc[name, f"participation_formal[{dim}={ref}]"]).to_numpy()
            out[(name, dim)] = (float(gap.mean()), *spread(gap))
    return out


def save_figure(fig, stem: Path) -> list[Path]:
    """Save ``fig`` as PNG and SVG next to each other; return the paths."""
    paths = [stem.with_suffix(".png"), stem.with_suffix(".svg")]
    fig.savefig(paths[0], dpi=120)
    fig.savefig(paths[1], metadata={"Date": None})  # no timestamp: identical reruns
    return paths


def comparison_files(comparison, folder: Path) -> dict[Path, bytes]:
    """comparison.png and comparison.svg of a comparison, as bytes (written with its tables:
    :meth:`llo_sim.study.compare.Comparison.write`)."""
    return figure_bytes(comparison_figure(comparison), Path(folder) / "comparison")
