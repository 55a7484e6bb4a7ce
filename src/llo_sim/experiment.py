"""Comparing scenarios: replications with common random numbers, in parallel, with intervals.

Replication ``i`` of every scenario uses the same seed, so every random decision draws the
same numbers in every scenario (see :mod:`llo_sim.streams`): differences between scenarios
are due to the policy, not to noise, and paired differences have narrow intervals. Runs go
to a pool of processes; the numbers do not depend on how many (each run is seeded by its
replication alone).

Across the calibrated ensemble (:mod:`llo_sim.ensemble`), replication ``i`` also takes
parameter set ``i mod K`` of the ensemble's ``K``: one plausible world and one seed, the same
for every scenario. A scenario's own parameters (its file, ``--set``) win over the ensemble's.
The spread across replications then holds both kinds of uncertainty: chance and what we do not
know about the weights. The summary gives the 90% range of the worlds (``p05``, ``p95``) beside
the interval of the mean, and the differences the share of worlds in which a scenario beats
the reference.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pandas as pd
from scipy import stats

from .api import FLOAT_FORMAT, load_scenario
from .ensemble import Ensemble
from .errors import LloSimError
from .model import LearningCultureModel
from .parameters import validate
from .scenario import Scenario

NOT_MEASURES = ("month", "n_employees")
GROUP_MEASURES = ("participation_any", "participation_formal", "participation_informal",
                  "budget_uptake")


def derived_seed(seed: int, index: int) -> int:
    """The seed of run ``index`` derived from a base ``seed``.

    It is the ``index``-th child of ``numpy.random.SeedSequence(seed)`` (what ``spawn`` would
    give), so it depends on the base seed and the index alone: not on how many runs there
    are, in which order they run, or where.
    """
    child = np.random.SeedSequence(seed, spawn_key=(index,))
    return int(child.generate_state(1, np.uint64)[0] >> 1)


def replication_seeds(seed: int, replications: int) -> list[int]:
    """The seed of each replication, derived from one base seed; the same for every scenario."""
    return [derived_seed(seed, i) for i in range(replications)]


@dataclass(frozen=True)
class Task:
    """One run: a scenario's parameters, one replication."""

    scenario: str
    replication: int
    seed: int
    months: int
    params: dict


def simulate(params: dict, seed: int, months: int) -> LearningCultureModel:
    """Build a model without agent views from resolved ``params`` and run ``months`` months."""
    model = LearningCultureModel(rng=seed, agents=False, **params)
    for _ in range(months):
        model.step()
    return model


def local_pool(workers: int | None, n_tasks: int) -> ProcessPoolExecutor:
    """A pool of at most ``workers`` processes (default: one per core), no more than tasks.

    Workers start from a fork server that has imported llo_sim once, where the platform has
    one: importing Mesa makes "spawn" the default start method, and a spawned worker spends
    close to a second importing everything again.
    """
    workers = workers or os.cpu_count() or 1
    context = None
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["llo_sim.sweep"])
    return ProcessPoolExecutor(max_workers=max(1, min(workers, n_tasks)), mp_context=context)


@contextlib.contextmanager
def executor_for(workers: int | None, scheduler: str | None, n_tasks: int,
                 option: str = "--dask"):
    """Where the runs of a job go: the executor of a Dask cluster at ``scheduler``, ``None``
    for this process (one worker, or at most one task), or a local pool of processes that is
    shut down afterwards. ``option`` names the command-line option in errors."""
    if scheduler is not None:
        try:
            from distributed import Client
        except ImportError:
            raise LloSimError(f"{option} needs Dask distributed: pip install "
                              "'llo-sim[distributed]'") from None
        try:
            client = Client(scheduler, timeout="10s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise LloSimError(f"{option} {scheduler}: cannot connect to a Dask scheduler "
                              f"there ({exc})") from None
        with client:
            yield client.get_executor()
    elif (workers or os.cpu_count() or 1) == 1 or n_tasks <= 1:
        yield None
    else:
        pool = local_pool(workers, n_tasks)
        try:
            yield pool
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def as_finished(executor, fn: Callable, calls):
    """Submit ``fn(*args)`` for every ``args`` in ``calls`` and yield the results as they
    finish. Pending calls are cancelled when the caller stops (Ctrl-C, an error, a closed
    generator), so an interrupted job stops soon."""
    futures = [executor.submit(fn, *args) for args in calls]
    try:
        for fut in as_completed(futures):
            yield fut.result()
    finally:
        for fut in futures:
            fut.cancel()


def run_task(task: Task) -> tuple[Task, pd.DataFrame, pd.DataFrame]:
    """Run one replication (in a worker process) and return its two tables."""
    model = simulate(task.params, task.seed, task.months)
    return task, model.timeseries(), model.groups()


def mean_ci(values: np.ndarray, level: float = 0.95) -> tuple[float, float, float]:
    """Mean and t-based confidence interval of the mean; NaN values are left out."""
    v = np.asarray(values, dtype=float)
    v = v[~np.isnan(v)]
    if len(v) == 0:
        return (np.nan, np.nan, np.nan)
    m = float(v.mean())
    if len(v) < 2:
        return (m, np.nan, np.nan)
    half = float(stats.t.ppf(0.5 + level / 2, len(v) - 1) * v.std(ddof=1) / np.sqrt(len(v)))
    return (m, m - half, m + half)


@dataclass
class Comparison:
    """The runs of a comparison and what is derived from them."""

    scenarios: list[Scenario]
    replications: int
    seed: int
    months: int
    timeseries: pd.DataFrame            # scenario, replication, month, measures...
    groups: pd.DataFrame                # scenario, replication, month, dimension, level, ...
    seeds: list[int] = field(default_factory=list)
    worlds: list[int] | None = None     # ensemble member of each replication (None: defaults)
    provenance: dict | None = None      # of the ensemble

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.scenarios]

    def final(self) -> pd.DataFrame:
        """One row per scenario and replication: every measure at the final month, the
        organisation-level ones and participation per group (``measure[dimension=level]``)."""
        ts = self.timeseries[self.timeseries["month"] == self.months]
        ts = ts.drop(columns=list(NOT_MEASURES)).set_index(["scenario", "replication"])
        g = self.groups[self.groups["month"] == self.months]
        long = g.melt(id_vars=["scenario", "replication", "dimension", "level"],
                      value_vars=list(GROUP_MEASURES), var_name="measure")
        long["name"] = long["measure"] + "[" + long["dimension"] + "=" + long["level"] + "]"
        wide = long.pivot(index=["scenario", "replication"], columns="name", values="value")
        wide = wide[list(dict.fromkeys(long["name"]))]  # in the order of the groups table
        return ts.join(wide).reindex(pd.MultiIndex.from_product(
            [self.names, range(self.replications)], names=["scenario", "replication"]))

    def summary(self) -> pd.DataFrame:
        """``scenario, measure, mean, ci_low, ci_high, p05, p95`` at the final month: the mean
        with its 95% interval, and the range that holds 90% of the replications (worlds)."""
        final = self.final()
        rows = [(name, measure, *mean_ci(v), *spread(v))
                for name in self.names for measure in final.columns
                for v in [final.loc[name, measure].to_numpy()]]
        return pd.DataFrame(rows, columns=["scenario", "measure", "mean", "ci_low", "ci_high",
                                           "p05", "p95"])

    def differences(self) -> pd.DataFrame:
        """Paired differences of each scenario against the first, per replication (the same
        seed and world): ``scenario, reference, measure, mean_difference, ci_low, ci_high``
        (95% interval of the mean), ``p05, p95`` (90% of the worlds) and ``share_higher``
        (share of the worlds in which the scenario's value is higher than the reference's)."""
        final = self.final()
        ref = self.names[0]
        rows = []
        for name in self.names[1:]:
            diff = final.loc[name].to_numpy() - final.loc[ref].to_numpy()
            for j, measure in enumerate(final.columns):
                d = diff[:, j]
                rows.append((name, ref, measure, *mean_ci(d), *spread(d), share_higher(d)))
        return pd.DataFrame(rows, columns=["scenario", "reference", "measure",
                                           "mean_difference", "ci_low", "ci_high", "p05", "p95",
                                           "share_higher"])

    def bands(self, measure: str) -> pd.DataFrame:
        """``measure`` per scenario and month (for plots): the mean with its 95% interval
        (``ci_low``, ``ci_high``) and the range of 90% of the runs (``p05``, ``p95``)."""
        rows = []
        for (name, month), v in self.timeseries.groupby(["scenario", "month"], sort=False)[
                measure]:
            rows.append((name, month, *mean_ci(v.to_numpy()), *spread(v.to_numpy())))
        return pd.DataFrame(rows, columns=["scenario", "month", "mean", "ci_low", "ci_high",
                                           "p05", "p95"])

    def costs(self) -> pd.DataFrame:
        """EUR per employee per year of every scenario, per instrument, knob and in total,
        with the source of each figure (:func:`llo_sim.costs.cost_table`)."""
        from .costs import cost_table

        return cost_table(self)

    def cost_effectiveness(self, reference: str | None = None) -> pd.DataFrame:
        """What each euro buys against ``reference`` (default: the first scenario), with the
        90% range of the worlds (:func:`llo_sim.costs.cost_effectiveness`)."""
        from .costs import cost_effectiveness

        return cost_effectiveness(self, reference)

    def metadata(self) -> dict[str, Any]:
        from . import __version__

        return {"llo_sim_version": __version__, "seed": self.seed,
                "ensemble": ({"members": self.worlds, "provenance": self.provenance}
                             if self.worlds is not None else None),
                "replications": self.replications, "replication_seeds": self.seeds,
                "months": self.months,
                "scenarios": {s.name: {"extends_chain": s.chain,
                                       "parameters": dict(sorted(s.parameters.items()))}
                              for s in self.scenarios}}

    def write(self, out_dir: str | Path, figure: bool = True, overwrite: bool = False) -> Path:
        """Write summary.csv, differences.csv, costs.csv, cost_effectiveness.csv,
        timeseries.csv, groups.csv, compare.json and
        (with ``figure``) comparison.png and comparison.svg into ``out_dir``, all or nothing
        (see :mod:`llo_sim.outputs`): an existing non-empty folder is refused unless
        ``overwrite``, and then replaced as a whole."""
        from .outputs import named, result_folder, to_json

        opts = dict(index=False, float_format=FLOAT_FORMAT, lineterminator="\n")
        tables = (("summary.csv", self.summary()), ("differences.csv", self.differences()),
                  ("costs.csv", self.costs()),
                  ("cost_effectiveness.csv", self.cost_effectiveness()),
                  ("timeseries.csv", self.timeseries), ("groups.csv", self.groups))
        with result_folder(out_dir, overwrite, option="out_dir") as tmp:
            for name, table in tables:
                with named(tmp / name):
                    table.to_csv(tmp / name, **opts)
            with named(tmp / "compare.json"):
                (tmp / "compare.json").write_text(to_json(self.metadata()))
            if figure:
                from .plots import comparison_figure, save_figure

                with named(tmp / "comparison.png"):
                    save_figure(comparison_figure(self), tmp / "comparison")
        return Path(out_dir)


def compare(scenarios: list[str | Path | Scenario], *, replications: int = 10, seed: int = 0,
            months: int = 120, workers: int | None = None,
            on_done: Callable[[Task], None] | None = None, ensemble: Ensemble | None = None,
            **overrides: Any) -> Comparison:
    """Run every scenario ``replications`` times with common random numbers.

    ``overrides`` (e.g. ``n_employees=2000``) apply to every scenario. ``workers`` is the
    number of processes (default: the number of cores; 1 runs in this process). With an
    ``ensemble`` (:func:`llo_sim.ensemble.load_ensemble`), replication ``i`` runs in its
    parameter set ``i mod K``; the scenarios' own settings win over the ensemble's.
    """
    from .limits import MAX_MONTHS, MAX_REPLICATIONS, check_whole

    months = check_whole("compare()", "months", months, 0, MAX_MONTHS, "months")
    replications = check_whole("compare()", "replications", replications, 1, MAX_REPLICATIONS)
    seed = check_whole("compare()", "seed", seed, 0, 2**63 - 1)
    loaded = [load_scenario(s) for s in scenarios]
    if overrides:
        loaded = [s.with_overrides(**overrides) for s in loaded]
    names = [s.name for s in loaded]
    if len(set(names)) != len(names):
        raise LloSimError(f"each scenario can be compared once; got {', '.join(names)}")
    seeds = replication_seeds(seed, replications)
    worlds = None if ensemble is None else [i % len(ensemble) for i in range(replications)]
    tasks = [Task(s.name, i, seeds[i], months, world_parameters(s, ensemble, worlds, i))
             for s in loaded for i in range(replications)]
    results = _execute(tasks, workers, on_done)
    ts, gs = [], []
    for task, t, g in results:
        keys = {"scenario": task.scenario, "replication": task.replication}
        ts.append(t.assign(**keys))
        gs.append(g.assign(**keys))
    order = ["scenario", "replication"]
    timeseries = pd.concat(ts, ignore_index=True)
    groups = pd.concat(gs, ignore_index=True)
    timeseries = timeseries[order + [c for c in timeseries.columns if c not in order]]
    groups = groups[order + [c for c in groups.columns if c not in order]]
    return Comparison(loaded, replications, seed, months, timeseries, groups, seeds, worlds,
                      None if ensemble is None else ensemble.provenance)


def world_parameters(scenario: Scenario, ensemble: Ensemble | None, worlds, i: int) -> dict:
    """The parameters of replication ``i``: the scenario's, in its ensemble world if any."""
    if ensemble is None:
        return scenario.parameters
    return validate({**ensemble.member(worlds[i]), **scenario.overrides},
                    str(scenario.path or scenario.name))


def spread(values: np.ndarray, level: float = 0.90) -> tuple[float, float]:
    """The range holding ``level`` of the values (5th and 95th percentile); NaN left out."""
    v = np.asarray(values, dtype=float)
    v = v[~np.isnan(v)]
    if len(v) == 0:
        return (np.nan, np.nan)
    lo, hi = np.percentile(v, [50 - 50 * level, 50 + 50 * level])
    return (float(lo), float(hi))


def share_higher(diff: np.ndarray) -> float:
    """Share of the paired differences above zero (ties count half); NaN left out."""
    d = np.asarray(diff, dtype=float)
    d = d[~np.isnan(d)]
    if len(d) == 0:
        return float("nan")
    return float((np.count_nonzero(d > 0) + 0.5 * np.count_nonzero(d == 0)) / len(d))


def _execute(tasks: list[Task], workers: int | None, on_done) -> list:
    """Run the tasks, in processes unless ``workers == 1``; results in task order."""
    workers = workers or os.cpu_count() or 1
    if workers == 1 or len(tasks) == 1:
        results = []
        for task in tasks:
            results.append(run_task(task))
            if on_done:
                on_done(task)
        return results
    with local_pool(workers, len(tasks)) as pool:
        futures = [pool.submit(run_task, t) for t in tasks]
        results = []
        for task, fut in zip(tasks, futures):
            results.append(fut.result())
            if on_done:
                on_done(task)
        return results
