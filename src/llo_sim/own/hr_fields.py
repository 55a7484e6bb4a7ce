"""What HR exports give in place of llo-sim's columns, converted.

- **Date of birth -> age** on the reference date: whole years (the age a person has on that
  day), the date of the first scan (its ``date`` column), ``--reference-date``, or else
  today (said in a note and recorded in run.json). Dates as Dutch systems and Excel write
  them: ``31-03-1975``, ``31/03/1975``, ``31.03.1975`` (day first, the Dutch order) or
  ``1975-03-31`` (ISO 8601), optionally with a time; a mapping's ``date_format`` reads
  another order (e.g. ``%m/%d/%Y``).
- **FTE -> hours** a week: FTE x the mapping's ``hours_per_fte`` (36 by default: the
  full-time week of e.g. the Cao Ziekenhuizen, art. 6.1, 1878 hours a year). Hours are read
  and checked but the model does not use them (docs/own-organisation.md).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from llo_sim.errors import LloSimError
from llo_sim.own.messages import Message
from llo_sim.own.problems import Problems

AGE_RANGE = (15, 80)
FTE_RANGE = (0.0, 1.5)
_ISO = r"\d{4}-\d{1,2}-\d{1,2}"
_DAY_FIRST = r"\d{1,2}[-/.]\d{1,2}[-/.]\d{4}"


def parse_dates(cells, date_format: str = "auto") -> pd.Series:
    """``cells`` (text) as dates; NaT where a cell is blank or not a date in the format
    (``auto``: ISO 8601 or day first, with ``-``, ``/`` or ``.``, a time after it ignored)."""
    codes, uniques = pd.factorize(pd.Series(cells, dtype=str).str.strip())
    text = pd.Series(uniques, dtype=str)
    if date_format != "auto":
        parsed = pd.to_datetime(text, format=date_format, errors="coerce")
    else:
        day = text.str.split(r"[ T]", n=1, regex=True).str[0]
        iso = pd.to_datetime(day.where(day.str.fullmatch(_ISO)), format="%Y-%m-%d",
                             errors="coerce")
        first = day.where(day.str.fullmatch(_DAY_FIRST)).str.replace(r"[/.]", "-", regex=True)
        parsed = iso.fillna(pd.to_datetime(first, format="%d-%m-%Y", errors="coerce"))
    return pd.Series(parsed.to_numpy()[codes])


def ages(cells, column: str, reference: dt.date, date_format: str,
         problems: Problems) -> np.ndarray:
    """Whole years of age on ``reference`` of each date of birth; NaN, and a problem, where
    a cell is no date or gives an age outside 15-80."""
    dates = parse_dates(cells, date_format)
    years = dates.dt.year.to_numpy(dtype=float)
    later_birthday = ((dates.dt.month > reference.month)
                      | ((dates.dt.month == reference.month) & (dates.dt.day > reference.day)))
    age = reference.year - years - later_birthday.to_numpy(dtype=float)
    no_date = np.isnan(years)
    example = (Message("dates_auto") if date_format == "auto" else
               Message("date_format", format=date_format))
    problems.values(no_date, column, cells, Message("birth_date", example=example))
    low, high = AGE_RANGE
    out = ~no_date & ((age < low) | (age > high))
    problems.values(out, column, cells, Message("birth_date_age", low=low, high=high,
                                                day=reference.isoformat()))
    age[no_date | out] = np.nan
    return age


def fte_hours(values: np.ndarray, hours_per_fte: float) -> np.ndarray:
    """Hours a week of FTE ``values`` (checked to lie in 0-1.5 by the reader)."""
    return values * hours_per_fte


def reference_date(value, origin: str = "--reference-date") -> dt.date | None:
    """A date given by the user (a ``date`` or text, ISO 8601 or day first); None stays None."""
    if value is None or isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    parsed = parse_dates([str(value)])[0]
    if pd.isna(parsed):
        raise LloSimError(f"{origin}: value {str(value)!r} is not allowed; expected a date "
                          "such as 2025-03-31 or 31-03-2025")
    return parsed.date()
