"""``llo-sim sweep`` and ``llo-sim sensitivity``: a parameter sweep from an experiment file,
and the Morris or Sobol indices of one."""

from __future__ import annotations

import sys
from pathlib import Path

from llo_sim.cli.common import announce, check_workers, output_folder, scenario_inputs
from llo_sim.engine.limits import estimate
from llo_sim.errors import LloSimError


def add_parsers(sub) -> None:
    """Add the ``sweep`` and ``sensitivity`` commands to the command line's subparsers."""
    for name, help_text in (("sweep", "run a parameter sweep from an experiment file "
                                      "(in parallel or on a Dask cluster; resumable)"),
                            ("sensitivity", "Morris or Sobol sensitivity indices of an "
                                            "experiment (SALib): table and figure")):
        p = sub.add_parser(name, help=help_text)
        p.add_argument("experiment", help="an experiment .toml file or a name in experiments/")
        p.add_argument("--out", help="output folder (default out/<experiment name>); running "
                       "again skips the runs already there (after checking them)")
        p.add_argument("--overwrite", action="store_true", help="empty the --out folder first "
                       "(needed for a folder that holds anything but this sweep)")
        p.add_argument("--workers", type=int, help="processes (default: number of cores)")
        p.add_argument("--scheduler", metavar="ADDRESS", help="run on a Dask distributed "
                       "cluster, e.g. tcp://host:8786 (needs llo-sim[distributed])")
        if name == "sensitivity":
            p.add_argument("--measures", nargs="+", help="measures to analyse (default: the "
                           "experiment's)")
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
