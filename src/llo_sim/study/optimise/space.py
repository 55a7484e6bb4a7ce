"""What ``llo-sim optimise`` searches over: the levers of a mix, and the checks done before
any run.

A *mix* sets the intensity (0-1) of every searched HR instrument and, when the personal
budget is searched, its amount, coverage and procedure; everything else (the organisation,
the start months, the instruments not searched) stays as in the base scenario. Values lie on
a grid (intensities in steps of 0.05, amounts in steps of EUR 50) so that a mix reads as a
policy, can be written as a scenario file, and the same mix is never evaluated twice.

A mix whose planned cost exceeds the budget is scaled down onto it before it runs
(:func:`fit_to_budget`, a *repair* step): a random mix of a dozen instruments nearly always
costs more than a realistic budget, and a search that spends its runs on mixes it cannot
afford learns little. The plan is an upper bound for the instruments with a price (every
employee covered); the budget's spending is planned at ``UPTAKE_PLAN`` of its amount per
holder, so the simulated cost still decides whether a mix is within budget.

The cheapest mix switches every searched instrument off; what it still costs comes from the
instruments that are not searched (:func:`cost_floor`). A budget below that, or below 0, is
refused before anything runs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from llo_sim.engine.instruments import INSTRUMENTS
from llo_sim.errors import LloSimError

BUDGET = "budget"                    # the personal budget: amount, coverage and procedure
BUDGET_LEVERS = ("budget_amount", "budget_coverage", "budget_procedure")
INTENSITY_STEP = 0.05
AMOUNT_STEP = 50.0
AMOUNT_MAX = 3000.0                  # EUR per budget holder per year searched at most
UPTAKE_PLAN = 0.5                    # planned share of a budget holder's amount spent a year


@dataclass(frozen=True)
class Lever:
    """One decision variable: a registry parameter with its searched range or choices."""

    name: str
    low: float = 0.0
    high: float = 1.0
    step: float = INTENSITY_STEP
    choices: tuple = ()

    def distribution(self):
        """The lever as an Optuna distribution."""
        from optuna.distributions import CategoricalDistribution, FloatDistribution

        if self.choices:
            return CategoricalDistribution(self.choices)
        return FloatDistribution(self.low, self.high, step=self.step)


def instrument_keys() -> list[str]:
    """Every instrument that can be searched (the budget by its key, ``budget``)."""
    return [cls.key for cls in INSTRUMENTS]


def check_instruments(names: list[str] | None, origin: str = "--instruments") -> list[str]:
    """The instruments to search (default: all); unknown names and an empty list are errors."""
    known = instrument_keys()
    if names is None:
        return known
    names = [n.strip() for n in names if n.strip()]
    if not names:
        raise LloSimError(f"{origin}: the design is empty; name one or more of "
                          + ", ".join(known))
    unknown = [n for n in names if n not in known]
    if unknown:
        raise LloSimError(f"{origin}: unknown instrument {unknown[0]!r}; expected some of "
                          + ", ".join(known))
    return list(dict.fromkeys(names))


def levers(instruments: list[str]) -> list[Lever]:
    """The decision variables of a search over ``instruments``."""
    out = []
    for key in instruments:
        if key == BUDGET:
            out += [Lever("budget_amount", 0.0, AMOUNT_MAX, AMOUNT_STEP),
                    Lever("budget_coverage"),
                    Lever("budget_procedure", choices=("leader", "direct"))]
        else:
            out.append(Lever(f"{key}_intensity"))
    return out


def mix_overrides(values: dict) -> dict:
    """A mix's parameter values, rounded to their grid (floats as plain Python numbers)."""
    out = {}
    for name, value in values.items():
        if isinstance(value, str):
            out[name] = value
        else:
            step = AMOUNT_STEP if name == "budget_amount" else INTENSITY_STEP
            out[name] = round(round(float(value) / step) * step, 6)
    return out


def mix_key(values: dict) -> str:
    """A mix as a short, stable text (the key of its evaluations)."""
    v = mix_overrides(values)
    return ";".join(f"{k}={v[k]}" for k in sorted(v))


def cost_floor(base: dict, instruments: list[str]) -> float:
    """EUR per employee per year that every mix costs at least: the instruments that are not
    searched, at the base's intensity and price. Instruments that reach part of the staff
    (coaches, targeted support) and the budget's spending count as 0 (a lower bound)."""
    partial = {"coaches", "targeted_support", BUDGET}
    return float(sum(base[f"{cls.key}_intensity"] * base[f"{cls.key}_cost"]
                     for cls in INSTRUMENTS
                     if cls.key not in instruments and cls.key not in partial))


def check_budget(budget, base: dict, instruments: list[str], origin="--budget") -> float:
    """The budget as a float; below 0 or below the cheapest mix is an error."""
    try:
        value = float(budget)
    except (TypeError, ValueError):
        raise LloSimError(f"{origin} {budget!r}: expected EUR per employee per year, a finite "
                          "number 0 or more") from None
    if not 0 <= value < float("inf"):
        raise LloSimError(f"{origin} {budget!r}: expected EUR per employee per year, a finite "
                          "number 0 or more")
    floor = cost_floor(base, instruments)
    if value < floor:
        raise LloSimError(f"{origin} {budget!r}: below the cost of the cheapest mix (EUR "
                          f"{floor:,.0f} per employee per year for the instruments not "
                          "searched); raise the budget or search those instruments too")
    return value


def planned_cost(base: dict, mix: dict) -> float:
    """EUR per employee per year a mix is planned to cost (see the module's text)."""
    p = {**base, **mix}
    fixed = sum(p[f"{cls.key}_intensity"] * p[f"{cls.key}_cost"] for cls in INSTRUMENTS
                if cls.key != BUDGET)
    return float(fixed + p["budget_amount"] * p["budget_coverage"] * UPTAKE_PLAN)


def fit_to_budget(base: dict, mix: dict, budget: float) -> dict:
    """The mix, its intensities and budget amount scaled by one factor so that its planned
    cost is at most ``budget`` (unchanged when it is already), rounded down to the grid."""
    floor = planned_cost(base, {k: 0.0 if isinstance(v, float) else v
                                for k, v in mix.items()})
    cost = planned_cost(base, mix)
    if cost <= budget or cost <= floor:
        return mix_overrides(mix)
    factor = max(budget - floor, 0.0) / (cost - floor)
    out = {}
    for name, value in mix.items():
        if isinstance(value, str) or name == "budget_coverage":
            out[name] = value
        else:
            step = AMOUNT_STEP if name == "budget_amount" else INTENSITY_STEP
            out[name] = round(np.floor(value * factor / step + 1e-9) * step, 6)
    return mix_overrides(out)
