"""No orphaned workers: the processes of a pool die with the program that started them.

Comparisons, sweeps, discoveries, searches and own-organisation runs go to a
``ProcessPoolExecutor`` whose workers are forked by multiprocessing's fork server
(:func:`llo_sim.study.parallel.local_pool`). When the program is killed with SIGKILL it cannot
shut the pool down, and with the standard library alone the fork server, the workers and the
resource tracker then wait forever, holding memory (each worker holds a pipe end that keeps
the others waiting). This module cuts those ties, at every moment of start-up too:

- the program starts the fork server through :func:`start_fork_server`, which hands it the
  program's process id (in the environment of that one start, :data:`PROGRAM_ENV`). The fork
  server cannot learn it later: once the program is dead, ``getppid()`` names whoever adopted
  the fork server (init or a subreaper);
- the fork server, while preloading (:func:`install`), and again before every fork, checks
  that its parent is still that program, and exits at once when it is not;
- every worker it forks asks the kernel for SIGKILL when the fork server dies
  (``prctl(PR_SET_PDEATHSIG)``, Linux) and watches the program (a thread waiting on a Linux
  pidfd, or polling elsewhere), exiting at once when it is gone;
- the fork server and the resource tracker then end by themselves: the fork server when the
  last holder of its "alive" pipe (the program, the workers, requests not yet served) is
  gone, the tracker when the last holder of its pipe is. The fork server gets no thread and
  no death signal: it must stay safe to fork, and a death signal would follow the thread
  that started it (the dashboard starts pools from its worker threads).

:func:`install` acts only inside a fork server (it is called by :mod:`llo_sim.study.sweep.run`,
which the fork server preloads), so importing this module anywhere else changes nothing.

Elsewhere (Windows, macOS) the program spawns its workers itself, and each worker watches the
program through multiprocessing's sentinel of its parent (:func:`watch_parent`): a process
handle on Windows, a pipe that only the program holds open on macOS. It exits the moment the
program is gone; there is no fork server to end.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading

PROGRAM_ENV = "LLO_SIM_PROGRAM_PID"   # the program's id, for the fork server it starts
_PR_SET_PDEATHSIG = 1
_installed = False
_start_lock = threading.Lock()
_server_pid: int | None = None        # the fork server
_program_pid: int | None = None       # the program that started it
_forking_server = False               # whether the fork under way is the fork server's


def start_fork_server() -> None:
    """Start multiprocessing's fork server (and its resource tracker) now, unless it runs,
    telling it this program's id so that it can tell when this program is gone."""
    from multiprocessing import forkserver

    with _start_lock:
        os.environ[PROGRAM_ENV] = str(os.getpid())
        try:
            forkserver.ensure_running()
        finally:
            os.environ.pop(PROGRAM_ENV, None)


def in_fork_server() -> bool:
    """Whether this code runs inside ``multiprocessing.forkserver.main`` (preloading)."""
    frame = sys._getframe()
    while frame is not None:
        if (frame.f_code.co_name == "main"
                and frame.f_globals.get("__name__") == "multiprocessing.forkserver"):
            return True
        frame = frame.f_back
    return False


def install() -> bool:
    """In a fork server: exit if the program that started it is gone already, and make
    every worker forked from here die with the program and with the fork server.
    Elsewhere: do nothing. Returns whether it acted."""
    global _installed, _server_pid, _program_pid
    if _installed or not in_fork_server() or not hasattr(os, "register_at_fork"):
        return False
    _installed = True
    _server_pid, _program_pid = os.getpid(), program_id(os.environ.pop(PROGRAM_ENV, None))
    exit_if_orphaned()
    os.register_at_fork(before=_before_fork, after_in_child=_tie_worker)
    return True


def program_id(recorded: str | None) -> int:
    """The id of the program that started this fork server: as it recorded it, else the
    parent now (right unless the program died before this line)."""
    if recorded is not None and recorded.isdigit():
        return int(recorded)
    return os.getppid()


def exit_if_orphaned() -> None:
    """In the fork server: exit at once when the program that started it is gone. Its
    children are handed to another process the moment it dies, so the parent changes."""
    if os.getppid() != _program_pid or _program_pid <= 1:
        os._exit(0)


def _before_fork() -> None:
    """Before a fork: in the fork server, exit if the program is gone (a request sent just
    before it died); a fork in a worker (which inherits these hooks) is left alone."""
    global _forking_server
    _forking_server = os.getpid() == _server_pid
    if _forking_server:
        exit_if_orphaned()


def _tie_worker() -> None:
    """In a worker just forked by the fork server: die with the fork server and with the
    program."""
    if not _forking_server:
        return
    die_with_parent()
    if os.getppid() != _server_pid:        # the fork server died before the line above
        os._exit(1)
    watch(_program_pid)


def die_with_parent() -> bool:
    """Ask Linux to send SIGKILL to this process when its parent dies; False where that is
    not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def watch(pid: int | None) -> None:
    """Exit this process (at once, without clean-up) when process ``pid`` is gone; a daemon
    thread waits for that."""
    if pid is None or pid <= 1:
        return
    threading.Thread(target=_wait_and_exit, args=(pid,), name="llo-sim-lifeline",
                     daemon=True).start()


def _wait_and_exit(pid: int) -> None:
    import select
    import time

    try:
        fd = os.pidfd_open(pid)              # Linux 5.3+: readable when the process ends
    except ProcessLookupError:               # gone already
        os._exit(1)
    except (AttributeError, OSError):
        fd = None
    if fd is not None:
        select.select([fd], [], [])
    else:
        while process_exists(pid):
            time.sleep(0.5)
    os._exit(1)


def watch_parent() -> bool:
    """In a worker that multiprocessing spawned: exit this process (at once, without
    clean-up) when the program that started it is gone; a daemon thread waits on the parent's
    sentinel, which the system signals when the parent ends, however it ends (on Windows a
    process handle; elsewhere a pipe whose other end only the parent holds). Returns whether
    it watches (False in a process that multiprocessing did not start)."""
    import multiprocessing

    parent = multiprocessing.parent_process()
    if parent is None:
        return False
    threading.Thread(target=_join_and_exit, args=(parent,), name="llo-sim-lifeline",
                     daemon=True).start()
    return True


def _join_and_exit(parent) -> None:
    parent.join()                            # returns once the parent has ended
    os._exit(1)


def process_exists(pid: int) -> bool:
    """Whether a process with this id exists (also one of another user). On Windows asked of
    psutil: there ``os.kill(pid, 0)`` would end the process instead of probing it."""
    if sys.platform == "win32":
        import psutil

        return psutil.pid_exists(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
