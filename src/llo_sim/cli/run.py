"""``llo-sim run``: one scenario, its tables and a summary (an own organisation with
``--workforce``: :mod:`llo_sim.cli.own`)."""

from __future__ import annotations

from llo_sim.api import run
from llo_sim.cli import own
from llo_sim.cli.common import (
    announce,
    command,
    notes,
    output_folder,
    progress,
    run_options,
    scenario_inputs,
)
from llo_sim.cli.summary import summary_lines, written
from llo_sim.engine.limits import RUN_MONTHS, estimate
from llo_sim.engine.scenario import load
from llo_sim.storage.provenance import package_version


def add_parser(sub) -> None:
    """Add the ``run`` command to the command line's subparsers."""
    p = command(sub, "run", "run one scenario and write its tables and a figure",
                "Simulate one organisation month by month under one policy (a scenario) and "
                "write what happened: timeseries.csv (one row per month), groups.csv (per "
                "education, age and contract group), run.png (a figure) and run.json (how to "
                "run it again). With --workforce it simulates your own organisation (see "
                "`llo-sim copy templates` for the files). Prints a summary.",
                [("llo-sim run baseline", "a typical Dutch organisation, ten years, into ./out"),
                 ("llo-sim run integrated --months 60 --out out/integrated", ""),
                 ("llo-sim run baseline --set budget_amount=1000 --out out/budget1000",
                  "change any parameter (see `llo-sim params`)")])
    p.add_argument("scenario", help="a scenario: a name from `llo-sim scenarios` (e.g. "
                   "baseline) or a .toml file")
    p.add_argument("--employees", type=int, metavar="N", help="number of employees "
                   "(default: the scenario's)")
    p.add_argument("--months", type=int, default=RUN_MONTHS, metavar="M", help="months to simulate "
                   "(default 120: ten years)")
    p.add_argument("--seed", type=int, default=0, metavar="S", help="random seed: the same "
                   "seed gives the same numbers (default 0)")
    p.add_argument("--out", default="out", metavar="DIR", help="folder for the results "
                   "(default ./out); must be new or empty unless --overwrite")
    p.add_argument("--overwrite", action="store_true", help="replace the results of an "
                   "earlier run in --out (only once the new ones are complete)")
    p.add_argument("--set", action="append", metavar="KEY=VALUE", help="change a model "
                   "parameter for this run (names: `llo-sim params`); may be repeated")
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
    from llo_sim.figures.run import run_files     # matplotlib: only when it draws

    result.figures = run_files
    result.write(out, overwrite=args.overwrite)
    if not args.quiet:
        n = int(result.final()["n_employees"])
        print(f"llo-sim {package_version()}: scenario {result.scenario}, {n:,} employees, "
              f"{result.months} months, seed {result.seed}")
        print("\n".join(summary_lines(result)))
        print(f"wrote {', '.join(str(out / f) for f in written(result))}")
    return 0
