"""``llo-sim calibrate``: fit the model to the targets and write a calibrated ensemble.

The calibration needs pyabc, an optional extra (``pip install 'llo-sim[calibrate]'``): without
it every other command works, and ``llo-sim calibrate`` says in one line what to install."""

from __future__ import annotations

import argparse

from llo_sim.errors import LloSimError

EXTRA = "llo-sim calibrate needs pyabc: pip install 'llo-sim[calibrate]'"


def calibration():
    """The module :mod:`llo_sim.study.calibrate`, or None when pyabc is not installed."""
    try:
        from llo_sim.study import calibrate
    except ImportError as exc:
        if (exc.name or "").split(".")[0] != "pyabc":
            raise
        return None
    return calibrate


def add_parser(sub) -> None:
    """Add the ``calibrate`` command to the command line's subparsers; the default run size is
    that of the calibration that made the shipped ensemble (``Setup``)."""
    module = calibration()
    employees, months = ((module.Setup.n_employees, module.Setup.months) if module
                         else (None, None))
    from llo_sim.cli.common import add_scheduler, command

    p = command(sub, "calibrate", "fit the model's unknown weights to Dutch survey figures "
                "and published studies (for researchers)",
                "Fit the weights nobody can measure directly to the target patterns (formal "
                "and informal learning, the education gap, budget use, ...) and to the "
                "published studies of the instruments, by ABC-SMC (needs `pip install "
                "'llo-sim[calibrate]'`), and write an ensemble of plausible parameter sets "
                "that `llo-sim compare --ensemble` takes. Takes hours; --resume continues.",
                [("llo-sim calibrate --out out/calibration --max-minutes 120", "")])
    p.add_argument("--out", default="out/calibration", metavar="DIR", help="folder for "
                   "abc.db (the sampler's history, for --resume) and ensemble.json (default "
                   "out/calibration)")
    p.add_argument("--population", type=int, default=100, metavar="N", help="parameter sets "
                   "per generation = size of the ensemble (default 100, at least 10)")
    p.add_argument("--generations", type=int, default=15, metavar="N", help="most generations "
                   "(default 15)")
    shipped = "as the ensemble that comes with llo-sim"
    p.add_argument("--employees", type=int, default=employees, metavar="N",
                   help=f"employees per run (default: {shipped}" + (f", {employees:,})"
                                                                    if employees else ")"))
    p.add_argument("--months", type=int, default=months, metavar="M", help="months per run "
                   f"after the warm start (default: {shipped}" + (f", {months})" if months
                                                                  else ")"))
    where = p.add_mutually_exclusive_group()
    where.add_argument("--workers", type=int, default=2, metavar="N", help="processes "
                       "(default 2)")
    add_scheduler(where, "; the same ensemble as a local run with the same --seed")
    p.add_argument("--seed", type=int, default=1, metavar="S", help="seed of the sampler "
                   "(default 1)")
    p.add_argument("--max-minutes", type=float, default=60.0, metavar="MIN", help="stop after "
                   "this long and keep what was reached (default 60)")
    p.add_argument("--priors", metavar="FILE", help="a priors TOML file (default: the one "
                   "that comes with llo-sim)")
    p.add_argument("--targets", metavar="FILE", help="a targets TOML file (default: the one "
                   "that comes with llo-sim)")
    p.add_argument("--evidence", metavar="FILE", help="an evidence TOML file whose studies "
                   "are reproduced as virtual trials (default: the one that comes with "
                   "llo-sim; docs/evidence.md)")
    p.add_argument("--no-trials", action="store_true", help="fit the baseline targets only, "
                   "without the virtual trials of the instruments")
    p.add_argument("--resume", action="store_true", help="continue the calibration in --out")
    p.set_defaults(func=cmd_calibrate)


def _check(args: argparse.Namespace) -> None:
    from llo_sim.engine.limits import MAX_MONTHS, check_whole

    import importlib.util

    module = calibration()
    if module is None or importlib.util.find_spec("pyabc") is None:
        raise LloSimError(EXTRA)
    for flag, value, low, high in (("--population", args.population, 10, 100_000),
                                   ("--generations", args.generations, 1, 1000),
                                   ("--employees", args.employees, 10, 200_000),
                                   ("--months", args.months, 24, MAX_MONTHS),
                                   ("--workers", args.workers, 1, 256)):
        check_whole("command line", flag, value, low, high)
    check_whole("command line", "--seed", args.seed, 0, module.MAX_SEED)
    if not 0 < args.max_minutes <= module.MAX_MINUTES:
        raise LloSimError(f"--max-minutes {args.max_minutes:g}: expected a positive number of "
                          f"minutes, at most {module.MAX_MINUTES:,}")


def cmd_calibrate(args: argparse.Namespace) -> int:
    from llo_sim.study.priors import PRIORS_FILE, load_priors
    from llo_sim.study.targets import TARGETS_FILE, load_targets
    from llo_sim.study.trials import EVIDENCE_FILE, load_evidence

    _check(args)                      # pyabc first: without it, one line naming the extra
    from llo_sim.study.calibrate import Setup, calibrate

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
