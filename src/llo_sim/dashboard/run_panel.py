"""The running views: the whole answer of the settings, the month shown, the chart of the tab.

A setting's whole run is computed at once (:class:`~llo_sim.dashboard.simulation.Simulation`):
the panel shows the whole horizon with its bands, and the answer at the chosen horizon in
large type beside the reference (:mod:`llo_sim.dashboard.answer`). Play and the step buttons
then *show* the finished run month by month, to watch it unfold in a workshop. The month shown
lives here, not in the page, so a new month redraws only this panel, not the controls. Play
is clocked by the browser (``Ticker``): it asks for the next month a frame after the last one
arrived, so months never queue, Pause acts at once and a closed tab costs nothing. The panel
answers every request of the clock, also one it does not show (Pause came first), so the
clock asks again after a Pause.
"""

from __future__ import annotations

import solara

from llo_sim.dashboard import simulation, views
from llo_sim.dashboard.answer import Answer
from llo_sim.dashboard.answer import say as t
from llo_sim.dashboard.glossary import Glossary
from llo_sim.dashboard.simulation import HORIZON, Simulation
from llo_sim.dashboard.widgets import Chart, StepButtons, Ticker
from llo_sim.engine.measures import BROEK_GROUPS, HEADLINE

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


GLOSSED = {             # tab -> the measures its chart shows, defined under it
    "participation": [HEADLINE, "participation_formal", "participation_informal"],
    "inequality": ["gini_learning", "ratio_practical_theoretical", "ratio_old_young",
                   "ratio_flex_permanent"],
    "broek": [f"share_{g}" for g in BROEK_GROUPS if g.endswith("_learning")
              and not g.endswith("not_learning")],
    "budget": ["budget_uptake", "cost_per_participant"],
}


@solara.component
def RunPanel(sim: Simulation, tab: str, lang: str, ref_label: str, horizon: int = HORIZON,
             on_horizon=None):
    _, set_version = solara.use_state(0)    # bumped to draw the simulation's new state
    playing, set_playing = solara.use_state(False)
    ticked, set_ticked = solara.use_state(0)    # the last request of Play's clock answered

    def redraw():
        set_version(lambda v: v + 1)

    def on_request(request):
        """Play's clock asks for the next month (see widgets.Ticker): shown while playing,
        and every request answered, shown or not, so the clock asks again after a Pause."""
        try:
            ident, wanted = (int(x) for x in request)
        except (TypeError, ValueError):
            return                       # a crafted request: nothing to answer
        if playing and wanted == sim.month + 1:     # else paused meanwhile, or stale
            sim.step(1)
            simulation.MONTHS_SHOWN[0] += 1
            if sim.month >= HORIZON:
                set_playing(False)
            redraw()
        set_ticked(lambda last: max(last, ident))

    def play():
        """Play, or Pause; Play at the end watches the run again from month 0."""
        if not playing and sim.month >= HORIZON:
            sim.reset()
            redraw()
        set_playing(not playing)

    served, set_served = solara.use_state(0)

    def on_step_request(request):
        """The step buttons ask for a month (see widgets.StepButtons); always answered."""
        try:
            ident, wanted = (int(x) for x in request)
        except (TypeError, ValueError):
            return                       # a crafted request: nothing to answer
        set_playing(False)
        if sim.month < wanted <= HORIZON:
            sim.step(wanted - sim.month)
        set_served(ident)
        redraw()

    def go(month: int):
        set_playing(False)
        sim.reset()
        sim.step(month)
        redraw()

    frame = sim.frame()
    fig, alt, name = chart_for(tab, frame, lang, ref_label)
    if tab in SERIES_VIEWS and frame.month:
        views.mark_horizon(fig, horizon, t("horizon_mark", lang))
    last = frame.ts.iloc[-1]
    Answer(sim, horizon, on_horizon, lang, ref_label)
    with solara.Div(classes=["llo-runbar"]):
        solara.Button(t("pause", lang) if playing else t("play", lang),
                      icon_name="mdi-pause" if playing else "mdi-play",
                      on_click=play, color="primary", classes=["llo-play"])
        StepButtons(frame.month, HORIZON, served, (t("step", lang), t("year", lang)),
                    on_step_request)
        solara.Button(t("reset", lang), on_click=lambda: go(0), classes=["llo-reset"])
        solara.Button(t("whole_run", lang), on_click=lambda: go(HORIZON),
                      disabled=frame.month >= HORIZON and not playing, classes=["llo-end"])
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
        if frame.month != horizon:       # at the horizon, the answer above says it
            solara.Text(text, classes=["llo-participation"])
        with solara.Div(classes=["llo-csv"]):
            solara.FileDownload(lambda: sim.runs[0].ts.to_csv(index=False).encode(),
                                filename="llo-sim-timeseries.csv",
                                label=t("download_csv", lang))
    if not frame.measured and tab != "teams":
        solara.Text(t("start_picture", lang), classes=["llo-note"])
    with solara.Div(classes=["llo-run-chart"]):
        Chart(fig, alt, name, lang)
    if tab in GLOSSED:
        Glossary(GLOSSED[tab], lang)
    Ticker(playing, frame.month, ticked, int(FRAME * 1000), on_request)
