"""Every result file records the program that made it (issue 20, point 3): llo-sim's version,
the git commit when run from a source checkout, Python, numpy, pandas, Mesa and the platform
(storage/provenance.py: environment), in run.json, compare.json, sweep.json and check.json."""

import json
import platform
import shutil
import subprocess
from pathlib import Path

import mesa
import numpy
import pandas
import pytest

from llo_sim import api
from llo_sim.cli import main
from llo_sim.storage import provenance
from llo_sim.storage.provenance import environment, package_version

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "zorginstelling"
KEYS = {"llo_sim", "git_commit", "git_changed", "python", "numpy", "pandas", "mesa",
        "platform"}


def test_environment_names_the_versions_of_everything_that_makes_the_numbers():
    env = environment()
    assert set(env) == KEYS
    assert env["llo_sim"] == package_version()
    assert env["python"] == platform.python_version()
    assert (env["numpy"], env["pandas"], env["mesa"]) == (numpy.__version__,
                                                          pandas.__version__, mesa.__version__)
    assert env["platform"] == platform.platform()
    json.dumps(env)                            # plain JSON values


@pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(),
                    reason="not a git checkout")
def test_a_source_checkout_records_its_commit_and_whether_files_changed():
    provenance.git_state.cache_clear()
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True,
                          text=True, check=True).stdout.strip()
    changed = subprocess.run(["git", "-C", str(ROOT), "diff", "--quiet", "HEAD", "--"]
                             ).returncode == 1
    env = environment()
    assert env["git_commit"] == head and env["git_changed"] is changed


def test_an_installed_package_records_no_commit(monkeypatch):
    """Installed (site-packages/llo_sim, no checkout around it): the commit is not known."""
    monkeypatch.setattr(provenance, "checkout_root", lambda: None)
    provenance.git_state.cache_clear()
    try:
        env = environment()
        assert env["git_commit"] is None and env["git_changed"] is None
    finally:
        provenance.git_state.cache_clear()


def test_no_git_on_the_path_is_no_commit_not_an_error(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    provenance.git_state.cache_clear()
    try:
        assert environment()["git_commit"] is None
    finally:
        provenance.git_state.cache_clear()


def test_run_and_compare_json_record_the_environment(tmp_path):
    assert main(["run", "baseline", "--employees", "100", "--months", "3", "--out",
                 str(tmp_path / "run"), "--quiet"]) == 0
    comparison = api.compare(["baseline", "budget_only"], replications=2, months=3,
                             workers=1, n_employees=100)
    comparison.write(tmp_path / "compare", figure=False)
    for path in (tmp_path / "run" / "run.json", tmp_path / "compare" / "compare.json"):
        assert json.loads(path.read_text())["environment"] == environment()


def test_sweep_json_and_every_part_record_the_environment(tmp_path):
    import pyarrow.parquet as pq

    experiment = tmp_path / "tiny.toml"
    experiment.write_text('scenario = "baseline"\ndesign = "grid"\nlevels = 2\n'
                          'replications = 1\nmonths = 3\nemployees = 50\nseed = 1\n'
                          'measures = ["participation_any"]\n\n[parameters]\n'
                          'budget_amount = { low = 0, high = 1000 }\n')
    out = tmp_path / "sweep"
    assert main(["sweep", str(experiment), "--out", str(out), "--workers", "1",
                 "--quiet"]) == 0
    assert json.loads((out / "sweep.json").read_text())["environment"] == environment()
    part = next((out / "summary").glob("part-*.parquet"))
    meta = json.loads(pq.read_schema(part).metadata[b"llo_sim"])
    assert meta["environment"] == environment()


def test_check_json_records_the_environment(tmp_path):
    for name in ("workforce.csv", "teams.csv", "scan_0.csv", "scan_1.csv"):
        shutil.copy(EXAMPLE / name, tmp_path / name)
    plan = tmp_path / "plan"
    assert main(["run", "integrated", "--workforce", str(tmp_path / "workforce.csv"),
                 "--scan", str(tmp_path / "scan_0.csv"), "--months", "12",
                 "--replications", "2", "--out", str(plan), "--quiet"]) == 0
    assert main(["check", str(plan), "--scan", str(tmp_path / "scan_1.csv"), "--quiet"]) == 0
    meta = json.loads((plan / "check-12" / "check.json").read_text())
    assert meta["environment"] == environment()
