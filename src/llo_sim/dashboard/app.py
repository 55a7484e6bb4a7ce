"""The dashboard: what-if runs, side-by-side scenarios, cost and effect, and a workshop, in
Dutch and English.

Start it with ``llo-sim dashboard``. Every piece of state lives in hooks of the ``Page``
component, so each browser session has its own model: one person's clicks never move
another's simulation. The scenario, the settings, the seed, the reference, the tab and the
language are kept in the address (``?s=budget_only&seed=3&tab=inequality&p.budget_amount=800``),
so a link opens the same view with the same numbers.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

import solara

from llo_sim.dashboard import checks
from llo_sim.dashboard.answer import HORIZONS
from llo_sim.dashboard.changed import ChangedNote, History
from llo_sim.dashboard.controls import (
    CONVERSION,
    KNOBS,
    WORKFORCE,
    LabeledSelect,
    NumberField,
    ParamControl,
    knob_parameters,
)
from llo_sim.dashboard.i18n import LANGUAGES, t
from llo_sim.dashboard.cost_view import CostView
from llo_sim.dashboard.own_upload import OwnOrganisationView
from llo_sim.dashboard.panels import CompareView, WorkshopView
from llo_sim.dashboard.policy_panel import PolicyView
from llo_sim.dashboard.run_panel import RunPanel
from llo_sim.dashboard.server import install_probe
from llo_sim.dashboard.simulation import HORIZON, Simulation, reference_parameters
from llo_sim.dashboard.style import CSS
from llo_sim.dashboard.widgets import PageState, narrow_context, presenting_context

# views with work of their own: kept (hidden) once opened, so their results survive a tab switch
KEPT_VIEWS = ("compare", "cost", "workshop", "policy", "own")
TABS = (("participation", "tab_participation"), ("inequality", "tab_inequality"),
        ("broek", "tab_broek"), ("blocks", "tab_blocks"), ("teams", "tab_teams"),
        ("budget", "tab_budget"), ("cost", "tab_cost"), ("policy", "tab_policy"),
        ("compare", "tab_compare"), ("workshop", "tab_workshop"), ("own", "tab_own"))
TAB_KEYS = tuple(k for k, _ in TABS)
NARROW = 700           # px: below this, charts are drawn for a phone
SHOWN = ([n for k in KNOBS for n in knob_parameters(k)] + list(CONVERSION) + list(WORKFORCE)
         + ["n_employees"])


def read_address(search: str | None) -> dict:
    """The view an address asks for; anything not allowed is left out (never an error: a
    link with a typo opens the default view of that part)."""
    state = {"lang": "nl", "scenario": "baseline", "seed": 1, "ref": "baseline",
             "tab": "participation", "horizon": HORIZON, "set": {}}
    for key, value in parse_qsl(search or "", keep_blank_values=False)[:100]:
        try:
            if key == "lang":
                state["lang"] = checks.language(value)
            elif key == "s":
                state["scenario"] = checks.scenario(value).name
            elif key == "ref":
                state["ref"] = value if value == "-" else checks.scenario(value).name
            elif key == "seed":
                state["seed"] = checks.seed(value)
            elif key == "tab":
                state["tab"] = checks.choice(value, TAB_KEYS)
            elif key == "h":
                state["horizon"] = int(checks.choice(value, tuple(map(str, HORIZONS))))
            elif key.startswith("p.") and key[2:] in SHOWN:
                state["set"][key[2:]] = value
        except checks.InputError:
            continue
    params = checks.scenario(state["scenario"]).parameters
    for name, value in state["set"].items():
        try:
            params = checks.parameter(name, value, params)
        except checks.InputError:
            continue
    state["params"] = params
    return state


def address(lang, scenario, seed, ref, tab, params, horizon: int = HORIZON) -> str:
    """The query string of a view: only what differs from the scenario is written."""
    base = checks.scenario(scenario).parameters
    query = {"s": scenario, "seed": seed, "lang": lang, "tab": tab, "ref": ref}
    if horizon != HORIZON:
        query["h"] = horizon
    query.update({f"p.{k}": v for k, v in params.items() if k in SHOWN and v != base.get(k)})
    return urlencode(query)


install_probe()      # only with LLO_SIM_DASHBOARD_PROBE=1 (tests)

GROUPS = ([(knob, knob_parameters(knob)) for knob in KNOBS]
          + [("conversion", list(CONVERSION)), ("workforce", ["n_employees", *WORKFORCE])])


def use_controls(params: dict, set_param, lang: str) -> dict:
    """One element per control, made again only when its own value or the language changes:
    reacton skips an unchanged element's whole subtree, so moving one slider redraws one
    control, not thirty (a full settings panel took about half a second to redraw)."""
    return {name: solara.use_memo(lambda name=name: ParamControl(name, params[name], set_param,
                                                                 lang),
                                  [params[name], lang])
            for name in SHOWN}


@solara.component
def Controls(elements: dict, lang: str):
    """The settings panel: the knobs with their instruments, conversion factors, workforce."""
    for group, names in GROUPS:
        solara.Details(summary=t(group, lang), expand=group == "ruimte",
                       children=[elements[name] for name in names])


@solara.component
def Page():
    """The dashboard behind an error boundary: an error while drawing goes to the server's
    log and shows one line in the browser, never a traceback with server paths. "Continue"
    opens the dashboard again with the address of the last view drawn without an error (its
    settings, tab and language); what the views computed, and presenting, start anew, as the
    line says. (The workshop has a boundary of its own that keeps its steps.)"""
    exception, clear = solara.use_exception()
    last_good = solara.use_ref("")    # the address of the last view drawn without an error
    if exception is None:
        Dashboard(last_good)
        return
    checks.log.error("dashboard page failed", exc_info=exception)
    with solara.Div(classes=["llo-app"]):
        solara.Text(f"{t('err_page', 'nl')} / {t('err_page', 'en')}",
                    classes=["llo-input-error", "llo-error"])
        solara.Button("Verder / Continue", on_click=clear, color="primary")


@solara.component
def Dashboard(last_good=None):
    """The whole dashboard. ``last_good.current`` gets the address of each view drawn
    without an error, and is where the dashboard starts when it is set (after an error)."""
    router = solara.use_router()
    resume = last_good.current if last_good is not None else ""
    start = solara.use_memo(lambda: read_address(resume or router.search), [])
    lang, set_lang = solara.use_state(start["lang"])
    scenario, set_scenario = solara.use_state(start["scenario"])
    params, set_params = solara.use_state(start["params"])
    seed, set_seed = solara.use_state(start["seed"])
    ref, set_ref = solara.use_state(start["ref"])
    tab, set_tab = solara.use_state(start["tab"])
    horizon, set_horizon = solara.use_state(start["horizon"])
    presenting, set_presenting = solara.use_state(False)
    opened = solara.use_ref([])    # the views with work of their own, in the order opened
    settings_open, set_settings_open = solara.use_state(False)   # on a phone
    narrow, set_narrow = solara.use_state(False)     # a phone-sized window
    error, set_error = solara.use_state("")
    seed_error, set_seed_error = solara.use_state("")
    guard = checks.guarded(set_error, lang)

    ref_params = None if ref == "-" else reference_parameters(checks.scenario(ref).parameters,
                                                              params)
    sim = solara.use_memo(lambda: Simulation(params, seed, ref_params), [params, seed, ref])

    current = solara.use_ref(params)
    current.current = params
    now_scenario = solara.use_ref(scenario)
    now_scenario.current = scenario
    history = solara.use_ref(None)
    if history.current is None:
        history.current = History()
    can_undo, set_can_undo = solara.use_state(False)

    def change(new_params, new_scenario=None):
        """Every change of the settings goes here, so that Undo can step back over it."""
        history.current.push(now_scenario.current, current.current)
        set_can_undo(True)
        if new_scenario is not None:
            set_scenario(new_scenario)
        set_params(new_params)

    def undo():
        state = history.current.pop()
        if state is not None:
            set_scenario(state[0])
            set_params(state[1])
        set_can_undo(bool(history.current.states))

    def reset():
        change({**checks.scenario(now_scenario.current).parameters,
                "n_employees": current.current["n_employees"]})

    def set_param(name, value):          # raises InputError: shown next to the control
        change(checks.parameter(name, value, current.current))

    controls = use_controls(params, set_param, lang)

    @guard
    def choose_scenario(name):
        chosen = checks.scenario(name)
        change({**chosen.parameters, "n_employees": params["n_employees"]}, chosen.name)
        set_error("")

    @guard
    def choose_ref(name):
        set_ref(name if name == "-" else checks.scenario(name).name)
        set_error("")

    def choose_seed(value):
        try:
            set_seed(checks.seed(value))
            set_seed_error("")
        except checks.InputError as exc:
            set_seed_error(exc.message(lang))

    @guard
    def apply_mix(mix):
        """Take a mix found in the policy view into the controls, and show it running."""
        chosen = current.current
        for name, value in mix.items():
            if name in SHOWN and name != "n_employees":
                chosen = checks.parameter(name, value, chosen)
        change(chosen)
        set_tab("participation")

    @guard
    def choose_tab(key):
        set_tab(checks.choice(key, TAB_KEYS))

    @guard
    def choose_horizon(value):
        set_horizon(int(checks.choice(str(value), tuple(map(str, HORIZONS)))))

    @guard
    def choose_lang(value):
        set_lang(checks.language(value))

    ref_label = t("baseline_name", lang) if ref == "baseline" else checks.title(ref, lang, True)
    search = address(lang, scenario, seed, ref, tab, params, horizon)

    def drawn():
        """Runs only when the whole page drew without an error."""
        if last_good is not None:
            last_good.current = search

    solara.use_effect(drawn, [search])
    solara.Style(CSS)
    solara.Title(t("title", lang))
    PageState(lang, search, on_width=lambda w: set_narrow(isinstance(w, int) and w < NARROW))
    narrow_context.provide(narrow)
    presenting_context.provide(presenting)
    classes = ["llo-app"] + (["llo-presenting"] if presenting else [])
    with solara.Div(classes=classes):
        with solara.Div(classes=["llo-header"]):
            solara.HTML(tag="h1", unsafe_innerHTML=t("title", lang))
            solara.Button(t("settings", lang), icon_name="mdi-tune",
                          on_click=lambda: set_settings_open(not settings_open),
                          classes=["llo-menu"],
                          attributes={"aria-label": t("menu", lang),
                                      "aria-expanded": "true" if settings_open else "false"})
            solara.ToggleButtonsSingle(value=lang, values=list(LANGUAGES), on_value=choose_lang,
                                       classes=["llo-lang"])
        solara.Text(t("subtitle", lang), classes=["llo-subtitle"])
        with solara.Div(classes=["llo-body"]):
            side = ["llo-side"] + ([] if settings_open else ["llo-side-closed"])
            with solara.Div(classes=side):
                titles = [{"text": checks.title(n, lang), "value": n} for n in checks.library()]
                LabeledSelect(t("scenario", lang), scenario, titles, choose_scenario,
                              "llo-scenario")
                ChangedNote(scenario, params, SHOWN, lang, can_undo, undo, reset)
                LabeledSelect(t("reference", lang), ref, [{"text": "-", "value": "-"}] + titles,
                              choose_ref, "llo-ref")
                with solara.Div(classes=["llo-control", "llo-seed"]):
                    solara.HTML(tag="label", unsafe_innerHTML=t("seed", lang),
                                classes=["llo-label"])
                    NumberField(seed, choose_seed, t("seed", lang), classes=("llo-seed-input",))
                    solara.Text(t("seed_help", lang), classes=["llo-help"])
                    if seed_error:
                        solara.Text(seed_error, classes=["llo-input-error"])
                Controls(controls, lang)
            with solara.Div(classes=["llo-main"]):
                with solara.Div(classes=["llo-tabs"], attributes={"role": "tablist"}):
                    for key, label in TABS:
                        solara.Button(t(label, lang), on_click=lambda k=key: choose_tab(k),
                                      text=key != tab, color="primary" if key == tab else None,
                                      classes=["llo-tab", f"llo-tab-{key}"]
                                      + (["llo-tab-active"] if key == tab else []),
                                      attributes={"role": "tab",
                                                  "aria-selected": str(key == tab).lower()})
                with solara.Div(classes=["llo-view"]):
                    if error:
                        solara.Text(error, classes=["llo-input-error", "llo-error"])
                    if tab not in KEPT_VIEWS:
                        RunPanel(sim, tab, lang, ref_label, horizon, choose_horizon)
                # once opened, a view with work of its own (a comparison, the workshop's steps,
                # a search, an upload) stays, hidden on other tabs: its results survive a look
                # at another tab, and a search goes on meanwhile. In the order opened, so a
                # newly opened view never moves (and so never restarts) one opened before.
                if tab in KEPT_VIEWS and tab not in opened.current:
                    opened.current.append(tab)
                for key in opened.current:
                    with solara.Div(classes=["llo-view", f"llo-kept-{key}"]
                                    + ([] if key == tab else ["llo-hidden"])):
                        if key == "compare":
                            CompareView(params, seed, lang)
                        elif key == "cost":
                            CostView(params, seed, lang, horizon)
                        elif key == "own":
                            OwnOrganisationView(scenario, params, seed, lang)
                        elif key == "workshop":
                            WorkshopView(params["n_employees"], seed, lang, presenting,
                                         set_presenting)
                        else:
                            PolicyView(params, seed, lang, apply_mix)
