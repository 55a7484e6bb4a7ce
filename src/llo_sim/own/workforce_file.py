"""The workforce file (one anonymised row per employee) and the optional teams file (one row
per team, from a leader survey). Column explanations: ``templates/`` and
``docs/own-organisation.md``.

Workforce columns: ``id`` (pseudonymous, unique), ``team``, ``education``, ``age`` (or
``birth_date``, or ``age_band``), ``contract``; optional ``care`` (care duties at home),
``hours`` (or ``fte``) and ``tenure`` (read and checked; the model has no mechanism for them
yet). An HR export is read through a mapping (:mod:`llo_sim.own.mapping`): its columns and
words, dates of birth and FTE (:mod:`llo_sim.own.hr_fields`); the words of education,
contract and care are in :mod:`llo_sim.own.vocabulary`. Education and care duties may be
unknown (blank, ``onbekend``): drawn as for a drawn organisation. People who are not
employees (agency workers, ZZP) are left out, or counted as flex (``external``).
Every problem of a file is reported at once (:mod:`llo_sim.own.problems`).

Teams columns: ``team``; optional ``leader_style``, ``coaching`` (1-5), ``target_pressure``.
Everything not given is drawn from the calibrated distributions (:mod:`llo_sim.engine.workforce`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from llo_sim.engine.leaders import DIRECTIVE, STIMULATING, SUPPORTIVE
from llo_sim.engine.limits import MAX_EMPLOYEES
from llo_sim.own.columns import choose_mapping, find_columns
from llo_sim.own.csv_input import (
    InputFileError,
    check_columns,
    choices,
    labels,
    numbers,
    read_csv,
    unique,
)
from llo_sim.own.hr_fields import FTE_RANGE, ages, fte_hours
from llo_sim.own.hr_fields import reference_date as a_day
from llo_sim.own.mapping import Mapping
from llo_sim.own.messages import Message
from llo_sim.own.problems import Problems
from llo_sim.own.team_names import keys, number_teams, team_index, unique_teams
from llo_sim.own.vocabulary import (
    CARE_ALLOWED,
    CONTRACT_ALLOWED,
    EDUCATION_ALLOWED,
    EXTERNAL,
    EXTERNAL_CHOICES,
    FLEX,
    UNKNOWN,
)

MIN_EMPLOYEES = 10
AGE_BAND = {"<35": 0, "35-54": 1, "55+": 2, "jonger dan 35": 0, "35 tot 55": 1, "55 en ouder": 2}
YES_NO = {"yes": 1, "no": 0, "ja": 1, "nee": 0, "1": 1, "0": 0, "true": 1, "false": 0,
          "waar": 1, "onwaar": 0}
STYLE = {"supportive": SUPPORTIVE, "directive": DIRECTIVE, "stimulating": STIMULATING,
         "ondersteunend": SUPPORTIVE, "sturend": DIRECTIVE, "stimulerend": STIMULATING}
TEAMS_OPTIONAL = ("leader_style", "coaching", "target_pressure")
COACHING_SCALE = (1.0, 5.0)
RESERVED = ("all", "alle", "organisation", "organisatie", "*")   # the whole organisation
TODAY = Message("origin_today")    # "today; give the first scan a date column, or ..."


@dataclass
class People:
    """The employees of a workforce file, as arrays (row order of the file)."""

    ids: np.ndarray            # pseudonymous ids, as given (or the row numbers)
    team_names: np.ndarray     # the teams' names, sorted; index = team number
    team: np.ndarray           # intp team number of each employee
    theoretical: np.ndarray    # int8: 1 theoretical, 0 practical, -1 unknown (drawn)
    age_band: np.ndarray       # int8: 0 <35, 1 35-54, 2 55+
    flex: np.ndarray           # bool
    care: np.ndarray           # int8: 1 yes, 0 no, -1 unknown (drawn)
    hours: np.ndarray          # float, NaN unknown
    tenure: np.ndarray         # float, NaN unknown
    notes: list[str] = field(default_factory=list)    # what the reading did, in words
    reading: dict | None = None    # how the file was read, when not as the template

    @property
    def n(self) -> int:
        return len(self.ids)


def read_workforce(path: str | Path, mapping=None, *, reference_date: dt.date | None = None,
                   reference_origin: str = "--reference-date",
                   external: str | None = None) -> People:
    """Read and check a workforce file (through ``mapping``: a name, a file, a
    :class:`Mapping`; None: the template's format or a shipped mapping that fits); raise one
    :class:`InputFileError` naming every problem. ``reference_date``: the day ages are
    computed on from dates of birth (None: today, with a note). ``external``: what to do
    with agency workers and ZZP (``leave out`` or ``flex``; None: the mapping's setting)."""
    frame = read_csv(path)
    reference_date = a_day(reference_date)
    reading, notes = choose_mapping(frame.columns, path, mapping)
    external = None if external is None else str(external).replace("-", " ").replace("_", " ")
    if external is not None and external not in EXTERNAL_CHOICES:
        raise InputFileError(f"--external: value {external!r} is not allowed; expected "
                             + " or ".join(map(repr, EXTERNAL_CHOICES)))
    external = external or reading.external
    problems = Problems(path)
    found = find_columns(frame, path, reading, problems, notes)
    if not MIN_EMPLOYEES <= len(frame) <= MAX_EMPLOYEES:
        problems.file(Message("employees", n=len(frame), low=MIN_EMPLOYEES, high=MAX_EMPLOYEES))
    header = frame.attrs.get("header", {})

    def cells(name: str) -> dict:
        return {"frame": frame, "path": path, "column": found[name], "problems": problems,
                "name": header.get(found[name], found[name]) if not reading.native
                else found[name]}

    n = len(frame)
    ids = _ids(found, cells, n)
    teams = labels(**cells("team")) if "team" in found else np.full(n, "", object)
    if "team" in found:
        reserved = np.isin(keys(teams), keys(RESERVED))
        problems.values(reserved, cells("team")["name"], teams,
                        Message("reserved_team", names=", ".join(RESERVED)))
    education = (choices(**cells("education"), mapping=reading.vocabulary("education"),
                         blank_ok=True, allowed=EDUCATION_ALLOWED)
                 if "education" in found else np.zeros(n, np.int64))
    contract = (choices(**cells("contract"), mapping=reading.vocabulary("contract"),
                        allowed=CONTRACT_ALLOWED)
                if "contract" in found else np.zeros(n, np.int64))
    care = (choices(**cells("care"), mapping=reading.vocabulary("care"), blank_ok=True,
                    allowed=CARE_ALLOWED) if "care" in found else np.full(n, UNKNOWN))
    reference = None
    if "age" not in found and "birth_date" in found:
        reference = reference_date or dt.date.today()
        origin = reference_origin if reference_date else TODAY
        notes.append(Message("note_ages", file=path, column=cells("birth_date")["name"],
                             day=reference.isoformat(), origin=origin))
    age_band = _age_band(found, cells, reading, reference, n)
    hours = _hours(found, cells, reading, path, notes, n)
    tenure = (numbers(**cells("tenure"), low=0, high=60, blank_ok=True)
              if "tenure" in found else np.full(n, np.nan))
    problems.check()
    outside = bool((contract == EXTERNAL).any())
    keep = _external(contract, external, path, frame, found, notes)
    if keep is not None and keep.sum() < MIN_EMPLOYEES:
        raise InputFileError(Message("too_few_employees", file=path, kept=int(keep.sum()),
                                     out=int((~keep).sum()), low=MIN_EMPLOYEES))
    if keep is not None:
        number_teams(teams, path)                # name clashes, with the file's row numbers
    pick = slice(None) if keep is None else keep
    team, team_names, merged = number_teams(teams[pick], path)
    notes[len(notes):] = merged + _unknown_notes(path, education[pick], care[pick],
                                                 "care" in found)
    info = None             # run.json records how the file was read, to read it again alike
    if not reading.native or reference is not None or outside:
        info = {"mapping": reading.to_dict(), "external": external,
                "reference_date": None if reference is None else reference.isoformat()}
    return People(ids=ids[pick], team_names=team_names, team=team,
                  theoretical=education[pick].astype(np.int8), age_band=age_band[pick],
                  flex=(contract[pick] != 0), care=care[pick].astype(np.int8),
                  hours=hours[pick], tenure=tenure[pick], notes=notes, reading=info)


def read_as_before(path, reading: dict | None) -> People:
    """Read a workforce file again as a run read it (``reading``: what run.json recorded;
    None: the template's format, or as recognised)."""
    if reading is None:
        return read_workforce(path)
    day = reading.get("reference_date")
    return read_workforce(path, Mapping.from_dict(reading["mapping"]),
                          reference_date=None if day is None else dt.date.fromisoformat(day),
                          reference_origin="as in the run", external=reading["external"])


def _ids(found: dict, cells, n: int) -> np.ndarray:
    """The ``id`` column, checked to be unique; without one (a mapping may leave it out:
    personnel numbers are not pseudonymous), the rows' numbers as a spreadsheet shows them."""
    if "id" not in found:
        return np.arange(2, n + 2).astype(str).astype(object)
    ids = labels(**cells("id"))
    unique(ids, cells("id")["path"], cells("id")["name"], cells("id")["problems"])
    return ids


def _age_band(found: dict, cells, reading: Mapping, reference, n: int) -> np.ndarray:
    """Age band from ``age`` (whole years, 15-80), a date of birth, or ``age_band``."""
    if "age" in found:
        age = numbers(**cells("age"), low=15, high=80, whole=True)
    elif "birth_date" in found:
        c = cells("birth_date")
        age = ages(c["frame"][c["column"]], c["name"], reference, reading.date_format,
                   c["problems"])
    elif "age_band" in found:
        band = choices(**cells("age_band"), mapping=AGE_BAND)
        return np.where(band < 0, 0, band).astype(np.int8)
    else:
        return np.zeros(n, np.int8)
    return np.where(age < 35, 0, np.where(age < 55, 1, 2)).astype(np.int8)


def _hours(found: dict, cells, reading: Mapping, path, notes: list, n: int) -> np.ndarray:
    """Contract hours a week (0-60: a zero-hours contract has none), or FTE x hours_per_fte."""
    if "hours" in found:
        return numbers(**cells("hours"), low=0, high=60, blank_ok=True)
    if "fte" in found:
        low, high = FTE_RANGE
        fte = numbers(**cells("fte"), low=low, high=high, blank_ok=True,
                      allowed=Message("fte", low=low, high=high))
        notes.append(Message("note_fte", file=path, column=cells("fte")["name"],
                             hours=reading.hours_per_fte, mapping=reading.name))
        return fte_hours(fte, reading.hours_per_fte)
    return np.full(n, np.nan)


def _external(contract: np.ndarray, external: str, path, frame, found: dict,
              notes: list) -> np.ndarray | None:
    """Which rows to keep (None: all): agency workers and ZZP are not employees of the
    organisation, so its learning policy is not theirs; left out unless ``external`` is
    ``flex``. A note says what was done, with the words the file used."""
    outside = contract == EXTERNAL
    if not outside.any():
        return None
    words = pd.Series(frame[found["contract"]].to_numpy()[outside]).str.strip().value_counts()
    listed = ", ".join(f"{w!r} x {c}" for w, c in words.items())
    if external == "flex":
        contract[outside] = FLEX
        notes.append(Message("note_flex", file=path, n=int(outside.sum()), listed=listed))
        return None
    notes.append(Message("note_left_out", file=path, n=int(outside.sum()), listed=listed))
    return ~outside


def _unknown_notes(path, education: np.ndarray, care: np.ndarray, care_given: bool) -> list:
    """Notes on the education and care duties the file leaves unknown (drawn)."""
    notes = []
    for what, codes, share, given in (("education_word", education, "share_theoretical", True),
                                      ("care_word", care, "share_care_duties", care_given)):
        unknown = int((codes == UNKNOWN).sum())
        if unknown and given:
            notes.append(Message("note_unknown", file=path, what=Message(what), n=unknown,
                                 share=share))
    return notes


@dataclass
class TeamLeaders:
    """What a leader survey says per team; -1 or NaN where it says nothing (drawn)."""

    style: np.ndarray          # int8 index into leaders.STYLES, -1 unknown
    coaching: np.ndarray       # 0-1, NaN unknown
    pressure: np.ndarray       # int8: 1 target pressure, 0 none, -1 unknown
    notes: list[str] = field(default_factory=list)    # teams spelled otherwise


def read_teams(path: str | Path, people: People) -> TeamLeaders:
    """Read the teams file; every team must be in the workforce (one row each). Every
    problem of its columns and values is reported at once."""
    frame = read_csv(path)
    problems = Problems(path)
    check_columns(frame, path, ("team",), TEAMS_OPTIONAL, problems=problems)
    if "team" not in frame:
        problems.check()
    names = labels(frame, path, "team", problems).astype(str)
    k = len(people.team_names)
    style = np.full(k, -1, np.int8)
    coaching = np.full(k, np.nan)
    pressure = np.full(k, -1, np.int8)
    read = {}
    if "leader_style" in frame:
        read["style"] = choices(frame, path, "leader_style", STYLE, blank_ok=True,
                                problems=problems)
    if "coaching" in frame:
        lo, hi = COACHING_SCALE
        read["coaching"] = (numbers(frame, path, "coaching", lo, hi, blank_ok=True,
                                    problems=problems) - lo) / (hi - lo)
    if "target_pressure" in frame:
        read["pressure"] = choices(frame, path, "target_pressure", YES_NO, blank_ok=True,
                                   problems=problems)
    problems.check()
    index, notes = team_index(names, people.team_names, path)
    unique_teams(names, index, path)
    for key, target in (("style", style), ("coaching", coaching), ("pressure", pressure)):
        if key in read:
            target[index] = read[key]
    return TeamLeaders(style, coaching, pressure, notes)
