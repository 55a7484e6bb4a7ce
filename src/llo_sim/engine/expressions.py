"""Arithmetic over whole arrays in one pass: compiled for large arrays, numpy for small ones.

A rule such as ``efficacy + rate * success * (1.0 - efficacy) - ...`` evaluated by numpy makes
one pass over memory, and one temporary array, per operation. For large organisations
:func:`evaluate` compiles the expression once into a numba ufunc instead (:mod:`numba`), which
computes each element in one go, in registers: a rule runs two to three times faster at 100,000
employees and more. Small arrays are left to numpy, so that small runs (tests, the dashboard,
sweeps) never import numba or wait for a compilation.

Both give **the same numbers, bit for bit**: an expression is IEEE double arithmetic in the
order Python parses it, compiled without numba's ``fastmath`` (so nothing is reordered or
fused into multiply-adds), and only operations that round the same everywhere are allowed:
``+ - * /``, comparisons, ``& | ~`` and ``where``. Functions such as ``exp`` or ``log`` are
left to numpy, outside the expression (a compiled one may differ from numpy's in the last
bit). ``tests/test_expressions.py`` runs the model both ways and checks that every number
agrees; ``scripts/same_numbers.py`` compares whole runs before and after a change.

Compiled kernels are kept on disk (:func:`kernel_dir`), so only the first large run on a
machine pays the compilation (about 0.3 s per expression).
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
# dashboard's largest organisation, so that it never waits for a compilation)
COMPILED_FROM = 50_000
_HAS_NUMBA = importlib.util.find_spec("numba") is not None     # else numpy throughout
_NUMPY_NAMES = {"__builtins__": {}, "where": np.where}
_CODE: dict[str, tuple] = {}         # expression -> (compiled Python code, argument names)
_KERNELS: dict[tuple, object] = {}   # (expression, *argument types) -> compiled ufunc
_LOCK = threading.Lock()

_TEMPLATE = '''"""Made by llo_sim.engine.expressions from the expression below; safe to delete."""
from numba import njit, vectorize


@njit(inline="always")
def where(condition, if_true, if_false):
    return if_true if condition else if_false


@vectorize(["{signature}"], cache=True)
def kernel({arguments}):
    return {expression}
'''


def evaluate(expression: str, names: dict):
    """Evaluate ``expression``, a Python expression over the arrays and numbers in ``names``
    (typically the caller's ``locals()``); returns a new array.

    Allowed: ``+ - * /``, comparisons, ``& | ~``, parentheses and ``where(cond, a, b)``.
    """
    parsed = _CODE.get(expression) or _parse(expression)
    values = [names[a] for a in parsed[1]]
    if _HAS_NUMBA:
        for v in values:
            if getattr(v, "size", 0) >= COMPILED_FROM:
                return _kernel(expression, values)(*values)
    return eval(parsed[0], _NUMPY_NAMES, names)  # noqa: S307 - our own constant expressions


def _parse(expression: str) -> tuple:
    """The compiled Python code of ``expression`` and the names it uses, in order."""
    code = compile(expression, "<expression>", "eval")
    parsed = _CODE[expression] = (code, [n for n in code.co_names if n != "where"])
    return parsed


def _kernel(expression: str, values: list):
    """The compiled ufunc of ``expression`` for these argument types (made on first use)."""
    key = (expression, *[v.dtype if isinstance(v, np.ndarray) else type(v) for v in values])
    kernel = _KERNELS.get(key)
    if kernel is None:
        with _LOCK:
            kernel = _KERNELS.get(key) or _compile(expression, _CODE[expression][1],
                                                   tuple(_numba_type(v) for v in values))
            _KERNELS[key] = kernel
    return kernel


def _numba_type(value) -> str:
    """numba's name of the element type of an argument (an array or a Python number)."""
    dtype = np.asarray(value).dtype
    return {"b": "boolean"}.get(dtype.kind, str(dtype))


def _compile(expression: str, arguments: list, types: tuple):
    """Write the kernel's module (once per machine) and import it; numba compiles it, or
    loads the compiled code it cached beside the module."""
    source = _TEMPLATE.format(signature=f"{_result_type(expression, types)}({', '.join(types)})",
                              arguments=", ".join(arguments), expression=expression)
    name = "kernel_" + hashlib.sha256(source.encode()).hexdigest()[:20]
    path = kernel_dir() / f"{name}.py"
    if not path.exists():
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(source, encoding="utf-8")
        try:
            os.replace(tmp, path)       # whole or not at all, also with parallel workers
        except PermissionError:         # Windows: another worker has the same file open
            tmp.unlink(missing_ok=True)
            if not path.exists():
                raise
    spec = importlib.util.spec_from_file_location(f"llo_sim_{name}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module     # numba's cache finds the module again by its name
    spec.loader.exec_module(module)
    return module.kernel.ufunc          # the plain numpy ufunc: less to do per call


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
