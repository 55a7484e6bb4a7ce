"""docs/research.md's worked examples, run for real: the budget grid sweep's table and the
Morris screening's ranking, with the sentences computed from them.

    python scripts/research_report.py [--page docs/research.md] [--small]

``--small`` runs both experiments at 150 employees and 24 months (a check that the scripts
work, not numbers to read).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generated import DOCS, ROOT, markdown_table, write_block  # noqa: E402

from llo_sim.api import sensitivity  # noqa: E402
from llo_sim.study.sweep.run import run_sweep  # noqa: E402
from llo_sim.storage.sweep_store import read_table  # noqa: E402

MORRIS_MEASURES = ["participation_any", "gini_learning", "participation_any[education=practical]"]


def experiment(name: str, tmp: Path, small: bool) -> Path:
    """The experiment file, or a copy at a small size."""
    path = ROOT / "experiments" / f"{name}.toml"
    if not small:
        return path
    text = re.sub(r"(?m)^months = \d+", "months = 24", path.read_text())
    text = re.sub(r"(?m)^employees = \d+", "employees = 150", text)
    copy = tmp / f"{name}.toml"
    copy.write_text(text)
    return copy


def budget_grid(tmp: Path, small: bool, workers: int) -> tuple[str, str]:
    run_sweep(experiment("budget_grid", tmp, small), tmp / "budget_grid", workers=workers)
    summary = read_table(tmp / "budget_grid", "summary")
    g = summary.groupby(["budget_procedure", "budget_amount"])[
        ["participation_any", "participation_formal", "budget_uptake"]].mean()
    table = "```\n" + g.round(3).to_string() + "\n```"
    f = g["participation_formal"]
    amounts = sorted(summary["budget_amount"].unique())
    low, high = amounts[1], amounts[-1]
    direct = (f.loc["direct"] - f.loc["leader"]).loc[amounts[1:]]
    words = (f"From EUR {low:,.0f} to EUR {high:,.0f} a year, formal participation goes from "
             f"{f.loc[('leader', low)]:.3f} to {f.loc[('leader', high)]:.3f} through the leader "
             f"and from {f.loc[('direct', low)]:.3f} to {f.loc[('direct', high)]:.3f} direct. "
             f"The direct procedure gives {direct.mean():+.3f} formal participation on average "
             f"over the amounts with a budget ({direct.min():+.3f} to {direct.max():+.3f}).")
    return table, words


def morris(tmp: Path, small: bool, workers: int) -> str:
    result = sensitivity(experiment("screening_morris", tmp, small), tmp / "morris",
                         measures=MORRIS_MEASURES, workers=workers)
    rows = []
    for measure in MORRIS_MEASURES:
        t = result.table[result.table["measure"] == measure].sort_values("mu_star",
                                                                         ascending=False)
        for r in t.head(3).itertuples():
            rows.append({"measure": f"`{measure}`", "parameter": f"`{r.parameter}`",
                         "mu_star": f"{r.mu_star:.3f} [{r.mu_star - r.mu_star_conf:.3f}, "
                                    f"{r.mu_star + r.mu_star_conf:.3f}]",
                         "sign": "falls" if r.mu < 0 else "rises", "sigma": f"{r.sigma:.3f}"})
    return markdown_table(rows, {"measure": "measure", "parameter": "parameter (top 3)",
                                 "mu_star": "mu* [95% interval]",
                                 "sign": "the measure ... as it rises", "sigma": "sigma"},
                          "llrlr")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--page", default=str(DOCS / "research.md"))
    ap.add_argument("--small", action="store_true")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args(argv)
    page = Path(args.page)
    size = "150 employees, 24 months" if args.small else "as in the experiment files"
    with tempfile.TemporaryDirectory() as tmp:
        table, words = budget_grid(Path(tmp), args.small, args.workers)
        write_block(page, "budget-grid", table + "\n\n" + words, "scripts/research_report.py",
                    f"experiments/budget_grid.toml, {size}")
        write_block(page, "morris", morris(Path(tmp), args.small, args.workers),
                    "scripts/research_report.py",
                    f"experiments/screening_morris.toml, {size}")
    print(f"wrote {page}")


if __name__ == "__main__":
    main()
