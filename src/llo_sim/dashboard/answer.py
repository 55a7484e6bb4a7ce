"""The answer in one look: the headline at the chosen horizon in large type, beside the
reference's, with the difference and its 95% interval over the replications.

The run is whole the moment the settings change (:class:`~llo_sim.dashboard.simulation.
Simulation`), so this number is there at once, whichever month the chart shows; the horizon
(1, 2, 3, 5 or 10 years) is part of the address.
"""

from __future__ import annotations

import solara

from llo_sim.dashboard.controls import LabeledSelect, signed
from llo_sim.dashboard.glossary import definition
from llo_sim.dashboard.i18n import texts
from llo_sim.engine.measures import HEADLINE

HORIZONS = (12, 24, 36, 60, 120)      # months the answer can be read at

TEXT = {      # the texts of the answer and the run bar; the shared ones are in i18n.py
    "horizon": ("Uitkomst na", "Result after"),
    "years": ("{y} jaar", "{y} years"),
    "one_year": ("1 jaar", "1 year"),
    "answer_label": ("leert veel", "learn a lot"),
    "answer_diff": ("{d} procentpunt", "{d} percentage points"),
    "answer_interval": ("95%-interval {lo} tot {hi}, over {n} herhalingen",
                        "95% interval {lo} to {hi}, over {n} replications"),
    "answer_one": ("één herhaling: geen interval", "one replication: no interval"),
    "whole_run": ("Hele looptijd", "Whole run"),
    "horizon_mark": ("uitkomst", "result"),
}
say = texts(TEXT)       # these texts, then the shared ones


def horizon_items(lang: str) -> list[dict]:
    return [{"text": say("one_year", lang) if m == 12 else
             say("years", lang).format(y=m // 12), "value": m} for m in HORIZONS]


@solara.component
def Answer(sim, horizon: int, on_horizon, lang: str, ref_label: str):
    """The headline at ``horizon`` months, in large type, and the reference's beside it."""
    p, r, diff = sim.at(horizon)
    with solara.Div(classes=["llo-answer"]):
        LabeledSelect(say("horizon", lang), horizon, horizon_items(lang),
                      on_horizon or (lambda _: None), "llo-horizon")
        with solara.Div(classes=["llo-big", "llo-big-current"]):
            solara.Text(f"{p:.0%}", classes=["llo-big-number"])
            solara.HTML(tag="span", unsafe_innerHTML=say("answer_label", lang),
                        classes=["llo-term", "llo-big-label"],
                        attributes={"tabindex": "0", "data-def": definition(HEADLINE, lang)})
        if r is None:
            return
        with solara.Div(classes=["llo-big", "llo-big-ref"]):
            solara.Text(f"{r:.0%}", classes=["llo-big-number"])
            solara.Text(ref_label, classes=["llo-big-label"])
        d, lo, hi = (100 * x for x in diff)
        with solara.Div(classes=["llo-big", "llo-big-diff"]):
            solara.Text(say("answer_diff", lang).format(d=signed(d, lang, 1)),
                        classes=["llo-big-number"])
            solara.Text(say("answer_one", lang) if lo != lo else
                        say("answer_interval", lang).format(lo=signed(lo, lang, 1),
                                                            hi=signed(hi, lang, 1), n=sim.reps),
                        classes=["llo-big-label"])
