"""Sweep integrity (docs/reliability.md): parts carry the sweep's fingerprint and a checksum;
a sweep never adopts another's parts; damaged parts are run again, not counted done; reading
names damaged parts in one line. (A killed sweep leaves no process behind:
test_reliability_processes.py.)"""

import errno
import json
import os
import subprocess
import sys

import pandas as pd
import pytest

from llo_sim.cli import main
from llo_sim.errors import LloSimError
from llo_sim.storage.sweep_store import read_table
from llo_sim.study.sweep.run import run_sweep

GRID = """\
design = "grid"
levels = 3
replications = 2
months = 6
employees = 60
seed = 5
batch_size = 2
measures = ["participation_any", "gini_learning"]

[parameters]
informal_rate = { low = 0.5, high = 2.5 }
budget_procedure = ["leader", "direct"]
"""

MORRIS = """\
design = "morris"
samples = 3
months = 6
employees = 60
seed = 4
batch_size = 2
measures = ["participation_any"]

[parameters]
informal_rate = { low = 0.2, high = 3.0 }
budget_amount = { low = 0, high = 2000 }
"""


def write(tmp_path, text, name="exp.toml"):
    path = tmp_path / name
    path.write_text(text)
    return path


def parts(out, table="summary"):
    return sorted((out / table).glob("part-*.parquet"))


@pytest.fixture
def swept(tmp_path):
    path = write(tmp_path, GRID)
    out = tmp_path / "out"
    run_sweep(path, out, workers=1)
    return path, out, {t: read_table(out, t) for t in ("summary", "timeseries")}


def test_a_sweep_never_adopts_another_definitions_parts(swept, tmp_path, capsys):
    """The defect: with sweep.json deleted, a sweep with seed 12 reused every part."""
    _, out, _ = swept
    (out / "sweep.json").unlink()
    other = write(tmp_path, GRID.replace("seed = 5", "seed = 12"), "other.toml")
    assert main(["sweep", str(other), "--out", str(out), "--quiet", "--workers", "1"]) == 2
    err = capsys.readouterr().err
    assert "written by a different sweep definition" in err and len(err.splitlines()) == 1
    assert not (out / "sweep.json").exists()        # not rebuilt from foreign parts


def test_sweep_json_is_rebuilt_only_from_matching_parts(swept):
    path, out, before = swept
    (out / "sweep.json").unlink()
    again = run_sweep(path, out, workers=1)
    assert (again.ran, again.skipped) == (0, 12)
    assert json.loads((out / "sweep.json").read_text())["status"] == "complete"


def _truncate(p):
    p.write_bytes(p.read_bytes()[: p.stat().st_size // 2])


def _empty(p):
    p.write_bytes(b"")


def _flip_a_bit_in_the_data(p):
    """Flip the first bit, from the start of the data pages on, that changes what the file
    says (some bits, e.g. in statistics or padding, change nothing)."""
    from llo_sim.storage.sweep_store import DamagedPart, verify_part

    good = p.read_bytes()
    for offset in range(4, len(good) - 8):
        data = bytearray(good)
        data[offset] ^= 0x01
        p.write_bytes(bytes(data))
        try:
            verify_part(p, p.parent.name)
        except DamagedPart:
            return
    raise AssertionError("no bit flip was detected")


@pytest.mark.parametrize("damage", [_truncate, _empty, _flip_a_bit_in_the_data],
                         ids=["truncated", "emptied", "bit-flipped"])
@pytest.mark.parametrize("table", ["summary", "timeseries"])
def test_a_damaged_part_is_run_again_not_counted_done(swept, capsys, damage, table):
    path, out, before = swept
    damage(parts(out, table)[1])
    with pytest.raises(LloSimError, match=rf"{table}: 1 damaged part\(s\): part-00001"):
        read_table(out, table)
    assert main(["sweep", str(path), "--out", str(out), "--workers", "1"]) == 0
    captured = capsys.readouterr()
    assert "2 run now, 10 already done" in captured.out
    assert f"1 damaged part(s) found and run again: {table}/part-00001.parquet" in captured.err
    for t, frame in before.items():
        pd.testing.assert_frame_equal(read_table(out, t), frame)


def test_every_possible_single_bit_flip_region_is_caught(swept):
    """Flip one bit at many places of a part: reading either fails or gives the same rows;
    it never gives other numbers silently."""
    _, out, before = swept
    part = parts(out, "timeseries")[0]
    good = part.read_bytes()
    for offset in range(4, len(good) - 8, max(1, len(good) // 60)):
        data = bytearray(good)
        data[offset] ^= 0x01
        part.write_bytes(bytes(data))
        try:
            frame = read_table(out, "timeseries")
        except LloSimError as exc:
            assert "damaged part" in str(exc)
        else:
            pd.testing.assert_frame_equal(frame, before["timeseries"])
    part.write_bytes(good)


def test_sensitivity_on_a_damaged_part_reruns_it(tmp_path, capsys):
    path = write(tmp_path, MORRIS)
    out = tmp_path / "out"
    assert main(["sensitivity", str(path), "--out", str(out), "--workers", "1",
                 "--quiet"]) == 0
    table = (out / "sensitivity.csv").read_bytes()
    _truncate(parts(out)[0])
    assert main(["sensitivity", str(path), "--out", str(out), "--workers", "1",
                 "--quiet"]) == 0
    assert "damaged part(s) found and run again" in capsys.readouterr().err
    assert (out / "sensitivity.csv").read_bytes() == table


@pytest.mark.parametrize("text", ["{ not json", "[1, 2]", '{"fingerprint": 3}', "\xff\xfe"])
def test_a_damaged_sweep_json_is_a_one_line_error(swept, capsys, text):
    path, out, _ = swept
    (out / "sweep.json").write_bytes(text.encode("latin-1"))
    assert main(["sweep", str(path), "--out", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "sweep.json" in err and "remove it" in err


def test_a_damaged_sweep_json_in_a_subprocess_has_no_traceback(swept):
    path, out, _ = swept
    (out / "sweep.json").write_text("[]")
    proc = subprocess.run([sys.executable, "-m", "llo_sim", "sweep", str(path), "--out",
                           str(out), "--quiet"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr


def test_a_folder_that_is_not_a_sweep_is_refused_also_with_overwrite(tmp_path, capsys):
    """--overwrite once emptied a folder of files llo-sim did not write (issue 17)."""
    path = write(tmp_path, GRID)
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.tex").write_text("months of work")
    assert main(["sweep", str(path), "--out", str(out), "--quiet"]) == 2
    assert "is not a sweep folder" in capsys.readouterr().err
    assert (out / "thesis.tex").exists()
    assert main(["sweep", str(path), "--out", str(out), "--quiet", "--workers", "1",
                 "--overwrite"]) == 2
    assert "is not a folder of llo-sim's results (it holds thesis.tex)" in (
        capsys.readouterr().err)
    assert (out / "thesis.tex").exists() and not parts(out)
    with pytest.raises(LloSimError, match="overwrite=True replaces only a sweep's folder"):
        run_sweep(path, out, workers=1, overwrite=True)
    assert (out / "thesis.tex").exists()


def test_overwrite_starts_another_definition_afresh(swept, tmp_path):
    _, out, _ = swept
    other = write(tmp_path, GRID.replace("seed = 5", "seed = 12"), "other.toml")
    result = run_sweep(other, out, workers=1, overwrite=True)
    assert (result.ran, result.skipped) == (12, 0)


def test_a_full_disk_during_a_sweep_names_the_part(tmp_path, monkeypatch, capsys):
    import pyarrow.parquet as pq

    path = write(tmp_path, GRID)
    out = tmp_path / "out"
    original, calls = pq.write_table, []

    def write_table(table, where, **kwargs):
        calls.append(1)
        if len(calls) == 5:                                   # the third batch's time series
            raise OSError(errno.ENOSPC, "No space left on device")
        return original(table, where, **kwargs)

    monkeypatch.setattr(pq, "write_table", write_table)
    assert main(["sweep", str(path), "--out", str(out), "--quiet", "--workers", "1"]) == 2
    err = capsys.readouterr().err
    assert f"{out / 'timeseries' / 'part-00002.parquet'}: cannot write (No space left" in err
    assert not list(out.rglob("*.tmp"))
    monkeypatch.undo()
    assert run_sweep(path, out, workers=1).skipped == 4


def test_a_symlink_planted_as_the_lock_is_not_followed(tmp_path):
    path = write(tmp_path, GRID)
    out = tmp_path / "out"
    out.mkdir()
    target = tmp_path / "precious"
    target.write_text("keep")
    (out / ".lock").symlink_to(target)
    with pytest.raises(LloSimError, match=r"\.lock: cannot be opened"):
        run_sweep(path, out, workers=1)
    assert target.read_text() == "keep"


def test_experiment_months_are_capped(tmp_path, capsys):
    path = write(tmp_path, GRID.replace("months = 6", "months = 1000000000"))
    assert main(["sweep", str(path), "--out", str(tmp_path / "o"), "--quiet"]) == 2
    assert "months = 1000000000 is not allowed; expected 1 to 1,200 months" in (
        capsys.readouterr().err)


@pytest.mark.parametrize("out, expected", [("", "--out '': expected a folder name"),
                                           ("link", "is a symbolic link")])
def test_sweep_out_is_checked_like_run(tmp_path, capsys, out, expected):
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    path = write(tmp_path, GRID)
    target = out if out == "" else str(tmp_path / out)
    assert main(["sweep", str(path), "--out", target, "--quiet"]) == 2
    assert expected in capsys.readouterr().err
    assert list((tmp_path / "real").iterdir()) == []


def test_a_sweep_into_a_writable_folder_of_a_read_only_parent_works(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root can write anywhere")
    parent = tmp_path / "ro"
    (parent / "sweep").mkdir(parents=True)
    parent.chmod(0o555)
    try:
        assert main(["sweep", str(write(tmp_path, GRID)), "--out", str(parent / "sweep"),
                     "--workers", "1", "--quiet"]) == 0
    finally:
        parent.chmod(0o755)


def test_sensitivity_files_are_replaced_together_or_not_at_all(tmp_path, monkeypatch,
                                                                capsys):
    import contextlib

    from llo_sim.storage import sweep_store

    path = write(tmp_path, MORRIS)
    out = tmp_path / "out"
    assert main(["sensitivity", str(path), "--out", str(out), "--workers", "1",
                 "--quiet"]) == 0
    before = {f: (out / f).read_bytes() for f in ("sensitivity.csv", "sensitivity.png",
                                                   "sensitivity.svg")}
    real = sweep_store.atomic_file

    @contextlib.contextmanager
    def full_disk(where):
        with real(where) as fh:
            if where.name == "sensitivity.svg":      # the last of the three
                raise OSError(errno.ENOSPC, "No space left on device")
            yield fh

    monkeypatch.setattr(sweep_store, "atomic_file", full_disk)
    assert main(["sensitivity", str(path), "--out", str(out), "--workers", "1", "--quiet",
                 "--measures", "participation_any"]) == 2
    monkeypatch.undo()
    assert "sensitivity.svg: cannot write (No space left on device)" in capsys.readouterr().err
    assert {f: (out / f).read_bytes() for f in before} == before
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
