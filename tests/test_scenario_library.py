"""The scenario library in scenarios/: every file loads, is documented in Dutch and English,
extends a scenario that exists and runs; the knob scenarios and integrated cannot drift apart."""

import tomllib

import pytest

from llo_sim import run
from llo_sim.engine.parameters import validate
from llo_sim.engine.scenario import available, find, load

SCENARIOS = available()
ROOT = "baseline"
KNOBS = ("richting_only", "ruimte_only", "ruggensteun_only")


def own(name: str) -> dict:
    """The file itself, as written (without what it inherits)."""
    with find(name).open("rb") as fh:
        return tomllib.load(fh)


def test_library_is_there():
    for name in (ROOT, "integrated", *KNOBS):
        assert name in SCENARIOS


@pytest.mark.parametrize("name", SCENARIOS)
def test_loads_with_texts_and_parent(name):
    data = own(name)
    for table in ("title", "description"):
        texts = data.get(table, {})
        for lang in ("nl", "en"):
            assert isinstance(texts.get(lang), str) and texts[lang].strip(), \
                f"{name}: [{table}] {lang} missing"
    if name == ROOT:
        assert "extends" not in data
    else:
        assert data.get("extends") in SCENARIOS, f"{name}: extends {data.get('extends')!r}"
    sc = load(name)
    assert sc.chain[0] == ROOT and sc.chain[-1] == name
    sc.parameters  # validates every value


@pytest.mark.parametrize("name", SCENARIOS)
def test_runs(name):
    result = run(name, months=6, seed=0, n_employees=200)
    ts = result.timeseries
    assert len(ts) == 7
    for col in ("participation_any", "participation_formal", "participation_informal"):
        assert ts[col].between(0, 1).all(), col


def test_integrated_is_the_union_of_the_three_knobs():
    union: dict = {}
    for knob in KNOBS:
        assert own(knob)["extends"] == ROOT
        for key, value in own(knob)["parameters"].items():
            assert union.get(key, value) == value, f"{knob} sets {key} differently"
            union[key] = value
    assert own("integrated")["extends"] == ROOT
    assert own("integrated")["parameters"] == union
    expected = validate({**load(ROOT).overrides, **union})
    assert load("integrated").parameters == expected


@pytest.mark.parametrize("single, knob", [
    ("budget_only", "ruimte_only"),
    ("career_platform_only", "ruimte_only"),
    ("leader_training_only", "ruggensteun_only"),
])
def test_one_measure_scenarios_match_their_knob(single, knob):
    """A measure has the same settings alone as within its knob (and so within integrated);
    only the budget procedure differs: via the leader alone, direct within ruimte."""
    knob_params = own(knob)["parameters"]
    for key, value in own(single)["parameters"].items():
        assert knob_params.get(key) == value, f"{single} sets {key} = {value}, {knob} does not"
    if single == "budget_only":
        assert load(single).parameters["budget_procedure"] == "leader"
        assert knob_params["budget_procedure"] == "direct"
