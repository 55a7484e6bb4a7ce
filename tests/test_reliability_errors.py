"""One line for every failure (docs/reliability.md, issue 17 point 7): a bug reaches the user
as one line naming a file with the traceback; files nested too deeply, a damaged calibration
history, a tiny discovery and a large run of your own organisation each get one line (or
just work), never a traceback."""

import resource
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from llo_sim.cli import catalogue, main
from llo_sim.cli.common import parse_set
from llo_sim.engine import limits

EXAMPLE = Path(__file__).parents[1] / "examples" / "zorginstelling"
DEEP = 100_000


def one_line(err: str) -> str:
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err


# --- the last resort: a bug is one line and a report file ---------------------------------------

def test_a_bug_is_one_line_naming_a_file_with_the_traceback(tmp_path, monkeypatch, capsys):
    def broken(args):
        raise RuntimeError("something impossible\nsecond line")

    monkeypatch.setattr(catalogue, "cmd_scenarios", broken)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    assert main(["scenarios"]) == 1
    err = one_line(capsys.readouterr().err)
    assert err.startswith("llo-sim: internal error (RuntimeError: something impossible); this "
                          "is a bug in llo-sim: please report it with the details in ")
    report = Path(err.rsplit(" ", 1)[1].strip())
    assert report.parent == tmp_path
    text = report.read_text()
    assert "command: llo-sim scenarios" in text and "Traceback" in text
    assert "RuntimeError: something impossible" in text and "in broken" in text


def test_running_out_of_memory_is_one_line(monkeypatch, capsys):
    def hungry(args):
        raise MemoryError

    monkeypatch.setattr(catalogue, "cmd_scenarios", hungry)
    assert main(["scenarios"]) == 2
    assert one_line(capsys.readouterr().err).startswith("llo-sim: error: out of memory; ")


# --- files nested too deeply --------------------------------------------------------------------

NESTED = {"arrays": "x = " + "[" * DEEP + "]" * DEEP,
          "inline tables": "x = " + "{a = " * DEEP + "1" + "}" * DEEP,
          "a dotted key": ".".join(["a"] * DEEP) + " = 1",
          "a table header": "[" + ".".join(["a"] * DEEP) + "]\nx = 1"}
WHY = {"arrays": "arrays or inline tables nested too deeply",
       "inline tables": "arrays or inline tables nested too deeply",
       "a dotted key": "a dotted key of more than 100 parts",
       "a table header": "a dotted key of more than 100 parts"}


def llo_sim_capped(*args: str) -> subprocess.CompletedProcess:
    """``python -m llo_sim ARGS`` with at most 3 GB of address space: a dotted key of
    100,000 parts once took tomllib tens of GB, which must not take the machine down when
    this test fails."""
    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))

    return subprocess.run([sys.executable, "-m", "llo_sim", *args], capture_output=True,
                          text=True, preexec_fn=cap)


@pytest.mark.parametrize("form", list(NESTED))
def test_a_scenario_nested_100000_deep_is_one_line(tmp_path, form):
    path = tmp_path / "deep.toml"
    path.write_text(NESTED[form] + "\n")
    done = llo_sim_capped("run", str(path), "--months", "1", "--out", str(tmp_path / "o"))
    assert (done.returncode, one_line(done.stderr)) == (
        2, f"llo-sim: error: {path}: not valid TOML ({WHY[form]})\n")


@pytest.mark.parametrize("form", list(NESTED))
def test_an_experiment_nested_100000_deep_is_one_line(tmp_path, form):
    path = tmp_path / "deep.toml"
    path.write_text('design = "grid"\n[parameters]\n' + NESTED[form] + "\n")
    done = llo_sim_capped("sweep", str(path), "--out", str(tmp_path / "o"))
    assert done.returncode == 2
    assert f"{path}: not valid TOML ({WHY[form]})" in one_line(done.stderr)


@pytest.mark.parametrize("option", ["--priors", "--targets"])
def test_calibration_files_nested_100000_deep_are_one_line(tmp_path, capsys, option):
    path = tmp_path / "deep.toml"
    path.write_text(NESTED["arrays"] + "\n")
    assert main(["calibrate", option, str(path), "--out", str(tmp_path / "o")]) == 2
    assert "arrays or inline tables nested too deeply" in one_line(capsys.readouterr().err)


def test_set_nested_deeply_is_read_as_a_word_not_a_crash():
    assert parse_set(["x=" + "[" * DEEP + "]" * DEEP]) == {"x": "[" * DEEP + "]" * DEEP}


# --- calibrate --resume on a damaged history ----------------------------------------------------

CALIBRATE = ["calibrate", "--population", "10", "--employees", "60", "--months", "24",
             "--workers", "1"]


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    """A real (tiny) calibration: its abc.db."""
    pytest.importorskip("pyabc")
    out = tmp_path_factory.mktemp("calibration") / "c"
    assert main([*CALIBRATE, "--generations", "1", "--out", str(out)]) == 0
    return (out / "abc.db").read_bytes()


def _sql(path: Path, statement: str) -> None:
    con = sqlite3.connect(path)
    with con:
        con.execute(statement)
    con.close()


DAMAGE = {
    "garbage": (lambda p, good: p.write_bytes(bytes(range(256)) * 20),
                "damaged (file is not a database)"),
    "empty": (lambda p, good: p.write_bytes(b""), "not the history of a calibration"),
    "cut off": (lambda p, good: p.write_bytes(good[: len(good) // 2]),
                "damaged (database disk image is malformed)"),
    "another database": (lambda p, good: _sql(p, "CREATE TABLE t (a)"),
                         "not the history of a calibration"),
    "undecodable text": (lambda p, good: (p.write_bytes(good), _sql(p, "UPDATE populations SET "
                         "population_end_time = CAST(X'FF00FE' AS TEXT)")),
                         "Could not decode to UTF-8"),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_resuming_a_damaged_history_is_one_line(history, tmp_path, capsys, damage):
    make, expected = DAMAGE[damage]
    out = tmp_path / "c"
    out.mkdir()
    make(out / "abc.db", history)
    assert main([*CALIBRATE, "--generations", "2", "--out", str(out), "--resume"]) == 2
    err = one_line(capsys.readouterr().err)
    assert err.startswith(f"llo-sim: error: {out / 'abc.db'}: ") and expected in err, err
    assert "move it away to start afresh, or choose another --out" in err


def test_resuming_a_sound_history_still_works(history, tmp_path, capsys):
    out = tmp_path / "c"
    out.mkdir()
    (out / "abc.db").write_bytes(history)
    assert main([*CALIBRATE, "--generations", "2", "--out", str(out), "--resume"]) == 0
    assert (out / "ensemble.json").exists()


# --- a tiny discovery ---------------------------------------------------------------------------

@pytest.mark.parametrize("size", ["1", "2"])
def test_a_discovery_of_one_or_two_points_works(tmp_path, capsys, size):
    """Two points of equal difference (28 and 28.000000000000004 points) once left the
    histogram of the figure no finite-sized bins: a traceback."""
    out = tmp_path / "d"
    assert main(["discover", "integrated", "--against", "baseline", "--design", size,
                 "--employees", "50", "--months", "12", "--workers", "1", "--out", str(out),
                 "--quiet"]) == 0
    assert capsys.readouterr().err == ""
    for name in ("cases.csv", "boxes.csv", "discovery.png", "discovery.svg", "summary.txt"):
        assert (out / name).exists()


# --- the estimate before a large run of your own organisation -----------------------------------

def test_a_run_of_your_own_organisation_prints_the_estimate_first(tmp_path, monkeypatch,
                                                                  capsys):
    import llo_sim.api

    printed = []

    def run(*args, **kwargs):
        printed.append(capsys.readouterr().err)
        raise KeyboardInterrupt

    monkeypatch.setattr(limits, "LARGE_MB", 1)
    monkeypatch.setattr(llo_sim.api, "run", run)
    assert main(["run", "baseline", "--workforce", str(EXAMPLE / "workforce.csv"), "--scan",
                 str(EXAMPLE / "scan_0.csv"), "--replications", "8", "--workers", "2",
                 "--out", str(tmp_path / "o")]) == 130
    assert printed[0].startswith("llo-sim: a large job: about ")
    assert "(2 processes of " in printed[0]


def test_the_estimate_of_a_million_employees_of_your_own_is_as_measured():
    job = limits.estimate(1_000_000, 120, own=True)    # measured: 1.13 GB peak, 38 s CPU
    assert job.large and 1000 < job.mb < 1300
    assert 30 < job.seconds < 90
    assert job.mb > limits.estimate(1_000_000, 120).mb
