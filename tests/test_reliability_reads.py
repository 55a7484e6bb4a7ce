"""Every file read back is verified (issue 17, point 4; docs/reliability.md): the run folder
`check` reads (run.json, predictions.csv) and an optimisation's evaluations carry a checksum
and the fingerprint of their settings; damaged or foreign files are refused in one line,
never read as something else. One process at a time per folder for optimise, discover and
calibrate. Options that gave tracebacks or meant something else (points 7 and 8)."""

import json
from pathlib import Path

import pandas as pd
import pytest
from test_optimise import CALLS, search

from llo_sim.cli import main
from llo_sim.errors import LloSimError
from llo_sim.own.check import check

EXAMPLE = Path(__file__).parents[1] / "examples" / "zorginstelling"
WF, SCAN0, SCAN1 = (str(EXAMPLE / f) for f in ("workforce.csv", "scan_0.csv", "scan_1.csv"))


def one_line(capsys) -> str:
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    return err


@pytest.fixture(scope="module")
def plan(tmp_path_factory):
    """A run of the example organisation with predictions for months 0 to 6, and a later
    scan at month 6."""
    root = tmp_path_factory.mktemp("reads")
    out = root / "plan"
    assert main(["run", "baseline", "--workforce", WF, "--scan", SCAN0, "--months", "6",
                 "--replications", "2", "--seed", "1", "--out", str(out), "--quiet"]) == 0
    later = pd.read_csv(SCAN1)
    later["month"] = 6
    later.to_csv(root / "scan_6.csv", index=False)
    return out, root / "scan_6.csv"


@pytest.fixture
def copy(plan, tmp_path):
    """A copy of the run folder to damage."""
    import shutil

    out, scan = plan
    shutil.copytree(out, tmp_path / "plan")
    return tmp_path / "plan", scan


def _drop_team_in_month_6(pred: Path) -> None:
    frame = pd.read_csv(pred, dtype={"team": str})
    frame = frame[~((frame["team"] == "Verpleging A") & (frame["month"] == 6))]
    frame.to_csv(pred, index=False, float_format="%.10g", lineterminator="\n")


def test_run_json_records_the_kind_and_a_checksum_of_every_file(plan):
    import hashlib

    out, _ = plan
    meta = json.loads((out / "run.json").read_text())
    assert meta["kind"] == "run"
    assert set(meta["checksums"]) == {"timeseries.csv", "groups.csv", "start.csv",
                                      "predictions.csv", "run.png"}
    for name, digest in meta["checksums"].items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest


def test_check_refuses_a_predictions_file_with_a_team_removed(copy, capsys):
    """The defect: the rows of a 38-person team removed from month 6 gave "suppressed (small
    team)" and exit 0."""
    out, scan = copy
    _drop_team_in_month_6(out / "predictions.csv")
    assert main(["check", str(out), "--scan", str(scan), "--quiet"]) == 2
    err = one_line(capsys)
    assert f"{out / 'predictions.csv'}: does not match its checksum in run.json" in err
    assert not (out / "check-6").exists()


def test_a_run_folder_of_an_older_llo_sim_is_checked_by_its_shape(copy, capsys):
    """Without recorded checksums (a folder from before them) the predictions must still hold
    every team large enough, every quantity and every month."""
    out, scan = copy
    meta = json.loads((out / "run.json").read_text())
    for key in ("kind", "checksums", "json_sha256"):
        meta.pop(key)
    (out / "run.json").write_text(json.dumps(meta))
    assert main(["check", str(out), "--scan", str(scan), "--quiet"]) == 0   # still usable
    capsys.readouterr()
    _drop_team_in_month_6(out / "predictions.csv")
    assert main(["check", str(out), "--scan", str(scan), "--quiet", "--overwrite"]) == 2
    err = one_line(capsys)
    assert "predictions.csv: no prediction for team 'Verpleging A'" in err and "month 6" in err


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _latin1(path: Path) -> None:
    path.write_bytes(path.read_bytes().replace(b'"baseline"', b'"basel\xefne"', 1))


def _a_list(path: Path) -> None:
    path.write_text("[1, 2, 3]\n")


def _other_team_size(path: Path) -> None:
    meta = json.loads(path.read_text())
    meta["organisation"]["team_sizes"][0] += 1
    path.write_text(json.dumps(meta, indent=2))


def _other_kind(path: Path) -> None:
    path.write_text(path.read_text().replace('"kind": "run"', '"kind": "compare"', 1))


def _garbage(path: Path) -> None:
    path.write_bytes(b"\x00\xff\xfe garbage \x89PNG\r\n")


def _no_median(path: Path) -> None:
    path.write_text(path.read_text().replace("median", "middle", 1))


@pytest.mark.parametrize("name, damage, message", [
    ("run.json", _truncate, "run.json: damaged"),
    ("run.json", _latin1, "run.json: damaged"),
    ("run.json", _a_list, "run.json: not the run.json of an llo-sim run"),
    ("run.json", _other_team_size, "run.json: does not match its checksum"),
    ("run.json", _other_kind, "run.json: holds a comparison, not a run"),
    ("predictions.csv", _truncate, "predictions.csv: does not match its checksum"),
    ("predictions.csv", _garbage, "predictions.csv: does not match its checksum"),
], ids=["run.json truncated", "run.json not UTF-8", "run.json a list",
        "run.json edited", "run.json another kind", "predictions truncated",
        "predictions garbage"])
def test_check_refuses_a_damaged_run_folder_in_one_line(copy, capsys, name, damage, message):
    out, scan = copy
    damage(out / name)
    assert main(["check", str(out), "--scan", str(scan), "--quiet"]) == 2
    assert message in one_line(capsys)
    assert not (out / "check-6").exists()


@pytest.mark.parametrize("damage, message", [
    (_truncate, "predictions.csv: "), (_garbage, "predictions.csv: "),
    (_no_median, "predictions.csv: column 'median' is missing"),
], ids=["truncated", "garbage", "no median"])
def test_an_older_run_folders_damaged_predictions_are_one_line(copy, capsys, damage, message):
    out, scan = copy
    meta = json.loads((out / "run.json").read_text())
    del meta["checksums"], meta["json_sha256"]
    (out / "run.json").write_text(json.dumps(meta))
    damage(out / "predictions.csv")
    assert main(["check", str(out), "--scan", str(scan), "--quiet"]) == 2
    assert message in one_line(capsys)


def test_the_python_check_refuses_too(copy):
    out, scan = copy
    _drop_team_in_month_6(out / "predictions.csv")
    with pytest.raises(LloSimError, match="does not match its checksum"):
        check(out, scan)


def test_check_json_records_what_was_checked(plan, tmp_path):
    out, scan = plan
    assert main(["check", str(out), "--scan", str(scan), "--out", str(tmp_path / "c"),
                 "--quiet"]) == 0
    meta = json.loads((tmp_path / "c" / "check.json").read_text())
    assert meta["kind"] == "check" and meta["month"] == 6
    assert set(meta["checksums"]) == {"check.csv", "check.png"}
    assert meta["run"]["run_json_sha256"] and meta["scan"]["sha256"]


# --- an optimisation's evaluations ------------------------------------------------------------------
def _lines(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines(keepends=True)


@pytest.fixture(scope="module")
def whole():
    return search(evaluations=20)


def test_evaluations_carry_the_settings_fingerprint_and_a_checksum(tmp_path):
    search(evaluations=10, out=tmp_path / "opt")
    settings = json.loads((tmp_path / "opt" / "optimise.json").read_text())
    assert settings["kind"] == "optimise" and len(settings["fingerprint"]) == 64
    for line in _lines(tmp_path / "opt" / "evaluations.jsonl"):
        record = json.loads(line)
        assert record["settings"] == settings["fingerprint"] and len(record["sha256"]) == 64


def test_tampered_evaluations_are_run_again_not_adopted(whole, tmp_path):
    """The defect: edited headline values were adopted by --resume."""
    out = tmp_path / "opt"
    search(evaluations=20, out=out)
    lines = _lines(out / "evaluations.jsonl")
    for i in range(0, len(lines), 3):
        record = json.loads(lines[i])
        record["figures"]["headline"] = 0.99
        lines[i] = (json.dumps(record) + "\n").encode()
    (out / "evaluations.jsonl").write_bytes(b"".join(lines))
    CALLS.update(n=0)
    resumed = search(evaluations=20, out=out, resume=True)
    assert CALLS["n"] == (len(lines) + 2) // 3                  # exactly the tampered runs
    assert len(resumed.damaged) == (len(lines) + 2) // 3
    pd.testing.assert_frame_equal(whole.front, resumed.front)
    pd.testing.assert_frame_equal(whole.evaluations, resumed.evaluations)
    CALLS.update(n=0)
    search(evaluations=20, out=out, resume=True)               # the damaged lines are gone
    assert CALLS["n"] == 0


def test_a_non_utf8_byte_in_the_evaluations_is_a_damaged_line(whole, tmp_path):
    """The defect: a traceback (UnicodeDecodeError)."""
    out = tmp_path / "opt"
    search(evaluations=20, out=out)
    lines = _lines(out / "evaluations.jsonl")
    lines[4] = lines[4].replace(b'"mix"', b'"m\xffx"', 1)
    (out / "evaluations.jsonl").write_bytes(b"".join(lines))
    resumed = search(evaluations=20, out=out, resume=True)
    assert len(resumed.damaged) == 1 and "line 5" in resumed.damaged[0]
    pd.testing.assert_frame_equal(whole.front, resumed.front)


def test_the_evaluations_of_another_search_are_refused(tmp_path):
    """The defect: the evaluations.jsonl of a `--months 30` search, put in the folder of
    another, were adopted and gave a different front.csv."""
    search(evaluations=10, out=tmp_path / "a", months=2)
    search(evaluations=10, out=tmp_path / "b")
    (tmp_path / "b" / "evaluations.jsonl").write_bytes(
        (tmp_path / "a" / "evaluations.jsonl").read_bytes())
    CALLS.update(n=0)
    with pytest.raises(LloSimError, match="line 1 is a run of an optimisation with other "
                                          "settings"):
        search(evaluations=10, out=tmp_path / "b", resume=True)
    assert CALLS["n"] == 0


def test_a_damaged_optimise_json_is_one_line(tmp_path, capsys):
    out = tmp_path / "opt"
    out.mkdir()
    (out / "optimise.json").write_bytes(b"{\"settings\": \xff}")
    assert main(["optimise", "--budget", "100", "--out", str(out), "--resume",
                 "--quiet"]) == 2
    assert "optimise.json" in one_line(capsys)


# --- one process per folder ----------------------------------------------------------------------------
def _held(folder: Path):
    """The folder's lock, taken as a running process holds it."""
    fcntl = pytest.importorskip("fcntl")
    folder.mkdir(parents=True, exist_ok=True)
    held = open(folder / ".lock", "w")
    fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return held


def test_a_second_optimisation_into_a_busy_folder_stops_before_running(tmp_path):
    out = tmp_path / "opt"
    search(evaluations=10, out=out)
    CALLS.update(n=0)
    with _held(out):
        with pytest.raises(LloSimError, match="another optimisation is writing here"):
            search(evaluations=20, out=out, resume=True)
    assert CALLS["n"] == 0
    search(evaluations=20, out=out, resume=True)                # free again


def test_a_second_calibration_into_a_busy_folder_stops_before_running(tmp_path, capsys):
    out = tmp_path / "cal"
    with _held(out):
        assert main(["calibrate", "--out", str(out), "--population", "10", "--generations",
                     "1", "--employees", "50", "--months", "24", "--workers", "1"]) == 2
    assert "another calibration is writing here" in one_line(capsys)
    assert sorted(p.name for p in out.iterdir()) == [".lock"]


def test_a_second_discovery_stops_before_reading_the_folder(tmp_path, capsys):
    out = tmp_path / "disc"
    with _held(out):
        assert main(["discover", "integrated", "--against", "budget_only", "--design", "4",
                     "--employees", "60", "--months", "12", "--out", str(out), "--resume",
                     "--quiet"]) == 2
    assert "another discovery is writing here" in one_line(capsys)


# --- options that gave tracebacks or meant something else -----------------------------------------
@pytest.mark.parametrize("args, message", [
    (["--budget", "inf"], "--budget 'inf': expected EUR per employee per year, a finite"),
    (["--budget", "100", "--final-worlds", "0"], "final_worlds = 0 is not allowed"),
])
def test_optimise_refuses_an_infinite_budget_and_zero_final_worlds(tmp_path, capsys, args,
                                                                   message):
    assert main(["optimise", *args, "--out", str(tmp_path / "o"), "--quiet"]) == 2
    assert message in one_line(capsys)
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("args, message", [
    (["--max-minutes", "inf"], "--max-minutes inf"),
    (["--max-minutes", "nan"], "--max-minutes nan"),
    (["--seed", "-1"], "--seed = -1 is not allowed"),
    (["--seed", str(2**32)], f"--seed = {2**32} is not allowed"),
])
def test_calibrate_refuses_bad_minutes_and_seeds_in_one_line(tmp_path, capsys, args, message):
    assert main(["calibrate", *args, "--out", str(tmp_path / "c")]) == 2
    assert message in one_line(capsys)
    assert not (tmp_path / "c").exists()
