"""The workshop sequence: four steps that build on each other, and texts from the numbers.

Step 1 is the budget of ``budget_only``; each later step adds the instruments of one knob
scenario (``richting_only``, ``ruggensteun_only``, ``ruimte_only``) to the step before. Adding
never lowers: an amount, a coverage or an intensity keeps the larger of the two values, and the
budget procedure only moves from "through the leader" to "direct". So step 2 keeps step 1's
EUR 1,000 for everyone (a scenario file that extends the baseline would bring back EUR 500 for
35%), and the last step is exactly ``integrated``.
"""

from __future__ import annotations

import pandas as pd

from ..measures import HEADLINE
from ..parameters import REGISTRY, validate
from . import checks
from .i18n import t

MONTHS = 60
STEPS = (("ws_1", "budget_only"), ("ws_2", "richting_only"), ("ws_3", "ruggensteun_only"),
         ("ws_4", "ruimte_only"))
ORDER = {"budget_procedure": ("leader", "direct")}   # later in the tuple = more support
FLAT = 1.0    # percentage points: a change smaller than this is "hardly any change"


def add(before: dict, added: dict) -> dict:
    """``before`` with the instruments of ``added``: each value the larger of the two."""
    out = dict(before)
    for key, value in added.items():
        old = out.get(key, REGISTRY[key].default)
        if key in ORDER:
            order = ORDER[key]
            out[key] = max(old, value, key=order.index)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            out[key] = max(old, value)
        else:
            out[key] = value
    return out


def step_parameters(step: int) -> dict:
    """The full parameter set of step ``step`` (0-based)."""
    overrides: dict = {}
    for _, name in STEPS[: step + 1]:
        overrides = add(overrides, checks.scenario(name).overrides)
    return validate(overrides, "workshop")


def step_text(step: int, ts: pd.DataFrame, before: pd.DataFrame | None, base: pd.DataFrame,
              gap: float, lang: str) -> str:
    """What step ``step`` shows, in numbers: its result, the change against the step before
    (saying so when it is flat or falls, against expectation), and the education gap."""
    p, f = ts[HEADLINE].iloc[-1], ts["participation_formal"].iloc[-1]
    parts = [t(STEPS[step][0] + "_text", lang),
             t("ws_result", lang).format(m=int(ts["month"].iloc[-1]), p=p, f=f,
                                         d=100 * (p - base[HEADLINE].iloc[-1]))]
    if before is not None:
        d = 100 * (p - before[HEADLINE].iloc[-1])
        key = "ws_down" if d <= -FLAT else "ws_flat" if d < FLAT else "ws_up"
        parts.append(t(key, lang).format(d=d))
    if gap == gap:
        parts.append(t("ws_gap", lang).format(g=gap))
    return " ".join(parts)


def short_text(ts: pd.DataFrame, lang: str) -> str:
    """One line for an earlier step: its participation and formal participation."""
    return t("ws_short", lang).format(p=ts[HEADLINE].iloc[-1],
                                      f=ts["participation_formal"].iloc[-1])


def done_text(first: pd.DataFrame, last: pd.DataFrame, lang: str) -> str:
    a, b = first[HEADLINE].iloc[-1], last[HEADLINE].iloc[-1]
    return t("ws_done_up" if 100 * (b - a) >= FLAT else "ws_done_flat", lang).format(a=a, b=b)
