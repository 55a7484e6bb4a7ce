"""The front of a search: the robust figures of a mix over its worlds, the mixes no other
beats on both the headline and the gap (Pareto), and what a search returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from llo_sim.engine.scenario import Scenario

HEADLINE_Q, GAP_Q, COST_Q = 10, 90, 90     # the percentiles of the worlds a mix is judged by


@dataclass
class OptimiseResult:
    """What a search found. ``front``: one row per Pareto mix (figures over ``final_worlds``,
    then the decision variables); ``scenarios``: the same mixes as :class:`Scenario` objects;
    ``evaluations``: every mix of the search with its figures over the search worlds;
    ``shipped``: the base and the library's policy scenarios beside the best mix at equal
    cost; ``damaged``: the lines of ``evaluations.jsonl`` found damaged on resume and run
    again."""

    budget: float
    base: Scenario
    front: pd.DataFrame
    scenarios: list[Scenario]
    evaluations: pd.DataFrame
    shipped: pd.DataFrame
    settings: dict
    search_worlds: list[int] = field(default_factory=list)
    final_worlds: list[int] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    damaged: list[str] = field(default_factory=list)    # records read back damaged, re-run

    @property
    def recommended(self) -> pd.Series | None:
        rows = self.front[self.front["recommended"]]
        return rows.iloc[0] if len(rows) else None


def robust(figures: list[dict]) -> dict:
    """The robust figures of a mix from its runs (one per world)."""
    h = np.array([f["headline"] for f in figures], dtype=float)
    g = np.array([f["gap"] for f in figures], dtype=float)
    c = np.array([f["cost"] for f in figures], dtype=float)
    m = np.array([f["months"] for f in figures], dtype=float)
    gap = np.nanpercentile(g, GAP_Q) if np.isfinite(g).any() else np.inf
    return {"headline_p10": float(np.percentile(h, HEADLINE_Q)), "headline_mean": float(h.mean()),
            "gap_p90": float(gap), "gap_mean": float(np.nanmean(g)) if np.isfinite(g).any()
            else float("nan"), "cost_per_employee_year": float(c.mean()),
            "cost_p90": float(np.percentile(c, COST_Q)), "months_mean": float(m.mean())}


def pareto(table: pd.DataFrame) -> pd.DataFrame:
    """The rows no other row beats on both the headline (higher) and the gap (lower); one row
    per mix, ordered by cost."""
    t = table.drop_duplicates("mix").reset_index(drop=True)
    h, g = t["headline_p10"].to_numpy(), t["gap_p90"].to_numpy()
    keep = [not np.any((h >= h[i]) & (g <= g[i]) & ((h > h[i]) | (g < g[i])))
            for i in range(len(t))]
    return t[keep].sort_values(["cost_per_employee_year", "mix"]).reset_index(drop=True)


def spaced(front: pd.DataFrame, n: int) -> pd.DataFrame:
    """At most ``n`` rows of a front, evenly spaced along it by headline."""
    if len(front) <= n:
        return front
    f = front.sort_values("headline_p10").reset_index(drop=True)
    idx = sorted(set(np.linspace(0, len(f) - 1, n).round().astype(int)))
    return f.iloc[idx]
