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


def check_min_group(value, origin: str = "command line") -> int:
    from ..limits import check_whole

    return check_whole(origin, "--min-group" if origin == "command line" else "min_group",
                       value, 1, 1_000_000)
