"""What each number on screen means: the definitions of ``docs/measures.md``, in Dutch and
English, shown when a term is hovered, focused or tapped.

Every tab that shows a measure takes its definition from here, so "the gap" or "learns a lot"
means the same thing everywhere. ``tests/test_dashboard_runs.py`` checks that every term
names a column that ``docs/measures.md`` defines.
"""

from __future__ import annotations

import solara

from llo_sim.dashboard.i18n import LANGUAGES, t

# measure -> (Dutch, English): one definition per measure, as in docs/measures.md
GLOSSARY = {
    "share_learning_a_lot": (
        "Het aandeel medewerkers dat in minstens 6 van de laatste 12 maanden iets leerde, "
        "formeel of informeel. De hoofduitkomst: ongeveer 40% zegt veel te leren (SER/TNO "
        "Monitor Leercultuur 2022).",
        "The share of employees who learned something, formally or informally, in at least 6 "
        "of the last 12 months. The headline: about 40% say they learn a lot (SER/TNO "
        "Monitor Leercultuur 2022)."),
    "participation_formal": (
        "Het aandeel dat in minstens één van de laatste 12 maanden een cursus of opleiding "
        "volgde (elke route).",
        "The share in a course (any route) in at least one of the last 12 months."),
    "participation_informal": (
        "Het aandeel dat in de laatste 12 maanden informeel leerde: nieuwe taken, "
        "experimenteren, reflecteren met collega's.",
        "The share who learned informally in the last 12 months: new tasks, experimenting, "
        "reflecting with colleagues."),
    "ratio_formal_theoretical_practical": (
        "De onderwijskloof: hoeveel keer vaker theoretisch dan praktisch opgeleiden een "
        "cursus volgden in de laatste 12 maanden (1 = gelijk). In Nederland 1,8 tot 2,8 "
        "(CBS).",
        "The education gap: how many times more often the theoretically than the practically "
        "educated were in a course in the last 12 months (1 = equal). In the Netherlands 1.8 "
        "to 2.8 (CBS)."),
    "gini_learning": (
        "Gini van al het leren tot nu toe: 0 als iedereen even vaak leerde, richting 1 als "
        "één persoon al het leren deed.",
        "Gini of all learning so far: 0 when everyone learned equally often, towards 1 when "
        "one person did all the learning."),
    "ratio_practical_theoretical": (
        "Deelname (formeel of informeel, 12 maanden) van praktisch opgeleiden gedeeld door "
        "die van theoretisch opgeleiden (1 = gelijk).",
        "Participation (formal or informal, 12 months) of the practically educated divided "
        "by that of the theoretically educated (1 = equal)."),
    "ratio_old_young": (
        "Deelname (12 maanden) van 55-plussers gedeeld door die van medewerkers onder 35.",
        "Participation (12 months) of those aged 55+ divided by that of those under 35."),
    "ratio_flex_permanent": (
        "Deelname (12 maanden) van flexkrachten gedeeld door die van vaste medewerkers.",
        "Participation (12 months) of flex workers divided by that of permanent staff."),
    "share_in_position_learning": (
        "In een realistische positie om te leren (vastgelegd bij de start), en leert "
        "(12 maanden). Broek e.a. (2023).",
        "In a realistic position to learn (fixed at the start), and learning (12 months). "
        "Broek et al. (2023)."),
    "share_not_in_position_learning": (
        "Niet in een realistische positie om te leren, en leert toch: de groep die de bron "
        "uitlicht.",
        "Not in a realistic position to learn, yet learning: the group the source singles "
        "out."),
    "budget_uptake": (
        "Van wie nu een persoonlijk budget heeft: het aandeel dat in de laatste 12 maanden "
        "een cursus (deels) uit het budget betaalde.",
        "Of the current budget holders: the share who started a course paid (partly) from "
        "the budget in the last 12 months."),
    "cost_per_participant": (
        "De kosten van de laatste 12 maanden gedeeld door het aantal medewerkers dat in die "
        "maanden leerde.",
        "The cost of the last 12 months divided by the number of employees who learned in "
        "those months."),
    "cost_month": (
        "Wat de instrumenten deze maand kosten, in euro. Het tabblad Kosten en effect telt de "
        "laatste 12 maanden per medewerker: uitgegeven geld, niet wat wordt aangeboden.",
        "What the instruments cost this month, in euros. The cost and effect tab counts the "
        "last 12 months per employee: money spent, not what is offered."),
}

TITLE = ("Wat betekent dit? (wijs een term aan)", "What does this mean? (point at a term)")
TERMS = {      # the label a term has on screen, where it differs from the shared texts
    "ratio_formal_theoretical_practical": ("Onderwijskloof", "Education gap"),
    "gini_learning": ("Gini", "Gini"),
    "share_in_position_learning": ("In positie, leert", "In a position, learns"),
    "share_not_in_position_learning": ("Niet in positie, leert toch",
                                       "Not in a position, learns anyway"),
    "cost_month": ("Kosten", "Cost"),
}


def definition(measure: str, lang: str) -> str:
    """The definition of ``measure`` in ``lang`` ('' for a measure without one)."""
    pair = GLOSSARY.get(measure)
    return pair[LANGUAGES.index(lang)] if pair else ""


def term(measure: str, lang: str) -> str:
    """The short name of ``measure`` on screen."""
    pair = TERMS.get(measure)
    return pair[LANGUAGES.index(lang)] if pair else t(measure, lang)


@solara.component
def Glossary(measures: list[str], lang: str):
    """A line of terms under a chart: each shows its definition when hovered, focused with
    the keyboard or tapped on a phone (``.llo-term``, see ``style.py``); a screen reader
    reads it as the term's description."""
    with solara.Div(classes=["llo-glossary"]):
        solara.Text(TITLE[LANGUAGES.index(lang)], classes=["llo-glossary-title"])
        for measure in measures:
            text = definition(measure, lang)
            solara.HTML(tag="span", unsafe_innerHTML=_escape(term(measure, lang)),
                        classes=["llo-term", f"llo-term-{measure}"],
                        attributes={"tabindex": "0", "data-def": text, "aria-label":
                                    f"{term(measure, lang)}: {text}"})


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
