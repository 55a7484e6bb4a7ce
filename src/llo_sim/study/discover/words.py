"""The boxes of a discovery in plain words, in Dutch and English.

"integrated does not beat budget_only by more than 2 points when the mean coaching skill of
leaders is above 0.55 and the share with a flex contract is below 0.15 (in 80% of such cases;
they hold 60% of all cases where it does not)."
"""

from __future__ import annotations

from llo_sim.study.discover.boxes import Box, Restriction

LANGS = ("nl", "en")
# Short names of the inputs a discovery varies: (Dutch, English). An input without one is
# named by its registry name.
LABELS = {
    "organisation": ("het soort organisatie", "the type of organisation"),
    "share_theoretical": ("het aandeel theoretisch opgeleiden", "the share theoretically educated"),
    "share_flex": ("het aandeel met een flexcontract", "the share on a flex contract"),
    "share_young": ("het aandeel jonger dan 35", "the share under 35"),
    "share_old": ("het aandeel van 55 of ouder", "the share aged 55 or over"),
    "share_care_duties": ("het aandeel met zorgtaken", "the share with care duties"),
    "leader_coaching_mean": ("het gemiddelde coachend vermogen van leidinggevenden",
                             "the leaders' mean coaching skill"),
    "share_style_supportive": ("het aandeel ondersteunende leidinggevenden",
                               "the share of supportive leaders"),
    "share_leaders_target_pressure": ("het aandeel leidinggevenden onder productiedruk",
                                      "the share of leaders under target pressure"),
    "w_richting_future_of_work": ("het effect van informatie over de toekomst van het werk",
                                  "the effect of future-of-work information"),
    "w_insight_checkup": ("het effect van de loopbaan-APK", "the effect of the career check-up"),
    "w_climate_safe_climate": ("het effect van het programma veilig leerklimaat",
                               "the effect of the safe-climate programme"),
    "w_autonomy_job_crafting": ("het effect van job crafting op autonomie",
                                "the effect of job crafting on autonomy"),
    "w_variety_job_crafting": ("het effect van job crafting op afwisseling",
                               "the effect of job crafting on variety"),
    "w_buddy_coaches": ("het effect van coaches en buddy's", "the effect of coaches and buddies"),
    "w_kunnen_skills_training": ("het effect van training in eigen-regievaardigheden",
                                 "the effect of self-direction skills training"),
    "w_formal_time": ("het effect van ontwikkeltijd op formeel leren",
                      "the effect of development time on formal learning"),
    "w_formal_platform": ("het effect van het loopbaanplatform op formeel leren",
                          "the effect of the career platform on formal learning"),
    "w_informal_time": ("het effect van ontwikkeltijd op informeel leren",
                        "the effect of development time on informal learning"),
    "w_career_platform": ("de loopbaankansen die het platform opent",
                          "the career chances the platform opens"),
    "w_targeted_support": ("het effect van gerichte steun", "the effect of targeted support"),
    "w_targeted_variety": ("de leerkansen in het werk door gerichte aandacht",
                           "the learning chances in the work from targeted attention"),
    "w_targeted_richting": ("de persoonlijke richting door gerichte aandacht",
                            "the personal direction from targeted attention"),
    "leader_training_rate": ("hoe snel leidinggevenden leren coachen door training",
                             "how fast leader training teaches coaching"),
    "formal_rate": ("de neiging om uit eigen beweging een cursus te willen",
                    "the inclination to want a course of one's own accord"),
    "organised_rate": ("de door de werkgever georganiseerde scholing",
                       "the training the employer organises"),
    "w_organised_agency": ("het deel van werkgeversscholing dat een aanbod is",
                           "the part of employer training that is an offer"),
    "informal_rate": ("de neiging om informeel te leren", "the inclination to learn informally"),
    "informal_propensity_sd": ("de spreiding in neiging tot informeel leren",
                               "the spread of the inclination to learn informally"),
    "propensity_sd": ("de spreiding in neiging tot formeel leren",
                      "the spread of the inclination to learn formally"),
    "practical_propensity_shift": ("de lagere neiging tot formeel leren van praktisch opgeleiden",
                                   "the lower formal inclination of the practically educated"),
    "job_level_practical": ("de complexiteit van het werk van praktisch opgeleiden",
                            "the job complexity of the practically educated"),
    "job_level_theoretical": ("de complexiteit van het werk van theoretisch opgeleiden",
                              "the job complexity of the theoretically educated"),
    "w_need_gap": ("de scholing die de werkgever eist bij een vaardigheidstekort",
                   "the training the employer requires for a skill gap"),
    "base_offer": ("het opleidingsaanbod zonder persoonlijk budget",
                   "the course offer without a personal budget"),
    "approval_base": ("de kans dat een leidinggevende een cursus goedkeurt",
                      "the chance that a leader approves a course"),
    "practical_formal_conversion": ("de omzetting van formele leermiddelen bij praktisch "
                                    "opgeleiden", "the conversion of formal learning resources "
                                    "for the practically educated"),
}
ORGANISATION_NAMES = {
    "baseline": ("een doorsnee organisatie", "a typical organisation"),
    "care_organisation": ("een zorgorganisatie", "a care organisation"),
    "technical_organisation": ("een technische organisatie", "a technical organisation"),
    "sme": ("een mkb-bedrijf", "an SME"),
    "large_organisation": ("een grote organisatie", "a large organisation"),
}
WORDS = {
    "above": ("hoger dan {low}", "above {low}"),
    "below": ("hoogstens {high}", "at most {high}"),
    "between": ("tussen {low} en {high}", "between {low} and {high}"),
    "is": ("{levels}", "{levels}"),
    "or": (" of ", " or "),
    "and": (" en ", " and "),
    "sentence": ("{scenario} doet het niet meer dan {margin} procentpunt beter dan {other} "
                 "als {conditions} (in {density} van zulke gevallen; dat is {coverage} van "
                 "alle gevallen waarin het niet beter is).",
                 "{scenario} does not beat {other} by more than {margin} points when "
                 "{conditions} (in {density} of such cases; they hold {coverage} of all cases "
                 "in which it does not)."),
    "none": ("{scenario} doet het in {share} van de {n} gevallen niet meer dan {margin} "
             "procentpunt beter dan {other}; daarin is geen duidelijk patroon gevonden.",
             "{scenario} does not beat {other} by more than {margin} points in {share} of the "
             "{n} cases; no clear pattern was found in them."),
    "never": ("{scenario} doet het in alle {n} gevallen meer dan {margin} procentpunt beter "
              "dan {other}.", "{scenario} beats {other} by more than {margin} points in all "
              "{n} cases."),
    "always": ("{scenario} doet het in geen van de {n} gevallen meer dan {margin} procentpunt "
               "beter dan {other}.", "{scenario} beats {other} by more than {margin} points "
               "in none of the {n} cases."),
}


def label(name: str, lang: str) -> str:
    pair = LABELS.get(name)
    return pair[LANGS.index(lang)] if pair else name


def condition(r: Restriction, lang: str) -> str:
    """One restriction in words, as a clause after "when" / "als": "the share on a flex
    contract is at most 0.15", "het aandeel met een flexcontract hoogstens 0,15 is"."""
    k = LANGS.index(lang)
    if r.levels is not None:
        names = [ORGANISATION_NAMES.get(v, (v, v))[k] if r.name == "organisation" else v
                 for v in r.levels]
        what = WORDS["or"][k].join(names)
        subject = ("het", "it") if r.name == "organisation" else (label(r.name, "nl"),
                                                                  label(r.name, "en"))
    else:
        fmt = {side: _num(v, lang) for side, v in (("low", r.low), ("high", r.high))
               if v is not None}
        key = ("between" if r.low is not None and r.high is not None
               else "above" if r.low is not None else "below")
        what = WORDS[key][k].format(**fmt)
        subject = (label(r.name, "nl"), label(r.name, "en"))
    return f"{subject[0]} {what} is" if lang == "nl" else f"{subject[1]} is {what}"


def sentence(box: Box, scenario: str, other: str, margin: float, lang: str) -> str:
    """A box as one sentence."""
    k = LANGS.index(lang)
    conditions = WORDS["and"][k].join(condition(r, lang) for r in box.restrictions.values())
    return WORDS["sentence"][k].format(scenario=scenario, other=other,
                                       margin=_num(margin, lang),
                                       conditions=conditions, density=_pct(box.density),
                                       coverage=_pct(box.coverage))


def describe(boxes: list[Box], scenario: str, other: str, margin: float, fails: int, n: int,
             lang: str = "en") -> list[str]:
    """The boxes in plain words: one sentence per box, or one saying there is nothing to
    find (no failures, only failures, or no box)."""
    if lang not in LANGS:
        raise ValueError(f"lang = {lang!r}; expected 'nl' or 'en'")
    k = LANGS.index(lang)
    fields = dict(scenario=scenario, other=other, margin=_num(margin, lang), n=n,
                  share=_pct(fails / n if n else 0.0))
    if fails == 0:
        return [WORDS["never"][k].format(**fields)]
    if fails == n:
        return [WORDS["always"][k].format(**fields)]
    if not boxes:
        return [WORDS["none"][k].format(**fields)]
    return [sentence(b, scenario, other, margin, lang) for b in boxes]


def _num(x: float | None, lang: str = "en") -> str:
    """A number as it is read: three significant digits, a decimal comma in Dutch."""
    text = f"{x:.3g}" if abs(x) < 10 else f"{x:,.0f}"
    return text.replace(".", ",") if lang == "nl" else text


def _pct(x: float) -> str:
    return f"{x:.0%}"
