"""Measures of a month: participation, budget uptake, inequality, and the same by group.

Participation is the share of employees who took part in the last 12 months (months
m-11 .. m), the window of most participation surveys (the figures in 004 use a 4-week window
for adults in general; 12 months is our choice for employees and one run's yearly rhythm). The ``_month`` variants count this month
only. Groups follow the dimensions of seed 004 (education, age, contract) and the four groups
of Broek et al. (2023, in 004).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .workforce import AGE_BANDS, CONTRACT, EDUCATION

WINDOW = 12
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
    n = len(counts)
    hist = np.bincount(counts)
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
