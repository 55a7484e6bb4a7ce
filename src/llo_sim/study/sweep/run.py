"""Running a sweep: its batches on any ``concurrent.futures.Executor``, each written at once.

:func:`run_sweep` loads an experiment (:mod:`llo_sim.study.sweep.file`), splits its runs into
fixed batches (:mod:`llo_sim.study.sweep.design`) and sends the batches not yet done to a process
pool, a Dask client's executor or this process. Each finished batch is written at once as
one part file per table (:mod:`llo_sim.storage.sweep_store`), so an interrupted sweep continues
where it stopped when run again. Run ``i`` has its own seed, so the numbers do not depend on
where or in which order runs execute.

The names user code needs are importable from here: :func:`run_sweep`,
:func:`load_experiment`, :class:`Experiment`, :class:`ExperimentError`, :func:`read_table`
and :func:`read_provenance`.
"""

from __future__ import annotations

import contextlib
import time
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import pandas as pd

from llo_sim.storage import lifeline
from llo_sim.storage.sweep_store import Layout, Store, read_provenance, read_table
from llo_sim.study.parallel import WorkerDied, as_finished, executor_for
from llo_sim.study.runs import simulate
from llo_sim.study.sweep.design import (
    Batch,
    Experiment,
    parse_group_measure,
    split_measures,
)
from llo_sim.study.sweep.file import ExperimentError, load_experiment

lifeline.install()   # in the fork server, which preloads this module: no orphaned workers

__all__ = ["Experiment", "ExperimentError", "SweepResult", "load_experiment",
           "read_provenance", "read_table", "run_batch", "run_sweep"]


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


@contextlib.contextmanager
def _submitted(executor: Executor, batches: list[Batch]) -> Iterator[Iterator]:
    """Submit every batch; give their results as they finish. Pending batches are cancelled
    when the block ends (Ctrl-C, an error), so an interrupted sweep stops soon."""
    results = as_finished(executor, run_batch, ((b,) for b in batches))
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
        with _submitted(executor, batches) as results:
            yield results
        return
    with executor_for(workers, scheduler, len(batches), "--scheduler") as where:
        if where is None:
            yield map(run_batch, batches)
        else:
            with _submitted(where, batches) as results:
                yield results


@dataclass
class SweepResult:
    """What :func:`run_sweep` did: where the results are and how many runs it made."""

    out: Path
    experiment: Experiment
    runs: int
    ran: int
    skipped: int
    seconds: float
    damaged: list[str] = field(default_factory=list)   # parts found damaged and re-run

    def summary(self) -> pd.DataFrame:
        return read_table(self.out, "summary")

    def timeseries(self) -> pd.DataFrame:
        return read_table(self.out, "timeseries")


def run_sweep(experiment: str | Path | Experiment, out: str | Path, *,
              workers: int | None = None, scheduler: str | None = None,
              executor: Executor | None = None, progress: bool = False,
              on_batch: Callable[[int], None] | None = None,
              overwrite: bool = False) -> SweepResult:
    """Run every run of ``experiment`` not yet in ``out``, writing a part per finished batch.

    The parts already in ``out`` are verified first (:mod:`llo_sim.storage.sweep_store`): damaged
    ones are run again, a part of another sweep definition is an error. ``overwrite``
    empties ``out`` first, if it is a sweep's folder that holds nothing else and not the
    experiment file (:mod:`llo_sim.storage.kinds`).

    Where runs go: ``executor`` if given (any ``concurrent.futures.Executor``, e.g.
    ``distributed.Client.get_executor()``), else a Dask cluster at ``scheduler``, else a pool of
    ``workers`` processes (default: one per core; 1 runs here). ``on_batch`` is called with the
    number of runs after each written batch.
    """
    t0 = time.perf_counter()
    exp = load_experiment(experiment)
    inputs = [exp.path, *(f["path"] for f in exp.scenario.files)]
    store = Store(Path(out), layout(exp), overwrite, inputs)
    with store.lock():
        if overwrite:
            store.clear()
        batches = exp.batches()
        n_runs = sum(len(b.runs) for b in batches)
        sound, damaged = store.verify([b.index for b in batches])
        todo = [b for b in batches if b.index not in sound]
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
        except WorkerDied as exc:
            raise exc.kept(f"the finished runs are saved in {store.out}: run the same "
                           "command again to continue") from None
        finally:
            if bar is not None:
                bar.close()
        return SweepResult(store.out, exp, n_runs, n_runs - skipped, skipped,
                           time.perf_counter() - t0, damaged)


def layout(exp: Experiment) -> Layout:
    """What the store of ``exp`` holds: provenance, runs, measure columns and factors."""
    ts_m, group_m = split_measures(exp.measures)
    return Layout(exp.provenance(), len(exp.points()) * exp.replications,
                  (*ts_m, *group_m), tuple((f.name, f.kind) for f in exp.factors))
