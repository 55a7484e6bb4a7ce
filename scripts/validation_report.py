"""docs/validation.md's generated parts: every target beside the ensemble's values, and how
much the calibration learned about each weight.

Runs the baseline once in each parameter set of the calibrated ensemble (its own seed), at a
larger size than the calibration, and computes every target with llo_sim.study.targets (the same
definitions as the calibration and the tests). T9b (traits over 30 years) uses a 360-month
run. Writes docs/results/validation.csv and the generated parts of docs/validation.md.

    python scripts/validation_report.py [--employees 5000] [--months 360] [--workers 2]
                                        [--members N]
"""

from __future__ import annotations

import argparse
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generated import DOCS, markdown_table, num, pct, write_block  # noqa: E402

from llo_sim.api import run
from llo_sim.study.ensemble import ENSEMBLE_FILE, load_ensemble
from llo_sim.study.seeds import derived_seed
from llo_sim.study.targets import evaluate, load_targets  # noqa: E402

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


def identification(ens) -> str:
    """How much the calibration learned about each calibrated weight: the 90% range of the
    ensemble against the prior's range, and whether the members pile up against a bound."""
    priors = ens.provenance.get("priors", {})
    rows = []
    for name, (low, high) in priors.items():
        v = np.array([ens.member(i)[name] for i in range(len(ens))], dtype=float)
        lo, med, hi = np.percentile(v, [5, 50, 95])
        width = (hi - lo) / (high - low)
        near_low = np.mean(v < low + 0.1 * (high - low))
        near_high = np.mean(v > high - 0.1 * (high - low))
        pile = ("at the lower bound" if near_low > 0.3 else "at the upper bound"
                if near_high > 0.3 else "")
        rows.append({"weight": f"`{name}`", "prior": f"{low:g} to {high:g}",
                     "posterior": f"{lo:.3g} to {hi:.3g} (median {med:.3g})",
                     "width": num(width), "pile": pile,
                     "learned": "little" if width > 0.8 else "some" if width > 0.5 else "much"})
    table = markdown_table(rows, {"weight": "weight", "prior": "prior (uniform)",
                                  "posterior": "ensemble, 90%", "width":
                                  "posterior / prior width", "learned": "learned",
                                  "pile": "members piled"}, "lllrll")
    little = [r["weight"] for r in rows if r["learned"] == "little"]
    piled = [f"{r['weight']} ({r['pile']})" for r in rows if r["pile"]]
    text = table + "\n\n"
    text += (f"{len(little)} of {len(rows)} calibrated weights keep most of their prior's range "
             "(width above 0.8): " + ", ".join(little) + ". The targets and trials do not pin "
             "them down, and the ensemble carries that uncertainty into every comparison."
             if little else "Every calibrated weight is narrowed by the targets and trials.")
    if piled:
        text += (" Members pile up against a bound of the prior for " + ", ".join(piled)
                 + ": the data push past the range we allowed, so that prior (or the mechanism "
                 "behind the weight) is argued again in the text below.")
    prov = ens.provenance
    text += (f"\n\nCalibration: {prov.get('method', '')}; {prov.get('generations')} "
             f"generations, {prov.get('simulations')} runs of {prov.get('n_employees')} "
             f"employees, final tolerance {prov.get('final_epsilon')}, effective sample size "
             f"of the final generation {num(prov.get('effective_sample_size'), 1)}; trials "
             + ", ".join(prov.get("trials", [])) + ".")
    return text


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--employees", type=int, default=5000)
    ap.add_argument("--months", type=int, default=360)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--members", type=int, help="only the first N members (a quick check)")
    ap.add_argument("--ensemble", default=str(ENSEMBLE_FILE))
    ap.add_argument("--page", default=str(DOCS / "validation.md"))
    ap.add_argument("--out", default=str(OUT))
    args = ap.parse_args(argv)
    ens = load_ensemble(args.ensemble)
    k = min(len(ens), args.members or len(ens))
    jobs = [(i, ens.member(i), args.employees, args.months) for i in range(k)]
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
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    rows.to_csv(out / "validation_runs.csv", index=False, float_format="%.5f")
    table.to_csv(out / "validation.csv", index=False, float_format="%.4f")
    md = markdown_table([{
        "id": r.id, "pattern": r.pattern, "band": r.band, "median": f"{r.median:.3f}",
        "range": f"{r.p05:.3f}-{r.p95:.3f}",
        "inside": "" if r.share_of_sets_inside != r.share_of_sets_inside
        else pct(r.share_of_sets_inside)} for r in table.itertuples()],
        {"id": "target", "pattern": "pattern", "band": "band", "median": "ensemble median",
         "range": "90% of sets", "inside": "sets inside"}, "lllrrr")
    held = table.dropna(subset=["share_of_sets_inside"])
    worst = held.sort_values("share_of_sets_inside").iloc[0]
    inside = int(held['median_inside'].astype(bool).sum())
    md += (f"\n\n{inside} of {len(held)} targets have their "
           f"ensemble median inside the band; the loosest is {worst['id']} "
           f"({pct(worst['share_of_sets_inside'])} of the sets inside).")
    settings = f"{k} members, {args.employees} employees, {args.months} months"
    page = Path(args.page)
    write_block(page, "targets", md, "scripts/validation_report.py", settings)
    write_block(page, "identification", identification(ens), "scripts/validation_report.py",
                f"the ensemble's {len(ens)} members")
    print(f"wrote {page} and {out}/validation.csv ({settings})")


if __name__ == "__main__":
    main()
