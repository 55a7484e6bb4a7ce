"""Inequality measures (docs/measures.md): Theil T and its decomposition, participation ratios
between groups, and the shares of the Broek groups."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from llo_sim import build_model
from llo_sim.engine.measures import (BROEK_GROUPS, broek_shares, gini_of_counts, gini_of_histogram,
                              group_table, histograms, level_counts, participation_ratio,
                              static_cells, theil_decomposition, theil_of_histograms)

RATIOS = {  # column: (dimension, numerator level, denominator level)
    "ratio_practical_theoretical": ("education", "practical", "theoretical"),
    "ratio_old_young": ("age", "55+", "<35"),
    "ratio_flex_permanent": ("contract", "flex", "permanent"),
}


# --- Theil T --------------------------------------------------------------------------------------
def _theil_brute(x: np.ndarray) -> float:
    """(1/N) sum (x_i/mu) ln(x_i/mu), one person at a time, 0 ln 0 = 0, 0 when mu = 0."""
    mu = x.mean()
    if mu == 0:
        return 0.0
    return sum((v / mu) * math.log(v / mu) for v in x if v > 0) / len(x)


def _decomposition_brute(x: np.ndarray, g: np.ndarray) -> tuple[float, float]:
    """between = sum_g s_g ln(mu_g/mu), within = sum_g s_g T_g, one group at a time."""
    total = x.sum()
    if total == 0:
        return 0.0, 0.0
    mu = x.mean()
    between = within = 0.0
    for k in np.unique(g):
        xg = x[g == k]
        if xg.sum() == 0:
            continue
        s = xg.sum() / total
        between += s * math.log(xg.mean() / mu)
        within += s * _theil_brute(xg)
    return between, within


people = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 3)), min_size=1, max_size=80)


@settings(max_examples=300, deadline=None)
@given(people)
def test_theil_equals_brute_force_and_decomposes_exactly(pairs):
    x = np.array([c for c, _ in pairs], dtype=np.int32)
    g = np.array([k for _, k in pairs])
    total, between, within = theil_decomposition(x, g)
    assert total == pytest.approx(_theil_brute(x.astype(float)), rel=1e-9, abs=1e-12)
    b, w = _decomposition_brute(x.astype(float), g)
    assert between == pytest.approx(b, rel=1e-9, abs=1e-12)
    assert within == pytest.approx(w, rel=1e-9, abs=1e-12)
    assert between + within == pytest.approx(total, rel=1e-9, abs=1e-12)
    assert -1e-12 <= total <= math.log(len(x)) + 1e-12      # 0 <= T <= ln N
    assert between >= -1e-12 and within >= -1e-12


def test_theil_on_seeded_random_arrays_like_the_model():
    rng = np.random.default_rng(7)
    for _ in range(50):
        n = int(rng.integers(1, 500))
        x = rng.poisson(rng.uniform(0, 8), size=n).astype(np.int32)
        x[rng.random(n) < rng.uniform(0, 0.8)] = 0         # many who never learn
        g = (rng.random(n) < 0.4).astype(np.intp)           # two education levels
        total, between, within = theil_decomposition(x, g)
        assert total == pytest.approx(_theil_brute(x.astype(float)), rel=1e-9, abs=1e-12)
        assert between + within == pytest.approx(total, rel=1e-9, abs=1e-12)


def test_theil_extremes():
    assert theil_decomposition(np.full(9, 4), np.arange(9) % 2) == (0.0, 0.0, 0.0)
    assert theil_decomposition(np.full(5, 1), np.zeros(5, int)) == (0.0, 0.0, 0.0)
    assert theil_decomposition(np.zeros(6, int), np.arange(6) % 3) == (0.0, 0.0, 0.0)
    one = np.zeros(10, int)
    one[3] = 7                                              # one person did all the learning
    total, between, within = theil_decomposition(one, np.zeros(10, int))
    assert total == pytest.approx(math.log(10))
    assert between == 0.0 and within == pytest.approx(total)
    # equal within groups, different between: all inequality is between groups
    x = np.array([2, 2, 2, 6, 6])
    total, between, within = theil_decomposition(x, np.array([0, 0, 0, 1, 1]))
    assert within == pytest.approx(0.0, abs=1e-15) and between == pytest.approx(total)


@settings(max_examples=100, deadline=None)
@given(people)
def test_histograms_and_gini_of_histogram(pairs):
    x = np.array([c for c, _ in pairs], dtype=np.int32)
    g = np.array([k for _, k in pairs], dtype=np.intp)
    h = histograms(x, g, 4, n_values=3)
    assert h.shape[0] == 4 and h.shape[1] >= 3
    for k in range(4):
        np.testing.assert_array_equal(h[k], np.bincount(x[g == k], minlength=h.shape[1]))
    assert gini_of_histogram(h.sum(axis=0)) == gini_of_counts(x)


# --- ratios and Broek shares on a hand-made state -------------------------------------------------
def _table(theoretical, age_band, flex, in_position, learning):
    n = len(theoretical)
    workforce = SimpleNamespace(theoretical=np.array(theoretical, bool),
                                age_band=np.array(age_band, np.int8), flex=np.array(flex, bool))
    off = np.zeros(n, bool)
    return group_table(static_cells(workforce), np.array(in_position, bool),
                       np.array(learning, bool), off, off, off, off)


def test_ratios_and_shares_on_a_hand_made_state():
    # eight people: education, age band, contract, position, learning (last 12 months)
    theoretical = [0, 0, 0, 0, 1, 1, 1, 1]
    age_band = [0, 0, 1, 2, 0, 1, 2, 2]
    flex = [1, 0, 0, 0, 1, 0, 0, 0]
    in_position = [0, 0, 1, 1, 1, 1, 1, 0]
    learning = [1, 0, 0, 1, 1, 1, 1, 0]
    c = level_counts(_table(theoretical, age_band, flex, in_position, learning))
    # practical 2/4, theoretical 3/4
    assert participation_ratio(c, "education", "practical", "theoretical") == pytest.approx(
        (2 / 4) / (3 / 4))
    # 55+: people 3, 6, 7 -> 2/3; <35: people 0, 1, 4 -> 2/3
    assert participation_ratio(c, "age", "55+", "<35") == pytest.approx(1.0)
    # flex: people 0, 4 -> 2/2; permanent: 3/6
    assert participation_ratio(c, "contract", "flex", "permanent") == pytest.approx(2.0)
    shares = broek_shares(c)
    # in position & learning: 3, 4, 5, 6; in position & not: 2; not & learning: 0; neither: 1, 7
    assert shares == pytest.approx([4 / 8, 1 / 8, 1 / 8, 2 / 8])
    assert sum(shares) == pytest.approx(1.0)


def test_ratio_is_nan_when_the_denominator_is_empty_or_does_not_learn():
    # nobody young: 55+ / <35 undefined; no theoretical learner: practical / theoretical too
    c = level_counts(_table([0, 0, 1], [2, 1, 2], [0, 0, 1], [1, 0, 1], [1, 0, 0]))
    assert math.isnan(participation_ratio(c, "age", "55+", "<35"))
    assert math.isnan(participation_ratio(c, "education", "practical", "theoretical"))
    # flex do not learn, but permanent do: the ratio is 0, not NaN
    assert participation_ratio(c, "contract", "flex", "permanent") == 0.0
    # nobody flex: the numerator is undefined
    c = level_counts(_table([0, 1], [0, 1], [0, 0], [1, 1], [1, 1]))
    assert math.isnan(participation_ratio(c, "contract", "flex", "permanent"))


# --- in a run: against groups() and the workforce -----------------------------------------------
@pytest.fixture(scope="module")
def model():
    m = build_model("baseline", seed=11, agents=False, n_employees=600, share_flex=0.15,
                    spinup_months=24)
    for _ in range(30):
        m.step()
    return m


def test_ratios_agree_with_the_groups_table(model):
    ts, g = model.timeseries(), model.groups()
    part = g.set_index(["month", "dimension", "level"])["participation_any"]
    for col, (dim, num, den) in RATIOS.items():
        expected = (part.xs((dim, num), level=["dimension", "level"])
                    / part.xs((dim, den), level=["dimension", "level"]))
        got = ts.set_index("month")[col]
        # month 0 is warm (the spin-up): the ratios are defined from the start
        assert not got.isna().any()
        np.testing.assert_allclose(got, expected, rtol=1e-12)


def test_broek_shares_sum_to_one_and_agree_with_the_groups_table(model):
    ts, g = model.timeseries(), model.groups()
    cols = [f"share_{b}" for b in BROEK_GROUPS]
    np.testing.assert_allclose(ts[cols].sum(axis=1), 1.0, rtol=1e-12)
    broek = g[g["dimension"] == "broek_group"].pivot(index="month", columns="level", values="n")
    expected = broek[list(BROEK_GROUPS)].to_numpy() / model.workforce.n
    np.testing.assert_allclose(ts[cols].to_numpy(), expected, rtol=1e-12)
    # the in-position shares are fixed for the run: position is decided at the start
    in_pos = ts["share_in_position_learning"] + ts["share_in_position_not_learning"]
    np.testing.assert_allclose(in_pos, model.workforce.in_position.mean(), rtol=1e-12)


def test_theil_and_gini_columns_agree_with_the_workforce(model):
    w, last = model.workforce, model.timeseries().iloc[-1]
    total, between, within = theil_decomposition(w.cum_learning, w.theoretical)
    assert last["theil_learning"] == pytest.approx(total, rel=1e-12)
    assert last["theil_between_education"] == pytest.approx(between, rel=1e-12)
    assert last["theil_within_education"] == pytest.approx(within, rel=1e-12)
    assert last["gini_learning"] == gini_of_counts(w.cum_learning)
    ts = model.timeseries()
    np.testing.assert_allclose(ts["theil_between_education"] + ts["theil_within_education"],
                               ts["theil_learning"], rtol=1e-9, atol=1e-12)
    # month 0 is warm: cumulative learning of the spin-up is already unequal
    assert (ts.loc[0, ["theil_learning", "theil_within_education"]] > 0).all()
    assert ts.loc[0, "gini_learning"] > 0


def test_cold_start_inequality_is_zero_at_month_zero():
    ts = build_model("baseline", seed=11, agents=False, n_employees=200,
                     spinup_months=0).timeseries()
    assert (ts.loc[0, ["theil_learning", "theil_between_education", "theil_within_education",
                       "gini_learning"]] == 0).all()
    for col in RATIOS:
        assert math.isnan(ts.loc[0, col])       # nobody has learned yet
