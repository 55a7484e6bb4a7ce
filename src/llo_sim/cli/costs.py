"""The command line's cost lines: what a comparison's scenarios cost and what each euro buys
(:mod:`llo_sim.study.costs`)."""

from __future__ import annotations

COST_ROWS = (("cost_per_employee_year", "cost per employee per year (EUR)"),
             ("extra_learners_per_eur_1000", "extra learners per EUR 1,000"),
             ("extra_learning_months_per_eur", "extra learning months per EUR"),
             ("gap_change_per_eur_1000", "education gap change per EUR 1,000"))


def print_costs(result, width: int, cell) -> None:
    """Cost per employee per year and what each euro buys, against the first scenario."""
    from llo_sim.study.costs import budget_offered, per_replication
    from llo_sim.study.statistics import spread

    names = result.names
    costs = per_replication(result.timeseries)["total"]
    eff = result.cost_effectiveness().set_index(["scenario", "figure"])
    print(f"costs (all prices are assumptions, see costs.csv) and what each euro buys "
          f"against {names[0]}, [90% of the worlds]")
    for figure, label in COST_ROWS:
        cells = []
        for n in names:
            if figure == "cost_per_employee_year":
                v = costs.loc[n].to_numpy()
                cells.append(cell(float(v.mean()), *spread(v), ""))
            elif n == names[0]:
                cells.append("")
            else:
                x = eff.loc[(n, figure)]
                cells.append("n/a (no extra cost)" if x["value"] != x["value"] else
                             _small_cell(x["value"], x["p05"], x["p95"]))
        print(f"{label:<{width}}" + "".join(f"{c:>30}" for c in cells))
        if figure == "cost_per_employee_year":
            offered = [budget_offered(result, n) for n in names]
            if any(o.any() for o in offered):
                cells = [cell(float(o.mean()), *spread(o), "") if o.any() else ""
                         for o in offered]
                print(f"{'  budget offered (spent: above)':<{width}}"
                      + "".join(f"{c:>30}" for c in cells))


def _small_cell(value: float, low: float, high: float) -> str:
    """``value [low,high]`` with two significant digits (per-euro figures are small)."""
    return f"{value:+.2g} [{low:+.2g},{high:+.2g}]"
