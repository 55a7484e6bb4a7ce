"""Result folders that are all-or-nothing.

A run or a comparison writes its files into a hidden temporary folder beside ``--out``
(``.NAME.tmp-PID-XXXX``) and, when every file is complete and flushed, puts that folder in
place of ``--out`` with one rename. So ``--out`` holds either the old results, whole, or the
new ones, whole; never a mix, never a file cut off mid-row. An existing non-empty ``--out`` is
refused unless ``overwrite`` is given, and then it is replaced as a whole, but only when it is
llo-sim's result of the same ``kind`` and holds nothing else; and ``--out`` may never be or
hold an input of the command (:mod:`llo_sim.storage.kinds`). Nothing inside an existing
``--out`` is opened, so a symbolic link planted there is never followed.

    out = check_out_folder("out/run1", kind="run", inputs=[...])   # before anything is computed
    with result_folder(out, kind="run", inputs=[...]) as tmp:      # after
        frame.to_csv(tmp / "timeseries.csv")

On Linux the old and new folders are swapped atomically (``renameat2(RENAME_EXCHANGE)``);
elsewhere the old folder is renamed aside first and the new one renamed into place, a window
of microseconds in which ``--out`` does not exist. On Windows a file of the old folder that
another program holds open (a spreadsheet) stops that rename: the old folder stays, and the
new results are kept beside it, named in the error.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import json
import os
import secrets
import shutil
import sys
from pathlib import Path
from typing import Iterable, Iterator

from llo_sim.errors import LloSimError
from llo_sim.storage.kinds import refuse_inputs, refuse_replacing

FLOAT_FORMAT = "%.10g"     # how every CSV table writes its numbers


class OutputError(LloSimError):
    """An output folder that cannot be used, or a file that could not be written."""


def check_out_folder(path: str | Path, overwrite: bool = False, option: str = "--out",
                     allow_existing: bool = False, kind: str | None = None,
                     inputs: Iterable = ()) -> Path:
    """Check ``path`` as an output folder before anything is computed; return it.

    Refused: an empty name, a file, a symbolic link, a folder that is or holds one of
    ``inputs`` (the files and folders the command reads), an existing non-empty folder
    (unless ``allow_existing``, or ``overwrite`` and it is llo-sim's result of ``kind`` with
    nothing else in it), and a parent folder that cannot be written (probed by creating and
    removing a temporary folder beside ``path``).
    """
    if str(path).strip() == "":
        raise OutputError(f"{option} '': expected a folder name")
    out = Path(path)
    if out.is_symlink():
        raise OutputError(f"{option} {path}: is a symbolic link; give the folder it points to "
                          f"({os.path.realpath(out)}) or another name")
    if out.exists() and not out.is_dir():
        raise OutputError(f"{option} {path}: is a file; expected a folder")
    _refuse_precious(out, path, option)
    try:
        refuse_inputs(out, inputs, option)
        if out.is_dir() and any(out.iterdir()):
            if overwrite:
                refuse_replacing(out, kind, option, _overwrite(option))
            elif not allow_existing:
                raise OutputError(f"{option} {path}: exists and is not empty; use "
                                  f"{_overwrite(option)} to replace it as a whole, or another "
                                  "folder")
    except LloSimError as exc:
        raise OutputError(str(exc)) from None
    # a run's results are written beside ``out``; a sweep's (``allow_existing``) inside it
    parent = out if allow_existing and out.is_dir() else _parent(out)
    try:
        parent.mkdir(parents=True, exist_ok=True)
        os.rmdir(_new_folder(parent, f".{_name(out)}.probe-{os.getpid()}-"))
    except OSError as exc:
        raise OutputError(f"{option} {path}: cannot write there "
                          f"({exc.strerror or exc})") from None
    _clean_leftovers(out)
    return out


def _overwrite(option: str) -> str:
    """How to ask for an overwrite: ``--overwrite`` on the command line, an argument in
    Python."""
    return "--overwrite" if option.startswith("--") else "overwrite=True"


def _refuse_precious(out: Path, path, option: str) -> None:
    """Never replace the current folder, a folder that holds it, the home folder or a root:
    ``--out . --overwrite`` would otherwise swap the user's folder away."""
    real = Path(os.path.realpath(out))
    here = Path(os.path.realpath(Path.cwd()))
    if real == here or real in here.parents:
        raise OutputError(f"{option} {path}: is the current folder or holds it; give a "
                          "folder for the results, e.g. out")
    if real == Path(os.path.realpath(Path.home())) or real.parent == real:
        raise OutputError(f"{option} {path}: is the home folder or a root folder; give a "
                          "folder for the results, e.g. out")


@contextlib.contextmanager
def result_folder(path: str | Path, overwrite: bool = False, option: str = "--out", *,
                  kind: str, inputs: Iterable = ()) -> Iterator[Path]:
    """A temporary folder to write the results (of ``kind``, from ``inputs``: see
    :func:`check_out_folder`) into; it becomes ``path`` when the block ends without an error,
    and is removed (leaving ``path`` as it was) when it does not.

    An ``OSError`` while writing (a full disk, a quota) becomes an :class:`OutputError`
    naming the file, as it would have been called in ``path``.
    """
    inputs = list(inputs)
    out = check_out_folder(path, overwrite, option, kind=kind, inputs=inputs)
    tmp = _new_folder(_parent(out), f".{_name(out)}.tmp-{os.getpid()}-")
    kept = None
    try:
        try:
            yield tmp
            _fsync_tree(tmp)
        except OSError as exc:
            where = _rename_path(exc.filename, tmp, out)
            raise OutputError(f"{where}: cannot write ({exc.strerror or exc}); "
                              f"{_unchanged(out)}") from None
        try:
            # the block may have taken long: check again that nobody put something at ``out``
            check_out_folder(out, overwrite, option, kind=kind, inputs=inputs)
            _put_in_place(tmp, out)
        except (OSError, OutputError) as exc:
            kept = _keep(tmp, out)
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            raise OutputError(f"{out}: the new results could not be put there ({reason}); "
                              f"they are in {kept}") from None
    finally:
        if kept != tmp and tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


@contextlib.contextmanager
def named(path: Path) -> Iterator[None]:
    """Give an ``OSError`` raised while writing ``path`` the file's name (pandas and the
    Parquet writer raise some without one, e.g. on a full disk)."""
    try:
        yield
    except OSError as exc:
        if exc.filename is None:
            raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from None
        raise


def to_json(data) -> str:
    """``data`` as indented JSON with a final newline; numpy numbers (from the Python API)
    are written as the numbers they hold."""
    def plain(value):
        if type(value).__module__ == "numpy" and hasattr(value, "item"):
            return value.item() if getattr(value, "ndim", 0) == 0 else value.tolist()
        raise TypeError(f"{type(value).__name__} cannot be written as JSON")

    return json.dumps(data, indent=2, default=plain) + "\n"


# --- the pieces ---------------------------------------------------------------------------------

def _new_folder(parent: Path, prefix: str) -> Path:
    """A new folder with a random name, made with the usual permissions (``mkdtemp`` would
    make it private)."""
    for _ in range(100):
        folder = parent / f"{prefix}{secrets.token_hex(4)}"
        try:
            os.mkdir(folder)
            return folder
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(parent / prefix))


def _name(out: Path) -> str:
    return out.name or out.resolve().name


def _parent(out: Path) -> Path:
    return out.parent if out.name else out.resolve().parent


def _unchanged(out: Path) -> str:
    return (f"{out} is unchanged" if out.exists() else f"{out} was not created")


def _rename_path(filename, tmp: Path, out: Path) -> str:
    """The name a file in the temporary folder will have in ``out``."""
    if not filename:
        return str(out)
    try:
        return str(out / Path(filename).resolve().relative_to(tmp.resolve()))
    except ValueError:
        return str(filename)


def _fsync_tree(folder: Path) -> None:
    """Flush every file of ``folder`` and the folder itself to disk before it is renamed.
    Windows flushes only a file opened for writing (``FlushFileBuffers``)."""
    mode = os.O_RDWR if sys.platform == "win32" else os.O_RDONLY
    for file in folder.rglob("*"):
        if file.is_file() and not file.is_symlink():
            fd = os.open(file, mode)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):      # not every platform can open a folder
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _keep(tmp: Path, out: Path) -> Path:
    """Give complete results that cannot be put at ``out`` a visible name beside it."""
    kept = _parent(out) / f"{_name(out)}.new-{tmp.name.rsplit('-', 1)[-1]}"
    try:
        os.rename(tmp, kept)
        return kept
    except OSError:
        return tmp


def _put_in_place(tmp: Path, out: Path) -> None:
    """Make ``tmp`` be ``out``: a plain rename when ``out`` does not exist, else an atomic
    exchange (Linux) or rename-aside-then-rename, and remove the old folder."""
    if not out.exists():
        os.rename(tmp, out)
        _fsync_dir(_parent(out))
        return
    if _exchange(tmp, out):                   # now tmp holds the old results
        shutil.rmtree(tmp, ignore_errors=True)
        _fsync_dir(_parent(out))
        return
    old = _new_folder(_parent(out), f".{_name(out)}.old-{os.getpid()}-")
    os.rmdir(old)
    os.rename(out, old)
    try:
        os.rename(tmp, out)
    except OSError:
        os.rename(old, out)                   # put the old results back
        raise
    shutil.rmtree(old, ignore_errors=True)
    _fsync_dir(_parent(out))


_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically with Linux's ``renameat2(RENAME_EXCHANGE)``; False where that
    is not available (another system, an old kernel, a file system without it)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_uint]
    rc = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    if rc == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _clean_leftovers(out: Path) -> None:
    """Remove temporary folders that a killed run left beside ``out`` (those of processes
    that no longer exist)."""
    parent, name = _parent(out), _name(out)
    if not parent.is_dir():
        return
    for kind in ("tmp", "old") if out.exists() else ("tmp",):   # an old folder without
        for left in parent.glob(f".{name}.{kind}-*-*"):               # ``out`` is the results
            pid = left.name[len(f".{name}.{kind}-"):].split("-")[0]
            if pid.isdigit() and not _alive(int(pid)) and not left.is_symlink():
                shutil.rmtree(left, ignore_errors=True)


def _alive(pid: int) -> bool:
    from llo_sim.storage.lifeline import process_exists

    return pid == os.getpid() or process_exists(pid)
