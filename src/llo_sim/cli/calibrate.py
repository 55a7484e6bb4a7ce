"""``llo-sim calibrate``: fit the model to the targets and write a calibrated ensemble."""

from __future__ import annotations

import argparse

from llo_sim.errors import LloSimError
from llo_sim.study.calibrate import Setup


def add_parser(sub) -> None:
    """Add the ``calibrate`` command to the command line's subparsers."""
    p = sub.add_parser("calibrate", help="fit the unknown weights to the Dutch targets "
                       "(ABC-SMC) and write an ensemble of plausible parameter sets")
    p.add_argument("--out", default="out/calibration", help="output folder: abc.db (pyabc's "
                   "history, for --resume) and ensemble.json (default out/calibration)")
    p.add_argument("--population", type=int, default=100, help="parameter sets per "
                   "generation = size of the ensemble (default 100, at least 10)")
    p.add_argument("--generations", type=int, default=15, help="most generations (default 15)")
    p.add_argument("--employees", type=int, default=Setup.n_employees, help="employees per run "
                   f"(default {Setup.n_employees}, as the shipped ensemble)")
    p.add_argument("--months", type=int, default=Setup.months, help="months per run after the "
                   f"warm start (default {Setup.months}, as the shipped ensemble)")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--workers", type=int, default=2, help="processes (default 2)")
    where.add_argument("--scheduler", metavar="ADDRESS", help="run on a Dask distributed "
                       "cluster, e.g. tcp://host:8786 (needs llo-sim[distributed]); the same "
                       "ensemble as a local run with the same --seed")
    p.add_argument("--seed", type=int, default=1, help="seed of the sampler (default 1)")
    p.add_argument("--max-minutes", type=float, default=60.0, help="stop after this long and "
                   "keep what was reached (default 60)")
    p.add_argument("--priors", help="a priors TOML file (default: the package's)")
    p.add_argument("--targets", help="a targets TOML file (default: the package's)")
    p.add_argument("--evidence", help="an evidence TOML file whose studies are reproduced as "
                   "virtual trials (default: the package's; docs/evidence.md)")
    p.add_argument("--no-trials", action="store_true", help="fit the baseline targets only, "
                   "without the virtual trials of the instruments")
    p.add_argument("--resume", action="store_true", help="continue the calibration in --out")
    p.set_defaults(func=cmd_calibrate)


def _check(args: argparse.Namespace) -> None:
    from llo_sim.engine.limits import MAX_MONTHS, check_whole
    from llo_sim.study.calibrate import MAX_MINUTES, MAX_SEED

    for flag, value, low, high in (("--population", args.population, 10, 100_000),
                                   ("--generations", args.generations, 1, 1000),
                                   ("--employees", args.employees, 10, 200_000),
                                   ("--months", args.months, 24, MAX_MONTHS),
                                   ("--workers", args.workers, 1, 256)):
        check_whole("command line", flag, value, low, high)
    check_whole("command line", "--seed", args.seed, 0, MAX_SEED)
    if not 0 < args.max_minutes <= MAX_MINUTES:
        raise LloSimError(f"--max-minutes {args.max_minutes:g}: expected a positive number of "
                          f"minutes, at most {MAX_MINUTES:,}")


def cmd_calibrate(args: argparse.Namespace) -> int:
    from llo_sim.study.calibrate import Setup, calibrate
    from llo_sim.study.priors import PRIORS_FILE, load_priors
    from llo_sim.study.targets import TARGETS_FILE, load_targets
    from llo_sim.study.trials import EVIDENCE_FILE, load_evidence

    _check(args)
    priors, targets = args.priors or PRIORS_FILE, args.targets or TARGETS_FILE
    evidence = None if args.no_trials else args.evidence or EVIDENCE_FILE
    if args.no_trials and args.evidence:
        raise LloSimError("--evidence and --no-trials exclude each other")
    load_priors(priors)               # bad input: one line, before anything runs
    load_targets(targets)
    if evidence is not None:
        load_evidence(evidence)
    ensemble = calibrate(args.out, population=args.population, generations=args.generations,
                         setup=Setup(args.employees, args.months), workers=args.workers,
                         seed=args.seed, max_minutes=args.max_minutes, resume=args.resume,
                         priors_file=priors, targets_file=targets, evidence_file=evidence,
                         scheduler=args.scheduler)
    inside = int((ensemble.distances == 0).sum())
    print(f"wrote {args.out}/ensemble.json: {len(ensemble)} parameter sets, {inside} with "
          f"every target inside its band (final tolerance "
          f"{ensemble.provenance['final_epsilon']:.3g}, "
          f"{ensemble.provenance['simulations']} runs)")
    return 0
