"""A command line for people (issue 20, point 5): summaries in plain words with units, a
figure from run and check, help written for users, a quiet Ctrl-C on the dashboard, one name
for the Dask option, progress bars on own-organisation runs, params under headings and as
CSV or JSON, and ``llo-sim copy`` for the files that come with the package."""

import argparse
import io
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pandas as pd
import pytest

from llo_sim.cli import main
from llo_sim.cli.main import build_parser
from llo_sim.engine.parameters import REGISTRY_LIST

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "zorginstelling"
RAW = ("gini_learning_excess", "cost_cumulative", "share_learning_a_lot",
       "ratio_formal_theoretical_practical", "learning_months_mean")


@pytest.fixture
def example(tmp_path):
    for name in ("workforce.csv", "teams.csv", "scan_0.csv", "scan_1.csv"):
        shutil.copy(EXAMPLE / name, tmp_path / name)
    return tmp_path


def own_run(folder: Path, *extra) -> list[str]:
    return ["run", "integrated", "--workforce", str(folder / "workforce.csv"), "--teams",
            str(folder / "teams.csv"), "--scan", str(folder / "scan_0.csv"), "--months", "12",
            "--replications", "3", *extra]


# -- summaries in plain words ----------------------------------------------------------------
def test_run_summary_speaks_plain_words_with_units(tmp_path, capsys):
    """The defect: ``gini_learning_excess 0.173`` and ``cost_cumulative 456424.127``."""
    assert main(["run", "baseline", "--employees", "200", "--months", "12", "--out",
                 str(tmp_path / "o")]) == 0
    out = capsys.readouterr().out
    assert not any(raw in out for raw in RAW), out
    lines = {line[:58].strip(): line[58:].strip() for line in out.splitlines()
             if line.startswith("  ") and len(line) > 58}
    assert re.fullmatch(r"\d+\.\d% of employees",
                        lines["learned in at least 6 of the last 12 months"])
    assert re.fullmatch(r"\d+\.\d months",
                        lines["months with any learning, of the last 12 (mean)"])
    assert re.fullmatch(r"\d+\.\d\d times as often",
                        lines["courses: theoretically against practically educated"])
    assert re.fullmatch(r"EUR [\d,]+", lines["cost of the instruments, months 0 to 12"])
    assert "inequality of learning beyond chance (Gini, 0 = none)" in lines


def test_an_own_organisations_summary_is_the_same_and_says_what_is_not_shown(example, capsys):
    assert main(own_run(example, "--out", str(example / "plan"))) == 0
    out = capsys.readouterr().out
    assert "learned in at least 6 of the last 12 months" in out and "% of employees" in out
    assert "groups under 5 people are not shown" in out
    assert not any(raw in out for raw in RAW), out


# -- figures --------------------------------------------------------------------------------
def test_run_writes_run_png_with_its_checksum_and_overwrite_replaces_it(tmp_path):
    out = tmp_path / "o"
    for _ in range(2):              # the second time --overwrite replaces a folder with run.png
        assert main(["run", "baseline", "--employees", "100", "--months", "6", "--out",
                     str(out), "--quiet", "--overwrite"]) == 0
    png = (out / "run.png").read_bytes()
    assert png.startswith(b"\x89PNG")
    meta = json.loads((out / "run.json").read_text())
    import hashlib

    assert meta["checksums"]["run.png"] == hashlib.sha256(png).hexdigest()


def test_check_writes_check_png_beside_check_csv(example, capsys):
    assert main(own_run(example, "--out", str(example / "plan"), "--quiet")) == 0
    assert main(["check", str(example / "plan"), "--scan", str(example / "scan_1.csv")]) == 0
    folder = example / "plan" / "check-12"
    assert sorted(p.name for p in folder.iterdir()) == ["check.csv", "check.json",
                                                        "check.png"]
    assert (folder / "check.png").read_bytes().startswith(b"\x89PNG")
    assert "check.png" in json.loads((folder / "check.json").read_text())["checksums"]
    assert "check.png" in capsys.readouterr().out
    # a later check with --overwrite replaces the folder that holds the figure
    assert main(["check", str(example / "plan"), "--scan", str(example / "scan_1.csv"),
                 "--overwrite", "--quiet"]) == 0


def test_a_run_that_fails_while_drawing_leaves_no_folder(tmp_path, monkeypatch):
    """All or nothing: the figure is written in the temporary folder with the tables."""
    import llo_sim.figures.run as figure

    def broken(result, folder):
        raise OSError(28, "No space left on device", str(folder / "run.png"))

    monkeypatch.setattr(figure, "run_files", broken)
    assert main(["run", "baseline", "--employees", "100", "--months", "3", "--out",
                 str(tmp_path / "o"), "--quiet"]) == 2
    assert not (tmp_path / "o").exists()
    assert not [p for p in tmp_path.iterdir()]           # no temporary folder left either


# -- progress bars ----------------------------------------------------------------------------
class Recorder:
    """Stands in for tqdm (which draws nothing without a terminal): keeps every bar."""
    bars: list = []

    def __init__(self, total=None, unit="", desc="", **_):
        self.total, self.unit, self.desc, self.n = total, unit, desc, 0
        Recorder.bars.append(self)

    def update(self, k=1):
        self.n += k

    def refresh(self):
        pass

    def close(self):
        pass


def test_an_own_organisations_run_shows_progress_for_months_and_predictions(example,
                                                                           monkeypatch):
    """The defect: a run with --workforce and --scan showed no progress at all."""
    import tqdm

    Recorder.bars = []
    monkeypatch.setattr(tqdm, "tqdm", Recorder)
    assert main(own_run(example, "--out", str(example / "plan"), "--quiet")) == 0
    assert Recorder.bars == []                             # --quiet: none
    assert main(own_run(example, "--out", str(example / "plan2"), "--workers", "2")) == 0
    done = {(b.desc, b.unit): (b.n, b.total) for b in Recorder.bars}
    assert done == {("simulating", "month"): (12, 12), ("predicting", "run"): (3, 3)}


# -- one name for the Dask option --------------------------------------------------------------
@pytest.mark.parametrize("command", [
    ["sweep", "budget_grid"], ["sensitivity", "screening_morris"], ["calibrate"],
    ["discover", "integrated", "--against", "budget_only"], ["optimise", "--budget", "400"],
])
@pytest.mark.parametrize("option", ["--scheduler", "--dask"])
def test_every_command_takes_scheduler_and_the_old_dask_name(command, option):
    args = build_parser().parse_args([*command, option, "tcp://10.0.0.1:8786"])
    assert args.scheduler == "tcp://10.0.0.1:8786"


def test_the_dask_option_is_called_scheduler_in_every_help():
    for name, parser in subcommands().items():
        text = parser.format_help()
        if "Dask" in text:
            assert "--scheduler ADDRESS" in text, name


# -- help written for users --------------------------------------------------------------------
def subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    found = {}

    def walk(parser, prefix):
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    found[f"{prefix}{name}"] = sub
                    walk(sub, f"{prefix}{name} ")

    walk(parser, "")
    return found


def test_every_command_explains_itself_and_every_option():
    for name, parser in subcommands().items():
        assert parser.description and len(parser.description) > 60, name
        for action in parser._actions:
            if action.dest == "help":
                continue
            assert action.help, f"{name} {action.option_strings or action.dest}: no help"
            if action.option_strings and action.nargs != 0:   # a value, named for people
                assert action.metavar is not None or action.choices, \
                    f"{name} {action.option_strings[0]}: shows {action.dest.upper()}"
        text = parser.format_help()
        assert "registry" not in text, f"{name}: 'registry' is a word of the code"
        assert "templates/" not in text, f"{name}: points to a folder a user may not have"


def test_the_top_level_help_says_where_to_start(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--help"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert out.index("Simulate learning culture") < out.index("commands:")
    assert "llo-sim dashboard" in out and "llo-sim copy examples" in out


# -- params ----------------------------------------------------------------------------------
def test_params_prints_headings_and_every_parameter_once(capsys):
    assert main(["params"]) == 0
    out = capsys.readouterr().out
    assert "Workforce: who works in the organisation  [--group workforce]" in out
    assert "Ruimte (room): Personal development budget  [--group ruimte:budget]" in out
    names = [line.split()[0] for line in out.splitlines() if line.startswith("  ")
             and not line.startswith("   ")]
    assert sorted(names) == sorted(p.name for p in REGISTRY_LIST)


def test_params_as_csv_and_json_hold_every_parameter(capsys):
    assert main(["params", "--format", "csv"]) == 0
    table = pd.read_csv(io.StringIO(capsys.readouterr().out), keep_default_na=False)
    assert list(table["name"]) == [p.name for p in REGISTRY_LIST]
    assert {"group", "heading", "default", "low", "high", "unit", "meaning",
            "source"} <= set(table.columns)
    assert main(["params", "--format", "json", "--group", "ruimte:budget"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert {r["name"] for r in records} == {p.name for p in REGISTRY_LIST
                                            if p.group == "ruimte:budget"}
    budget = next(r for r in records if r["name"] == "budget_procedure")
    assert budget["choices"] and budget["kind"] == "choice"


def test_params_with_an_unknown_format_is_one_line(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["params", "--format", "xml"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "--format" in err


# -- copy -------------------------------------------------------------------------------------
def test_copy_puts_the_example_where_the_documented_commands_run(tmp_path, monkeypatch,
                                                                 capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["copy", "examples"]) == 0
    assert (tmp_path / "examples" / "zorginstelling" / "scan_1.csv").is_file()
    assert "cd examples/zorginstelling" in capsys.readouterr().out
    assert main(["copy", "templates", "--to", "mine"]) == 0
    assert {p.name for p in (tmp_path / "mine").iterdir()} >= {"README.md", "workforce.csv"}


def test_copy_never_writes_into_a_folder_that_holds_something(tmp_path, capsys):
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "workforce.csv").write_text("mine\n")
    assert main(["copy", "templates", "--to", str(tmp_path / "t")]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "--to" in err and "not an empty" in err
    assert (tmp_path / "t" / "workforce.csv").read_text() == "mine\n"


# -- a quiet Ctrl-C ----------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answers(url: str) -> bool:
    try:
        return urllib.request.urlopen(url, timeout=2).status == 200
    except OSError:
        return False


def test_ctrl_c_stops_the_dashboard_without_a_traceback():
    """The defect: Ctrl-C printed uvicorn's traceback of a cancelled task, then 'Aborted'."""
    import llo_sim

    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(Path(llo_sim.__file__).resolve().parents[1])}
    proc = subprocess.Popen([sys.executable, "-m", "llo_sim", "dashboard", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, env=env)
    try:
        deadline = time.monotonic() + 120        # a safety net for a broken server
        while not answers(f"http://127.0.0.1:{port}/") and time.monotonic() < deadline:
            time.sleep(0.3)
        assert proc.poll() is None, proc.communicate()
        os.killpg(proc.pid, signal.SIGINT)         # what a terminal's Ctrl-C sends
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 0, err
    assert "Traceback" not in err and "Error" not in err and "Aborted" not in err, err
    assert "llo-sim dashboard: stopped" in err
