"""The rolling bit histories and the measures read from them (llo_sim.engine.histories,
docs/measures.md): on hand-made workforces where the answer can be counted by hand, against a
brute-force count one person and one month at a time, and in a run."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from llo_sim import build_model
from llo_sim.engine.histories import (binomial_gini, intensity_measures, last_year, months_in_year,
                               record_history)
from llo_sim.engine.measures import gini_of_counts
from llo_sim.engine.parameters import DEFAULTS


def bits(*months) -> int:
    """A history with the event in the given months ago (0 = this month)."""
    return sum(1 << m for m in months)


def workforce(formal, informal=None, employer=None, wanted=None, theoretical=None, age=None):
    n = len(formal)
    zeros = [0] * n
    return SimpleNamespace(
        n=n,
        hist_formal=np.array(formal, dtype=np.uint64),
        hist_informal=np.array(informal or zeros, dtype=np.uint32),
        hist_budget=np.zeros(n, dtype=np.uint16),
        hist_employer=np.array(employer or zeros, dtype=np.uint16),
        hist_wanted=np.array(wanted or zeros, dtype=np.uint16),
        theoretical=np.array(theoretical if theoretical is not None else [True] * n),
        age_band=np.array(age if age is not None else [1] * n, dtype=np.int8),
    )


def now_for(n, autonomy=0.6, variety=0.6, attention=0.5):
    return SimpleNamespace(autonomy=np.full(n, autonomy), variety=np.full(n, variety),
                           attention=np.full(n, attention))


def measures(w, now=None, **p):
    return intensity_measures({**DEFAULTS, **p}, w, now or now_for(w.n))


# --- the histories ------------------------------------------------------------------------------
def test_record_history_shifts_one_month_and_sets_this_months_bit():
    w = workforce([0, 0, 0])
    pattern = [(1, 0, 0), (0, 1, 0), (1, 1, 0)]           # months -2, -1, 0 for 3 people
    for f in pattern:
        f = np.array(f, bool)
        record_history(w, f, ~f, f & False, f, ~f)
    # person 0 learned formally 2 months ago and this month; person 1 one month ago and now
    assert list(w.hist_formal) == [bits(0, 2), bits(0, 1), 0]
    assert list(w.hist_informal) == [bits(1), bits(2), bits(0, 1, 2)]
    assert list(w.hist_employer) == list(w.hist_formal)
    assert w.hist_formal.dtype == np.uint64 and w.hist_budget.dtype == np.uint16


def test_old_months_fall_off_the_end_of_a_history():
    w = workforce([0])
    yes, no = np.array([True]), np.array([False])
    record_history(w, yes, yes, yes, yes, yes)
    for _ in range(16):                                     # 16 months later
        record_history(w, no, no, no, no, no)
    assert w.hist_employer[0] == 0 and w.hist_wanted[0] == 0          # uint16: gone
    assert w.hist_formal[0] == bits(16) and w.hist_informal[0] == bits(16)
    assert not last_year(w.hist_formal)[0]


def test_last_year_and_months_in_year_read_the_twelve_latest_bits():
    h = np.array([0, bits(0), bits(11), bits(12), bits(0, 5, 11, 12, 40), (1 << 60) - 1],
                 dtype=np.uint64)
    assert list(last_year(h)) == [False, True, True, False, True, True]
    assert list(months_in_year(h)) == [0, 1, 1, 0, 3, 12]


# --- the measures, counted by hand ---------------------------------------------------------------
def test_learning_months_count_a_month_once_whatever_the_kind():
    w = workforce(
        formal=[bits(0, 1), 0, bits(*range(12)), 0],
        informal=[bits(1, 2), bits(13), 0, bits(0, 2, 4, 6, 8, 10)])
    m = measures(w, a_lot_months=6)
    # 3 (months 0-2), 0 (month 13 is outside the year), 12, 6
    assert m["learning_months_mean"] == pytest.approx((3 + 0 + 12 + 6) / 4)
    assert m["share_learning_a_lot"] == pytest.approx(2 / 4)      # 12 and 6 months
    assert m["share_informal_a_lot"] == pytest.approx(1 / 4)      # only the fourth
    assert measures(w, a_lot_months=3)["share_learning_a_lot"] == pytest.approx(3 / 4)
    # Gini of the months: the same as counting them person by person
    assert m["gini_learning_months"] == pytest.approx(gini_of_counts(np.array([3, 0, 12, 6])))


def test_share_no_formal_in_five_years_looks_back_sixty_months():
    w = workforce([0, bits(59), bits(60), bits(0), bits(30, 61)])
    # nobody in 5 years: person 0, and person 2 (month 60 is the 61st month ago)
    assert measures(w)["share_no_formal_5y"] == pytest.approx(2 / 5)


def test_persistence_is_this_years_formal_learning_of_last_years_learners_relative():
    # learned formally 13-24 months ago: people 0-3, of whom 0-2 learn again this year;
    # did not: people 4-7, of whom only 4 learns this year
    before, again = bits(15), bits(3)
    w = workforce([before | again, before | again, before | again, before,
                   again, 0, 0, 0])
    assert measures(w)["formal_persistence_ratio"] == pytest.approx((3 / 4) / (1 / 4))
    # nobody new: infinite persistence is reported as NaN, not inf
    w = workforce([before | again, before, 0, 0])
    assert math.isnan(measures(w)["formal_persistence_ratio"])


def test_employer_share_and_the_reasons_of_non_learners():
    w = workforce(formal=[bits(0), bits(5), bits(2), 0, 0, 0, 0, bits(20)],
                  employer=[bits(0), 0, bits(2), 0, 0, 0, 0, 0],
                  wanted=[0, bits(5), 0, bits(1), 0, 0, bits(13), 0])
    m = measures(w)
    # formal learners this year: 0, 1, 2; the employer organised or paid for 0 and 2
    assert m["share_formal_employer"] == pytest.approx(2 / 3)
    # non-learners: 3-7; wanted a course this year: 3 (person 6 wanted 13 months ago)
    assert m["share_nonlearners_no_wish"] == pytest.approx(4 / 5)
    # nobody learned formally: the employer share is undefined
    assert math.isnan(measures(workforce([0, 0]))["share_formal_employer"])


def test_gaps_by_education_and_age():
    w = workforce(formal=[bits(1), bits(1), 0, bits(4), 0, 0],
                  informal=[bits(0), bits(0), bits(0), bits(3), 0, bits(14)],
                  theoretical=[True, True, True, False, False, False],
                  age=[0, 0, 1, 2, 2, 0])
    m = measures(w)
    assert m["formal_theoretical"] == pytest.approx(2 / 3)
    assert m["formal_practical"] == pytest.approx(1 / 3)
    assert m["ratio_formal_theoretical_practical"] == pytest.approx(2.0)
    assert m["informal_gap_education"] == pytest.approx(3 / 3 - 1 / 3)
    # <35: people 0, 1, 5 -> 2/3 informal this year; 55+: people 3, 4 -> 1/2
    assert m["informal_gap_age"] == pytest.approx(2 / 3 - 1 / 2)
    # no practical learner: the education ratio is undefined (NaN), not infinite
    w = workforce(formal=[bits(0), 0], theoretical=[True, False])
    assert math.isnan(measures(w)["ratio_formal_theoretical_practical"])


def test_job_and_leader_shares_use_their_thresholds():
    w = workforce([0, 0, 0, 0])
    now = SimpleNamespace(autonomy=np.array([0.2, 0.5, 0.7, 0.9]),
                          variety=np.array([0.1, 0.2, 0.3, 0.5]),
                          attention=np.array([0.0, 0.1, 0.2, 0.3]))
    m = measures(w, now, stimulates_threshold=0.15)
    assert m["share_high_autonomy"] == pytest.approx(3 / 4)
    assert m["share_high_variety"] == pytest.approx(1 / 4)
    assert m["share_leader_stimulates"] == pytest.approx(2 / 4)


def test_gini_excess_is_the_gini_beyond_equal_chances():
    assert binomial_gini(12, 0.0) == 0.0 and binomial_gini(12, 1.0) == pytest.approx(0.0)
    assert 0 < binomial_gini(12, 0.3) < 1
    # everyone learned the same number of months: less unequal than chance, excess < 0
    same = workforce([bits(0, 1, 2)] * 10)
    m = measures(same)
    assert m["gini_learning_months"] == pytest.approx(0.0, abs=1e-12)
    assert m["gini_learning_excess"] == pytest.approx(-binomial_gini(12, 3 / 12))
    # a few learn every month, the rest never: far more unequal than chance
    split = workforce([bits(*range(12))] * 2 + [0] * 8)
    m = measures(split)
    assert m["gini_learning_months"] == pytest.approx(0.8)
    assert m["gini_learning_excess"] == pytest.approx(0.8 - binomial_gini(12, 0.2))
    assert m["gini_learning_excess"] > 0.4


# --- against a brute-force count ---------------------------------------------------------------
def _brute(w, p):
    """Every measure, one person and one month at a time, from the definitions in
    docs/measures.md."""
    n = w.n

    def had(h, i, months):
        return any((int(h[i]) >> m) & 1 for m in months)

    year, before, five = range(12), range(12, 24), range(60)
    formal = [had(w.hist_formal, i, year) for i in range(n)]
    informal = [had(w.hist_informal, i, year) for i in range(n)]
    months = [sum(had(w.hist_formal, i, [m]) or had(w.hist_informal, i, [m]) for m in year)
              for i in range(n)]
    inf_months = [sum(had(w.hist_informal, i, [m]) for m in year) for i in range(n)]

    def share(cond, of=None):
        idx = [i for i in range(n) if of is None or of[i]]
        return sum(cond[i] for i in idx) / len(idx) if idx else float("nan")

    prev = [had(w.hist_formal, i, before) for i in range(n)]
    not_prev = [not x for x in prev]
    again, new = share(formal, prev), share(formal, not_prev)
    return {
        "learning_months_mean": sum(months) / n,
        "share_learning_a_lot": share([m >= p["a_lot_months"] for m in months]),
        "share_informal_a_lot": share([m >= p["a_lot_months"] for m in inf_months]),
        "share_formal_employer": share([had(w.hist_employer, i, year) for i in range(n)],
                                       formal),
        "share_nonlearners_no_wish": share([not had(w.hist_wanted, i, year)
                                            for i in range(n)], [not f for f in formal]),
        "share_no_formal_5y": share([not had(w.hist_formal, i, five) for i in range(n)]),
        "formal_persistence_ratio": again / new if new > 0 else float("nan"),
        "gini_learning_months": gini_of_counts(np.array(months)),
    }


@settings(max_examples=60, deadline=None)
@given(data=st.data(), n=st.integers(1, 30), a_lot=st.integers(1, 12))
def test_measures_agree_with_a_brute_force_count(data, n, a_lot):
    # sparse and dense histories alike: mask random 64-bit words with a random density
    def draw(width):
        words = data.draw(st.lists(st.integers(0, 2**width - 1), min_size=n, max_size=n))
        masks = data.draw(st.lists(st.integers(0, 2**width - 1), min_size=n, max_size=n))
        return [a & b if i % 2 else a for i, (a, b) in enumerate(zip(words, masks))]

    w = workforce(draw(64), draw(32), draw(16), draw(16))
    p = {**DEFAULTS, "a_lot_months": a_lot}
    got = intensity_measures(p, w, now_for(n))
    for key, expected in _brute(w, p).items():
        if isinstance(expected, float) and math.isnan(expected):
            assert math.isnan(got[key]), key
        else:
            assert got[key] == pytest.approx(expected, rel=1e-12, abs=1e-12), key


# --- in a run ------------------------------------------------------------------------------------
def test_in_a_run_the_columns_are_read_from_the_histories():
    m = build_model("baseline", seed=8, n_employees=300, agents=False, spinup_months=24)
    for _ in range(13):
        m.step()
    w, last = m.workforce, m.timeseries().iloc[-1]
    assert last["participation_formal"] == pytest.approx(last_year(w.hist_formal).mean())
    assert last["participation_informal"] == pytest.approx(last_year(w.hist_informal).mean())
    expected = _brute(w, m.p)
    for key, value in expected.items():
        assert last[key] == pytest.approx(value, rel=1e-12, nan_ok=True), key
    # the monthly column is this month's bit
    assert last["participation_formal_month"] == pytest.approx(
        np.mean((w.hist_formal & np.uint64(1)) != 0))
    # a course lasts several months: formal months per learner are more than one on average
    formal_months = months_in_year(w.hist_formal)
    assert formal_months[formal_months > 0].mean() > 1.2
