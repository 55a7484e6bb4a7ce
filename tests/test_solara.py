"""Mesa's SolaraViz accepts the model unchanged (the dashboard itself is a later issue)."""

import warnings

import pytest

solara = pytest.importorskip("solara")
viz = pytest.importorskip("mesa.visualization")

from llo_sim import LearningCultureModel  # noqa: E402


def test_solaraviz_renders_the_model_with_a_plot():
    model = LearningCultureModel(rng=1, n_employees=100)
    params = {"n_employees": viz.Slider("Employees", 100, 10, 1000, 10),
              "budget_procedure": {"type": "Select", "value": "leader",
                                   "values": ["leader", "direct"], "label": "Procedure"}}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # a hooks lint inside Mesa itself
        page = viz.SolaraViz(model, components=[viz.make_plot_component("participation_any")],
                             model_params=params)
        box, rc = solara.render(page, handle_error=False)
    import ipywidgets

    plots = rc.find(ipywidgets.Image).widgets       # the participation plot was drawn
    assert len(plots) == 1 and len(plots[0].value) > 1000


def test_solaraviz_rejects_a_parameter_the_model_does_not_have():
    from mesa.visualization.solara_viz import _check_model_params

    _check_model_params(LearningCultureModel.__init__, {"n_employees": 10, "rng": 1})
    with pytest.raises(ValueError, match="no_such_param"):
        _check_model_params(LearningCultureModel.__init__, {"no_such_param": 1})
