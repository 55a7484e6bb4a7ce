"""Calibration: fit the unknown weights to all targets at once, with ABC-SMC (pyabc).

Why approximate Bayesian computation by sequential Monte Carlo: the targets are bands, not
point estimates with known errors, and the model is stochastic and has no likelihood. ABC-SMC
(Toni et al. 2009; Klinger et al. 2018 for pyabc) keeps a *population* of parameter sets that
reproduce the data, shrinking the tolerance generation by generation; the final population is
the ensemble of plausible worlds, which is what the comparisons need. An optimiser (Optuna, as
Covasim does) would give one best set; history matching needs emulators we do not have.

The distance of a run is :func:`llo_sim.study.targets.distance`: how far each target lies outside
its band, in band widths, summed; 0 when every target holds. pyabc's tolerance schedule takes
the median distance of each generation; the calibration stops when it reaches 0, after
``generations`` generations, or after ``max_minutes``. Every particle is one baseline run
whose seed is derived from its parameter values, so a particle's run can be repeated exactly.
pyabc keeps its history in an SQLite file: an interrupted calibration resumes from it.
"""

from __future__ import annotations

import contextlib
import json
import logging
import zlib
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import numpy as np

from llo_sim.storage.provenance import package_version
from llo_sim.study.ensemble import Ensemble, resample, typed
from llo_sim.study.parallel import WorkerDied, executor_for, local_pool
from llo_sim.study.priors import (
    POLICY_PRIORS_FILE,
    PRIORS_FILE,
    TRIAL_PRIORS_FILE,
    CalibrationError,
    load_priors,
)
from llo_sim.study.rejuvenate import move
from llo_sim.study.runs import run_scenario
from llo_sim.study.seeds import derived_seed
from llo_sim.study.targets import (
    TARGETS_FILE,
    Target,
    evaluate,
    load_targets,
    targets_hash,
)
from llo_sim.study.trial_fit import fit_trial_weights
from llo_sim.study.trials import (
    EVIDENCE_FILE,
    Study,
    in_baseline,
    load_evidence,
    run_trials,
    trial_targets,
)

# pyabc's default kernel (Silverman's bandwidth) gives proposals so narrow, in a dozen and
# more dimensions, that the importance weights collapse onto a few particles; a wider
# kernel keeps the population diverse at the cost of a lower acceptance rate. Measured on the
# 16 calibrated dimensions (population 60): effective sample size after three generations 4 of
# 60 with twice Silverman's bandwidth, 16 of 60 with four times (docs/performance.md).
TRANSITION_SCALING = 4.0
MOVE_STEPS = 4            # Metropolis steps per member after the last generation
MIN_ESS = 50              # below this effective sample size, one last larger generation:
FINAL_POPULATION_FACTOR = 2.5    # its size, relative to the ensemble's
MAX_SEED = 2**32 - 1          # numpy's global seed, which pyabc draws from
MAX_MINUTES = 1_000_000       # about two years; more is a typo (and overflows a timedelta)


@dataclass(frozen=True)
class Setup:
    """How each particle is simulated."""

    n_employees: int = 1500
    months: int = 72
    scenario: str = "baseline"


def particle_seed(params: dict) -> int:
    """A run seed derived from the parameter values: the same particle, the same run."""
    key = json.dumps({k: round(float(v), 12) for k, v in sorted(params.items())})
    return zlib.crc32(key.encode())


def simulate(params: dict, setup: Setup, targets: list[Target],
             studies: list[Study] = ()) -> dict:
    """One particle: run the baseline with ``params`` and return each target's value, and
    the simulated effect of each virtual trial in ``studies`` (same world, same seed: the
    trials start from the baseline run's warmed-up organisation)."""
    kw = {k: typed(k, v) for k, v in params.items()}
    seed = particle_seed(kw)
    result = run_scenario(setup.scenario, months=setup.months, seed=seed,
                          n_employees=setup.n_employees, **kw)
    table = evaluate(result.timeseries, targets)
    values = {row.id: float(row.value) for row in table.itertuples()}
    if studies:
        world = result.parameters
        values.update({k: float(v) for k, v in run_trials(world, seed, list(studies)).items()})
    return values


class _Model:
    """A picklable pyabc model (the sampler's workers unpickle it)."""

    def __init__(self, setup: Setup, targets: list[Target], studies: list[Study]):
        self.setup, self.targets, self.studies = setup, targets, studies

    def __call__(self, params) -> dict:
        return simulate(dict(params), self.setup, self.targets, self.studies)


class _DistanceOf:
    """A parameter set's distance: simulate it, then measure (picklable, for the move step)."""

    def __init__(self, setup: Setup, targets: list[Target], studies: list[Study],
                 every_target: list[Target]):
        self.model = _Model(setup, targets, studies)
        self.distance = _Distance(every_target)

    def __call__(self, params: dict) -> float:
        return self.distance(self.model(params), None)


def _move(ensemble: Ensemble, priors: dict, distance_of, seed: int, map_) -> Ensemble:
    """The resampled ensemble after :data:`MOVE_STEPS` Metropolis steps per member at the
    final tolerance (:mod:`llo_sim.study.rejuvenate`), with what the steps did."""
    tolerance = float(ensemble.provenance["final_epsilon"])
    distinct = len(np.unique(ensemble.members, axis=0))
    members, distances, share = move(ensemble.members, ensemble.distances, ensemble.parameters,
                                     priors, distance_of, tolerance, MOVE_STEPS, seed, map_)
    return Ensemble(ensemble.parameters, members, distances, {
        **ensemble.provenance, "move": {
            "method": "Metropolis steps at the final tolerance after resampling (resample-move "
                      "SMC, Del Moral, Doucet & Jasra 2012)", "steps_per_member": MOVE_STEPS,
            "acceptance": share, "distinct_members_before": int(distinct),
            "distinct_members_after": int(len(np.unique(members, axis=0)))}})


class _Distance:
    """The targets' distance between a particle's values and the bands (``x0`` unused)."""

    def __init__(self, targets: list[Target]):
        self.targets = {t.id: t for t in targets}

    def __call__(self, x: dict, x0: dict) -> float:
        return float(sum(t.distance(x[i]) for i, t in self.targets.items()))


def final_population(history, names: list[str]):
    """The last generation of a pyabc history: ``(members, distances, weights)``, one row per
    particle, parameters in the order of ``names``."""
    particles = history.get_population(t=history.max_t).particles
    members = np.array([[p.parameter[k] for k in names] for p in particles], dtype=np.float64)
    return (members, np.array([p.distance for p in particles], dtype=np.float64),
            np.array([p.weight for p in particles], dtype=np.float64))


def calibrate(out_dir: str | Path, *, population: int = 100, generations: int = 15,
              setup: Setup = Setup(), workers: int = 2, seed: int = 1,
              max_minutes: float = 60.0, resume: bool = False,
              priors_file: str | Path = PRIORS_FILE,
              targets_file: str | Path = TARGETS_FILE,
              evidence_file: str | Path | None = EVIDENCE_FILE,
              scheduler: str | None = None) -> Ensemble:
    """Run ABC-SMC and return the final population as an :class:`Ensemble` (also written to
    ``out_dir/ensemble.json``; pyabc's history is ``out_dir/abc.db``). One calibration at a
    time per folder (its ``.lock``); ``out_dir`` may not hold the priors, targets or evidence
    file.

    The distance covers the baseline targets and, unless ``evidence_file`` is None, the
    virtual trials of the studies used to calibrate (:mod:`llo_sim.study.trials`). The runs
    go to ``workers`` local processes or the Dask cluster at ``scheduler``; the sampler is
    deterministic (:mod:`llo_sim.study.sampler`), so the same seed gives the same ensemble
    wherever it runs."""
    from llo_sim.engine.limits import check_whole
    from llo_sim.storage.folders import check_out_folder
    from llo_sim.storage.locks import folder_lock

    seed = check_whole("calibrate()", "seed", seed, 0, MAX_SEED)
    if not 0 < max_minutes <= MAX_MINUTES:
        raise CalibrationError(f"calibrate() argument max_minutes = {max_minutes!r}: expected a "
                               f"positive number of minutes, at most {MAX_MINUTES:,}")
    inputs = [priors_file, targets_file] + ([] if evidence_file is None else [evidence_file])
    out = check_out_folder(out_dir, allow_existing=True, inputs=inputs)
    with folder_lock(out, "calibration"):
        return _calibrate(out, population, generations, setup, workers, seed, max_minutes,
                          resume, priors_file, targets_file, evidence_file, scheduler)


def _calibrate(out: Path, population, generations, setup, workers, seed, max_minutes, resume,
               priors_file, targets_file, evidence_file, scheduler) -> Ensemble:
    import pyabc

    from llo_sim.storage.sweep_store import write_file
    from llo_sim.study.sampler import (  # pyabc: imported when used
        BoxedNormalTransition,
        SeededMappingSampler,
    )

    priors = load_priors(priors_file)
    targets = load_targets(targets_file)
    fitted = ([] if evidence_file is None else
              [s for s in load_evidence(evidence_file).trials() if s.use == "calibrate"])
    studies = [s for s in fitted if in_baseline(s.instrument)]       # fitted with the world
    later = [s for s in fitted if not in_baseline(s.instrument)]     # member by member after
    every_target = targets + trial_targets(studies)
    db_path = out / "abc.db"
    if db_path.exists() and not resume:
        raise CalibrationError(f"{db_path} exists: pass --resume to continue that calibration "
                               "or choose another --out")
    if resume and not db_path.exists():
        raise CalibrationError(f"{db_path}: nothing to resume")
    logging.getLogger("ABC").setLevel(logging.INFO)
    np.random.seed(seed)                  # pyabc draws its proposals from numpy's global state
    prior = pyabc.Distribution(**{k: pyabc.RV("uniform", lo, hi - lo)
                                  for k, (lo, hi) in priors.items()})
    with history_errors(db_path), _runs_map(workers, scheduler, db_path) as map_:
        abc = pyabc.ABCSMC(_Model(setup, targets, studies), prior, _Distance(every_target),
                           population_size=population,
                           sampler=SeededMappingSampler(map_, seed),
                           transitions=BoxedNormalTransition(
                               priors, scaling=TRANSITION_SCALING),
                           eps=pyabc.epsilon.QuantileEpsilon(alpha=0.5))
        db = f"sqlite:///{db_path.resolve()}"
        if resume:
            resume_history(abc, db, db_path)
        else:
            abc.new(db, {t.id: 0.0 for t in every_target})
        try:
            history = abc.run(minimum_epsilon=0.0, max_nr_populations=generations,
                              max_walltime=timedelta(minutes=max_minutes))
        except AssertionError as exc:        # pyabc: the importance weights degenerated
            logging.getLogger("ABC").warning("stopped early, keeping the last complete "
                                             "generation: %s", exc)
            history = abc.history
        if _last_ess(history) < MIN_ESS:
            # one last, larger generation at the final tolerance: the importance weights
            # spread over more particles, so the ensemble resampled from it holds more worlds
            abc.population_size = pyabc.ConstantPopulationSize(
                round(FINAL_POPULATION_FACTOR * population))
            try:
                history = abc.run(minimum_epsilon=0.0, max_nr_populations=1)
            except AssertionError as exc:
                logging.getLogger("ABC").warning("the last, larger generation failed (%s); "
                                                 "keeping the one before", exc)
        ensemble = finish(history, priors, population, seed, setup, targets, studies, later,
                          targets_file, evidence_file, map_)
    write_file(out / "ensemble.json", (ensemble.to_json() + "\n").encode("utf-8"))
    return ensemble


def finish(history, priors, population, seed, setup, targets, studies, later, targets_file,
           evidence_file, map_=map) -> Ensemble:
    """From the last generation of the world's calibration to the shipped ensemble: resample
    it, move every member (:func:`_move`), draw the unsized instruments' weights and fit
    the trial-sized ones member by member (:mod:`llo_sim.study.trial_fit`)."""
    every_target = targets + trial_targets(studies)
    ensemble = _ensemble(history, priors, population, seed, setup, targets_file,
                         evidence_file, studies + later)
    ensemble = _move(ensemble, priors, _DistanceOf(setup, targets, studies, every_target),
                     seed, map_)
    ensemble = with_policy_draws(ensemble, load_priors(POLICY_PRIORS_FILE), seed)
    if later:
        seeds = [derived_seed(seed, i) for i in range(len(ensemble))]
        ensemble, _ = fit_trial_weights(ensemble, later, load_priors(TRIAL_PRIORS_FILE), seeds,
                                        {"n_employees": setup.n_employees}, map_,
                                        base_seed=seed)
    return ensemble


def _last_ess(history) -> float:
    """The effective sample size of a history's last generation."""
    _, _, weights = final_population(history, [])
    w = weights / weights.sum()
    return float(1.0 / np.sum(w ** 2))


def _ensemble(history, priors, population, seed, setup, targets_file, evidence_file,
              studies) -> Ensemble:
    """The final generation of the world's calibration as an ensemble with its provenance."""
    import pyabc

    names = list(priors)
    members, distances, weights = final_population(history, names)
    members, distances = resample(members, distances, weights, population, seed)
    return Ensemble(names, members, distances, {
        "version": package_version(),
        "method": f"ABC-SMC, pyabc {pyabc.__version__}, median-quantile epsilon, "
                  f"multivariate normal kernel x{TRANSITION_SCALING}, population {population}, "
                  "seeded mapping sampler (deterministic)",
        "generations": int(history.max_t) + 1,
        "final_epsilon": float(history.get_all_populations()["epsilon"].iloc[-1]),
        "simulations": int(history.total_nr_simulations),
        "seed": seed, "n_employees": setup.n_employees, "months": setup.months,
        "scenario": setup.scenario,
        "targets_sha256": targets_hash(targets_file),
        "evidence_sha256": None if evidence_file is None else targets_hash(evidence_file),
        "trials": [s.id for s in studies],
        "trials_with_the_world": [s.id for s in studies if in_baseline(s.instrument)],
        "priors": {k: list(v) for k, v in priors.items()},
        "effective_sample_size": float(1.0 / np.sum((np.asarray(weights)
                                                     / np.sum(weights)) ** 2)),
        "resampled": "systematic resampling by the importance weights of the final "
                     "generation: members are equally weighted; a member can repeat",
    })


@contextlib.contextmanager
def _runs_map(workers: int, scheduler: str | None, db_path: Path):
    """An order-keeping map for the sampler: this process, a local pool, or a Dask cluster.
    The pool stops at once on Ctrl-C or an error (:class:`llo_sim.study.parallel.Pool`), and a
    worker that dies is one line (:class:`WorkerDied`) that says the finished generations are
    kept."""
    if scheduler is not None:
        with executor_for(None, scheduler, 2, option="--scheduler") as executor:
            yield executor.map           # Dask's executor keeps the order of the results
        return
    if workers <= 1:
        yield map
        return
    with local_pool(workers, workers) as pool:
        try:
            yield pool.map
        except BrokenProcessPool:
            raise WorkerDied(pool.death()).kept(
                f"the generations finished before are kept in {db_path}: run the same command "
                "with --resume to continue") from None


AFRESH = "move it away to start afresh, or choose another --out"


def resume_history(abc, db: str, db_path: Path) -> None:
    """Load the history in ``db_path`` into ``abc`` to continue it. A file that is not a
    sound SQLite database (SQLite's own ``quick_check``), or not a calibration's history,
    raises a one-line :class:`CalibrationError`."""
    import sqlite3

    try:
        uri = db_path.resolve().as_uri() + "?mode=ro"
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as con:
            rows = con.execute("PRAGMA quick_check(3)").fetchall()   # at most 3 problems
        verdict = "; ".join(" ".join(str(row[0]).split()) for row in rows)
    except sqlite3.DatabaseError as exc:
        verdict = str(exc)
    if verdict != "ok":
        raise CalibrationError(f"{db_path}: damaged ({verdict}); it cannot be resumed: "
                               + AFRESH) from None
    try:
        abc.load(db)
    except (ValueError, AssertionError, KeyError, IndexError) as exc:
        raise CalibrationError(f"{db_path}: not the history of a calibration ("
                               f"{_first_line(exc)}); it cannot be resumed: {AFRESH}") from None


@contextlib.contextmanager
def history_errors(db_path: Path):
    """An error of the database in ``db_path`` while the calibration reads or writes it
    (damaged, disk full) as a one-line :class:`CalibrationError`; the generations finished
    before are kept in it."""
    import sqlite3

    from sqlalchemy.exc import SQLAlchemyError

    try:
        yield
    except (SQLAlchemyError, sqlite3.Error) as exc:
        raise CalibrationError(f"{db_path}: {_first_line(getattr(exc, 'orig', None) or exc)}"
                               f"; if it is damaged, {AFRESH}") from None


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def with_policy_draws(ensemble: Ensemble, priors: dict[str, tuple[float, float]],
                      seed: int) -> Ensemble:
    """The ensemble with, for each member, its own draw of the instrument weights (uniform
    within ``priors``; Latin hypercube, seeded): weights the baseline targets cannot inform."""
    from scipy.stats import qmc

    names = [k for k in priors if k not in ensemble.parameters]
    lo = np.array([priors[k][0] for k in names])
    hi = np.array([priors[k][1] for k in names])
    draws = qmc.scale(qmc.LatinHypercube(d=len(names), seed=seed).random(len(ensemble)), lo, hi)
    provenance = {**ensemble.provenance, "policy_weights": {
        "note": "not calibrated: instruments are off in the baseline; drawn per member",
        "priors": {k: list(priors[k]) for k in names}, "design": "Latin hypercube",
        "seed": seed}}
    return Ensemble(ensemble.parameters + names, np.hstack([ensemble.members, draws]),
                    ensemble.distances, provenance)


__all__ = ["CalibrationError", "Setup", "calibrate", "load_priors", "simulate"]
