"""docs/extending.md is a worked example: run its code blocks and check what the text claims."""

import re
from pathlib import Path

import numpy as np
import pytest

from llo_sim.engine import instruments
from llo_sim.engine import parameters

DOC = Path(__file__).resolve().parents[1] / "docs" / "extending.md"


@pytest.fixture
def doc_namespace():
    """Execute the python blocks of the document in order; undo the registrations after."""
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(), flags=re.S)
    assert len(blocks) >= 5
    n_params, n_instruments = len(parameters.REGISTRY_LIST), len(instruments.INSTRUMENTS)
    ns: dict = {}
    try:
        for block in blocks:
            exec(compile(block, str(DOC), "exec"), ns)
        yield ns
    finally:
        for p in parameters.REGISTRY_LIST[n_params:]:
            del parameters.REGISTRY[p.name], parameters.DEFAULTS[p.name]
        del parameters.REGISTRY_LIST[n_params:]
        del instruments.INSTRUMENTS[n_instruments:]


def test_mentoring_helps_the_practically_educated_only(doc_namespace):
    ns = doc_namespace
    without, with_m = ns["without"], ns["with_mentoring"]
    practical = ~without.workforce.theoretical
    assert ns["kunnen_gain"] > 0.01
    assert (with_m.workforce.durven[practical] >= without.workforce.durven[practical]).all()
    np.testing.assert_array_equal(with_m.workforce.durven[~practical],
                                  without.workforce.durven[~practical])
    assert with_m.timeseries()["cost_ruggensteun"].iloc[-1] > 0
    assert "mentoring_intensity" in parameters.REGISTRY


def test_urgency_rule_lowers_willen_and_agency(doc_namespace):
    ns = doc_namespace
    plain, backfire = ns["plain"], ns["backfire"]
    assert backfire.workforce.willen.mean() < plain.workforce.willen.mean()
    assert (backfire.workforce.willen <= plain.workforce.willen + 1e-12).all()
    assert (backfire.workforce.agency <= plain.workforce.agency + 1e-12).all()
    # without the campaign the rule changes nothing
    a = ns["llo_sim"].LearningCultureModel(rng=2, n_employees=300, agents=False)
    b = ns["UrgencyModel"](rng=2, n_employees=300, agents=False)
    for _ in range(2):          # month 0 (after the spin-up) and month 1
        np.testing.assert_array_equal(a.workforce.willen, b.workforce.willen)
        a.step()
        b.step()


def test_registrations_are_undone_after_the_example():
    assert "mentoring_intensity" not in parameters.REGISTRY
    assert all(c.key != "mentoring" for c in instruments.INSTRUMENTS)
