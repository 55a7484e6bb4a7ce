"""Result folders are all-or-nothing (docs/reliability.md): run and compare write into a
temporary folder beside --out and put it in place when complete; a non-empty --out needs
--overwrite and is then replaced whole; symbolic links are never followed; a failed write
leaves the old results intact and names the file."""

import errno
import json
import os
import resource
import signal
import subprocess
import sys

import pandas as pd
import pytest

from llo_sim import run
from llo_sim.cli import main
from llo_sim.errors import LloSimError

RUN = ["run", "baseline", "--employees", "60", "--months", "3", "--quiet"]


def cli(*args, **kwargs):
    return subprocess.run([sys.executable, "-m", "llo_sim", *args], capture_output=True,
                          text=True, timeout=300, **kwargs)


def snapshot(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def leftovers(parent):
    return [p.name for p in parent.iterdir() if p.name.startswith(".")]


def test_a_non_empty_out_is_refused_without_overwrite_and_left_alone(tmp_path, capsys):
    out = tmp_path / "out"
    assert main([*RUN, "--out", str(out)]) == 0
    before = snapshot(out)
    assert main([*RUN, "--seed", "7", "--out", str(out)]) == 2
    assert "exists and is not empty; use --overwrite" in capsys.readouterr().err
    assert snapshot(out) == before


def test_overwrite_replaces_the_folder_whole(tmp_path):
    """An old run's files never stay beside the new ones (an earlier run with a first scan
    left start.csv and predictions.csv; here planted)."""
    out = tmp_path / "out"
    assert main([*RUN, "--out", str(out)]) == 0
    (out / "start.csv").write_text("stale")
    (out / "predictions.csv").write_text("stale")
    assert main([*RUN, "--seed", "3", "--out", str(out), "--overwrite"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["groups.csv", "run.json", "run.png",
                                                     "timeseries.csv"]
    assert json.loads((out / "run.json").read_text())["seed"] == 3
    assert leftovers(tmp_path) == []


def test_compare_over_a_comparison_keeps_nothing_of_the_old_one(tmp_path, capsys):
    """The defect: compare --no-figure kept an old comparison.png. (Compare over a run's
    folder, which once kept its run.json, is now refused: tests/test_reliability_overwrite.)"""
    out = tmp_path / "out"
    compare = ["compare", "baseline", "budget_only", "--replications", "2", "--employees",
               "60", "--months", "3", "--workers", "1", "--no-figure", "--quiet",
               "--out", str(out)]
    assert main(compare) == 0
    (out / "comparison.png").write_bytes(b"old")
    assert main([*compare, "--overwrite"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["compare.json", "cost_effectiveness.csv",
                                                     "costs.csv", "differences.csv",
                                                     "groups.csv", "summary.csv",
                                                     "timeseries.csv"]
    assert "note: --overwrite replaces" in capsys.readouterr().err


def test_an_empty_out_name_is_refused(tmp_path):
    proc = cli(*RUN, "--out", "", cwd=tmp_path)
    assert proc.returncode == 2 and "--out '': expected a folder name" in proc.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_symlink_inside_out_is_replaced_not_followed(tmp_path):
    target = tmp_path / "precious.csv"
    target.write_text("do not touch\n")
    out = tmp_path / "out"
    assert main([*RUN, "--out", str(out)]) == 0
    (out / "timeseries.csv").unlink()
    (out / "timeseries.csv").symlink_to(target)
    assert main([*RUN, "--out", str(out), "--overwrite"]) == 0
    assert target.read_text() == "do not touch\n"
    assert not (out / "timeseries.csv").is_symlink()


def test_out_itself_a_symlink_is_refused(tmp_path, capsys):
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    assert main([*RUN, "--out", str(tmp_path / "link"), "--overwrite"]) == 2
    assert "is a symbolic link" in capsys.readouterr().err
    assert list(real.iterdir()) == []


def _disk_full_on(name, monkeypatch):
    """Make writing the file ``name`` fail halfway, as on a full disk."""
    original = pd.DataFrame.to_csv

    def to_csv(self, path=None, *args, **kwargs):
        if path is not None and os.fspath(path).endswith(name):
            with open(path, "w") as fh:
                fh.write("month,participation_any\n0,0.5")        # cut off mid-row
            raise OSError(errno.ENOSPC, "No space left on device")
        return original(self, path, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "to_csv", to_csv)


@pytest.mark.parametrize("name", ["timeseries.csv", "groups.csv"])
def test_a_full_disk_leaves_the_old_results_whole_and_names_the_file(tmp_path, monkeypatch,
                                                                     capsys, name):
    out = tmp_path / "out"
    assert main([*RUN, "--out", str(out)]) == 0
    before = snapshot(out)
    _disk_full_on(name, monkeypatch)
    assert main([*RUN, "--seed", "5", "--out", str(out), "--overwrite"]) == 2
    err = capsys.readouterr().err
    assert f"{out / name}: cannot write (No space left on device); {out} is unchanged" in err
    assert snapshot(out) == before
    assert leftovers(tmp_path) == []


def test_a_real_write_failure_in_a_subprocess_keeps_the_old_results(tmp_path):
    """A file-size limit (RLIMIT_FSIZE) makes the real writer fail partway, as a full disk
    would; no monkeypatching."""
    out = tmp_path / "out"
    assert cli(*RUN, "--out", str(out)).returncode == 0
    before = snapshot(out)

    def small_files():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (1500, 1500))

    proc = subprocess.run([sys.executable, "-m", "llo_sim", *RUN, "--months", "24",
                           "--out", str(out), "--overwrite"], capture_output=True, text=True,
                          timeout=300, preexec_fn=small_files)
    assert proc.returncode == 2, proc.stderr
    assert "cannot write (File too large)" in proc.stderr and str(out) in proc.stderr
    assert "Traceback" not in proc.stderr
    assert snapshot(out) == before
    assert leftovers(tmp_path) == []


def test_an_interrupted_write_leaves_nothing_behind(tmp_path, monkeypatch):
    result = run("baseline", months=2, n_employees=40)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(pd.DataFrame, "to_csv", interrupted)
    with pytest.raises(KeyboardInterrupt):
        result.write(tmp_path / "new")
    assert list(tmp_path.iterdir()) == []


def test_the_api_refuses_a_non_empty_folder_unless_overwrite(tmp_path):
    result = run("baseline", months=2, n_employees=40)
    result.write(tmp_path / "a")
    with pytest.raises(LloSimError, match="not empty; use overwrite=True"):
        result.write(tmp_path / "a")
    result.write(tmp_path / "a", overwrite=True)
    assert (tmp_path / "a" / "run.json").is_file()


def test_an_empty_existing_folder_is_used(tmp_path):
    out = tmp_path / "empty"
    out.mkdir()
    assert main([*RUN, "--out", str(out)]) == 0
    assert (out / "timeseries.csv").is_file()


def test_leftover_temporary_folders_of_dead_processes_are_removed(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    stale = tmp_path / f".out.tmp-{dead}-abcd"
    stale.mkdir()
    (stale / "timeseries.csv").write_text("half")
    assert main([*RUN, "--out", str(tmp_path / "out")]) == 0
    assert not stale.exists()


@pytest.mark.parametrize("where", [".", "..", "~"])
def test_the_current_folder_a_parent_or_home_is_never_replaced(tmp_path, monkeypatch, capsys,
                                                               where):
    work = tmp_path / "work"
    work.mkdir()
    (work / "thesis.tex").write_text("keep")
    monkeypatch.chdir(work)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    out = str(tmp_path / "home") if where == "~" else where
    assert main([*RUN, "--out", out, "--overwrite"]) == 2
    assert "give a folder for the results" in capsys.readouterr().err
    assert (work / "thesis.tex").read_text() == "keep"


def test_results_that_cannot_be_put_in_place_are_kept_beside_out(tmp_path, monkeypatch,
                                                                  capsys):
    """E.g. --out is a mount point (a rename gives EXDEV or EBUSY): the computed results are
    not thrown away."""
    from llo_sim.storage import folders

    out = tmp_path / "out"
    assert main([*RUN, "--out", str(out)]) == 0
    before = snapshot(out)

    def cannot(tmp, target):
        raise OSError(errno.EBUSY, "Device or resource busy", str(target))

    monkeypatch.setattr(folders, "_put_in_place", cannot)
    assert main([*RUN, "--seed", "9", "--out", str(out), "--overwrite"]) == 2
    err = capsys.readouterr().err
    assert "the new results could not be put there (Device or resource busy)" in err
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("out.new-")]
    assert len(kept) == 1 and json.loads((kept[0] / "run.json").read_text())["seed"] == 9
    assert snapshot(out) == before
