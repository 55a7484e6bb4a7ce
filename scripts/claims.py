"""The claims of docs/results.md, tested across the calibrated ensemble.

"One measure is not enough" (seed 001) is tested in forms that are not true by construction:

1. equal cost: the integrated mix against spending the same euros per employee on the
   personal budget alone;
2. interaction: the integrated effect against the sum of the three single-knob effects;
3. the budget procedure: direct against through the leader, everything else equal;
4. who benefits: the education gap in formal learning under the budget alone against the
   targeted integrated mix.

Every comparison runs each scenario in every parameter set of the ensemble (one seed per set,
common random numbers), so a claim holds "in x% of the plausible worlds". Writes
docs/results/claims.csv and prints the Markdown tables quoted in docs/results.md.

    python scripts/claims.py [--employees 1000] [--months 120] [--ensemble FILE]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from llo_sim.study.ensemble import ENSEMBLE_FILE, load_ensemble
from llo_sim.study.compare import compare
from llo_sim.study.statistics import spread
from llo_sim.engine.measures import HEADLINE

MEASURES = (HEADLINE, "participation_formal", "learning_months_mean",
            "ratio_formal_theoretical_practical", "formal_gap_education")
OUT = Path(__file__).resolve().parent.parent / "docs" / "results"


def final(comparison) -> pd.DataFrame:
    """Final-month values per scenario and world, with the formal education gap added."""
    f = comparison.final()
    f["formal_gap_education"] = f["formal_theoretical"] - f["formal_practical"]
    return f


def cost_per_employee_year(comparison, scenario: str) -> np.ndarray:
    """EUR per employee per year over the run, per world."""
    ts = comparison.timeseries.query("scenario == @scenario and month > 0")
    years = comparison.months / 12
    by = ts.groupby("replication")
    return (by["cost_month"].sum() / by["n_employees"].first() / years).to_numpy()


def row(claim, measure, a_name, b_name, diff) -> dict:
    lo, hi = spread(diff)
    return {"claim": claim, "measure": measure, "a": a_name, "b": b_name,
            "mean_a_minus_b": float(np.nanmean(diff)), "p05": lo, "p95": hi,
            "share_a_higher": float(np.mean(diff > 0))}


def markdown(df: pd.DataFrame, index: bool = True) -> str:
    """A pandas table as a Markdown table (numbers to 3 decimals)."""
    df = df.reset_index() if index else df
    fmt = lambda x: f"{x:.3f}" if isinstance(x, float) else str(x)  # noqa: E731
    lines = ["| " + " | ".join(map(str, df.columns)) + " |",
             "|" + "---|" * len(df.columns)]
    lines += ["| " + " | ".join(fmt(x) for x in r) + " |" for r in df.itertuples(index=False)]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--employees", type=int, default=1000)
    ap.add_argument("--months", type=int, default=120)
    ap.add_argument("--ensemble", default=str(ENSEMBLE_FILE))
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--organisation", help="an organisation preset (e.g. care_organisation): "
                    "its settings apply to every scenario, so the claims are tested there")
    ap.add_argument("--out", default=str(OUT), help="folder for the two CSV files")
    args = ap.parse_args()
    ens = load_ensemble(args.ensemble)
    k = len(ens)
    organisation = {}
    if args.organisation:
        from llo_sim.engine.parameters import REGISTRY
        from llo_sim.engine.policy import is_lever
        from llo_sim.engine.scenario import load

        organisation = {name: v for name, v in load(args.organisation).overrides.items()
                        if not is_lever(name, REGISTRY[name].group)}
        print(f"organisation {args.organisation}: {organisation}")
    kw = dict(replications=k, seed=1, months=args.months, workers=args.workers, ensemble=ens,
              n_employees=args.employees, **organisation)
    base = compare(["baseline", "richting_only", "ruimte_only", "ruggensteun_only",
                    "integrated", "budget_only", "integrated_targeted"], **kw)
    f = final(base)
    cost = cost_per_employee_year(base, "integrated")
    amount = float(np.round(np.mean(cost), -1))
    eq = compare(["baseline", "budget_only"], **{**kw, "budget_amount": amount})
    feq = final(eq)
    direct = compare(["budget_only"], **{**kw, "budget_procedure": "direct"})
    fdir = final(direct)
    rows = []
    for m in MEASURES:
        v = lambda frame, s: frame.loc[s, m].to_numpy()  # noqa: E731
        rows.append(row("equal cost", m, "integrated", f"budget_only at EUR {amount:.0f}",
                        v(f, "integrated") - v(feq, "budget_only")))
        effect = lambda s: v(f, s) - v(f, "baseline")  # noqa: E731
        rows.append(row("interaction", m, "integrated effect", "sum of single-knob effects",
                        effect("integrated") - (effect("richting_only") + effect("ruimte_only")
                                                + effect("ruggensteun_only"))))
        rows.append(row("budget procedure", m, "budget_only, direct", "budget_only, leader",
                        v(fdir, "budget_only") - v(f, "budget_only")))
        rows.append(row("who benefits", m, "integrated_targeted", "budget_only",
                        v(f, "integrated_targeted") - v(f, "budget_only")))
    table = pd.DataFrame(rows)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    table.to_csv(out / "claims.csv", index=False, float_format="%.4f")
    levels = pd.DataFrame({m: [f.loc[s, m].median() for s in base.names]
                           for m in MEASURES}, index=base.names)
    levels["cost_eur_per_employee_year"] = [np.median(cost_per_employee_year(base, s))
                                            for s in base.names]
    levels.to_csv(out / "scenarios.csv", float_format="%.4f")
    print(f"ensemble: {k} parameter sets; {args.employees} employees, {args.months} months")
    print(f"integrated costs EUR {np.median(cost):.0f} per employee per year "
          f"(90% of worlds {spread(cost)[0]:.0f}-{spread(cost)[1]:.0f})")
    spent = cost_per_employee_year(eq, "budget_only")
    print(f"the budget alone at EUR {amount:.0f} for everyone spends EUR {np.median(spent):.0f} "
          f"per employee per year (90% of worlds {spread(spent)[0]:.0f}-{spread(spent)[1]:.0f})\n")
    print(markdown(levels))
    print()
    print(markdown(table, index=False))


if __name__ == "__main__":
    main()
