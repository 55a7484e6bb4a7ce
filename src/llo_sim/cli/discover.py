"""``llo-sim discover``: the conditions under which a scenario does not beat another."""

from __future__ import annotations

import argparse
import sys

from llo_sim.errors import ParameterError


def add_parser(sub) -> None:
    """Add the ``discover`` command to the command line's subparsers."""
    from llo_sim.cli.common import add_scheduler, command

    p = command(sub, "discover", "when does a policy not beat another? the conditions, in "
                "plain words",
                "Run both scenarios, paired, across many conditions nobody controls (the "
                "calibrated worlds, how strongly each instrument works, the kind of "
                "organisation, the leaders, the workforce) and describe the conditions under "
                "which the first does not beat the second by more than --margin. Resumable "
                "and parallel like a sweep.",
                [("llo-sim discover integrated --against budget_only --margin 20 "
                  "--design 1000 --seed 1", "docs/discover.md explains the result")])
    p.add_argument("scenario", metavar="SCENARIO", help="the policy to test: a name from "
                   "`llo-sim scenarios` or a .toml file")
    p.add_argument("--against", required=True, metavar="OTHER",
                   help="the scenario to beat: a name from `llo-sim scenarios` or a .toml "
                   "file")
    p.add_argument("--margin", type=float, default=0.0, metavar="POINTS",
                   help="a point fails when the scenario beats OTHER by no more than this "
                   "many percentage points of the share who learned in at least 6 of the last 12 "
                   "months (default 0, -100 to 100)")
    p.add_argument("--design", type=int, default=200, metavar="N",
                   help="design points (Latin hypercube; default 200); each runs both "
                   "scenarios")
    p.add_argument("--employees", type=int, default=1000, metavar="N", help="employees per "
                   "run (default 1000)")
    p.add_argument("--months", type=int, default=120, metavar="M", help="months per run "
                   "(default 120)")
    p.add_argument("--seed", type=int, default=0, metavar="S", help="seed of the design and "
                   "the runs (default 0)")
    p.add_argument("--out", default="out/discover", metavar="DIR", help="folder for the "
                   "results (default "
                   "out/discover); must be new or empty unless --resume")
    p.add_argument("--resume", action="store_true", help="continue an interrupted discovery "
                   "in --out (the same options), or read its cases again with another "
                   "--margin")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--workers", type=int, metavar="N", help="processes (default: one "
                       "per core)")
    add_scheduler(where)
    p.add_argument("--set", action="append", metavar="KEY=VALUE", help="fix a model "
                   "parameter in every run (it then leaves the design; names: `llo-sim "
                   "params`); may be repeated")
    p.add_argument("--organisation", action="append", metavar="PRESET",
                   help="draw the organisation only from this preset (repeatable; default: "
                   "baseline, care_organisation, technical_organisation, sme, "
                   "large_organisation)")
    p.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    p.set_defaults(func=cmd_discover)


def cmd_discover(args: argparse.Namespace) -> int:
    from llo_sim.cli.common import (
        announce,
        check_workers,
        output_folder,
        parse_set,
        scenario_inputs,
    )
    from llo_sim.engine.limits import estimate
    from llo_sim.study.discover.design import ORGANISATIONS
    from llo_sim.api import discover
    from llo_sim.study.discover.discovery import check_options, make_design

    check_workers(args.workers)
    for flag, value in (("--design", args.design), ("--employees", args.employees),
                        ("--months", args.months), ("--seed", args.seed),
                        ("--margin", args.margin)):
        try:
            check_options(**{**_VALID, _KEYS[flag]: value})
        except ParameterError as exc:
            raise ParameterError("command line", flag, value, exc.allowed) from None
    fixed = parse_set(args.set or [])
    for name in args.organisation or ():
        if name not in ORGANISATIONS:
            raise ParameterError("command line", "--organisation", name,
                                 "one of " + ", ".join(ORGANISATIONS))
    design = make_design(args.scenario, args.against, design_size=args.design,
                         employees=args.employees, months=args.months, seed=args.seed,
                         fixed=fixed, organisations=args.organisation)
    output_folder(args.out, allow_existing=args.resume, kind="discover",
                  inputs=scenario_inputs(design.scenario, design.other))
    remaining = args.design - _points_done(args)
    if remaining > 0:
        announce(estimate(args.employees, args.months, runs=2 * remaining,
                           workers=args.workers))
    bar = None
    if not args.quiet:
        from tqdm import tqdm

        bar = tqdm(total=args.design, unit="point", desc="discover", disable=None)

    def progress(done: int, total: int) -> None:
        if bar is not None:
            bar.n = done
            bar.refresh()

    try:
        result = discover(args.scenario, args.against, design_size=args.design,
                          employees=args.employees, months=args.months, margin=args.margin,
                          seed=args.seed, out=args.out, workers=args.workers,
                          scheduler=args.scheduler,
                          progress=progress, resume=args.resume, fixed=fixed,
                          organisations=args.organisation)
    finally:
        if bar is not None:
            bar.close()
    if not args.quiet:
        print(result.summary())
        print(f"{result.ran} points run now, {len(result.cases) - result.ran} already done, "
              f"{result.seconds:.1f} s", file=sys.stderr)
        print("wrote " + ", ".join(str(result.out / f) for f in
                                   ("cases.csv", "boxes.csv", "discovery.png",
                                    "discovery.svg", "summary.txt")))
    return 0


def _points_done(args: argparse.Namespace) -> int:
    """About how many points an existing discovery in ``--out`` holds (for the estimate)."""
    from pathlib import Path

    from llo_sim.study.discover.runs import TABLE, batch_size

    if not args.resume:
        return 0
    parts = len(list((Path(args.out) / TABLE).glob("part-*.parquet")))
    return min(args.design, parts * batch_size(args.design))


# one option at a time is checked with valid values for the others, so the error names it
_VALID = dict(design_size=1, employees=10, months=12, margin=0.0, seed=0)
_KEYS = {"--design": "design_size", "--employees": "employees", "--months": "months",
         "--seed": "seed", "--margin": "margin"}
