"""Windows and macOS (issue 20, point 6), files, memory and the dashboard: the portable paths
that stand in for Linux's, tried here by making the code believe it runs elsewhere
(``sys.platform``, Windows's ``O_BINARY``, no ``/proc``) and, where Windows behaves
differently from Linux, by emulating that behaviour (docs/reliability.md, "Windows and
macOS"). The pools, processes and locks are in ``test_portable.py``.
"""

import errno
import os
import socket
import subprocess
import sys
from pathlib import Path

import psutil
import pytest

from llo_sim import dashboard
from llo_sim.engine import limits
from llo_sim.errors import LloSimError
from llo_sim.storage import folders, sweep_store

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="emulates Windows with Linux's fcntl and /proc")


# --- files: flushed, binary, replaced ------------------------------------------------------------

@linux_only
def test_on_windows_result_files_are_flushed_through_a_handle_that_may_write(tmp_path,
                                                                             monkeypatch):
    """Windows's fsync (FlushFileBuffers) fails on a handle opened read-only: emulated."""
    import fcntl

    real_fsync, flushed = os.fsync, []

    def windows_fsync(fd):
        if fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE == os.O_RDONLY:
            raise OSError(errno.EBADF, "Bad file descriptor")
        flushed.append(os.readlink(f"/proc/self/fd/{fd}"))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", windows_fsync)
    monkeypatch.setattr(sys, "platform", "win32")
    out = tmp_path / "out"
    with folders.result_folder(out, kind="run") as tmp:
        (tmp / "a.csv").write_text("x\n1\n")
        (tmp / "sub").mkdir()
        (tmp / "sub" / "b.csv").write_text("y\n2\n")
    assert (out / "a.csv").read_text() == "x\n1\n"
    assert {Path(f).name for f in flushed} == {"a.csv", "b.csv"}


def test_sweep_files_are_written_in_binary_mode_where_the_system_has_a_text_mode(tmp_path,
                                                                                 monkeypatch):
    """Windows's os.open translates \\n to \\r\\n unless given O_BINARY (0x8000 there): the
    flag is passed, and the bytes are written as given."""
    real_open, flags = os.open, []

    def windows_open(path, flag, mode=0o777, *args, **kwargs):
        flags.append(flag)
        return real_open(path, flag & ~0x8000, mode, *args, **kwargs)

    monkeypatch.setattr(os, "O_BINARY", 0x8000, raising=False)
    monkeypatch.setattr(os, "open", windows_open)
    data = b"PAR1\n\r\n\x1a\x00"
    sweep_store.write_file(tmp_path / "part.parquet", data)
    assert flags and all(f & 0x8000 for f in flags)
    assert (tmp_path / "part.parquet").read_bytes() == data


def test_a_kernel_another_worker_holds_open_is_used_as_it_is(tmp_path, monkeypatch):
    """Windows refuses to replace a file another process has open (a worker importing the
    same kernel): the kernel already there, the same text, is used."""
    pytest.importorskip("numba")
    import numpy as np

    from llo_sim.engine import expressions

    monkeypatch.setenv("LLO_SIM_KERNEL_DIR", str(tmp_path))
    monkeypatch.setattr(expressions, "COMPILED_FROM", 0)
    monkeypatch.setattr(expressions, "_KERNELS", {})
    monkeypatch.setattr(expressions, "_PENDING", {})
    real_replace, refused = os.replace, []

    def windows_replace(src, dst):
        if not Path(dst).name.endswith(".py"):             # numba's cache files
            return real_replace(src, dst)
        Path(dst).write_bytes(Path(src).read_bytes())    # the other worker came first
        refused.append(dst)
        raise PermissionError(errno.EACCES, "Access is denied", str(dst))

    monkeypatch.setattr(os, "replace", windows_replace)
    a, b = np.linspace(0, 1, 7), np.linspace(1, 2, 7)
    expressions.evaluate("a * 0.5 + b", {"a": a, "b": b})      # compiled in the background
    expressions.wait_for_kernels()
    got = expressions.evaluate("a * 0.5 + b", {"a": a, "b": b})
    monkeypatch.setattr(os, "replace", real_replace)
    assert expressions._KERNELS                                    # the kernel there is used
    assert np.array_equal(got, a * 0.5 + b)
    assert len(refused) == 1 and Path(refused[0]).exists()
    assert not list(tmp_path.glob("kernels-*/kernel_*.tmp"))


# --- memory without /proc -------------------------------------------------------------------

def test_free_memory_without_proc_comes_from_psutil(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MEMINFO", str(tmp_path / "no-proc" / "meminfo"))
    assert limits.available_mb() > 0
    fake = psutil.virtual_memory()._replace(available=3 * 2**30)
    monkeypatch.setattr(psutil, "virtual_memory", lambda: fake)
    assert limits.available_mb() == 3072


# --- the dashboard: no exec on Windows -----------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_on_windows_the_dashboard_runs_its_server_as_a_child(monkeypatch, capsys):
    port, ran = free_port(), []

    def execv(*args):
        raise AssertionError("os.execv on Windows ends llo-sim and splits paths with spaces")

    monkeypatch.setattr(os, "execv", execv)
    monkeypatch.setattr(dashboard, "run_server", lambda cmd: ran.append(cmd) or 0)
    monkeypatch.setattr(sys, "platform", "win32")
    assert dashboard.serve("127.0.0.1", port) == 0
    assert ran == [[sys.executable, "-m", "llo_sim.dashboard.server", "127.0.0.1", str(port)]]


def test_run_server_returns_the_exit_code_of_the_server():
    assert dashboard.run_server([sys.executable, "-c", "import sys; sys.exit(3)"]) == 3


def test_run_server_waits_for_the_server_to_stop_after_ctrl_c(monkeypatch):
    """Ctrl-C reaches the server too; the program waits for the server to stop itself
    instead of killing it (exit code 0, not a kill)."""
    real_wait, calls = subprocess.Popen.wait, []

    def wait(self, timeout=None):
        calls.append(timeout)
        if len(calls) == 1:
            raise KeyboardInterrupt
        return real_wait(self, timeout)

    monkeypatch.setattr(subprocess.Popen, "wait", wait)
    code = dashboard.run_server([sys.executable, "-c", "import time; time.sleep(0.2)"])
    assert code == 0 and calls == [None, dashboard.SERVER_STOP_WAIT]


def test_on_windows_a_taken_port_is_refused(monkeypatch):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        monkeypatch.setattr(sys, "platform", "win32")
        with pytest.raises(LloSimError, match=f"--port {port}: cannot listen"):
            dashboard._check_free("127.0.0.1", port)
