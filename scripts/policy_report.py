"""docs/policy.md's and docs/discover.md's worked examples, run for real: the best mix for EUR 400
in a care organisation (``llo-sim optimise``), when it fails against the budget alone, and
when the integrated approach fails against the budget alone (``llo-sim discover``), with the
sentences computed from the numbers, whichever way they come out.

    python scripts/policy_report.py [--workers 2] [--small --docs DIR]

The result files go to ``docs/results/policy/`` and ``docs/results/discover_integrated/``
(``--small``: under ``DIR/results``), without the runs themselves (``evaluations.jsonl``, the
Parquet parts), which are megabytes and made again by the same commands.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generated import DOCS, markdown_table, write_block  # noqa: E402

from llo_sim.cli.main import main as cli  # noqa: E402
from llo_sim.engine.instruments import INSTRUMENTS  # noqa: E402

SCRIPT = "scripts/policy_report.py"
# the priced instruments other than the budget, with their knob (engine/instruments.py)
KNOB_OF = {cls.key: cls.knob for cls in INSTRUMENTS if cls.key != "budget"}
LEVERS = tuple(KNOB_OF)
SMALL_OPTIMISE = ["--employees", "150", "--months", "24", "--evaluations", "6", "--worlds", "2",
                  "--final-worlds", "3"]
SMALL_DISCOVER = ["--employees", "150", "--months", "24", "--design", "16"]


def run(argv: list[str]) -> None:
    if cli(argv) != 0:
        raise SystemExit(f"{SCRIPT}: llo-sim {' '.join(argv)} failed")


def keep(src: Path, dest: Path, skip: tuple[str, ...]) -> None:
    """Copy a result folder to ``dest`` (replaced), without the raw runs."""
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns(*skip))


def eur(x: float) -> str:
    return f"EUR {x:,.0f}"


def pts(x: float) -> str:
    return f"{100 * x:+.1f} points"


# --- the best mix for EUR 400 ---------------------------------------------------------------

def shipped_part(shipped: pd.DataFrame, worlds: int) -> str:
    rows = []
    for r in shipped.itertuples():
        per = ("" if pd.isna(r.extra_learners_per_eur_1000) else
               f"{r.extra_learners_per_eur_1000:.2f} [{r.extra_learners_per_eur_1000_p05:.2f}, "
               f"{r.extra_learners_per_eur_1000_p95:.2f}]")
        rows.append({"s": "today's policy (`care_organisation`)" if r.Index == 0
                     else f"`{r.scenario}`", "c": f"{r.cost_per_employee_year:,.0f}",
                     "h": f"{r.headline_p10:.3f} ({r.headline_mean:.3f})",
                     "g": f"{r.gap_p90:.2f}", "p": per,
                     "w": "yes" if r.within_budget else "no"})
    table = markdown_table(rows, {"s": "scenario on the care organisation",
                                  "c": "EUR per employee per year",
                                  "h": "learning a lot: p10 of the worlds (mean)",
                                  "g": "education gap, p90", "p": "extra learners per EUR 1,000 "
                                  "[90% of worlds]", "w": "within EUR 400"}, "lrrrrl")
    today = shipped.iloc[0]
    others = shipped.iloc[1:]
    inside = others[others.within_budget.astype(bool)]
    lift = inside.headline_p10 - today.headline_p10
    per = others.dropna(subset=["extra_learners_per_eur_1000"])
    best, worst = (per.loc[per.extra_learners_per_eur_1000.idxmax()],
                   per.loc[per.extra_learners_per_eur_1000.idxmin()])
    words = [f"Over all {worlds} worlds, today's policy costs {eur(today.cost_per_employee_year)} "
             "per employee per year (what budget holders actually spent)."]
    if len(inside):
        words.append(f"The {len(inside)} library scenarios within EUR 400 move the share learning"
                     f" a lot in a weak world (p10) by {100 * lift.min():+.1f} to "
                     f"{100 * lift.max():+.1f} points.")
    if "integrated" in set(others.scenario):
        i = others[others.scenario == "integrated"].iloc[0]
        words.append(f"The integrated approach moves it by {pts(i.headline_p10 - today.headline_p10)}"
                     f" at {eur(i.cost_per_employee_year)}, "
                     f"{i.cost_per_employee_year / 400:.1f} times the budget.")
    words.append(f"Per euro, `{best.scenario}` buys most ({best.extra_learners_per_eur_1000:.2f} "
                 f"extra people learning a lot per EUR 1,000 a year) and `{worst.scenario}` least "
                 f"({worst.extra_learners_per_eur_1000:.2f}).")
    return table + "\n\n" + " ".join(words)


def front_part(front: pd.DataFrame, today: pd.Series) -> str:
    rows = []
    for r in front.itertuples():
        budget = ("none" if r.budget_amount <= 0 else
                  f"{r.budget_amount:,.0f} / {r.budget_coverage:.2f} / {r.budget_procedure}")
        bold = (lambda s: f"**{s}**") if r.recommended else (lambda s: s)
        rows.append({"m": bold(r.name), "c": f"{r.cost_p90:,.0f} ({r.cost_per_employee_year:,.0f})",
                     "h": f"{r.headline_p10:.3f} ({r.headline_mean:.3f})",
                     "g": f"{r.gap_p90:.2f} ({r.gap_mean:.2f})",
                     "p": f"{r.extra_learners_per_eur_1000:.2f} "
                          f"[{r.extra_learners_per_eur_1000_p05:.2f}, "
                          f"{r.extra_learners_per_eur_1000_p95:.2f}]", "b": budget,
                     **{k: f"{getattr(r, k + '_intensity'):.2f}" for k in LEVERS}})
    cols = {"m": "mix", "c": "EUR per employee per year, p90 (mean)",
            "h": "learning a lot p10 (mean)", "g": "gap p90 (mean)",
            "p": "extra learners per EUR 1,000 [90%]", "b": "budget: EUR / coverage / procedure",
            **{k: k.replace("_", " ") for k in LEVERS}}
    table = markdown_table(rows, cols, "lrrrrl" + "r" * len(LEVERS))
    narrower = int((front.gap_p90 < today.gap_p90).sum())
    words = (f"The front holds {len(front)} mix{'es' if len(front) != 1 else ''}; "
             f"{narrower} of them narrow{'s' if narrower == 1 else ''} the education gap (p90) "
             f"against today's {today.gap_p90:.2f}.")
    return table + "\n\n" + words


def recommended_part(front: pd.DataFrame, shipped: pd.DataFrame, worlds: int) -> str:
    rec = front[front.recommended.astype(bool)].iloc[0]
    today = shipped.iloc[0]
    used = {k: rec[k + "_intensity"] for k in LEVERS if rec[k + "_intensity"] > 0}
    lines = [f"**{rec['name']}** (`docs/results/policy/care400/mixes/{rec['name']}.toml`, a "
             "scenario file that extends `care_organisation`):", ""]
    for knob in ("richting", "ruimte", "ruggensteun"):
        mine = [f"{k.replace('_', ' ')} {v:.2f}" for k, v in used.items() if KNOB_OF[k] == knob]
        lines.append(f"- **{knob}:** " + (", ".join(mine) if mine else "nothing"))
    lines.append("- **personal budget:** " + (
        "none (today's budget is dropped)" if rec.budget_amount <= 0 else
        f"EUR {rec.budget_amount:,.0f} per holder, coverage {rec.budget_coverage:.2f}, "
        f"{rec.budget_procedure}"))
    lines += ["", f"Over all {worlds} worlds against today's policy: learning a lot rises from "
              f"{today.headline_p10:.3f} to {rec.headline_p10:.3f} in a weak world (p10) and from "
              f"{today.headline_mean:.3f} to {rec.headline_mean:.3f} on average; months with "
              f"learning from {today.months_mean:.1f} to {rec.months_mean:.1f} a year; the "
              f"education gap goes from {today.gap_p90:.2f} to {rec.gap_p90:.2f} (p90). It costs "
              f"{eur(rec.cost_per_employee_year)} per employee per year, "
              f"{eur(rec.extra_cost)} more than today: "
              f"**{rec.extra_learners_per_eur_1000:.2f} extra learners per EUR 1,000 a year** "
              f"(90% of worlds: {rec.extra_learners_per_eur_1000_p05:.2f} to "
              f"{rec.extra_learners_per_eur_1000_p95:.2f})."]
    cmp = shipped.dropna(subset=["headline_p10_difference"])
    cmp = cmp[cmp.scenario != "care_organisation"]
    if len(cmp):
        lines += ["", "At equal cost: each library scenario against the best Pareto mix that costs "
                  "no more than it (learning a lot, p10, the mix minus the scenario; and the "
                  "share of worlds in which the mix is ahead):", ""]
        for r in cmp.itertuples():
            lines.append(f"- `{r.scenario}` ({eur(r.cost_per_employee_year)}) against "
                         f"{r.best_mix_at_equal_cost} ({eur(r.mix_cost_per_employee_year)}): "
                         f"{pts(r.headline_p10_difference)}, ahead in "
                         f"{r.share_worlds_mix_ahead:.0%} of the worlds")
    return "\n".join(lines)


# --- scenario discovery ---------------------------------------------------------------------

def discovery_part(folder: Path, scenario: str, margin: float) -> str:
    cases = pd.read_csv(folder / "cases.csv")
    d = cases["difference"]
    summary = (folder / "summary.txt").read_text(encoding="utf-8").strip().splitlines()
    english = [line for line in summary if line.startswith("- ") and " beat " in line]
    dutch = [line for line in summary if line.startswith("- ") and " beter dan " in line]
    check = [line for line in summary if line.startswith("- fitted on")]
    boxes = len(pd.read_csv(folder / "boxes.csv"))
    cost = lambda c: cases[c].mean()  # noqa: E731
    words = [f"At {int((d > 0).sum())} of {len(cases)} points {scenario} has more people "
             f"learning a lot than the budget alone: by {pts(d.mean())} on average, "
             f"{pts(d.quantile(0.05))} to {pts(d.quantile(0.95))} at 90% of the points, and "
             f"{pts(d.min())} at the least. Cost per employee in the last year (mean over the "
             f"points): {scenario} {eur(cost('cost_scenario'))}, the budget alone "
             f"{eur(cost('cost_other'))}."]
    share = float(cases["fails"].mean())
    words.append(f"With a margin of {margin:g} points, {share:.0%} of the points fail (the lead "
                 f"is at most {margin:g} points).")
    out = " ".join(words)
    if english:
        out += ("\n\n" + ("The boxes (scenario discovery, CART; `summary.txt`):" if boxes else
                          "What the discovery says (`summary.txt`):") + "\n\n"
                + "\n".join(english))
        out += "\n\nIn Dutch, as the command prints it:\n\n" + "\n".join(dutch)
        if boxes and check:
            out += ("\n\nSplit-half check (the first box fitted on half of the points, measured "
                    "on the other):\n\n" + "\n".join(check))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--workers", default="2")
    ap.add_argument("--small", action="store_true", help="a quick run (numbers not for reading)")
    ap.add_argument("--docs", help="write into this copy of docs/")
    args = ap.parse_args(argv)
    docs = Path(args.docs) if args.docs else DOCS
    if args.small and not args.docs:
        raise SystemExit("--small writes numbers not meant for reading: give --docs DIR")
    if not docs.exists():
        shutil.copytree(DOCS, docs)
    results = docs / "results"
    work = ["--workers", args.workers, "--quiet"]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        run(["optimise", "--budget", "400", "--organisation", "care", "--out",
             str(tmp / "care400"), *work, *(SMALL_OPTIMISE if args.small else [])])
        care = results / "policy" / "care400"
        keep(tmp / "care400", care, ("evaluations.jsonl", "*.lock"))
        front = pd.read_csv(care / "front.csv")
        shipped = pd.read_csv(care / "shipped.csv")
        worlds = len(json.loads((care / "result.json").read_text())["final_worlds"])
        rec = front[front.recommended.astype(bool)].iloc[0]["name"]
        run(["discover", str(care / "mixes" / f"{rec}.toml"), "--against", "budget_only",
             "--organisation", "care_organisation", "--margin", "20", "--seed", "1",
             "--out", str(tmp / "fails"), *work,
             *(SMALL_DISCOVER if args.small else ["--design", "400"])])
        keep(tmp / "fails", results / "policy" / "care400_discover", ("parts", "*.parquet",
                                                                      "*.lock"))
        run(["discover", "integrated", "--against", "budget_only", "--margin", "25", "--seed",
             "1", "--out", str(tmp / "integrated"), *work,
             *(SMALL_DISCOVER if args.small else ["--design", "1000"])])
        keep(tmp / "integrated", results / "discover_integrated",
             ("parts", "*.parquet", "*.lock", "*.png", "*.svg", "discover.json"))
        shutil.copy(tmp / "integrated" / "discovery.png",
                    docs / "img" / "discover_integrated_vs_budget_only.png")
    size = ("150 employees, 24 months, a handful of mixes and points: a check, not numbers to "
            "read" if args.small else "1,000 employees, 120 months")
    page = docs / "policy.md"
    write_block(page, "shipped", shipped_part(shipped, worlds), SCRIPT, size)
    write_block(page, "front", front_part(front, shipped.iloc[0]), SCRIPT, size)
    write_block(page, "recommended", recommended_part(front, shipped, worlds), SCRIPT, size)
    write_block(page, "fails", discovery_part(results / "policy" / "care400_discover", rec, 20),
                SCRIPT, size + "; 400 points, margin 20")
    write_block(docs / "discover.md", "integrated",
                discovery_part(results / "discover_integrated", "integrated", 25), SCRIPT,
                size + "; 1,000 points, margin 25")
    return 0


if __name__ == "__main__":
    sys.exit(main())
