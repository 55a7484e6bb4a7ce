"""Arithmetic over whole arrays in one pass: compiled for large arrays, numpy for small ones.

A rule such as ``efficacy + rate * success * (1.0 - efficacy) - ...`` evaluated by numpy makes
one pass over memory, and one temporary array, per operation. For large organisations
:func:`evaluate` compiles the expression once into a numba loop over the elements instead
(:mod:`numba`), which computes each element in one go, in registers: a rule runs two to three
times faster at 100,000 employees and more. Arrays under :data:`COMPILED_FROM` are left to
numpy, so that small runs (tests, sweeps, the command line at an organisation's size) never
import numba. (The dashboard's worker processes compile at every size:
:mod:`llo_sim.dashboard.runs`.)

Both give **the same numbers, bit for bit**: an expression is IEEE double arithmetic in the
order Python parses it, compiled without numba's ``fastmath`` (so nothing is reordered or
fused into multiply-adds) and with numpy's error model (a division by zero gives ``inf`` or
``nan``, as in numpy, not an exception), and only operations that round the same everywhere
are allowed: ``+ - * /``, comparisons, ``& | ~`` and ``where``. Functions such as ``exp`` or
``log`` are left to numpy, outside the expression (a compiled one may differ from numpy's in
the last bit). ``tests/test_expressions.py`` runs the model both ways and checks that every
number agrees; ``scripts/same_numbers.py`` compares whole runs before and after a change.

Compiled kernels are kept on disk (:func:`kernel_dir`), with their machine code. A kernel new
to a process is made ready by a thread in the background (compiled, about half a second the
first time on a machine, or loaded from the cache) while numpy evaluates its expression, so
no run waits for the compiler.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
import tempfile
import threading
from pathlib import Path

import numpy as np

# arrays with at least this many elements are evaluated by a compiled kernel (more than the
# dashboard's largest organisation; its worker processes set 0)
COMPILED_FROM = 50_000
_HAS_NUMBA = importlib.util.find_spec("numba") is not None     # else numpy throughout
_NUMPY_NAMES = {"__builtins__": {}, "where": np.where}
_CODE: dict[str, tuple] = {}         # expression -> (compiled Python code, argument names)
_KERNELS: dict[tuple, object] = {}   # (expression, *argument types) -> compiled kernel
_PENDING: dict = {}                  # the same key -> the Future of its compilation
_BACKGROUND: list = []               # the one thread that compiles new kernels
_LOCK = threading.Lock()

_TEMPLATE = '''"""Made by llo_sim.engine.expressions from the expression below; safe to delete."""
import numpy as np
from numba import njit


@njit(inline="always")
def where(condition, if_true, if_false):
    return if_true if condition else if_false


@njit(cache=True, error_model="numpy")
def kernel({parameters}):
    out = np.empty(len({first}), dtype=np.{result})
    for i in range(len(out)):
{elements}
        out[i] = {expression}
    return out
'''


def evaluate(expression: str, names: dict):
    """Evaluate ``expression``, a Python expression over the arrays and numbers in ``names``
    (typically the caller's ``locals()``); returns a new array.

    Allowed: ``+ - * /``, comparisons, ``& | ~``, parentheses and ``where(cond, a, b)``.
    """
    parsed = _CODE.get(expression) or _parse(expression)
    values = [names[a] for a in parsed[1]]
    if _HAS_NUMBA and _compilable(values):
        kernel = _kernel(expression, values)
        if kernel is not None:               # else still compiling: numpy, the same numbers
            return kernel(*values)
    return eval(parsed[0], _NUMPY_NAMES, names)  # noqa: S307 - our own constant expressions


def _compilable(values: list) -> bool:
    """Whether a compiled kernel takes these arguments: numbers and one-dimensional arrays
    of one length, that length at least :data:`COMPILED_FROM`."""
    sizes = {v.shape[0] if v.ndim == 1 else -1 for v in values if isinstance(v, np.ndarray)}
    return len(sizes) == 1 and min(sizes) >= max(COMPILED_FROM, 1)


def _parse(expression: str) -> tuple:
    """The compiled Python code of ``expression`` and the names it uses, in order."""
    code = compile(expression, "<expression>", "eval")
    parsed = _CODE[expression] = (code, [n for n in code.co_names if n != "where"])
    return parsed


def _kernel(expression: str, values: list):
    """The compiled kernel of ``expression`` for these argument types, or None while it is
    made ready by a thread in the background (its module written, its machine code compiled
    or loaded from numba's cache): numpy evaluates the expression meanwhile, with the same
    numbers, so no run waits for the compiler."""
    key = (expression, *[(v.dtype, v.ndim, v.flags.writeable) if isinstance(v, np.ndarray)
                         else type(v) for v in values])
    kernel = _KERNELS.get(key)
    if kernel is not None or key in _PENDING:
        return kernel
    with _LOCK:
        if key in _KERNELS or key in _PENDING:
            return _KERNELS.get(key)
        path, source = _module(expression, _CODE[expression][1],
                               tuple(_numba_type(v) for v in values),
                               tuple(isinstance(v, np.ndarray) for v in values))
        samples = [_sample(v) for v in values]
        _PENDING[key] = _compiler().submit(_compile, key, path, source, samples)
    return None


def _sample(value):
    """A one-element stand-in of an argument, of the same type (a read-only array stays
    read-only: numba compiles each apart)."""
    if not isinstance(value, np.ndarray):
        return value
    one = value[:1].copy()
    one.flags.writeable = value.flags.writeable
    return one


def _compiler():
    if not _BACKGROUND:
        from concurrent.futures import ThreadPoolExecutor

        _BACKGROUND.append(ThreadPoolExecutor(1, thread_name_prefix="llo-kernels"))
    return _BACKGROUND[0]


def _compile(key, path: Path, source: str, samples: list) -> None:
    """In the background: write the kernel's module, import it and call it once, which
    compiles it (or loads its cached machine code) for these argument types. A kernel that
    fails to compile is reported, its module removed, and numpy goes on evaluating it."""
    try:
        _write(path, source)
        kernel = _load(path)
        kernel(*samples)
    except Exception as exc:     # noqa: BLE001 - numpy gives the same numbers
        import logging

        logging.getLogger(__name__).warning("kernel not compiled (numpy is used): %s", exc)
        path.unlink(missing_ok=True)
        return
    _KERNELS[key] = kernel
    _PENDING.pop(key, None)


def wait_for_kernels() -> None:
    """Wait until every kernel being compiled is ready (tests, benchmarks)."""
    for future in list(_PENDING.values()):
        future.result()


def _numba_type(value) -> str:
    """numba's name of the element type of an argument (an array or a Python number)."""
    dtype = np.asarray(value).dtype
    return {"b": "boolean"}.get(dtype.kind, str(dtype))


def _module(expression: str, arguments: list, types: tuple, arrays: tuple) -> tuple:
    """The path and source of a kernel's module: a loop over the elements, each one the
    expression in scalars. An ``njit`` function is cached whole on disk, where a
    ``vectorize`` ufunc builds its loop again in every process (about 0.08 s per expression,
    1.3 s per large run); the loop is also faster per call (half the time of the ufunc)."""
    result = _result_type(expression, types)
    first = next(a for a, is_array in zip(arguments, arrays) if is_array)
    source = _TEMPLATE.format(
        parameters=", ".join(f"{a}_" for a in arguments), first=f"{first}_",
        result="bool_" if result == "boolean" else result,
        elements="\n".join(f"        {a} = {a}_[i]" if is_array else f"        {a} = {a}_"
                           for a, is_array in zip(arguments, arrays)),
        expression=expression)
    name = "kernel_" + hashlib.sha256(source.encode()).hexdigest()[:20]
    return kernel_dir() / f"{name}.py", source


def _write(path: Path, source: str) -> None:
    """Write a kernel's module, whole or not at all (also with parallel workers)."""
    if path.exists():
        return
    tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_text(source, encoding="utf-8")
    try:
        os.replace(tmp, path)
    except PermissionError:         # Windows: another worker has the same file open
        tmp.unlink(missing_ok=True)
        if not path.exists():
            raise


def _load(path: Path):
    """Import a kernel's module; numba compiles the kernel at its first call for those
    argument types, or loads the machine code it cached beside the module."""
    name = f"llo_sim_{path.stem}"
    module = sys.modules.get(name)
    if module is None:
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module      # numba's cache finds the module again by its name
        spec.loader.exec_module(module)
    return module.kernel


def _result_type(expression: str, types: tuple) -> str:
    """The result type: numpy's, evaluated on one element of each argument type (a
    comparison gives a bool, arithmetic a float)."""
    code, arguments = _CODE[expression]
    sample = {a: np.ones(1, bool if t == "boolean" else t) for a, t in zip(arguments, types)}
    out = eval(code, _NUMPY_NAMES, sample)  # noqa: S307
    return _numba_type(out)


def kernel_dir() -> Path:
    """Where compiled kernels are kept: ``$LLO_SIM_KERNEL_DIR``, else ``~/.cache/llo-sim``,
    else a temporary folder (when the home folder cannot be written)."""
    import numba

    sub = f"kernels-numba{numba.__version__}"
    for base in (os.environ.get("LLO_SIM_KERNEL_DIR"), Path.home() / ".cache" / "llo-sim",
                 Path(tempfile.gettempdir()) / "llo-sim"):
        if base:
            folder = Path(base) / sub
            try:
                folder.mkdir(parents=True, exist_ok=True)
                probe = folder / f".probe{os.getpid()}"
                probe.write_text("")
                probe.unlink()
                return folder
            except OSError:
                continue
    raise OSError("no folder to keep compiled kernels in (set LLO_SIM_KERNEL_DIR)")
