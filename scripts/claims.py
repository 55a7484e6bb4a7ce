"""The claims of docs/results.md, tested across the calibrated ensemble and written there.

Every comparison runs each scenario once in every member of the ensemble (the member's own
seed, common random numbers), so a claim holds "in x% of the plausible worlds". Money is
counted as spent: a budget costs what its holders use, and "equal cost" means equal spend.
The text around each table is computed from its numbers, whichever way they come out.

    python scripts/claims.py [--employees 1000] [--months 120] [--members N] [--workers 2]
                             [--organisation care_organisation] [--page docs/results.md]

Writes docs/results/claims.csv, per_euro.csv and scenarios.csv (or under --out) and the
generated parts of docs/results.md (only for the typical organisation).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generated import DOCS  # noqa: E402

from llo_sim.engine.instruments import INSTRUMENTS  # noqa: E402
from llo_sim.engine.measures import HEADLINE  # noqa: E402
from llo_sim.engine.scenario import load_scenario  # noqa: E402
from llo_sim.study.compare import compare  # noqa: E402
from llo_sim.study.ensemble import ENSEMBLE_FILE, Ensemble, load_ensemble  # noqa: E402
from llo_sim.study.statistics import spread  # noqa: E402

MEASURES = (HEADLINE, "participation_formal", "learning_months_mean",
            "ratio_formal_theoretical_practical", "formal_gap_education")
LABELS = {HEADLINE: "learning a lot", "participation_formal": "formal learning, 12 months",
          "learning_months_mean": "months with learning (of 12)",
          "ratio_formal_theoretical_practical": "formal: theoretical / practical",
          "formal_gap_education": "formal gap, points"}
KNOBS = ("richting_only", "ruimte_only", "ruggensteun_only")
OUT = DOCS / "results"


class Runner:
    """Compares scenarios over the ensemble with fixed settings; keeps what it ran."""

    def __init__(self, ensemble: Ensemble, members: int, employees: int, months: int,
                 workers: int, organisation: dict):
        self.ensemble, self.k = ensemble, members
        self.kw = dict(replications=members, seed=1, months=months, workers=workers,
                       ensemble=ensemble, n_employees=employees, **organisation)
        self.months, self.organisation = months, organisation

    def run(self, scenarios) -> pd.DataFrame:
        """Final-month values per scenario and world (index: scenario, replication), with
        the formal education gap and the spend per employee per year added."""
        c = compare(scenarios, **self.kw)
        f = c.final()
        f["formal_gap_education"] = f["formal_theoretical"] - f["formal_practical"]
        ts = c.timeseries[c.timeseries["month"] > 0]
        by = ts.groupby(["scenario", "replication"])
        f["spend"] = by["cost_month"].sum() / by["n_employees"].first() / (self.months / 12)
        return f


def variant(base: str, name: str, **overrides):
    """A scenario with a few settings changed and its own name."""
    return replace(load_scenario(base).with_overrides("claims", **overrides), name=name)


def single_instruments() -> list:
    """Each instrument alone at full intensity; the budget for everyone at EUR 1,000 a year,
    through the leader and direct."""
    out = []
    for cls in INSTRUMENTS:
        if cls.key == "budget":
            for proc in ("leader", "direct"):
                out.append(variant("baseline", f"budget_{proc}", budget_amount=1000.0,
                                   budget_coverage=1.0, flex_budget_access=1.0,
                                   budget_procedure=proc))
        else:
            out.append(variant("baseline", cls.key, **{f"{cls.key}_intensity": 1.0}))
    return out


def per_euro(f: pd.DataFrame, names: list[str]) -> list[dict]:
    """Extra spend and what it buys against the baseline, per instrument alone."""
    rows = []
    base = f.loc["baseline"]
    for name in names:
        g = f.loc[name]
        extra = (g["spend"] - base["spend"]).to_numpy()
        gain = (g[HEADLINE] - base[HEADLINE]).to_numpy()
        formal = (g["participation_formal"] - base["participation_formal"]).to_numpy()
        per = np.where(extra > 1, gain * 1000 / np.maximum(extra, 1e-9), np.nan)
        rows.append({"instrument": name, "extra_spend": float(np.median(extra)),
                     "headline_gain": float(np.median(gain)),
                     "formal_gain": float(np.median(formal)),
                     "per_1000": float(np.nanmedian(per)) if np.isfinite(per).any() else np.nan,
                     "per_1000_p05": spread(per)[0], "per_1000_p95": spread(per)[1]})
    return rows


def equal_spend_amount(runner: Runner, target: float, probe: int) -> tuple[float, float]:
    """The yearly budget for everyone (via the leader, nothing else) whose median spend per
    employee per year equals ``target``, found by bisection on a few worlds; with the spend
    it reaches. Returns the largest amount tried if even that spends less."""
    small = Runner(runner.ensemble, min(probe, runner.k), runner.kw["n_employees"],
                   runner.months, runner.kw["workers"], runner.organisation)

    def spend(amount: float) -> float:
        f = small.run(["baseline", variant("budget_only", "budget_only",
                                           budget_amount=amount)])
        return float(np.median(f.loc["budget_only", "spend"]))

    lo, hi = 0.0, 20_000.0
    if spend(hi) < target:
        return hi, spend(hi)
    for _ in range(12):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if spend(mid) < target else (lo, mid)
    return hi, spend(hi)


def paired(f, a: str, b: str, measure: str) -> np.ndarray:
    return f.loc[a, measure].to_numpy() - f.loc[b, measure].to_numpy()


def claim_rows(claim: str, diffs: dict[str, np.ndarray], a: str, b: str) -> list[dict]:
    rows = []
    for m, d in diffs.items():
        lo, hi = spread(d)
        rows.append({"claim": claim, "measure": m, "a": a, "b": b,
                     "mean_a_minus_b": float(np.nanmean(d)), "p05": lo, "p95": hi,
                     "share_a_higher": float(np.mean(d > 0))})
    return rows


def dependence(diff: np.ndarray, ensemble: Ensemble, k: int, names: list[str]) -> list[dict]:
    """How a claim's paired difference depends on the structural and calibrated parameters:
    its rank correlation with each, across the worlds (the strongest first)."""
    from scipy.stats import spearmanr

    rows = []
    for name in names:
        if name not in ensemble.parameters:
            continue
        x = np.array([ensemble.member(i)[name] for i in range(k)], dtype=float)
        if np.ptp(x) == 0:
            continue
        rho = spearmanr(x, diff).statistic
        rows.append({"parameter": name, "rho": float(rho)})
    return sorted(rows, key=lambda r: -abs(r["rho"]))


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--employees", type=int, default=1000)
    ap.add_argument("--months", type=int, default=120)
    ap.add_argument("--members", type=int, help="only the first N members (a quick check)")
    ap.add_argument("--ensemble", default=str(ENSEMBLE_FILE))
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--organisation", help="an organisation preset (e.g. care_organisation): "
                    "its settings apply to every scenario")
    ap.add_argument("--out", default=str(OUT), help="folder for the CSV files")
    ap.add_argument("--page", default=str(DOCS / "results.md"))
    args = ap.parse_args(argv)
    ens = load_ensemble(args.ensemble)
    k = min(len(ens), args.members or len(ens))
    organisation = {}
    if args.organisation:
        from llo_sim.engine.parameters import REGISTRY
        from llo_sim.engine.policy import is_lever

        organisation = {n: v for n, v in load_scenario(args.organisation).overrides.items()
                        if not is_lever(n, REGISTRY[n].group)}
    runner = Runner(ens, k, args.employees, args.months, args.workers, organisation)
    names = ["baseline", "budget_only", *KNOBS, "integrated", "integrated_targeted"]
    f = runner.run(names + [variant("budget_only", "budget_only_direct",
                                    budget_procedure="direct")])
    singles = single_instruments()
    fs = runner.run(["baseline"] + singles)
    cost = f.loc["integrated", "spend"].to_numpy()
    amount, reached = equal_spend_amount(runner, float(np.median(cost)), probe=min(k, 12))
    feq = runner.run(["baseline", variant("budget_only", "budget_equal_spend",
                                          budget_amount=round(amount, -1))])
    rows = []
    rows += claim_rows("equal spend", {m: paired(f, "integrated", "baseline", m)
                                       - paired(feq, "budget_equal_spend", "baseline", m)
                                       for m in MEASURES}, "integrated",
                       f"budget alone at EUR {amount:,.0f}")
    effect = lambda s, m: paired(f, s, "baseline", m)  # noqa: E731
    interaction = {m: effect("integrated", m) - sum(effect(s, m) for s in KNOBS)
                   for m in MEASURES}
    rows += claim_rows("interaction", interaction, "integrated effect",
                       "sum of the knob effects")
    procedure = {m: paired(f, "budget_only_direct", "budget_only", m) for m in MEASURES}
    rows += claim_rows("budget procedure", procedure, "direct", "via the leader")
    benefits = {m: paired(f, "integrated_targeted", "budget_only", m) for m in MEASURES}
    rows += claim_rows("who benefits", benefits, "integrated_targeted", "budget_only")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    table = pd.DataFrame(rows)
    table.to_csv(out / "claims.csv", index=False, float_format="%.4f")
    euro = per_euro(fs, [s.name for s in singles])
    pd.DataFrame(euro).to_csv(out / "per_euro.csv", index=False, float_format="%.4f")
    levels = [{"scenario": s, **{m: float(f.loc[s, m].median()) for m in MEASURES},
               "spend": float(f.loc[s, "spend"].median())} for s in names]
    pd.DataFrame(levels).to_csv(out / "scenarios.csv", index=False, float_format="%.4f")
    settings = (f"{k} members of the ensemble, {args.employees} employees, {args.months} "
                "months" + (f", organisation {args.organisation}" if args.organisation else ""))
    if not args.organisation:
        page = Path(args.page)
        structural = ["agency_complementarity", "w_want_budget", "budget_choice_friction",
                      "approval_base", "w_buddy_coaches", "leader_training_rate",
                      "w_autonomy_job_crafting", "w_insight_checkup", "w_formal_time",
                      "w_informal_time", "w_variety_job_crafting"]
        from claims_text import write_results   # the page's words, from these numbers

        write_results(page, f, fs, euro, table, amount, reached, cost, levels,
                      {"interaction": dependence(interaction[HEADLINE], ens, k, structural),
                       "procedure": dependence(procedure["participation_formal"], ens, k,
                                               structural),
                       "equal spend": dependence(
                           paired(f, "integrated", "baseline", HEADLINE)
                           - paired(feq, "budget_equal_spend", "baseline", HEADLINE),
                           ens, k, structural)}, settings)
    print(f"wrote {out}/claims.csv, per_euro.csv, scenarios.csv ({settings})")


if __name__ == "__main__":
    main()
