"""The model behaves as Mesa users expect (issue 20, point 4): ``run_model()`` ends, Mesa's
SolaraViz stops at the end of the run, and an agent asked to step alone says why it cannot."""

import warnings

import pytest

from llo_sim import LearningCultureModel
from llo_sim.engine.agents import ArrayEngineError, Employee, Leader
from llo_sim.engine.limits import RUN_MONTHS
from llo_sim.errors import LloSimError, ParameterError


def test_run_model_ends_after_the_runs_months_with_a_row_per_month():
    model = LearningCultureModel(rng=1, n_employees=60, months=7)
    model.run_model()
    assert (model.month, model.running) == (7, False)
    assert len(model.datacollector.get_model_vars_dataframe()) == 8      # month 0 and 1-7


def test_run_model_without_months_runs_the_command_lines_months():
    model = LearningCultureModel(rng=1, n_employees=40)
    model.run_model()
    assert (model.month, model.running) == (RUN_MONTHS, False)


def test_stepping_past_the_end_says_where_it_ended_and_how_to_go_on():
    model = LearningCultureModel(rng=1, n_employees=40, months=2)
    while model.running:
        model.step()
    with pytest.raises(LloSimError, match=r"ended at month 2 \(months=2\)"):
        model.step()
    model.running = True                      # going on, one month at a time
    model.step()
    assert (model.month, model.running) == (3, False)


def test_without_an_end_the_model_steps_as_long_as_asked():
    model = LearningCultureModel(rng=1, n_employees=40, months=None)
    for _ in range(RUN_MONTHS + 5):
        model.step()
    assert model.running and model.month == RUN_MONTHS + 5


def test_the_same_months_give_the_same_numbers_by_run_model_or_by_steps():
    a = LearningCultureModel(rng=3, n_employees=80, months=6)
    a.run_model()
    b = LearningCultureModel(rng=3, n_employees=80)
    for _ in range(6):
        b.step()
    assert a.timeseries().equals(b.timeseries())


@pytest.mark.parametrize("months", [0, -3, 2.5, "12", True])
def test_a_bad_number_of_months_is_a_clear_error(months):
    with pytest.raises(ParameterError, match="months"):
        LearningCultureModel(rng=1, n_employees=40, months=months)


@pytest.mark.parametrize("kind", [Employee, Leader])
def test_an_agent_asked_to_step_alone_explains_the_array_engine(kind):
    model = LearningCultureModel(rng=1, n_employees=40)
    agent = model.agents_by_type[kind][0]
    with pytest.raises(ArrayEngineError, match=r"model\.step\(\).*llo_sim\.engine\.rules"):
        agent.step()
    with pytest.raises(NotImplementedError):
        model.agents_by_type[kind].do("step")         # Mesa's way, the same answer


def test_solaraviz_takes_months_and_stops_playing_at_the_end():
    solara = pytest.importorskip("solara")
    viz = pytest.importorskip("mesa.visualization")
    from mesa.visualization.solara_viz import _check_model_params

    _check_model_params(LearningCultureModel.__init__, {"months": 24, "rng": 1})
    model = LearningCultureModel(rng=1, n_employees=60, months=3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # a hooks lint inside Mesa itself
        page = viz.SolaraViz(model, components=[viz.make_plot_component("participation_any")],
                             model_params={"months": viz.Slider("Months", 3, 1, 240, 1)})
        solara.render(page, handle_error=False)
    while model.running:                          # what SolaraViz's Play loop checks
        model.step()
    assert model.month == 3
