"""The whole answer of a setting (issue 21): every month of every replication computed at
once, kept, the same in worker processes as in this one; the month shown only moves through
it; the answer at a horizon, the hover read-outs and the glossary."""

import math
import pathlib
import re

import numpy as np
import pytest

from llo_sim.dashboard import runs, views
from llo_sim.dashboard.glossary import GLOSSARY, TERMS, definition
from llo_sim.dashboard.run_panel import GLOSSED, chart_for
from llo_sim.dashboard.runs import Runner
from llo_sim.dashboard.simulation import (HORIZON, Simulation, mean_interval,
                                          reference_parameters)
from llo_sim.engine.measures import HEADLINE
from llo_sim.engine.scenario import load

RUNNER = Runner(0)
DOCS = pathlib.Path(__file__).resolve().parents[1] / "docs"


def small(name: str, n: int = 150, **more) -> dict:
    return {**load(name).parameters, "n_employees": n, **more}


@pytest.fixture(scope="module")
def sim():
    base = small("baseline")
    return Simulation(small("budget_only"), 3, reference_parameters(base, small("budget_only")),
                      reps=3, runner=RUNNER)


def test_a_setting_is_computed_whole_to_the_horizon_for_every_replication(sim):
    assert sim.month == HORIZON                          # the whole answer is shown first
    assert len(sim.runs) == len(sim.ref_runs) == 3
    for run in sim.runs + sim.ref_runs:
        assert list(run.ts["month"]) == list(range(HORIZON + 1))
    first = sim.runs[0]
    assert len(first.blocks) == len(first.teams) == HORIZON + 1        # each month's picture
    assert sim.runs[1].blocks == ()                                    # replication 0 only
    frame = sim.frame()
    assert frame.month == HORIZON and len(frame.ts) == HORIZON + 1
    assert frame.band is not None and (frame.band["low"] <= frame.band["high"]).all()


def test_play_and_the_steps_show_months_of_the_finished_run(sim):
    """Moving through the run computes nothing: the frame at month 6 is the first 7 rows."""
    before = runs.MONTHS_RUN[0]
    sim.reset()
    assert sim.frame().month == 0
    sim.step(6)
    frame = sim.frame()
    own = sim.runs[0].ts.iloc[:7]
    assert frame.month == 6 and len(frame.ts) == 7
    assert frame.ts["participation_formal"].equals(own["participation_formal"])  # the seed's
    assert np.array_equal(frame.ts[HEADLINE], frame.band[HEADLINE])    # banded: the mean
    assert frame.band["low"].size == 7 and frame.blocks == sim.runs[0].blocks[6]
    d, lo, hi = frame.diff
    assert lo <= d <= hi
    sim.step(500)                                        # never beyond the horizon
    assert sim.month == HORIZON
    assert runs.MONTHS_RUN[0] == before


def test_the_answer_at_a_horizon_is_the_runs_value_there(sim):
    p, r, (d, lo, hi) = sim.at(60)
    assert p == pytest.approx(np.mean([run.ts[HEADLINE].iloc[60] for run in sim.runs]))
    assert r == pytest.approx(np.mean([run.ts[HEADLINE].iloc[60] for run in sim.ref_runs]))
    assert d == pytest.approx(p - r) and lo < d < hi        # one story: mean, mean, difference
    assert p == pytest.approx(sim._bands[HEADLINE][0][HEADLINE].iloc[60])   # the band's centre
    assert math.isnan(mean_interval([0.1])[1])                          # one: no interval


def test_runs_are_kept_so_a_setting_seen_before_costs_nothing():
    runner = Runner(0)
    params = small("baseline", 120)
    before = runs.MONTHS_RUN[0]
    first = Simulation(params, 5, params, reps=2, runner=runner)
    assert runs.MONTHS_RUN[0] - before == 2 * HORIZON      # the reference: the same runs
    again = Simulation(params, 5, params, reps=2, runner=runner)
    assert runs.MONTHS_RUN[0] - before == 2 * HORIZON      # kept: nothing computed
    assert again.runs[0] is first.runs[0]


def test_a_kept_run_without_snapshots_is_run_again_when_they_are_wanted():
    """The current settings equal to the reference, after that run was kept as a reference
    (without each month's blocks and teams): the views still get their pictures."""
    runner = Runner(0)
    base = small("baseline", 100)
    Simulation(small("integrated", 100), 2, base, reps=1, runner=runner)   # base kept bare
    same = Simulation(base, 2, base, reps=1, runner=runner)
    assert len(same.runs[0].blocks) == HORIZON + 1
    same.reset()
    assert same.frame().blocks == same.runs[0].blocks[0]


def test_worker_processes_give_the_same_numbers_as_this_process():
    """Reproducible serial or parallel: two worker processes (compiled kernels at every
    size there) and this process compute the same runs, bit for bit."""
    from llo_sim.engine import expressions

    params = small("integrated", 100, share_flex=0.3)
    here = Simulation(params, 9, None, reps=3, runner=Runner(0))
    compiled, threshold = dict(expressions._KERNELS), expressions.COMPILED_FROM
    try:      # the workers' kernels on disk first, so that they run compiled, not numpy
        expressions.COMPILED_FROM = 0
        Simulation(params, 8, None, reps=1, runner=Runner(0))
        expressions.wait_for_kernels()
        assert expressions._KERNELS != compiled
    finally:
        expressions.COMPILED_FROM = threshold
    pool = Runner(2)
    try:
        there = Simulation(params, 9, None, reps=3, runner=pool)
    finally:
        pool.close()
    for a, b in zip(here.runs, there.runs):
        assert a.ts.equals(b.ts)
    assert here.runs[0].blocks == there.runs[0].blocks


def test_a_time_series_chart_reads_out_every_line_at_every_month(sim):
    sim.reset()
    sim.step(24)
    frame = sim.frame()
    fig, _, _ = chart_for("participation", frame, "nl", "Basis")
    views.svg_bytes(fig)
    (axes,) = views.readout_spec(fig)
    assert axes["months"] == list(range(25)) and 0 < axes["left"] < axes["right"] < 1
    assert 0 < axes["top"] < axes["bottom"] < 1
    headline = axes["rows"][0]
    assert len(headline["texts"]) == 25
    assert headline["texts"][24].startswith(f"{100 * frame.ts[HEADLINE].iloc[24]:.0f}%")
    assert "95%" in headline["texts"][24]                             # with its band
    assert axes["rows"][-1]["label"] == "Basis"                       # the reference
    fig, _, _ = chart_for("inequality", frame, "nl", "Basis")
    views.svg_bytes(fig)
    left, right = views.readout_spec(fig)
    assert left["right"] < right["left"]                               # side by side
    assert re.fullmatch(r"\d,\d\d( \(95%: .*\))?", right["rows"][0]["texts"][3])  # Dutch comma
    fig, _, _ = chart_for("blocks", frame, "nl", "Basis")
    assert views.readout_spec(fig) == []                              # not a time series


def test_every_glossary_term_is_a_measure_defined_in_the_measures_page():
    page = (DOCS / "measures.md").read_text(encoding="utf-8")
    for measure, (nl, en) in GLOSSARY.items():
        assert f"`{measure}`" in page, measure
        assert nl and en and nl != en
    for measures in GLOSSED.values():
        assert all(definition(m, "en") for m in measures)
    assert set(TERMS) <= set(GLOSSARY)
    # the one definition of the education gap, as the cost and best mix tabs compute it
    assert "theoretically than the practically" in definition(
        "ratio_formal_theoretical_practical", "en")


def test_the_cost_tab_reads_the_same_runs_as_the_answer():
    """One meaning, one run: the cost tab's current mix and standard policy at the horizon
    are the answer's numbers at that horizon (the seed's own run and its reference)."""
    from llo_sim.dashboard.cost_view import measure, measure_all, policies_on

    params = small("budget_only", 200)
    base = small("baseline", 200)
    sim = Simulation(params, 4, reference_parameters(base, params), reps=2, runner=RUNNER)
    (_, standard), *_ = policies_on(params)
    current, reference = measure_all([("now", params), ("standard", standard)], 4, 36,
                                     runner=RUNNER, reps=2)
    p, r, _ = sim.at(36)
    assert current.headline == pytest.approx(p) and reference.headline == pytest.approx(r)
    (own,) = measure_all([("now", params)], 4, 36, runner=RUNNER, reps=1)
    direct = measure("now", params, 4, None, month=36)     # the seed's run stopped at month 36
    assert (direct.cost, direct.headline, direct.gap, direct.offered) == pytest.approx(
        (own.cost, own.headline, own.gap, own.offered), rel=1e-12)
