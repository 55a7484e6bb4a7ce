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
    not followed."""
    try:
        import fcntl
    except ImportError:          # Windows: no lock
        yield
        return
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / ".lock"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o666)
    except OSError as exc:
        raise LloSimError(f"{path}: cannot be opened ({exc.strerror}); a {what} folder "
                          "holds only its own files") from None
    with os.fdopen(fd, "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise LloSimError(f"{folder}: another {what} is writing here; wait for it or "
                              "use another --out folder") from None
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
