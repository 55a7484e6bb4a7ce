"""The results users come for, from the mechanisms (issue: scenarios and comparisons).

These run real comparisons with fixed seeds and enough replications for the 95% intervals of
the paired differences to be clear of zero; nothing here is coded into a scenario.
"""

import numpy as np
import pytest

from llo_sim import build_model
from llo_sim.study.compare import compare
from llo_sim.engine.histories import last_year
from llo_sim.engine.measures import HEADLINE

SINGLE = ("budget_only", "career_platform_only", "leader_training_only", "richting_only",
          "ruimte_only", "ruggensteun_only")
SETTINGS = dict(replications=6, seed=2024, months=60, n_employees=800)


@pytest.fixture(scope="module")
def comparison():
    return compare(["integrated", *SINGLE], **SETTINGS)


@pytest.mark.parametrize("single", SINGLE)
def test_integrated_beats_every_single_measure(comparison, single):
    """Participation in the last 12 months is higher with all three knobs turned together
    than with any single measure or knob (paired over common random numbers)."""
    d = comparison.differences().set_index(["scenario", "measure"])
    diff = d.loc[(single, "participation_any")]
    assert diff["ci_high"] < 0, (single, diff.to_dict())   # single minus integrated
    formal = d.loc[(single, "participation_formal")]
    assert formal["ci_high"] < 0


def test_a_single_instrument_moves_little_compared_with_the_integrated_approach(comparison):
    """On the headline (learning in at least 6 of the last 12 months), which does not
    saturate; across the ensemble this holds in every world (docs/results.md)."""
    d = comparison.differences().set_index(["scenario", "measure"])
    for single in ("budget_only", "career_platform_only", "leader_training_only"):
        gap = -d.loc[(single, HEADLINE), "mean_difference"]
        assert gap > 0.1, single


def _budget_use_by_position(seed: int):
    m = build_model("budget_only", seed=seed, agents=False, n_employees=2000)
    for _ in range(36):
        m.step()
    w = m.workforce
    holders = m.now.has_budget
    used = holders & last_year(w.hist_budget)       # started a budget course this year
    high = w.agency >= np.median(w.agency)
    return (used[holders & w.in_position].mean(), used[holders & ~w.in_position].mean(),
            w.in_position[used].mean(), w.in_position[holders].mean(),
            high[used].mean())


def test_the_budget_alone_is_used_mostly_by_those_who_can_already_direct_themselves():
    """Seed 003: mostly those who can already direct themselves benefit. With a budget for
    everyone and nothing else, those in a realistic position to learn (agency and good
    conversion at the start) use it more, and most users have above-median agency.

    The direction is the seed's claim; its size is not sourced, so the test asks for the
    direction only (measured with the recalibrated defaults: uptake 0.46-0.48 in a realistic
    position against 0.35-0.40 outside it, ratios 1.15-1.35; 59-60% of users have
    above-median agency)."""
    results = np.array([_budget_use_by_position(seed) for seed in range(3)])
    uptake_in, uptake_out, share_users, share_holders, high_agency = results.T
    assert np.all(uptake_in > uptake_out)
    assert np.all(share_users > share_holders)
    assert np.all(high_agency > 0.55)
