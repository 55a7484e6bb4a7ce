"""Baseline patterns against the figures the seeds give (a first look, not yet a calibration).

Runs the baseline scenario with several seeds and prints budget uptake and participation by
education, age and contract, averaged over the last five years of a ten-year run (months
61-120, which smooths month-to-month noise), next to what seed 004 reports.

    python experiments/baseline_patterns.py [--seeds 5] [--employees 2000]
"""

from __future__ import annotations

import argparse

import pandas as pd

from llo_sim import run

TARGETS = {
    "budget_uptake": "about one third of employees with a budget use it (004)",
    "education": "theoretical > practical (004)",
    "age": "<35 > 55+ (004)",
    "contract": "permanent > flex (004, 001)",
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--employees", type=int, default=2000)
    ap.add_argument("--months", type=int, default=120)
    args = ap.parse_args()
    finals, groups = [], []
    for seed in range(args.seeds):
        res = run("baseline", months=args.months, seed=seed, n_employees=args.employees)
        late = res.timeseries[res.timeseries["month"] > args.months - 60]
        finals.append(late.mean(numeric_only=True))
        g = res.groups[res.groups["month"] > args.months - 60]
        groups.append(g.groupby(["dimension", "level"], sort=False).mean(numeric_only=True)
                      .reset_index().assign(seed=seed))
    finals = pd.DataFrame(finals)
    groups = pd.concat(groups)
    print(f"baseline, {args.seeds} seeds x {args.employees} employees, "
          f"mean of months {args.months - 59}-{args.months}")
    for col in ("participation_any", "participation_formal", "participation_informal",
                "budget_uptake", "gini_learning"):
        print(f"  {col:<24} {finals[col].mean():.3f} (sd {finals[col].std():.3f})")
    print(f"  target: {TARGETS['budget_uptake']}")
    for dim in ("education", "age", "contract"):
        mean = groups[groups["dimension"] == dim].groupby("level", sort=False)[
            ["participation_any", "participation_formal"]].mean()
        print(f"  {dim}: " + "; ".join(
            f"{lvl} any {r.participation_any:.2f} formal {r.participation_formal:.2f}"
            for lvl, r in mean.iterrows()) + f"   target: {TARGETS[dim]}")


if __name__ == "__main__":
    main()
