"""Where the runs of a study go: this process, a local pool of processes, or a Dask cluster;
and taking results as they finish. Each run is seeded by its own index
(:mod:`llo_sim.study.seeds`), so the numbers do not depend on where it ran."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Callable

from llo_sim.errors import LloSimError


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
        context.set_forkserver_preload(["llo_sim.study.sweep.run"])
    return ProcessPoolExecutor(max_workers=max(1, min(workers, n_tasks)), mp_context=context)


@contextlib.contextmanager
def executor_for(workers: int | None, scheduler: str | None, n_tasks: int,
                 option: str = "--scheduler"):
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
