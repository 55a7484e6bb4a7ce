"""What a scenario costs, and what each euro buys.

Every HR instrument costs ``level x <key>_cost x employees covered / 12`` a month (see
:mod:`llo_sim.engine.instruments`); the personal budget costs what its holders actually spent. The
model records each instrument's monthly cost in the time series (``cost_<instrument>``) beside
the sum per knob (``cost_richting``, ``cost_ruimte``, ``cost_ruggensteun``). Here they become
**EUR per employee per year** (the average over months 1 .. M of a run), per instrument, per
knob and in total, with the source of each cost figure: the registry's ``<key>_cost``
parameters are all assumptions (the seeds give no prices, ``docs/measures.md``), the budget is
what the run spent.

Cost-effectiveness compares a scenario with a reference (normally the baseline) world by world
(common random numbers): the extra cost, the extra learners (the headline,
``share_learning_a_lot``) per EUR 1,000 a year, the extra learning months per euro and the
change in the education gap (``ratio_formal_theoretical_practical``, target T2) per EUR 1,000,
each with the 90% range across the ensemble's worlds.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from llo_sim.engine.instruments import INSTRUMENTS
from llo_sim.engine.measures import HEADLINE
from llo_sim.engine.parameters import REGISTRY

KNOBS = ("richting", "ruimte", "ruggensteun")
GAP = "ratio_formal_theoretical_practical"     # the education gap (T2): 1 = no gap
MONTHS_MEASURE = "learning_months_mean"


def instruments() -> pd.DataFrame:
    """One row per instrument: ``instrument, knob, label, cost_parameter, source``."""
    rows = []
    for cls in INSTRUMENTS:
        if cls.key == "budget":
            rows.append((cls.key, cls.knob, cls.label, "budget_amount",
                         "spending in the run (budget_amount: "
                         f"{REGISTRY['budget_amount'].source})"))
        else:
            name = f"{cls.key}_cost"
            rows.append((cls.key, cls.knob, cls.label, name, REGISTRY[name].source))
    return pd.DataFrame(rows, columns=["instrument", "knob", "label", "cost_parameter", "source"])


def per_employee_year(timeseries: pd.DataFrame) -> pd.Series:
    """EUR per employee per year of one run (months 1 .. M): one value per instrument
    (``budget``, ``coaches``, ...), per knob (``richting``, ...) and ``total``."""
    ts = timeseries[timeseries["month"] > 0]
    if ts.empty:
        names = [c.key for c in INSTRUMENTS] + list(KNOBS) + ["total"]
        return pd.Series(0.0, index=names)
    scale = 12.0 / (len(ts) * float(ts["n_employees"].iloc[0]))
    values = {c.key: ts[f"cost_{c.key}"].sum() * scale for c in INSTRUMENTS}
    values.update({k: ts[f"cost_{k}"].sum() * scale for k in KNOBS})
    values["total"] = ts["cost_month"].sum() * scale
    return pd.Series(values)


def per_replication(timeseries: pd.DataFrame) -> pd.DataFrame:
    """:func:`per_employee_year` of every run of a comparison's time series: one row per
    ``scenario, replication``, one column per instrument, knob and ``total``."""
    keys = ["scenario", "replication"]
    rows = {k: per_employee_year(g) for k, g in timeseries.groupby(keys, sort=False)}
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis(keys)


def cost_table(comparison) -> pd.DataFrame:
    """The costs of every scenario of a comparison: ``scenario, level`` (instrument, knob or
    total), ``item, knob, mean, p05, p95`` (EUR per employee per year; 90% of the worlds) and
    ``source``. Items that cost nothing in every run are left out, totals never."""
    from llo_sim.study.statistics import spread

    costs = per_replication(comparison.timeseries)
    info = instruments().set_index("instrument")
    rows = []
    for name in comparison.names:
        c = costs.loc[name]
        for item in c.columns:
            v = c[item].to_numpy()
            level = ("instrument" if item in info.index else
                     "knob" if item in KNOBS else "total")
            if level == "instrument" and not np.any(v):
                continue
            knob = info.loc[item, "knob"] if level == "instrument" else (
                item if level == "knob" else "")
            source = (info.loc[item, "source"] if level == "instrument" else
                      "sum of the instruments above")
            rows.append((name, level, item, knob, float(v.mean()), *spread(v), source))
        offered = budget_offered(comparison, name)
        if np.any(offered):
            rows.append((name, "offered", "budget_offered", "ruimte", float(offered.mean()),
                         *spread(offered), "what the budget holders could spend (budget_amount "
                         "x holders); not a cost: the budget costs what is spent"))
    return pd.DataFrame(rows, columns=["scenario", "level", "item", "knob", "mean", "p05",
                                       "p95", "source"])


def budget_offered(comparison, name: str) -> np.ndarray:
    """EUR per employee per year a scenario's personal budget offers, per run: the amount
    times the share of budget holders, per year of the budget's period (months 1 .. M)."""
    scenario = next(s for s in comparison.scenarios if s.name == name)
    p = scenario.parameters
    ts = comparison.timeseries
    ts = ts[(ts["scenario"] == name) & (ts["month"] > 0)]
    holders = ts.groupby("replication")["budget_holders"].mean().to_numpy()
    return p["budget_amount"] * holders * 12.0 / p["budget_period_months"]


def effectiveness(extra_cost: np.ndarray, extra: dict[str, np.ndarray]) -> dict:
    """Per-euro figures of paired differences (one value per world): the mean of the
    differences divided by the mean extra cost, and the 90% range of the worlds' own ratios.
    ``extra`` maps a figure's name to its differences and the scale (per EUR 1, per EUR
    1,000) is in the name; NaN where the scenario costs no more than the reference."""
    from llo_sim.study.statistics import spread

    out = {}
    cost = np.asarray(extra_cost, dtype=float)
    defined = bool(np.all(cost > 0))
    for name, (diff, per) in extra.items():
        d = np.asarray(diff, dtype=float)
        if not defined:
            out[name] = (np.nan, np.nan, np.nan)
            continue
        ratio = d / cost * per
        out[name] = (float(np.nanmean(d) / cost.mean() * per), *spread(ratio))
    return out


def cost_effectiveness(comparison, reference: str | None = None) -> pd.DataFrame:
    """Cost-effectiveness of every scenario of a comparison against ``reference`` (default:
    the first scenario), world by world: ``scenario, reference, figure, value, p05, p95``.

    Figures: ``cost_per_employee_year`` and ``extra_cost_per_employee_year`` (EUR),
    ``extra_learners_per_eur_1000`` (employees learning a lot, per EUR 1,000 a year),
    ``extra_learning_months_per_eur`` (months with learning per EUR), and
    ``gap_change_per_eur_1000`` (change of the education gap ratio per EUR 1,000 a year:
    negative narrows it). The per-euro figures are NaN when the scenario costs no more than the
    reference in some world."""
    from llo_sim.study.statistics import spread

    names = comparison.names
    reference = reference or names[0]
    costs = per_replication(comparison.timeseries)["total"]
    final = comparison.final()
    rows = []
    for name in names:
        if name == reference:
            continue
        cost = costs.loc[name].to_numpy()
        extra_cost = cost - costs.loc[reference].to_numpy()
        diff = {m: final.loc[name, m].to_numpy() - final.loc[reference, m].to_numpy()
                for m in (HEADLINE, MONTHS_MEASURE, GAP)}
        figures = {"cost_per_employee_year": (float(cost.mean()), *spread(cost)),
                   "extra_cost_per_employee_year": (float(extra_cost.mean()),
                                                    *spread(extra_cost))}
        figures.update(effectiveness(extra_cost, {
            "extra_learners_per_eur_1000": (diff[HEADLINE], 1000.0),
            "extra_learning_months_per_eur": (diff[MONTHS_MEASURE], 1.0),
            "gap_change_per_eur_1000": (diff[GAP], 1000.0)}))
        rows += [(name, reference, fig, *vals) for fig, vals in figures.items()]
    return pd.DataFrame(rows, columns=["scenario", "reference", "figure", "value", "p05",
                                       "p95"])
