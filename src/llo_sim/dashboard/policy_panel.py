"""The *Beleid / Policy* tab: set a budget, find the best mixes, see the current mix against
them and the shipped scenarios on the cost-effect plane, and the conditions under which the
current mix fails. The jobs are in :mod:`.best_mix`; this module draws them.
"""

from __future__ import annotations

import threading

import solara
from matplotlib.figure import Figure

from llo_sim.dashboard import checks
from llo_sim.dashboard.best_mix import (
    DISCOVERY,
    MAX_BUDGET,
    SEARCH,
    Progress,
    describe_failures,
    failures,
    mix_summary,
    search,
)
from llo_sim.dashboard.controls import NumberField, number
from llo_sim.dashboard.i18n import texts
from llo_sim.dashboard.panels import running
from llo_sim.dashboard.simulation import Cancelled
from llo_sim.dashboard.widgets import Chart, Ticker

POLL_MS = 500          # how often the browser asks for the progress of a running job


def plane(found: dict, lang: str) -> tuple[Figure, str]:
    """Cost per employee per year (x) against the robust headline (y): the front as a line,
    the recommended mix ringed, the shipped scenarios as grey numbered dots, the current mix
    as a star, the budget as a dashed vertical line. ``alt`` states every point."""
    fig = Figure(figsize=(8.0, 4.2), layout="constrained")
    ax = fig.add_subplot()
    front, shipped, cur = found["front"], found["shipped"], found["current"]
    items = []
    if len(front):
        ax.plot(front["cost_per_employee_year"], 100 * front["headline_p10"], "o-", color="C0",
                lw=2, label=t("pol_front", lang))
        rec = front[front["recommended"]]
        ax.scatter(rec["cost_per_employee_year"], 100 * rec["headline_p10"], s=260,
                   facecolors="none", edgecolors="C2", linewidths=2.5,
                   label=t("pol_recommended", lang))
        for i, row in enumerate(front.itertuples()):
            ax.annotate(chr(65 + i), (row.cost_per_employee_year, 100 * row.headline_p10),
                        fontsize=9, xytext=(4, -12), textcoords="offset points", color="C0")
            items.append(f"{chr(65 + i)}: EUR {number(row.cost_per_employee_year, lang)}, "
                         f"{100 * row.headline_p10:.0f}%")
    for i, row in enumerate(shipped.itertuples()):
        ax.scatter([row.cost_per_employee_year], [100 * row.headline_p10], s=40, color="0.55",
                   label=t("pol_shipped", lang) if i == 0 else None)
        ax.annotate(str(i + 1), (row.cost_per_employee_year, 100 * row.headline_p10),
                    fontsize=8, xytext=(4, 3), textcoords="offset points", color="0.35")
        items.append(f"{i + 1} {checks.title(_library(row.scenario), lang, short=True)}: EUR "
                     f"{number(row.cost_per_employee_year, lang)}, "
                     f"{100 * row.headline_p10:.0f}%")
    ax.scatter([cur["cost_per_employee_year"]], [100 * cur["headline_p10"]], marker="*",
               s=320, color="C3", edgecolors="black", label=t("current_mix", lang), zorder=5)
    items.insert(0, f"{t('current_mix', lang)}: EUR "
                    f"{number(cur['cost_per_employee_year'], lang)}, "
                    f"{100 * cur['headline_p10']:.0f}%")
    ax.axvline(found["budget"], color="0.3", ls="--", lw=1.2, label=t("pol_budget_line", lang))
    ax.set_xlabel(t("cost_axis", lang))
    ax.set_ylabel(t("pol_axis", lang))
    ax.set_xlim(left=0)
    ax.set_ylim(0, 100)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="lower right")
    return fig, t("pol_alt", lang).format(items="; ".join(items))


def _library(name: str) -> str:
    return "baseline" if name not in checks.library() else name


def _points(share: float) -> int:
    """A difference of shares in whole percentage points (never "-0")."""
    return int(round(100 * share)) + 0


def _gap(x: float, lang: str) -> str:
    return number(x, lang, 2) if x == x else "-"


TEXT = {      # the texts of this tab; the shared ones are in i18n.py
    "pol_note": ("Kies een budget per medewerker per jaar en zoek de mixen van maatregelen die de "
                 "meeste mensen veel laten leren zonder de kloof tussen opleidingsniveaus te "
                 "vergroten. Een kleine zoektocht: {n} medewerkers, {m} maanden, {e} mixen in "
                 "{w} werelden van het gekalibreerde ensemble; de beste daarna in {f} werelden, "
                 "samen met de huidige mix en de scenario's uit de bibliotheek. Daarom wijken "
                 "de getallen af van die op de andere tabbladen, die met uw eigen organisatie "
                 "rekenen. Grondiger: llo-sim optimise.",
                 "Choose a budget per employee per year and find the mixes of measures that get "
                 "the most people learning a lot without widening the gap between education "
                 "levels. A small search: {n} employees, {m} months, {e} mixes in {w} worlds of "
                 "the calibrated ensemble; the best then in {f} worlds, with the current mix and "
                 "the library's scenarios. That is why its numbers differ from the other tabs', "
                 "which compute with your own organisation. More thorough: llo-sim optimise."),
}
t = texts(TEXT)       # this tab's texts, then the shared ones


@solara.component
def FrontTable(found: dict, lang: str, on_apply):
    """The front's mixes (letters as on the chart), the current mix first, each with cost,
    robust headline and gap; then what each mix sets, and a button that takes the
    recommended mix into the controls."""
    cur, front = found["current"], found["front"]
    head = (t("table_nr", lang), t("cost_axis", lang), t("pol_axis", lang), t("pol_gap", lang))
    html = "<thead><tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr></thead><tbody>"
    html += (f"<tr><td>* {t('current_mix', lang)}</td>"
             f"<td>{number(cur['cost_per_employee_year'], lang)}</td>"
             f"<td>{100 * cur['headline_p10']:.0f}%</td><td>{_gap(cur['gap_p90'], lang)}</td></tr>")
    for i, row in enumerate(front.itertuples()):
        html += (f"<tr><td>{chr(65 + i)}{' &#10003;' if row.recommended else ''}</td>"
                 f"<td>{number(row.cost_per_employee_year, lang)}</td>"
                 f"<td>{100 * row.headline_p10:.0f}%</td><td>{_gap(row.gap_p90, lang)}</td></tr>")
    solara.HTML(tag="table", unsafe_innerHTML=html + "</tbody>", classes=["llo-table",
                                                                            "llo-front"])
    solara.Text(t("pol_table_note", lang), classes=["llo-note"])
    names = [f"{i + 1} {checks.title(_library(row.scenario), lang, short=True)} "
             f"(EUR {number(row.cost_per_employee_year, lang)}, {100 * row.headline_p10:.0f}%)"
             for i, row in enumerate(found["shipped"].itertuples())]
    solara.Text(f"{t('pol_shipped', lang)}: " + "; ".join(names), classes=["llo-note",
                                                                          "llo-shipped"])
    for i, row in enumerate(front.itertuples()):
        mark = " ✓" if row.recommended else ""
        solara.Text(f"{chr(65 + i)}{mark}: {mix_summary(found['mixes'][row.name], lang)}",
                    classes=["llo-mix-line"])
    rec = front[front["recommended"]]
    if len(rec):
        name = rec.iloc[0]["name"]
        with solara.Div(classes=["llo-runbar"]):
            solara.Button(t("pol_apply", lang), on_click=lambda: on_apply(found["mixes"][name]),
                          color="primary", classes=["llo-apply"])


@solara.component
def SearchResult(data: dict, lang: str, on_apply):
    """What a search found: the plane, the table and what each mix sets."""
    solara.Text(t("pol_found", lang).format(b=number(data["budget"], lang), w=data["worlds"]),
                classes=["llo-note"])
    fig, alt = plane(data, lang)
    Chart(fig, alt, "best-mix", lang)
    FrontTable(data, lang, on_apply)


@solara.component
def JobStatus(done: int, total: int, busy: bool, on_stop, lang: str):
    """While a job runs: a progress bar with "k of n runs" and a Stop button. Given the
    numbers, not the shared :class:`Progress` (whose identity does not change, so the
    component would not be drawn again)."""
    if not busy:
        return
    with solara.Row(classes=["llo-busy"]):
        solara.ProgressLinear(value=100 * done / total if total else True)
        text = (t("pol_progress", lang).format(done=done, total=total) if total
                else t("running", lang))
        solara.Text(text, classes=["llo-progress"])
        solara.Button(t("cancel", lang), on_click=on_stop, classes=["llo-stop"])


def Failed(result, lang: str):
    """One plain line when a job failed (the details are in the server's log)."""
    if result.state == solara.ResultState.ERROR:
        checks.log.error("policy view job failed: %r", result.error)
        solara.Text(t("err_internal", lang), classes=["llo-input-error", "llo-error"])


def use_job(run, request):
    """Run ``run(request, progress, cancel)`` in a thread whenever ``request`` changes:
    (result, progress, busy). Cancelled jobs give None."""
    progress = solara.use_memo(Progress, [request])

    def job(cancel: threading.Event):
        if request is None:
            return None
        try:
            return request, run(request, progress, cancel)
        except Cancelled:
            return None

    result = solara.use_thread(job, dependencies=[request], intrusive_cancel=False)
    return result, progress, running(request, result)


@solara.component
def PolicyView(params: dict, seed: int, lang: str, on_apply):
    budget, set_budget = solara.use_state(400)
    margin, set_margin = solara.use_state(5)
    wanted, set_wanted = solara.use_state(None)       # (budget, params, seed) to search
    asked, set_asked = solara.use_state(None)         # (margin, params, seed) to discover
    error, set_error = solara.use_state("")
    tick, set_tick = solara.use_state(0)            # bumped by the browser: redraw progress
    guard = checks.guarded(set_error, lang)

    found, search_progress, searching = use_job(
        lambda r, p, c: search(r[0], r[1], r[2], p, c), wanted)
    fails, fail_progress, discovering = use_job(
        lambda r, p, c: failures(r[1], r[0], r[2], p, c), asked)

    @guard
    def choose_budget(value):
        set_budget(checks.integer(value, 0, MAX_BUDGET))
        set_error("")

    @guard
    def choose_margin(value):
        set_margin(checks.integer(value, 0, 50))
        set_error("")

    # the found mixes as one element, made again only for a new result or language: the
    # progress polls of a discovery redraw this view twice a second, not its chart
    result_block = solara.use_memo(
        lambda: SearchResult(found.value[1], lang, on_apply) if found.value else None,
        [found.value, lang])
    with solara.Div(classes=["llo-policy"]):
        solara.Text(t("pol_note", lang).format(n=number(SEARCH["employees"], lang),
                                               m=SEARCH["months"], e=SEARCH["evaluations"],
                                               w=SEARCH["worlds"], f=SEARCH["final_worlds"]),
                    classes=["llo-note"])
        with solara.Div(classes=["llo-form"]):
            with solara.Div(classes=["llo-field"]):
                solara.Text(t("pol_budget", lang))
                NumberField(budget, choose_budget, t("pol_budget", lang), classes=("llo-budget",))
            solara.Button(t("pol_search", lang), color="primary", classes=["llo-search"],
                          on_click=lambda: set_wanted((budget, params, seed)))
        if error:
            solara.Text(error, classes=["llo-input-error"])
        JobStatus(search_progress.done, search_progress.total, searching,
                  lambda: set_wanted(None), lang)
        Failed(found, lang)
        if found.value and not searching:
            solara.Div(children=[result_block])

        solara.HTML(tag="h3", unsafe_innerHTML=t("pol_fail_title", lang), classes=["llo-h3"])
        solara.Text(t("pol_fail_note", lang).format(n=DISCOVERY["design_size"],
                                                    e=number(DISCOVERY["employees"], lang),
                                                    m=DISCOVERY["months"]), classes=["llo-note"])
        with solara.Div(classes=["llo-form"]):
            with solara.Div(classes=["llo-field"]):
                solara.Text(t("pol_margin", lang))
                NumberField(margin, choose_margin, t("pol_margin", lang), classes=("llo-margin",))
            solara.Button(t("pol_discover", lang), color="primary", classes=["llo-discover"],
                          on_click=lambda: set_asked((margin, params, seed)))
        JobStatus(fail_progress.done, fail_progress.total, discovering,
                  lambda: set_asked(None), lang)
        Failed(fails, lang)
        if fails.value and not discovering:
            _, data = fails.value
            solara.Text(t("pol_fail_summary", lang).format(
                d=_points(data["difference"]), lo=_points(data["low"]),
            hi=_points(data["high"]),
                k=data["fails"], n=data["n"], margin=data["margin"]),
                classes=["llo-note", "llo-fail-summary"])
            for line in describe_failures(data, lang):
                solara.Text("• " + line, classes=["llo-box-line"])
    Ticker(searching or discovering, tick, tick, POLL_MS,
           lambda request: set_tick(lambda last: polled(request, last)))


def polled(request, tick: int) -> int:
    """The new ``tick`` for a poll of the browser's clock (``[id, month]``, see
    widgets.Ticker): its id, which answers it and redraws the progress; a crafted request
    changes nothing."""
    try:
        ident, _ = (int(x) for x in request)
    except (TypeError, ValueError):
        return tick
    return max(tick, ident)
