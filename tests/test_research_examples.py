"""The examples in experiments/: mesa.batch_run and the EMA workbench, run small."""

import importlib.util
import sys
from pathlib import Path

import pytest

from llo_sim import load_scenario
from llo_sim.study.runs import simulate

EXPERIMENTS = Path(__file__).resolve().parents[1] / "experiments"


def load_example(name):
    spec = importlib.util.spec_from_file_location(name, EXPERIMENTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def test_batch_run_example_runs_small_and_matches_our_runner():
    example = load_example("batch_run_example")
    frame = example.run(employees=100, months=6, seeds=(1, 2), processes=1)
    assert len(frame) == 2 * 2 * 2 and set(frame["month"]) == {6}
    assert set(frame["budget_procedure"]) == {"leader", "direct"}
    row = frame.iloc[-1]
    params = load_scenario("baseline").with_overrides(
        n_employees=100, budget_procedure=row["budget_procedure"],
        job_crafting_intensity=row["job_crafting_intensity"]).parameters
    ours = simulate(params, int(row["rng"]), 6).timeseries().iloc[-1]
    for m in example.MEASURES:
        assert row[m] == ours[m]


def test_ema_model_function_runs_without_the_workbench():
    example = load_example("ema_example")
    out = example.llo_model(n_employees=60, months=6, job_crafting_intensity=0.5,
                            budget_procedure="direct")
    assert set(out) == set(example.OUTCOMES) and 0 <= out["participation_any"] <= 1


def test_ema_workbench_example_runs_small():
    pytest.importorskip("ema_workbench", reason="the EMA workbench is not installed (current "
                        "releases need Python 3.12+); the example is optional")
    example = load_example("ema_example")
    experiments, outcomes = example.explore(scenarios=3, policies=2, employees=60, months=6)
    assert len(experiments) == 6
    assert set(example.OUTCOMES) <= set(outcomes)
