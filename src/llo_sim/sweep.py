"""Parameter sweeps: experiment files, designs, a runner for any Executor, Parquet results.

An experiment file (``experiments/*.toml``) names a base scenario, the parameters to vary
and how to sample them::

    scenario = "baseline"        # a scenario name or .toml file (relative to this file)
    design = "lhs"               # grid | lhs | sobol | morris
    samples = 32                 # LHS points; Sobol base samples N; Morris trajectories
    replications = 2
    months = 120
    employees = 1000
    seed = 1
    common_random_numbers = false   # true: replication r of every point uses the same seed
    measures = ["participation_any", "gini_learning", "participation_any[education=practical]"]

    [set]                        # fixed changes to the base scenario (optional)
    budget_procedure = "direct"

    [parameters]                 # what varies: a range or a list of values
    budget_amount = { low = 0, high = 3000 }
    leader_training_intensity = { low = 0, high = 1 }
    budget_coverage = [0.35, 1.0]

Every run is one design point and one replication; run ``i`` is seeded with
``derived_seed(seed, i)`` (:mod:`llo_sim.experiment`), so the numbers do not depend on where or
in which order runs execute. Runs go in fixed batches to a ``concurrent.futures.Executor`` (a
process pool, or a Dask client's executor); each finished batch is written at once as one part
file of two Parquet tables, ``summary/`` (one row per run: parameters, seed, final measures) and
``timeseries/`` (one row per run and month), under a temporary name that is renamed when
complete. Running the same sweep again skips the batches whose parts exist.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import math
import os
import time
import tomllib
from concurrent.futures import Executor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

import numpy as np
import pandas as pd

from .errors import LloSimError, ParameterError, ScenarioError
from .experiment import derived_seed, local_pool, simulate
from .parameters import REGISTRY, validate
from .scenario import Scenario, find, load

TOP_LEVEL_KEYS = ("scenario", "title", "description", "design", "samples", "levels",
                  "second_order", "replications", "months", "employees", "seed",
                  "common_random_numbers", "batch_size", "measures", "set", "parameters")
DESIGNS = ("grid", "lhs", "sobol", "morris")
DEFAULT_MEASURES = ("participation_any", "participation_formal", "participation_informal",
                    "budget_uptake", "gini_learning", "theil_learning",
                    "ratio_practical_theoretical")
RUN_COLUMNS = ("run", "point", "replication", "seed")
MANIFEST = "sweep.json"
TABLES = ("timeseries", "summary")   # written in this order; a batch is done when both exist


class ExperimentError(LloSimError, ValueError):
    """An experiment file that cannot be used: missing, malformed TOML, bad structure."""


def _bad(origin: str, key: str, value: Any, allowed: str) -> ParameterError:
    """The error for one bad value: names file, key, value and what is allowed."""
    return ParameterError(origin, key, value, allowed)


# --- factors: what varies ------------------------------------------------------------------------

@dataclass(frozen=True)
class Factor:
    """One varied parameter: a range ``low..high`` or a list of ``values``."""

    name: str
    low: float | None = None
    high: float | None = None
    values: tuple | None = None

    @property
    def kind(self) -> str:
        return REGISTRY[self.name].kind

    @property
    def bounds(self) -> list[float]:
        """The interval samplers draw from: the range, or [0, 1] for a list of values."""
        return [0.0, 1.0] if self.values is not None else [float(self.low), float(self.high)]

    def value(self, x: float) -> Any:
        """The parameter value for a sample ``x`` drawn within :attr:`bounds`."""
        if self.values is not None:
            k = len(self.values)
            return self.values[min(int(x * k), k - 1)]
        if self.kind == "int":
            return int(min(max(round(x), self.low), self.high))
        return float(x)

    def grid(self, levels: int) -> list:
        """The values of a full grid: the list, or ``levels`` evenly spaced range values."""
        if self.values is not None:
            return list(self.values)
        return list(dict.fromkeys(self.value(x) for x in np.linspace(self.low, self.high,
                                                                          levels)))

    def describe(self) -> dict:
        return ({"values": list(self.values)} if self.values is not None
                else {"low": self.low, "high": self.high})


def _check(param, value: Any, origin: str, key: str) -> Any:
    """``param.check(value)``, with the error naming the key in the experiment file."""
    try:
        return param.check(value, origin)
    except ParameterError as exc:
        raise _bad(origin, key, value, exc.allowed) from None


def _factor(origin: str, name: str, spec: Any) -> Factor:
    """Read one entry of ``[parameters]``: ``{low = a, high = b}`` or ``[v1, v2, ...]``."""
    if name not in REGISTRY:
        validate({name: None}, origin)            # raises, naming the closest parameters
    param = REGISTRY[name]
    key = f"parameters.{name}"
    if isinstance(spec, list):
        if not spec:
            raise _bad(origin, key, spec, "a non-empty list of values")
        values = tuple(_check(param, v, origin, key) for v in spec)
        if len(set(values)) != len(values):
            raise _bad(origin, key, spec, "a list of distinct values")
        return Factor(name, values=values)
    if isinstance(spec, dict) and set(spec) == {"low", "high"}:
        if param.kind not in ("int", "float"):
            raise _bad(origin, key, spec, f"a list of values ({param.allowed()}); a range "
                       "needs a numeric parameter")
        low = _check(param, spec["low"], origin, f"{key}.low")
        high = _check(param, spec["high"], origin, f"{key}.high")
        if not low < high:
            raise _bad(origin, key, spec, "low < high")
        return Factor(name, low=low, high=high)
    raise _bad(origin, key, spec, f"a range {{ low = ..., high = ... }} or a list of values "
               f"[...]; each {param.allowed()}")


# --- the experiment -------------------------------------------------------------------------------

@dataclass
class Experiment:
    """A validated experiment file: base parameters, factors, design and what to keep."""

    name: str
    path: Path | None
    scenario: Scenario
    factors: list[Factor]
    design: str = "grid"
    samples: int | None = None
    levels: int = 4
    second_order: bool = False
    replications: int = 1
    months: int = 120
    seed: int = 0
    measures: tuple[str, ...] = DEFAULT_MEASURES
    batch_size: int | None = None
    common_random_numbers: bool = False
    fixed: dict = field(default_factory=dict)
    title: str = ""
    description: str = ""
    sha256: str = ""
    _points: list | None = field(default=None, repr=False, compare=False)

    # the design ------------------------------------------------------------------------------
    @property
    def problem(self) -> dict:
        """The design space as SALib's ``problem`` dictionary."""
        return {"num_vars": len(self.factors), "names": [f.name for f in self.factors],
                "bounds": [f.bounds for f in self.factors]}

    def samples_matrix(self) -> np.ndarray:
        """The design as drawn: one row per design point, one column per factor, in the
        factor's :attr:`Factor.bounds` (what SALib's analysers need back)."""
        if self.design == "grid":
            return np.array(list(itertools.product(*[range(len(f.grid(self.levels)))
                                                     for f in self.factors])), dtype=float)
        from SALib.sample import latin, morris, sobol

        if self.design == "lhs":
            return latin.sample(self.problem, self.samples, seed=self.seed)
        if self.design == "sobol":
            return sobol.sample(self.problem, self.samples, seed=self.seed,
                                calc_second_order=self.second_order)
        return morris.sample(self.problem, self.samples, num_levels=self.levels,
                             seed=self.seed)

    def points(self) -> list[dict]:
        """The parameter values of every design point, in design order."""
        if self._points is None:
            x = self.samples_matrix()
            if self.design == "grid":
                grids = [f.grid(self.levels) for f in self.factors]
                self._points = [{f.name: g[int(i)] for f, g, i in zip(self.factors, grids, row)}
                                for row in x]
            else:
                self._points = [{f.name: f.value(v) for f, v in zip(self.factors, row)}
                                for row in x]
        return [dict(p) for p in self._points]

    @property
    def base_parameters(self) -> dict:
        """Every registry parameter of the base scenario with the ``[set]`` changes."""
        return self.scenario.parameters

    # runs and batches ------------------------------------------------------------------------
    def runs(self) -> list["Run"]:
        """Every run: design point x replication. Run ``i`` is seeded with
        ``derived_seed(seed, i)``; with ``common_random_numbers``, with
        ``derived_seed(seed, replication)``: replication ``r`` of every design point draws the
        same numbers for the same decisions, so differences between points are not noise."""
        points, reps = self.points(), self.replications
        return [Run(i, i // reps, i % reps,
                    derived_seed(self.seed, i % reps if self.common_random_numbers else i),
                    points[i // reps])
                for i in range(len(points) * reps)]

    def resolved_batch_size(self, n_runs: int) -> int:
        """Runs per part file: as given, else about 64 parts (at most 50 runs each)."""
        return self.batch_size or max(1, min(50, math.ceil(n_runs / 64)))

    def batches(self) -> list["Batch"]:
        """The runs in fixed consecutive batches; batch ``k`` becomes part file ``k``."""
        runs = self.runs()
        size = self.resolved_batch_size(len(runs))
        base = self.base_parameters
        ts_measures, group_measures = split_measures(self.measures)
        return [Batch(k, runs[s:s + size], base, self.months, ts_measures, group_measures)
                for k, s in enumerate(range(0, len(runs), size))]

    # provenance ----------------------------------------------------------------------------------
    def definition(self) -> dict:
        """Everything that decides the results, as plain JSON values."""
        return {"name": self.name, "scenario": self.scenario.name,
                "extends_chain": self.scenario.chain, "set": self.fixed,
                "factors": {f.name: f.describe() for f in self.factors},
                "design": self.design, "samples": self.samples, "levels": self.levels,
                "second_order": self.second_order, "replications": self.replications,
                "months": self.months, "seed": self.seed,
                "common_random_numbers": self.common_random_numbers,
                "measures": list(self.measures),
                "batch_size": self.batch_size,
                "base_parameters": dict(sorted(self.base_parameters.items()))}

    def fingerprint(self) -> str:
        """A hash of :meth:`definition`: equal fingerprints give equal results."""
        text = json.dumps(self.definition(), sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()

    def provenance(self) -> dict:
        """What goes into the metadata of every part file and into ``sweep.json``."""
        from . import __version__

        return {"llo_sim_version": __version__,
                "experiment_file": str(self.path) if self.path else None,
                "experiment_sha256": self.sha256, "fingerprint": self.fingerprint(),
                "experiment": self.definition()}


@dataclass(frozen=True)
class Run:
    """One simulation of a sweep."""

    run: int
    point: int
    replication: int
    seed: int
    values: dict


@dataclass(frozen=True)
class Batch:
    """Consecutive runs that go to a worker together and become one part file."""

    index: int
    runs: list[Run]
    base: dict
    months: int
    ts_measures: tuple[str, ...]
    group_measures: tuple[str, ...]


# --- reading an experiment file -----------------------------------------------------------------

def experiment_dirs() -> list[Path]:
    """Folders searched for an experiment given by name: ./experiments and the project's."""
    here = Path(__file__).resolve().parent
    dirs = [Path.cwd() / "experiments", here.parents[1] / "experiments"]
    return [d for i, d in enumerate(dirs) if d.is_dir() and d not in dirs[:i]]


def find_experiment(experiment: str | Path) -> Path:
    """Turn an EXPERIMENT argument (a .toml path or a name in experiments/) into a path."""
    candidate = Path(experiment)
    if candidate.is_file():
        return candidate
    if candidate.suffix != ".toml":
        for d in experiment_dirs():
            if (d / f"{experiment}.toml").is_file():
                return d / f"{experiment}.toml"
    names = sorted({p.stem for d in experiment_dirs() for p in d.glob("*.toml")})
    raise ExperimentError(f"{experiment}: experiment file not found; expected a .toml file"
                          + (" or one of: " + ", ".join(names) if names else ""))


def _integer(origin: str, key: str, value: Any, low: int, allowed: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise _bad(origin, key, value, allowed)
    return value


def load_experiment(experiment: str | Path | Experiment) -> Experiment:
    """Read and validate an experiment file; errors name the file, key, value and what is
    allowed."""
    if isinstance(experiment, Experiment):
        return experiment
    path = find_experiment(experiment).resolve()
    raw = path.read_bytes()
    try:
        data = tomllib.loads(raw.decode())
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ExperimentError(f"{path}: not valid TOML ({exc})") from None
    origin = str(path)
    for key in data:
        if key not in TOP_LEVEL_KEYS:
            raise _bad(origin, key, data[key], "one of the keys " + ", ".join(TOP_LEVEL_KEYS)
                       + " (model parameters go under [set] or [parameters])")
    scenario = _experiment_scenario(path, data)
    design = data.get("design", "grid")
    if design not in DESIGNS:
        raise _bad(origin, "design", design, "one of " + ", ".join(map(repr, DESIGNS)))
    levels = _integer(origin, "levels", data.get("levels", 4), 2, "an integer of 2 or more")
    samples = data.get("samples")
    if design == "grid":
        if samples is not None:
            raise _bad(origin, "samples", samples, "no samples with design = 'grid' (the grid "
                       "has every combination; `levels` sets the points per range)")
    else:
        samples = _integer(origin, "samples", samples, 1 if design != "morris" else 2,
                           f"a whole number of samples for design = {design!r}"
                           + (" (2 or more trajectories)" if design == "morris" else ""))
        if design == "sobol" and samples & (samples - 1):
            raise _bad(origin, "samples", samples, "a power of 2 for design = 'sobol' "
                       "(Sobol sequences are balanced at 2^k)")
    second_order = data.get("second_order", False)
    crn = data.get("common_random_numbers", False)
    for key, value in (("second_order", second_order), ("common_random_numbers", crn)):
        if not isinstance(value, bool):
            raise _bad(origin, key, value, "true or false")
    replications = _integer(origin, "replications", data.get("replications", 1), 1, "1 or more")
    months = _integer(origin, "months", data.get("months", 120), 1, "1 or more months")
    seed = _integer(origin, "seed", data.get("seed", 0), 0, "an integer of 0 or more")
    batch_size = data.get("batch_size")
    if batch_size is not None:
        batch_size = _integer(origin, "batch_size", batch_size, 1, "1 or more runs per part")
    measures = _measures(origin, data.get("measures", list(DEFAULT_MEASURES)))
    params = data.get("parameters")
    if not isinstance(params, dict) or not params:
        raise _bad(origin, "parameters", params, "a table of the parameters to vary, e.g. "
                   "[parameters] budget_amount = { low = 0, high = 3000 }")
    factors = [_factor(origin, name, spec) for name, spec in params.items()]
    fixed = data.get("set", {})
    if not isinstance(fixed, dict):
        raise _bad(origin, "set", fixed, "a table of parameter = value")
    if "employees" in data:
        fixed = {**fixed, "n_employees": data["employees"]}
    for name in fixed:
        if name in params:
            raise _bad(origin, f"set.{name}", fixed[name], "a parameter that does not also "
                       "vary under [parameters]")
    scenario = scenario.with_overrides(origin, **fixed)
    for key in ("title", "description"):
        if not isinstance(data.get(key, ""), str):
            raise _bad(origin, key, data[key], "a string")
    exp = Experiment(path.stem, path, scenario, factors, design, samples, levels, second_order,
                     replications, months, seed, measures, batch_size, crn, fixed,
                     data.get("title", ""), data.get("description", ""),
                     hashlib.sha256(raw).hexdigest())
    _check_points(exp)
    return exp


def _experiment_scenario(path: Path, data: dict) -> Scenario:
    """The base scenario, looked up next to the experiment file first, then in the library."""
    name = data.get("scenario", "baseline")
    if not isinstance(name, str):
        raise _bad(str(path), "scenario", name, "a scenario name or .toml file")
    try:
        return load(find(name, near=path.parent))
    except ScenarioError as exc:
        raise ExperimentError(f"{path}: scenario = {name!r}: {exc}") from None


def _check_points(exp: Experiment) -> None:
    """Every design point must be a valid parameter set (e.g. shares that add up to <= 1)."""
    base = exp.base_parameters
    for i, point in enumerate(exp.points()):
        validate({**base, **point}, f"{exp.path} (design point {i}: {point})")


_MEASURE_NAMES: tuple[set, dict] | None = None


def measure_names() -> tuple[set, dict]:
    """The time-series columns and the group levels (``dimension -> levels``), from a tiny
    model of the current engine."""
    global _MEASURE_NAMES
    if _MEASURE_NAMES is None:
        model = simulate(validate({"n_employees": 12}), 0, 0)
        columns = set(model.timeseries().columns) - {"month", "n_employees"}
        g = model.groups()
        levels = {d: list(dict.fromkeys(rows["level"])) for d, rows in g.groupby("dimension",
                                                                                   sort=False)}
        group_columns = [c for c in g.columns if c not in ("month", "dimension", "level", "n")]
        _MEASURE_NAMES = (columns, {"levels": levels, "columns": group_columns})
    return _MEASURE_NAMES


def parse_group_measure(name: str) -> tuple[str, str, str] | None:
    """``'participation_any[education=practical]'`` -> (measure, dimension, level)."""
    if not (name.endswith("]") and "[" in name and "=" in name):
        return None
    measure, _, rest = name[:-1].partition("[")
    dimension, _, level = rest.partition("=")
    return measure, dimension, level


def _measures(origin: str, measures: Any) -> tuple[str, ...]:
    columns, groups = measure_names()
    if not isinstance(measures, list) or not measures:
        raise _bad(origin, "measures", measures, "a non-empty list of measure names")
    for m in measures:
        parsed = parse_group_measure(m) if isinstance(m, str) else None
        ok = isinstance(m, str) and (m in columns or (
            parsed is not None and parsed[0] in groups["columns"]
            and parsed[2] in groups["levels"].get(parsed[1], ())))
        if not ok:
            raise _bad(origin, "measures", m, "a time-series column of docs/measures.md (e.g. "
                       "participation_any, gini_learning) or measure[dimension=level] with "
                       "measure one of " + ", ".join(groups["columns"]) + " and a level of "
                       + "; ".join(f"{d}: {', '.join(v)}" for d, v in groups["levels"].items()))
    if len(set(measures)) != len(measures):
        raise _bad(origin, "measures", measures, "each measure once")
    return tuple(measures)


def split_measures(measures) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Measures of the time series and measures per group (``measure[dimension=level]``)."""
    group = tuple(m for m in measures if parse_group_measure(m))
    return tuple(m for m in measures if m not in group), group


# --- running --------------------------------------------------------------------------------------

def run_batch(batch: Batch) -> tuple[int, pd.DataFrame, pd.DataFrame]:
    """Run every run of a batch (in a worker) and return its summary and time-series rows."""
    summaries, series = [], []
    for r in batch.runs:
        model = simulate({**batch.base, **r.values}, r.seed, batch.months)
        ts = model.timeseries()
        frame = pd.DataFrame({"run": r.run, "month": ts["month"].to_numpy()})
        for m in batch.ts_measures:
            frame[m] = ts[m].to_numpy(dtype=float)
        if batch.group_measures:
            g = model.groups()
            for m in batch.group_measures:
                measure, dimension, level = parse_group_measure(m)
                rows = g[(g["dimension"] == dimension) & (g["level"] == level)]
                frame[m] = rows.set_index("month")[measure].reindex(
                    frame["month"]).to_numpy(dtype=float)
        series.append(frame)
        final = frame.iloc[-1]
        summaries.append({"run": r.run, "point": r.point, "replication": r.replication,
                          "seed": r.seed, **r.values,
                          **{m: float(final[m]) for m in (*batch.ts_measures,
                                                           *batch.group_measures)}})
    return batch.index, pd.DataFrame(summaries), pd.concat(series, ignore_index=True)


def _serial_results(batches: list[Batch]) -> Iterator:
    for b in batches:
        yield run_batch(b)


def _executor_results(executor: Executor, batches: list[Batch]) -> Iterator:
    """Submit every batch; yield results as they finish. Pending batches are cancelled when
    the caller stops (Ctrl-C, an error), so an interrupted sweep stops soon."""
    futures = [executor.submit(run_batch, b) for b in batches]
    try:
        for fut in as_completed(futures):
            yield fut.result()
    finally:
        for fut in futures:
            fut.cancel()


@contextlib.contextmanager
def _closing(results: Iterator):
    """Close a results generator on the way out, so its pending batches are cancelled."""
    try:
        yield results
    finally:
        results.close()


@contextlib.contextmanager
def _results(batches: list[Batch], executor: Executor | None, workers: int | None,
             scheduler: str | None):
    """The results of the batches, computed where asked: a given executor, a Dask scheduler,
    this process (``workers=1``) or a local process pool."""
    if executor is not None:
        with _closing(_executor_results(executor, batches)) as results:
            yield results
    elif scheduler is not None:
        try:
            from distributed import Client
        except ImportError:
            raise LloSimError("--scheduler needs Dask distributed: pip install "
                              "'llo-sim[distributed]'") from None
        try:
            client = Client(scheduler, timeout="10s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise LloSimError(f"--scheduler {scheduler}: cannot connect to a Dask scheduler "
                              f"there ({exc})") from None
        with client, _closing(_executor_results(client.get_executor(), batches)) as results:
            yield results
    elif (workers or os.cpu_count() or 1) == 1 or len(batches) == 1:
        yield _serial_results(batches)
    else:
        pool = local_pool(workers, len(batches))
        try:
            with _closing(_executor_results(pool, batches)) as results:
                yield results
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


@dataclass
class SweepResult:
    """What :func:`run_sweep` did: where the results are and how many runs it made."""

    out: Path
    experiment: Experiment
    runs: int
    ran: int
    skipped: int
    seconds: float

    def summary(self) -> pd.DataFrame:
        return read_table(self.out, "summary")

    def timeseries(self) -> pd.DataFrame:
        return read_table(self.out, "timeseries")


def run_sweep(experiment: str | Path | Experiment, out: str | Path, *,
              workers: int | None = None, scheduler: str | None = None,
              executor: Executor | None = None, progress: bool = False,
              on_batch: Callable[[int], None] | None = None) -> SweepResult:
    """Run every run of ``experiment`` not yet in ``out``, writing a part per finished batch.

    Where runs go: ``executor`` if given (any ``concurrent.futures.Executor``, e.g.
    ``distributed.Client.get_executor()``), else a Dask cluster at ``scheduler``, else a pool of
    ``workers`` processes (default: one per core; 1 runs here). ``on_batch`` is called with the
    number of runs after each written batch.
    """
    t0 = time.perf_counter()
    exp = load_experiment(experiment)
    store = Store(Path(out), exp)
    with store.lock():
        return _run_batches(exp, store, workers, scheduler, executor, progress, on_batch, t0)


def _run_batches(exp, store, workers, scheduler, executor, progress, on_batch, t0):
    """The body of :func:`run_sweep`, with the output folder locked."""
    batches = exp.batches()
    n_runs = sum(len(b.runs) for b in batches)
    todo = [b for b in batches if not store.done(b.index)]
    skipped = n_runs - sum(len(b.runs) for b in todo)
    store.begin()
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=n_runs, initial=skipped, unit="run", desc="sweep", disable=None,
                   smoothing=0.1)
    sizes = {b.index: len(b.runs) for b in todo}
    try:
        if todo:
            with _results(todo, executor, workers, scheduler) as results:
                for index, summary, series in results:
                    store.write(index, summary, series)
                    if bar is not None:
                        bar.update(sizes[index])
                    if on_batch is not None:
                        on_batch(sizes[index])
        store.finish()
    except BrokenProcessPool as exc:
        raise LloSimError(f"a worker process died ({exc}); the finished runs are saved in "
                          f"{store.out}: run the same command again to continue") from None
    finally:
        if bar is not None:
            bar.close()
    return SweepResult(store.out, exp, n_runs, n_runs - skipped, skipped,
                       time.perf_counter() - t0)


# --- storage --------------------------------------------------------------------------------------

class Store:
    """The Parquet dataset of a sweep in ``out``: ``summary/`` and ``timeseries/`` part files
    and ``sweep.json``. Files appear only complete: written to a hidden temporary name
    (which Parquet readers skip), flushed to disk, then renamed."""

    def __init__(self, out: Path, exp: Experiment):
        self.out, self.exp = out, exp
        self.provenance = exp.provenance()
        self._schemas: dict[str, Any] = {}
        manifest = out / MANIFEST
        if manifest.is_file():
            old = json.loads(manifest.read_text())
            if old.get("fingerprint") != self.provenance["fingerprint"]:
                raise LloSimError(
                    f"{out}: holds the results of a different sweep definition (from "
                    f"{old.get('experiment_file')}); use another --out folder or remove it")

    @contextlib.contextmanager
    def lock(self):
        """Hold ``out/.lock`` while the sweep writes, so that a second sweep into the same
        folder stops at once instead of racing the first (POSIX; the lock goes with the
        process, also when it is killed)."""
        try:
            import fcntl
        except ImportError:          # Windows: no lock
            yield
            return
        self.out.mkdir(parents=True, exist_ok=True)
        with open(self.out / ".lock", "w") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise LloSimError(f"{self.out}: another sweep is writing here; wait for it or "
                                  "use another --out folder") from None
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def part(self, table: str, index: int) -> Path:
        return self.out / table / f"part-{index:05d}.parquet"

    def done(self, index: int) -> bool:
        """Whether batch ``index`` has both its part files."""
        return all(self.part(t, index).is_file() for t in TABLES)

    def begin(self) -> None:
        """Create the folders, remove temporary files an interrupted sweep left behind and
        write ``sweep.json``."""
        for t in TABLES:
            (self.out / t).mkdir(parents=True, exist_ok=True)
            for tmp in (self.out / t).glob(".*.tmp"):
                tmp.unlink()
        self._write_manifest("running")

    def finish(self) -> None:
        self._write_manifest("complete")

    def _write_manifest(self, status: str) -> None:
        info = {**self.provenance, "status": status,
                "runs": len(self.exp.points()) * self.exp.replications}
        _atomic_write(self.out / MANIFEST, (json.dumps(info, indent=2, default=str)
                                            + "\n").encode())

    def schema(self, table: str):
        """The Arrow schema of a table: fixed column types, provenance in the metadata."""
        if table not in self._schemas:
            import pyarrow as pa

            ts_m, group_m = split_measures(self.exp.measures)
            measures = [pa.field(m, pa.float64()) for m in (*ts_m, *group_m)]
            if table == "summary":
                types = {"float": pa.float64(), "int": pa.int64(), "bool": pa.bool_(),
                         "choice": pa.string()}
                fields = [pa.field(c, pa.int64()) for c in RUN_COLUMNS]
                fields += [pa.field(f.name, types[f.kind]) for f in self.exp.factors]
            else:
                fields = [pa.field("run", pa.int64()), pa.field("month", pa.int64())]
            meta = {"llo_sim": json.dumps(self.provenance, default=str)}
            self._schemas[table] = pa.schema(fields + measures, metadata=meta)
        return self._schemas[table]

    def write(self, index: int, summary: pd.DataFrame, series: pd.DataFrame) -> None:
        """Write the two part files of batch ``index`` (time series first)."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        for table, frame in (("timeseries", series), ("summary", summary)):
            schema = self.schema(table)
            arrow = pa.Table.from_pandas(frame[schema.names], schema=schema,
                                         preserve_index=False)
            arrow = arrow.replace_schema_metadata(schema.metadata)
            path = self.part(table, index)
            tmp = path.with_name(f".{path.name}.tmp")
            with open(tmp, "wb") as fh:
                pq.write_table(arrow, fh)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)


def _atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that ``path`` is either the old or the new file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def read_table(out: str | Path, table: str = "summary") -> pd.DataFrame:
    """A sweep table (``summary`` or ``timeseries``) from ``out`` as one DataFrame, in run
    order (``pd.read_parquet(out / table)`` gives the same rows in file order)."""
    path = Path(out) / table
    if not path.is_dir() or not any(path.glob("part-*.parquet")):
        raise LloSimError(f"{path}: no sweep results here")
    frame = pd.read_parquet(path)
    keys = ["run"] if table == "summary" else ["run", "month"]
    return frame.sort_values(keys, kind="stable").reset_index(drop=True)


def read_provenance(out: str | Path) -> dict:
    """The provenance stored in the Parquet metadata of a sweep's summary table."""
    import pyarrow.parquet as pq

    part = next(iter(sorted((Path(out) / "summary").glob("part-*.parquet"))), None)
    if part is None:
        raise LloSimError(f"{out}: no sweep results here")
    return json.loads(pq.read_schema(part).metadata[b"llo_sim"])
