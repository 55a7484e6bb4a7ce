"""Where the runs of a study go: this process, a local pool of processes, or a Dask cluster;
and taking results as they finish. Each run is seeded by its own index
(:mod:`llo_sim.study.seeds`), so the numbers do not depend on where it ran.

What happens when things go wrong, the same for every study (docs/reliability.md):

- **Ctrl-C** in a terminal reaches the program and its workers alike. The workers ignore it
  (:func:`ignore_interrupts`); the program cancels the calls not started and ends its workers
  at once (:meth:`Pool.stop`), so it stops soon, however long the runs in progress are.
- **An error** in the program does the same.
- **A worker that dies** (killed, out of memory, a crash) breaks the pool; the calls that
  wait for it raise :class:`WorkerDied`, one line that says how the worker ended and what to
  do (:func:`as_finished`, :func:`run_all`).
- **The program killed** (SIGKILL): the workers, the fork server and the resource tracker end
  with it (:mod:`llo_sim.storage.lifeline`).

On Linux the workers come from a fork server; on Windows and macOS they are spawned, and each
watches the program itself (:func:`start_spawned_worker`). The results are the same.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import os
import queue
import signal
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Iterable

from llo_sim.errors import LloSimError
from llo_sim.storage import lifeline

NOTHING_SAVED = "nothing was saved: run it again"
WINDOWS_MAX_WORKERS = 61      # ProcessPoolExecutor's limit on Windows (WaitForMultipleObjects)


class WorkerDied(LloSimError):
    """A worker process of a pool died (killed, out of memory, a crash), so the pool cannot
    go on. ``how`` says how it ended, ``then`` what was kept and what to do."""

    def __init__(self, how: str, then: str = NOTHING_SAVED):
        self.how, self.then = how, then
        super().__init__(f"a worker process died ({how}); {then}; if memory is short, use "
                         "fewer workers or employees")

    def kept(self, then: str) -> WorkerDied:
        """The same death, saying what was kept: ``then``."""
        return WorkerDied(self.how, then)


class Pool(ProcessPoolExecutor):
    """A ``ProcessPoolExecutor`` that can stop at once and tell how a worker died.

    Used as a context manager, it waits for its calls when the block ends normally and stops
    at once (:meth:`stop`) when it ends with an exception (Ctrl-C, an error, a dead worker).
    """

    def __init__(self, max_workers: int, **options):
        super().__init__(max_workers, **options)
        self.size = max_workers

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.shutdown(wait=True)
        else:
            self.stop()
        return False

    def _workers(self) -> list:
        # the standard library keeps its worker processes here (3.8 to 3.14); Python 3.14's
        # terminate_workers() reads the same attribute
        return list((getattr(self, "_processes", None) or {}).values())

    def stop(self) -> None:
        """Cancel the calls not started and end the workers now, without waiting for the
        calls they run."""
        workers = self._workers()
        thread = getattr(self, "_executor_manager_thread", None)   # shutdown() forgets it
        self.shutdown(wait=False, cancel_futures=True)
        for process in workers:
            with contextlib.suppress(OSError, ValueError, AttributeError):
                process.terminate()
        if thread is not None:     # the pool's thread ends once it has seen the workers end
            thread.join()

    def death(self) -> str:
        """How the worker that broke the pool ended: ``"killed by SIGKILL"``, ``"exit code
        3"``, or ``"cause unknown"``."""
        workers = self._workers()           # shutdown() forgets them
        self.shutdown(wait=True)            # the pool is broken: this joins every worker
        codes = [p.exitcode for p in workers if p.exitcode not in (None, 0)]
        codes = [c for c in codes if c != -signal.SIGTERM] or codes  # the others get SIGTERM
        if not codes:
            return "cause unknown"
        if codes[0] < 0:
            with contextlib.suppress(ValueError):
                return f"killed by {signal.Signals(-codes[0]).name}"
            return f"killed by signal {-codes[0]}"
        return f"exit code {codes[0]}"


@contextlib.contextmanager
def interrupts_deferred():
    """Hold a Ctrl-C that comes during the block until its end, where it is raised as usual.

    Starting a worker or handing over a call is not safe to cut short: a worker whose start
    was interrupted is not known to the pool, so :meth:`Pool.stop` cannot end it, and it
    fails later with a traceback of its own. Only the main thread handles signals; elsewhere
    the block runs as it is."""
    if (threading.current_thread() is not threading.main_thread()
            or signal.getsignal(signal.SIGINT) is None):          # a handler not of Python
        yield
        return
    caught = []
    previous = signal.signal(signal.SIGINT, lambda number, frame: caught.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if caught:
            signal.raise_signal(signal.SIGINT)      # now handled as it would have been


def ignore_interrupts() -> None:
    """In a worker: ignore Ctrl-C, which the terminal sends to the whole process group; the
    program decides what stops (:meth:`Pool.stop`), and no worker prints a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def start_spawned_worker() -> None:
    """In a spawned worker (Windows, macOS): ignore Ctrl-C (:func:`ignore_interrupts`) and
    end with the program (:func:`llo_sim.storage.lifeline.watch_parent`)."""
    ignore_interrupts()
    lifeline.watch_parent()


FORK_PRELOAD = ["llo_sim.study.sweep.run"]   # what the fork server imports before it forks


def uses_fork_server() -> bool:
    """Whether pools fork their workers from a fork server: on Linux. Windows cannot fork;
    on macOS a fork of a process that has loaded the system's libraries may crash (why
    Python spawns there by default), and the ties of :mod:`llo_sim.storage.lifeline` are
    Linux's."""
    return (sys.platform.startswith("linux")
            and "forkserver" in multiprocessing.get_all_start_methods())


def local_pool(workers: int | None, n_tasks: int) -> Pool:
    """A pool of at most ``workers`` processes (default: one per core), no more than tasks.

    On Linux, workers start from a fork server that has imported llo_sim once: importing Mesa
    makes "spawn" the default start method, and a spawned worker spends close to a second
    importing everything again. The fork server is started here, told which program it
    serves (:func:`llo_sim.storage.lifeline.start_fork_server`). Elsewhere the workers are
    spawned, and each watches the program (:func:`start_spawned_worker`).
    """
    workers = workers or os.cpu_count() or 1
    if sys.platform == "win32":
        workers = min(workers, WINDOWS_MAX_WORKERS)
    if uses_fork_server():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(FORK_PRELOAD)
        with interrupts_deferred():
            lifeline.start_fork_server()
        initializer = ignore_interrupts
    else:
        context = multiprocessing.get_context("spawn")
        initializer = start_spawned_worker
    return Pool(max_workers=max(1, min(workers, n_tasks)), mp_context=context,
                initializer=initializer)


@contextlib.contextmanager
def executor_for(workers: int | None, scheduler: str | None, n_tasks: int,
                 option: str = "--scheduler"):
    """Where the runs of a job go: the executor of a Dask cluster at ``scheduler``, ``None``
    for this process (one worker, or at most one task), or a local pool of processes that is
    shut down afterwards (at once, after an exception). ``option`` names the command-line
    option in errors."""
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
        with local_pool(workers, n_tasks) as pool:
            yield pool


@contextlib.contextmanager
def worker_deaths(executor):
    """Turn the death of a worker of ``executor`` (``BrokenProcessPool``) in the block into
    a one-line :class:`WorkerDied`."""
    try:
        yield
    except BrokenProcessPool:
        how = executor.death() if isinstance(executor, Pool) else "cause unknown"
        raise WorkerDied(how) from None


def finishing(executor, fn: Callable, calls: Iterable[tuple]):
    """``(i, fn(*args))`` for the ``i``-th ``args`` of ``calls``, as each call finishes.

    A :class:`Pool` gets at most twice as many calls as it has workers at a time (it queues
    no more anyway), other executors (Dask) all at once. The program waits on a queue that
    the calls' done-callbacks fill, never inside ``concurrent.futures.as_completed``: a
    Ctrl-C there, while it locks every call in turn, left locks held that
    :meth:`Pool.stop` then waited for forever. When the caller stops (Ctrl-C, an error, a
    closed generator), the calls not started are cancelled; a dead worker raises
    :class:`WorkerDied`."""
    done: queue.SimpleQueue = queue.SimpleQueue()
    todo = iter(enumerate(calls))
    pending: dict = {}
    window = 2 * executor.size if isinstance(executor, Pool) else None

    def submit(count) -> None:
        for i, args in itertools.islice(todo, count):
            with interrupts_deferred():        # a worker may start here
                future = executor.submit(fn, *args)
                pending[future] = i
            future.add_done_callback(done.put)

    try:
        with worker_deaths(executor):
            submit(window)
            while pending:
                future = done.get()
                i = pending.pop(future)
                result = future.result()
                submit(1 if window else 0)
                yield i, result
    finally:
        for future in pending:
            future.cancel()


def as_finished(executor, fn: Callable, calls: Iterable[tuple]):
    """The results of ``fn(*args)`` for every ``args`` in ``calls``, as they finish
    (:func:`finishing`)."""
    for _, result in finishing(executor, fn, calls):
        yield result


def run_all(fn: Callable, calls: Iterable[tuple], workers: int | None,
            on_done: Callable[[tuple], None] | None = None,
            scheduler: str | None = None) -> list:
    """``fn(*args)`` for every ``args`` in ``calls``, in a local pool of ``workers``
    processes (here when one worker or one call), or on the Dask cluster at ``scheduler``;
    the results in the order of ``calls``. ``on_done(args)`` is called as each call
    finishes. Ctrl-C or an error stops the pool at once; a dead worker raises
    :class:`WorkerDied`."""
    calls = list(calls)
    if scheduler is not None:
        results = [None] * len(calls)
        with executor_for(None, scheduler, len(calls)) as executor:
            for i, result in finishing(executor, fn, calls):
                results[i] = result
                if on_done is not None:
                    on_done(calls[i])
        return results
    if (workers or os.cpu_count() or 1) == 1 or len(calls) <= 1:
        results = []
        for args in calls:
            results.append(fn(*args))
            if on_done is not None:
                on_done(args)
        return results
    results = [None] * len(calls)
    with local_pool(workers, len(calls)) as pool:
        for i, result in finishing(pool, fn, calls):
            results[i] = result
            if on_done is not None:
                on_done(calls[i])
    return results
