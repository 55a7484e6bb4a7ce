"""The tabs that run whole simulations at a click: side by side, cost and effect, workshop.

Each runs its job in a thread (Solara's ``use_thread``) that checks a cancel event every
month: a new click, a closed tab or the Stop button ends the old job at once, and the page
answers while it runs. Every value from the browser goes through :mod:`.checks` first.
"""

from __future__ import annotations

import threading

import solara

from llo_sim.dashboard import checks, views, workshop
from llo_sim.dashboard.controls import LabeledSelect, NumberField, signed
from llo_sim.dashboard.i18n import t
from llo_sim.dashboard.simulation import (
    Cancelled,
    in_world,
    mean_band,
    paired_difference,
    replication_seeds,
    replications_for,
    run_series,
)
from llo_sim.dashboard.widgets import Chart, Recoverable, SingleClickButton
from llo_sim.engine.limits import DASHBOARD_MAX_MONTHS

MAX_REPLICATIONS = 10      # per scenario in the side-by-side view: seconds, not minutes


def ScenarioSelect(label: str, value: str, on_value, lang: str, css: str):
    return LabeledSelect(label, value, [{"text": checks.title(n, lang), "value": n}
                                        for n in checks.library()], on_value, css)


@solara.component
def Busy(busy: bool, on_stop, lang: str):
    """A progress line with a Stop button while a job runs. ``busy`` is worked out from the
    request and the result in the render of the click itself, so it shows at once (updates
    sent from inside the job's thread reach the browser only when the thread ends)."""
    if busy:
        with solara.Row(classes=["llo-busy"]):
            solara.ProgressLinear(True)
            solara.Text(t("running", lang))
            solara.Button(t("cancel", lang), on_click=on_stop, classes=["llo-stop"])


def running(request, result) -> bool:
    """Whether the job for ``request`` has not answered yet (each job returns its request
    first)."""
    if request is None or result.state == solara.ResultState.ERROR:
        return False
    return not result.value or result.value[0] != request


@solara.component
def CompareView(base_params: dict, seed: int, lang: str):
    """Two scenarios with the same employees, on the same axes, with bands across
    replications and the paired difference at the last month."""
    a, set_a = solara.use_state("budget_only")
    b, set_b = solara.use_state("integrated")
    months, set_months = solara.use_state(60)
    reps, set_reps = solara.use_state(5)
    request, set_request = solara.use_state(None)
    error, set_error = solara.use_state("")
    guard = checks.guarded(set_error, lang)
    n = base_params["n_employees"]

    @guard
    def choose(setter, value):
        checks.scenario(value)
        setter(value)
        set_error("")

    @guard
    def set_number(setter, check, value):
        setter(check(value))
        set_error("")

    @guard
    def run():
        set_error("")
        set_request((a, b, months, reps, n, seed))

    def job(cancel: threading.Event):
        if request is None:
            return None
        ra, rb, m, r, employees, base_seed = request
        runs = {}
        try:
            for name in (ra, rb):
                params = {**checks.scenario(name).parameters, "n_employees": employees}
                runs[name] = [run_series(in_world(params, i), s, m, cancel)[0]
                              for i, s in enumerate(replication_seeds(base_seed, r))]
        except Cancelled:
            return None
        return request, runs

    result = solara.use_thread(job, dependencies=[request], intrusive_cancel=False)
    solara.Text(t("compare_note", lang), classes=["llo-note"])
    with solara.Div(classes=["llo-form"]):
        ScenarioSelect(t("scenario_a", lang), a, lambda v: choose(set_a, v), lang, "llo-a")
        ScenarioSelect(t("scenario_b", lang), b, lambda v: choose(set_b, v), lang, "llo-b")
        with solara.Div(classes=["llo-field"]):
            solara.Text(t("months_to_run", lang) + f" (1-{DASHBOARD_MAX_MONTHS})")
            NumberField(months, lambda v: set_number(set_months, checks.months, v),
                        t("months_to_run", lang), classes=("llo-months",))
        with solara.Div(classes=["llo-field"]):
            solara.Text(t("replications", lang) + f" (1-{MAX_REPLICATIONS})")
            NumberField(reps, lambda v: set_number(
                set_reps, lambda x: checks.integer(x, 1, MAX_REPLICATIONS), v),
                t("replications", lang), classes=("llo-reps",))
        solara.Button(t("run_both", lang), on_click=run, color="primary",
                      classes=["llo-compare-run"])
    if error:
        solara.Text(error, classes=["llo-input-error"])
    Busy(running(request, result), lambda: set_request(None), lang)
    if result.value:
        (ra, rb, m, r, _, _), runs = result.value
        la, lb = checks.title(ra, lang, short=True), checks.title(rb, lang, short=True)
        fig, alt = views.bands([(la, mean_band(runs[ra])), (lb, mean_band(runs[rb]))], lang)
        d, lo, hi = paired_difference(runs[ra], runs[rb])
        key = "difference" if r > 1 else "difference_one"
        solara.Text(t(key, lang).format(a=la, b=lb, m=m, d=signed(100 * d, lang),
                                        lo=signed(100 * lo, lang), hi=signed(100 * hi, lang),
                                        n=r), classes=["llo-difference"])
        if r > 1:
            solara.Text(t("band_note", lang).format(n=r), classes=["llo-note"])
        Chart(fig, alt, "side-by-side", lang)


@solara.component
def WorkshopView(n_employees: int, seed: int, lang: str, presenting: bool, set_presenting):
    """The four steps: each adds measures to the step before; every step stays on screen
    with the baseline as a grey line, and a text computed from its numbers.

    "Next step" goes one step further, never past the last. A click before the step asked
    for last is on screen is ignored, and so is the second click of a double click: a double
    click is one step, and every step's text is shown. An error while computing or drawing a
    step shows one line with "Continue", which goes back to the steps on screen before it
    (the rest stays as it was, presenting too)."""
    steps, set_steps = solara.use_state(0)     # how many steps are asked for
    asked = solara.use_ref(0)      # the same, set at the click itself (before any redraw)
    drawn = solara.use_ref(0)      # how many steps are on screen, drawn without an error
    key = (n_employees, seed)
    last = len(workshop.STEPS)

    def job(cancel: threading.Event):
        if steps == 0:
            return None
        try:
            base, done = workshop.run_steps(steps, n_employees, seed, cancel)
        except Cancelled:
            return None
        return (steps, key), base, done

    result = solara.use_thread(job, dependencies=[steps, key], intrusive_cancel=False)
    busy = running((steps, key) if steps else None, result)

    def ask(count: int):
        """Ask for ``count`` steps (0: start again)."""
        asked.current = count
        if count == 0:
            drawn.current = 0
        set_steps(count)

    def next_step():
        """One step more, once the step asked for last is on screen; never past the last.
        (Checked against refs, not this render's values: a second click can be handled
        before the page is drawn again.)"""
        if asked.current <= drawn.current:
            ask(min(asked.current + 1, last))

    def set_drawn(count: int):
        drawn.current = count

    # presenting before step 1 shows the introduction, not an empty screen
    with solara.Div(classes=["llo-workshop"] + (["llo-workshop-started"] if steps else [])):
        with solara.Div(classes=["llo-runbar"]):
            SingleClickButton(t("workshop_next", lang), next_step, color="primary",
                              disabled=busy or steps >= last, classes=["llo-workshop-next"])
            solara.Button(t("workshop_restart", lang), on_click=lambda: ask(0),
                          classes=["llo-workshop-restart"])
            solara.Button(t("present_stop" if presenting else "present", lang),
                          icon_name="mdi-fullscreen-exit" if presenting else "mdi-fullscreen",
                          on_click=lambda: set_presenting(not presenting),
                          classes=["llo-present"])
        solara.Text(t("workshop_intro", lang).format(m=workshop.MONTHS,
                                                     n=replications_for(n_employees)),
                    classes=["llo-note", "llo-workshop-intro"])
        Busy(busy, lambda: ask(0), lang)
        failed = result.state == solara.ResultState.ERROR
        if failed or (result.value and result.value[0][0] <= steps):   # none beyond the ask
            Recoverable(lambda: WorkshopResult(result, lang, set_drawn),
                        on_continue=lambda: ask(drawn.current), lang=lang)


@solara.component
def WorkshopResult(result, lang: str, on_drawn):
    """The chart of the steps done against the baseline, the full text of the last step,
    one line for each step before it and, after the last step, the conclusion; an error of
    the job that computed them is raised here, for the boundary around it to show.
    ``on_drawn(number of steps)`` once it is on screen without an error."""
    done = result.value[2] if result.value else []
    solara.use_effect(lambda: on_drawn(len(done)), [len(done)])    # not run after an error
    if result.state == solara.ResultState.ERROR:
        raise result.error or RuntimeError("the workshop's job failed")
    base = result.value[1]
    lines = [(t(workshop.STEPS[i][0], lang).split(". ", 1)[-1], workshop.mean_run(runs))
             for i, (runs, _) in enumerate(done)]
    fig, alt = views.bands(lines, lang, big=True,
                           reference=(t("baseline_name", lang), workshop.mean_run(base)))
    with solara.Div(classes=["llo-workshop-result"]):
        Chart(fig, alt, "workshop", lang)
        with solara.Div(classes=["llo-workshop-texts"]):
            for i, (runs, gap) in enumerate(done):
                title = t(workshop.STEPS[i][0], lang)
                if i < len(done) - 1:     # earlier steps: one line each
                    label = f"{i + 1}. {title.split('. ', 1)[-1]}"
                    solara.Text(f"{label}: {workshop.short_text(runs, lang)}",
                                classes=["llo-step-line"])
                    continue
                before = done[i - 1][0] if i else None
                with solara.Div(classes=["llo-step-text"]):
                    solara.HTML(tag="strong", unsafe_innerHTML=title + ".")
                    solara.Text(" " + workshop.step_text(i, runs, before, base, gap, lang))
            if len(done) == len(workshop.STEPS):
                solara.Success(workshop.done_text(done[0][0], done[-1][0], lang),
                               classes=["llo-workshop-done"])
