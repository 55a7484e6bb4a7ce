"""Sensitivity analysis: Morris and Sobol indices from a sweep, the table, the figure."""

import numpy as np
import pandas as pd
import pytest

import llo_sim
from llo_sim.cli import main
from llo_sim.study.sensitivity import indices, run_sensitivity
from llo_sim.study.sweep.file import load_experiment
from llo_sim.storage.sweep_store import read_table

MORRIS = """\
design = "morris"
samples = 4
levels = 4
months = 8
employees = 80
seed = 4
common_random_numbers = true
measures = ["participation_any", "gini_learning"]

[parameters]
informal_rate = { low = 0.2, high = 3.0 }
tech_shift_size = { low = 0, high = 1 }      # no effect: tech_shift_month stays -1 (none)
budget_procedure = ["leader", "direct"]
"""


def write(tmp_path, text, name="exp.toml"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_morris_finds_the_influential_and_the_idle_parameter(tmp_path):
    result = llo_sim.sensitivity(write(tmp_path, MORRIS), tmp_path / "out", workers=1)
    t = result.table.set_index(["measure", "parameter"])
    assert list(result.table.columns) == ["measure", "parameter", "mu_star", "mu_star_conf",
                                          "mu", "sigma"]
    assert len(t) == 2 * 3
    for measure in ("participation_any", "gini_learning"):
        # with common random numbers a parameter without effect has exactly zero effects
        assert t.loc[(measure, "tech_shift_size"), "mu_star"] == 0
        assert t.loc[(measure, "informal_rate"), "mu_star"] > 0.01
    assert t.loc[("participation_any", "informal_rate"), "mu"] > 0   # more informal learning
    table = pd.read_csv(tmp_path / "out" / "sensitivity.csv")
    assert len(table) == 6
    png = tmp_path / "out" / "sensitivity.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_sobol_indices_from_the_stored_sweep(tmp_path):
    text = MORRIS.replace('"morris"', '"sobol"').replace("samples = 4", "samples = 8")
    path = write(tmp_path, text)
    result = run_sensitivity(path, tmp_path / "out", measures=["participation_any"],
                             workers=2)
    assert result.sweep.runs == 8 * (3 + 2)
    t = result.table.set_index("parameter")
    assert list(result.table.columns) == ["measure", "parameter", "S1", "S1_conf", "ST",
                                          "ST_conf"]
    assert t.loc["tech_shift_size", "ST"] == pytest.approx(0, abs=1e-12)
    assert t.loc["informal_rate", "ST"] > 0.1
    # the analysis reads what is stored: the same indices again, without running anything
    exp = load_experiment(path)
    again = indices(exp, read_table(tmp_path / "out"), ["participation_any"])
    pd.testing.assert_frame_equal(again, result.table)


def test_undefined_measure_gives_nan_indices(tmp_path):
    text = MORRIS.replace('"gini_learning"', '"budget_uptake"')   # no budget holders: NaN
    text = text.replace("[parameters]", "[set]\nbudget_amount = 0\n\n[parameters]")
    result = run_sensitivity(write(tmp_path, text), tmp_path / "out", workers=1)
    t = result.table.set_index(["measure", "parameter"])
    assert np.isnan(t.loc[("budget_uptake", "informal_rate"), "mu_star"])


def test_sensitivity_command(tmp_path, capsys):
    path = write(tmp_path, MORRIS)
    assert main(["sensitivity", str(path), "--out", str(tmp_path / "o"), "--workers",
                 "1"]) == 0
    printed = capsys.readouterr().out
    assert "morris indices" in printed and "informal_rate" in printed
    assert (tmp_path / "o" / "sensitivity.csv").is_file()
    assert (tmp_path / "o" / "summary").is_dir()


@pytest.mark.parametrize("text, expected", [
    (MORRIS.replace('design = "morris"\nsamples = 4\n', 'design = "grid"\n'),
     "sensitivity needs design = 'morris' or 'sobol'"),
    (MORRIS.replace("samples = 4", "samples = 1"), "samples = 1"),
])
def test_sensitivity_bad_input_exits_2(tmp_path, capsys, text, expected):
    path = write(tmp_path, text)
    assert main(["sensitivity", str(path), "--out", str(tmp_path / "o"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert expected in err and str(path) in err


def test_sensitivity_unknown_measure_exits_2(tmp_path, capsys):
    path = write(tmp_path, MORRIS)
    assert main(["sensitivity", str(path), "--out", str(tmp_path / "o"), "--quiet",
                 "--workers", "1", "--measures", "nope"]) == 2
    assert "--measures nope: not kept by" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()          # refused before any run
