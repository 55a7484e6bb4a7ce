"""The readers' messages in parts, in English and in Dutch.

A reader's error is a :class:`Message`: a ``str`` holding the English line the command line
prints (``str(error)`` is as it always was), that also keeps its template's key and its
parts (the file, the row, the column, the value, what is allowed). The dashboard says it
again in the interface's language with :meth:`Message.text`, naming each file by the name it
was uploaded under (``names``), never by the temporary copy the server read.

Every value is shown plainly: a cell's text quoted (``'Afdeling X'``, never
``np.str_('Afdeling X')``), a number as a number; in Dutch with a decimal comma and thousands
dots (``1,5``; ``20.000``). The texts are in :mod:`llo_sim.own.message_texts`.
"""

from __future__ import annotations

import string
from pathlib import PurePath

import numpy as np

from llo_sim.own.message_texts import TEMPLATES

_DUTCH_MARKS = str.maketrans(",.", ".,")


class Message(str):
    """A message of the readers: its English text (as a ``str``), its template ``key`` and
    its ``parts``. Parts may be messages themselves (what is allowed, a list of rows)."""

    key: str
    parts: dict

    def __new__(cls, key: str, /, **parts):
        self = super().__new__(cls, render(key, parts, "en", {}))
        self.key, self.parts = key, parts
        return self

    def text(self, lang: str = "en", names: dict | None = None) -> str:
        """The message in ``lang`` ("nl": Dutch, else English), each file named by
        ``names`` (``{str(path): name}``) where it is one of them."""
        return render(self.key, self.parts, lang, names or {})

    def __reduce__(self):
        return (_rebuild, (self.key, self.parts))


def _rebuild(key: str, parts: dict) -> Message:
    return Message(key, **parts)


def either(items, commas: bool = False, word: str = "or") -> Message:
    """``'a' or 'b' or 'c'`` (``commas``: ``'a', 'b' or 'c'``; ``word``: "or" or "and"),
    quoted, in the language."""
    return Message("either", items=[str(i) for i in items], commas=commas, word=word)


def lines(items) -> Message:
    """Several messages, one a line."""
    return Message("lines", items=list(items))


def localised(message, lang: str, names: dict | None = None) -> str:
    """``message`` (a :class:`Message` or a plain text) in ``lang``, files named by ``names``."""
    return message.text(lang, names) if isinstance(message, Message) else str(message)


def render(key: str, parts: dict, lang: str, names: dict) -> str:
    dutch = lang == "nl"
    if key == "lines":
        return "\n".join(localised(item, lang, names) for item in parts["items"])
    if key == "either":
        quoted = [repr(str(item)) for item in parts["items"]]
        word = {"or": (" or ", " of "), "and": (" and ", " en ")}[parts.get("word", "or")][dutch]
        if parts["commas"] and len(quoted) > 1:
            return ", ".join(quoted[:-1]) + word + quoted[-1]
        return word.join(quoted)
    return _Formatter(dutch, names).vformat(TEMPLATES[key][1 if dutch else 0], (), parts)


class _Formatter(string.Formatter):
    """``str.format`` with plain values: numpy scalars as Python ones, a path by the name it
    was uploaded under, messages in the language; in Dutch, numbers with Dutch marks."""

    def __init__(self, dutch: bool, names: dict):
        super().__init__()
        self.dutch, self.names = dutch, names

    def get_value(self, key, args, kwargs):
        value = kwargs[key]
        if isinstance(value, Message):
            return value.text("nl" if self.dutch else "en", self.names)
        if isinstance(value, np.generic):
            value = value.item()
        if isinstance(value, PurePath | str):
            value = str(value)
            return self.names.get(value, value)
        return value

    def convert_field(self, value, conversion):
        if conversion == "r" and isinstance(value, int | float) and not isinstance(value, bool):
            return value                       # shown as a number (repr of 1.5 is "1.5")
        return super().convert_field(value, conversion)

    def format_field(self, value, format_spec):
        text = format(value, format_spec)
        if self.dutch and isinstance(value, int | float) and not isinstance(value, bool):
            text = text.translate(_DUTCH_MARKS)
        return text
