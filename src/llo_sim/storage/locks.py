"""One writer per result folder: a lock file that a second process finds taken."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from llo_sim.errors import LloSimError


@contextlib.contextmanager
def folder_lock(folder: Path, what: str = "sweep"):
    """Hold ``folder/.lock`` while a ``what`` (a sweep, a discovery) writes there, so that a
    second one into the same folder stops at once instead of racing the first (POSIX; the
    lock goes with the process, also when it is killed). A symbolic link named ``.lock`` is
    not followed. Without ``fcntl`` (Windows) the same through :func:`_portable_lock`."""
    try:
        import fcntl
    except ImportError:          # Windows
        with _portable_lock(Path(folder), what):
            yield
        return
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / ".lock"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o666)
    except OSError as exc:
        raise _unopenable(path, what, exc) from None
    with os.fdopen(fd, "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise _busy(folder, what) from None
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


@contextlib.contextmanager
def _portable_lock(folder: Path, what: str):
    """The lock of :func:`folder_lock` where there is no ``fcntl``: filelock's, which on
    Windows locks a byte of ``.lock`` (``LockFileEx``, not through a link) and is let go by
    the system when the process ends, also when it is killed. One try, no waiting."""
    import filelock

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / ".lock"
    lock = filelock.FileLock(str(path), timeout=0)
    try:
        lock.acquire()
    except filelock.Timeout:         # an OSError too: this one first
        raise _busy(folder, what) from None
    except OSError as exc:
        raise _unopenable(path, what, exc) from None
    try:
        yield
    finally:
        lock.release()


def _busy(folder: Path, what: str) -> LloSimError:
    return LloSimError(f"{folder}: another {what} is writing here; wait for it or use another "
                       "--out folder")


def _unopenable(path: Path, what: str, exc: OSError) -> LloSimError:
    return LloSimError(f"{path}: cannot be opened ({exc.strerror or exc}); a {what} folder "
                       "holds only its own files")
