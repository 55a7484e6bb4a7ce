"""The scan file: a measurement of experienced richting, ruimte and ruggensteun per team (or
for the whole organisation), as the TNO "Richting Ruimte Ruggensteun quickscan", the "Meetlat
Eigen Regie" of the O&O funds or the AWVN scan gives it (seed 001, its appendices).

One row per team (column ``team``), one row for the whole organisation (no ``team`` column,
or team ``all``), or one row per respondent (column ``id``, the workforce's pseudonymous id:
averaged per team). Columns on the scan's scale (``scale_min`` to ``scale_max``, default 1 to
5): ``richting``, ``ruimte``, ``ruggensteun`` (at least one), optionally the building blocks
``weten``, ``willen``, ``kunnen``, ``durven``, ``mogen`` and ``eigen_regie`` (self-direction).
``month``: months after the first scan (0 for the first scan, e.g. 12 for the scan a year
later); the same in every row. ``date`` (optional, the same in every row): the day the scan
was taken; the first scan's date is the day ages are computed on from dates of birth.

The mapping onto the model's 0-1 scales is linear: ``(x - scale_min) / (scale_max -
scale_min)``; the assumptions are named in docs/own-organisation.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from llo_sim.engine.limits import MAX_MONTHS
from llo_sim.own.csv_input import (
    InputFileError,
    check_columns,
    fail,
    labels,
    numbers,
    read_csv,
)
from llo_sim.own.hr_fields import parse_dates
from llo_sim.own.messages import Message
from llo_sim.own.problems import Problems
from llo_sim.own.team_names import keys, team_index, unique_teams
from llo_sim.own.workforce_file import (
    RESERVED as WHOLE,  # the names of the whole organisation
)
from llo_sim.own.workforce_file import People

KNOBS = ("richting", "ruimte", "ruggensteun")
BLOCKS = ("weten", "willen", "kunnen", "durven", "mogen", "eigen_regie")
QUANTITIES = KNOBS + BLOCKS
DEFAULT_SCALE = (1.0, 5.0)


@dataclass
class Scan:
    """A scan on the model's 0-1 scales, one row per team measured (or one for everyone)."""

    path: str
    month: int
    teams: np.ndarray | None       # team numbers of the rows; None: the whole organisation
    values: dict                   # quantity -> float array per row on 0-1 (NaN: not measured)
    scale: tuple[float, float]     # the scan's scale, to report back on it
    notes: list[str] = field(default_factory=list)    # teams spelled otherwise
    date: dt.date | None = None    # the day it was taken, when the file says

    @property
    def quantities(self) -> list[str]:
        return [q for q in QUANTITIES if q in self.values]

    def to_scale(self, x):
        """Model 0-1 values back on the scan's scale."""
        lo, hi = self.scale
        return lo + np.asarray(x) * (hi - lo)


def read_scan(path: str | Path, people: People, first: bool = True) -> Scan:
    """Read and check a scan; ``first``: the zero measurement (its month must be 0)."""
    frame = read_csv(path)
    check_columns(frame, path, (), ("team", "id", "month", "date", "scale_min", "scale_max")
                  + QUANTITIES)
    present = [q for q in QUANTITIES if q in frame]
    if not any(q in frame for q in KNOBS):
        raise InputFileError(Message("needs_knob", file=path, has=", ".join(frame.columns)))
    if "team" in frame and "id" in frame:
        raise InputFileError(Message("team_and_id", file=path))
    scale = _scale(frame, path)
    month = _month(frame, path, first)
    lo, hi = scale
    problems = Problems(path)                # every bad value of every column at once
    values = {q: (numbers(frame, path, q, lo, hi, blank_ok=True, problems=problems) - lo)
              / (hi - lo) for q in present}
    problems.check()
    date = _date(frame, path)
    teams, notes = _teams(frame, path, people)
    if "id" in frame:
        teams, values = _per_team(frame, path, people, values)
    return Scan(str(path), month, teams, values, scale, notes, date)


def scan_date(path) -> dt.date | None:
    """The ``date`` of a scan file, if it has one (read before the workforce: ages from dates
    of birth are computed on the first scan's date)."""
    frame = read_csv(path)
    return _date(frame, path) if "date" in frame else None


def _date(frame: pd.DataFrame, path) -> dt.date | None:
    """The column ``date``: one day, the same in every row (31-03-2025 or 2025-03-31)."""
    if "date" not in frame:
        return None
    days = parse_dates(frame["date"])
    bad = days.isna().to_numpy() | (days != days.iloc[0]).to_numpy()
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        allowed = (Message("a_date") if pd.isna(days.iloc[i]) else
                   Message("same_date", day=days.iloc[0].date().isoformat()))
        raise fail(path, i + 2, "date", frame["date"].iloc[i], allowed)
    return days.iloc[0].date()


def _scale(frame: pd.DataFrame, path) -> tuple[float, float]:
    lo = _constant(frame, path, "scale_min", DEFAULT_SCALE[0], -100, 100)
    hi = _constant(frame, path, "scale_max", DEFAULT_SCALE[1], -100, 100)
    if hi <= lo:
        raise InputFileError(Message("scale_max", file=path, high=hi, low=lo))
    return lo, hi


def _month(frame, path, first: bool) -> int:
    if first:
        month = _constant(frame, path, "month", 0, 0, 0)
    else:
        if "month" not in frame:
            raise InputFileError(Message("month_missing", file=path))
        month = _constant(frame, path, "month", None, 1, MAX_MONTHS)
    return int(month)


def _constant(frame, path, column: str, default, low, high) -> float:
    """A column that holds one value in every row (or ``default`` when absent)."""
    if column not in frame:
        return default
    values = numbers(frame, path, column, low, high, whole=(column == "month"))
    differs = np.flatnonzero(values != values[0])
    if len(differs):
        i = int(differs[0])
        raise fail(path, i + 2, column, frame[column].iloc[i],
                   Message("same_value", value=float(values[0])))
    return float(values[0])


def _teams(frame, path, people: People) -> tuple[np.ndarray | None, list[str]]:
    """Team numbers of the rows (None for one whole-organisation row), and notes on teams
    spelled otherwise than in the workforce file."""
    if "id" in frame:
        return None, []
    if "team" not in frame:
        if len(frame) != 1:
            raise InputFileError(Message("rows_no_team", file=path, n=len(frame)))
        return None, []
    names = labels(frame, path, "team").astype(str)
    if len(names) == 1 and keys(names)[0] in keys(WHOLE):
        return None, []
    index, notes = team_index(names, people.team_names, path)
    unique_teams(names, index, path)
    return index, notes


def _per_team(frame, path, people: People, values: dict):
    """Respondents' scores averaged per team (blank answers left out)."""
    ids = labels(frame, path, "id").astype(str)
    order = np.argsort(people.ids.astype(str))
    sorted_ids = people.ids.astype(str)[order]
    pos = np.minimum(np.searchsorted(sorted_ids, ids), len(sorted_ids) - 1)
    bad = sorted_ids[pos] != ids
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise fail(path, i + 2, "id", frame["id"].iloc[i], Message("workforce_id"))
    team = people.team[order[pos]]
    teams = np.unique(team)
    k = len(people.team_names)
    means = {}
    for q, v in values.items():
        ok = ~np.isnan(v)
        total = np.bincount(team[ok], weights=v[ok], minlength=k)
        count = np.bincount(team[ok], minlength=k)
        with np.errstate(invalid="ignore", divide="ignore"):
            means[q] = (total / count)[teams]
    return teams, means
