"""Summaries over runs: the mean with its interval, the range of the worlds, the share of
worlds in which a difference is positive. NaN values are left out everywhere."""

from __future__ import annotations

import numpy as np
from scipy import stats


def mean_ci(values: np.ndarray, level: float = 0.95) -> tuple[float, float, float]:
    """Mean and t-based confidence interval of the mean; NaN values are left out."""
    v = np.asarray(values, dtype=float)
    v = v[~np.isnan(v)]
    if len(v) == 0:
        return (np.nan, np.nan, np.nan)
    m = float(v.mean())
    if len(v) < 2:
        return (m, np.nan, np.nan)
    half = float(stats.t.ppf(0.5 + level / 2, len(v) - 1) * v.std(ddof=1) / np.sqrt(len(v)))
    return (m, m - half, m + half)


def spread(values: np.ndarray, level: float = 0.90) -> tuple[float, float]:
    """The range holding ``level`` of the values (5th and 95th percentile); NaN left out."""
    v = np.asarray(values, dtype=float)
    v = v[~np.isnan(v)]
    if len(v) == 0:
        return (np.nan, np.nan)
    lo, hi = np.percentile(v, [50 - 50 * level, 50 + 50 * level])
    return (float(lo), float(hi))


def share_higher(diff: np.ndarray) -> float:
    """Share of the paired differences above zero (ties count half); NaN left out."""
    d = np.asarray(diff, dtype=float)
    d = d[~np.isnan(d)]
    if len(d) == 0:
        return float("nan")
    return float((np.count_nonzero(d > 0) + 0.5 * np.count_nonzero(d == 0)) / len(d))
