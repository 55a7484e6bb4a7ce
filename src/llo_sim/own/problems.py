"""Every problem of an input file, reported at once.

A file with a bad value on row 5 often has more: an HR export refused one problem at a time
needs as many attempts as it has problems. The readers therefore collect what is wrong in a
:class:`Problems` and raise one :class:`InputFileError` that names them all, with their rows
as a spreadsheet numbers them (the header is row 1). One problem gives the one line it
always gave::

    workforce.csv: row 5, column 'age': value '200' is not allowed; expected a whole number ...

Several give one message of several lines, one per column and value (the rows where it
occurs), at most :data:`MAX_LINES` of them and a count of the rest::

    export.csv: 5 problems in 4 rows; nothing was read (fix them all, then run again):
      rows 4, 9: column 'Opleiding': value 'Mbo-5' is not allowed; expected ...
      row 7: column 'Geboortedatum': value '31-02-1980' is not allowed; expected a date ...
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from llo_sim.errors import LloSimError
from llo_sim.own.messages import Message, lines

MAX_LINES = 20        # lines of one message; the rest is counted per column
MAX_ROWS_SHOWN = 8    # row numbers on one line; the rest is counted


class InputFileError(LloSimError, ValueError):
    """A CSV input file (workforce, teams, scan) that cannot be used."""


def row_list(rows) -> Message:
    """``row 5`` or ``rows 4, 9, 12 and 30 more``."""
    rows = [int(r) for r in rows]
    if len(rows) == 1:
        return Message("row", row=rows[0])
    shown = ", ".join(map(str, rows[:MAX_ROWS_SHOWN]))
    more = len(rows) - MAX_ROWS_SHOWN
    return Message("rows_more", shown=shown, more=more) if more > 0 else Message("rows",
                                                                                  shown=shown)


class Problems:
    """The problems of one file: whole-file or column problems (no row) and bad values
    (grouped by column, value and what is allowed, with their rows). Each is a
    :class:`~llo_sim.own.messages.Message` (a plain text is taken as it is)."""

    def __init__(self, path):
        self.path = str(path)
        self.general: list[str] = []
        self.groups: dict[tuple, list] = {}      # (column, value, allowed) -> arrays of rows

    def __bool__(self) -> bool:
        return bool(self.general or self.groups)

    @property
    def count(self) -> int:
        return len(self.general) + sum(len(r) for r in self._rows().values())

    def file(self, message: str) -> None:
        """A problem of the file or of a column, such as a missing column."""
        self.general.append(message)

    def values(self, bad: np.ndarray, column: str, cells, allowed: str) -> None:
        """The cells of ``column`` where the boolean array ``bad`` is true (positions in
        the file's rows, 0 = the first row below the header) are not allowed. Grouped by
        value with whole-column operations: a column bad in every row costs no loop."""
        where = np.flatnonzero(bad)
        if not len(where):
            return
        text = pd.Series(np.asarray(cells, dtype=object)[where]).astype(str)
        for value, positions in text.groupby(text, sort=False).indices.items():
            self.groups.setdefault((column, value, allowed), []).append(where[positions] + 2)

    def value(self, row: int, column: str, value, allowed: str) -> None:
        """One bad cell on spreadsheet row ``row``."""
        self.groups.setdefault((column, str(value), allowed), []).append(np.array([row]))

    def _rows(self) -> dict:
        return {key: np.concatenate(arrays) for key, arrays in self.groups.items()}

    def lines(self) -> list[Message]:
        out = list(self.general)
        for (column, value, allowed), rows in self._rows().items():
            out.append(Message("cells", rows=row_list(rows), column=column, value=value,
                               allowed=allowed))
        return out

    def error(self) -> InputFileError:
        found = self.lines()
        if len(found) == 1 and self.count == 1:
            return InputFileError(Message("in_file", file=self.path, text=found[0]))
        every = np.unique(np.concatenate(list(self._rows().values()))) if self.groups else []
        head = (Message("problems_rows", file=self.path, count=self.count, rows=len(every))
                if len(every) else Message("problems", file=self.path, count=self.count))
        shown = [Message("indented", text=line) for line in found[:MAX_LINES]]
        return InputFileError(lines([head, *shown, *self._rest_by_column(MAX_LINES)]))

    def _rest_by_column(self, skip: int) -> list[Message]:
        """The problems after the first ``skip`` lines, counted per column."""
        left = list(self._rows().items())[max(0, skip - len(self.general)):]
        if not left:
            return []
        per_column: dict[str, list[int]] = {}
        for (column, _, _), rows in left:
            per_column.setdefault(column, []).extend(rows)
        return [Message("more_in_column", count=len(rows), column=column,
                        rows=row_list(np.sort(rows))) for column, rows in per_column.items()]

    def check(self) -> None:
        """Raise the one error naming every problem, if there is any."""
        if self:
            raise self.error()
