"""``llo-sim sweep`` and ``llo-sim sensitivity``: a parameter sweep from an experiment file,
and the Morris or Sobol indices of one."""

from __future__ import annotations

import sys
from pathlib import Path

from llo_sim.cli.common import (
    add_scheduler,
    announce,
    check_workers,
    command,
    output_folder,
    scenario_inputs,
)
from llo_sim.engine.limits import estimate
from llo_sim.errors import LloSimError


def add_parsers(sub) -> None:
    """Add the ``sweep`` and ``sensitivity`` commands to the command line's subparsers."""
    texts = {
        "sweep": ("run a parameter sweep from an experiment file",
                  "Run every point of an experiment (a .toml file that names a base scenario, "
                  "the parameters to vary and a design) on all cores or on a Dask cluster, and "
                  "keep each run's final measures and time series as Parquet files. An "
                  "interrupted sweep continues where it stopped when run again.",
                  [("llo-sim sweep budget_grid", "the experiment that comes with llo-sim, "
                    "into out/budget_grid"),
                   ("llo-sim copy experiments", "copies to edit, then: llo-sim sweep "
                    "experiments/knobs_lhs.toml")]),
        "sensitivity": ("which parameters matter most: Morris or Sobol indices of an "
                        "experiment",
                        "Run an experiment of design morris or sobol (as `llo-sim sweep` "
                        "does) and compute from it how strongly each varied parameter moves "
                        "each measure; writes sensitivity.csv and a figure.",
                        [("llo-sim sensitivity screening_morris", "440 runs, into "
                          "out/screening_morris")]),
    }
    for name, (summary, description, examples) in texts.items():
        p = command(sub, name, summary, description, examples)
        p.add_argument("experiment", metavar="EXPERIMENT", help="an experiment: a name "
                       "(budget_grid, knobs_lhs, screening_morris, or one in ./experiments) "
                       "or a .toml file")
        p.add_argument("--out", metavar="DIR", help="folder for the results (default "
                       "out/EXPERIMENT); running again skips the runs already there (after "
                       "checking them)")
        p.add_argument("--overwrite", action="store_true", help="start again: replace an "
                       "earlier sweep in --out")
        p.add_argument("--workers", type=int, metavar="N", help="processes (default: one "
                       "per core)")
        add_scheduler(p)
        if name == "sensitivity":
            p.add_argument("--measures", nargs="+", metavar="MEASURE", help="measures to "
                           "analyse (default: the experiment's)")
        p.add_argument("--quiet", action="store_true", help="no progress bar or summary")
        p.set_defaults(func=cmd_sweep if name == "sweep" else cmd_sensitivity)



def cmd_sweep(args) -> int:
    from llo_sim.study.sweep.file import load_experiment
    from llo_sim.study.sweep.run import run_sweep

    check_workers(args.workers)
    exp = load_experiment(args.experiment)
    out = output_folder(sweep_out(args, exp), args.overwrite, allow_existing=True,
                        kind="sweep", inputs=sweep_inputs(exp))
    announce_sweep(exp, args.workers)
    result = run_sweep(exp, out, workers=args.workers, scheduler=args.scheduler,
                       progress=not args.quiet, overwrite=args.overwrite)
    report_damaged(result)
    if not args.quiet:
        print(f"sweep {exp.name}: {result.runs} runs ({exp.design}, "
              f"{result.runs // exp.replications} points x {exp.replications} replications), "
              f"{result.ran} run now, {result.skipped} already done, {result.seconds:.1f} s")
        print(f"wrote {out / 'summary'}/, {out / 'timeseries'}/ (Parquet), {out / 'sweep.json'}")
    return 0


def sweep_inputs(exp) -> list:
    """The experiment file and the files of its base scenario: ``--out`` may not hold them."""
    return [exp.path, *scenario_inputs(exp.scenario)]


def sweep_out(args, exp) -> str:
    return str(Path("out") / exp.name) if args.out is None else args.out


def announce_sweep(exp, workers) -> None:
    employees = max(int(exp.base_parameters["n_employees"]),
                    *(int(p.get("n_employees", 0)) for p in exp.points()))
    runs = len(exp.points()) * exp.replications
    announce(estimate(employees, exp.months, runs=runs, workers=workers))


def report_damaged(result) -> None:
    if result.damaged:
        print(f"llo-sim: note: {len(result.damaged)} damaged part(s) found and run again: "
              + "; ".join(result.damaged[:3]) + ("; ..." if len(result.damaged) > 3 else ""),
              file=sys.stderr)


def cmd_sensitivity(args) -> int:
    from llo_sim.api import sensitivity as run_sensitivity
    from llo_sim.study.sensitivity import check_method
    from llo_sim.study.sweep.file import load_experiment

    check_workers(args.workers)
    exp = load_experiment(args.experiment)
    check_method(exp)
    unknown = [m for m in (args.measures or []) if m not in exp.measures]
    if unknown:
        raise LloSimError(f"--measures {' '.join(unknown)}: not kept by {exp.name}; expected "
                          f"some of {', '.join(exp.measures)}")
    out = output_folder(sweep_out(args, exp), args.overwrite, allow_existing=True,
                        kind="sweep", inputs=sweep_inputs(exp))
    announce_sweep(exp, args.workers)
    result = run_sensitivity(exp, out, measures=args.measures, workers=args.workers,
                             scheduler=args.scheduler, progress=not args.quiet,
                             overwrite=args.overwrite)
    report_damaged(result.sweep)
    if not args.quiet:
        key = "mu_star" if result.method == "morris" else "ST"
        print(f"{result.method} indices of {exp.name} ({key}, largest first):")
        for measure, rows in result.table.groupby("measure", sort=False):
            cells = ", ".join(f"{r.parameter} {getattr(r, key):.3g}" for r in
                              rows.sort_values(key, ascending=False).itertuples())
            print(f"  {measure}: {cells}")
        print("wrote " + ", ".join(str(f) for f in result.files))
    return 0
