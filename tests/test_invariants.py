"""Invariants that hold for every valid parameter set of the registry.

Hypothesis draws random *valid* parameter sets from ``llo_sim.engine.parameters.REGISTRY_LIST``
(small workforces, short spin-ups, event and start months that often fall within the run),
runs the model for 6-24 months and checks bounds, finiteness, accounting identities and
determinism.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import llo_sim
from llo_sim.engine.measures import gini_of_counts
from llo_sim.engine.model import LearningCultureModel
from llo_sim.engine.parameters import DEFAULTS, REGISTRY, REGISTRY_LIST, validate
from llo_sim.engine.policy import baseline_policy

SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow])

# timeseries columns that are shares or means of quantities in [0, 1]
UNIT_COLUMNS = (
    "participation_any", "participation_formal", "participation_informal",
    "participation_any_month", "participation_formal_month", "participation_informal_month",
    "budget_holders", "budget_uptake", "refused_month", "career_steps_month", "gini_learning",
    "weten", "willen", "kunnen", "durven", "mogen", "agency",
    "capability_formal", "capability_informal", "locus", "curiosity", "efficacy", "skill",
    "richting", "ruimte", "ruggensteun", "leader_coaching",
    "share_in_position_learning", "share_in_position_not_learning",
    "share_not_in_position_learning", "share_not_in_position_not_learning",
    # history-based measures (llo_sim.engine.histories)
    "share_learning_a_lot", "share_informal_a_lot", "share_high_autonomy", "share_high_variety",
    "share_leader_stimulates", "share_no_formal_5y", "gini_learning_months",
)
# history-based shares that are NaN exactly when the group they are a share of is empty
# (column -> the column that is then 0 or 1)
SHARE_OF = {
    "share_formal_employer": ("participation_formal", 0.0),       # of formal learners
    "share_nonlearners_no_wish": ("participation_formal", 1.0),   # of formal non-learners
}
# NaN when a group is empty (tiny workforces) or a denominator is 0; else within bounds
MAYBE_NAN = {
    "formal_theoretical": (0.0, 1.0), "formal_practical": (0.0, 1.0),
    "informal_gap_education": (-1.0, 1.0), "informal_gap_age": (-1.0, 1.0),
    "ratio_formal_theoretical_practical": (0.0, np.inf),
    "formal_persistence_ratio": (0.0, np.inf),
}
# participation ratios between groups: NaN when a group is empty or the denominator does not
# learn (docs/measures.md), else >= 0
RATIO_COLUMNS = {
    "ratio_practical_theoretical": ("education", "practical", "theoretical"),
    "ratio_old_young": ("age", "55+", "<35"),
    "ratio_flex_permanent": ("contract", "flex", "permanent"),
}
THEIL_COLUMNS = ("theil_learning", "theil_between_education", "theil_within_education")
COST_COLUMNS = ("cost_richting", "cost_ruimte", "cost_ruggensteun", "cost_month",
                "cost_cumulative", "cost_per_participant")
# workforce arrays that must stay in [0, 1]
UNIT_ARRAYS = ("locus", "curiosity", "efficacy", "curiosity0", "locus0", "efficacy0", "skill",
               "weten", "willen", "kunnen", "durven", "mogen", "agency", "cap_formal",
               "cap_informal", "momentum", "position_score", "job_level")
MONTH_PARAMS = {p.name for p in REGISTRY_LIST if p.name.endswith("_month")}
SMALL = {"n_employees": (20, 300), "team_size": (2, 40), "spinup_months": (0, 14)}


@st.composite
def valid_parameters(draw):
    """A random valid parameter set and a run length (months)."""
    months = draw(st.integers(6, 24), label="months")
    values = {}
    for prm in REGISTRY_LIST:
        name = prm.name
        if name in SMALL:
            lo, hi = SMALL[name]
            strat = st.integers(lo, hi)
        elif prm.kind == "choice":
            strat = st.sampled_from(prm.choices)
        elif prm.kind == "bool":
            strat = st.booleans()
        elif prm.kind == "int" and name in MONTH_PARAMS:
            # events and instrument starts: often within the run, sometimes never/later
            lo = int(prm.low)
            strat = st.one_of(st.integers(lo, months), st.just(prm.default),
                              st.integers(lo, int(prm.high)))
        elif prm.kind == "int":
            strat = st.integers(int(prm.low), min(int(prm.high), 3 * months))
        else:
            full = st.floats(prm.low, prm.high, allow_nan=False, allow_infinity=False)
            strat = st.one_of(full, st.just(prm.default), st.sampled_from((prm.low, prm.high)))
        values[name] = draw(strat, label=name)
    # shares that split one population must not add up to more than 1
    for a, b in (("share_young", "share_old"),
                 ("share_style_supportive", "share_style_directive")):
        if values[a] + values[b] > 1.0:
            values[b] = max(0.0, 1.0 - values[a])
    # the budget is an instrument worth switching on half the time
    if draw(st.booleans(), label="budget_on") and values["budget_amount"] == 0:
        values["budget_amount"] = draw(st.floats(1, 20_000), label="budget_amount_on")
    return validate(values, "hypothesis"), months


def _check_state(model: LearningCultureModel) -> None:
    w = model.workforce
    for name in UNIT_ARRAYS:
        a = getattr(w, name)
        assert not np.isnan(a).any(), f"NaN in workforce.{name} at month {model.month}"
        assert a.min() >= 0.0 and a.max() <= 1.0, (
            f"workforce.{name} out of [0,1] at month {model.month}: [{a.min()}, {a.max()}]")
    # the budget left is at most a year's amount: the scenario's once its first budget year
    # has opened, until then what is left of the baseline's (the spin-up)
    amount = model.p["budget_amount"]
    if not model.instruments["budget"].active(model.month):
        amount = max(amount, baseline_policy()["budget_amount"])
    assert np.all(w.budget_left >= 0) and np.all(w.budget_left <= amount)
    assert np.all(w.n_career >= 0) and np.all(w.cum_learning >= 0)
    # cum_learning counts the months of the spin-up too
    assert np.all(w.cum_learning <= model.month + model.p["spinup_months"])
    assert np.all(w.course_left >= 0)
    # the lasting propensities are positive multipliers of a hazard
    assert np.all(w.propensity_formal > 0) and np.all(w.propensity_informal > 0)
    # agency is a mean of the five building blocks (floored at 1e-6), for every exponent
    rho = model.p["agency_complementarity"]
    blocks = np.maximum(np.stack([w.weten, w.willen, w.kunnen, w.durven, w.mogen]), 1e-6)
    slack = 1e-9 + (1e-13 / abs(rho) if abs(rho) >= 1e-6 else 0.0)
    assert np.all(w.agency >= blocks.min(axis=0) * (1 - slack))
    assert np.all(w.agency <= blocks.max(axis=0) * (1 + slack))
    c = model.leaders.coaching
    assert not np.isnan(c).any() and c.min() >= 0 and c.max() <= 1
    ps = np.asarray(model.peer_share)
    assert not np.isnan(ps).any() and ps.min() >= 0 and ps.max() <= 1


def _check_timeseries(ts, p, months) -> None:
    assert len(ts) == months + 1
    assert list(ts["month"]) == list(range(months + 1))
    assert (ts["n_employees"] == p["n_employees"]).all()
    for col in ts.columns:
        values = ts[col].to_numpy(dtype=float)
        bad = ~np.isfinite(values)
        if col == "budget_uptake":
            # NaN only (and always) when there are no budget holders
            assert not np.isinf(values).any()
            assert np.array_equal(bad, ts["budget_holders"].to_numpy() == 0), col
        elif col == "cost_per_participant":
            assert not np.isinf(values).any()
            assert np.array_equal(bad, ts["participation_any"].to_numpy() == 0), col
        elif col in RATIO_COLUMNS:
            assert not np.isinf(values).any(), col
            assert (values[~bad] >= 0).all(), col
        elif col in SHARE_OF:
            of, empty = SHARE_OF[col]
            assert not np.isinf(values).any(), col
            assert np.array_equal(bad, ts[of].to_numpy() == empty), col
            assert ((values[~bad] >= 0) & (values[~bad] <= 1)).all(), col
        elif col in MAYBE_NAN:
            lo, hi = MAYBE_NAN[col]
            assert not np.isinf(values).any(), col
            assert ((values[~bad] >= lo - 1e-12) & (values[~bad] <= hi + 1e-12)).all(), col
        else:
            assert not bad.any(), f"non-finite {col}: {values}"
    for col in UNIT_COLUMNS:
        v = ts[col].dropna()
        assert ((v >= 0) & (v <= 1)).all(), f"{col} out of [0, 1]: {v.min()}..{v.max()}"
    for col in COST_COLUMNS:
        v = ts[col].dropna()
        assert (v >= 0).all(), col
    cum = ts["cost_cumulative"].to_numpy()
    assert np.all(np.diff(cum) >= -1e-9 * np.maximum(1.0, np.abs(cum[1:])))
    np.testing.assert_allclose(cum, np.cumsum(ts["cost_month"].to_numpy()), rtol=1e-9, atol=1e-6)
    np.testing.assert_allclose(
        ts["cost_month"], ts["cost_richting"] + ts["cost_ruimte"] + ts["cost_ruggensteun"],
        rtol=1e-9, atol=1e-6)
    for suffix in ("", "_month"):
        anyp = ts[f"participation_any{suffix}"]
        assert (anyp >= ts[f"participation_formal{suffix}"]).all()
        assert (anyp >= ts[f"participation_informal{suffix}"]).all()
        assert (anyp <= ts[f"participation_formal{suffix}"]
                + ts[f"participation_informal{suffix}"] + 1e-12).all()
    # Theil T of cumulative learning: 0 <= T <= ln N, between + within = total
    for col in THEIL_COLUMNS:
        assert (ts[col] >= -1e-12).all(), col
    assert (ts["theil_learning"] <= np.log(p["n_employees"]) + 1e-12).all()
    np.testing.assert_allclose(ts["theil_between_education"] + ts["theil_within_education"],
                               ts["theil_learning"], rtol=1e-9, atol=1e-12)
    broek = ts[[c for c in UNIT_COLUMNS if c.startswith("share_") and "position" in c]].sum(axis=1)
    np.testing.assert_allclose(broek, 1.0, rtol=1e-12)
    v = ts["learning_months_mean"]
    assert ((v >= 0) & (v <= 12)).all()
    # the learning months mean agrees with the 12-month participation: at least one month
    # for each learner, at most 12
    assert (v >= ts["participation_any"] - 1e-12).all()
    assert (v <= 12 * ts["participation_any"] + 1e-12).all()
    assert (ts["gini_learning_excess"].abs() <= 1).all()
    # month 0 is the end of the spin-up; the scenario's instruments cost nothing before
    # month 1. A cold start (no spin-up) has no history at all.
    first = ts.iloc[0]
    assert first["cost_month"] == 0
    if p["spinup_months"] == 0:
        assert first["participation_any"] == 0 and first["learning_months_mean"] == 0
        assert first["gini_learning"] == 0 and first["theil_learning"] == 0
        assert all(np.isnan(first[c]) for c in RATIO_COLUMNS)


def _check_groups(groups, p, months) -> None:
    n = groups.groupby(["month", "dimension"])["n"].sum()
    assert (n == p["n_employees"]).all()
    assert len(n) == (months + 1) * 4
    for col in ("participation_any", "participation_formal", "participation_informal",
                "budget_uptake"):
        v = groups[col]
        assert ((v >= 0) & (v <= 1) | v.isna()).all(), col
        # a share is NaN only for an empty group (or, for uptake, a group without holders)
        if col != "budget_uptake":
            assert np.array_equal(v.isna().to_numpy(), (groups["n"] == 0).to_numpy()), col
    full = groups.dropna(subset=["participation_any"])
    assert (full["participation_any"] >= full["participation_formal"]).all()
    assert (full["participation_any"] >= full["participation_informal"]).all()
    # Broek groups: learners are exactly the participants
    broek = groups[groups["dimension"] == "broek_group"]
    learning = broek[broek["level"].str.endswith("_learning")
                     & ~broek["level"].str.endswith("not_learning")]
    not_learning = broek[broek["level"].str.endswith("not_learning")]
    assert (learning.dropna(subset=["participation_any"])["participation_any"] == 1).all()
    assert (not_learning.dropna(subset=["participation_any"])["participation_any"] == 0).all()


def _check_ratios(ts, groups) -> None:
    """The ratio columns are quotients of the groups table, NaN exactly when the numerator
    group is empty or the denominator group has no participants (or is empty)."""
    part = groups.set_index(["month", "dimension", "level"])
    for col, (dim, num, den) in RATIO_COLUMNS.items():
        a = part.xs((dim, num), level=["dimension", "level"])
        b = part.xs((dim, den), level=["dimension", "level"])
        undefined = ((a["n"] == 0) | (b["n"] == 0) | (b["participation_any"] == 0)).to_numpy()
        got = ts[col].to_numpy(dtype=float)
        assert np.array_equal(np.isnan(got), undefined), col
        expected = (a["participation_any"] / b["participation_any"]).to_numpy()
        np.testing.assert_allclose(got[~undefined], expected[~undefined], rtol=1e-12)


@settings(max_examples=100, **SETTINGS)
@given(drawn=valid_parameters(), seed=st.integers(0, 2**32 - 1))
def test_random_valid_parameters_keep_every_invariant(drawn, seed):
    p, months = drawn
    model = LearningCultureModel(rng=seed, agents=False, **p)
    _check_state(model)
    for _ in range(months):
        model.step()
        _check_state(model)
    ts = model.timeseries()
    _check_timeseries(ts, p, months)
    _check_groups(model.groups(), p, months)
    _check_ratios(ts, model.groups())
    # the group table agrees with the overall participation
    g = model.groups()
    edu = g[g["dimension"] == "education"].copy()
    edu["n_any"] = edu["n"] * edu["participation_any"].fillna(0)
    per_month = edu.groupby("month")["n_any"].sum().to_numpy() / p["n_employees"]
    np.testing.assert_allclose(per_month, ts["participation_any"], atol=1e-12)


@settings(max_examples=25, **SETTINGS)
@given(drawn=valid_parameters(), seed=st.integers(0, 2**32 - 1))
def test_same_seed_same_run_with_or_without_agents(drawn, seed):
    p, months = drawn
    months = min(months, 8)
    runs = []
    for agents in (False, True):
        model = LearningCultureModel(rng=seed, agents=agents, **p)
        for _ in range(months):
            model.step()
        runs.append(model.timeseries())
    a, b = runs
    assert a.equals(b)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 40), min_size=1, max_size=60))
def test_gini_of_counts_equals_brute_force(values):
    x = np.asarray(values, dtype=np.int32)
    mean = x.mean()
    if mean == 0:
        expected = 0.0
    else:
        mad = np.abs(x[:, None] - x[None, :]).mean()   # mean absolute difference
        expected = mad / (2.0 * mean)
    got = gini_of_counts(x)
    assert got == pytest.approx(expected, rel=1e-9, abs=1e-12)
    assert 0.0 <= got <= 1.0


def test_gini_of_counts_on_seeded_random_arrays():
    rng = np.random.default_rng(20240611)
    for _ in range(50):
        n = int(rng.integers(1, 400))
        x = rng.poisson(rng.uniform(0, 6), size=n).astype(np.int32)
        if rng.random() < 0.3:
            x[rng.random(n) < 0.7] = 0    # many non-learners, as in the model
        mean = x.mean()
        expected = 0.0 if mean == 0 else np.abs(x[:, None] - x[None, :]).mean() / (2 * mean)
        assert gini_of_counts(x) == pytest.approx(expected, rel=1e-9, abs=1e-12)


def test_gini_of_counts_extremes():
    assert gini_of_counts(np.zeros(10, dtype=np.int32)) == 0.0
    assert gini_of_counts(np.full(7, 3, dtype=np.int32)) == pytest.approx(0.0, abs=1e-12)
    one = np.zeros(10, dtype=np.int32)
    one[3] = 5                                           # one person did all the learning
    assert gini_of_counts(one) == pytest.approx(1 - 1 / 10)


def test_registry_defaults_are_valid_and_within_bounds():
    """The strategy above relies on the registry describing itself consistently."""
    assert validate({}) == DEFAULTS
    for prm in REGISTRY_LIST:
        assert REGISTRY[prm.name] is prm
        if prm.kind in ("int", "float"):
            assert prm.low <= prm.default <= prm.high, prm.name
        elif prm.kind == "choice":
            assert prm.default in prm.choices
    assert math.isclose(DEFAULTS["share_young"] + DEFAULTS["share_old"], 0.55)


def test_baseline_invariants_with_all_events_and_instruments():
    """A fixed, busy parameter set: every instrument on and every event inside the run."""
    on = {f"{p.name}": 0.8 for p in REGISTRY_LIST if p.name.endswith("_intensity")}
    model = llo_sim.build_model(
        "baseline", seed=3, agents=False, n_employees=300, team_size=9, budget_amount=900.0,
        reorganisation_month=3, downturn_month=5, tech_shift_month=7,
        **{f"{k[:-len('_intensity')]}_start_month": 2 for k in on}, **on)
    for _ in range(24):
        model.step()
        _check_state(model)
    _check_timeseries(model.timeseries(), model.p, 24)
    _check_groups(model.groups(), model.p, 24)
    _check_ratios(model.timeseries(), model.groups())


def test_agency_complementarity_near_zero_keeps_agency_a_mean_of_the_blocks():
    model = llo_sim.build_model("baseline", seed=1, agents=False, n_employees=100,
                                agency_complementarity=1e-17)
    w = model.workforce
    blocks = np.stack([w.weten, w.willen, w.kunnen, w.durven, w.mogen])
    assert np.all(w.agency <= blocks.max(axis=0) + 1e-9)
