"""Privacy of an own organisation's outputs: no group smaller than ``min_group`` (default 5)
can be read or computed from them (docs/own-organisation.md, "Privacy").

The data never leave the machine: nothing in llo-sim opens a network connection to another
host (the dashboard listens on 127.0.0.1). Outputs hold no row-level data unless asked for
(``--per-employee``), and then only the input's pseudonymous id.

Groups are protected by **cell suppression** as statistical offices do it (the threshold rule;
the ESSnet *Handbook on Statistical Disclosure Control*, Hundepool et al., its chapters on
tabular data; sdcTable's frequency rule; tau-argus):

- **primary suppression**: a group of 1 to ``min_group - 1`` people is left blank (an empty
  group describes nobody and is shown, as sdcTable does by default, ``allowZeros = FALSE``);
- **secondary (complementary) suppression**: every table here has a published total (the
  organisation, in ``timeseries.csv``, the ``all`` rows and ``n_employees``), so one blank
  would be the total minus the shown groups. The next-smallest group of the same table is
  blanked too, and more, until at least two groups are blank and together hold at least
  ``min_group`` people: the total then gives only their sum, itself not a small group.
- The **Broek groups** are a 2 x 2 table (in a position to learn, or not; learning, or not)
  whose margins are both published: ``participation_any`` is the learning margin, and the
  in-position margin is the same every month. In such a table one blank cell, or two, can be
  solved from the margins; so a month with any small Broek group blanks all four.

:func:`complementary` and :func:`whole_block` are the two rules; the rest applies them to
each output: the groups table, the time series' columns that compare groups, and the teams
(start, predictions, check, run.json).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

MIN_GROUP = 5
VALUE_COLUMNS = ("n", "participation_any", "participation_formal", "participation_informal",
                 "budget_uptake")


def complementary(sizes, min_group: int, forced=None,
                  unknown_floor: float = 0.0) -> tuple[np.ndarray, bool]:
    """The cells of one table with a published total to leave blank; returns ``(hidden,
    safe)``.

    Primary: cells of 1 to ``min_group - 1`` people. ``forced``: cells blank already (for
    another table). A size of NaN is unknown (a cell blanked elsewhere whose size is not
    kept): it is blank, may be small, and counts as at least one person (all unknown cells of
    the table together as at least ``unknown_floor``). While a blank cell may be small, the
    smallest shown non-empty cell is blanked too, until at least two cells are blank and
    together hold at least ``min_group`` people. ``safe`` is False when even then they hold
    fewer (every cell blank): the total would give them away, so the caller blanks it too.
    """
    sizes = np.asarray(sizes, dtype=np.float64)
    unknown = np.isnan(sizes)
    small = unknown | ((sizes > 0) & (sizes < min_group))
    hidden = small.copy() if forced is None else small | np.asarray(forced, dtype=bool)
    if not small.any():
        return hidden, True

    def enough() -> bool:
        held = sizes[hidden & ~unknown].sum() + max(unknown.sum(), unknown_floor)
        return hidden.sum() >= 2 and held >= min_group

    for j in np.argsort(np.where(unknown, np.inf, sizes), kind="stable"):
        if enough():
            break
        if not hidden[j] and sizes[j] > 0:
            hidden[j] = True
    return hidden, enough()


def whole_block(sizes, min_group: int) -> tuple[np.ndarray, bool]:
    """A table whose cells can be solved from published margins (the Broek groups): all
    cells blank when one is small, else none."""
    sizes = np.asarray(sizes, dtype=np.float64)
    return np.full(len(sizes), bool(((sizes > 0) & (sizes < min_group)).any())), True


RULES = {"education": complementary, "age": complementary, "contract": complementary,
         "broek_group": whole_block}


def hidden_groups(groups: pd.DataFrame, min_group: int = MIN_GROUP) -> np.ndarray:
    """Which rows of ``groups.csv`` (tidy: month, dimension, level, n, ...) to leave blank:
    per month and dimension, by the dimension's rule in ``RULES``."""
    hidden = np.zeros(len(groups), dtype=bool)
    dims = groups["dimension"].to_numpy()
    for dim, rule in RULES.items():
        rows = np.flatnonzero(dims == dim)
        if not len(rows):
            continue
        levels = groups["level"].iloc[rows].nunique()
        n = groups["n"].to_numpy(dtype=np.float64)[rows].reshape(-1, levels)
        patterns, which = np.unique(n, axis=0, return_inverse=True)   # months alike: once
        masks = np.array([rule(p, min_group)[0] for p in patterns])
        hidden[rows] = masks[which.ravel()].ravel()
    return hidden


def suppress_groups(groups: pd.DataFrame, min_group: int = MIN_GROUP) -> pd.DataFrame:
    """``groups.csv`` with the rows of :func:`hidden_groups` blanked (``n`` too)."""
    out = groups.copy()
    hidden = hidden_groups(groups, min_group)
    for col in VALUE_COLUMNS:
        if col in out:
            out[col] = out[col].astype(np.float64).mask(hidden)
    out["n"] = out["n"].astype("Int64")
    return out


_EDUCATION = (("education", "practical"), ("education", "theoretical"))
_AGE = (("age", "<35"), ("age", "55+"))
# timeseries columns computed for one group or from one group against another: the groups
# each needs (a ratio and one group's share give the other's away)
TIMESERIES_GROUPS = {
    **{col: _EDUCATION for col in ("theil_between_education", "theil_within_education",
                                   "ratio_practical_theoretical", "formal_theoretical",
                                   "formal_practical", "ratio_formal_theoretical_practical",
                                   "informal_gap_education")},
    "ratio_old_young": _AGE,
    "informal_gap_age": _AGE,
    "ratio_flex_permanent": (("contract", "flex"), ("contract", "permanent")),
    **{f"share_{g}": (("broek_group", g),) for g in (
        "in_position_learning", "in_position_not_learning", "not_in_position_learning",
        "not_in_position_not_learning")},
}


def suppress_timeseries(ts: pd.DataFrame, groups: pd.DataFrame,
                        min_group: int = MIN_GROUP) -> pd.DataFrame:
    """``timeseries.csv`` with, in each month, the columns of ``TIMESERIES_GROUPS`` blanked
    when one of their groups is blank in ``groups.csv`` that month (the same rule, so the
    Broek shares times ``n_employees`` give no blanked group's size), and ``budget_uptake``
    in months with fewer budget holders than ``min_group``."""
    hidden = pd.Series(hidden_groups(groups, min_group),
                       index=pd.MultiIndex.from_frame(groups[["month", "dimension", "level"]]))
    by_month = hidden.unstack(["dimension", "level"]).reindex(ts["month"]).fillna(True)
    out = ts.copy()
    for col, needs in TIMESERIES_GROUPS.items():
        if col in out:
            blank = by_month[list(needs)].any(axis=1).to_numpy()
            out[col] = out[col].mask(blank)
    holders = (out["budget_holders"] * out["n_employees"]).round()
    out["budget_uptake"] = out["budget_uptake"].mask(holders < min_group)
    return out


def hidden_teams(sizes, min_group: int = MIN_GROUP) -> np.ndarray:
    """The teams whose rows every output leaves out (start, predictions, check) and whose
    size run.json does not keep: small teams and their complements (:func:`complementary`).
    The organisation as a whole is always shown."""
    return complementary(sizes, min_group)[0]


def check_min_group(value, origin: str = "command line") -> int:
    from llo_sim.engine.limits import check_whole

    return check_whole(origin, "--min-group" if origin == "command line" else "min_group",
                       value, 1, 1_000_000)
