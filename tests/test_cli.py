"""The command line: outputs, byte-identical reruns, bad input exits 2 without a traceback."""

import json
import subprocess
import sys

import pandas as pd
import pytest

from llo_sim.cli import main
from llo_sim.engine.parameters import REGISTRY


def cli(*args):
    """Run the real command in a subprocess, as a user would."""
    return subprocess.run([sys.executable, "-m", "llo_sim", *args], capture_output=True,
                          text=True, timeout=300)


def test_run_writes_its_files_and_prints_a_summary(tmp_path):
    out = tmp_path / "out"
    proc = cli("run", "baseline", "--employees", "300", "--months", "24", "--seed", "7",
               "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "learned at all in the last 12 months" in proc.stdout and "education" in proc.stdout
    assert sorted(p.name for p in out.iterdir()) == ["groups.csv", "run.json", "run.png",
                                                     "timeseries.csv"]
    ts = pd.read_csv(out / "timeseries.csv")
    assert list(ts["month"]) == list(range(25))
    groups = pd.read_csv(out / "groups.csv")
    assert set(groups["dimension"]) == {"education", "age", "contract", "broek_group"}
    meta = json.loads((out / "run.json").read_text())
    assert meta["seed"] == 7 and meta["scenario"] == "baseline"
    assert set(meta["parameters"]) == set(REGISTRY)
    assert meta["parameters"]["n_employees"] == 300


def test_same_inputs_give_byte_identical_outputs(tmp_path):
    for name in ("a", "b"):
        assert main(["run", "baseline", "--employees", "250", "--months", "18", "--seed", "3",
                     "--out", str(tmp_path / name), "--quiet"]) == 0
    for f in ("timeseries.csv", "groups.csv", "run.png", "run.json"):
        assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes()


def test_scenario_by_path_equals_scenario_by_name(tmp_path):
    from llo_sim.engine.scenario import find

    path = find("baseline")
    main(["run", "baseline", "--employees", "100", "--months", "6", "--out",
          str(tmp_path / "n"), "--quiet"])
    main(["run", str(path), "--employees", "100", "--months", "6", "--out",
          str(tmp_path / "p"), "--quiet"])
    assert ((tmp_path / "n" / "timeseries.csv").read_bytes()
            == (tmp_path / "p" / "timeseries.csv").read_bytes())


def test_set_overrides_a_parameter(tmp_path):
    main(["run", "baseline", "--employees", "100", "--months", "3", "--out", str(tmp_path),
          "--set", "budget_procedure=direct", "--set", "budget_amount=900", "--quiet"])
    meta = json.loads((tmp_path / "run.json").read_text())
    assert meta["parameters"]["budget_procedure"] == "direct"
    assert meta["parameters"]["budget_amount"] == 900.0


@pytest.mark.parametrize("args, expected", [
    (["--employees", "3"], "n_employees = 3 is not allowed; expected an integer from 10"),
    (["--set", "share_flex=2"], "share_flex = 2 is not allowed; expected a number from 0 to 1"),
    (["--set", "no_such_key=1"], "no_such_key"),
    (["--set", "budget_procedure=email"], "one of 'leader', 'direct'"),
    (["--months", "-1"], "--months"),
    (["--seed", "-1"], "--seed = -1 is not allowed"),
])
def test_bad_command_line_input_exits_2_without_traceback(tmp_path, args, expected):
    proc = cli("run", "baseline", "--out", str(tmp_path), *args)
    assert proc.returncode == 2
    assert expected in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("text, expected", [
    ("[parameters\n", "not valid TOML"),
    ("[parameters]\nteam_size = 0\n", "team_size = 0 is not allowed; expected an integer from 2"),
    ("[parameters]\nbase_climate = true\n", "base_climate = True is not allowed"),
    ('extends = "nope"\n', "nope"),
])
def test_bad_scenario_file_exits_2_naming_the_file(tmp_path, text, expected):
    path = tmp_path / "mine.toml"
    path.write_text(text)
    proc = cli("run", str(path), "--out", str(tmp_path / "out"))
    assert proc.returncode == 2
    assert str(path) in proc.stderr and expected in proc.stderr
    assert "Traceback" not in proc.stderr


def test_missing_scenario_file(tmp_path):
    proc = cli("run", str(tmp_path / "absent.toml"))
    assert proc.returncode == 2 and "not found" in proc.stderr


def test_scenarios_and_params_commands(capsys):
    assert main(["scenarios"]) == 0
    assert "baseline" in capsys.readouterr().out
    assert main(["params", "--group", "ruggensteun"]) == 0
    out = capsys.readouterr().out
    assert "leader_training_intensity" in out and "share_flex" not in out


def test_an_output_folder_that_cannot_be_written_is_refused_before_running(tmp_path):
    a_file = tmp_path / "a_file"
    a_file.write_text("x")
    for out, expected in ((a_file, "is a file"), (a_file / "sub", "cannot write there")):
        proc = cli("run", "baseline", "--employees", "50", "--months", "2", "--out", str(out))
        assert proc.returncode == 2 and expected in proc.stderr
        assert "Traceback" not in proc.stderr


def test_a_negative_seed_is_a_clear_error_in_the_api():
    from llo_sim import LearningCultureModel, ParameterError

    with pytest.raises(ParameterError, match="rng = -3"):
        LearningCultureModel(rng=-3, n_employees=20)


def test_dashboard_refuses_a_port_in_use(capsys):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["dashboard", "--port", str(port)]) == 2
    assert f"--port {port}: cannot listen" in capsys.readouterr().err


def test_params_with_an_unknown_group_names_the_groups(capsys):
    assert main(["params", "--group", "nosuch"]) == 2
    assert "ruggensteun" in capsys.readouterr().err
