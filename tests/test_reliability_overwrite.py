"""Nothing the user gave is ever deleted (issue 17, point 2; docs/reliability.md): ``--out``
may not be or hold an input of the command (workforce, teams, scan, scenario, experiment,
ensemble, priors and targets files, the run folder ``check`` reads), and ``--overwrite``
replaces only a folder that is recognisably llo-sim's result of the same kind, naming
whatever else it holds in one line."""

import json
import shutil
from pathlib import Path

import pytest

from llo_sim import run
from llo_sim.cli import main
from llo_sim.errors import LloSimError
from llo_sim.own import run_own

EXAMPLE = Path(__file__).parents[1] / "examples" / "zorginstelling"
RUN = ["run", "baseline", "--employees", "60", "--months", "2", "--quiet"]
OWN = ["--months", "2", "--replications", "1", "--quiet"]
COMPARE = ["compare", "baseline", "budget_only", "--replications", "2", "--employees", "60",
           "--months", "2", "--workers", "1", "--no-figure", "--quiet"]
GRID = """\
design = "grid"
levels = 2
replications = 1
months = 2
employees = 40
seed = 5
measures = ["participation_any"]

[parameters]
informal_rate = { low = 0.5, high = 2.5 }
"""


def snapshot(folder: Path) -> dict:
    """Every file under ``folder`` (relative name -> bytes)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def one_line(capsys) -> str:
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    return err


@pytest.fixture
def data(tmp_path):
    """A folder D with the organisation's files, as an adviser keeps them."""
    d = tmp_path / "D"
    d.mkdir()
    for name in ("workforce.csv", "teams.csv", "scan_0.csv", "scan_1.csv"):
        shutil.copy(EXAMPLE / name, d / name)
    return d


# --- the inputs are never inside --out ----------------------------------------------------------
@pytest.mark.parametrize("overwrite", [[], ["--overwrite"]])
def test_run_into_the_folder_of_its_inputs_is_refused(data, capsys, overwrite):
    """The defect: `run baseline --workforce D/workforce.csv --scan D/scan_0.csv --out D
    --overwrite` removed the workforce, teams and scan files."""
    before = snapshot(data)
    code = main(["run", "baseline", "--workforce", str(data / "workforce.csv"), "--teams",
                 str(data / "teams.csv"), "--scan", str(data / "scan_0.csv"), *OWN,
                 "--out", str(data), *overwrite])
    assert code == 2
    err = one_line(capsys)
    assert f"--out {data}: holds {data / 'workforce.csv'}" in err and "reads" in err
    assert snapshot(data) == before


def test_run_into_a_folder_above_its_scenario_file_is_refused(tmp_path, capsys):
    work = tmp_path / "work"
    (work / "scenarios").mkdir(parents=True)
    mine = work / "scenarios" / "mine.toml"
    mine.write_text('extends = "baseline"\n[parameters]\nbudget_amount = 500\n')
    assert main(["run", str(mine), "--employees", "60", "--months", "2", "--quiet", "--out",
                 str(work), "--overwrite"]) == 2
    assert "mine.toml, which this command reads" in one_line(capsys)
    assert mine.is_file()


def test_the_api_never_writes_a_run_over_its_own_inputs(data):
    result = run_own("baseline", workforce=data / "workforce.csv", months=1)
    before = snapshot(data)
    with pytest.raises(LloSimError, match="which this command reads"):
        result.write(data, overwrite=True)
    assert snapshot(data) == before


@pytest.fixture
def plan(tmp_path):
    """out/plan: an own organisation's run with predictions, as `check` reads it."""
    out = tmp_path / "out" / "plan"
    assert main(["run", "baseline", "--workforce", str(EXAMPLE / "workforce.csv"), "--scan",
                 str(EXAMPLE / "scan_0.csv"), "--months", "12", "--replications", "1",
                 "--quiet", "--out", str(out)]) == 0
    return out


@pytest.mark.parametrize("where", ["plan", "out"])
def test_check_never_replaces_the_run_it_reads(plan, capsys, where):
    """The defect: `check out/plan --scan s1.csv --out out/plan --overwrite` replaced the run
    with check.csv; `--out out` would delete out/plan."""
    out = plan if where == "plan" else plan.parent
    before = snapshot(plan)
    assert main(["check", str(plan), "--scan", str(EXAMPLE / "scan_1.csv"), "--out", str(out),
                 "--overwrite", "--quiet"]) == 2
    assert f"--out {out}:" in one_line(capsys)
    assert snapshot(plan) == before


def test_check_writes_beside_the_run_by_default_and_replaces_its_own_check(plan):
    scan = str(EXAMPLE / "scan_1.csv")
    assert main(["check", str(plan), "--scan", scan, "--quiet"]) == 0
    assert main(["check", str(plan), "--scan", scan, "--quiet", "--overwrite"]) == 0
    assert sorted(p.name for p in (plan / "check-12").iterdir()) == ["check.csv", "check.json",
                                                                     "check.png"]
    assert json.loads((plan / "check-12" / "check.json").read_text())["kind"] == "check"


def test_sweep_overwrite_never_deletes_the_experiment_file(tmp_path, capsys):
    """The defect: `sweep x/exp.toml --out x --overwrite` deleted the experiment file."""
    x = tmp_path / "x"
    x.mkdir()
    (x / "exp.toml").write_text(GRID)
    assert main(["sweep", str(x / "exp.toml"), "--out", str(x), "--overwrite", "--workers",
                 "1", "--quiet"]) == 2
    assert f"holds {x / 'exp.toml'}, which this command reads" in one_line(capsys)
    assert (x / "exp.toml").read_text() == GRID


def test_compare_never_deletes_its_ensemble_file(tmp_path, capsys):
    from llo_sim.study.ensemble import ENSEMBLE_FILE

    out = tmp_path / "c"
    out.mkdir()
    shutil.copy(ENSEMBLE_FILE, out / "ensemble.json")
    assert main([*COMPARE, "--ensemble", str(out / "ensemble.json"), "--out", str(out),
                 "--overwrite"]) == 2
    assert "ensemble.json, which this command reads" in one_line(capsys)
    assert (out / "ensemble.json").is_file()


@pytest.mark.parametrize("flag", ["--priors", "--targets"])
def test_calibrate_never_writes_where_its_priors_or_targets_are(tmp_path, capsys, flag):
    from llo_sim.study.priors import PRIORS_FILE
    from llo_sim.study.targets import TARGETS_FILE

    mine = tmp_path / "cal" / "mine.toml"
    mine.parent.mkdir()
    shutil.copy(PRIORS_FILE if flag == "--priors" else TARGETS_FILE, mine)
    assert main(["calibrate", flag, str(mine), "--out", str(mine.parent)]) == 2
    assert "mine.toml, which this command reads" in one_line(capsys)
    assert sorted(p.name for p in mine.parent.iterdir()) == ["mine.toml"]


# --- --overwrite replaces only llo-sim's result of the same kind --------------------------------
def test_overwrite_refuses_a_folder_that_holds_another_run(tmp_path, capsys):
    """The defect: `--out out --overwrite` deleted out/plan (a run folder nested in out)."""
    out = tmp_path / "out"
    assert main([*RUN, "--out", str(out / "plan")]) == 0
    assert main([*COMPARE, "--out", str(out / "compare")]) == 0
    before = snapshot(out)
    assert main([*RUN, "--seed", "4", "--out", str(out), "--overwrite"]) == 2
    err = one_line(capsys)
    assert "compare/" in err and "plan/" in err and "other results" in err
    assert snapshot(out) == before


def test_overwrite_refuses_files_llo_sim_did_not_write_and_names_them(tmp_path, capsys):
    out = tmp_path / "out"
    assert main([*RUN, "--out", str(out)]) == 0
    (out / "notes.txt").write_text("my notes")
    before = snapshot(out)
    assert main([*RUN, "--seed", "3", "--out", str(out), "--overwrite"]) == 2
    err = one_line(capsys)
    assert "notes.txt" in err and "--overwrite would remove" in err
    assert snapshot(out) == before


def test_overwrite_refuses_a_folder_without_llo_sims_results(tmp_path, capsys):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.tex").write_text("months of work")
    assert main([*RUN, "--out", str(out), "--overwrite"]) == 2
    err = one_line(capsys)
    assert "is not a folder of llo-sim's results" in err and "thesis.tex" in err
    assert (out / "thesis.tex").read_text() == "months of work"


def test_overwrite_refuses_a_result_of_another_kind(tmp_path, capsys):
    out = tmp_path / "out"
    assert main([*RUN, "--out", str(out)]) == 0
    before = snapshot(out)
    assert main([*COMPARE, "--out", str(out), "--overwrite"]) == 2
    assert "holds a run (run.json), not a comparison" in one_line(capsys)
    assert snapshot(out) == before


def test_overwrite_replaces_a_result_of_the_same_kind_whole(tmp_path, capsys):
    out = tmp_path / "out"
    assert main([*COMPARE, "--out", str(out)]) == 0
    (out / "comparison.png").write_bytes(b"an old figure")     # written by an earlier compare
    assert main([*COMPARE, "--seed", "2", "--out", str(out), "--overwrite"]) == 0
    assert "comparison.png" not in {p.name for p in out.iterdir()}
    assert json.loads((out / "compare.json").read_text())["seed"] == 2
    # an own organisation's run replaced by a plain run keeps none of its files
    own = tmp_path / "own"
    assert main(["run", "baseline", "--workforce", str(EXAMPLE / "workforce.csv"), "--scan",
                 str(EXAMPLE / "scan_0.csv"), *OWN, "--out", str(own)]) == 0
    assert main([*RUN, "--out", str(own), "--overwrite"]) == 0
    assert sorted(p.name for p in own.iterdir()) == ["groups.csv", "run.json", "run.png",
                                                     "timeseries.csv"]


def test_a_folder_of_an_older_llo_sim_is_still_recognised(tmp_path):
    """Folders written before the kind and the checksums were recorded stay replaceable."""
    out = tmp_path / "out"
    result = run("baseline", months=1, n_employees=40)
    result.write(out)
    meta = json.loads((out / "run.json").read_text())
    for key in ("kind", "checksums", "json_sha256"):
        meta.pop(key, None)
    (out / "run.json").write_text(json.dumps(meta))
    result.write(out, overwrite=True)
    assert json.loads((out / "run.json").read_text())["kind"] == "run"


def test_a_check_of_an_older_llo_sim_is_replaced_by_a_check(plan):
    old = plan / "check-12"
    old.mkdir()
    (old / "check.csv").write_text("team,verdict\n")          # a check before check.json
    assert main(["check", str(plan), "--scan", str(EXAMPLE / "scan_1.csv"), "--quiet",
                 "--overwrite"]) == 0
    assert (old / "check.json").is_file()


def test_the_kinds_list_every_file_their_writers_write():
    from llo_sim.own.run import OwnRunResult
    from llo_sim.storage.kinds import KINDS

    assert set(OwnRunResult.tables(OwnRunResult("x", 0, 0, {}, None, None))) < KINDS["run"].files


def test_sweep_overwrite_refuses_a_folder_that_is_not_a_sweep(tmp_path, capsys):
    path = tmp_path / "exp.toml"
    path.write_text(GRID)
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.tex").write_text("months of work")
    assert main(["sweep", str(path), "--out", str(out), "--quiet", "--workers", "1",
                 "--overwrite"]) == 2
    assert "thesis.tex" in one_line(capsys)
    assert (out / "thesis.tex").exists()
