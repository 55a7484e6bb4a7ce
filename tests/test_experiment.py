"""Scenario comparisons: common random numbers, serial = parallel, intervals, outputs."""

import shutil

import numpy as np
import pandas as pd
import pytest

from llo_sim.cli import main
from llo_sim.study.compare import compare
from llo_sim.study.statistics import mean_ci
from llo_sim.study.seeds import replication_seeds
from llo_sim.engine.scenario import find

SMALL = dict(replications=3, seed=11, months=18, n_employees=200)


@pytest.fixture
def two_scenarios(tmp_path):
    (tmp_path / "more_room.toml").write_text(
        'extends = "baseline"\n[parameters]\njob_crafting_intensity = 0.8\n'
        'budget_procedure = "direct"\n')
    return ["baseline", str(tmp_path / "more_room.toml")]


def test_replication_seeds_are_fixed_by_the_base_seed():
    assert replication_seeds(3, 4) == replication_seeds(3, 4)
    assert replication_seeds(3, 4)[:2] == replication_seeds(3, 2)
    assert len(set(replication_seeds(3, 50))) == 50


def test_a_copy_of_a_scenario_gives_identical_results(tmp_path):
    shutil.copy(find("baseline"), tmp_path / "copy_of_baseline.toml")
    cmp = compare(["baseline", str(tmp_path / "copy_of_baseline.toml")], workers=1, **SMALL)
    ts = cmp.timeseries.set_index(["scenario", "replication", "month"])
    a = ts.loc["baseline"]
    b = ts.loc["copy_of_baseline"]
    pd.testing.assert_frame_equal(a, b)
    diffs = cmp.differences()
    assert (diffs["mean_difference"].dropna() == 0).all()


def test_serial_and_parallel_runs_give_the_same_numbers(two_scenarios):
    serial = compare(two_scenarios, workers=1, **SMALL)
    parallel = compare(two_scenarios, workers=2, **SMALL)
    pd.testing.assert_frame_equal(serial.timeseries, parallel.timeseries)
    pd.testing.assert_frame_equal(serial.groups, parallel.groups)


def test_a_dask_cluster_gives_the_same_numbers_as_this_computer(two_scenarios, tmp_path):
    """``compare --scheduler`` (issue 22): the runs go to a Dask cluster of two workers and
    come back in the same order with the same numbers, from Python and the command line."""
    distributed = pytest.importorskip("distributed")
    local = compare(two_scenarios, workers=1, **SMALL)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        dask = compare(two_scenarios, scheduler=cluster.scheduler_address, **SMALL)
        assert main(["compare", *two_scenarios, "--replications", "3", "--seed", "11",
                     "--months", "18", "--employees", "200", "--quiet", "--no-figure",
                     "--scheduler", cluster.scheduler_address,
                     "--out", str(tmp_path / "cli")]) == 0
    pd.testing.assert_frame_equal(local.timeseries, dask.timeseries)
    pd.testing.assert_frame_equal(local.groups, dask.groups)
    assert (tmp_path / "cli" / "compare.json").exists()


def test_replications_differ_and_summary_intervals_contain_the_mean(two_scenarios):
    cmp = compare(two_scenarios, workers=1, **SMALL)
    final = cmp.final()
    assert final.loc["baseline", "participation_any"].nunique() > 1
    s = cmp.summary().dropna()
    assert ((s["ci_low"] <= s["mean"]) & (s["mean"] <= s["ci_high"])).all()
    measures = set(cmp.summary()["measure"])
    assert "participation_any" in measures and "gini_learning" in measures
    assert "participation_any[education=practical]" in measures
    assert "budget_uptake[contract=flex]" in measures
    assert not any("education=<35" in m for m in measures)


def test_paired_differences_are_tighter_than_unpaired(two_scenarios):
    """Common random numbers: the paired interval of a difference is narrower than the
    spread of either scenario would suggest."""
    cmp = compare(two_scenarios, workers=1, replications=6, seed=2, months=24,
                  n_employees=300)
    final = cmp.final()
    d = cmp.differences().set_index("measure").loc["participation_informal"]
    paired_half = (d["ci_high"] - d["ci_low"]) / 2
    sd = np.sqrt(final.loc["baseline", "participation_informal"].var()
                 + final.loc["more_room", "participation_informal"].var())
    unpaired_half = 2.571 * sd / np.sqrt(6)
    assert paired_half < unpaired_half


def test_mean_ci():
    m, lo, hi = mean_ci(np.array([1.0, 2.0, 3.0, np.nan]))
    assert m == 2.0 and lo == pytest.approx(2 - 4.302653 * 1 / np.sqrt(3), rel=1e-5)
    assert np.isnan(mean_ci(np.array([5.0]))[1])
    assert np.isnan(mean_ci(np.array([np.nan]))[0])


def test_compare_command_writes_every_file(tmp_path, two_scenarios, capsys):
    out = tmp_path / "cmp"
    rc = main(["compare", *two_scenarios, "--replications", "2", "--employees", "150",
               "--months", "12", "--out", str(out), "--workers", "1"])
    assert rc == 0
    printed = capsys.readouterr().out
    assert "participation_any" in printed and "difference" in printed
    for f in ("summary.csv", "differences.csv", "timeseries.csv", "groups.csv",
              "compare.json", "comparison.png", "comparison.svg"):
        assert (out / f).stat().st_size > 0
    summary = pd.read_csv(out / "summary.csv")
    # the mean with its 95% interval, and the 90% range of the replications (worlds)
    assert list(summary.columns) == ["scenario", "measure", "mean", "ci_low", "ci_high",
                                     "p05", "p95"]
    assert set(summary["scenario"]) == {"baseline", "more_room"}
    diffs = pd.read_csv(out / "differences.csv")
    assert set(diffs["scenario"]) == {"more_room"} and set(diffs["reference"]) == {"baseline"}
    assert list(diffs.columns[-3:]) == ["p05", "p95", "share_higher"]
    assert diffs["share_higher"].dropna().between(0, 1).all()


def test_compare_is_byte_identical_on_rerun(tmp_path, two_scenarios):
    for name in ("a", "b"):
        main(["compare", *two_scenarios, "--replications", "2", "--employees", "100",
              "--months", "6", "--out", str(tmp_path / name), "--quiet"])
    for f in ("summary.csv", "differences.csv", "timeseries.csv", "comparison.svg"):
        assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes()


@pytest.mark.parametrize("args, expected", [
    (["baseline", "baseline"], "compared once"),
    (["baseline", "nope"], "no such scenario"),
    (["baseline", "budget_only", "--replications", "0"], "--replications"),
    (["baseline"], "two or more scenarios"),
    (["baseline", "budget_only", "--workers", "0"], "--workers"),
    (["baseline", "budget_only", "--months", "5000"], "--months"),
])
def test_compare_bad_input_exits_2(args, expected, capsys, tmp_path):
    assert main(["compare", *args, "--out", str(tmp_path), "--quiet"]) == 2
    assert expected in capsys.readouterr().err
