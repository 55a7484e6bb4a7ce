"""Processes (docs/reliability.md, issue 17 points 3 and 7): no process outlives a program
killed with SIGKILL at any moment of its start-up or run; a worker that dies is one line and
exit 2; Ctrl-C stops soon with one line and exit 130. Every command that runs a pool of
workers is tried as a user runs it: `python -m llo_sim ...` in a subprocess of its own
session, watched through the process table (psutil).

No test depends on timing: the waits are bounds that a broken build exceeds by minutes (the
jobs are far longer than the bounds), never a measure of speed.
"""

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest

import llo_sim
from llo_sim.study.parallel import Pool, WorkerDied, as_finished, local_pool, run_all

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="the fork server and process sessions of Linux")

EXAMPLE = Path(__file__).parents[1] / "examples" / "zorginstelling"
SRC = str(Path(llo_sim.__file__).parents[1])
BOUND = 60            # seconds: how long to wait for what should take a moment

SWEEP = """\
design = "grid"
levels = {levels}
months = 24
employees = 1500
seed = 9
batch_size = 1
measures = ["participation_any"]

[parameters]
informal_rate = {{ low = 0.5, high = 2.5 }}
"""


def command(name: str, tmp_path: Path, size: int = 1) -> list[str]:
    """The arguments of a job of ``name`` with two workers, long enough (minutes, times
    ``size``) to be interrupted at any moment."""
    out = str(tmp_path / "out")
    if name == "sweep":
        experiment = tmp_path / "experiment.toml"
        experiment.write_text(SWEEP.format(levels=400 * size))
        return ["sweep", str(experiment), "--out", out]
    return {
        "compare": ["compare", "baseline", "budget_only", "--replications", str(200 * size),
                    "--employees", "1500", "--months", "24", "--no-figure", "--out", out],
        "discover": ["discover", "integrated", "--against", "baseline", "--design",
                     str(400 * size), "--employees", "1000", "--months", "24", "--out", out],
        "optimise": ["optimise", "--budget", "1000", "--evaluations", str(200 * size),
                     "--worlds", "4", "--employees", "1000", "--months", "24", "--out", out],
        "own": ["run", "integrated", "--workforce", str(EXAMPLE / "workforce.csv"), "--scan",
                str(EXAMPLE / "scan_0.csv"), "--months", "120", "--replications",
                str(min(2000 * size, 10_000)), "--out", out],
    }[name]


def start(args: list[str], quiet: bool = True) -> subprocess.Popen:
    """``python -m llo_sim ARGS --workers 2 --quiet`` in a session of its own."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (SRC, os.environ.get("PYTHONPATH")) if p)}
    return subprocess.Popen([sys.executable, "-m", "llo_sim", *args, "--workers", "2",
                             *(["--quiet"] if quiet else [])], start_new_session=True, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def session(sid: int) -> list[psutil.Process]:
    """The live processes of session ``sid``: the program and all it started, also those
    that outlived it (they keep the session when adopted by another parent)."""
    found = []
    for p in psutil.process_iter():
        try:
            if os.getsid(p.pid) == sid and p.status() != psutil.STATUS_ZOMBIE:
                found.append(p)
        except (OSError, psutil.Error):
            pass
    return found


def kinds(program: int) -> dict[str, list[psutil.Process]]:
    """The processes the program started, by kind: ``tracker`` (multiprocessing's resource
    tracker), ``forkserver`` and ``worker`` (forked by the fork server)."""
    out = {"tracker": [], "forkserver": [], "worker": []}
    try:
        children = psutil.Process(program).children(recursive=True)
    except psutil.Error:
        return out
    for p in children:
        try:
            cmd, parent = " ".join(p.cmdline()), p.ppid()
        except psutil.Error:
            continue
        if parent == program and "resource_tracker" in cmd:
            out["tracker"].append(p)
        elif parent == program and "forkserver" in cmd:
            out["forkserver"].append(p)
        elif "forkserver" in cmd:
            out["worker"].append(p)
    return out


def wait_for(proc: subprocess.Popen, kind: str, count: int = 1) -> list[psutil.Process]:
    """Poll until the program has ``count`` processes of ``kind``; return them."""
    deadline = time.monotonic() + 4 * BOUND
    while True:
        found = kinds(proc.pid)[kind]
        if len(found) >= count:
            return found
        assert proc.poll() is None, f"the job ended first: {proc.stderr.read()}"
        assert time.monotonic() < deadline, f"no {kind} appeared"
        time.sleep(0.01)


def survivors(sid: int) -> list[str]:
    """Wait (a bound, not a speed) until session ``sid`` is empty; what is left."""
    deadline = time.monotonic() + BOUND
    while (left := session(sid)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return [f"{p.pid} {' '.join(p.cmdline())[:80]}" for p in left if p.is_running()]


def messages(err: str) -> list[str]:
    """The lines on standard error but the estimate of a large job printed first."""
    return [line for line in err.splitlines() if not line.startswith("llo-sim: a large job")]


def clean_up(sid: int) -> None:
    for p in session(sid):
        try:
            p.kill()
        except psutil.Error:
            pass


# --- no orphans: SIGKILL of the program at every moment ------------------------------------

# kill the program when it has started: the resource tracker; the fork server (still
# importing llo-sim); the fork server half a second later (the reported failure: the fork
# server then read its parent's id after the program died); the first worker; two workers
# computing
MOMENTS = {"tracker": ("tracker", 1, 0.0), "forkserver": ("forkserver", 1, 0.0),
           "forkserver+0.5s": ("forkserver", 1, 0.5), "worker": ("worker", 1, 0.0),
           "running": ("worker", 2, 1.0)}
CASES = ([("compare", m) for m in MOMENTS]
         + [(c, m) for c in ("sweep", "discover", "optimise", "own")
            for m in ("forkserver+0.5s", "running")])


@pytest.mark.parametrize("name, moment", CASES)
def test_no_process_outlives_a_program_killed_at_any_moment(tmp_path, name, moment):
    kind, count, delay = MOMENTS[moment]
    proc = start(command(name, tmp_path))
    try:
        wait_for(proc, kind, count)
        time.sleep(delay)
        os.kill(proc.pid, signal.SIGKILL)          # the program alone, as the OOM killer does
        proc.wait()
        assert survivors(proc.pid) == [], f"outlived the program killed at {moment}"
    finally:
        clean_up(proc.pid)
        proc.stderr.close()


# --- a worker that dies: one line, exit 2 ----------------------------------------------------

KEPT = {"sweep": "the finished runs are saved in", "discover": "the finished points are saved",
        "optimise": "the finished runs are kept in", "compare": "nothing was saved",
        "own": "nothing was saved"}


@pytest.mark.parametrize("name", list(KEPT))
def test_a_worker_that_dies_is_one_line_and_exit_2(tmp_path, name):
    proc = start(command(name, tmp_path))
    try:
        worker = wait_for(proc, "worker", 2)[0]
        time.sleep(1.0)                           # computing
        worker.kill()
        err = proc.communicate(timeout=4 * BOUND)[1]
        assert proc.returncode == 2, err
        [line] = messages(err)
        assert line.startswith("llo-sim: error: a worker process died (killed by SIGKILL); ")
        assert KEPT[name] in line and "fewer workers" in line
        assert survivors(proc.pid) == []
    finally:
        clean_up(proc.pid)


# --- Ctrl-C: queued work cancelled, one line, exit 130 -----------------------------------------

@pytest.mark.parametrize("name", ["own", "compare", "sweep", "discover", "optimise"])
def test_ctrl_c_stops_soon_with_one_line(tmp_path, name):
    """Ctrl-C in a terminal: SIGINT to the program and its workers. The jobs would run for
    ten minutes and more; they must stop within the bound, every process with them."""
    proc = start(command(name, tmp_path, size=5))
    try:
        wait_for(proc, "worker", 2)
        time.sleep(1.0)
        os.killpg(proc.pid, signal.SIGINT)
        try:
            err = proc.communicate(timeout=BOUND)[1]
        except subprocess.TimeoutExpired:
            pytest.fail("still running after Ctrl-C: queued work was not cancelled")
        assert (proc.returncode, messages(err)) == (130, ["llo-sim: interrupted"]), err
        assert survivors(proc.pid) == []
    finally:
        clean_up(proc.pid)


def test_sigint_to_the_program_alone_also_stops_the_running_calls(tmp_path):
    """``kill -INT`` of the program only (an IDE, a job runner): the workers, which did not
    get it, are ended too."""
    proc = start(command("own", tmp_path, size=5))
    try:
        wait_for(proc, "worker", 2)
        time.sleep(1.0)
        os.kill(proc.pid, signal.SIGINT)
        try:
            err = proc.communicate(timeout=BOUND)[1]
        except subprocess.TimeoutExpired:
            pytest.fail("still running after SIGINT")
        assert (proc.returncode, messages(err)) == (130, ["llo-sim: interrupted"]), err
        assert survivors(proc.pid) == []
    finally:
        clean_up(proc.pid)


# --- calibrate: the pool of its deterministic sampler ----------------------------------------------

def calibration(tmp_path: Path, generations: int) -> list[str]:
    return ["calibrate", "--out", str(tmp_path / "c"), "--population", "100", "--generations",
            str(generations), "--employees", "500", "--months", "24"]


def calibration_workers(proc: subprocess.Popen) -> list[psutil.Process]:
    """Wait until the calibration's pool has its two workers (forked by the fork server, a
    child of the program)."""
    deadline = time.monotonic() + 4 * BOUND
    while True:
        assert proc.poll() is None, proc.stderr.read()
        assert time.monotonic() < deadline, "no workers appeared"
        with contextlib.suppress(psutil.Error):
            servers = [k for k in psutil.Process(proc.pid).children()
                       if "forkserver" in " ".join(k.cmdline())]
            found = [w for server in servers for w in server.children()]
            if len(found) >= 2:
                return found
        time.sleep(0.05)


def test_a_calibration_worker_that_dies_is_one_line_and_exit_2(tmp_path):
    pytest.importorskip("pyabc")
    proc = start(calibration(tmp_path, 15), quiet=False)
    try:
        calibration_workers(proc)[0].kill()
        err = proc.communicate(timeout=4 * BOUND)[1]
        assert proc.returncode == 2 and "Traceback" not in err, err
        assert err.splitlines()[-1] == (
            "llo-sim: error: a worker process died (killed by SIGKILL); the "
            f"generations finished before are kept in {tmp_path / 'c' / 'abc.db'}: run the same "
            "command with --resume to continue; if memory is short, use fewer workers or "
            "employees")
    finally:
        clean_up(proc.pid)


def test_ctrl_c_stops_a_calibration_with_one_line(tmp_path):
    """pyabc logs its progress on standard error; Ctrl-C adds one line, and no worker prints
    a traceback."""
    pytest.importorskip("pyabc")
    proc = start(calibration(tmp_path, 50), quiet=False)
    try:
        calibration_workers(proc)
        time.sleep(1.0)
        os.killpg(proc.pid, signal.SIGINT)
        try:
            err = proc.communicate(timeout=BOUND)[1]
        except subprocess.TimeoutExpired:
            pytest.fail("still running after Ctrl-C")
        assert proc.returncode == 130 and "Traceback" not in err, err
        assert err.splitlines()[-1] == "llo-sim: interrupted"
        assert survivors(proc.pid) == []
    finally:
        clean_up(proc.pid)


# --- the pool itself (in this process) ---------------------------------------------------------

def test_run_all_turns_a_dead_worker_into_worker_died():
    with pytest.raises(WorkerDied, match=r"a worker process died \(exit code 3\); nothing was "
                                         r"saved: run it again; if memory is short"):
        run_all(os._exit, [(3,)] * 4, workers=2)


def test_as_finished_turns_a_dead_worker_into_worker_died():
    with local_pool(2, 4) as pool:
        with pytest.raises(WorkerDied, match=r"\(exit code 5\)"):
            list(as_finished(pool, os._exit, [(5,)] * 4))


def test_a_worker_died_error_says_what_was_kept():
    died = WorkerDied("killed by SIGKILL").kept("the runs are in out: run again")
    assert str(died) == ("a worker process died (killed by SIGKILL); the runs are in out: run "
                         "again; if memory is short, use fewer workers or employees")


def test_stop_ends_a_running_call_without_waiting_for_it():
    pool = local_pool(2, 2)
    assert isinstance(pool, Pool)
    future = pool.submit(time.sleep, 3600)
    deadline = time.monotonic() + 4 * BOUND
    while not future.running():
        assert time.monotonic() < deadline
        time.sleep(0.05)
    stopper = threading.Thread(target=pool.stop)
    stopper.start()
    stopper.join(BOUND)
    assert not stopper.is_alive(), "stop() waited for the running call"


CTRL_C_AT_ANY_MOMENT = """
import os, signal, sys, threading, time
from llo_sim.study.parallel import run_all

if __name__ == "__main__":
    for attempt in range(24):
        # Ctrl-C while the pool starts its workers, while calls are handed over, while
        # results come in
        try:
            threading.Timer(attempt * 0.0125, os.kill, (os.getpid(), signal.SIGINT)).start()
            run_all(time.sleep, [(0.001,)] * 5000, 2)
        except KeyboardInterrupt:
            pass
    print("stopped every time")
"""


def test_ctrl_c_at_any_moment_of_a_pool_never_hangs_or_prints_a_traceback(tmp_path):
    """Once, a Ctrl-C while ``as_completed`` locked 10,000 calls one by one left locks held,
    and stopping the pool then waited forever; a Ctrl-C while a worker started left a worker
    the pool did not know, which printed a traceback."""
    script = tmp_path / "ctrl_c.py"
    script.write_text(CTRL_C_AT_ANY_MOMENT)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (SRC, os.environ.get("PYTHONPATH")) if p)}
    try:
        done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                              env=env, timeout=4 * BOUND, start_new_session=True)
    except subprocess.TimeoutExpired:
        pytest.fail("a pool interrupted by Ctrl-C never stopped")
    assert (done.stdout, done.stderr) == ("stopped every time\n", "")


def test_an_error_in_the_block_stops_the_pool_at_once():
    raised = []

    def block():
        try:
            with local_pool(2, 2) as pool:
                future = pool.submit(time.sleep, 3600)
                while not future.running():
                    time.sleep(0.05)
                raise RuntimeError("an error in the program")
        except RuntimeError as exc:
            raised.append(exc)

    thread = threading.Thread(target=block)
    thread.start()
    thread.join(4 * BOUND)
    assert not thread.is_alive(), "the pool waited for its running call"
    assert len(raised) == 1
