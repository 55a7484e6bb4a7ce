"""The Mesa model contract, determinism, common random numbers, agents and the API."""

import inspect

import mesa
import numpy as np
import pandas as pd
import pytest

from llo_sim import LearningCultureModel, build_model, run
from llo_sim.engine.agents import Employee, Leader
from llo_sim.engine.parameters import REGISTRY


def test_signature_is_the_registry_with_defaults():
    sig = inspect.signature(LearningCultureModel.__init__)
    for name, param in REGISTRY.items():
        assert sig.parameters[name].kind is inspect.Parameter.KEYWORD_ONLY
        assert sig.parameters[name].default == param.default
    assert sig.parameters["rng"].default is None


def test_unknown_keyword_is_rejected():
    with pytest.raises(ValueError, match="n_employes"):
        LearningCultureModel(n_employes=10)


def test_month_zero_is_the_warm_state_and_each_step_is_a_month():
    m = build_model("baseline", seed=1, n_employees=200, agents=False, spinup_months=24)
    ts = m.timeseries()
    assert list(ts["month"]) == [0]
    assert m.month == 0 and m.steps == 0
    for _ in range(3):
        m.step()
    assert list(m.timeseries()["month"]) == [0, 1, 2, 3]
    assert m.steps == 3


# --- the warm start ------------------------------------------------------------------------------
WORKFORCE_STATE = ("locus", "curiosity", "efficacy", "skill", "momentum", "agency",
                   "cap_formal", "cap_informal", "course_left", "cum_learning",
                   "hist_formal", "hist_informal", "hist_budget", "hist_employer", "hist_wanted")


def test_month_zero_has_real_twelve_month_histories():
    """After the spin-up, month 0 is a working organisation: people have learned formally
    and informally in the last 12 months, and cum_learning counts the spin-up months."""
    spinup = 36
    m = build_model("baseline", seed=2, n_employees=400, agents=False, spinup_months=spinup)
    first = m.timeseries().iloc[0]
    for col in ("participation_any", "participation_formal", "participation_informal",
                "learning_months_mean", "gini_learning", "theil_learning"):
        assert first[col] > 0, col
    assert 0 < first["participation_formal"] < first["participation_any"] <= 1
    w = m.workforce
    assert w.cum_learning.max() <= spinup and w.cum_learning.sum() > 0
    # the 12-month measure is read from the bit histories of the spin-up
    assert first["participation_formal"] == pytest.approx(np.mean((w.hist_formal & 0xFFF) != 0))
    for _ in range(5):
        m.step()
    assert w.cum_learning.max() <= spinup + 5


def test_month_zero_is_the_same_for_every_policy_with_the_same_seed():
    """The spin-up runs under the baseline policy, so a scenario that changes only policy
    levers (integrated: every knob, another budget and procedure) starts month 0 from the very
    state of the baseline run with the same seed; its instruments act from month 1."""
    a = build_model("baseline", seed=7, n_employees=300, agents=False, spinup_months=24)
    b = build_model("integrated", seed=7, n_employees=300, agents=False, spinup_months=24)
    assert a.p != b.p
    for name in WORKFORCE_STATE:
        np.testing.assert_array_equal(getattr(a.workforce, name), getattr(b.workforce, name),
                                      err_msg=name)
    np.testing.assert_array_equal(a.leaders.coaching, b.leaders.coaching)
    # only the budget year differs: each policy opens its own at month 0, for month 1 on
    for m in (a, b):
        np.testing.assert_array_equal(
            m.workforce.budget_left,
            np.where(m.workforce.budget_eligible, m.p["budget_amount"], 0.0))
    pd.testing.assert_series_equal(a.timeseries().iloc[0], b.timeseries().iloc[0])
    pd.testing.assert_frame_equal(a.groups(), b.groups())
    a.step()
    b.step()
    ta, tb = a.timeseries(), b.timeseries()
    assert tb.loc[1, "agency"] > ta.loc[1, "agency"]            # the policy acts from month 1
    assert tb.loc[1, "cost_month"] > ta.loc[1, "cost_month"]


def test_spinup_months_zero_is_the_cold_start():
    m = build_model("baseline", seed=3, n_employees=200, agents=False, spinup_months=0)
    first = m.timeseries().iloc[0]
    for col in ("participation_any", "participation_formal", "participation_informal",
                "learning_months_mean", "share_learning_a_lot", "gini_learning",
                "theil_learning", "cost_month"):
        assert first[col] == 0, col
    w = m.workforce
    for name in ("cum_learning", "hist_formal", "hist_informal", "hist_budget", "course_left"):
        assert not getattr(w, name).any(), name
    # traits are as drawn: nothing has happened yet
    np.testing.assert_array_equal(w.locus, w.locus0)
    np.testing.assert_array_equal(w.efficacy, w.efficacy0)
    np.testing.assert_array_equal(w.curiosity, w.curiosity0)
    m.step()
    assert m.timeseries().loc[1, "participation_any"] > 0


def test_the_spinup_length_changes_month_zero_but_not_who_is_drawn():
    short = build_model("baseline", seed=4, n_employees=300, agents=False, spinup_months=0)
    warm = build_model("baseline", seed=4, n_employees=300, agents=False, spinup_months=48)
    for name in ("theoretical", "age_band", "flex", "care", "locus0", "efficacy0",
                 "curiosity0", "job_level", "propensity_formal", "propensity_informal"):
        np.testing.assert_array_equal(getattr(short.workforce, name),
                                      getattr(warm.workforce, name), err_msg=name)
    assert not np.array_equal(short.workforce.skill, warm.workforce.skill)


def test_same_seed_same_numbers_different_seed_different_numbers():
    a = run("baseline", months=24, seed=5, n_employees=300).timeseries
    b = run("baseline", months=24, seed=5, n_employees=300).timeseries
    c = run("baseline", months=24, seed=6, n_employees=300).timeseries
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(c)


def test_common_random_numbers_same_people_in_every_scenario():
    """A policy change does not change who is drawn: demographics, traits and the Broek
    position are identical under the same seed, and a policy that starts later leaves the
    months before it untouched."""
    a = build_model("baseline", seed=3, n_employees=400, agents=False)
    b = build_model("baseline", seed=3, n_employees=400, agents=False,
                    leader_training_intensity=1.0, leader_training_start_month=12)
    for field in ("theoretical", "age_band", "flex", "care", "locus", "curiosity", "efficacy",
                  "skill", "in_position"):
        np.testing.assert_array_equal(getattr(a.workforce, field), getattr(b.workforce, field))
    for _ in range(11):  # months 1-11: before the training starts in month 12
        a.step()
        b.step()
    cols = [c for c in a.timeseries().columns if not c.startswith("cost")]
    pd.testing.assert_frame_equal(a.timeseries()[cols], b.timeseries()[cols])
    a.step()
    b.step()
    assert b.leaders.coaching.mean() > a.leaders.coaching.mean()


def test_agents_are_views_on_the_arrays():
    m = build_model("baseline", seed=2, n_employees=50)
    employees = list(m.agents_by_type[Employee])
    leaders = list(m.agents_by_type[Leader])
    assert len(employees) == 50 and len(leaders) == m.leaders.n
    e = employees[7]
    assert e.agency == pytest.approx(m.workforce.agency[e.index])
    m.step()
    assert e.skill == pytest.approx(m.workforce.skill[e.index])
    assert e.education in ("practical", "theoretical") and e.age in ("<35", "35-54", "55+")
    assert e in leaders[e.team].members
    assert leaders[0].style in ("supportive", "directive", "stimulating")


def test_mesa_batch_run_works_unchanged():
    results = mesa.batch_run(LearningCultureModel,
                             parameters={"n_employees": [60, 80], "rng": [1], "agents": False},
                             iterations=1, max_steps=5, number_processes=1,
                             display_progress=False)
    df = pd.DataFrame(results)
    assert set(df["n_employees"]) == {60, 80}
    assert df.groupby("n_employees")["Step"].max().tolist() == [5, 5]
    assert df["participation_any"].between(0, 1).all()


def test_groups_table_is_tidy_and_complete():
    res = run("baseline", months=12, seed=1, n_employees=300)
    g = res.groups
    assert list(g.columns) == ["month", "dimension", "level", "n", "participation_any",
                               "participation_formal", "participation_informal",
                               "budget_uptake"]
    assert set(g["dimension"]) == {"education", "age", "contract", "broek_group"}
    per_dim = g.groupby(["month", "dimension"])["n"].sum()
    assert (per_dim == 300).all()
    final = res.timeseries.iloc[-1]
    edu = g[(g.month == 12) & (g.dimension == "education")]
    weighted = (edu["n"] * edu["participation_any"]).sum() / 300
    assert weighted == pytest.approx(final["participation_any"])


def test_timeseries_has_the_promised_columns():
    ts = run("baseline", months=2, seed=1, n_employees=100).timeseries
    for col in ("month", "participation_any", "participation_formal", "participation_informal",
                "participation_any_month", "participation_formal_month",
                "participation_informal_month", "budget_uptake", "gini_learning", "weten",
                "willen", "kunnen", "durven", "mogen", "locus", "curiosity", "efficacy",
                "cost_month", "cost_cumulative", "theil_learning", "theil_between_education",
                "theil_within_education", "ratio_practical_theoretical", "ratio_old_young",
                "ratio_flex_permanent", "share_in_position_learning",
                "share_in_position_not_learning", "share_not_in_position_learning",
                "share_not_in_position_not_learning"):
        assert col in ts.columns


def test_budget_uptake_counts_only_budget_holders():
    res = run("baseline", months=24, seed=4, n_employees=500)
    final = res.final()
    assert 0 < final["budget_holders"] < 1
    assert 0 < final["budget_uptake"] <= 1
    none = run("baseline", months=3, seed=4, n_employees=100, budget_amount=0.0).final()
    assert none["budget_holders"] == 0 and np.isnan(none["budget_uptake"])


def test_changing_one_trait_distribution_leaves_the_other_draws_alone():
    """Each trait has its own stream. Compared as drawn (a cold start), changing the locus
    distribution changes locus only; after a warm start the other traits have moved with
    it (they are linked through learning), but their anchors, the draws, have not."""
    for spinup in (0, 24):
        a = build_model("baseline", seed=5, n_employees=300, agents=False,
                        spinup_months=spinup)
        b = build_model("baseline", seed=5, n_employees=300, agents=False, locus_mean=0.8,
                        leader_coaching_mean=0.7, spinup_months=spinup)
        assert not np.array_equal(a.workforce.locus0, b.workforce.locus0)
        fields = ["curiosity0", "efficacy0", "theoretical", "flex", "job_level",
                  "propensity_formal"]
        if spinup == 0:
            fields += ["curiosity", "efficacy", "skill"]
        for field in fields:
            np.testing.assert_array_equal(getattr(a.workforce, field),
                                          getattr(b.workforce, field), err_msg=field)
        np.testing.assert_array_equal(a.leaders.style, b.leaders.style)
        np.testing.assert_array_equal(a.leaders.pressure, b.leaders.pressure)


def test_targeted_support_reaches_only_those_not_in_a_realistic_position():
    a = build_model("baseline", seed=1, n_employees=600, agents=False, spinup_months=12)
    b = build_model("baseline", seed=1, n_employees=600, agents=False, spinup_months=12,
                    targeted_support_intensity=0.7)
    target = ~a.workforce.in_position
    assert target.any() and (~target).any()
    np.testing.assert_array_equal(b.workforce.agency, a.workforce.agency)   # month 0: not yet
    a.step()
    b.step()
    assert b.workforce.agency[target].mean() > a.workforce.agency[target].mean()
    np.testing.assert_array_equal(b.workforce.agency[~target], a.workforce.agency[~target])
    # what it adds, for its target only: backing, learning in the work and direction, each
    # by its weight (w_targeted_support, w_targeted_variety, w_targeted_richting) x intensity
    for key, weight in (("support", "w_targeted_support"), ("variety", "w_targeted_variety"),
                        ("richting", "w_targeted_richting")):
        before, after = getattr(a.now, key), getattr(b.now, key)
        added = 0.7 * b.p[weight]
        np.testing.assert_allclose(after[target], 1 - (1 - before[target]) * (1 - added))
        np.testing.assert_array_equal(after[~target], before[~target])
    assert b.timeseries()["cost_ruggensteun"].iloc[-1] > 0


def test_a_stopped_model_refuses_to_step():
    import llo_sim
    from llo_sim.errors import LloSimError

    model = llo_sim.build_model("baseline", seed=1, agents=False, n_employees=50,
                                spinup_months=0)
    model.step()
    model.running = False
    with pytest.raises(LloSimError, match="running"):
        model.step()
    assert model.month == 1
    model.running = True
    model.step()
    assert model.month == 2


def test_the_warm_start_cache_gives_the_same_numbers_as_a_fresh_spin_up():
    """A model that starts from the cached month 0 (same seed, same organisation, other
    policy) computes exactly what a model that ran its own spin-up computes."""
    from llo_sim.engine import warm_start
    from llo_sim.engine.model import LearningCultureModel

    def series(**levers):
        m = LearningCultureModel(rng=5, agents=False, n_employees=150, spinup_months=24,
                                 **levers)
        for _ in range(18):
            m.step()
        return m.timeseries()

    warm_start.clear()
    first = series()                                         # fills the cache
    assert len(warm_start._CACHE) == 1
    again = series()                                         # from the cache ...
    policy = series(dev_time_intensity=0.6, budget_coverage=1.0, budget_procedure="direct")
    assert len(warm_start._CACHE) == 1                       # ... also for another policy
    warm_start.clear()
    policy_fresh = series(dev_time_intensity=0.6, budget_coverage=1.0,
                          budget_procedure="direct")
    pd.testing.assert_frame_equal(first, again)
    pd.testing.assert_frame_equal(policy, policy_fresh)
    assert not policy.equals(first)
    # another organisation (a non-lever parameter) is another entry
    series(base_climate=0.7)
    assert len(warm_start._CACHE) == 2


# --- money behaves like money (issue 18) ---------------------------------------------------------

def _budget_run(months=36, seed=3, **overrides):
    """Formal participation, budget uptake and spend per budget user over a budget-only run."""
    model = build_model("budget_only", seed=seed, agents=False, n_employees=1500, **overrides)
    spent = 0.0
    for _ in range(months):
        model.step()
        spent += model.budget_spent_this_month
    ts = model.timeseries()
    users = max(int((model.workforce.last_budget >= 1).sum()), 1)
    return (float(ts["participation_formal"].iloc[-12:].mean()),
            float(ts["budget_uptake"].iloc[-12:].mean()), spent / users)


def test_more_money_buys_more_and_dearer_learning_without_a_cap_at_one_course():
    """The budget's money is a share of affordable courses, not a cap at one median course:
    EUR 1,000, 5,000 and 20,000 a year give more formal learning each, and each user spends
    more, on dearer (so longer) courses."""
    low, mid, high = (_budget_run(budget_amount=a) for a in (1000.0, 5000.0, 20_000.0))
    assert low[0] < mid[0] < high[0]
    assert low[2] < mid[2] < high[2]


def test_money_in_hand_raises_the_wish_to_learn():
    """``w_want_budget``: with money in hand people want courses more often, so more of the
    holders use the budget and more learn formally."""
    without, with_pull = _budget_run(w_want_budget=0.0), _budget_run(w_want_budget=3.0)
    assert with_pull[0] > without[0] and with_pull[1] > without[1]


def test_the_direct_procedure_is_not_better_by_construction():
    """Direct removes the leader's veto but leaves choosing and arranging to the employee
    (``budget_choice_friction``): with guiding leaders who approve readily and much friction,
    requests through the leader give more formal learning; without friction, direct does."""
    guided = dict(budget_choice_friction=0.9, approval_base=0.95, leader_coaching_mean=0.9,
                  share_leaders_target_pressure=0.0)
    leader, direct = (_budget_run(budget_procedure=p, **guided) for p in ("leader", "direct"))
    assert leader[0] > direct[0]
    free = dict(budget_choice_friction=0.0)
    leader, direct = (_budget_run(budget_procedure=p, **free) for p in ("leader", "direct"))
    assert direct[0] > leader[0]
