"""Sweeps: experiment files, designs, seeds, serial = parallel = Dask, Parquet parts,
provenance, kill-and-resume, bad experiment files exit 2."""

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st

from llo_sim import __version__
from llo_sim.cli import main
from llo_sim.study.seeds import derived_seed, replication_seeds
from llo_sim.engine.parameters import REGISTRY
from llo_sim.study.sweep.file import load_experiment
from llo_sim.storage.sweep_store import read_provenance, read_table
from llo_sim.study.sweep.run import run_sweep
from llo_sim.study.sweep.design import Factor

GRID = """\
scenario = "baseline"
design = "grid"
levels = 3
replications = 2
months = 8
employees = 100
seed = 5
measures = ["participation_any", "gini_learning", "participation_any[education=practical]"]

[set]
budget_amount = 1000

[parameters]
leader_training_intensity = { low = 0, high = 1 }
budget_procedure = ["leader", "direct"]
"""

LHS = """\
design = "lhs"
samples = 5
months = 6
employees = 60
seed = 2
measures = ["participation_any"]

[parameters]
team_size = { low = 5, high = 20 }
job_crafting_intensity = { low = 0, high = 1 }
share_flex = [0.1, 0.3]
"""


def write(tmp_path, text, name="exp.toml"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_grid_design_has_every_combination_and_replications(tmp_path):
    exp = load_experiment(write(tmp_path, GRID))
    points = exp.points()
    assert len(points) == 3 * 2
    assert {p["leader_training_intensity"] for p in points} == {0.0, 0.5, 1.0}
    assert {p["budget_procedure"] for p in points} == {"leader", "direct"}
    runs = exp.runs()
    assert len(runs) == 12 and [r.replication for r in runs[:4]] == [0, 1, 0, 1]
    assert exp.base_parameters["budget_amount"] == 1000 and exp.base_parameters[
        "n_employees"] == 100


def test_sampled_designs_stay_within_the_ranges_and_types(tmp_path):
    exp = load_experiment(write(tmp_path, LHS))
    points = exp.points()
    assert len(points) == 5
    for p in points:
        assert isinstance(p["team_size"], int) and 5 <= p["team_size"] <= 20
        assert 0 <= p["job_crafting_intensity"] <= 1
        assert p["share_flex"] in (0.1, 0.3)
    assert exp.points() == points                      # the design is fixed by the seed
    sobol = load_experiment(write(tmp_path, LHS.replace('"lhs"', '"sobol"').replace(
        "samples = 5", "samples = 4"), "sobol.toml"))
    assert len(sobol.points()) == 4 * (3 + 2)          # N (D + 2) without second order
    morris = load_experiment(write(tmp_path, LHS.replace('"lhs"', '"morris"'), "morris.toml"))
    assert len(morris.points()) == 5 * (3 + 1)         # trajectories x (D + 1)


def test_run_seeds_come_from_the_base_seed_and_the_run_index(tmp_path):
    exp = load_experiment(write(tmp_path, GRID))
    assert [r.seed for r in exp.runs()] == [derived_seed(5, i) for i in range(12)]
    crn = load_experiment(write(tmp_path, "common_random_numbers = true\n" + GRID, "crn.toml"))
    assert [r.seed for r in crn.runs()] == [derived_seed(5, i % 2) for i in range(12)]


def test_serial_parallel_and_dask_give_identical_results(tmp_path):
    distributed = pytest.importorskip("distributed")
    path = write(tmp_path, GRID)
    serial = run_sweep(path, tmp_path / "serial", workers=1)
    run_sweep(path, tmp_path / "parallel", workers=2)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        run_sweep(path, tmp_path / "dask", executor=client.get_executor())
        assert main(["sweep", str(path), "--out", str(tmp_path / "dask_cli"), "--quiet",
                     "--scheduler", cluster.scheduler_address]) == 0
    assert serial.ran == 12
    for table in ("summary", "timeseries"):
        expected = read_table(tmp_path / "serial", table)
        for where in ("parallel", "dask", "dask_cli"):
            pd.testing.assert_frame_equal(read_table(tmp_path / where, table), expected)
    summary = read_table(tmp_path / "serial")
    assert list(summary.columns) == ["run", "point", "replication", "seed",
                                     "leader_training_intensity", "budget_procedure",
                                     "participation_any", "gini_learning",
                                     "participation_any[education=practical]"]
    assert summary["participation_any"].nunique() > 1
    ts = read_table(tmp_path / "serial", "timeseries")
    assert len(ts) == 12 * 9 and set(ts["month"]) == set(range(9))
    final = ts[ts["month"] == 8].set_index("run")["participation_any"]
    assert (final.to_numpy() == summary["participation_any"].to_numpy()).all()


def test_results_carry_provenance_and_read_with_pandas(tmp_path):
    path = write(tmp_path, GRID)
    run_sweep(path, tmp_path / "out", workers=1)
    meta = read_provenance(tmp_path / "out")
    assert meta["llo_sim_version"] == __version__
    assert meta["experiment_sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    params = meta["experiment"]["base_parameters"]
    assert set(params) == set(REGISTRY) and params["budget_amount"] == 1000
    assert meta["experiment"]["factors"]["budget_procedure"] == {"values": ["leader", "direct"]}
    frame = pd.read_parquet(tmp_path / "out" / "summary")       # plain pandas works too
    assert len(frame) == 12 and set(frame["budget_procedure"]) == {"leader", "direct"}
    assert sorted(frame["run"]) == list(range(12))
    part = next((tmp_path / "out" / "timeseries").glob("part-*.parquet"))
    assert b"llo_sim" in pq.read_schema(part).metadata


def test_rerun_skips_finished_runs_and_redoes_missing_parts(tmp_path):
    path = write(tmp_path, "batch_size = 2\n" + GRID)
    out = tmp_path / "out"
    first = run_sweep(path, out, workers=1)
    before = read_table(out)
    again = run_sweep(path, out, workers=1)
    assert (again.ran, again.skipped) == (0, 12)
    parts = sorted((out / "summary").glob("part-*.parquet"))
    assert len(parts) == 6
    parts[2].unlink()                                        # a batch lost
    (out / "timeseries" / "part-00004.parquet").unlink()     # killed between the two tables
    (out / "summary" / ".part-00005.parquet.tmp").write_bytes(b"half a file")
    resumed = run_sweep(path, out, workers=2)
    assert (resumed.ran, first.ran) == (4, 12)
    pd.testing.assert_frame_equal(read_table(out), before)
    assert not list(out.rglob("*.tmp"))


def test_an_out_folder_of_another_sweep_is_refused(tmp_path, capsys):
    out = tmp_path / "out"
    run_sweep(write(tmp_path, GRID), out, workers=1)
    other = write(tmp_path, GRID.replace("seed = 5", "seed = 6"), "other.toml")
    assert main(["sweep", str(other), "--out", str(out), "--quiet"]) == 2
    assert "different sweep" in capsys.readouterr().err


def test_a_second_sweep_into_a_busy_folder_stops(tmp_path, capsys):
    fcntl = pytest.importorskip("fcntl")
    out = tmp_path / "out"
    out.mkdir()
    with open(out / ".lock", "w") as held:            # as a running sweep holds it
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        assert main(["sweep", str(write(tmp_path, GRID)), "--out", str(out), "--quiet"]) == 2
    assert "another sweep is writing here" in capsys.readouterr().err
    assert main(["sweep", str(tmp_path / "exp.toml"), "--out", str(out), "--quiet",
                 "--workers", "1"]) == 0                # free again


KILL = """\
design = "grid"
levels = 80
months = 24
employees = 200
seed = 9
batch_size = 1
measures = ["participation_any", "gini_learning"]

[parameters]
informal_rate = { low = 0.5, high = 2.5 }
"""


@pytest.mark.parametrize("sig, workers", [(signal.SIGKILL, "1"), (signal.SIGINT, "2")],
                         ids=["SIGKILL-serial", "SIGINT-pool"])
def test_a_killed_sweep_resumes_to_the_same_result(tmp_path, sig, workers):
    """Kill a real sweep once some parts exist; the command again finishes it, and the result
    equals an uninterrupted sweep."""
    path = write(tmp_path, KILL)
    out = tmp_path / "killed"
    cmd = [sys.executable, "-m", "llo_sim", "sweep", str(path), "--out", str(out),
           "--workers", workers, "--quiet"]
    proc = subprocess.Popen(cmd, start_new_session=True, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while len(list((out / "summary").glob("part-*.parquet"))) < 10:
        assert proc.poll() is None, proc.stderr.read()
        assert time.monotonic() < deadline
        time.sleep(0.005)
    os.killpg(proc.pid, sig)          # the sweep and its workers, like Ctrl-C in a terminal
    rc = proc.wait(timeout=60)
    assert rc == (-signal.SIGKILL if sig == signal.SIGKILL else 130), proc.stderr.read()
    done = len(list((out / "summary").glob("part-*.parquet")))
    assert 10 <= done < 80, "the sweep was not interrupted midway"
    for part in (out / "summary").glob("part-*.parquet"):
        assert pq.read_table(part).num_rows == 1             # every part complete
    resumed = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert resumed.returncode == 0, resumed.stderr
    assert not list(out.rglob("*.tmp"))
    run_sweep(path, tmp_path / "whole", workers=2)
    for table in ("summary", "timeseries"):
        pd.testing.assert_frame_equal(read_table(out, table),
                                      read_table(tmp_path / "whole", table))


def test_sweep_command_prints_and_writes(tmp_path, capsys):
    path = write(tmp_path, LHS)
    assert main(["sweep", str(path), "--out", str(tmp_path / "o"), "--workers", "1"]) == 0
    printed = capsys.readouterr().out
    assert "5 runs" in printed and "5 run now" in printed
    assert len(read_table(tmp_path / "o")) == 5
    assert (tmp_path / "o" / "sweep.json").is_file()


BAD = [
    ("color = 1\n" + GRID, "color"),
    (GRID.replace('design = "grid"', 'design = "random"'), "'grid', 'lhs', 'sobol', 'morris'"),
    (GRID + "budget_amout = [1, 2]\n", "did you mean budget_amount"),
    (GRID.replace("high = 1 }", "high = 2 }"),
     "parameters.leader_training_intensity.high = 2 is not allowed; expected a number from 0 "
     "to 1"),
    (GRID.replace("{ low = 0, high = 1 }", "{ low = 1, high = 0 }"), "low < high"),
    (GRID.replace('["leader", "direct"]', '{ low = 0, high = 1 }'), "a list of values"),
    (GRID.replace('["leader", "direct"]', '["leader", "anyone"]'), "'leader', 'direct'"),
    (GRID.replace("levels = 3", "levels = 3\nsamples = 4"), "no samples"),
    (LHS.replace('"lhs"', '"sobol"'), "a power of 2"),
    (LHS.replace("samples = 5\n", ""), "samples"),
    (GRID.replace('"gini_learning"', '"gini"'), "measures = 'gini'"),
    (GRID.replace("education=practical", "education=young"), "measure[dimension=level]"),
    (GRID.replace("replications = 2", "replications = 0"), "replications = 0"),
    (GRID.replace("employees = 100", "employees = 5"), "n_employees = 5"),
    (GRID.replace('scenario = "baseline"', 'scenario = "nope"'), "no such scenario"),
    (GRID.split("[parameters]")[0], "parameters = None"),
    (GRID + "budget_amount = [0, 500]\n", "set.budget_amount"),
    (LHS + "share_young = { low = 0.5, high = 0.9 }\n", "share_young + share_old"),
    (GRID.replace("[set]", "[set"), "not valid TOML"),
]


@pytest.mark.parametrize("text, expected", BAD)
def test_bad_experiment_files_exit_2_naming_file_key_value(tmp_path, capsys, text, expected):
    path = write(tmp_path, text, "bad.toml")
    assert main(["sweep", str(path), "--out", str(tmp_path / "o"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("llo-sim: error: ") and "Traceback" not in err
    assert str(path) in err and expected in err, err
    assert not (tmp_path / "o").exists()


def test_a_missing_experiment_file_exits_2(tmp_path, capsys):
    assert main(["sweep", str(tmp_path / "none.toml"), "--quiet"]) == 2
    assert "experiment file not found" in capsys.readouterr().err


EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "experiments").glob("*.toml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_the_example_experiment_files_are_valid(path):
    exp = load_experiment(path.stem)          # found by name in experiments/
    assert exp.path == path.resolve() and len(exp.runs()) >= 50


@given(x=st.floats(0, 1), k=st.integers(1, 6))
def test_a_list_factor_gives_each_value_an_equal_share_of_the_unit_interval(x, k):
    factor = Factor("budget_coverage", values=tuple(i / 10 for i in range(k)))
    assert factor.value(x) == factor.values[min(int(x * k), k - 1)]


@given(x=st.floats(5, 20))
def test_an_integer_range_factor_rounds_within_its_range(x):
    value = Factor("team_size", low=5, high=20).value(x)
    assert isinstance(value, int) and 5 <= value <= 20 and abs(value - x) <= 0.5


@given(seed=st.integers(0, 2**32), n=st.integers(1, 40))
def test_derived_seeds_do_not_depend_on_the_number_of_runs(seed, n):
    assert replication_seeds(seed, n) == [derived_seed(seed, i) for i in range(n)]
