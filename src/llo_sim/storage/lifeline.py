"""No orphaned workers: the processes of a pool die with the program that started them.

Comparisons and sweeps run in a ``ProcessPoolExecutor`` whose workers are forked by a fork
server (:func:`llo_sim.study.compare.local_pool`). When the program is killed with SIGKILL it
cannot shut the pool down, and with the standard library alone the fork server, the workers
and the resource tracker then wait forever, holding memory (each worker holds a pipe end that
keeps the others waiting). This module cuts those ties:

- every worker the fork server forks watches the program (a thread that waits on a Linux
  pidfd, or polls elsewhere) and exits at once when it is gone;
- every worker also asks the kernel for SIGKILL when the fork server dies
  (``prctl(PR_SET_PDEATHSIG)``, Linux);
- the fork server and the resource tracker then exit by themselves, as the last holders of
  their pipes are gone (the fork server itself gets no thread: it must stay safe to fork).

It is switched on by importing :mod:`llo_sim.study.sweep.run`, which the fork server preloads;
:func:`install` acts only inside a fork server, so importing it anywhere else changes nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading

_PR_SET_PDEATHSIG = 1
_installed = False
_server_pid: int | None = None      # the fork server
_program_pid: int | None = None     # the program that started it


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
    """In a fork server: make every worker forked from here die with the program and with the
    fork server. Elsewhere: do nothing. Returns whether it acted."""
    global _installed, _server_pid, _program_pid
    if _installed or not in_fork_server() or not hasattr(os, "register_at_fork"):
        return False
    _installed = True
    _server_pid, _program_pid = os.getpid(), os.getppid()
    os.register_at_fork(after_in_child=_tie_worker)
    return True


def _tie_worker() -> None:
    """In a worker just forked by the fork server: die with the fork server and with the
    program."""
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
    except (AttributeError, OSError):
        fd = None
    if fd is not None:
        select.select([fd], [], [])
    else:
        while process_exists(pid):
            time.sleep(0.5)
    os._exit(1)


def process_exists(pid: int) -> bool:
    """Whether a process with this id exists (also one of another user)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
