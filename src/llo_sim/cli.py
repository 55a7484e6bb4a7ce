"""The command line: parses arguments, calls the API, prints. Nothing else lives here.

    llo-sim run SCENARIO [--employees N] [--months M] [--seed S] [--out DIR] [--overwrite]
                         [--set KEY=VALUE]
    llo-sim compare A B [C ...] [--replications R] [--seed S] [--out DIR] [--overwrite]
                                [--workers W]
    llo-sim dashboard [--host 127.0.0.1] [--port 8765]
    llo-sim sweep EXPERIMENT [--out DIR] [--workers N] [--scheduler ADDRESS] [--overwrite]
    llo-sim sensitivity EXPERIMENT [--out DIR] [--measures M ...] [--overwrite]
    llo-sim discover SCENARIO --against OTHER [--margin POINTS] [--design N] [--resume]
    llo-sim optimise --budget EUR [--scenario BASE | --organisation PRESET] [--evaluations N]
                     [--worlds K] [--out DIR] [--resume] [--workers N | --dask ADDRESS]
    llo-sim scenarios
    llo-sim params
    llo-sim run SCENARIO --workforce FILE [--teams FILE] [--scan FILE] ...   (cli_own.py)
    llo-sim check RUN_DIR --scan LATER.csv                                   (cli_own.py)

Bad input prints one line naming the file or option, the key, the value and what is allowed,
and exits with code 2, without a traceback. Result folders are written all or nothing
(:mod:`llo_sim.outputs`); what is guaranteed when things go wrong is in docs/reliability.md.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path

from . import __version__, cli_calibrate, cli_discover, cli_optimise, cli_own
from .cli_costs import print_costs
from .api import run
from .errors import LloSimError, ParameterError
from .limits import MAX_MONTHS, MAX_REPLICATIONS, estimate
from .measures import HEADLINE
from .parameters import REGISTRY_LIST
from .scenario import available, load

SUMMARY = (HEADLINE, "learning_months_mean", "participation_any", "participation_formal",
           "participation_informal", "ratio_formal_theoretical_practical", "budget_uptake",
           "gini_learning_excess", "agency", "cost_cumulative")


def _parse_set(items: list[str]) -> dict:
    """``KEY=VALUE`` pairs; VALUE is read as TOML (``0.5``, ``"direct"``, ``true``)."""
    out = {}
    for item in items:
        key, sep, raw = item.partition("=")
        if not sep or not key.strip():
            raise LloSimError(f"--set {item!r}: expected KEY=VALUE, e.g. --set budget_amount=1000")
        try:
            value = tomllib.loads(f"v = {raw}")["v"]
        except tomllib.TOMLDecodeError:
            value = raw  # a bare word such as direct
        out[key.strip()] = value
    return out


def _progress(total: int, enabled: bool, unit: str = "month"):
    """A tqdm bar on standard error (only on a terminal), or nothing."""
    if not enabled:
        return None, None
    from tqdm import tqdm

    bar = tqdm(total=total, unit=unit, desc="simulating", disable=None, leave=False)
    return bar, (lambda _done: bar.update(1))


def _output_folder(path: str, overwrite: bool = False, allow_existing: bool = False) -> Path:
    """Check the output folder before anything is computed (see :mod:`llo_sim.outputs`)."""
    from .outputs import check_out_folder

    return check_out_folder(path, overwrite, "--out", allow_existing)


def _notes(scenario) -> None:
    """Tell the user about scenario files that shadow the library's (on standard error)."""
    for note in scenario.notes:
        print(f"llo-sim: note: {note}", file=sys.stderr)


def _run_options(args) -> dict:
    """Parameter overrides from ``--set`` and ``--employees``; checks ``--months`` and
    ``--seed``."""
    if args.seed < 0:
        raise ParameterError("command line", "--seed", args.seed, "an integer, 0 or more")
    if not 0 <= args.months <= MAX_MONTHS:
        raise ParameterError("command line", "--months", args.months,
                             f"0 to {MAX_MONTHS:,} months")
    overrides = _parse_set(args.set or [])
    if args.employees is not None:
        if "n_employees" in overrides:
            raise LloSimError(f"--employees {args.employees} and --set n_employees="
                              f"{overrides['n_employees']!r} both given; use one of them")
        overrides["n_employees"] = args.employees
    return overrides


def cmd_run(args) -> int:
    overrides = _run_options(args)
    scenario = load(args.scenario)
    scenario = scenario.with_overrides("command line", **overrides)
    _notes(scenario)
    out = _output_folder(args.out, args.overwrite)
    if cli_own.wants_own(args):
        return cli_own.cmd_run_own(args, scenario, out)
    _announce(estimate(scenario.parameters["n_employees"], args.months))
    bar, on_month = _progress(args.months, not args.quiet)
    try:
        result = run(scenario, months=args.months, seed=args.seed, on_month=on_month)
    finally:
        if bar is not None:
            bar.close()
    result.write(out, overwrite=args.overwrite)
    if not args.quiet:
        _print_summary(result, out)
    return 0


def _announce(job) -> None:
    """Print the estimate of a large job's time and memory before it starts (also with
    ``--quiet``: it is the moment to stop a job that will not fit)."""
    if job.large:
        print(f"llo-sim: {job}", file=sys.stderr, flush=True)


def _print_summary(result, out: Path) -> None:
    final = result.final()
    n = int(final["n_employees"])
    print(f"llo-sim {__version__}: scenario {result.scenario}, {n} employees, "
          f"{result.months} months, seed {result.seed}")
    for col in SUMMARY:
        print(f"  {col:<36} {final[col]:>12.3f}")
    from .costs import KNOBS, per_employee_year

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


TABLE = (HEADLINE, "learning_months_mean", "participation_any", "participation_formal",
         "participation_informal", "ratio_formal_theoretical_practical",
         "budget_uptake", "gini_learning", "theil_between_education",
         "ratio_practical_theoretical", "agency", "cost_per_participant",
         "participation_any[education=practical]", "participation_any[education=theoretical]",
         "participation_any[age=55+]", "participation_any[age=<35]",
         "participation_any[contract=flex]", "participation_any[contract=permanent]")


def cmd_compare(args) -> int:
    from .experiment import compare

    overrides = _run_options(args)
    _check_workers(args.workers)
    if len(args.scenarios) < 2:
        raise LloSimError("compare needs two or more scenarios (the first is the reference); "
                          f"got {len(args.scenarios)}")
    ensemble = _ensemble(args)
    if args.replications is None:
        args.replications = len(ensemble) if ensemble is not None else 10
    if not 1 <= args.replications <= MAX_REPLICATIONS:
        raise ParameterError("command line", "--replications", args.replications,
                             f"1 to {MAX_REPLICATIONS:,}")
    scenarios = [load(s).with_overrides("command line", **overrides) for s in args.scenarios]
    for sc in scenarios:
        _notes(sc)
    out = _output_folder(args.out, args.overwrite)
    total = len(scenarios) * args.replications
    _announce(estimate(max(sc.parameters["n_employees"] for sc in scenarios), args.months,
                       runs=total, workers=args.workers))
    bar, on_done = _progress(total, not args.quiet, unit="run")
    try:
        result = compare(scenarios, replications=args.replications, seed=args.seed,
                         months=args.months, workers=args.workers, on_done=on_done,
                         ensemble=ensemble)
    finally:
        if bar is not None:
            bar.close()
    result.write(out, figure=not args.no_figure, overwrite=args.overwrite)
    if not args.quiet:
        _print_comparison(result, out)
    return 0


def _ensemble(args):
    """The ensemble a comparison runs over: the package's unless --no-ensemble or --ensemble."""
    from .ensemble import ENSEMBLE_FILE, load_ensemble

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
        cells = [_cell(r["mean"], r["p05"], r["p95"], "") for r in rows]
        print(f"{measure:<{width}}" + "".join(f"{c:>30}" for c in cells))
        if len(names) > 1:
            d = [diffs.loc[(n, measure)] for n in names[1:]]
            cells = [""] + [_cell(x["mean_difference"], x["p05"], x["p95"], "+")
                            + f" {x['share_higher']:.0%}" for x in d]
            print(f"{'  difference':<{width}}" + "".join(f"{c:>30}" for c in cells))
    print_costs(result, width, _cell)
    files = ["summary.csv", "differences.csv", "costs.csv", "cost_effectiveness.csv",
             "timeseries.csv", "groups.csv", "compare.json"]
    if (out / "comparison.png").exists():
        files += ["comparison.png", "comparison.svg"]
    print("wrote " + ", ".join(str(out / f) for f in files))


def _cell(mean: float, low: float, high: float, sign: str) -> str:
    """``mean [low,high]``, with fewer decimals for large numbers (costs)."""
    big = abs(mean) >= 10
    m, ci = (f"{sign}.0f", f"{sign}.0f") if big else (f"{sign}.3f", f"{sign}.2f")
    return f"{mean:{m}} [{low:{ci}},{high:{ci}}]"


def cmd_dashboard(args) -> int:
    from .dashboard import serve

    if not 0 < args.port < 65536:
        raise ParameterError("command line", "--port", args.port, "a port from 1 to 65535")
    _check_host(args.host)
    serve(args.host, args.port)  # replaces this process with the server
    return 0


def _check_host(host: str) -> None:
    """``--host`` must be an address of this computer (a name is looked up first)."""
    import socket

    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise LloSimError(f"--host {host}: not a known host name or address "
                          f"({getattr(exc, 'strerror', None) or exc}); e.g. 127.0.0.1") from None
    family, _, _, _, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as s:
        try:
            s.bind((address[0], 0))
        except OSError as exc:
            raise LloSimError(f"--host {host}: not an address of this computer "
                              f"({exc.strerror or exc}); e.g. 127.0.0.1") from None


def cmd_sweep(args) -> int:
    from .experiment_file import load_experiment
    from .sweep import run_sweep

    _check_workers(args.workers)
    exp = load_experiment(args.experiment)
    out = _output_folder(_sweep_out(args, exp), args.overwrite, allow_existing=True)
    _announce_sweep(exp, args.workers)
    result = run_sweep(exp, out, workers=args.workers, scheduler=args.scheduler,
                       progress=not args.quiet, overwrite=args.overwrite)
    _report_damaged(result)
    if not args.quiet:
        print(f"sweep {exp.name}: {result.runs} runs ({exp.design}, "
              f"{result.runs // exp.replications} points x {exp.replications} replications), "
              f"{result.ran} run now, {result.skipped} already done, {result.seconds:.1f} s")
        print(f"wrote {out / 'summary'}/, {out / 'timeseries'}/ (Parquet), {out / 'sweep.json'}")
    return 0


def _sweep_out(args, exp) -> str:
    return str(Path("out") / exp.name) if args.out is None else args.out


def _announce_sweep(exp, workers) -> None:
    employees = max(int(exp.base_parameters["n_employees"]),
                    *(int(p.get("n_employees", 0)) for p in exp.points()))
    runs = len(exp.points()) * exp.replications
    _announce(estimate(employees, exp.months, runs=runs, workers=workers))


def _report_damaged(result) -> None:
    if result.damaged:
        print(f"llo-sim: note: {len(result.damaged)} damaged part(s) found and run again: "
              + "; ".join(result.damaged[:3]) + ("; ..." if len(result.damaged) > 3 else ""),
              file=sys.stderr)


def cmd_sensitivity(args) -> int:
    from .experiment_file import load_experiment
    from .sensitivity import check_method, run_sensitivity

    _check_workers(args.workers)
    exp = load_experiment(args.experiment)
    check_method(exp)
    unknown = [m for m in (args.measures or []) if m not in exp.measures]
    if unknown:
        raise LloSimError(f"--measures {' '.join(unknown)}: not kept by {exp.name}; expected "
                          f"some of {', '.join(exp.measures)}")
    out = _output_folder(_sweep_out(args, exp), args.overwrite, allow_existing=True)
    _announce_sweep(exp, args.workers)
    result = run_sensitivity(exp, out, measures=args.measures, workers=args.workers,
                             scheduler=args.scheduler, progress=not args.quiet,
                             overwrite=args.overwrite)
    _report_damaged(result.sweep)
    if not args.quiet:
        key = "mu_star" if result.method == "morris" else "ST"
        print(f"{result.method} indices of {exp.name} ({key}, largest first):")
        for measure, rows in result.table.groupby("measure", sort=False):
            cells = ", ".join(f"{r.parameter} {getattr(r, key):.3g}" for r in
                              rows.sort_values(key, ascending=False).itertuples())
            print(f"  {measure}: {cells}")
        print("wrote " + ", ".join(str(f) for f in result.files))
    return 0


def _check_workers(workers) -> None:
    if workers is not None and workers < 1:
        raise ParameterError("command line", "--workers", workers, "1 or more processes")


def cmd_scenarios(args) -> int:
    """List the library; a file that cannot be read is listed with its error (on standard
    error too) and does not stop the others."""
    from .scenario import shadowing

    for name in available():
        try:
            sc = load(name)
        except LloSimError as exc:
            print(f"{name:<24} [cannot be used: see the error below]")
            print(f"llo-sim: error: {exc}", file=sys.stderr)
            continue
        print(f"{name:<24} {sc.title.get(args.lang, '')}")
    for note in shadowing():
        print(f"llo-sim: note: {note}", file=sys.stderr)
    return 0


def cmd_params(args) -> int:
    chosen = [p for p in REGISTRY_LIST if not args.group or p.group.startswith(args.group)]
    if not chosen:
        groups = sorted({p.group.split(":")[0] for p in REGISTRY_LIST})
        raise LloSimError(f"--group {args.group}: no such group; expected one of "
                          + ", ".join(groups))
    for p in chosen:
        print(f"{p.name:<32} {p.default!s:<10} {p.allowed():<34} {p.unit}")
        print(f"{'':<32} {p.meaning} [{p.source}]")
    return 0


class _Parser(argparse.ArgumentParser):
    """argparse with its errors on one line (``llo-sim run: error: ...``), exit code 2."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="llo-sim", description=__doc__.split("\n")[0])
    parser.add_argument("--version", action="version", version=f"llo-sim {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

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
    cli_own.add_run_options(p)
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("compare", help="compare scenarios over replications (common random "
                       "numbers, in parallel)")
    p.add_argument("scenarios", nargs="+", help="two or more .toml files or library names; the "
                   "first is the reference for differences")
    p.add_argument("--replications", type=int, help="runs per scenario (default: one per "
                   "parameter set of the ensemble, or 10 with --no-ensemble)")
    p.add_argument("--ensemble", metavar="FILE", help="a calibrated ensemble (default: the "
                   "package's); each replication runs in one of its parameter sets")
    p.add_argument("--no-ensemble", action="store_true", help="run every replication with the "
                   "registry defaults (seed uncertainty only)")
    p.add_argument("--employees", type=int, help="number of employees (default: scenario's)")
    p.add_argument("--months", type=int, default=120, help="months to simulate (default 120)")
    p.add_argument("--seed", type=int, default=0, help="base random seed (default 0)")
    p.add_argument("--workers", type=int, help="processes (default: number of cores)")
    p.add_argument("--out", default="out/compare", help="output folder (default "
                   "out/compare); must be new or empty unless --overwrite")
    p.add_argument("--overwrite", action="store_true", help="replace an existing --out "
                   "folder as a whole (only once the new results are complete)")
    p.add_argument("--set", action="append", metavar="KEY=VALUE",
                   help="override a registry parameter in every scenario; may be repeated")
    p.add_argument("--no-figure", action="store_true", help="skip comparison.png/.svg")
    p.add_argument("--quiet", action="store_true", help="no progress bar or table")
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser("dashboard", help="start the dashboard in the browser (Solara)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default "
                   "127.0.0.1: this computer only)")
    p.add_argument("--port", type=int, default=8765, help="port (default 8765)")
    p.set_defaults(func=cmd_dashboard)

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

    cli_calibrate.add_parser(sub)
    cli_discover.add_parser(sub)
    cli_own.add_check_parser(sub)
    cli_optimise.add_parser(sub)

    p = sub.add_parser("scenarios", help="list the scenario library")
    p.add_argument("--lang", choices=("nl", "en"), default="en")
    p.set_defaults(func=cmd_scenarios)

    p = sub.add_parser("params", help="list every parameter with its range and source")
    p.add_argument("--group", help="only parameters whose group starts with this")
    p.set_defaults(func=cmd_params)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except LloSimError as exc:
        print(f"llo-sim: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. `llo-sim scenarios | head -3`: not an error
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except OSError as exc:  # e.g. the disk filled up while writing results
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"llo-sim: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("llo-sim: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
