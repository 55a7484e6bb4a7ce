"""One-line errors and the smaller points of issue 10 (docs/reliability.md): deep extends
chains, argparse errors, --host, --employees with --set n_employees, scenarios that shadow
the library, a broken file in ./scenarios, numpy integers in the API, estimates of large
jobs."""

import hashlib
import json
import subprocess
import sys

import numpy as np
import pytest

import llo_sim
from llo_sim.engine import limits
from llo_sim.cli import main
from llo_sim.errors import LloSimError, ParameterError, ScenarioError
from llo_sim.engine.scenario import MAX_EXTENDS, load

RUN = ["run", "--employees", "40", "--months", "2", "--quiet"]


def cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "llo_sim", *args], capture_output=True,
                          text=True, timeout=300, cwd=cwd)


def chain(tmp_path, depth):
    (tmp_path / "s0.toml").write_text('extends = "baseline"\n')
    for i in range(1, depth):
        (tmp_path / f"s{i}.toml").write_text(f'extends = "s{i - 1}"\n')
    return tmp_path / f"s{depth - 1}.toml"


def test_a_very_deep_extends_chain_is_a_one_line_error(tmp_path):
    top = chain(tmp_path, 1000)
    proc = cli(*RUN, str(top), "--out", str(tmp_path / "o"))
    assert proc.returncode == 2
    assert "extends chain is longer than" in proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.splitlines()) == 1


def test_a_chain_within_the_cap_loads(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    top = chain(tmp_path / "a", MAX_EXTENDS - 1)       # plus baseline: exactly the cap
    assert load(top).chain[0] == "baseline" and len(load(top).chain) == MAX_EXTENDS
    with pytest.raises(ScenarioError, match="longer than"):
        load(chain(tmp_path / "b", MAX_EXTENDS))


def test_argparse_errors_take_one_line():
    for args in (["run"], ["run", "baseline", "--months", "x"], ["nosuch"],
                 ["run", "baseline", "--bogus"]):
        proc = cli(*args)
        assert proc.returncode == 2
        assert len(proc.stderr.splitlines()) == 1, proc.stderr
        assert "error:" in proc.stderr and "--help" in proc.stderr


@pytest.mark.parametrize("host, expected", [
    ("no-such-host.invalid", "--host no-such-host.invalid: not a known host name"),
    ("192.0.2.1", "--host 192.0.2.1: not an address of this computer"),
])
def test_a_bad_host_is_reported_as_a_host_problem(capsys, host, expected):
    assert main(["dashboard", "--host", host, "--port", "8765"]) == 2
    err = capsys.readouterr().err
    assert expected in err and "--port" not in err


def test_employees_and_set_n_employees_together_is_an_error(tmp_path, capsys):
    assert main([*RUN, "baseline", "--set", "n_employees=100.5", "--out",
                 str(tmp_path / "o")]) == 2
    assert "--employees 40 and --set n_employees=100.5 both given" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


@pytest.fixture
def local_library(tmp_path, monkeypatch):
    """A ./scenarios folder with its own baseline.toml and a broken file."""
    local = tmp_path / "scenarios"
    local.mkdir()
    (local / "baseline.toml").write_text("[parameters]\nteam_size = 4\n")
    (local / "broken.toml").write_text("[parameters\n")
    monkeypatch.chdir(tmp_path)
    return local


def test_a_local_scenario_that_shadows_the_library_is_reported_and_recorded(
        local_library, tmp_path, capsys):
    assert main([*RUN, "baseline", "--out", str(tmp_path / "o")]) == 0
    err = capsys.readouterr().err
    assert "note: scenario 'baseline' is read from" in err and "hides the library's" in err
    meta = json.loads((tmp_path / "o" / "run.json").read_text())
    path = local_library / "baseline.toml"
    assert meta["scenario_files"] == [{
        "path": str(path.resolve()),
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}]
    assert meta["parameters"]["team_size"] == 4


def test_library_scenarios_record_their_files_and_hashes(tmp_path):
    assert main([*RUN, "integrated", "--out", str(tmp_path / "o")]) == 0
    files = json.loads((tmp_path / "o" / "run.json").read_text())["scenario_files"]
    assert [f["path"].rsplit("/", 1)[1] for f in files][-1] == "integrated.toml"
    assert all(len(f["sha256"]) == 64 for f in files)


def test_one_broken_file_does_not_break_the_scenario_list(local_library, capsys):
    assert main(["scenarios"]) == 0
    captured = capsys.readouterr()
    assert "integrated" in captured.out and "broken" in captured.out
    assert "broken.toml: not valid TOML" in captured.err
    assert "hides the library's" in captured.err


def test_the_api_takes_numpy_integers():
    result = llo_sim.run("baseline", months=np.int64(2), seed=np.int64(3),
                         n_employees=np.int64(40), budget_coverage=np.float64(0.5))
    assert result.months == 2 and result.parameters["n_employees"] == 40
    model = llo_sim.build_model("baseline", seed=1, n_employees=np.int32(30))
    assert len(model.workforce.agency) == 30


def test_api_errors_speak_of_arguments_not_the_command_line():
    with pytest.raises(ParameterError) as info:
        llo_sim.run("baseline", months=2, n_employees=3)
    assert "command line" not in str(info.value) and "argument" in str(info.value)
    with pytest.raises(ParameterError, match="months = 100000 is not allowed"):
        llo_sim.run("baseline", months=100_000)


def test_large_jobs_print_an_estimate_first(tmp_path, capsys, monkeypatch):
    job = limits.estimate(2_000_000, 120)
    assert 1000 < job.mb < 1400 and job.large            # measured: about 1.15 GB
    assert not limits.estimate(1000, 120).large
    monkeypatch.setattr(limits, "LARGE_MB", 1)
    assert main([*RUN, "baseline", "--out", str(tmp_path / "o")]) == 0
    assert "llo-sim: a large job: about" in capsys.readouterr().err


def test_the_estimate_warns_when_memory_is_short(monkeypatch):
    monkeypatch.setattr(limits, "available_mb", lambda: 100.0)
    assert "only 100 MB is free" in str(limits.estimate(2_000_000, 12))


def test_the_caps_are_the_same_for_the_command_line_and_the_api(tmp_path, capsys):
    assert main(["run", "baseline", "--months", str(limits.MAX_MONTHS + 1), "--out",
                 str(tmp_path / "o")]) == 2
    assert f"0 to {limits.MAX_MONTHS:,} months" in capsys.readouterr().err
    with pytest.raises(LloSimError, match=f"0 to {limits.MAX_MONTHS:,}"):
        llo_sim.run("baseline", months=limits.MAX_MONTHS + 1)


def test_a_comparison_with_numpy_arguments_writes_its_json(tmp_path):
    from llo_sim.study.compare import compare

    cmp = compare(["baseline", "budget_only"], replications=np.int64(2), months=np.int64(3),
                  seed=np.int64(1), workers=1, n_employees=np.int64(40))
    cmp.write(tmp_path / "c", figure=False)
    meta = json.loads((tmp_path / "c" / "compare.json").read_text())
    assert meta["seed"] == 1 and meta["months"] == 3


def test_a_closed_pipe_is_not_an_error():
    proc = subprocess.run(f"{sys.executable} -m llo_sim params | head -1", shell=True,
                          capture_output=True, text=True, timeout=120)
    assert proc.stdout.startswith("Workforce") and "error" not in proc.stderr


def test_the_dashboard_refuses_a_damaged_shipped_ensemble_before_it_serves(tmp_path, monkeypatch,
                                                                            capsys):
    import llo_sim.dashboard
    from llo_sim.study import ensemble

    bad = tmp_path / "ensemble.json"
    bad.write_text(json.dumps({"format": 1, "provenance": {"version": "0.0.1"}}))
    monkeypatch.setattr(ensemble, "ENSEMBLE_FILE", bad)

    def serve(*args):
        raise AssertionError("the server started with a damaged ensemble")

    monkeypatch.setattr(llo_sim.dashboard, "serve", serve)
    assert main(["dashboard", "--host", "127.0.0.1", "--port", "8765"]) == 2
    err = capsys.readouterr().err
    assert "made by llo-sim '0.0.1'" in err and str(bad) in err
    assert "Traceback" not in err and len(err.splitlines()) == 1
