"""Sector presets change employer training relative to the calibrated world (llo_sim.engine.sector)."""

import numpy as np
import pytest

from llo_sim.study.ensemble import load_ensemble
from llo_sim.study.runs import simulate
from llo_sim.engine.parameters import validate
from llo_sim.engine.scenario import load
from llo_sim.engine.sector import offer_with_ratio, with_employer_training


def test_ratio_one_leaves_the_world_untouched():
    p = validate({})
    assert with_employer_training(p) is p


@pytest.mark.parametrize("offer", [0.0, 0.3, 0.8271, 1.0])
def test_offer_odds_move_the_right_way_and_stay_a_share(offer):
    up, down = offer_with_ratio(offer, 4 / 3), offer_with_ratio(offer, 2 / 3)
    assert 0.0 <= down <= offer <= up <= 1.0
    if 0 < offer < 1:
        assert down < offer < up
        odds = lambda x: x / (1 - x)  # noqa: E731
        assert odds(up) / odds(offer) == pytest.approx(4 / 3)


@pytest.mark.parametrize("preset, direction", [("care_organisation", 1), ("large_organisation", 1),
                                               ("sme", -1)])
def test_presets_move_training_the_same_way_in_every_world(preset, direction):
    """A preset once overwrote the offer with 0.4 while the calibrated worlds have 0.3-1.0, so
    'more training in care' meant less in most worlds. Now it is a ratio: same direction in
    every member of the ensemble."""
    ratio = load(preset).parameters["employer_training_ratio"]
    assert (ratio - 1) * direction > 0
    ens = load_ensemble()
    for i in range(0, len(ens), 9):
        world = validate({**ens.member(i), "employer_training_ratio": ratio})
        eff = with_employer_training(world)
        assert (eff["base_offer"] - world["base_offer"]) * direction >= 0
        assert (eff["organised_rate"] - world["organised_rate"]) * direction > 0


def test_more_employer_training_means_more_formal_learning():
    def formal_share(ratio):
        params = validate({"n_employees": 400, "employer_training_ratio": ratio})
        ts = simulate(params, 3, 12).timeseries()
        return float(ts["participation_formal"].iloc[-1])
    low, mid, high = (formal_share(r) for r in (0.5, 1.0, 2.0))
    assert low < mid < high
