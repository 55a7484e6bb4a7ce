"""A robust reader for the CSV files an organisation brings: what Excel writes, checked.

Accepted: UTF-8, with or without the byte-order mark Excel puts in front; comma, semicolon or
tab separators (Dutch Excel writes ``;`` and decimal commas, ``3,5``). Refused with one line
naming the file and what to do: a missing or empty file, an Excel workbook (``.xlsx``, ``.xls``:
save it as CSV), another encoding (UTF-16, Windows-1252: save as "CSV UTF-8"), a file too large
for the memory that is free (checked before it is read), a header without rows. Every column
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
from pathlib import Path

import numpy as np
import pandas as pd

from llo_sim.engine.limits import available_mb
from llo_sim.own.problems import InputFileError, Problems
from llo_sim.own.vocabulary import normal

# pandas holds a text column as Python strings: about this many bytes of memory per byte of file
MEMORY_PER_FILE_BYTE = 12
XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0"
SAVE_AS_CSV = ("save it as CSV: in Excel choose File > Save as > 'CSV UTF-8 (comma delimited)' "
               "(or 'CSV (semicolon delimited)')")


def fail(path, row: int | None, column: str | None, value, allowed: str) -> InputFileError:
    """The one-line error: file, row, column, value and what is allowed."""
    where = str(path)
    if row is not None:
        where += f": row {row}"
    if column is not None:
        where += f", column {column!r}" if row is not None else f": column {column!r}"
    return InputFileError(f"{where}: value {value!r} is not allowed; expected {allowed}")


def read_csv(path: str | Path) -> pd.DataFrame:
    """Read ``path`` as a table of text (column names stripped and lower case; as the file
    spells them in ``frame.attrs["header"]``); raise :class:`InputFileError` for anything
    that is not a usable CSV file."""
    path = Path(path)
    if not path.is_file():
        raise InputFileError(f"{path}: no such file")
    size = path.stat().st_size
    if size == 0:
        raise InputFileError(f"{path}: the file is empty; expected a header row and one row "
                             "per person or team")
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
        raise InputFileError(f"{path}: the file is empty; expected a header row") from None
    except pd.errors.ParserError as exc:
        raise InputFileError(f"{path}: not a valid CSV file ({_first_line(exc)}); "
                             f"{SAVE_AS_CSV}") from None
    if not text.strip():
        raise InputFileError(f"{path}: the file is empty; expected a header row")
    header = [str(c).strip() for c in frame.columns]
    frame.columns = [c.lower() for c in header]
    frame = _drop_empty_columns(frame)
    frame.attrs["header"] = dict(zip(frame.columns, header))     # as the file spells them
    if len(frame) == 0:
        raise InputFileError(f"{path}: has a header but no rows")
    return frame


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
        raise InputFileError(f"{path}: {size / 1e6:,.0f} MB; reading it needs about "
                             f"{need:,.0f} MB of memory and only {free:,.0f} MB is free; "
                             "close other programs, use a larger machine, or split the "
                             "organisation into parts")


def _decode(path: Path, data: bytes) -> str:
    """The file's text: UTF-8 (a byte-order mark is dropped); anything else is refused."""
    head = data[:8]
    if head.startswith(XLSX_MAGIC):
        raise InputFileError(f"{path}: is an Excel workbook (.xlsx), not a CSV file; "
                             f"{SAVE_AS_CSV}")
    if head.startswith(XLS_MAGIC):
        raise InputFileError(f"{path}: is an old Excel workbook (.xls), not a CSV file; "
                             f"{SAVE_AS_CSV}")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputFileError(f"{path}: is UTF-16 text (Excel's 'Unicode text'); save it as "
                             "'CSV UTF-8 (comma delimited)'")
    if b"\x00" in data[:4096]:
        raise InputFileError(f"{path}: is not a text file (it holds zero bytes); expected a "
                             "CSV file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        byte = data[exc.start:exc.start + 1].hex()
        raise InputFileError(f"{path}: row {line} is not UTF-8 (byte 0x{byte}; probably "
                             "Windows-1252 or Latin-1); save the file as 'CSV UTF-8 (comma "
                             "delimited)'") from None


def separator(text: str) -> str:
    """The separator of the header line: the most frequent of ``,``, ``;`` and tab."""
    header = text.split("\n", 1)[0]
    counts = {sep: header.count(sep) for sep in (",", ";", "\t")}
    return max(counts, key=counts.get) if max(counts.values()) > 0 else ","


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return (text[-1] if text else type(exc).__name__).replace("C error: ", "")


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
            hint = f"did you mean {near[0]!r}? " if near else ""
            meant.update(near)
            found.file(f"column {column!r} is not known; {hint}expected columns: "
                       f"{', '.join(sorted(known))}")
    for column in required:
        if column not in frame.columns and column not in meant:
            found.file(f"column {column!r} is missing; the file has "
                       f"{', '.join(frame.columns)}; expected also {column!r}")
    for group in one_of:
        if not any(c in frame.columns or c in meant for c in group):
            found.file(f"needs a column {' or '.join(map(repr, group))}; the file has "
                       f"{', '.join(frame.columns)}")
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
        kind = "a whole number" if whole else "a number"
        report(problems, path, bad, name or column, frame[column],
               allowed or f"{kind} from {low:g} to {high:g}"
               + (" or an empty cell" if blank_ok else ""))
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
        report(problems, path, bad, name or column, frame[column],
               allowed or "one of " + ", ".join(mapping)
               + (" or an empty cell" if blank_ok else ""))
    return codes


def labels(frame: pd.DataFrame, path, column: str, problems: Problems | None = None,
           name: str | None = None) -> np.ndarray:
    """A column of names or ids (stripped text); an empty cell is a problem."""
    text = frame[column].str.strip()
    empty = (text == "").to_numpy()
    if empty.any():
        report(problems, path, empty, name or column, frame[column],
               "a name or id, not an empty cell")
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
                    f"a value used once; it is also on row {int(first[codes[i]]) + 2}")
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
