"""Measures of a month: participation, budget uptake, inequality, and the same by group.

Participation is the share of employees who took part in the last 12 months (months
m-11 .. m), the window of most participation surveys (the figures in 004 use a 4-week window
for adults in general; 12 months is our choice for employees and one run's yearly rhythm). The ``_month`` variants count this month
only. Groups follow the dimensions of seed 004 (education, age, contract) and the four groups
of Broek et al. (2023, in 004). Inequality of learning: the Gini and the Theil index of
cumulative learning (the Theil split into between and within education levels), participation
ratios between groups and the shares of the Broek groups. Every measure is defined, with its
formula and source, in ``docs/measures.md``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from llo_sim.engine.workforce import AGE_BANDS, CONTRACT, EDUCATION

WINDOW = 12
# the measure the README, the comparison table and the dashboard lead with
HEADLINE = "share_learning_a_lot"
BROEK_GROUPS = (
    "in_position_learning",          # realistic position to learn, and learns
    "in_position_not_learning",      # realistic position, but does not learn
    "not_in_position_learning",      # learns although not in a realistic position (watched)
    "not_in_position_not_learning",  # neither
)
DIMENSIONS = {
    "education": EDUCATION,
    "age": AGE_BANDS,
    "contract": CONTRACT,
    "broek_group": BROEK_GROUPS,
}
# a person's cell in the joint table: education x age x contract x broek group
_SHAPE = (len(EDUCATION), len(AGE_BANDS), len(CONTRACT), len(BROEK_GROUPS))
_N_CELLS = int(np.prod(_SHAPE))
_INDICATORS = ("n", "any", "formal", "informal", "holders", "holders_used")


def recent(last_month: np.ndarray, month: int) -> np.ndarray:
    """Whether the last event lies within the 12-month window ending at ``month``."""
    return (month - last_month) < WINDOW


def mean(values: np.ndarray) -> float:
    """The mean as a Python float: the same number as ``float(values.mean())``, with less
    overhead (it is called some twenty times a month)."""
    return float(np.add.reduce(values, axis=None)) / values.size


def gini_of_counts(counts: np.ndarray) -> float:
    """Gini coefficient of non-negative integers, in O(n) via their histogram.

    Equal to the usual definition ``sum |x_i - x_j| / (2 n^2 mean)``; 0 when all are equal
    (also when all are 0).
    """
    return gini_of_histogram(np.bincount(counts))


def gini_of_histogram(hist: np.ndarray) -> float:
    """Gini coefficient of a population given as a histogram (``hist[v]`` people with the
    value ``v``); the same number as :func:`gini_of_counts` on the population itself."""
    n = float(hist.sum())
    values = np.arange(len(hist), dtype=np.float64)
    total = float(values @ hist)
    if n == 0 or total == 0:
        return 0.0
    start = np.concatenate(([0.0], np.cumsum(hist)[:-1]))  # ranks before each value
    rank_sum = hist * start + hist * (hist + 1) / 2.0
    return float(2.0 * (values @ rank_sum) / (n * total) - (n + 1.0) / n)


def static_cells(workforce) -> np.ndarray:
    """Each employee's cell for the dimensions that do not change (education, age, contract),
    already multiplied by the number of Broek groups."""
    w = workforce
    cell = (w.theoretical.astype(np.intp) * _SHAPE[1] + w.age_band) * _SHAPE[2] + w.flex
    return cell * _SHAPE[3]


# the four yes/no indicators counted besides "any", as bits of one small number per employee
_FLAG_BITS = ("formal", "informal", "holders", "holders_used")
_N_FLAGS = 1 << len(_FLAG_BITS)
# _BIT_MATRIX[f, j] = 1 if the pattern f has bit j set
_BIT_MATRIX = ((np.arange(_N_FLAGS)[:, None] >> np.arange(len(_FLAG_BITS))) & 1).astype(float)


def group_table(static_cell, in_position, any_, formal, informal, holders, used) -> np.ndarray:
    """Counts per joint cell for one month: shape (cells, indicators).

    Column ``n`` counts the employees in each cell; the others count those of them for whom
    the indicator is true. Computed with a single histogram: each employee's cell and the
    pattern of the four indicators other than ``any`` (which is part of the cell) make one
    bin number.
    """
    u8 = np.uint8
    low = (~in_position).view(u8) * u8(2 * _N_FLAGS)    # Broek group: 2 * not in position
    low += (~any_).view(u8) * u8(_N_FLAGS)               #            + not learning
    for j, flags in enumerate((formal, informal, holders, used)):
        low += flags.view(u8) * u8(1 << j)
    code = static_cell * _N_FLAGS
    code += low
    counts = np.bincount(code, minlength=_N_CELLS * _N_FLAGS).reshape(_N_CELLS, _N_FLAGS)
    out = np.empty((_N_CELLS, len(_INDICATORS)))
    out[:, 0] = counts.sum(axis=1)
    out[:, 1] = np.where(np.arange(_N_CELLS) % 2 == 0, out[:, 0], 0.0)  # "any" = even cell
    out[:, 2:] = counts @ _BIT_MATRIX
    return out


def groups_frame(months: list[int], tables: list[np.ndarray]) -> pd.DataFrame:
    """Tidy table ``month, dimension, level, n, participation_*, budget_uptake``."""
    data = np.stack(tables).reshape(len(months), *_SHAPE, len(_INDICATORS))
    frames = []
    for axis, (dim, levels) in enumerate(DIMENSIONS.items(), start=1):
        others = tuple(a for a in range(1, 5) if a != axis)
        sums = data.sum(axis=others)  # (months, levels, indicators)
        n = sums[..., 0]
        with np.errstate(invalid="ignore", divide="ignore"):
            share = sums / np.where(n > 0, n, np.nan)[..., None]
            uptake = sums[..., 5] / np.where(sums[..., 4] > 0, sums[..., 4], np.nan)
        frames.append(pd.DataFrame({
            "month": np.repeat(months, len(levels)),
            "dimension": dim,
            "level": np.tile(levels, len(months)),
            "n": n.reshape(-1).astype(np.int64),
            "participation_any": share[..., 1].reshape(-1),
            "participation_formal": share[..., 2].reshape(-1),
            "participation_informal": share[..., 3].reshape(-1),
            "budget_uptake": uptake.reshape(-1),
        }))
    return pd.concat(frames, ignore_index=True).sort_values(
        ["month", "dimension"], kind="stable").reset_index(drop=True)


# --- inequality: ratios between groups, Theil index, Broek shares --------------------------------
# every (dimension, level) of the groups table, and which joint cells belong to it
LEVELS = tuple((dim, level) for dim, levels in DIMENSIONS.items() for level in levels)
_ROW = {key: i for i, key in enumerate(LEVELS)}
_MEMBERSHIP = np.zeros((len(LEVELS), _N_CELLS))
for _axis, (_dim, _levels) in enumerate(DIMENSIONS.items()):
    _index = np.indices(_SHAPE)[_axis].reshape(-1)      # each cell's level on this axis
    for _k, _level in enumerate(_levels):
        _MEMBERSHIP[_ROW[(_dim, _level)]] = _index == _k


def level_counts(table: np.ndarray) -> list[list[float]]:
    """From one month's ``group_table``: ``[n, participants]`` for every level of every
    dimension, in the order of ``LEVELS`` (participants = ``participation_any``, 12-month
    window). One small matrix product; Python lists, for cheap arithmetic afterwards."""
    return (_MEMBERSHIP @ table[:, :2]).tolist()


def participation_ratio(counts: list, dimension: str, numerator: str,
                        denominator: str) -> float:
    """Ratio of ``participation_any`` of two levels of one dimension, from
    :func:`level_counts`; e.g. ``participation_ratio(c, "education", "practical",
    "theoretical")`` = participation of the practically / of the theoretically educated.

    NaN when the denominator level is empty or nobody in it participates, and when the
    numerator level is empty (its participation is undefined).
    """
    n_num, any_num = counts[_ROW[(dimension, numerator)]]
    n_den, any_den = counts[_ROW[(dimension, denominator)]]
    if n_num == 0 or any_den == 0:      # any_den == 0 also when the level is empty
        return float("nan")
    return (any_num / n_num) / (any_den / n_den)


def broek_shares(counts: list) -> list[float]:
    """Share of the workforce in each Broek group (in the order of ``BROEK_GROUPS``), from
    :func:`level_counts`; they sum to 1."""
    n = [counts[_ROW[("broek_group", g)]][0] for g in BROEK_GROUPS]
    total = sum(n)
    return [k / total for k in n]


def histograms(counts: np.ndarray, groups: np.ndarray, n_groups: int,
               n_values: int = 0) -> np.ndarray:
    """Histogram of non-negative integer ``counts`` per group: ``h[g, v]`` = number of
    people in group ``g`` (integer labels 0 .. n_groups-1) with count ``v``. One
    ``bincount``; ``n_values`` is the least number of columns (e.g. ``month + 1``)."""
    code = np.multiply(counts, n_groups, dtype=np.intp)
    code += groups
    h = np.bincount(code, minlength=n_groups * n_values)
    if len(h) % n_groups:
        h = np.pad(h, (0, -len(h) % n_groups))
    return h.reshape(-1, n_groups).T


def theil_of_histograms(hist: np.ndarray) -> tuple[float, float, float]:
    """Theil T index of a population given as one histogram per group (``hist[g, v]`` people
    in group ``g`` with the value ``v``), and its exact decomposition by group:
    ``(total, between, within)``, with ``between + within == total`` up to rounding.

    With ``N`` people, total ``X`` and mean ``mu = X / N``, and per group ``N_g``, ``X_g``,
    ``mu_g`` and share of the total ``s_g = X_g / X``::

        T       = (1/N) sum_i (x_i/mu) ln(x_i/mu) = (1/X) sum_i x_i ln(x_i/mu)
        between = sum_g s_g ln(mu_g / mu)
        within  = sum_g s_g T_g

    with ``0 ln 0 = 0``; ``T = 0`` when ``mu = 0``, and groups with ``X_g = 0`` add nothing.
    """
    hist = np.asarray(hist, dtype=np.float64)
    if hist.ndim == 1:
        hist = hist[None, :]
    values = np.arange(hist.shape[1], dtype=np.float64)
    n_g = hist.sum(axis=1)
    x_g = hist @ values                                  # total per group
    n, x = float(n_g.sum()), float(x_g.sum())
    if x == 0:
        return 0.0, 0.0, 0.0
    mu = x / n
    has = x_g > 0
    mu_g = np.where(has, x_g, 1.0) / np.where(has, n_g, 1.0)
    v = values[1:]                      # value 0 adds nothing (0 ln 0 = 0)
    # x_i ln(x_i / m) per value, for the overall mean and for each group's own mean
    total = float(hist[:, 1:].sum(axis=0) @ (v * np.log(v / mu))) / x
    within = float(np.einsum("gv,gv->", hist[:, 1:], v * np.log(v / mu_g[:, None]))) / x
    between = float(x_g[has] @ np.log(mu_g[has] / mu)) / x
    return total, between, within


def theil_decomposition(counts: np.ndarray, groups: np.ndarray) -> tuple[float, float, float]:
    """Theil T of non-negative integer ``counts`` and its decomposition by ``groups``
    (non-negative integer labels): ``(total, between, within)``.
    See :func:`theil_of_histograms`."""
    groups = np.asarray(groups, dtype=np.intp)
    n_groups = int(groups.max()) + 1 if groups.size else 1
    return theil_of_histograms(histograms(np.asarray(counts), groups, n_groups))
