"""The "Cost and effect" tab: what each library *policy* would cost and buy in the organisation
on screen, the current mix among them, and a sentence computed from the numbers.

Organisation types (care, SME, ...) are a setting, not a policy: the tab keeps the
organisation the sliders describe and puts each library scenario that changes only policy
levers on it, beside the standard policy (the baseline's levers) on the same organisation. All
points run with the same seed and employees (common random numbers), so their differences are
policy. Costs are money spent; the personal budget offered is shown beside it in the table.
The education gap is the same measure everywhere in the dashboard and in ``docs/measures.md``:
``ratio_formal_theoretical_practical``, how many times more often the theoretically than the
practically educated learned formally in the last 12 months (1 = equal).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
import solara
from matplotlib.figure import Figure

from llo_sim.dashboard import checks
from llo_sim.dashboard.controls import number
from llo_sim.dashboard.i18n import t, texts
from llo_sim.dashboard.panels import Busy, running
from llo_sim.dashboard import runs
from llo_sim.dashboard.simulation import (HORIZON, Cancelled, budget_offered, budget_offered_at,
                                          cost_and_effect, cost_and_effect_at, in_world,
                                          replication_seeds, replications_for, run_series)
from llo_sim.dashboard.widgets import Chart
from llo_sim.engine.measures import HEADLINE
from llo_sim.engine.parameters import REGISTRY
from llo_sim.engine.policy import is_lever

COST_MONTHS = 60
CHUNK = 4                 # runs handed to the workers at a time (two each)

TEXT = {      # the texts of this tab; the shared ones are in i18n.py
    "cost_note": ("Elk punt is een beleid uit de bibliotheek op deze organisatie, na {m} maanden "
                  "({n} medewerkers; het gemiddelde over {r} herhalingen, dezelfde als die van "
                  "het antwoord bij Deelname); de ster is de huidige mix. Linksboven: veel "
                  "effect voor weinig geld. Kleur: de onderwijskloof.",
                  "Each dot is a library policy on this organisation, after {m} months ({n} "
                  "employees; the mean over {r} replications, the same as the answer's on "
                  "Participation); the star is the current mix. Top left: much effect for "
                  "little money. Colour: the education gap."),
    "gap_short": ("Onderwijskloof (1 = gelijk)", "Education gap (1 = equal)"),
    "standard_policy": ("Standaardbeleid", "Standard policy"),
    "ce_same": ("De huidige mix kost en bereikt hetzelfde als het standaardbeleid.",
                "The current mix costs and reaches the same as the standard policy."),
    "ce_more_more": ("Voor EUR {eur} meer per medewerker per jaar dan het standaardbeleid leren "
                     "{pts} procentpunt meer mensen veel: {per} extra per EUR 1.000.",
                     "For EUR {eur} more per employee per year than the standard policy, {pts} "
                     "percentage points more people learn a lot: {per} extra per EUR 1,000."),
    "ce_more_not": ("De huidige mix kost EUR {eur} meer per medewerker per jaar dan het "
                    "standaardbeleid, maar er leren niet meer mensen veel ({pts} procentpunt "
                    "minder of gelijk).",
                    "The current mix costs EUR {eur} more per employee per year than the standard "
                    "policy, but no more people learn a lot ({pts} percentage points fewer or "
                    "the same)."),
    "ce_less_more": ("De huidige mix kost EUR {eur} minder per medewerker per jaar dan het "
                     "standaardbeleid en laat {pts} procentpunt meer mensen veel leren.",
                     "The current mix costs EUR {eur} less per employee per year than the "
                     "standard policy and gets {pts} percentage points more people learning a "
                     "lot."),
    "ce_less_less": ("De huidige mix kost EUR {eur} minder per medewerker per jaar dan het "
                     "standaardbeleid; {pts} procentpunt minder mensen leren veel.",
                     "The current mix costs EUR {eur} less per employee per year than the "
                     "standard policy; {pts} percentage points fewer people learn a lot."),
    "ce_best": ("Per euro haalt {name} het meest uit de bibliotheek: {per} extra mensen die "
                "veel leren per EUR 1.000.",
                "Per euro, {name} buys most of the library: {per} extra people learning a lot "
                "per EUR 1,000."),
}


say = texts(TEXT)       # this tab's texts, then the shared ones


@dataclass(frozen=True)
class Point:
    """One policy on the organisation: what it spent, what it reached, what it offered."""

    label: str
    cost: float          # EUR per employee per year, spent in the last 12 months
    headline: float      # share learning a lot at the last month
    gap: float           # the education gap at the last month (simulation.GAP_MEASURE)
    offered: float       # EUR per employee per year the personal budget offers


def _lever(name: str) -> bool:
    return name in REGISTRY and is_lever(name, REGISTRY[name].group)


def policy_scenarios() -> list[str]:
    """The library scenarios that change only policy levers (not the organisation)."""
    names = []
    for name in checks.library():
        own = checks.scenario(name).overrides
        if name != "baseline" and own and all(_lever(k) for k in own):
            names.append(name)
    return names


def policies_on(params: dict) -> list[tuple[str, dict]]:
    """``(name, parameters)`` of the standard policy and each library policy, each on the
    organisation of ``params`` (its settings that are not policy levers)."""
    standard = {k: v for k, v in checks.scenario("baseline").parameters.items() if _lever(k)}
    organisation = {k: v for k, v in params.items() if not _lever(k)}
    base = {**params, **organisation, **standard}
    out = [("baseline", base)]
    for name in policy_scenarios():
        out.append((name, {**base, **checks.scenario(name).overrides}))
    return out


def measure(label: str, params: dict, seed: int, cancel: threading.Event | None,
            month: int = COST_MONTHS) -> Point:
    """One policy's point at ``month`` of its run (the seed's own run)."""
    ts, model = run_series(params, seed, month, cancel)
    return Point(label, *cost_and_effect(model, ts), budget_offered(model))


def measure_all(labelled: list[tuple[str, dict]], seed: int, month: int, runner=None,
                reps: int | None = None, cancel: threading.Event | None = None) -> list[Point]:
    """Every policy's point at ``month``: the mean over the same replications as the running
    views (:class:`~llo_sim.dashboard.simulation.Simulation`), read from whole runs
    (:mod:`llo_sim.dashboard.runs`: kept, and computed side by side in the worker processes,
    a few at a time so that ``cancel`` stops the work and other visitors' runs get their
    turn). The very runs behind the running views, so the current mix here has the answer's
    numbers at that horizon."""
    n = reps or replications_for(labelled[0][1]["n_employees"])
    seeds = replication_seeds(seed, n)
    jobs = [(in_world(p, i), seeds[i], False, j)
            for j, (i, (_, p)) in enumerate((i, lp) for lp in labelled for i in range(n))]
    runner = runner or runs.runner()
    done = []
    for start in range(0, len(jobs), CHUNK):
        if cancel is not None and cancel.is_set():
            raise Cancelled
        done += runner.runs(jobs[start:start + CHUNK], HORIZON)
    points = []
    for k, (label, p) in enumerate(labelled):
        each = [(*cost_and_effect_at(run.ts, month), budget_offered_at(run.ts, month, p))
                for run in done[k * n:(k + 1) * n]]
        points.append(Point(label, *(float(np.mean(v)) for v in zip(*each))))
    return points


def sentence(current: Point, standard: Point, points: list[Point], lang: str) -> str:
    """What the current mix costs and buys against the standard policy on the same
    organisation, and which library policy buys most per euro; computed from the numbers."""
    d_cost, d_head = current.cost - standard.cost, 100 * (current.headline - standard.headline)
    eur, pts = number(abs(d_cost), lang), number(abs(d_head), lang, 1)
    if abs(d_cost) < 1 and abs(d_head) < 0.5:
        first = say("ce_same", lang)
    elif d_cost >= 1 and d_head >= 0.5:
        per = number(d_head / 100 / d_cost * 1000, lang, 2)   # people per EUR 1,000
        first = say("ce_more_more", lang).format(eur=eur, pts=pts, per=per)
    elif d_cost >= 1:
        first = say("ce_more_not", lang).format(eur=eur, pts=pts)
    elif d_head >= 0.5:
        first = say("ce_less_more", lang).format(eur=eur, pts=pts)
    else:
        first = say("ce_less_less", lang).format(eur=eur, pts=pts)
    per_euro = [((p.headline - standard.headline) / (p.cost - standard.cost) * 1000, p)
                for p in points if p.cost - standard.cost >= 1]
    per_euro = [(v, p) for v, p in per_euro if v > 0]
    if not per_euro:
        return first
    best, p = max(per_euro, key=lambda x: x[0])
    return first + " " + say("ce_best", lang).format(name=p.label, per=number(best, lang, 2))


def label_offsets(xy: np.ndarray, size: tuple[float, float] = (14.0, 11.0),
                  obstacles: np.ndarray | None = None) -> list[tuple]:
    """An offset in points for each dot's number so that no two numbers overlap each other,
    a dot or an ``obstacle`` (the star, larger): the first free of fourteen places around
    the dot, nearest first (``xy`` and ``obstacles`` in display points)."""
    places = [(5, 3), (5, -12), (-15, 3), (-15, -12), (5, 12), (-15, 12), (5, -21), (-15, -21),
              (14, 16), (-24, 16), (14, -25), (-24, -25), (20, -4), (-30, -4)]
    w, h = size
    solid = [(i, tuple(q), 6.0) for i, q in enumerate(xy)]
    solid += [(-1, tuple(q), 16.0) for q in (obstacles if obstacles is not None else [])]
    taken: list[tuple[float, float]] = []
    out = []
    for own, (x, y) in enumerate(xy):
        def conflicts(place):
            """0 when free; a covered star counts most, then dots, then other numbers."""
            bx, by = x + place[0], y + place[1]
            clash = sum(abs(bx - ox) < w and abs(by - oy) < h for ox, oy in taken)
            hits = sum((10 if i < 0 else 1) for i, (px, py), r in solid
                       if i != own and bx - r < px < bx + w + r and by - r < py < by + h + r)
            return hits + clash

        chosen = min(places, key=conflicts)        # the first of the least crowded places
        taken.append((x + chosen[0], y + chosen[1]))
        out.append(chosen)
    return out


def chart(points: list[Point], current: Point, lang: str) -> tuple[Figure, str]:
    """Cost (x) against the share learning a lot (y); the colour is the education gap on a
    scale from the smallest to the largest value shown, so differences are visible."""
    fig = Figure(figsize=(8.0, 4.4), layout="constrained")
    ax = fig.add_subplot()
    gaps = [p.gap for p in [*points, current] if p.gap == p.gap]
    lo, hi = (min(gaps), max(gaps)) if gaps else (1.0, 1.0)
    if hi - lo < 0.1:
        lo, hi = (lo + hi) / 2 - 0.05, (lo + hi) / 2 + 0.05
    style = dict(cmap="viridis_r", vmin=lo, vmax=hi, edgecolors="black")
    sc = ax.scatter([p.cost for p in points], [100 * p.headline for p in points],
                    c=[p.gap for p in points], s=70, linewidths=0.5, **style)
    ax.scatter([current.cost], [100 * current.headline], marker="*", s=360, c=[current.gap],
               label=t("current_mix", lang), **style)
    ax.legend(fontsize=10, loc="lower right")
    right = max(p.cost for p in [*points, current]) * 1.1 + 50
    ax.set_xlim(-0.06 * right, right)          # room for a number left of a dot at EUR 0
    ax.set_ylim(0, 100)
    fig.colorbar(sc, ax=ax, label=say("gap_short", lang), shrink=0.9)
    ax.set_xlabel(t("cost_axis", lang))
    ax.set_ylabel(f"% {t(HEADLINE, lang).lower()}")
    fig.draw_without_rendering()   # the final layout first: the numbers are placed on it
    to_points = lambda q: ax.transData.transform(q) * 72 / fig.dpi  # noqa: E731
    xy = to_points([(p.cost, 100 * p.headline) for p in points])
    star = to_points([(current.cost, 100 * current.headline)])
    for i, (p, off) in enumerate(zip(points, label_offsets(xy, obstacles=star))):
        ax.annotate(str(i + 1), (p.cost, 100 * p.headline), fontsize=10, xytext=off,
                    textcoords="offset points")
    ax.grid(alpha=0.3)
    items = [f"{i + 1} {p.label}: EUR {number(p.cost, lang)}, {100 * p.headline:.0f}%, "
             f"{number(p.gap, lang, 2)}" for i, p in enumerate(points)]
    items.insert(0, f"{t('current_mix', lang)}: EUR {number(current.cost, lang)}, "
                    f"{100 * current.headline:.0f}%, {number(current.gap, lang, 2)}")
    return fig, "; ".join(items)


@solara.component
def CostTable(points: list[Point], current: Point, lang: str):
    """The numbers behind the chart, one row per numbered dot: money spent, the personal
    budget offered beside it, the share learning a lot and the education gap."""
    head = (t("table_nr", lang), t("scenario", lang), t("cost_axis", lang),
            t("budget_offered", lang), t(HEADLINE, lang), t("gap_axis", lang))
    rows = [("*", current)] + [(str(i + 1), p) for i, p in enumerate(points)]
    html = "<thead><tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr></thead><tbody>"
    for nr, p in rows:
        html += (f"<tr><td>{nr}</td><td>{p.label}</td><td>{number(p.cost, lang)}</td>"
                 f"<td>{number(p.offered, lang)}</td><td>{100 * p.headline:.0f}%</td>"
                 f"<td>{number(p.gap, lang, 2)}</td></tr>")
    solara.HTML(tag="table", unsafe_innerHTML=html + "</tbody>", classes=["llo-table"])


@solara.component
def CostView(params: dict, seed: int, lang: str, horizon: int = COST_MONTHS):
    """The tab: a button that runs every policy on the organisation on screen, then the
    sentence, the chart and the table, read at the chosen ``horizon`` (the month the
    running views' answer is read at), from the same runs."""
    request, set_request = solara.use_state(None)

    def job(cancel: threading.Event):
        if request is None:
            return None
        current_params, base_seed, month = request
        labelled = [(say("standard_policy", lang) if name == "baseline"
                     else checks.title(name, lang, short=True), p)
                    for name, p in policies_on(current_params)]
        try:
            *points, current = measure_all(
                labelled + [(t("current_mix", lang), current_params)], base_seed, month,
                cancel=cancel)
        except Cancelled:
            return None
        return request, points, current

    result = solara.use_thread(job, dependencies=[request], intrusive_cancel=False)
    shown = result.value[0] if result.value else (params, seed, horizon)   # what is on screen
    note = say("cost_note", lang).format(m=shown[2], n=number(shown[0]["n_employees"], lang),
                                         r=replications_for(shown[0]["n_employees"]))
    solara.Text(note + " " + t("cost_spent_note", lang), classes=["llo-note"])
    with solara.Div(classes=["llo-runbar"]):
        solara.Button(t("cost_run", lang), on_click=lambda: set_request((params, seed, horizon)),
                      color="primary", classes=["llo-cost-run"])
    Busy(running(request, result), lambda: set_request(None), lang)
    if result.value:
        _, points, current = result.value
        solara.Text(sentence(current, points[0], points[1:], lang),
                    classes=["llo-cost-sentence"])
        fig, alt = chart(points, current, lang)
        Chart(fig, alt, "cost-effect", lang)
        CostTable(points, current, lang)
