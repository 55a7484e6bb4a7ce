"""``llo-sim run``: one scenario, its tables and a summary (an own organisation with
``--workforce``: :mod:`llo_sim.cli.own`)."""

from __future__ import annotations

from pathlib import Path

from llo_sim.api import run
from llo_sim.cli import own
from llo_sim.cli.common import (
    announce,
    notes,
    output_folder,
    progress,
    run_options,
    scenario_inputs,
)
from llo_sim.engine.limits import estimate
from llo_sim.engine.measures import HEADLINE
from llo_sim.engine.scenario import load
from llo_sim.storage.provenance import package_version

SUMMARY = (HEADLINE, "learning_months_mean", "participation_any", "participation_formal",
           "participation_informal", "ratio_formal_theoretical_practical", "budget_uptake",
           "gini_learning_excess", "agency", "cost_cumulative")



def add_parser(sub) -> None:
    """Add the ``run`` command to the command line's subparsers."""
    p = sub.add_parser("run", help="run one scenario and write its tables")
    p.add_argument("scenario", help="a .toml file or a scenario name from the library")
    p.add_argument("--employees", type=int, help="number of employees (default: scenario's)")
    p.add_argument("--months", type=int, default=120, help="months to simulate (default 120)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--out", default="out", help="output folder (default ./out); must be new "
                   "or empty unless --overwrite")
    p.add_argument("--overwrite", action="store_true", help="replace an existing --out "
                   "folder as a whole (only once the new results are complete)")
    p.add_argument("--set", action="append", metavar="KEY=VALUE",
                   help="override a registry parameter; may be repeated")
    p.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    own.add_run_options(p)
    p.set_defaults(func=cmd_run)



def cmd_run(args) -> int:
    overrides = run_options(args)
    scenario = load(args.scenario)
    scenario = scenario.with_overrides("command line", **overrides)
    notes(scenario)
    inputs = [*scenario_inputs(scenario), args.workforce, args.teams, args.scan]
    out = output_folder(args.out, args.overwrite, kind="run", inputs=inputs)
    if own.wants_own(args):
        return own.cmd_run_own(args, scenario, out)
    announce(estimate(scenario.parameters["n_employees"], args.months))
    bar, on_month = progress(args.months, not args.quiet)
    try:
        result = run(scenario, months=args.months, seed=args.seed, on_month=on_month)
    finally:
        if bar is not None:
            bar.close()
    result.write(out, overwrite=args.overwrite)
    if not args.quiet:
        _print_summary(result, out)
    return 0


def _print_summary(result, out: Path) -> None:
    final = result.final()
    n = int(final["n_employees"])
    print(f"llo-sim {package_version()}: scenario {result.scenario}, {n} employees, "
          f"{result.months} months, seed {result.seed}")
    for col in SUMMARY:
        print(f"  {col:<36} {final[col]:>12.3f}")
    from llo_sim.study.costs import KNOBS, per_employee_year

    cost = per_employee_year(result.timeseries)
    print(f"  cost per employee per year (EUR)     {cost['total']:>12.0f}  ("
          + ", ".join(f"{k} {cost[k]:.0f}" for k in KNOBS) + "; prices are assumptions)")
    groups = result.groups[result.groups["month"] == result.months]
    print("  formal learning (last 12 months) by group:")
    for dim in ("education", "age", "contract"):
        rows = groups[groups["dimension"] == dim]
        cells = ", ".join(f"{r.level} {r.participation_formal:.2f}" for r in rows.itertuples())
        print(f"    {dim:<10} {cells}")
    print(f"wrote {out / 'timeseries.csv'}, {out / 'groups.csv'}, {out / 'run.json'}")
