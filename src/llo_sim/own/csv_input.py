"""A robust reader for the CSV files an organisation brings: what Excel writes, checked.

Accepted: UTF-8, with or without the byte-order mark Excel puts in front; comma, semicolon or
tab separators (Dutch Excel writes ``;`` and decimal commas, ``3,5``). Refused with one line
naming the file and what to do: a missing or empty file, an Excel workbook (``.xlsx``, ``.xls``:
save it as CSV), another encoding (UTF-16, Windows-1252: save as "CSV UTF-8"), another binary
file (NUL bytes), a file too large for the memory that is free (checked before it is read), a
header without rows. Each message is a :class:`~llo_sim.own.messages.Message`: English, and
Dutch for the dashboard; a cell's value is its text, quoted. Every column
is read as text; the checks of :func:`numbers` and :func:`choices` turn it into arrays with
whole-column (vectorised) operations and name every bad row, into a shared
:class:`~llo_sim.own.problems.Problems` (so that a file's problems are reported at once) or
at once when none is given. Values are compared in :func:`~llo_sim.own.vocabulary.normal`
form (``MBO 3`` is ``mbo-3``). Rows are numbered as a spreadsheet shows them: the header is
row 1, the first person row 2.
"""

from __future__ import annotations

import difflib
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd

from llo_sim.engine.limits import available_mb
from llo_sim.own.messages import Message, either
from llo_sim.own.problems import InputFileError, Problems
from llo_sim.own.vocabulary import normal

# pandas holds a text column as Python strings: about this many bytes of memory per byte of file
MEMORY_PER_FILE_BYTE = 12
XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0"
PARSER_WORDS = {        # the parsers' words, in parts (to say them in Dutch too)
    "csv_fields": r"Error tokenizing data\. Expected (?P<expected>\d+) fields in line "
                  r"(?P<line>\d+), saw (?P<saw>\d+)",
    "csv_quote": r"Error tokenizing data\. EOF inside string starting at row (?P<row>\d+)",
    "csv_columns": r"CSV parse error: Expected (?P<expected>\d+) columns, got (?P<got>\d+): "
                   r"(?P<text>.*)",
}


def fail(path, row: int | None, column: str | None, value, allowed: str) -> InputFileError:
    """The one-line error: file, row, column, value (its text, quoted) and what is allowed."""
    where = (Message("at_file", file=path) if row is None and column is None else
             Message("at_column", file=path, column=column) if row is None else
             Message("at_row", file=path, row=row) if column is None else
             Message("at_row_column", file=path, row=row, column=column))
    return InputFileError(Message("bad_value", where=where, value=str(value), allowed=allowed))


def read_csv(path: str | Path) -> pd.DataFrame:
    """Read ``path`` as a table of text (column names stripped and lower case; as the file
    spells them in ``frame.attrs["header"]``); raise :class:`InputFileError` for anything
    that is not a usable CSV file."""
    path = Path(path)
    if not path.is_file():
        raise InputFileError(Message("no_file", file=path))
    size = path.stat().st_size
    if size == 0:
        raise InputFileError(Message("empty_rows", file=path))
    _check_memory(path, size)
    data = path.read_bytes()
    text = _decode(path, data)
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    if text[:4].lower() == "sep=":            # Excel's separator hint line: skip it
        first = text.split("\n", 1)
        text = first[1] if len(first) > 1 else ""
        body = body.split(b"\n", 1)[1] if b"\n" in body else b""
    sep = separator(text)
    try:
        try:                      # pyarrow's reader: several times faster on large files
            frame = pd.read_csv(io.BytesIO(body), sep=sep, dtype=str, keep_default_na=False,
                                engine="pyarrow")
        except pd.errors.ParserError:       # read again for the C reader's line number
            frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False)
    except pd.errors.EmptyDataError:
        raise InputFileError(Message("empty", file=path)) from None
    except pd.errors.ParserError as exc:
        raise InputFileError(Message("not_csv", file=path, detail=_detail(exc))) from None
    if not text.strip():
        raise InputFileError(Message("empty", file=path))
    header = [str(c).strip() for c in frame.columns]
    _once(path, header)
    frame.columns = [c.lower() for c in header]
    frame = _drop_empty_columns(frame)
    frame.attrs["header"] = dict(zip(frame.columns, header))     # as the file spells them
    if len(frame) == 0:
        raise InputFileError(Message("header_only", file=path))
    return frame


def _once(path, header: list) -> None:
    """Refuse a header that names a column twice (``ID`` and ``id``: one column, as read)."""
    seen: dict = {}
    for i, name in enumerate(header):
        first = seen.setdefault(name.lower(), i)
        if first != i:
            raise InputFileError(Message("column_twice", file=path, column=name,
                                         first=first + 1, second=i + 1))


def _drop_empty_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Drop the nameless, empty columns a spreadsheet leaves after a trailing separator."""
    empty = [c for c in frame.columns if (c == "" or c.startswith("unnamed: "))
             and not frame[c].str.strip().astype(bool).any()]
    return frame.drop(columns=empty)


def _check_memory(path: Path, size: int) -> None:
    """Refuse a file that would not fit in the free memory, before reading it."""
    free = available_mb()
    need = size * MEMORY_PER_FILE_BYTE / 1e6
    if free is not None and need > free:
        raise InputFileError(Message("memory", file=path, mb=size / 1e6, need=need,
                                     free=float(free)))


def _decode(path: Path, data: bytes) -> str:
    """The file's text: UTF-8 (a byte-order mark is dropped); anything else is refused: a
    workbook, UTF-16 (with a byte-order mark, or without: every other byte NUL), another
    binary file (NUL bytes, which no text has), another encoding."""
    head = data[:8]
    if head.startswith(XLSX_MAGIC):
        raise InputFileError(Message("xlsx", file=path))
    if head.startswith(XLS_MAGIC):
        raise InputFileError(Message("xls", file=path))
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16(data[:4096]):
        raise InputFileError(Message("utf16", file=path))
    if b"\x00" in data[:4096]:
        raise InputFileError(Message("nul_bytes", file=path))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        byte = data[exc.start:exc.start + 1].hex()
        raise InputFileError(Message("not_utf8", file=path, line=line, byte=byte)) from None


def _utf16(head: bytes) -> bool:
    """UTF-16 without a byte-order mark: mostly text, every other byte NUL (the high byte of
    each character of the Latin alphabet)."""
    even, odd = head[0::2], head[1::2]
    if len(odd) < 2:
        return False
    few, most = sorted((even.count(0) / len(even), odd.count(0) / len(odd)))
    return few <= 0.1 and most >= 0.9


def separator(text: str) -> str:
    """The separator of the header line: the most frequent of ``,``, ``;`` and tab."""
    header = text.split("\n", 1)[0]
    counts = {sep: header.count(sep) for sep in (",", ";", "\t")}
    return max(counts, key=counts.get) if max(counts.values()) > 0 else ","


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return (text[-1] if text else type(exc).__name__).replace("C error: ", "")


def _detail(exc: Exception) -> Message:
    """What the CSV parser said, in parts where its words are known."""
    said = _first_line(exc)
    for key, pattern in PARSER_WORDS.items():
        found = re.fullmatch(pattern, said)
        if found:
            return Message(key, **found.groupdict())
    return Message("csv_detail", detail=said)


def check_columns(frame: pd.DataFrame, path, required: tuple, optional: tuple,
                  one_of: tuple = (), problems: Problems | None = None) -> None:
    """Unknown (misspelled) columns, missing required ones, and ``one_of`` groups (at least
    one of the group must be there): each is a problem; raised at once without
    ``problems``, else added to it."""
    found = Problems(path) if problems is None else problems
    known = set(required) | set(optional) | {c for group in one_of for c in group}
    meant = set()                      # known columns that a misspelled one stands for
    for column in frame.columns:
        if column not in known:
            near = difflib.get_close_matches(column, sorted(known), n=1)
            hint = Message("did_you_mean", near=near[0]) if near else ""
            meant.update(near)
            found.file(Message("column_unknown", column=column, hint=hint,
                               known=", ".join(sorted(known))))
    for column in required:
        if column not in frame.columns and column not in meant:
            found.file(Message("column_missing", column=column, has=", ".join(frame.columns)))
    for group in one_of:
        if not any(c in frame.columns or c in meant for c in group):
            found.file(Message("needs_column", names=either(group),
                               has=", ".join(frame.columns)))
    if problems is None:
        found.check()


def numbers(frame: pd.DataFrame, path, column: str, low: float, high: float, *,
            whole: bool = False, blank_ok: bool = False, problems: Problems | None = None,
            name: str | None = None, allowed: str | None = None) -> np.ndarray:
    """The column as floats within ``[low, high]`` (a decimal comma is accepted); blank cells
    are NaN when ``blank_ok``. Bad cells are NaN and problems: every bad row is named, at
    once without ``problems`` (``name``: the column as the file spells it)."""
    codes, uniques = pd.factorize(frame[column])      # convert each distinct text once
    text = pd.Series(uniques, dtype=str).str.strip()
    converted = pd.to_numeric(text.str.replace(",", ".", regex=False), errors="coerce")
    values = converted.to_numpy(dtype=np.float64)[codes]
    blank = (text == "").to_numpy()[codes]
    bad = np.isnan(values) | (values < low) | (values > high)
    if whole:
        bad |= ~np.isnan(values) & (values != np.round(values))
    if blank_ok:
        bad &= ~blank
    if bad.any():
        kind = Message("whole_range" if whole else "number_range", low=low, high=high)
        report(problems, path, bad, name or column, frame[column],
               allowed or (Message("or_empty", text=kind) if blank_ok else kind))
        values[bad] = np.nan
    return values


def choices(frame: pd.DataFrame, path, column: str, mapping: dict, *,
            blank_ok: bool = False, problems: Problems | None = None, name: str | None = None,
            allowed: str | None = None) -> np.ndarray:
    """The column mapped through ``mapping`` (keys compared in :func:`normal` form; values
    are codes, -1 for unknown); blank cells give -1 when ``blank_ok``. An unknown value is a
    problem (code -2), listing the allowed values (or ``allowed``)."""
    index, uniques = pd.factorize(frame[column])      # look up each distinct text once
    lookup = {normal(k): v for k, v in mapping.items()}
    text = [normal(str(u)) for u in uniques]
    codes = np.array([lookup.get(u, -2 if u or not blank_ok else -1) for u in text],
                     dtype=np.int64)[index]
    bad = codes == -2
    if bad.any():
        listed = Message("one_of", items=", ".join(mapping))
        report(problems, path, bad, name or column, frame[column],
               allowed or (Message("or_empty", text=listed) if blank_ok else listed))
    return codes


def labels(frame: pd.DataFrame, path, column: str, problems: Problems | None = None,
           name: str | None = None) -> np.ndarray:
    """A column of names or ids (stripped text); an empty cell is a problem."""
    text = frame[column].str.strip()
    empty = (text == "").to_numpy()
    if empty.any():
        report(problems, path, empty, name or column, frame[column], Message("not_empty"))
    return text.to_numpy(dtype=object)


def unique(values: np.ndarray, path, column: str, problems: Problems | None = None) -> None:
    """Duplicates are problems, each naming the row where the value is first."""
    dup = pd.Series(values).duplicated(keep="first").to_numpy()
    if not dup.any():
        return
    found = Problems(path) if problems is None else problems
    codes, _ = pd.factorize(pd.Series(values))
    _, first = np.unique(codes, return_index=True)       # codes are 0, 1, ... in order
    for i in np.flatnonzero(dup):
        found.value(int(i) + 2, column, values[i],
                    Message("used_once", row=int(first[codes[i]]) + 2))
    if problems is None:
        found.check()


def report(problems: Problems | None, path, bad: np.ndarray, column: str, cells,
           allowed: str) -> None:
    """Add the ``bad`` cells to ``problems``, or raise them at once when there is none."""
    found = Problems(path) if problems is None else problems
    found.values(bad, column, cells.to_numpy() if hasattr(cells, "to_numpy") else cells,
                 allowed)
    if problems is None:
        found.check()
