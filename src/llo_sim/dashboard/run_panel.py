"""The running simulation: the run buttons, the month, the headline and the chart of the tab.

Its state (the month shown, playing or not) lives here, not in the page, so a new month
redraws only this panel, not the controls. Play is clocked by the browser (``Ticker``): it
asks for the next month a frame after the last one arrived, so months never queue, Pause
acts at once and a closed tab costs nothing. The panel answers every request of the clock,
also one it does not step for (Pause came first), so the clock asks again after a Pause.
(A server thread that steps and redraws did not work: Solara held back its updates while
the browser was busy, and the screen froze.)
"""

from __future__ import annotations

import solara

from llo_sim.dashboard import views
from llo_sim.dashboard.i18n import t
from llo_sim.dashboard.simulation import Simulation
from llo_sim.dashboard.widgets import Chart, StepButtons, Ticker
from llo_sim.engine.measures import HEADLINE

HORIZON = 120          # months "play" runs to, and the most the buttons step to
FRAME = 0.15           # seconds between one month on screen and asking for the next

SERIES_VIEWS = {       # tab key -> (file name, view over the time series)
    "participation": ("participation", views.participation),
    "inequality": ("inequality", views.inequality),
    "broek": ("broek-groups", views.broek_groups),
    "budget": ("budget", views.budget),
}


def chart_for(tab: str, frame, lang: str, ref_label: str):
    """(figure, alt, file name) of ``tab`` for one frame of the simulation. Before anything
    is measured (a cold start at month 0) the time-series tabs show the organisation at the
    start: its building blocks by group."""
    if tab == "teams":
        return (*views.teams(frame.teams, frame.month, lang), "teams")
    if tab == "blocks" or not frame.measured:
        return (*views.blocks_by_group(frame.blocks, frame.month, lang), "building-blocks")
    name, view = SERIES_VIEWS[tab]
    return (*view(frame.ts, lang, frame.ref, ref_label, frame.bands), name)


@solara.component
def RunPanel(sim: Simulation, tab: str, lang: str, ref_label: str):
    _, set_version = solara.use_state(0)    # bumped to draw the simulation's new state
    playing, set_playing = solara.use_state(False)
    ticked, set_ticked = solara.use_state(0)    # the last request of Play's clock answered

    def redraw():
        set_version(lambda v: v + 1)

    def on_request(request):
        """Play's clock asks for the next month (see widgets.Ticker): stepped while playing,
        and every request answered, stepped or not, so the clock asks again after a Pause."""
        try:
            ident, wanted = (int(x) for x in request)
        except (TypeError, ValueError):
            return                       # a crafted request: nothing to answer
        if playing and wanted == sim.month + 1:     # else paused meanwhile, or stale
            play_one_month()
        set_ticked(lambda last: max(last, ident))

    def play_one_month():
        sim.step(1, HORIZON)
        if sim.month >= HORIZON:
            set_playing(False)
        redraw()

    served, set_served = solara.use_state(0)

    def on_step_request(request):
        """The step buttons ask for a month (see widgets.StepButtons); always answered."""
        try:
            ident, wanted = (int(x) for x in request)
        except (TypeError, ValueError):
            return                       # a crafted request: nothing to answer
        set_playing(False)
        if sim.month < wanted <= HORIZON:
            sim.step(wanted - sim.month, HORIZON)
        set_served(ident)
        redraw()

    frame = sim.frame()
    fig, alt, name = chart_for(tab, frame, lang, ref_label)
    last = frame.ts.iloc[-1]
    with solara.Div(classes=["llo-runbar"]):
        solara.Button(t("pause", lang) if playing else t("play", lang),
                      icon_name="mdi-pause" if playing else "mdi-play",
                      on_click=lambda: set_playing(not playing), color="primary",
                      disabled=not playing and frame.month >= HORIZON, classes=["llo-play"])
        StepButtons(frame.month, HORIZON, served, (t("step", lang), t("year", lang)),
                    on_step_request)
        solara.Button(t("reset", lang), on_click=lambda: _reset(sim, set_playing, redraw),
                      classes=["llo-reset"])
        solara.Text(t("month_now", lang).format(m=frame.month), classes=["llo-month"])
        if frame.measured:
            p = last[HEADLINE]
            if frame.ref is not None and frame.reps > 1:
                r = frame.ref[HEADLINE].iloc[-1]
                d, lo, hi = (100 * x for x in frame.diff)
                text = t("headline_with_interval", lang).format(
                    p=p, r=r, ref=ref_label, d=d, lo=lo, hi=hi, n=frame.reps)
            elif frame.ref is not None:
                r = frame.ref[HEADLINE].iloc[-1]
                text = t("headline_with_ref", lang).format(p=p, r=r, ref=ref_label,
                                                           d=100 * (p - r))
            else:
                text = t("participants_now", lang).format(p=p)
        else:
            text = t("not_measured_yet", lang)
        solara.Text(text, classes=["llo-participation"])
        with solara.Div(classes=["llo-csv"]):
            solara.FileDownload(lambda: frame.ts.to_csv(index=False).encode(),
                                filename="llo-sim-timeseries.csv",
                                label=t("download_csv", lang))
    if frame.pending and tab in SERIES_VIEWS:
        solara.Text(t("bands_pending", lang), classes=["llo-note", "llo-pending"])
    if not frame.measured and tab != "teams":
        solara.Text(t("start_picture", lang), classes=["llo-note"])
    Chart(fig, alt, name, lang)
    Ticker(playing, frame.month, ticked, int(FRAME * 1000), on_request)
    if frame.pending:            # last, so the elements before it keep their places
        BandFiller(sim, redraw)


@solara.component
def BandFiller(sim: Simulation, on_filled):
    """Builds the replications a new organisation still needs (``Simulation.fill``) in a
    thread, and has the panel drawn again, with its bands, when they are in. A component of
    its own, there only while replications are pending: the thread's state changes redraw
    this empty component, not the panel and its chart."""
    def fill(cancel):
        return sim.fill(cancel)

    result = solara.use_thread(fill, dependencies=[sim, sim.generation], intrusive_cancel=False)

    def when_filled():
        if result.state == solara.ResultState.FINISHED and result.value:
            on_filled()

    solara.use_effect(when_filled, [result.state])


def _reset(sim: Simulation, set_playing, redraw):
    set_playing(False)
    sim.reset()
    redraw()
