"""The dashboard's policy view without a browser: the small search, the current mix on the
same worlds, the small discovery, cancelling, and the figure and texts (issue 11, point 4)."""

import threading

import pytest

from llo_sim.dashboard import best_mix
from llo_sim.dashboard.policy_panel import plane
from llo_sim.dashboard.simulation import Cancelled
from llo_sim.engine.scenario import load

TINY_SEARCH = {"employees": 60, "months": 24, "evaluations": 6, "worlds": 2, "final_worlds": 2}
TINY_DISCOVERY = {"design_size": 16, "employees": 60, "months": 24}


@pytest.fixture
def tiny(monkeypatch):
    monkeypatch.setattr(best_mix, "SEARCH", TINY_SEARCH)
    monkeypatch.setattr(best_mix, "DISCOVERY", TINY_DISCOVERY)
    monkeypatch.setattr(best_mix, "WORKERS", 1)


@pytest.fixture(scope="module")
def params():
    return {**load("budget_only").parameters, "n_employees": 1000, "share_flex": 0.3}


def test_the_settings_split_into_organisation_and_policy(params):
    organisation, levers = best_mix.split(params)
    assert organisation == {"share_flex": 0.3}                 # employees are set apart
    assert levers["budget_amount"] == 1000 and "share_flex" not in levers
    assert best_mix.base_scenario(params).overrides == organisation
    assert best_mix.current_scenario(params).overrides == {**organisation, **levers}


def test_a_small_search_gives_a_front_within_budget_and_the_current_mix(tiny, params):
    progress = best_mix.Progress()
    found = best_mix.search(300, params, 3, progress)
    front = found["front"]
    assert len(front) >= 1 and front["recommended"].sum() <= 1
    recommended = front[front["recommended"]]
    assert (recommended["cost_p90"] <= 300).all()                # within the budget
    assert set(found["mixes"]) == set(front["name"])
    assert progress.total > 0 and progress.done == progress.total
    cur = found["current"]
    assert 0 <= cur["headline_p10"] <= 1 and cur["cost_per_employee_year"] > 0
    assert "integrated" in set(found["shipped"]["scenario"])    # the library beside them
    fig, alt = plane(found, "nl")
    assert alt.startswith("Kosten per medewerker") and "Huidige mix: EUR" in alt
    assert "A: EUR" in alt and alt.count("EUR") == 1 + len(front) + len(found["shipped"])
    again = best_mix.search(300, params, 3, best_mix.Progress())   # runs read back, not redone
    assert again["front"].equals(front) and again["current"] == cur


def test_a_cancelled_search_or_discovery_stops_at_its_next_run(tiny, params):
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        best_mix.search(250, params, 4, best_mix.Progress(), cancel)
    with pytest.raises(Cancelled):
        best_mix.failures(params, 5, 4, best_mix.Progress(), cancel)


def test_a_small_discovery_says_when_the_current_mix_fails(tiny, params):
    found = best_mix.failures(params, 5, 2, best_mix.Progress())
    assert found["n"] == TINY_DISCOVERY["design_size"] and 0 <= found["fails"] <= found["n"]
    assert found["low"] <= found["difference"] <= found["high"]
    nl, en = best_mix.describe_failures(found, "nl"), best_mix.describe_failures(found, "en")
    assert nl and en and "de huidige mix" in nl[0] and "the current mix" in en[0]


def test_a_mix_is_told_with_the_controls_labels_and_units():
    text = best_mix.mix_summary({"budget_amount": 400.0, "budget_procedure": "direct",
                                 "job_crafting_intensity": 0.35, "coaches_intensity": 0.01,
                                 "share_flex": 0.2}, "nl")
    assert "EUR 400 per jaar" in text and "0,35" in text
    assert "buddy" not in text.lower() and "flex" not in text.lower()    # ~0, not a lever
