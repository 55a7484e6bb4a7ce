"""Windows and macOS (issue 20, point 6): the portable paths that stand in for Linux's, tried
here by switching Linux's off (no fork server, no fcntl, ``sys.platform`` of another system)
and checking that the stand-in does the job for real: the same numbers, a lock that refuses a
second holder, workers that end with a killed program, processes probed without ``os.kill``
(docs/reliability.md, "Windows and macOS"). Files, memory and the dashboard are in
``test_portable_files.py``.

No test depends on timing: waits are bounds that a broken build exceeds, never a measure.
"""

import contextlib
import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path

import filelock  # noqa: F401 - imported before a test hides fcntl: it picks its lock at import
import pandas as pd
import psutil
import pytest

import llo_sim
from llo_sim.cli import main
from llo_sim.errors import LloSimError
from llo_sim.storage import folders, lifeline
from llo_sim.storage.locks import folder_lock
from llo_sim.storage.sweep_store import read_table
from llo_sim.study import parallel
from llo_sim.study.sweep.run import run_sweep

SRC = str(Path(llo_sim.__file__).parents[1])
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(
    p for p in (SRC, os.environ.get("PYTHONPATH")) if p)}
BOUND = 60              # seconds: how long to wait for what should take a moment
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="compares with Linux's fork server")


def no_fork_server(monkeypatch) -> None:
    """As on Windows: multiprocessing offers no fork server."""
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])


def record_start_methods(monkeypatch) -> list[str]:
    """The start method of every pool the code under test makes."""
    methods, make = [], parallel.local_pool

    def local_pool(workers, n_tasks):
        pool = make(workers, n_tasks)
        methods.append(pool._mp_context.get_start_method())
        return pool

    monkeypatch.setattr(parallel, "local_pool", local_pool)
    return methods


def dead_pid() -> int:
    """The id of a process that has just ended."""
    child = subprocess.Popen([sys.executable, "-c", ""])
    child.wait()
    return child.pid


# --- pools: spawned workers where there is no fork server ---------------------------------------

@pytest.mark.parametrize("platform, methods", [("win32", ["spawn"]),
                                               ("darwin", ["fork", "spawn", "forkserver"]),
                                               ("linux", ["fork", "spawn"])])
def test_pools_spawn_their_workers_where_linux_fork_server_is_not(monkeypatch, platform,
                                                                   methods):
    with monkeypatch.context() as m:
        m.setattr(sys, "platform", platform)
        m.setattr(multiprocessing, "get_all_start_methods", lambda: methods)
        assert not parallel.uses_fork_server()
        pool = parallel.local_pool(100, 100)
    try:
        assert pool._mp_context.get_start_method() == "spawn"
        assert pool._initializer is parallel.start_spawned_worker
        # ProcessPoolExecutor refuses more than 61 workers on Windows
        assert pool.size == (parallel.WINDOWS_MAX_WORKERS if platform == "win32" else 100)
    finally:
        pool.shutdown()


@linux_only
def test_linux_keeps_its_fork_server():
    assert parallel.uses_fork_server()


@linux_only
def test_a_comparison_with_spawned_workers_has_the_numbers_of_the_fork_server(tmp_path,
                                                                              monkeypatch):
    args = ["compare", "baseline", "budget_only", "--replications", "3", "--employees", "120",
            "--months", "6", "--workers", "2", "--no-figure", "--quiet", "--out"]
    methods = record_start_methods(monkeypatch)
    assert main([*args, str(tmp_path / "linux")]) == 0
    no_fork_server(monkeypatch)
    assert main([*args, str(tmp_path / "spawned")]) == 0
    assert methods == ["forkserver", "spawn"]
    tables = sorted(p.name for p in (tmp_path / "linux").glob("*.csv"))
    assert "timeseries.csv" in tables
    for name in tables:
        assert ((tmp_path / "spawned" / name).read_bytes()
                == (tmp_path / "linux" / name).read_bytes()), name


SWEEP = """\
design = "grid"
levels = 3
replications = 2
months = 6
employees = 80
seed = 4
measures = ["participation_any", "gini_learning"]

[parameters]
informal_rate = { low = 0.5, high = 2.5 }
"""


def test_a_sweep_with_spawned_workers_has_the_numbers_of_one_process(tmp_path, monkeypatch):
    experiment = tmp_path / "sweep.toml"
    experiment.write_text(SWEEP)
    run_sweep(experiment, tmp_path / "serial", workers=1)
    methods = record_start_methods(monkeypatch)
    no_fork_server(monkeypatch)
    run_sweep(experiment, tmp_path / "spawned", workers=2)
    assert methods == ["spawn"]
    for table in ("summary", "timeseries"):
        pd.testing.assert_frame_equal(read_table(tmp_path / "spawned", table),
                                      read_table(tmp_path / "serial", table))


KILLED = """
import multiprocessing, os, sys, time
from pathlib import Path


def work(folder):
    Path(folder, str(os.getpid())).write_text("")     # this worker runs, and is watching
    time.sleep(3600)


if __name__ == "__main__":
    multiprocessing.get_all_start_methods = lambda: ["spawn"]      # as on Windows
    from llo_sim.study.parallel import local_pool

    pool = local_pool(2, 2)
    for _ in range(2):
        pool.submit(work, sys.argv[1])
    time.sleep(3600)
"""


def test_spawned_workers_end_with_a_killed_program(tmp_path):
    """The program killed (SIGKILL; TerminateProcess on Windows) while its two spawned
    workers compute: both end, and so does everything else it started."""
    script, marks = tmp_path / "killed.py", tmp_path / "marks"
    script.write_text(KILLED)
    marks.mkdir()
    proc = subprocess.Popen([sys.executable, str(script), str(marks)], env=ENV,
                            stderr=subprocess.PIPE, text=True)
    started = []
    try:
        deadline = time.monotonic() + 4 * BOUND
        while len(list(marks.iterdir())) < 2:
            assert proc.poll() is None, proc.stderr.read()
            assert time.monotonic() < deadline, "the workers did not start"
            time.sleep(0.05)
        started = psutil.Process(proc.pid).children(recursive=True)
        workers = {int(p.name) for p in marks.iterdir()}
        assert workers <= {p.pid for p in started}
        psutil.Process(proc.pid).kill()                  # the program alone
        proc.wait()
        _, alive = psutil.wait_procs(started, timeout=BOUND)
        assert alive == [], f"outlived the program: {alive}"
    finally:
        for p in started:
            with contextlib.suppress(psutil.Error):
                p.kill()
        with contextlib.suppress(OSError):
            proc.kill()
        proc.stderr.close()


def test_watch_parent_does_nothing_outside_a_worker():
    assert lifeline.watch_parent() is False


# --- the lock of a result folder without fcntl --------------------------------------------------

def no_fcntl(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "fcntl", None)      # `import fcntl` fails, as on Windows


def test_the_lock_without_fcntl_refuses_a_second_holder(tmp_path, monkeypatch):
    no_fcntl(monkeypatch)
    out = tmp_path / "out"
    with (folder_lock(out), pytest.raises(LloSimError, match="another sweep is writing here"),
          folder_lock(out)):                             # a second holder while the first holds
        pass
    with folder_lock(out, "discovery"):                   # free again
        pass


HOLDER = """
import sys
import filelock
sys.modules["fcntl"] = None
from llo_sim.storage.locks import folder_lock

with folder_lock(sys.argv[1]):
    print("held", flush=True)
    sys.stdin.read()
"""


def test_the_lock_without_fcntl_is_held_across_processes_and_let_go_when_killed(tmp_path,
                                                                                monkeypatch):
    no_fcntl(monkeypatch)
    out = tmp_path / "out"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(out)], env=ENV,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        with (pytest.raises(LloSimError, match="another optimisation is writing here"),
              folder_lock(out, "optimisation")):
            pass
        psutil.Process(holder.pid).kill()                # the system lets go of its lock
        holder.wait()
        with folder_lock(out, "optimisation"):
            pass
    finally:
        with contextlib.suppress(OSError):
            holder.kill()
        holder.stdin.close()
        holder.stdout.close()


def test_a_sweep_without_fcntl_stops_at_a_busy_folder(tmp_path, monkeypatch, capsys):
    no_fcntl(monkeypatch)
    experiment = tmp_path / "sweep.toml"
    experiment.write_text(SWEEP)
    out = tmp_path / "out"
    with folder_lock(out):                               # as a running sweep holds it
        assert main(["sweep", str(experiment), "--out", str(out), "--quiet"]) == 2
    assert "another sweep is writing here" in capsys.readouterr().err
    assert main(["sweep", str(experiment), "--out", str(out), "--quiet", "--workers",
                 "1"]) == 0


def test_the_lock_without_fcntl_refuses_a_lock_file_it_cannot_open(tmp_path, monkeypatch):
    no_fcntl(monkeypatch)
    (tmp_path / "out" / ".lock").mkdir(parents=True)
    with (pytest.raises(LloSimError, match=r"\.lock: cannot be opened .*holds only its own"),
          folder_lock(tmp_path / "out")):
        pass


# --- processes and leftovers: never os.kill on Windows ------------------------------------------

def as_windows(monkeypatch) -> None:
    """``sys.platform`` of Windows, where ``os.kill(pid, 0)`` ends the process. psutil's
    probe there opens the process; here it looks in the process table (psutil's own
    ``pid_exists`` would use ``os.kill`` on this system)."""
    monkeypatch.setattr(psutil, "pid_exists", lambda pid: pid in psutil.pids())
    monkeypatch.setattr(sys, "platform", "win32")

    def kill(pid, sig):
        raise AssertionError("os.kill on Windows would end the process")

    monkeypatch.setattr(os, "kill", kill)


def test_on_windows_a_process_is_probed_without_os_kill(monkeypatch):
    gone = dead_pid()
    as_windows(monkeypatch)
    assert lifeline.process_exists(os.getpid())
    assert lifeline.process_exists(os.getppid())
    assert not lifeline.process_exists(gone)


def test_on_windows_leftovers_of_dead_runs_are_removed_and_live_ones_kept(tmp_path,
                                                                          monkeypatch):
    out, gone = tmp_path / "out", dead_pid()
    dead = tmp_path / f".out.tmp-{gone}-abcd"
    live = tmp_path / f".out.tmp-{os.getppid()}-abcd"
    dead.mkdir()
    live.mkdir()
    as_windows(monkeypatch)
    folders.check_out_folder(out)
    assert not dead.exists() and live.exists()
