"""The "Cost and effect" tab (issue 21, point 4) and one meaning of the education gap (point 3):
policies only, on the organisation on screen; a sentence computed from the numbers, whichever
way they come out; numbers that do not overlap; a colour scale that spans the values shown."""

import numpy as np
import pytest

from llo_sim.dashboard import checks
from llo_sim.dashboard.cost_view import (
    Point,
    chart,
    label_offsets,
    measure,
    policies_on,
    policy_scenarios,
    sentence,
)
from llo_sim.engine.parameters import REGISTRY
from llo_sim.engine.policy import is_lever

ORGANISATIONS = {"care_organisation", "sme", "technical_organisation", "large_organisation",
                 "reorganisation"}


def test_only_policies_are_plotted_never_organisation_types():
    names = policy_scenarios()
    assert "budget_only" in names and "integrated" in names
    assert not ORGANISATIONS & set(names) and "baseline" not in names


def test_every_policy_runs_on_the_organisation_on_screen():
    care = checks.scenario("care_organisation").parameters
    runs = policies_on(care)
    assert runs[0][0] == "baseline"
    standard = checks.scenario("baseline").parameters
    for name, params in runs:
        for key, value in params.items():
            if not is_lever(key, REGISTRY[key].group):
                assert value == care[key], (name, key)      # the organisation is kept
    levers = {k for k in standard if is_lever(k, REGISTRY[k].group)}
    assert all(runs[0][1][k] == standard[k] for k in levers)    # the standard policy
    budget = dict(runs)["budget_only"]
    assert budget["budget_amount"] == checks.scenario("budget_only").overrides["budget_amount"]


def test_the_gap_is_the_one_measure_of_the_docs():
    """Theoretical over practical formal learning in the last 12 months (1 = equal)."""
    params = {**checks.scenario("baseline").parameters, "n_employees": 300}
    p = measure("x", params, 3, None)
    from llo_sim.dashboard.simulation import run_series

    ts, _ = run_series(params, 3, 60)
    assert p.gap == pytest.approx(ts["formal_theoretical"].iloc[-1]
                                  / ts["formal_practical"].iloc[-1])
    assert p.gap > 1                           # the theoretically educated learn more


STANDARD = Point("Standaardbeleid", 100.0, 0.50, 2.0, 150.0)


@pytest.mark.parametrize("current, words", [
    (Point("mix", 600.0, 0.60, 1.8, 0.0), ["EUR 500 meer", "10,0 procentpunt meer", "0,20 extra"]),
    (Point("mix", 600.0, 0.48, 1.8, 0.0), ["EUR 500 meer", "niet meer mensen", "2,0"]),
    (Point("mix", 50.0, 0.55, 1.8, 0.0), ["EUR 50 minder", "5,0 procentpunt meer"]),
    (Point("mix", 50.0, 0.45, 1.8, 0.0), ["EUR 50 minder", "5,0 procentpunt minder"]),
    (Point("mix", 100.2, 0.501, 2.0, 0.0), ["hetzelfde"]),
])
def test_the_sentence_follows_the_numbers_whichever_way(current, words):
    text = sentence(current, STANDARD, [], "nl")
    for w in words:
        assert w in text, (w, text)


def test_the_sentence_names_what_buys_most_per_euro():
    points = [Point("A", 300.0, 0.52, 2.0, 0.0), Point("B", 1100.0, 0.70, 2.0, 0.0),
              Point("C", 90.0, 0.60, 2.0, 0.0)]        # C is cheaper: no per-euro figure
    text = sentence(points[1], STANDARD, points, "en")
    assert "B buys most" in text and "0.20 extra" in text


def test_numbers_beside_close_dots_do_not_overlap():
    xy = np.array([[100.0, 100.0], [104.0, 102.0], [98.0, 97.0], [101.0, 104.0],
                   [300.0, 50.0]])
    offsets = label_offsets(xy)
    boxes = [(x + dx, y + dy) for (x, y), (dx, dy) in zip(xy, offsets)]
    for i, (ax, ay) in enumerate(boxes):
        for bx, by in boxes[i + 1:]:
            assert abs(ax - bx) >= 14 or abs(ay - by) >= 11


def test_a_number_keeps_off_the_star_even_on_the_same_spot():
    """The current mix often is a library policy (the star on its dot): its number moves."""
    xy = np.array([[100.0, 100.0], [200.0, 150.0]])
    (dx, dy), _ = label_offsets(xy, obstacles=np.array([[100.0, 100.0]]))
    assert not (-12 < dx < 12 and -12 < dy < 12)
    assert (dx, dy) != (5, 3)


def test_the_colour_scale_spans_the_values_shown():
    points = [Point(str(i), 100.0 * i, 0.5 + 0.02 * i, 1.9 + 0.05 * i, 0.0) for i in range(5)]
    fig, alt = chart(points, Point("mix", 250.0, 0.6, 2.3, 0.0), "nl")
    scale = fig.axes[0].collections[0].norm
    assert scale.vmin == pytest.approx(1.9) and scale.vmax == pytest.approx(2.3)
    assert "2,30" in alt                        # Dutch decimals in the text alternative
