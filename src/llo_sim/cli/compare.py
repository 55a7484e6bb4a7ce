"""``llo-sim compare``: scenarios side by side over the calibrated ensemble, with common
random numbers, written with a figure and printed as a table."""

from __future__ import annotations

from pathlib import Path

from llo_sim.cli.common import (
    add_scheduler,
    announce,
    cell,
    check_workers,
    command,
    notes,
    output_folder,
    progress,
    run_options,
    scenario_inputs,
)
from llo_sim.cli.costs import print_costs
from llo_sim.engine.limits import MAX_REPLICATIONS, estimate
from llo_sim.engine.measures import HEADLINE
from llo_sim.engine.scenario import load
from llo_sim.errors import LloSimError, ParameterError

TABLE = (HEADLINE, "learning_months_mean", "participation_any", "participation_formal",
         "participation_informal", "ratio_formal_theoretical_practical",
         "budget_uptake", "gini_learning", "theil_between_education",
         "ratio_practical_theoretical", "agency", "cost_per_participant",
         "participation_any[education=practical]", "participation_any[education=theoretical]",
         "participation_any[age=55+]", "participation_any[age=<35]",
         "participation_any[contract=flex]", "participation_any[contract=permanent]")



def add_parser(sub) -> None:
    """Add the ``compare`` command to the command line's subparsers."""
    p = command(sub, "compare", "compare scenarios side by side over the calibrated ensemble",
                "Run two or more scenarios many times, once in each calibrated world (the "
                "ensemble of plausible parameter sets), with the same random numbers for each "
                "scenario, and report the differences against the first with their ranges, "
                "what each costs and what each euro buys. Writes tables, comparison.png and "
                "compare.json to --out.",
                [("llo-sim compare budget_only integrated", "into out/compare"),
                 ("llo-sim compare baseline integrated --replications 20 --months 60 "
                  "--out out/quick", "fewer runs, five years")])
    p.add_argument("scenarios", nargs="+", metavar="SCENARIO", help="two or more scenarios "
                   "(names from `llo-sim scenarios` or .toml files); the first is the "
                   "reference the others are compared with")
    p.add_argument("--replications", type=int, metavar="R", help="runs per scenario (default: "
                   "one per world of the ensemble, or 10 with --no-ensemble)")
    p.add_argument("--ensemble", metavar="FILE", help="another calibrated ensemble, from "
                   "`llo-sim calibrate` (default: the one that comes with llo-sim)")
    p.add_argument("--no-ensemble", action="store_true", help="run every replication with the "
                   "default parameters (only chance differs between runs)")
    p.add_argument("--employees", type=int, metavar="N", help="number of employees "
                   "(default: the scenario's)")
    p.add_argument("--months", type=int, default=120, metavar="M", help="months to simulate "
                   "(default 120: ten years)")
    p.add_argument("--seed", type=int, default=0, metavar="S", help="base random seed "
                   "(default 0)")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--workers", type=int, metavar="N", help="processes (default: one per "
                       "core)")
    add_scheduler(where, "; the same numbers as a local run")
    p.add_argument("--out", default="out/compare", metavar="DIR", help="folder for the "
                   "results (default out/compare); must be new or empty unless --overwrite")
    p.add_argument("--overwrite", action="store_true", help="replace the results of an "
                   "earlier comparison in --out (only once the new ones are complete)")
    p.add_argument("--set", action="append", metavar="KEY=VALUE", help="change a model "
                   "parameter in every scenario (names: `llo-sim params`); may be repeated")
    p.add_argument("--no-figure", action="store_true", help="skip comparison.png/.svg")
    p.add_argument("--quiet", action="store_true", help="no progress bar or table")
    p.set_defaults(func=cmd_compare)



def cmd_compare(args) -> int:
    from llo_sim.api import compare

    overrides = run_options(args)
    check_workers(args.workers)
    if len(args.scenarios) < 2:
        raise LloSimError("compare needs two or more scenarios (the first is the reference); "
                          f"got {len(args.scenarios)}")
    ensemble = ensemble_for(args)
    if args.replications is None:
        args.replications = len(ensemble) if ensemble is not None else 10
    if not 1 <= args.replications <= MAX_REPLICATIONS:
        raise ParameterError("command line", "--replications", args.replications,
                             f"1 to {MAX_REPLICATIONS:,}")
    scenarios = [load(s).with_overrides("command line", **overrides) for s in args.scenarios]
    for sc in scenarios:
        notes(sc)
    out = output_folder(args.out, args.overwrite, kind="compare",
                        inputs=[*scenario_inputs(*scenarios), args.ensemble])
    total = len(scenarios) * args.replications
    announce(estimate(max(sc.parameters["n_employees"] for sc in scenarios), args.months,
                       runs=total, workers=args.workers))
    bar, on_done = progress(total, not args.quiet, unit="run")
    try:
        result = compare(scenarios, replications=args.replications, seed=args.seed,
                         months=args.months, workers=args.workers, on_done=on_done,
                         ensemble=ensemble, scheduler=args.scheduler)
    finally:
        if bar is not None:
            bar.close()
    result.write(out, figure=not args.no_figure, overwrite=args.overwrite)
    if not args.quiet:
        _print_comparison(result, out)
    return 0


def ensemble_for(args):
    """The ensemble a comparison runs over: the package's unless --no-ensemble or --ensemble."""
    from llo_sim.study.ensemble import ENSEMBLE_FILE, load_ensemble

    if args.no_ensemble:
        if args.ensemble:
            raise LloSimError("--ensemble and --no-ensemble exclude each other")
        return None
    if args.ensemble:
        return load_ensemble(args.ensemble)
    return load_ensemble(ENSEMBLE_FILE) if ENSEMBLE_FILE.exists() else None


def _print_comparison(result, out: Path) -> None:
    summary = result.summary().set_index(["scenario", "measure"])
    diffs = result.differences().set_index(["scenario", "measure"])
    names = result.names
    worlds = ("" if result.worlds is None else
              f" over {len(set(result.worlds))} calibrated parameter sets")
    print(f"month {result.months}, {result.replications} replications{worlds}, seed "
          f"{result.seed}; mean [90% of the runs]; differences against {names[0]}, with the "
          "share of runs in which the scenario is higher")
    width = max(len(m) for m in TABLE) + 2
    header = f"{'':<{width}}" + "".join(f"{n[:28]:>30}" for n in names)
    print(header)
    for measure in TABLE:
        rows = [summary.loc[(n, measure)] for n in names]
        cells = [cell(r["mean"], r["p05"], r["p95"], "") for r in rows]
        print(f"{measure:<{width}}" + "".join(f"{c:>30}" for c in cells))
        if len(names) > 1:
            d = [diffs.loc[(n, measure)] for n in names[1:]]
            cells = [""] + [cell(x["mean_difference"], x["p05"], x["p95"], "+")
                            + f" {x['share_higher']:.0%}" for x in d]
            print(f"{'  difference':<{width}}" + "".join(f"{c:>30}" for c in cells))
    print_costs(result, width, cell)
    files = ["summary.csv", "differences.csv", "costs.csv", "cost_effectiveness.csv",
             "timeseries.csv", "groups.csv", "compare.json"]
    if (out / "comparison.png").exists():
        files += ["comparison.png", "comparison.svg"]
    print("wrote " + ", ".join(str(out / f) for f in files))
