"""Whole runs for the dashboard: every month to the horizon, every replication, at once.

A slider move asks for the whole answer (all months of all replications, for the current
settings and the reference), not for month 0: :class:`Runner` computes the replications in two
worker processes side by side (one per core, each replication always in the same worker, so
its warmed-up organisation is found in that worker's cache), and keeps recent runs, so a
reference, an undo or a step back to a setting seen before costs nothing.

A run is a plain value (:class:`Run`): its time series and, for replication 0, what the
building-block and team views need at each month. So the dashboard only *shows* a month of a
finished run; Play and the step buttons move through it without computing.

The workers evaluate the rule expressions with compiled kernels at every size
(:mod:`llo_sim.engine.expressions`: the same numbers, bit for bit; at the dashboard's sizes
about as fast as numpy, and compiled in the background the first time). Nothing in this
module imports Solara or matplotlib: the workers stay small.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from concurrent.futures import CancelledError
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

import numpy as np
import pandas as pd

from llo_sim.engine.measures import recent
from llo_sim.engine.model import LearningCultureModel

BLOCKS = ("weten", "willen", "kunnen", "durven", "mogen")
WORKERS_ENV = "LLO_SIM_DASHBOARD_WORKERS"     # worker processes; 0 = compute in this process
KEEP = 256                                    # runs kept (a 10-year run is about 100 kB)

# months computed by the dashboard's runs in this process (not counting its workers'): a
# probe for tests; what Play shows is counted in simulation.MONTHS_SHOWN
MONTHS_RUN = [0]


@dataclass(frozen=True)
class Run:
    """One replication to the horizon. ``ts``: one row per month (0 .. horizon);
    ``blocks[m]``, ``teams[m]``: the building blocks by group and each team's point at month
    ``m`` (replication 0 only, else empty); ``measured``: whether month 0 has a 12-month past
    (a warm start; see :func:`has_history`)."""

    ts: pd.DataFrame
    blocks: tuple = ()
    teams: tuple = ()
    measured: bool = True


def has_history(model: LearningCultureModel) -> bool:
    """Whether the 12-month measures describe the organisation now: the model has run, or it
    started with learning already in the past (a warm start). A cold start at month 0 has no
    history, and its "0% learn" would be a wrong picture of the organisation."""
    if model.month > 0:
        return True
    w = model.workforce
    last = np.maximum(w.last_formal, w.last_informal)
    return bool(np.any(recent(last, model.month) & (last < model.month)))


GROUPS = ("practical", "theoretical", "<35", "55+", "permanent", "flex")


def block_means(model) -> dict[str, list[float]]:
    """The five building blocks' means by education, age and contract (group -> 5 means;
    NaN for an empty group): one matrix product for all 30, as it runs every month."""
    w = model.workforce
    masks = np.vstack([~w.theoretical, w.theoretical, w.age_band == 0, w.age_band == 2,
                       ~w.flex, w.flex]).astype(np.float64)
    counts = masks.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = masks @ np.vstack([getattr(w, b) for b in BLOCKS]).T / counts[:, None]
    return {name: [float(v) for v in row] for name, row in zip(GROUPS, means)}


def team_points(model) -> dict[str, np.ndarray]:
    """Each team's leader coaching, participation (%) and leader style."""
    w, ld = model.workforce, model.leaders
    learned = recent(np.maximum(w.last_formal, w.last_informal), model.month)
    share = 100 * np.bincount(w.team, weights=learned, minlength=ld.n) / model.team_counts
    return {"coaching": ld.coaching.copy(), "share": share, "style": ld.style.copy()}


def whole_run(params: dict, seed: int, months: int, snapshots: bool) -> Run:
    """Run ``months`` months from a (warmed-up) month 0; with ``snapshots``, keep the
    building blocks and the teams of every month."""
    model = LearningCultureModel(rng=seed, agents=False, **params)
    measured = has_history(model)
    blocks, teams = [], []
    for month in range(months + 1):
        if month:
            model.step()
        if snapshots:
            blocks.append(block_means(model))
            teams.append(team_points(model))
    return Run(model.timeseries(), tuple(blocks), tuple(teams), measured)


def _in_worker(params: dict, seed: int, months: int, snapshots: bool) -> Run:
    """:func:`whole_run` in a worker process, with compiled kernels at every size."""
    from llo_sim.engine import expressions

    expressions.COMPILED_FROM = 0
    return whole_run(params, seed, months, snapshots)


def _key(params: dict, seed: int, months: int):
    return (tuple(sorted((k, repr(v)) for k, v in params.items())), seed, months)


class Runner:
    """Computes whole runs, in ``workers`` processes (default: :data:`WORKERS_ENV`, else
    one per core up to two; 0 computes in the calling thread), and keeps the last
    :data:`KEEP` of them. Safe to use from several browser sessions at once."""

    def __init__(self, workers: int | None = None):
        if workers is None:
            env = os.environ.get(WORKERS_ENV, "")
            workers = int(env) if env.isdigit() else min(2, os.cpu_count() or 1)
        self.workers = workers
        self._pools: list = []
        self._kept: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def runs(self, jobs: list[tuple[dict, int, bool, int]], months: int) -> list[Run]:
        """The whole runs of ``jobs`` (``(params, seed, snapshots, lane)``): kept ones at once,
        the others computed side by side, a job of lane ``i`` in worker ``i % workers`` (give
        a replication's current and reference runs one lane: they share its warm start). A
        run kept with snapshots serves a job without; the same run asked twice is run once."""
        keys = [_key(p, s, months) for p, s, _, _ in jobs]
        snapshots: dict = {}             # key -> whether any job of that run needs snapshots
        for k, job in zip(keys, jobs):
            snapshots[k] = snapshots.get(k, False) or job[2]
        with self._lock:
            found = {}
            for k in snapshots:
                run = self._kept.get(k)
                if run is not None and (run.blocks or not snapshots[k]):
                    found[k] = run
                    self._kept.move_to_end(k)
        todo = {}
        for k, (p, s, _, lane) in zip(keys, jobs):
            if k not in found and k not in todo:
                todo[k] = (p, s, snapshots[k], lane)
        done = self._compute(todo, months)
        with self._lock:
            self._kept.update(done)
            while len(self._kept) > KEEP:
                self._kept.popitem(last=False)
        return [found[k] if k in found else done[k] for k in keys]

    def _compute(self, todo: dict, months: int) -> dict:
        if self.workers == 0 or not todo:
            MONTHS_RUN[0] += months * len(todo)
            return {k: whole_run(p, s, months, snap) for k, (p, s, snap, _) in todo.items()}
        for attempt in (1, 2):
            pools = self._started()
            futures = {k: pools[lane % len(pools)].submit(_in_worker, p, s, months, snap)
                       for k, (p, s, snap, lane) in todo.items()}
            try:
                return {k: f.result() for k, f in futures.items()}
            except (BrokenProcessPool, CancelledError):   # a worker died (memory?): new ones
                self._discard(pools)
                if attempt == 2:
                    raise
        return {}

    def _discard(self, pools: list) -> None:
        """Replace broken pools, unless another thread has replaced them already; work that
        other visitors queued on a pool that still runs is left to finish."""
        with self._lock:
            if self._pools is pools:
                self._pools = []
        for pool in pools:
            pool.shutdown(wait=False)

    def _started(self) -> list:
        with self._lock:
            if not self._pools:
                from llo_sim.study.parallel import local_pool

                self._pools = [local_pool(1, 1) for _ in range(self.workers)]
            return self._pools

    def close(self) -> None:
        with self._lock:
            pools, self._pools = self._pools, []
        for pool in pools:
            pool.shutdown(wait=False, cancel_futures=True)


_RUNNER: list[Runner] = []
_RUNNER_LOCK = threading.Lock()


def runner() -> Runner:
    """The process's runner (made on first use; the server's warm-up and a first visit may
    ask at once)."""
    with _RUNNER_LOCK:
        if not _RUNNER:
            _RUNNER.append(Runner())
        return _RUNNER[0]
