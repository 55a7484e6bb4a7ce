"""Mappings: how an HR export's columns and words are read as llo-sim's workforce file.

A mapping is a small TOML file (docs/own-organisation.md, "HR exports")::

    name = "AFAS Profit"

    [settings]
    hours_per_fte = 36          # the full-time week of the CAO (Cao Ziekenhuizen: 36)
    external = "leave out"      # agency workers and ZZP: "leave out" or "flex"
    date_format = "auto"        # 31-03-1975 or 1975-03-31; or e.g. "%m/%d/%Y"

    [columns]                   # llo-sim's field = the export's column, or alternatives
    team = ["Organisatorische eenheid", "Afdeling"]
    education = "Opleidingsniveau"
    birth_date = "Geboortedatum"
    contract = "Type contract"
    fte = "FTE"

    [values.education]          # words added to (or overriding) the built-in ones
    "Overig" = "practical"

Column names and words are compared in :func:`llo_sim.own.vocabulary.normal` form
(``Organisatorische_eenheid`` is ``organisatorische eenheid``). Columns of the export that
the mapping does not name are not read; a note lists them. Shipped mappings (``afas``,
``youforce``, ``successfactors``, ``excel``) are in ``own/mappings/``; ``llo-sim`` is the
template's own format (:data:`NATIVE`).
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from llo_sim.errors import LloSimError
from llo_sim.own.messages import Message, either
from llo_sim.own.vocabulary import (
    EXTERNAL_CHOICES,
    EXTERNAL_DEFAULT,
    MEANINGS,
    VOCABULARY,
    normal,
)

SHIPPED = Path(__file__).parent / "mappings"
SHIPPED_NAMES = ("afas", "youforce", "successfactors", "excel")
FIELDS = ("id", "team", "education", "age", "age_band", "birth_date", "contract", "care",
          "hours", "fte", "tenure")
REQUIRED = ("team", "education", "contract")
AGE_FIELDS = ("age", "birth_date", "age_band")       # the first found is read
HOURS_FIELDS = ("hours", "fte")
HOURS_PER_FTE = 36.0       # Cao Ziekenhuizen art. 6.1: full time is 1878 hours a year, 36 a week
SETTINGS = ("hours_per_fte", "external", "date_format")


class MappingError(LloSimError, ValueError):
    """A mapping file that cannot be used."""


@dataclass(frozen=True)
class Mapping:
    name: str
    columns: dict                  # field -> tuple of the export's column names (alternatives)
    values: dict = field(default_factory=dict)     # field -> {word: meaning}
    hours_per_fte: float = HOURS_PER_FTE
    external: str = EXTERNAL_DEFAULT
    date_format: str = "auto"
    source: str = ""               # the file, or "shipped" for a shipped mapping
    sha256: str = ""
    native: bool = False           # the template's format: unknown columns are mistakes

    def find(self, columns) -> dict:
        """``field -> column`` of the columns (as read, lower case) each field is found in:
        the first of its alternatives the file has."""
        present = {normal(c): c for c in columns}
        found = {}
        for name, alternatives in self.columns.items():
            hit = next((present[normal(a)] for a in alternatives if normal(a) in present), None)
            if hit is not None:
                found[name] = hit
        return found

    def fits(self, columns) -> bool:
        """Does a file with these columns have every column this mapping needs?"""
        found = self.find(columns)
        return all(f in found for f in REQUIRED) and any(f in found for f in AGE_FIELDS)

    def vocabulary(self, name: str) -> dict:
        """The words of field ``name`` and their codes: the built-in ones and the mapping's."""
        meanings = MEANINGS[name]
        return {**VOCABULARY[name], **{w: meanings[m] for w, m in self.values.get(name,
                                                                                 {}).items()}}

    def to_dict(self) -> dict:
        """What run.json records, so that ``check`` reads the file the same way."""
        return {"name": self.name, "source": self.source, "sha256": self.sha256,
                "columns": {k: list(v) for k, v in self.columns.items()},
                "values": self.values, "hours_per_fte": self.hours_per_fte,
                "external": self.external, "date_format": self.date_format,
                "native": self.native}

    @classmethod
    def from_dict(cls, data: dict) -> Mapping:
        return cls(data["name"], {k: tuple(v) for k, v in data["columns"].items()},
                   data.get("values", {}), data["hours_per_fte"], data["external"],
                   data["date_format"], data.get("source", ""), data.get("sha256", ""),
                   data.get("native", False))


NATIVE = Mapping("llo-sim", {f: (f,) for f in FIELDS}, source="shipped", native=True)


def load_mapping(spec) -> Mapping:
    """A :class:`Mapping` from a shipped name (``afas``, ``llo-sim``, ...), a TOML file, or
    a Mapping; a one-line :class:`MappingError` for anything else."""
    if isinstance(spec, Mapping):
        return spec
    text = str(spec)
    if text == NATIVE.name:
        return NATIVE
    if text in SHIPPED_NAMES:
        return _read(SHIPPED / f"{text}.toml", "shipped")
    path = Path(text)
    if not path.is_file():
        raise MappingError(f"--mapping: {text!r} is not a mapping file or a shipped mapping; "
                           f"expected a TOML file or one of {', '.join(SHIPPED_NAMES)}, "
                           f"{NATIVE.name} (`llo-sim own inspect FILE` proposes one)")
    return _read(path, str(path))


def shipped() -> list[Mapping]:
    """The shipped mappings, in the order they are tried on a file."""
    return [_read(SHIPPED / f"{name}.toml", "shipped") for name in SHIPPED_NAMES]


def recognise(columns, fitting: bool = True) -> Mapping | None:
    """The shipped mapping that fits a file with these columns (the one that finds the most
    of them when several fit), or None; with ``fitting=False`` the one that finds the most
    columns even if it misses some (None if none finds any)."""
    found = [m for m in shipped() if m.fits(columns) or (not fitting and m.find(columns))]
    return max(found, key=lambda m: len(m.find(columns)), default=None)


def _read(path: Path, source: str) -> Mapping:
    data = path.read_bytes()
    try:
        table = tomllib.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        at = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        where = Message("toml_where", line=int(at[1]), column=int(at[2])) if at else ""
        raise MappingError(Message("toml", file=path, detail=str(exc), where=where)) from None
    return parse(table, path, source, hashlib.sha256(data).hexdigest())


def parse(table: dict, path, source: str = "", sha256: str = "") -> Mapping:
    """Check a mapping's TOML table; every mistake is one line naming the file and key."""
    def bad(key, value, allowed):
        return MappingError(Message("setting", file=path, key=key, value=value,
                                    allowed=allowed))

    for key, value in table.items():
        if key not in ("name", "description", "settings", "columns", "values"):
            raise bad(key, value, Message("top_keys"))
    settings = _table(table, "settings", path)
    for key in settings:
        if key not in SETTINGS:
            raise bad(f"settings.{key}", settings[key],
                      Message("one_of", items=", ".join(SETTINGS)))
    hours = settings.get("hours_per_fte", HOURS_PER_FTE)
    if isinstance(hours, bool) or not isinstance(hours, int | float) or not 1 <= hours <= 60:
        raise bad("settings.hours_per_fte", hours, Message("full_week"))
    external = settings.get("external", EXTERNAL_DEFAULT)
    if external not in EXTERNAL_CHOICES:
        raise bad("settings.external", external, either(EXTERNAL_CHOICES))
    date_format = settings.get("date_format", "auto")
    if not isinstance(date_format, str) or (date_format != "auto" and not all(
            d in date_format for d in ("%Y", "%m", "%d"))):
        raise bad("settings.date_format", date_format, Message("date_formats"))
    columns = {}
    for key, value in _table(table, "columns", path).items():
        names = (value,) if isinstance(value, str) else tuple(value) if isinstance(
            value, list) else ()
        if key not in FIELDS:
            raise bad(f"columns.{key}", value, Message("one_of", items=", ".join(FIELDS)))
        if not names or not all(isinstance(n, str) and n.strip() for n in names):
            raise bad(f"columns.{key}", value, Message("column_names"))
        columns[key] = names
    for need in REQUIRED:
        if need not in columns:
            raise MappingError(Message("mapping_needs", file=path, need=need,
                                       required=", ".join(REQUIRED),
                                       ages=", ".join(AGE_FIELDS)))
    if not any(f in columns for f in AGE_FIELDS):
        raise MappingError(Message("mapping_age", file=path, ages=", ".join(AGE_FIELDS)))
    values = {}
    for name, words in _table(table, "values", path).items():
        if name not in MEANINGS or not isinstance(words, dict):
            raise bad(f"values.{name}", words, Message("values_table"))
        for word, meaning in words.items():
            if meaning not in MEANINGS[name]:
                raise bad(f"values.{name}.{word!r}", meaning, either(MEANINGS[name]))
        values[name] = dict(words)
    name = table.get("name", Path(str(path)).stem)
    if not isinstance(name, str):
        raise bad("name", name, Message("a_text"))
    return Mapping(name, columns, values, float(hours), external, date_format, source, sha256)


def _table(table: dict, key: str, path) -> dict:
    value = table.get(key, {})
    if not isinstance(value, dict):
        raise MappingError(Message("setting", file=path, key=key, value=value,
                                   allowed=Message("a_table", key=key)))
    return value
