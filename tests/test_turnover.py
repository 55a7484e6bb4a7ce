"""An open workforce (issue 19, part 1): ageing, retirement, leaving, hiring and flex contracts
made permanent, at the yearly rates of the registry; off by default."""

import numpy as np
import pytest

from llo_sim import build_model
from llo_sim.engine.turnover import keep_share, monthly
from llo_sim.engine.workforce import band_of, draw_ages

MOVES = ["hires_month", "retirements_month", "leavers_month", "flex_to_permanent_month"]


@pytest.fixture(scope="module")
def open_run():
    """Ten years of 3,000 employees, with the people before and after every month."""
    model = build_model("baseline", seed=4, n_employees=3000, agents=False,
                        open_workforce=True)
    w = model.workforce
    counted = {"perm": 0.0, "perm_left": 0, "flex": 0.0, "flex_left": 0, "converted": 0}
    teams = np.bincount(w.team)
    for _ in range(120):
        flex_before, age_before, who = w.flex.copy(), w.age_years.copy(), w.locus0.copy()
        model.step()
        replaced = w.locus0 != who               # a new person in this place (own traits)
        retired = age_before + 1 / 12 >= model.p["retirement_age"]
        counted["perm"] += np.count_nonzero(~flex_before) / 12
        counted["flex"] += np.count_nonzero(flex_before) / 12
        counted["perm_left"] += np.count_nonzero(replaced & ~retired & ~flex_before)
        counted["flex_left"] += np.count_nonzero(replaced & ~retired & flex_before)
        counted["converted"] += np.count_nonzero(flex_before & ~w.flex & ~replaced)
    return model, counted, teams


def test_a_closed_workforce_stays_as_it_was():
    model = build_model("baseline", seed=4, n_employees=300, agents=False)
    ages = model.workforce.age_years.copy()
    for _ in range(24):
        model.step()
    assert np.array_equal(model.workforce.age_years, ages)
    assert (model.timeseries()[MOVES] == 0).all().all()


def test_people_leave_and_convert_at_the_yearly_rates_of_the_registry(open_run):
    model, c, _ = open_run
    p = model.p
    # a rate is the chance to leave within a year for someone there all year: leavers per
    # person-year are twelve monthly chances (3,000 people x 10 years: errors of a few tenths
    # of a point for permanent staff, about a point for flex workers)
    assert c["perm_left"] / c["perm"] == pytest.approx(12 * monthly(p["leave_rate_permanent"]),
                                                       abs=0.006)
    assert c["flex_left"] / c["flex"] == pytest.approx(12 * monthly(p["leave_rate_flex"]),
                                                       abs=0.02)
    assert c["converted"] / c["flex"] == pytest.approx(12 * monthly(p["flex_to_permanent"]),
                                                       abs=0.02)
    ts = model.timeseries()
    yearly = ts[MOVES].iloc[1:].sum() / 10
    # those aged 55+ (a quarter) reach the retirement age within about 11 years
    assert 0.015 < yearly["retirements_month"] < 0.035


def test_everyone_ages_and_retires_at_the_retirement_age(open_run):
    model, _, _ = open_run
    w = model.workforce
    assert w.age_years.max() < model.p["retirement_age"]
    assert w.age_years.min() >= 20.0
    assert np.array_equal(w.age_band, band_of(w.age_years))


def test_hires_keep_the_composition_and_the_teams(open_run):
    model, _, teams = open_run
    w, p = model.workforce, model.p
    assert np.array_equal(np.bincount(w.team), teams)            # team sizes as set
    n = w.n
    for share, has in ((p["share_flex"], w.flex), (p["share_young"], w.age_band == 0),
                       (p["share_old"], w.age_band == 2),
                       (p["share_theoretical"], w.theoretical),
                       (p["share_care_duties"], w.care)):
        assert abs(np.count_nonzero(has) - share * n) <= 0.002 * n      # a few people


def test_a_hire_starts_without_a_learning_history_here():
    model = build_model("baseline", seed=2, n_employees=400, agents=False, open_workforce=True,
                        leave_rate_flex=1.0, leave_rate_permanent=0.5)
    w = model.workforce
    who = w.locus0.copy()
    model.step()            # about one in ten leaves within the month: new people
    new = w.locus0 != who
    assert new.mean() > 0.04
    assert (w.hist_formal[new] >> np.uint64(1) == 0).all()      # nothing before this month
    assert (w.hist_informal[new] >> np.uint32(1) == 0).all()
    assert (w.cum_learning[new] <= 1).all() and (w.n_career[new] <= 1).all()


def test_the_same_people_come_and_go_under_every_policy():
    """Common random numbers: who leaves and who is hired does not depend on the policy."""
    runs = []
    for scenario in ("baseline", "integrated"):
        model = build_model(scenario, seed=6, n_employees=500, agents=False,
                            open_workforce=True)
        for _ in range(36):
            model.step()
        runs.append((model.timeseries()[MOVES], model.workforce.age_years))
    assert runs[0][0].equals(runs[1][0]) and np.array_equal(runs[0][1], runs[1][1])


def test_monthly_chances_make_the_yearly_rate():
    for yearly in (0.0, 0.058, 0.255, 1.0):
        assert 1 - (1 - monthly(yearly)) ** 12 == pytest.approx(yearly)


def test_keep_share_fills_what_is_missing_and_no_more():
    rng = np.random.default_rng(1)
    staying = np.zeros(90, dtype=bool)
    staying[:15] = True                   # 15 of 90 staying have it; 20% of 100 = 20 wanted
    got = keep_share(rng, 0.2, staying, 100, 10)
    assert got.sum() == 5
    assert keep_share(rng, 0.0, staying, 100, 10).sum() == 0       # already too many: none
    assert keep_share(rng, 1.0, staying, 100, 10).sum() == 10       # at most every hire


def test_ages_are_drawn_within_the_age_bands():
    p = {"retirement_age": 66.1}
    bands = np.repeat(np.array([0, 1, 2], dtype=np.int8), 1000)
    ages = draw_ages(p, np.random.default_rng(0), bands)
    assert np.array_equal(band_of(ages), bands)
    assert ages.min() >= 20 and ages.max() < 66.1


def test_the_run_summary_says_who_came_and_went_a_year():
    from llo_sim import run
    from llo_sim.cli.summary import summary_lines

    opened = summary_lines(run("baseline", months=24, seed=1, n_employees=300,
                               open_workforce=True))
    line = next(x for x in opened if x.strip().startswith("people, a year"))
    assert "hired" in line and "left" in line and "retired" in line
    closed = summary_lines(run("baseline", months=24, seed=1, n_employees=300))
    assert not any("people, a year" in x for x in closed)
