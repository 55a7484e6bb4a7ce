"""Privacy of an own organisation's outputs.

The data never leave the machine: nothing in llo-sim opens a network connection to another
host (the dashboard listens on 127.0.0.1). Outputs hold no row-level data unless asked for
(``--per-employee``), and then only the input's pseudonymous id. In group tables (groups.csv,
per-team predictions and checks) groups smaller than ``min_group`` (default 5) are suppressed:
their values left blank, or the team left out, so that no small group's answers or outcomes
can be read back.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

MIN_GROUP = 5
VALUE_COLUMNS = ("n", "participation_any", "participation_formal", "participation_informal",
                 "budget_uptake")


def suppress_groups(groups: pd.DataFrame, min_group: int = MIN_GROUP) -> pd.DataFrame:
    """``groups.csv`` with the rows of groups smaller than ``min_group`` blanked (n too)."""
    out = groups.copy()
    small = out["n"].to_numpy() < min_group
    for col in VALUE_COLUMNS:
        if col in out:
            out[col] = out[col].astype(np.float64).mask(small)
    out["n"] = out["n"].astype("Int64")
    return out


# timeseries columns computed from one group against another, by the groups they need
TIMESERIES_GROUPS = {
    "education": ("theil_between_education", "theil_within_education",
                  "ratio_practical_theoretical", "formal_theoretical", "formal_practical",
                  "ratio_formal_theoretical_practical", "informal_gap_education"),
    "age": ("ratio_old_young", "informal_gap_age"),
    "contract": ("ratio_flex_permanent",),
}


def suppress_timeseries(ts: pd.DataFrame, people, min_group: int = MIN_GROUP) -> pd.DataFrame:
    """``timeseries.csv`` with the columns that compare groups blanked when one of the groups
    is smaller than ``min_group`` (a ratio and the larger group's share would give the small
    group's away), and ``budget_uptake`` in months with fewer budget holders than that."""
    sizes = {"education": np.bincount(people.theoretical.astype(int), minlength=2),
             "age": np.bincount(people.age_band, minlength=3)[[0, 2]],
             "contract": np.bincount(people.flex.astype(int), minlength=2)}
    out = ts.copy()
    for dim, columns in TIMESERIES_GROUPS.items():
        if sizes[dim].min() < min_group:
            for col in columns:
                if col in out:
                    out[col] = np.nan
    holders = (out["budget_holders"] * out["n_employees"]).round()
    out["budget_uptake"] = out["budget_uptake"].mask(holders < min_group)
    return out


def check_min_group(value, origin: str = "command line") -> int:
    from llo_sim.engine.limits import check_whole

    return check_whole(origin, "--min-group" if origin == "command line" else "min_group",
                       value, 1, 1_000_000)
