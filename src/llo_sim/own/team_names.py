"""Team names as people type them: matched without regard to case or Unicode form.

"Verpleging A", "verpleging a" and "VERPLEGING A" are one team, and so are "Zorg é" typed
with one character (é, NFC) and with two (e and a combining accent, NFD, as some Mac
programs write it), or with a no-break space. Names are compared by their **compatibility
caseless** form (Unicode Standard, section 3.13, definition D146: NFKD of the case-folded
NFKD of the case-folded NFD); the first spelling in the workforce file is kept for display.
When two spellings are merged, or a teams or scan file spells a team otherwise than the
workforce file, a note says so (on standard error for the command line, in the dashboard
under its results).
"""

from __future__ import annotations

import unicodedata

import numpy as np
import pandas as pd

from llo_sim.own.csv_input import fail
from llo_sim.own.messages import Message, either
from llo_sim.storage.csv_text import excel_text


def team_key(name: str) -> str:
    """The form two team names are compared by (Unicode D146, compatibility caseless)."""
    nfkd = unicodedata.normalize
    return nfkd("NFKD", nfkd("NFKD", nfkd("NFD", name).casefold()).casefold())


def keys(names) -> np.ndarray:
    """:func:`team_key` of each name (each distinct name computed once)."""
    codes, uniques = pd.factorize(np.asarray(names, dtype=object))
    return np.array([team_key(str(u)) for u in uniques], dtype=object)[codes]


def number_teams(teams: np.ndarray, path) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """The workforce's ``team`` column as team numbers: ``(team, team_names, notes)``.
    Spellings with the same :func:`team_key` are one team, shown as the first spelling;
    the teams are numbered in the order of their shown names (sorted), as before names were
    compared this way. Two names that a spreadsheet would show alike (``=A`` is written
    ``'=A``) are refused."""
    first, spellings = {}, {}
    codes, uniques = pd.factorize(teams)                  # in the order of the file
    for name in uniques:
        key = team_key(name)
        first.setdefault(key, name)
        spellings.setdefault(key, []).append(name)
    names = np.array(sorted(first.values()), dtype=object)
    number = {team_key(n): j for j, n in enumerate(names)}
    team = np.array([number[team_key(u)] for u in uniques], dtype=np.intp)[codes]
    notes = [Message("note_merged", file=path, names=either(s, commas=True, word="and"),
                     first=str(s[0])) for s in spellings.values() if len(s) > 1]
    written = pd.Series([excel_text(n) for n in names])
    clash = written.duplicated(keep=False).to_numpy()
    if clash.any():
        a, b = names[clash][:2]
        row = int(np.flatnonzero(teams == b)[0]) + 2
        raise fail(path, row, "team", b, Message("team_clash", other=str(a),
                                                 written=excel_text(a)))
    return team, names.astype(str), notes


def team_index(names: np.ndarray, team_names: np.ndarray, path,
               column: str = "team") -> tuple[np.ndarray, list[str]]:
    """Team numbers of ``names`` (a teams or scan file's column) among the workforce's
    ``team_names``, compared by :func:`team_key`; and a note for each name spelled otherwise
    than the workforce file. A name not in the workforce raises a one-line error."""
    number = {team_key(n): j for j, n in enumerate(team_names)}
    name_keys = keys(names)
    index = np.array([number.get(k, -1) for k in name_keys], dtype=np.intp)
    if (index < 0).any():
        i = int(np.flatnonzero(index < 0)[0])
        shown = ", ".join(map(str, team_names[:8])) + (", ..." if len(team_names) > 8 else "")
        raise fail(path, i + 2, column, names[i], Message("workforce_team", shown=shown))
    notes = [Message("note_spelled", file=path, name=str(n), team=str(team_names[j]))
             for n, j in dict(zip(names, index)).items() if n != team_names[j]]
    return index, notes


def unique_teams(names: np.ndarray, index: np.ndarray, path, column: str = "team") -> None:
    """Refuse two rows for one team (also when spelled differently), naming both rows."""
    dup = pd.Series(index).duplicated().to_numpy()
    if dup.any():
        second = int(np.flatnonzero(dup)[0])
        first = int(np.flatnonzero(index == index[second])[0])
        raise fail(path, second + 2, column, names[second],
                   Message("team_once", row=first + 2) if names[first] == names[second] else
                   Message("team_once_as", row=first + 2, first=str(names[first])))
