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
import multiprocessing
import zlib
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import numpy as np

from llo_sim.storage.provenance import package_version
from llo_sim.study.ensemble import Ensemble, resample, typed
from llo_sim.study.parallel import WorkerDied, forks_ignore_interrupts
from llo_sim.study.priors import (
    POLICY_PRIORS_FILE,
    PRIORS_FILE,
    CalibrationError,
    load_priors,
)
from llo_sim.study.runs import run_scenario
from llo_sim.study.targets import (
    TARGETS_FILE,
    Target,
    evaluate,
    load_targets,
    targets_hash,
)

# pyabc's default kernel (Silverman's bandwidth) gives proposals so narrow, in a dozen and
# more dimensions, that the importance weights collapse onto a few particles; a wider
# kernel keeps the population diverse at the cost of a lower acceptance rate.
TRANSITION_SCALING = 2.0


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


def simulate(params: dict, setup: Setup, targets: list[Target]) -> dict:
    """One particle: run the baseline with ``params`` and return each target's value."""
    kw = {k: typed(k, v) for k, v in params.items()}
    result = run_scenario(setup.scenario, months=setup.months, seed=particle_seed(kw),
                 n_employees=setup.n_employees, **kw)
    table = evaluate(result.timeseries, targets)
    return {row.id: float(row.value) for row in table.itertuples()}


class _Model:
    """A picklable pyabc model (the workers of the multicore sampler unpickle it)."""

    def __init__(self, setup: Setup, targets: list[Target]):
        self.setup, self.targets = setup, targets

    def __call__(self, params) -> dict:
        return simulate(dict(params), self.setup, self.targets)


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
              max_minutes: float = 30.0, resume: bool = False,
              priors_file: str | Path = PRIORS_FILE,
              targets_file: str | Path = TARGETS_FILE) -> Ensemble:
    """Run ABC-SMC and return the final population as an :class:`Ensemble` (also written to
    ``out_dir/ensemble.json``; pyabc's history is ``out_dir/abc.db``)."""
    import pyabc
    from pyabc.sampler import MulticoreEvalParallelSampler, SingleCoreSampler
    priors = load_priors(priors_file)
    targets = load_targets(targets_file)
    from llo_sim.storage.folders import check_out_folder

    out = check_out_folder(out_dir, allow_existing=True)
    db_path = out / "abc.db"
    if db_path.exists() and not resume:
        raise CalibrationError(f"{db_path} exists: pass --resume to continue that calibration "
                               "or choose another --out")
    if resume and not db_path.exists():
        raise CalibrationError(f"{db_path}: nothing to resume")
    out.mkdir(parents=True, exist_ok=True)
    logging.getLogger("ABC").setLevel(logging.INFO)
    np.random.seed(seed)                  # pyabc draws its proposals from numpy's global state
    prior = pyabc.Distribution(**{k: pyabc.RV("uniform", lo, hi - lo)
                                  for k, (lo, hi) in priors.items()})
    sampler = (SingleCoreSampler() if workers <= 1
               else MulticoreEvalParallelSampler(n_procs=workers))
    abc = pyabc.ABCSMC(_Model(setup, targets), prior, _Distance(targets),
                       population_size=population, sampler=sampler,
                       transitions=pyabc.MultivariateNormalTransition(scaling=TRANSITION_SCALING),
                       eps=pyabc.epsilon.QuantileEpsilon(alpha=0.5))
    db = f"sqlite:///{db_path.resolve()}"
    with history_errors(db_path):
        if resume:
            resume_history(abc, db, db_path)
        else:
            abc.new(db, {t.id: 0.0 for t in targets})
        try:
            with forks_ignore_interrupts():   # Ctrl-C: one line, no traceback per worker
                history = abc.run(minimum_epsilon=0.0, max_nr_populations=generations,
                                  max_walltime=timedelta(minutes=max_minutes))
        except AssertionError as exc:        # pyabc: the importance weights degenerated
            logging.getLogger("ABC").warning("stopped early, keeping the last complete "
                                             "generation: %s", exc)
            history = abc.history
        except multiprocessing.ProcessError:  # pyabc: a worker of its sampler died
            raise WorkerDied("found dead by pyabc's sampler").kept(
                f"the generations finished before are kept in {db_path}: run the same command "
                "with --resume to continue") from None
        names = list(priors)
        members, distances, weights = final_population(history, names)
    members, distances = resample(members, distances, weights, population, seed)
    ensemble = Ensemble(names, members, distances, {
        "version": package_version(),
        "method": f"ABC-SMC, pyabc {pyabc.__version__}, median-quantile epsilon, "
                  f"multivariate normal kernel x{TRANSITION_SCALING}, population {population}",
        "generations": int(history.max_t) + 1,
        "final_epsilon": float(history.get_all_populations()["epsilon"].iloc[-1]),
        "simulations": int(history.total_nr_simulations),
        "seed": seed, "n_employees": setup.n_employees, "months": setup.months,
        "scenario": setup.scenario,
        "targets_sha256": targets_hash(targets_file),
        "priors": {k: list(v) for k, v in priors.items()},
        "effective_sample_size": float(1.0 / np.sum((np.asarray(weights)
                                                     / np.sum(weights)) ** 2)),
        "resampled": "systematic resampling by the importance weights of the final "
                     "generation: members are equally weighted; a member can repeat",
    })
    ensemble = with_policy_draws(ensemble, load_priors(POLICY_PRIORS_FILE), seed)
    (out / "ensemble.json").write_text(ensemble.to_json() + "\n", encoding="utf-8")
    return ensemble


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
