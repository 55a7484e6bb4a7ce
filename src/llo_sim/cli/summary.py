"""What ``llo-sim run`` prints: the final month's figures in plain words with their units,
the cost per employee per year and formal learning by group. Each figure is a column of
``timeseries.csv`` (named in :data:`SUMMARY`, defined in docs/measures.md); a figure that the
privacy rules left out of an own organisation's tables is shown as *not shown*."""

from __future__ import annotations

import math

from llo_sim.engine.measures import HEADLINE

# column of timeseries.csv, what it is in plain words, and how its value is shown
SUMMARY = (
    (HEADLINE, "learned in at least 6 of the last 12 months", "share"),
    ("learning_months_mean", "months with any learning, of the last 12 (mean)", "months"),
    ("participation_any", "learned at all in the last 12 months", "share"),
    ("participation_formal", "took a course in the last 12 months", "share"),
    ("participation_informal", "learned on the job (informally) in the last 12 months", "share"),
    ("ratio_formal_theoretical_practical", "courses: theoretically against practically "
                                           "educated", "ratio"),
    ("budget_uptake", "budget holders who used the budget in the last 12 months", "holders"),
    ("gini_learning_excess", "inequality of learning beyond chance (Gini, 0 = none)", "index"),
    ("agency", "agency: ownership of one's own learning (0 to 1)", "index"),
)
GROUP_DIMENSIONS = (("education", "education"), ("age", "age"), ("contract", "contract"))
WIDTH = 56
NOT_SHOWN = "not shown (small group)"


def shown(value: float, how: str) -> str:
    """A value with its unit: ``55.4% of employees``, ``6.2 months``, ``1.77 times``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return NOT_SHOWN if how != "holders" else "none (nobody holds a budget)"
    if how == "share":
        return f"{100 * value:.1f}% of employees"
    if how == "holders":
        return f"{100 * value:.1f}% of holders"
    if how == "months":
        return f"{value:.1f} months"
    if how == "ratio":
        return f"{value:.2f} times as often"
    return f"{value:.3f}"


def summary_lines(result) -> list[str]:
    """The figures of the run's final month, one line each, then its cost and formal learning
    by group (percent of each group)."""
    final = result.final()
    lines = [f"at month {result.months} (month 0 is the organisation today):"]
    lines += [f"  {label:<{WIDTH}} {shown(float(final[col]), how)}"
              for col, label, how in SUMMARY]
    lines += cost_lines(result) + moves_lines(result)
    lines.append("  took a course in the last 12 months, by group:")
    groups = result.groups[result.groups["month"] == result.months]
    for dim, label in GROUP_DIMENSIONS:
        rows = groups[groups["dimension"] == dim]
        cells = ", ".join(f"{r.level} {_percent(r.participation_formal)}"
                          for r in rows.itertuples())
        lines.append(f"    {label:<10} {cells}")
    return lines


def cost_lines(result) -> list[str]:
    """The instruments' cost over the run and per employee per year, per knob."""
    from llo_sim.study.costs import KNOBS, per_employee_year

    total = float(result.final()["cost_cumulative"])
    cost = per_employee_year(result.timeseries)
    knobs = ", ".join(f"{k} {cost[k]:,.0f}" for k in KNOBS)
    per_year = (f"EUR {cost['total']:,.0f} per employee per year ({knobs})"
                if not math.isnan(cost["total"]) else NOT_SHOWN)
    label = f"cost of the instruments, months 0 to {result.months}"
    return [f"  {label:<{WIDTH}} " + (f"EUR {total:,.0f}" if not math.isnan(total)
                                      else NOT_SHOWN),
            f"  {'':<{WIDTH}} {per_year}; prices are assumptions"]


def _percent(value: float) -> str:
    return "not shown" if value != value else f"{100 * value:.0f}%"


def written(result) -> list[str]:
    """The files a run's folder holds, in the order the command line lists them."""
    tables = [name for name, table in result.tables().items() if table is not None]
    return [*tables, "run.png", "run.json"]


MOVES = (("hires_month", "hired"), ("leavers_month", "left"), ("retirements_month", "retired"),
         ("flex_to_permanent_month", "flex made permanent"))


def moves_lines(result) -> list[str]:
    """In an open workforce: who came and went, a year on average over the run (shares of all
    employees; docs/odd.md §7.13). Nothing for a closed workforce."""
    ts = result.timeseries
    if "hires_month" not in ts or len(ts) < 2 or not ts["hires_month"].iloc[1:].any():
        return []
    years = (len(ts) - 1) / 12
    parts = [f"{label} {100 * ts[col].iloc[1:].sum() / years:.1f}%" for col, label in MOVES]
    return [f"  {'people, a year (% of employees)':<{WIDTH}} " + ", ".join(parts)]
