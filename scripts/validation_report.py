"""The validation table of docs/validation.md: every target beside the ensemble's values.

Runs the baseline once in each parameter set of the calibrated ensemble (its own seed), at a
larger size than the calibration, and computes every target with llo_sim.study.targets (the same
definitions as the calibration and the tests). T9b (traits over 30 years) uses a 360-month
run. Writes docs/results/validation.csv and prints the Markdown table.

    python scripts/validation_report.py [--employees 5000] [--months 360] [--workers 2]
"""

from __future__ import annotations

import argparse
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd

from llo_sim.api import run
from llo_sim.study.ensemble import ENSEMBLE_FILE, load_ensemble
from llo_sim.study.seeds import derived_seed
from llo_sim.study.targets import evaluate, load_targets

OUT = Path(__file__).resolve().parent.parent / "docs" / "results"


# figures that are not calibration targets, checked out of sample (seed 004)
EXTRA = {
    "X1": ("formal learning, 55+ / under 35 (older workers train less)", "below 1"),
    "X2": ("formal learning, flex / permanent (flex workers train less)", "below 1"),
    "X3": ("in formal learning in a given month (LFS: at least 20% in the last 4 weeks)",
           "0.20 or more, order of magnitude"),
}


def extra(result) -> pd.DataFrame:
    """The out-of-sample figures, at the yearly months of the first ten years."""
    g = result.groups
    years = list(range(12, min(result.months, 120) + 1, 12))
    g = g[g["month"].isin(years)]

    def formal(dim, level):
        return g[(g["dimension"] == dim) & (g["level"] == level)]["participation_formal"].mean()

    ts = result.timeseries
    return pd.DataFrame({"id": list(EXTRA), "value": [
        formal("age", "55+") / formal("age", "<35"),
        formal("contract", "flex") / formal("contract", "permanent"),
        ts[ts["month"].between(1, 120)]["participation_formal_month"].mean()]})


def one(job) -> pd.DataFrame:
    i, params, employees, months = job
    result = run("baseline", months=months, seed=derived_seed(7, i), n_employees=employees,
                 **params)
    ts = result.timeseries
    targets = load_targets()
    full = evaluate(ts, targets)
    ten = evaluate(ts[ts["month"] <= 120], targets)   # the targets read 10 years
    ten.loc[ten["id"] == "T9b", "value"] = full.loc[full["id"] == "T9b", "value"].to_numpy()
    return pd.concat([ten, extra(result)], ignore_index=True).assign(member=i)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--employees", type=int, default=5000)
    ap.add_argument("--months", type=int, default=360)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--ensemble", default=str(ENSEMBLE_FILE))
    args = ap.parse_args()
    ens = load_ensemble(args.ensemble)
    jobs = [(i, ens.member(i), args.employees, args.months) for i in range(len(ens))]
    with ProcessPoolExecutor(args.workers) as pool:
        rows = pd.concat(list(pool.map(one, jobs)), ignore_index=True)
    targets = {t.id: t for t in load_targets()}
    table = []
    for tid, g in rows[rows["id"].isin(list(targets))].groupby("id", sort=False):
        v = g["value"].to_numpy()
        t = targets[tid]
        lo, med, hi = np.nanpercentile(v, [5, 50, 95])
        inside = float(np.mean((v >= t.low) & (v <= t.high)))
        table.append({"id": tid, "pattern": t.pattern, "band": f"{t.low:g}-{t.high:g}",
                      "median": med, "p05": lo, "p95": hi, "share_of_sets_inside": inside,
                      "median_inside": t.low <= med <= t.high})
    for tid, (pattern, expected) in EXTRA.items():
        v = rows.loc[rows["id"] == tid, "value"].to_numpy()
        lo, med, hi = np.nanpercentile(v, [5, 50, 95])
        table.append({"id": tid, "pattern": pattern, "band": expected, "median": med,
                      "p05": lo, "p95": hi, "share_of_sets_inside": float("nan"),
                      "median_inside": float("nan")})
    table = pd.DataFrame(table)
    OUT.mkdir(parents=True, exist_ok=True)
    rows.to_csv(OUT / "validation_runs.csv", index=False, float_format="%.5f")
    table.to_csv(OUT / "validation.csv", index=False, float_format="%.4f")
    print(f"{len(ens)} parameter sets, {args.employees} employees, {args.months} months\n")
    print("| target | pattern | band | ensemble median | 90% of sets | sets inside |")
    print("|---|---|---|---:|---:|---:|")
    for r in table.itertuples():
        inside = "" if r.share_of_sets_inside != r.share_of_sets_inside else (
            f"{r.share_of_sets_inside:.0%}")
        print(f"| {r.id} | {r.pattern} | {r.band} | {r.median:.3f} | {r.p05:.3f}-{r.p95:.3f} "
              f"| {inside} |")


if __name__ == "__main__":
    main()
