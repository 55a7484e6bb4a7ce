"""The dashboard's parts that need no browser: figures, texts, controls, workshop steps."""

import re

import pandas as pd
import pytest
from matplotlib.figure import Figure

from llo_sim import build_model
from llo_sim.dashboard import views, workshop
from llo_sim.dashboard.controls import CONVERSION, KNOBS, WORKFORCE, knob_parameters, shown_value
from llo_sim.dashboard.i18n import PARAMS, TEXT, param_label, t
from llo_sim.dashboard.run_panel import chart_for
from llo_sim.dashboard.runs import Runner
from llo_sim.dashboard.simulation import (Simulation, has_history, mean_band, paired_difference,
                                          replication_seeds, run_series)
from llo_sim.engine.measures import HEADLINE
from llo_sim.engine.parameters import REGISTRY
from llo_sim.engine.scenario import load

TABS = ("participation", "inequality", "broek", "blocks", "teams", "budget")


RUNNER = Runner(0)       # in this process: the worker processes are tested on their own


@pytest.fixture(scope="module")
def sim():
    s = Simulation({**load("budget_only").parameters, "n_employees": 300}, 1,
                   {**load("baseline").parameters, "n_employees": 300}, runner=RUNNER)
    s.reset()
    s.step(14)
    return s


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_view_draws_with_a_text_alternative_of_its_numbers(sim, lang):
    frame = sim.frame()
    for tab in TABS:
        fig, alt, name = chart_for(tab, frame, lang, "Basis")
        assert isinstance(fig, Figure) and fig.axes, tab
        assert views.svg_bytes(fig)[:5] in (b"<?xml", b"<svg ")
        assert views.png_bytes(fig)[:4] == b"\x89PNG"
        assert alt.startswith(("Maand 14", "Month 14")), (tab, alt)
    fig, alt, _ = chart_for("participation", frame, lang, "Basis")
    assert f"{100 * frame.ts[HEADLINE].iloc[-1]:.0f}%" in alt        # the number shown
    assert fig.axes[0].get_xlabel() == ("Maand" if lang == "nl" else "Month")
    labels = [line.get_label() for line in fig.axes[0].get_lines()]
    assert any(label.startswith("Basis") for label in labels)         # the reference line


def test_month_zero_of_a_cold_start_shows_the_organisation_not_zero_percent():
    s = Simulation({**load("baseline").parameters, "n_employees": 200}, 1, None, runner=RUNNER)
    s.reset()
    frame = s.frame()
    if frame.measured:
        pytest.skip("the engine starts warm: month 0 has real 12-month histories")
    assert not frame.measured
    for tab in ("participation", "inequality", "broek", "budget"):
        assert chart_for(tab, frame, "nl", "")[2] == "building-blocks"
    s.step(1)
    assert s.frame().measured


def test_a_warm_start_counts_as_measured_at_month_zero():
    model = build_model("baseline", seed=1, n_employees=100, agents=False)
    model.workforce.last_informal[:10] = -3          # learned three months before the start
    assert has_history(model)


def test_every_text_has_dutch_and_english():
    for key, pair in TEXT.items():
        assert len(pair) == 2 and all(isinstance(p, str) for p in pair), key
        assert all(pair) or key.startswith("unit_"), key
    assert t("play", "nl") == "Afspelen" and t("play", "en") == "Play"
    assert t("leader", "nl") != "leader" and t("direct", "nl") != "direct"
    assert t(HEADLINE, "nl") != HEADLINE and t(HEADLINE, "en") != HEADLINE   # the headline


def test_every_control_is_a_registry_parameter_with_a_label_in_both_languages():
    shown = [n for k in KNOBS for n in knob_parameters(k)] + list(CONVERSION) + list(WORKFORCE)
    shown.append("n_employees")
    for name in shown:
        assert name in REGISTRY, name
        assert name in PARAMS, name
        nl, en = param_label(name, "nl")[0], param_label(name, "en")[0]
        assert nl != name and en != name and nl != en, name
        assert shown_value(name, REGISTRY[name].default, "nl")      # a value with its unit
    assert shown_value("budget_amount", 1000.0, "nl") == "EUR 1.000 per jaar"
    assert shown_value("budget_coverage", 0.35, "en") == "35%"
    assert shown_value("budget_procedure", "leader", "nl") == "Via de leidinggevende"


def _instruments(params):
    return {k: v for k, v in params.items()
            if k.endswith("_intensity") or k.startswith(("budget_", "flex_budget"))}


def test_each_workshop_step_raises_or_keeps_every_instrument_of_the_step_before():
    steps = [workshop.step_parameters(i) for i in range(len(workshop.STEPS))]
    assert steps[0] == load("budget_only").parameters
    for before, after in zip(steps, steps[1:]):
        for key, value in _instruments(before).items():
            if key == "budget_procedure":
                assert workshop.ORDER[key].index(after[key]) >= workshop.ORDER[key].index(value)
            elif not key.endswith("_start_month") and not key.endswith("_cost"):
                assert after[key] >= value, key
        assert after != before
    assert steps[1]["budget_amount"] == 1000.0 and steps[1]["budget_coverage"] == 1.0
    assert steps[-1] == load("integrated").parameters


def test_workshop_texts_follow_the_numbers():
    base = [run_series({**load("baseline").parameters, "n_employees": 100}, s, 3)[0]
            for s in (1, 2, 3)]
    up = [b.assign(**{HEADLINE: b[HEADLINE] + 0.10 + 0.01 * i}) for i, b in enumerate(base)]
    down = [b.assign(**{HEADLINE: b[HEADLINE] - 0.05}) for b in base]
    for lang in ("nl", "en"):
        rising = workshop.step_text(1, up, base, base, 2.0, lang)
        falling = workshop.step_text(1, down, base, base, 2.0, lang)
        flat = workshop.step_text(1, base, base, base, 2.0, lang)
        assert "+11" in rising and t("ws_down", lang)[:12] not in rising
        assert re.search(r"95%: \+9 t\w+ \+13", rising)    # paired interval, 3 replications
        assert t("ws_down", lang)[:12] in falling and "-5" in falling
        assert t("ws_flat", lang)[:12] in flat
        one = workshop.step_text(1, up[:1], base[:1], base[:1], 2.0, lang)
        assert "+10" in one and "95%" not in one         # one replication: no interval
        assert workshop.done_text(base, up, lang) != workshop.done_text(base, base, lang)


def test_workshop_steps_run_over_replications_with_bands():
    base, done = workshop.run_steps(2, 100, 5)
    assert len(base) == 4 and [len(runs) for runs, _ in done] == [4, 4]
    line = workshop.mean_run(done[1][0])
    assert {"low", "high", "participation_formal"} <= set(line.columns)
    assert (line["low"] <= line[HEADLINE] + 1e-12).all() and (line["high"] > line["low"]).any()
    again = workshop.run_steps(2, 100, 5)            # the next step reuses the steps before
    assert again[1][0][0] is done[0][0]
    ts, _ = run_series({**workshop.step_parameters(0), "n_employees": 100}, 5, workshop.MONTHS)
    assert ts.equals(done[0][0][0])                   # replication 0: the seed's own run


def test_replications_bands_and_paired_differences():
    seeds = replication_seeds(7, 4)
    assert seeds[0] == 7 and len(set(seeds)) == 4 and replication_seeds(7, 4) == seeds
    params = {**load("baseline").parameters, "n_employees": 100}
    runs = [run_series(params, s, 6)[0] for s in seeds]
    band = mean_band(runs)
    assert list(band.columns) == ["month", HEADLINE, "low", "high"]
    assert (band["low"] <= band[HEADLINE] + 1e-12).all()
    d, lo, hi = paired_difference(runs, runs)
    assert d == 0 and lo == 0 and hi == 0
    one = paired_difference(runs[:1], runs[:1])
    assert one[0] == 0 and one[1] != one[1]          # no interval from one run


def test_the_budget_offered_is_shown_beside_what_is_spent():
    """Equal cost means equal spend (issue 18): the cost view's costs are money spent, and
    the personal budget offered is its own column: the amount times the holders' share."""
    from llo_sim.dashboard.simulation import budget_offered, cost_and_effect

    model = build_model("baseline", seed=3, agents=False, n_employees=500)
    for _ in range(12):
        model.step()
    offered = budget_offered(model)
    assert offered == pytest.approx(500.0 * model.latest["budget_holders"])
    spent = cost_and_effect(model, model.timeseries())[0]
    assert 0 < spent < offered
    assert budget_offered(build_model("baseline", seed=3, agents=False, n_employees=200,
                                      budget_amount=0.0)) == 0.0


def test_a_presented_chart_has_no_text_under_the_projector_minimum():
    """Presenting (issue 21): every text of the chart at least PROJECTOR_MIN_PT on a smaller
    figure, so it is 24 px or more at the width the workshop's chart gets at 1280 x 720."""
    from matplotlib.text import Text

    from llo_sim.dashboard import views

    ts = pd.DataFrame({"month": [0, 1, 2], HEADLINE: [0.4, 0.45, 0.5],
                       "participation_formal": [0.5] * 3, "participation_informal": [0.9] * 3})
    fig, _ = views.bands([("a", ts)], "nl", big=True, reference=("b", ts))
    assert min(t.get_fontsize() for t in fig.findobj(Text) if t.get_text()) < 15
    fig = views.for_projector(fig)
    sizes = [t.get_fontsize() for t in fig.findobj(Text) if t.get_text()]
    assert min(sizes) >= views.PROJECTOR_MIN_PT
    width_px = fig.get_size_inches()[0] * 96            # CSS px of the SVG
    shown = 0.6 * 1250                                  # its column at 1280 x 720, presenting
    assert views.PROJECTOR_MIN_PT * 96 / 72 * shown / width_px >= 24
