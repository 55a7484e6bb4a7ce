"""Which mapping reads a workforce file, and which of its columns hold what.

A file in the template's own format (``templates/workforce.csv``) is read as it always was:
a column it does not know is a mistake (``eduction``: did you mean ``education``?). A file
with other columns is tried against the shipped mappings (AFAS, Youforce, SuccessFactors, a
hand-made Excel sheet: :func:`llo_sim.own.mapping.recognise`), or read with the mapping the
user gives; then columns the mapping does not name are not read, and a note lists them.
"""

from __future__ import annotations

from llo_sim.own.csv_input import check_columns
from llo_sim.own.mapping import (
    AGE_FIELDS,
    FIELDS,
    NATIVE,
    REQUIRED,
    Mapping,
    load_mapping,
    recognise,
)
from llo_sim.own.messages import Message, either
from llo_sim.own.problems import Problems

NATIVE_REQUIRED = ("id", *REQUIRED)


def choose_mapping(columns, path, spec) -> tuple[Mapping, list[str]]:
    """The mapping for a file with ``columns`` (as read, lower case): ``spec`` when given,
    else the template's format when every column is one of its own, else a shipped mapping
    that fits (with a note saying so), else the template's format (whose checks then name
    the unknown columns)."""
    if spec is not None:
        return load_mapping(spec), []
    if set(columns) <= set(FIELDS):
        return NATIVE, []
    found = recognise(columns)
    if found is None:
        unknown = [c for c in columns if c not in FIELDS]
        if 2 * len(unknown) > len(columns):        # an export, not the template misspelled:
            return recognise(columns, fitting=False) or NATIVE, []   # say what it misses
        return NATIVE, []
    return found, [Message("note_recognised", file=path, name=found.name)]


def find_columns(frame, path, mapping: Mapping, problems: Problems,
                 notes: list[str]) -> dict:
    """``field -> column`` of the file (as read). Missing columns are problems; so are
    unknown ones in the template's format, while a mapping's unused columns get a note."""
    header = frame.attrs.get("header", {c: c for c in frame.columns})
    if mapping.native:
        _native_columns(frame, problems)
        return {f: f for f in FIELDS if f in frame.columns}
    found = mapping.find(frame.columns)
    shown = ", ".join(repr(header[c]) for c in frame.columns)
    for need in REQUIRED:
        if need not in found:
            problems.file(Message("no_column_for", need=need, mapping=mapping.name,
                                  looks=either(mapping.columns[need], commas=True), has=shown))
    if not any(f in found for f in AGE_FIELDS):
        looks = [a for f in AGE_FIELDS for a in mapping.columns.get(f, ())]
        problems.file(Message("no_age_column", mapping=mapping.name,
                              looks=either(looks, commas=True), has=shown))
    unused = [header[c] for c in frame.columns if c not in found.values()]
    if unused:
        notes.append(Message("note_not_read", file=path, mapping=mapping.name,
                             columns=", ".join(map(repr, unused))))
    return found


def _native_columns(frame, problems: Problems) -> None:
    """The template's columns: ``id``, ``team``, ``education``, ``contract`` and an age;
    nothing else (a misspelled column is named, with the closest known name)."""
    optional = tuple(f for f in FIELDS if f not in NATIVE_REQUIRED and f not in AGE_FIELDS)
    before = len(problems.general)
    check_columns(frame, problems.path, NATIVE_REQUIRED, optional, (AGE_FIELDS,), problems)
    for i in range(before, len(problems.general)):
        if getattr(problems.general[i], "key", None) == "column_unknown":
            problems.general[i] = Message("with_inspect", text=problems.general[i])
