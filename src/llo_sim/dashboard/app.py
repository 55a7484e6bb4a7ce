"""The dashboard: what-if runs, side-by-side scenarios and a workshop, in Dutch and English.

Start it with ``llo-sim dashboard``. Every piece of state lives in hooks of the ``Page``
component, so each browser session has its own model: one person's clicks never move
another's simulation.
"""

from __future__ import annotations

import threading
import time

import solara
import solara.lab

from ..errors import LloSimError
from ..model import LearningCultureModel
from ..parameters import REGISTRY, validate
from ..scenario import available, load
from . import views
from .controls import CONVERSION, KNOBS, WORKFORCE, ParamControl, knob_parameters
from .i18n import LANGUAGES, WORKSHOP, t

HORIZON = 120          # months "play" runs to
PLAY_DELAY = 0.15      # seconds between months while playing, so a room can follow
CSS = """
.llo-header h1 { margin: 0; font-size: 1.6em; }
.llo-month { font-size: 1.3em; font-weight: 600; }
.llo-workshop { font-size: 1.35em; line-height: 1.45; }
.llo-workshop h2 { font-size: 1.5em; }
.llo-control { margin-bottom: 4px; }
"""


def build(params: dict, seed: int) -> LearningCultureModel:
    """A fresh model at month 0."""
    return LearningCultureModel(rng=seed, agents=False, **params)


def run_months(params: dict, seed: int, months: int):
    """Run a model for ``months`` months and return its time series."""
    model = build(params, seed)
    for _ in range(months):
        model.step()
    return model.timeseries()


def workshop_parameters(step: int) -> dict:
    """Parameters of workshop step ``step`` (0-based): each ``+knob`` step adds the overrides
    of the ``<knob>_only`` scenario to the step before it; others are a library scenario."""
    overrides: dict = {}
    for key, *_ in WORKSHOP[: step + 1]:
        if key.startswith("+"):
            overrides.update(load(f"{key[1:]}_only").overrides)
        else:
            overrides = dict(load(key).overrides)
    return validate(overrides, "workshop")


@solara.component
def Controls(params, set_param, lang):
    """The sidebar: the knobs with their instruments, conversion factors, workforce."""
    for knob in KNOBS:
        with solara.Details(summary=t(knob, lang), expand=knob == "ruimte"):
            for name in knob_parameters(knob):
                ParamControl(name, params[name], set_param, lang)
    with solara.Details(summary=t("conversion", lang)):
        for name in CONVERSION:
            ParamControl(name, params[name], set_param, lang)
    with solara.Details(summary=t("workforce", lang)):
        ParamControl("n_employees", params["n_employees"], set_param, lang)
        for name in WORKFORCE:
            ParamControl(name, params[name], set_param, lang)


@solara.component
def FigureWithDownload(fig, name: str, lang: str):
    solara.FigureMatplotlib(fig, format="png", dpi=100)
    solara.FileDownload(lambda: views.png_bytes(fig), filename=f"llo-sim-{name}.png",
                        label=t("download_png", lang))


@solara.component
def CompareView(base_params: dict, seed: int, lang: str):
    """Two scenarios with the same employees, on the same axes."""
    names = available()
    a, set_a = solara.use_state("budget_only" if "budget_only" in names else names[0])
    b, set_b = solara.use_state("integrated" if "integrated" in names else names[-1])
    months, set_months = solara.use_state(60)
    results, set_results = solara.use_state([])

    def run():
        keep = {"n_employees": base_params["n_employees"]}
        set_results([(n, run_months({**load(n).parameters, **keep}, seed, months))
                     for n in (a, b)])

    solara.Markdown(t("compare_note", lang))
    with solara.Row():
        solara.Select(t("scenario_a", lang), value=a, values=names, on_value=set_a)
        solara.Select(t("scenario_b", lang), value=b, values=names, on_value=set_b)
        solara.SliderInt(t("months_to_run", lang), value=months, min=12, max=240, step=12,
                         on_value=set_months, thumb_label=True)
        solara.Button(t("run_both", lang), on_click=run, color="primary",
                      classes=["llo-compare-run"])
    if results:
        FigureWithDownload(views.lines(results, lang), "side-by-side", lang)


@solara.component
def WorkshopView(base_params: dict, seed: int, lang: str):
    """Budget alone, then add richting, then ruggensteun, then the integrated approach: each
    step's result stays on screen, so the room sees the difference grow."""
    done, set_done = solara.use_state([])   # (step index, time series)

    def next_step():
        step = len(done)
        if step < len(WORKSHOP):
            params = {**workshop_parameters(step), "n_employees": base_params["n_employees"]}
            set_done(done + [(step, run_months(params, seed, 60))])

    lang_i = LANGUAGES.index(lang)
    with solara.Column(classes=["llo-workshop"]):
        with solara.Row():
            solara.Button(t("workshop_next", lang), on_click=next_step, color="primary",
                          disabled=len(done) >= len(WORKSHOP), classes=["llo-workshop-next"])
            solara.Button(t("workshop_restart", lang), on_click=lambda: set_done([]))
        for step, ts in done:
            title, text = WORKSHOP[step][1 + lang_i]
            final = ts["participation_any"].iloc[-1]
            solara.Markdown(f"**{title}** ({t('participants_now', lang).format(p=final)}). "
                            f"{text}")
        if done:
            results = [(WORKSHOP[s][1 + lang_i][0].split(". ", 1)[-1], ts) for s, ts in done]
            FigureWithDownload(views.lines(results, lang, big=True), "workshop", lang)
        if len(done) == len(WORKSHOP):
            solara.Success(t("workshop_done", lang))


@solara.component
def Page():
    lang, set_lang = solara.use_state("nl")
    scenario, set_scenario = solara.use_state("baseline")
    initial = solara.use_memo(lambda: load("baseline").parameters, [])
    params, set_params = solara.use_state(initial)
    seed, set_seed = solara.use_state(1)
    resets, set_resets = solara.use_state(0)
    version, set_version = solara.use_state(0)
    playing, set_playing = solara.use_state(False)
    error, set_error = solara.use_state("")
    tab, set_tab = solara.use_state(0)
    lock = solara.use_memo(threading.Lock, [])
    model = solara.use_memo(lambda: build(params, seed), [params, seed, resets])

    def set_param(name, value):
        try:
            new = validate({**_overrides(params), name: value}, "dashboard")
        except LloSimError as exc:
            set_error(f"{t('invalid', lang)}: {exc}; {t('kept', lang)}")
            return
        set_error("")
        set_params(new)

    def choose_scenario(name):
        set_scenario(name)
        set_params({**load(name).parameters, "n_employees": params["n_employees"]})

    def choose_seed(value):
        if value is None or value < 0:
            set_error(f"{t('invalid', lang)}: {t('seed', lang)} = {value} (>= 0); "
                      f"{t('kept', lang)}")
            return
        set_error("")
        set_seed(value)

    def step(n):
        with lock:
            for _ in range(n):
                model.step()
        set_version(lambda v: v + 1)

    still_playing = solara.use_ref(False)   # read by the play thread: the latest value
    still_playing.current = playing

    def play_loop():
        while still_playing.current and model.month < HORIZON:
            step(1)
            time.sleep(PLAY_DELAY)
        if model.month >= HORIZON:
            set_playing(False)

    solara.use_thread(play_loop, dependencies=[playing, model])

    with lock:
        ts = model.timeseries()
    solara.Style(CSS)
    solara.Title(t("title", lang))
    with solara.Sidebar():
        solara.ToggleButtonsSingle(value=lang, values=list(LANGUAGES), on_value=set_lang,
                                   classes=["llo-lang"])
        solara.Select(t("scenario", lang), value=scenario, values=available(),
                      on_value=choose_scenario)
        title = load(scenario).title.get(lang, "")
        if title:
            solara.Text(title, classes=["llo-scenario-title"])
        with solara.Tooltip(t("seed_help", lang)):
            solara.InputInt(t("seed", lang), value=seed, on_value=choose_seed,
                            continuous_update=False, classes=["llo-seed"])
        Controls(params, set_param, lang)

    with solara.Column(classes=["llo-header"]):
        solara.HTML(tag="h1", unsafe_innerHTML=t("title", lang))
        solara.Markdown(t("subtitle", lang))
        with solara.Row(style={"align-items": "center"}):
            solara.Button(t("pause", lang) if playing else t("play", lang),
                          on_click=lambda: set_playing(not playing), color="primary",
                          classes=["llo-play"])
            solara.Button(t("step", lang), on_click=lambda: step(1), classes=["llo-step"])
            solara.Button(t("year", lang), on_click=lambda: step(12), classes=["llo-year"])
            solara.Button(t("reset", lang), on_click=lambda: set_resets(resets + 1),
                          classes=["llo-reset"])
            solara.Text(t("month_now", lang).format(m=model.month), classes=["llo-month"])
            solara.Text(t("participants_now", lang).format(p=ts["participation_any"].iloc[-1]),
                        classes=["llo-participation"])
            solara.FileDownload(lambda: ts.to_csv(index=False).encode(),
                                filename="llo-sim-timeseries.csv",
                                label=t("download_csv", lang))
        if error:
            solara.Error(error, classes=["llo-error"])

    views_now = (
        ("tab_participation", "participation", lambda: views.participation(ts, lang)),
        ("tab_inequality", "inequality", lambda: views.inequality(ts, lang)),
        ("tab_broek", "broek-groups", lambda: views.broek_groups(ts, lang)),
        ("tab_blocks", "building-blocks", lambda: _locked(lock, views.blocks_by_group, model,
                                                          lang)),
        ("tab_teams", "teams", lambda: _locked(lock, views.teams, model, lang)),
        ("tab_budget", "budget", lambda: views.budget(ts, lang)),
    )
    with solara.lab.Tabs(value=tab, on_value=set_tab):
        for i, (label, name, make) in enumerate(views_now):
            with solara.lab.Tab(t(label, lang)):
                if tab == i:  # draw only the view on screen: a month stays quick
                    FigureWithDownload(make(), name, lang)
        with solara.lab.Tab(t("tab_compare", lang)):
            CompareView(params, seed, lang)
        with solara.lab.Tab(t("tab_workshop", lang)):
            WorkshopView(params, seed, lang)


def _locked(lock, view, model, lang):
    """Draw a view from the model's arrays while the play thread cannot step it."""
    with lock:
        return view(model, lang)


def _overrides(params: dict) -> dict:
    """The parameters that differ from the registry defaults."""
    return {k: v for k, v in params.items() if v != REGISTRY[k].default}
