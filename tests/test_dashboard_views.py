"""The dashboard's parts that need no browser: figures, texts, controls, workshop steps."""

import pytest
from matplotlib.figure import Figure

from llo_sim import build_model
from llo_sim.dashboard import views
from llo_sim.dashboard.app import WORKSHOP, run_months, workshop_parameters
from llo_sim.dashboard.controls import CONVERSION, KNOBS, WORKFORCE, knob_parameters
from llo_sim.dashboard.i18n import PARAMS, TEXT, param_label, t
from llo_sim.parameters import REGISTRY
from llo_sim.scenario import load


@pytest.fixture(scope="module")
def model():
    m = build_model("baseline", seed=1, n_employees=300, agents=False)
    for _ in range(14):
        m.step()
    return m


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_view_draws(model, lang):
    ts = model.timeseries()
    figs = [views.participation(ts, lang), views.inequality(ts, lang),
            views.broek_groups(ts, lang), views.blocks_by_group(model, lang),
            views.teams(model, lang), views.budget(ts, lang),
            views.lines([("a", ts), ("b", ts)], lang, big=True)]
    for fig in figs:
        assert isinstance(fig, Figure) and fig.axes
        assert views.png_bytes(fig)[:4] == b"\x89PNG"
    label = figs[0].axes[0].get_xlabel()
    assert label == ("Maand" if lang == "nl" else "Month")


def test_every_text_has_dutch_and_english():
    for key, pair in TEXT.items():
        assert len(pair) == 2 and all(pair), key
    assert t("play", "nl") == "Afspelen" and t("play", "en") == "Play"


def test_every_control_is_a_registry_parameter_with_a_label_in_both_languages():
    shown = [n for k in KNOBS for n in knob_parameters(k)] + list(CONVERSION) + list(WORKFORCE)
    shown.append("n_employees")
    for name in shown:
        assert name in REGISTRY, name
        assert name in PARAMS, name
        nl, en = param_label(name, "nl")[0], param_label(name, "en")[0]
        assert nl != name and en != name and nl != en, name
    assert "leader_training_intensity" in knob_parameters("ruggensteun")
    assert "budget_procedure" in knob_parameters("ruimte")


def test_workshop_steps_add_up_to_the_integrated_approach():
    steps = [workshop_parameters(i) for i in range(len(WORKSHOP))]
    assert steps[0] == load("budget_only").parameters
    richting = load("richting_only").overrides
    assert all(steps[1][k] == v for k, v in richting.items())
    ruggensteun = load("ruggensteun_only").overrides
    assert all(steps[2][k] == v for k, v in {**richting, **ruggensteun}.items())
    assert steps[3] == load("integrated").parameters
    ts = run_months({**steps[0], "n_employees": 100}, 1, 3)
    assert list(ts["month"]) == [0, 1, 2, 3]
