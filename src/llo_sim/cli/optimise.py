"""``llo-sim optimise``: the best mixes of HR instruments for a budget (see
:mod:`llo_sim.study.optimise.search`)."""

from __future__ import annotations

import argparse
import sys

from llo_sim.errors import LloSimError

PRESETS = {"care": "care_organisation", "technical": "technical_organisation", "sme": "sme",
           "large": "large_organisation"}


def add_parser(sub) -> None:
    """Add the ``optimise`` command to the command line's subparsers."""
    from llo_sim.cli.common import add_scheduler, command

    p = command(sub, "optimise", "the best mixes of HR instruments for a budget",
                "Search the mixes of instruments (their intensities, and the personal "
                "budget's amount, coverage and procedure) that get the most employees learning "
                "a lot with the smallest education gap for a budget per employee per year, "
                "judged across the calibrated worlds. Writes the best mixes as scenario files "
                "that `llo-sim run` takes, a table and a figure; an interrupted search "
                "continues with --resume.",
                [("llo-sim optimise --budget 400 --organisation care --out out/care400",
                  "docs/policy.md walks through the result")])
    p.add_argument("--budget", required=True, metavar="EUR", help="EUR per employee per year")
    base = p.add_mutually_exclusive_group()
    base.add_argument("--scenario", metavar="SCENARIO", help="the organisation and fixed "
                      "policy to start from: a name from `llo-sim scenarios` or a .toml file "
                      "(default baseline)")
    base.add_argument("--organisation", metavar="PRESET", help="an organisation preset: "
                      + ", ".join(f"{k} ({v})" for k, v in PRESETS.items()))
    p.add_argument("--instruments", metavar="LIST", help="comma-separated instruments to "
                   "search (default: all; 'budget' is the personal budget's amount, coverage "
                   "and procedure)")
    p.add_argument("--evaluations", type=int, default=200, metavar="N", help="mixes to try "
                   "(default 200)")
    p.add_argument("--worlds", type=int, metavar="N", help="calibrated worlds each mix runs "
                   "in during the search (default 25)")
    p.add_argument("--final-worlds", type=int, metavar="N", help="worlds the best mixes are "
                   "then run in (default: all)")
    p.add_argument("--employees", type=int, default=1000, metavar="N", help="employees "
                   "(default 1000)")
    p.add_argument("--months", type=int, default=120, metavar="M", help="months (default 120)")
    p.add_argument("--seed", type=int, default=0, metavar="S", help="base seed (default 0)")
    p.add_argument("--out", default="out/optimise", metavar="DIR", help="folder for the "
                   "results (default "
                   "out/optimise); must be new or empty unless --resume")
    p.add_argument("--resume", action="store_true", help="continue the optimisation in --out "
                   "(runs already made are read, not run again)")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--workers", type=int, metavar="N", help="processes (default: one "
                       "per core)")
    add_scheduler(where)
    p.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    p.set_defaults(func=cmd_optimise)


def _base(args: argparse.Namespace) -> str:
    if args.organisation is None:
        return args.scenario or "baseline"
    name = PRESETS.get(args.organisation, args.organisation)
    if name not in PRESETS.values():
        raise LloSimError(f"--organisation {args.organisation}: no such preset; expected one "
                          "of " + ", ".join(PRESETS))
    return name


def cmd_optimise(args: argparse.Namespace) -> int:
    from llo_sim.api import optimise

    if args.workers is not None and args.workers < 1:
        from llo_sim.errors import ParameterError

        raise ParameterError("command line", "--workers", args.workers, "1 or more processes")
    instruments = None if args.instruments is None else args.instruments.split(",")
    bar, progress = None, None
    if not args.quiet:
        from tqdm import tqdm

        bar = tqdm(total=1, unit="run", desc="optimise", disable=None, leave=False)

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.n = done
            bar.refresh()
    try:
        result = optimise(args.budget, base=_base(args), employees=args.employees,
                          months=args.months, evaluations=args.evaluations, worlds=args.worlds,
                          final_worlds=args.final_worlds, seed=args.seed, out=args.out,
                          resume=args.resume, workers=args.workers, scheduler=args.scheduler,
                          instruments=instruments, progress=progress)
    finally:
        if bar is not None:
            bar.close()
    if result.damaged:
        print(f"llo-sim: note: {len(result.damaged)} damaged record(s) in evaluations.jsonl "
              "found and run again: " + "; ".join(result.damaged[:3])
              + ("; ..." if len(result.damaged) > 3 else ""), file=sys.stderr)
    if not args.quiet:
        _print(result)
    return 0


def _print(result) -> None:
    f = result.front
    print(f"optimise: budget EUR {result.budget:,.0f} per employee per year on "
          f"{result.base.name}; {len(result.evaluations)} mixes tried in "
          f"{len(result.search_worlds)} worlds, {len(f)} Pareto mixes run in "
          f"{len(result.final_worlds)} worlds; learning a lot: 10th percentile of the "
          "worlds, gap: 90th percentile")
    print(f"{'mix':<8}{'EUR/yr':>8}{'learning a lot p10':>20}{'gap p90':>9}"
          f"{'learners/EUR 1,000':>20}")
    if len(f) and not f["within_budget"].any():
        print("no mix stayed within the budget in 9 of 10 worlds; the nearest are shown")
    for _, r in f.iterrows():
        mark = "  <- recommended" if r["recommended"] else ""
        print(f"{r['name']:<8}{r['cost_per_employee_year']:>8.0f}{r['headline_p10']:>20.3f}"
              f"{r['gap_p90']:>9.2f}{r['extra_learners_per_eur_1000']:>20.2f}{mark}")
    print("library scenarios on this organisation, beside the best mix that costs no more:")
    for _, r in result.shipped.iterrows():
        best = r.get("best_mix_at_equal_cost")
        versus = (f"; {best} {r['headline_p10_difference']:+.3f}, ahead in "
                  f"{r['share_worlds_mix_ahead']:.0%} of worlds" if isinstance(best, str)
                  else "; no mix found costs as little")
        print(f"  {r['scenario']:<24} EUR {r['cost_per_employee_year']:>6.0f}  learning a lot "
              f"p10 {r['headline_p10']:.3f}{versus}")
    if result.files:
        print("wrote " + ", ".join(str(p) for p in result.files[:3]) + ", ... "
              f"({len(result.files)} files)", file=sys.stdout)
