"""``llo-sim own inspect FILE``: look at a new HR export and propose a mapping for it.

What the file is (encoding, separator, line ends, rows), which column holds what (by its
name first, then by its values), and the words of its education, contract and care columns
with how llo-sim reads each: printed as a TOML mapping (:mod:`llo_sim.own.mapping`) ready to
be checked, edited and given with ``--mapping``. Words llo-sim does not know are left as
comments marked ``TODO``, and so are columns it found no column for: the mapping then names
them when it is used, with their rows, until they are filled in.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from llo_sim.own.csv_input import InputFileError, read_csv, separator
from llo_sim.own.hr_fields import parse_dates
from llo_sim.own.mapping import AGE_FIELDS, HOURS_PER_FTE, REQUIRED, shipped
from llo_sim.own.vocabulary import MEANINGS, UNKNOWN, VOCABULARY, normal

KEYWORDS = (            # (field, words in a column's name), tried in this order
    ("birth_date", ("geboorte", "birth")), ("age_band", ("leeftijdsklasse", "age band")),
    ("age", ("leeftijd", "age")), ("id", ("pseudo",)), ("fte", ("fte", "deeltijd")),
    ("hours", ("uren", "hours", "arbeidsduur")), ("care", ("zorgtaken", "mantelzorg", "care")),
    ("education", ("opleiding", "education", "onderwijs")),
    ("contract", ("contract", "dienstverband", "arbeidsrelatie", "arbeidsovereenkomst",
                  "soort medewerker", "regular temp")),
    ("team", ("team", "afdeling", "eenheid", "department")), ("tenure", ("dienstjaren",)),
)
SAMPLE = 6


@dataclass
class Column:
    name: str                      # as the file spells it
    values: pd.Series              # distinct non-blank values and their counts
    blank: int


@dataclass
class Inspection:
    path: str
    facts: list[str]               # encoding, separator, line ends, size
    columns: list[Column]
    fields: dict = field(default_factory=dict)     # field -> column name

    def toml(self) -> str:
        """The proposed mapping, as TOML with comments."""
        return proposal(self)


def inspect_file(path) -> Inspection:
    """Read ``path`` leniently (a file in another encoding is read to be looked at, and said
    so) and guess which column holds what."""
    path = Path(path)
    facts = []
    try:
        frame = read_csv(path)
        data = path.read_bytes()
        text = data.decode("utf-8-sig")
        facts.append("UTF-8 with a byte-order mark" if data.startswith(b"\xef\xbb\xbf")
                     else "UTF-8")
    except InputFileError as exc:
        if "not UTF-8" not in str(exc):
            raise
        text = path.read_bytes().decode("cp1252", errors="replace")
        frame = pd.read_csv(io.StringIO(text), sep=separator(text), dtype=str,
                            keep_default_na=False)
        frame.attrs["header"] = {c: c for c in frame.columns}
        facts.append("NOT UTF-8 (read as Windows-1252 to look at it): save it as 'CSV UTF-8 "
                     "(comma delimited)' before using it")
    sep = separator(text)
    facts.append("separator " + {",": "','", ";": "';' (Dutch Excel)", "\t": "tab"}[sep])
    facts.append("Windows line ends (CRLF)" if "\r\n" in text[:65536] else "line ends LF")
    facts.append(f"{len(frame):,} rows, {len(frame.columns)} columns")
    header = frame.attrs["header"]
    columns = []
    for c in frame.columns:
        cells = frame[c].str.strip()
        columns.append(Column(header[c], cells[cells != ""].value_counts(),
                              int((cells == "").sum())))
    found = Inspection(str(path), facts, columns)
    found.fields = guess_fields(columns)
    return found


def guess_fields(columns: list[Column]) -> dict:
    """``field -> column name``: by the shipped mappings' column names, then by words in the
    name, then (for education and contract) by the values."""
    fields: dict = {}
    known = {}
    for mapping in shipped():
        for name, alternatives in mapping.columns.items():
            for a in alternatives:
                known.setdefault(normal(a), name)
    taken = set()
    rules = [lambda c: known.get(normal(c.name))]
    rules += [lambda c, f=f, w=w: f if _named(c.name, w) else None for f, w in KEYWORDS]
    rules += [lambda c, f=f: f if _share_known(c, f) >= 0.8 else None
              for f in ("education", "contract")]
    for rule in rules:
        for c in columns:
            guess = rule(c)
            if guess and guess not in fields and c.name not in taken:
                fields[guess] = c.name
                taken.add(c.name)
    if "age" in fields and "birth_date" in fields:
        del fields["birth_date"]                   # an age needs no reference date
    return fields


def _named(name: str, words) -> bool:
    """Is one of ``words`` in a column's name (short words only as a whole word: ``age`` is
    not in ``percentage``)?"""
    text = normal(name)
    return any(w in text.split() or (len(w) >= 5 and w in text) for w in words)


def _share_known(column: Column, name: str) -> float:
    words = {normal(w) for w in VOCABULARY[name]}
    total = column.values.sum()
    hits = sum(n for v, n in column.values.items() if normal(v) in words)
    return hits / total if total else 0.0


def proposal(found: Inspection) -> str:
    """The TOML text of the proposed mapping."""
    name = Path(found.path).name
    lines = [f"# llo-sim mapping proposed by `llo-sim own inspect` for {name}",
             f"# The file: {', '.join(found.facts)}.",
             "# Check each line, fill in the lines marked TODO, save this as e.g. mapping.toml,",
             f"# then: llo-sim run SCENARIO --workforce {name} --mapping mapping.toml",
             "# (docs/own-organisation.md, 'HR exports').",
             f"name = {_q(name)}", "", "[settings]",
             (f"hours_per_fte = {HOURS_PER_FTE:g}          # the full-time week of your CAO "
              "(e.g. Cao Ziekenhuizen: 36)"),
             ('external = "leave out"      # agency workers and ZZP: "leave out" (not '
              'employees) or "flex"'),
             f'date_format = "auto"        {_dates(found)}', "", "[columns]"]
    by_name = {c.name: c for c in found.columns}
    for f, column in found.fields.items():
        lines.append(f"{f} = {_q(column)}".ljust(44)
                     + f"# {_describe(by_name[column], 3 if f == 'birth_date' else SAMPLE)}")
    for need in REQUIRED:
        if need not in found.fields:
            lines.append(f'# {need} = "..."   # TODO: no column found for {need}; name it here')
    if not any(f in found.fields for f in AGE_FIELDS):
        lines.append('# birth_date = "..."   # TODO: no column found for the age (age, '
                     'birth_date or age_band); name it here')
    if "id" not in found.fields:
        lines.append('# id = "..."   # a pseudonymous id, if the file has one (not a personnel '
                     "number); without it the rows are numbered")
    unused = [c.name for c in found.columns if c.name not in found.fields.values()]
    if unused:
        lines.append(f"# not read: {', '.join(map(_q, unused))}")
    for f in ("education", "contract", "care"):
        if f in found.fields:
            lines += ["", *_values(f, by_name[found.fields[f]])]
    return "\n".join(lines) + "\n"


def _values(name: str, column: Column) -> list[str]:
    """``[values.NAME]``: every word of the column with how it is read; unknown words as
    TODO comments."""
    codes = {normal(w): c for w, c in VOCABULARY[name].items()}
    meaning = {c: m for m, c in MEANINGS[name].items()}
    choices = " or ".join(map(_q, MEANINGS[name]))
    out = [f"[values.{name}]      # each word of the file: {choices}"]
    for word, count in column.values.items():
        code = codes.get(normal(word))
        rows = f"{count:,} row" + ("s" if count != 1 else "")
        if code is None:
            out.append(f"# {_q(word)} = \"...\"".ljust(40) + f"# TODO: {rows}; {choices}?")
        else:
            out.append(f"{_q(word)} = {_q(meaning[code])}".ljust(40) + f"# {rows}")
    if column.blank:
        read = "unknown (drawn)" if UNKNOWN in meaning else "refused: fill them in"
        out.append(f"# {column.blank:,} empty cells: {read}")
    return out


def _describe(column: Column, sample: int = SAMPLE) -> str:
    values = list(column.values.index)
    shown = ", ".join(values[:sample]) + (", ..." if len(values) > sample else "")
    blank = f"; {column.blank:,} empty" if column.blank else ""
    return f"{len(values):,} values: {shown}{blank}"


def _dates(found: Inspection) -> str:
    """A comment on the dates of birth: read as they are, or the order they need."""
    column = next((c for c in found.columns if c.name == found.fields.get("birth_date")), None)
    if column is None:
        return "# 31-03-1975 or 1975-03-31"
    words = pd.Series(column.values.index, dtype=str)
    if not words.size or parse_dates(words).notna().all():
        return "# the dates of birth are read as they are (day first or ISO)"
    us = pd.to_datetime(words, format="%m/%d/%Y", errors="coerce").notna()
    if us.all():
        return "# TODO: month first? then date_format = \"%m/%d/%Y\""
    bad = words[parse_dates(words).isna().to_numpy()]
    return f"# TODO: dates not read: {', '.join(bad[:3])}; give their format, e.g. '%d-%m-%Y'"


def _q(text: str) -> str:
    """A TOML basic string (a JSON string is one: the same escapes)."""
    return json.dumps(str(text), ensure_ascii=False)

