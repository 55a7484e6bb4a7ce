"""The command line for your own organisation (docs/own-organisation.md):

    llo-sim run SCENARIO --workforce FILE.csv [--teams FILE.csv] [--scan FILE.csv]
                         [--mapping NAME|FILE] [--reference-date DATE] [--external WHAT]
                         [--replications R] [--min-group N] [--per-employee] [--workers W]
    llo-sim check RUN_DIR --scan LATER.csv [--workforce FILE.csv] [--tolerance T] [--out DIR]
    llo-sim own inspect EXPORT.csv [--out MAPPING.toml]
"""

from __future__ import annotations

import sys
from pathlib import Path

from llo_sim.errors import LloSimError


def add_run_options(p) -> None:
    """The options of ``llo-sim run`` that load your own organisation."""
    own = p.add_argument_group("your own organisation (docs/own-organisation.md; blank "
                               "files: `llo-sim copy templates`)")
    own.add_argument("--workforce", metavar="FILE", help="a CSV file with one anonymised row "
                     "per employee: team, education, age, contract, care duties")
    own.add_argument("--teams", metavar="FILE", help="a CSV file with one row per team: the "
                     "leader's style and coaching (needs --workforce)")
    own.add_argument("--scan", metavar="FILE", help="the first scan of richting, ruimte and "
                     "ruggensteun per team: the model starts from it and predicts the next "
                     "scan (needs --workforce)")
    own.add_argument("--mapping", metavar="NAME|FILE", help="how to read an HR export: "
                     "afas, youforce, successfactors, excel, llo-sim, or a TOML file "
                     "(default: recognised from the columns; `llo-sim own inspect FILE` "
                     "proposes one)")
    own.add_argument("--reference-date", metavar="DATE", help="the day ages are computed on "
                     "from dates of birth, e.g. 2025-03-31 (default: the first scan's date "
                     "column, else today)")
    own.add_argument("--external", choices=("leave-out", "flex"), help="agency workers and "
                     "ZZP, who are not employees of the organisation: leave them out, or "
                     "count them as flex employees (default: the mapping's setting, leave "
                     "out)")
    own.add_argument("--replications", type=int, default=20, metavar="R", help="runs in the "
                     "calibrated ensemble's worlds for the predictions a later scan is "
                     "checked against (with --scan; default 20)")
    own.add_argument("--min-group", type=int, default=5, metavar="N", help="groups smaller "
                     "than this are left out of every output, with as many more as keep them "
                     "from being worked out from totals (default 5)")
    own.add_argument("--per-employee", action="store_true", help="also write employees.csv: "
                     "the final state per employee, by the input's pseudonymous id only")
    own.add_argument("--workers", type=int, default=1, metavar="N", help="processes for the "
                     "replications (default 1)")


def wants_own(args) -> bool:
    return any(getattr(args, k, None) for k in ("workforce", "teams", "scan", "per_employee",
                                                 "mapping", "reference_date", "external"))


def cmd_run_own(args, scenario, out: Path) -> int:
    """``llo-sim run`` with ``--workforce``."""
    from llo_sim.api import run
    from llo_sim.cli.common import announce, progress
    from llo_sim.engine.limits import check_whole, estimate
    from llo_sim.own import load_organisation

    if not args.workforce:
        flag = next(f"--{k.replace('_', '-')}" for k in ("teams", "scan", "mapping",
                    "reference_date", "external", "per_employee") if getattr(args, k, None))
        raise LloSimError(f"{flag} needs --workforce FILE (your organisation's workforce)")
    if args.employees is not None:
        raise LloSimError(f"--employees {args.employees} and --workforce both given; the "
                          "workforce file's rows are the employees")
    check_whole("command line", "--replications", args.replications, 1, 10_000)
    check_whole("command line", "--min-group", args.min_group, 1, 1_000_000)
    check_whole("command line", "--workers", args.workers, 1, 256)
    org = load_organisation(args.workforce, args.teams, args.scan, mapping=args.mapping,
                            reference_date=args.reference_date,
                            external=args.external)                      # all checks first
    print_notes(org.notes)
    runs = 1 + (args.replications if org.scan is not None else 0)
    announce(estimate(org.n, args.months, runs=runs, workers=args.workers, own=True))
    bars = []

    def bar_for(total, unit, desc):
        bar, step = progress(total, not args.quiet, unit=unit, desc=desc)
        bars.append(bar)
        return step

    try:
        result = run(scenario, months=args.months, seed=args.seed, workforce=args.workforce,
                     organisation=org, replications=args.replications,
                     min_group=args.min_group, per_employee=args.per_employee,
                     workers=args.workers, on_month=bar_for(args.months, "month", "simulating"),
                     on_replication=bar_for(args.replications, "run", "predicting")
                     if args.scan else None)
    finally:
        for bar in bars:
            if bar is not None:
                bar.close()
    from llo_sim.figures.run import run_files     # matplotlib: only when it draws

    result.figures = run_files
    result.write(out, overwrite=args.overwrite)
    if not args.quiet:
        from llo_sim.cli.summary import summary_lines, written

        print(f"llo-sim: scenario {result.scenario}, your organisation of {org.n:,} employees "
              f"in {org.n_teams} teams, {result.months} months, seed {result.seed}; groups "
              f"under {result.min_group} people are not shown")
        print("\n".join(summary_lines(result)))
        print(f"wrote {', '.join(str(out / f) for f in written(result))}")
    return 0


def print_notes(notes) -> None:
    """What the reading merged or matched (team spellings), on standard error."""
    for note in notes:
        print(f"llo-sim: note: {note}", file=sys.stderr)


def add_check_parser(sub) -> None:
    from llo_sim.cli.common import command

    p = command(sub, "check", "compare a later scan with what a run of your own organisation "
                "predicted", "Read the run folder of `llo-sim run ... --workforce ... --scan` "
                "and a later scan of the same teams, and say per team and quantity whether the "
                "scan came out better than predicted, as predicted or worse (against the 90% "
                "interval of the predictions). Writes check.csv, check.png (a figure) and "
                "check.json into RUN_DIR/check-MONTH.",
                [("llo-sim check out/plan --scan scan_1.csv", "the scan a year later "
                  "(its column month says 12)")])
    p.add_argument("run_dir", metavar="RUN_DIR", help="the folder of `llo-sim run ... "
                   "--workforce ... --scan ...`")
    p.add_argument("--scan", required=True, metavar="FILE", help="the later scan (with a "
                   "column month: months after the first scan)")
    p.add_argument("--workforce", metavar="FILE", help="the run's workforce file (only for a "
                   "scan per respondent, column id)")
    p.add_argument("--tolerance", type=float, default=0.1, metavar="T", help="measurement "
                   "tolerance on the scan's scale: a value within this of the 90%% interval "
                   "counts as predicted (default 0.1)")
    p.add_argument("--out", metavar="DIR", help="folder for the check (default "
                   "RUN_DIR/check-MONTH)")
    p.add_argument("--overwrite", action="store_true", help="replace an earlier check in --out")
    p.add_argument("--quiet", action="store_true", help="no table")
    p.set_defaults(func=cmd_check)


def cmd_check(args) -> int:
    from llo_sim.cli.common import output_folder
    from llo_sim.own.check import check, summary_lines, write_check

    if not 0 <= args.tolerance <= 100:
        from llo_sim.errors import ParameterError

        raise ParameterError("command line", "--tolerance", args.tolerance, "0 to 100")
    inputs = [args.run_dir, args.scan, args.workforce]
    if args.out is not None:              # the default is known once the month is read
        output_folder(args.out, args.overwrite, kind="check", inputs=inputs)
    table = check(args.run_dir, args.scan, workforce=args.workforce, tolerance=args.tolerance)
    print_notes(table.attrs.get("notes", []))
    month = int(table["month"].iloc[0])
    out = Path(args.out or Path(args.run_dir) / f"check-{month}")
    if args.out is None:
        output_folder(out, args.overwrite, kind="check", inputs=inputs)
    from llo_sim.figures.check import check_files

    write_check(table, out, args.run_dir, args.scan, args.workforce, args.tolerance,
                args.overwrite, figures=check_files)
    if not args.quiet:
        print(f"month {month}: measured against the 90% interval of the predictions "
              f"(tolerance {args.tolerance:g} on the scan's scale)")
        print("\n".join(summary_lines(table)))
        print(f"wrote {out / 'check.csv'}, {out / 'check.png'}, {out / 'check.json'}")
    return 0


def add_own_parser(sub) -> None:
    """``llo-sim own inspect FILE``: a mapping proposed for a new HR export."""
    p = sub.add_parser(
        "own", help="your own organisation's files (inspect an HR export)",
        description="Work with your own organisation's files before a run: `llo-sim own "
                    "inspect EXPORT.csv` reads an HR export and proposes the mapping that "
                    "turns its columns and words into the workforce file llo-sim reads.")
    own_sub = p.add_subparsers(dest="own_command", required=True, metavar="inspect",
                               help="what to do with the file")
    q = own_sub.add_parser(
        "inspect", help="look at an HR export (encoding, separator, columns, the words used) "
                        "and print a mapping for it (TOML) to check, edit and give with "
                        "--mapping",
        description="Look at an HR export (its encoding, separator, columns and the words it "
                    "uses) and print a mapping for it, as TOML: check it, edit it, and give "
                    "it to `llo-sim run --mapping`. Nothing of the export is sent anywhere.")
    q.add_argument("file", help="the export, as CSV")
    q.add_argument("--out", metavar="FILE", help="write the mapping to FILE (default: print it)")
    q.add_argument("--overwrite", action="store_true", help="replace an existing --out file")
    q.set_defaults(func=cmd_inspect)


def cmd_inspect(args) -> int:
    from llo_sim.own.inspection import inspect_file

    text = inspect_file(args.file).toml()
    if args.out is None:
        sys.stdout.write(text)
        return 0
    out = Path(args.out)
    if out.resolve() == Path(args.file).resolve():
        raise LloSimError(f"--out: {out} is the export itself; give another file")
    if out.exists() and not args.overwrite:
        raise LloSimError(f"--out: {out} exists; give another file, or --overwrite to "
                          "replace it")
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out}: check it, fill in the lines marked TODO, then give --mapping {out}",
          file=sys.stderr)
    return 0
