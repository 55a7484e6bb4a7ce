"""The workshop sequence: four steps that build on each other, and texts from the numbers.

Step 1 is the budget of ``budget_only``; each later step adds the instruments of one knob
scenario (``richting_only``, ``ruggensteun_only``, ``ruimte_only``) to the step before. Adding
never lowers: an amount, a coverage or an intensity keeps the larger of the two values, and the
budget procedure only moves from "through the leader" to "direct". So step 2 keeps step 1's
EUR 1,000 for everyone (a scenario file that extends the baseline would bring back EUR 500 for
35%), and the last step is exactly ``integrated``.

Like the running views, every step runs over several replications (the seed's own employees
and, from the second on, the calibrated ensemble's worlds): the chart shows the mean with its
95% band, and the texts state the differences with their interval.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np
import pandas as pd

from llo_sim.dashboard import checks
from llo_sim.dashboard.controls import number
from llo_sim.dashboard.i18n import t
from llo_sim.dashboard.simulation import (
    GAP_MEASURE,
    in_world,
    mean_band,
    paired_difference,
    replication_seeds,
    replications_for,
    run_series,
)
from llo_sim.engine.measures import HEADLINE
from llo_sim.engine.parameters import REGISTRY, validate

MONTHS = 60
_DONE: OrderedDict = OrderedDict()     # (step, employees, seed) -> runs: the few latest
_LOCK = threading.Lock()
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


def run_steps(steps: int, n_employees: int, seed: int, cancel=None):
    """The baseline and the first ``steps`` steps, each over the running views' replications
    (replication 0 with the seed itself, the others in the calibrated ensemble's worlds, the
    same employees and world for every step): (baseline runs, [(step runs, mean gap)])."""
    seeds = replication_seeds(seed, replications_for(n_employees))

    def runs(name: str, params: dict):
        cache_key = (name, n_employees, seed)
        with _LOCK:
            if cache_key in _DONE:                  # "Next step" reruns no step before it
                return _DONE[cache_key]
        out = [run_series(in_world({**params, "n_employees": n_employees}, i), s, MONTHS,
                          cancel) for i, s in enumerate(seeds)]
        done = [ts for ts, _ in out], float(np.nanmean([ts[GAP_MEASURE].iloc[-1]
                                                        for ts, _ in out]))
        with _LOCK:
            _DONE[cache_key] = done
            while len(_DONE) > 20:
                _DONE.popitem(last=False)
        return done

    base = runs("baseline", checks.scenario("baseline").parameters)[0]
    return base, [runs(i, step_parameters(i)) for i in range(steps)]


def mean_run(runs: list[pd.DataFrame]) -> pd.DataFrame:
    """The mean over the replications per month, every column, with the 95% band of the
    headline (``low``/``high``, when there are two or more)."""
    mean = pd.concat(runs).groupby("month", as_index=False).mean(numeric_only=True)
    band = mean_band(runs)
    for col in ("low", "high"):
        if col in band:
            mean[col] = band[col].to_numpy()
    return mean


def _last(runs: list[pd.DataFrame], col: str = HEADLINE) -> float:
    return float(np.mean([r[col].iloc[-1] for r in runs]))


def _difference(a: list[pd.DataFrame], b: list[pd.DataFrame], lang: str) -> tuple[float, str]:
    """(b - a at the last month in points, its text with the 95% interval when there is one)."""
    d, lo, hi = (100 * x for x in paired_difference(a, b))
    if lo != lo:
        return d, t("ws_diff", lang).format(d=d)
    return d, t("ws_diff_interval", lang).format(d=d, lo=lo, hi=hi)


def step_text(step: int, runs: list[pd.DataFrame], before: list[pd.DataFrame] | None,
              base: list[pd.DataFrame], gap: float, lang: str) -> str:
    """What step ``step`` shows, in numbers (means over the replications, differences with
    their interval): its result, the change against the step before (saying so when it is
    flat or falls, against expectation), and the education gap."""
    p, f = _last(runs), _last(runs, "participation_formal")
    parts = [t(STEPS[step][0] + "_text", lang),
             t("ws_result", lang).format(m=int(runs[0]["month"].iloc[-1]), p=p, f=f,
                                         diff=_difference(base, runs, lang)[1])]
    if before is not None:
        d, text = _difference(before, runs, lang)
        key = "ws_down" if d <= -FLAT else "ws_flat" if d < FLAT else "ws_up"
        parts.append(t(key, lang).format(diff=text))
    if gap == gap:
        parts.append(t("ws_gap", lang).format(g=number(gap, lang, 2)))
    return " ".join(parts)


def short_text(runs: list[pd.DataFrame], lang: str) -> str:
    """One line for an earlier step: its participation and formal participation."""
    return t("ws_short", lang).format(p=_last(runs), f=_last(runs, "participation_formal"))


def done_text(first: list[pd.DataFrame], last: list[pd.DataFrame], lang: str) -> str:
    a, b = _last(first), _last(last)
    return t("ws_done_up" if 100 * (b - a) >= FLAT else "ws_done_flat", lang).format(a=a, b=b)
