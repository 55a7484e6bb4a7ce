"""Calibration targets (llo_sim.study.targets): the shipped file, errors on malformed files, and how
each target's value, band check and distance are computed from a time series."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from llo_sim import build_model
from llo_sim.study.targets import (HOWS, TARGETS_FILE, Target, TargetsError, distance, evaluate,
                             load_targets, targets_hash, value)

GOOD = """\
version = 1

[[target]]
id = "A"
pattern = "p"
figure = "f"
source = "s"
measure = "participation_formal"
how = "yearly"
low = 0.4
high = 0.6
"""


def target(measure="participation_formal", how="yearly", low=0.4, high=0.6, id="X"):
    return Target(id=id, pattern="", figure="", source="", measure=measure, how=how, low=low,
                  high=high)


def series(values, name="participation_formal", **more):
    """A time series with months 0, 1, ... and the given column(s)."""
    return pd.DataFrame({"month": np.arange(len(values)), name: values, **more})


# --- the shipped file ----------------------------------------------------------------------------
def test_the_shipped_targets_are_well_formed_and_name_model_columns():
    targets = load_targets()
    ids = [t.id for t in targets]
    assert len(ids) == len(set(ids)) >= 10
    assert {f"T{k}" for k in range(1, 11)} <= {i.rstrip("abc") for i in ids}
    columns = set(build_model("baseline", seed=1, n_employees=30, agents=False,
                              spinup_months=0).timeseries().columns)
    for t in targets:
        assert t.how in HOWS and t.low < t.high, t.id
        assert t.measure in columns or t.measure == "traits", t.id
        assert t.source and t.pattern, t.id
    assert len(targets_hash()) == 64 and targets_hash() == targets_hash(TARGETS_FILE)


# --- malformed files -----------------------------------------------------------------------------
@pytest.mark.parametrize("text, words", [
    ("[[target]\nid = 1", "cannot read"),                                   # not TOML
    ("version = 1\n", "[[target]]"),                                         # no targets
    ("target = 3\n", "[[target]]"),                                          # not a table list
    (GOOD.replace('measure = "participation_formal"\n', ""), "measure"),     # a key missing
    (GOOD.replace('how = "yearly"', 'how = "monthly"'), "monthly"),          # unknown how
    (GOOD.replace("high = 0.6", "high = 0.4"), "low < high"),                # empty band
    (GOOD.replace("low = 0.4", 'low = "0.4"'), "low < high"),                # not a number
])
def test_a_malformed_targets_file_is_refused_naming_the_file(tmp_path, text, words):
    path = tmp_path / "my_targets.toml"
    path.write_text(text)
    with pytest.raises(TargetsError) as err:
        load_targets(path)
    assert str(path) in str(err.value)
    assert words in str(err.value)
    assert isinstance(err.value, ValueError)


def test_a_missing_targets_file_is_refused_naming_it(tmp_path):
    path = tmp_path / "nowhere.toml"
    with pytest.raises(TargetsError, match="nowhere.toml"):
        load_targets(path)


def test_a_good_file_gives_its_targets(tmp_path):
    path = tmp_path / "t.toml"
    path.write_text(GOOD + GOOD.replace('id = "A"', 'id = "B"').replace("version = 1\n", ""))
    targets = load_targets(path)
    assert [t.id for t in targets] == ["A", "B"]
    assert targets[0] == Target(id="A", pattern="p", figure="f", source="s",
                                measure="participation_formal", how="yearly", low=0.4,
                                high=0.6)
    assert targets_hash(path) != targets_hash()


# --- values, bands, distances --------------------------------------------------------------------
def test_distance_is_zero_inside_and_band_widths_outside():
    t = target(low=0.4, high=0.6)
    for v in (0.4, 0.5, 0.6):
        assert t.distance(v) == 0.0
    assert t.distance(0.7) == pytest.approx(0.5)          # 0.1 above, width 0.2
    assert t.distance(0.0) == pytest.approx(2.0)          # 0.4 below
    assert t.distance(float("nan")) == 10.0


def test_how_a_value_is_read_from_the_months():
    values = np.linspace(0.0, 0.36, 37)                    # month m has m / 100
    ts = series(values)
    # yearly: the mean over months 12, 24, 36 (the survey rounds after month 0)
    assert value(target(how="yearly"), ts) == pytest.approx((0.12 + 0.24 + 0.36) / 3)
    # month0: the warm start
    assert value(target(how="month0"), ts) == 0.0
    # drift of a 12-month measure: its change over the survey rounds (months 12-36)
    assert value(target(how="drift"), ts) == pytest.approx(0.36 - 0.12)
    # drift of other measures: from month 0 on
    other = series(values, name="locus")
    assert value(target(measure="locus", how="drift"), other) == pytest.approx(0.36)
    # drift is a trend: month-to-month noise around a level is no drift
    noisy = series(0.5 + 0.05 * (-1.0) ** np.arange(37))
    assert value(target(how="drift"), noisy) == pytest.approx(0.0, abs=1e-12)
    # shorter than a year: yearly falls back on the last month
    assert value(target(how="yearly"), series([0.1, 0.2, 0.3])) == pytest.approx(0.3)


def test_the_traits_target_is_the_largest_drift_of_the_three_traits():
    months = np.arange(25)
    ts = pd.DataFrame({"month": months, "locus": 0.5 + 0.001 * months,
                       "curiosity": 0.5 - 0.002 * months, "efficacy": np.full(25, 0.5)})
    assert value(target(measure="traits", how="drift"), ts) == pytest.approx(0.048)
    # a run too short to show a drift gives no value (NaN: the largest distance, 10)
    short = ts[ts["month"] < 12]
    drift = value(target(measure="traits", how="drift"), short)
    assert math.isnan(drift) and target().distance(drift) == 10.0


def test_a_target_whose_column_is_missing_names_it():
    with pytest.raises(TargetsError, match="no_such_measure"):
        value(target(measure="no_such_measure", id="T99"), series([0.5]))


def test_evaluate_gives_one_row_per_target_and_zero_distance_inside():
    ts = series(np.full(25, 0.5), share_no_formal_5y=np.full(25, 0.9))
    targets = [target(id="in", low=0.4, high=0.6),
               target(id="edge", low=0.5, high=0.7),
               target(id="out", measure="share_no_formal_5y", low=0.1, high=0.5)]
    table = evaluate(ts, targets)
    assert list(table.columns) == ["id", "measure", "low", "high", "value", "inside",
                                   "distance"]
    assert list(table["id"]) == ["in", "edge", "out"]
    assert list(table["inside"]) == [True, True, False]
    assert list(table["distance"]) == pytest.approx([0.0, 0.0, 1.0])
    assert (table["inside"] == (table["distance"] == 0)).all()
    assert distance(ts, targets) == pytest.approx(1.0)
    assert distance(ts, targets[:2]) == 0.0


def test_evaluate_on_a_model_run_covers_every_shipped_target():
    m = build_model("baseline", seed=2, n_employees=300, agents=False, spinup_months=24)
    for _ in range(24):
        m.step()
    ts = m.timeseries()
    table = evaluate(ts)
    targets = load_targets()
    assert list(table["id"]) == [t.id for t in targets]
    assert table["value"].notna().all(), table[table["value"].isna()]
    assert (table["distance"] >= 0).all()
    assert (table["inside"] == (table["distance"] == 0)).all()
    assert distance(ts) == pytest.approx(table["distance"].sum())
    assert not math.isnan(distance(ts))


def test_the_headline_is_the_calibrated_learning_a_lot():
    """One honest headline (issue 18): the measure every output leads with is the one
    calibrated to the survey's 'about 40% say they learn a lot' (T4b)."""
    from llo_sim.engine.measures import HEADLINE

    t4b = next(t for t in load_targets() if t.id == "T4b")
    assert t4b.measure == HEADLINE == "share_learning_a_lot"
    assert t4b.low <= 0.40 <= t4b.high
