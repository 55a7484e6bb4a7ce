"""Reading TOML text: ``tomllib``, with nesting too deep to parse reported as malformed TOML.

Two kinds of deep nesting would otherwise escape the one-line errors of the readers of
scenario, experiment, priors and targets files and of ``--set``:

- ``tomllib`` parses nested arrays and inline tables recursively, so a value nested some
  hundreds of levels deep (``x = [[[[...``) raises ``RecursionError``;
- a dotted key (``a.b.c = 1``, also in a table header) of ``n`` parts costs ``tomllib``
  memory in proportion to ``n`` squared: 70 MB at 4,000 parts, tens of GB at 100,000.

:func:`loads` raises ``tomllib.TOMLDecodeError`` for both, before any memory is spent on the
second, so every reader reports them like any other malformed TOML.
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

MAX_KEY_PARTS = 100     # parts of one dotted key; the files of llo-sim use at most 3
_PART = r"""(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')"""
_LONG_KEY = re.compile(rf"(?:{_PART}[ \t]*\.[ \t]*){{{MAX_KEY_PARTS}}}")


def loads(text: str) -> dict[str, Any]:
    """``tomllib.loads(text)``; too deep nesting raises ``tomllib.TOMLDecodeError``."""
    if _LONG_KEY.search(text):
        raise tomllib.TOMLDecodeError(f"a dotted key of more than {MAX_KEY_PARTS} parts")
    try:
        return tomllib.loads(text)
    except RecursionError:
        raise tomllib.TOMLDecodeError("arrays or inline tables nested too deeply") from None
