"""The workforce file (one anonymised row per employee) and the optional teams file (one row
per team, from a leader survey). Column explanations: ``templates/`` and
``docs/own-organisation.md``.

Workforce columns: ``id`` (pseudonymous, unique), ``team``, ``education``, ``age`` or
``age_band``, ``contract``; optional ``care`` (care duties at home; blank = unknown, drawn),
``hours`` and ``tenure`` (read and checked; the model has no mechanism for them yet).
Teams columns: ``team``; optional ``leader_style``, ``coaching`` (1-5), ``target_pressure``.
Everything not given is drawn from the calibrated distributions (:mod:`llo_sim.engine.workforce`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from llo_sim.engine.leaders import DIRECTIVE, STIMULATING, SUPPORTIVE
from llo_sim.engine.limits import MAX_EMPLOYEES
from llo_sim.own.csv_input import (
    InputFileError,
    check_columns,
    choices,
    fail,
    labels,
    numbers,
    read_csv,
    unique,
)
from llo_sim.own.team_names import keys, number_teams, team_index, unique_teams

MIN_EMPLOYEES = 10
# education: practical/theoretical, or CBS low/middle/high as docs/validation.md maps it
# (theoretical = hbo/wo; practical = low and middle, mbo and below); Dutch words too
EDUCATION = {"practical": 0, "theoretical": 1, "low": 0, "middle": 0, "high": 1,
             "praktisch": 0, "theoretisch": 1, "laag": 0, "middelbaar": 0, "midden": 0,
             "hoog": 1, "vmbo": 0, "mbo": 0, "havo": 0, "vwo": 0, "hbo": 1, "wo": 1}
AGE_BAND = {"<35": 0, "35-54": 1, "55+": 2, "jonger dan 35": 0, "35 tot 55": 1, "55 en ouder": 2}
CONTRACT = {"permanent": 0, "flex": 1, "vast": 0, "tijdelijk": 1, "temporary": 1}
YES_NO = {"yes": 1, "no": 0, "ja": 1, "nee": 0, "1": 1, "0": 0, "true": 1, "false": 0,
          "waar": 1, "onwaar": 0}
STYLE = {"supportive": SUPPORTIVE, "directive": DIRECTIVE, "stimulating": STIMULATING,
         "ondersteunend": SUPPORTIVE, "sturend": DIRECTIVE, "stimulerend": STIMULATING}
WORKFORCE_REQUIRED = ("id", "team", "education", "contract")
WORKFORCE_OPTIONAL = ("care", "hours", "tenure")
TEAMS_OPTIONAL = ("leader_style", "coaching", "target_pressure")
COACHING_SCALE = (1.0, 5.0)
RESERVED = ("all", "alle", "organisation", "organisatie", "*")   # the whole organisation


@dataclass
class People:
    """The employees of a workforce file, as arrays (row order of the file)."""

    ids: np.ndarray            # pseudonymous ids, as given
    team_names: np.ndarray     # the teams' names, sorted; index = team number
    team: np.ndarray           # intp team number of each employee
    theoretical: np.ndarray    # bool
    age_band: np.ndarray       # int8: 0 <35, 1 35-54, 2 55+
    flex: np.ndarray           # bool
    care: np.ndarray           # int8: 1 yes, 0 no, -1 unknown (drawn)
    hours: np.ndarray          # float, NaN unknown
    tenure: np.ndarray         # float, NaN unknown
    notes: list[str] = field(default_factory=list)    # team spellings merged

    @property
    def n(self) -> int:
        return len(self.ids)


def read_workforce(path: str | Path) -> People:
    """Read and check a workforce file; one-line :class:`InputFileError` on bad input."""
    frame = read_csv(path)
    check_columns(frame, path, WORKFORCE_REQUIRED, WORKFORCE_OPTIONAL, (("age", "age_band"),))
    if not MIN_EMPLOYEES <= len(frame) <= MAX_EMPLOYEES:
        raise InputFileError(f"{path}: has {len(frame):,} employees; expected "
                             f"{MIN_EMPLOYEES} to {MAX_EMPLOYEES:,} rows")
    ids = labels(frame, path, "id")
    unique(ids, path, "id")
    teams = labels(frame, path, "team")
    reserved = np.isin(keys(teams), keys(RESERVED))
    if reserved.any():
        i = int(np.flatnonzero(reserved)[0])
        raise fail(path, i + 2, "team", teams[i], "a team name other than "
                   + ", ".join(RESERVED) + " (they mean the whole organisation)")
    team, team_names, notes = number_teams(teams, path)
    return People(
        ids=ids, team_names=team_names, team=team, notes=notes,
        theoretical=choices(frame, path, "education", EDUCATION).astype(bool),
        age_band=_age_band(frame, path),
        flex=choices(frame, path, "contract", CONTRACT).astype(bool),
        care=(choices(frame, path, "care", YES_NO, blank_ok=True).astype(np.int8)
              if "care" in frame else np.full(len(frame), -1, np.int8)),
        hours=_optional(frame, path, "hours", 1, 60),
        tenure=_optional(frame, path, "tenure", 0, 60),
    )


def _age_band(frame: pd.DataFrame, path) -> np.ndarray:
    """Age band from ``age`` (whole years, 15-80) or from ``age_band``."""
    if "age" in frame:
        age = numbers(frame, path, "age", 15, 80, whole=True)
        return np.where(age < 35, 0, np.where(age < 55, 1, 2)).astype(np.int8)
    return choices(frame, path, "age_band", AGE_BAND).astype(np.int8)


def _optional(frame, path, column: str, low: float, high: float) -> np.ndarray:
    if column not in frame:
        return np.full(len(frame), np.nan)
    return numbers(frame, path, column, low, high, blank_ok=True)


@dataclass
class TeamLeaders:
    """What a leader survey says per team; -1 or NaN where it says nothing (drawn)."""

    style: np.ndarray          # int8 index into leaders.STYLES, -1 unknown
    coaching: np.ndarray       # 0-1, NaN unknown
    pressure: np.ndarray       # int8: 1 target pressure, 0 none, -1 unknown
    notes: list[str] = field(default_factory=list)    # teams spelled otherwise


def read_teams(path: str | Path, people: People) -> TeamLeaders:
    """Read the teams file; every team must be in the workforce (one row each)."""
    frame = read_csv(path)
    check_columns(frame, path, ("team",), TEAMS_OPTIONAL)
    names = labels(frame, path, "team").astype(str)
    index, notes = team_index(names, people.team_names, path)
    unique_teams(names, index, path)
    k = len(people.team_names)
    style = np.full(k, -1, np.int8)
    coaching = np.full(k, np.nan)
    pressure = np.full(k, -1, np.int8)
    if "leader_style" in frame:
        style[index] = choices(frame, path, "leader_style", STYLE, blank_ok=True)
    if "coaching" in frame:
        lo, hi = COACHING_SCALE
        coaching[index] = (numbers(frame, path, "coaching", lo, hi, blank_ok=True) - lo) / (hi - lo)
    if "target_pressure" in frame:
        pressure[index] = choices(frame, path, "target_pressure", YES_NO, blank_ok=True)
    return TeamLeaders(style, coaching, pressure, notes)

