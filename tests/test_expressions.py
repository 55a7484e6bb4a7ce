"""The rules' array expressions give the same numbers compiled (large organisations) as with
numpy (small ones), bit for bit (``llo_sim.engine.expressions``)."""

from __future__ import annotations

from dataclasses import fields

import numpy as np
import pytest

import llo_sim
from llo_sim.engine import expressions
from llo_sim.engine import warm_start
from llo_sim.engine.model import LearningCultureModel

pytest.importorskip("numba")

EXPRESSIONS = [
    "rate * m * (1.0 - a) - rate * (k + w * m) * (1.0 - b) * a + w * (c - a)",
    "1.0 - (1.0 - w * a) * (1.0 - rate * b) * (1.0 - c)",
    "5 / (1.0 / where(a > least, a, least) + 1.0 / where(b > least, b, least))",
    "where(m, a, 2.5) * w / b",
    "(a < b) & m | ~k",
    "a / (b - b) + c / where(m, 0.0, b)",              # division by zero: inf and nan, as numpy
    "where(m, 1.0, rate) * where(k, w, 1.0) * (1.0 - w + w * c)",
]


def _names(n: int, seed: int = 3) -> dict:
    rng = np.random.default_rng(seed)
    a, b, c = rng.random((3, n))
    a[:5] = [0.0, 1.0, 1e-7, 0.5, 1e-6]            # exact edges
    return dict(a=a, b=b, c=c, m=rng.random(n) < 0.3, k=rng.random(n) < 0.6,
                rate=0.0731, w=1.0 / 3.0, least=1e-6)


@pytest.mark.parametrize("expression", EXPRESSIONS)
def test_compiled_and_numpy_give_identical_numbers(expression, monkeypatch, tmp_path):
    monkeypatch.setenv("LLO_SIM_KERNEL_DIR", str(tmp_path))
    names = _names(2_000)
    with np.errstate(divide="ignore", invalid="ignore"):
        with_numpy = expressions.evaluate(expression, names)
    monkeypatch.setattr(expressions, "COMPILED_FROM", 0)
    monkeypatch.setattr(expressions, "_KERNELS", {})
    monkeypatch.setattr(expressions, "_PENDING", {})
    with np.errstate(divide="ignore", invalid="ignore"):
        first = expressions.evaluate(expression, names)  # numpy while it compiles
    assert first.tobytes() == with_numpy.tobytes()
    expressions.wait_for_kernels()
    assert len(expressions._KERNELS) == 1                # compiled by now
    compiled = expressions.evaluate(expression, names)
    assert compiled.dtype == with_numpy.dtype
    assert np.array_equal(compiled, with_numpy, equal_nan=compiled.dtype.kind == "f")
    assert compiled.tobytes() == with_numpy.tobytes()              # signs of zero too
    assert list(tmp_path.glob("kernels-*/kernel_*.py"))           # kept for the next process


def test_small_arrays_use_numpy(monkeypatch):
    """Below the threshold nothing is compiled (small runs never wait for numba)."""
    monkeypatch.setattr(expressions, "_KERNELS", {})
    expressions.evaluate("a * w + b", _names(100))
    assert expressions._KERNELS == {}


def _run(scenario: str, seed: int, months: int, **overrides):
    warm_start.clear()
    sc = llo_sim.load_scenario(scenario).with_overrides("test", **overrides)
    model = LearningCultureModel(rng=seed, agents=False, **sc.parameters)
    for _ in range(months):
        model.step()
    return model


@pytest.mark.parametrize("scenario, overrides", [
    ("integrated_targeted", {}),
    ("budget_only", {"agency_complementarity": 1.0, "budget_procedure": "direct"}),
])
def test_model_runs_the_same_compiled_and_with_numpy(scenario, overrides, monkeypatch, tmp_path):
    """A whole run, spin-up included, every instrument on: every measure and every state
    array is identical whichever way the rules are evaluated."""
    kw = dict(n_employees=400, spinup_months=12, **overrides)
    with_numpy = _run(scenario, 11, 18, **kw)
    monkeypatch.setenv("LLO_SIM_KERNEL_DIR", str(tmp_path))      # compiled afresh here
    monkeypatch.setattr(expressions, "_KERNELS", {})
    monkeypatch.setattr(expressions, "_PENDING", {})
    monkeypatch.setattr(expressions, "COMPILED_FROM", 0)
    partly = _run(scenario, 11, 18, **kw)       # numpy where a kernel is still compiling
    assert partly.timeseries().equals(with_numpy.timeseries())
    expressions.wait_for_kernels()
    compiled = _run(scenario, 11, 18, **kw)     # every kernel ready now
    assert expressions._KERNELS and not expressions._PENDING          # the compiled path ran
    a, b = with_numpy.timeseries(), compiled.timeseries()
    assert a.shape == b.shape
    assert a.equals(b)
    assert with_numpy.groups().equals(compiled.groups())
    for f in fields(with_numpy.workforce):
        assert np.array_equal(getattr(with_numpy.workforce, f.name),
                              getattr(compiled.workforce, f.name)), f.name
    warm_start.clear()
