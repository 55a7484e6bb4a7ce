"""Dutch and English texts of the dashboard. Dutch is the default: the users are Dutch.

``TEXT`` holds the interface texts; ``PARAMS`` a short label and a help text (shown on
hover) for every parameter the dashboard shows. Any parameter without an entry falls back
to its registry name and meaning, so a new parameter never breaks the dashboard.
"""

from __future__ import annotations

LANGUAGES = ("nl", "en")

TEXT = {
    "title": ("Leercultuur-simulator", "Learning culture simulator"),
    "subtitle": ("Welke mix van HR-maatregelen helpt medewerkers regie te nemen over hun leren, "
                 "en wie blijft achter?",
                 "Which mix of HR measures helps employees take charge of their learning, and "
                 "who is left behind?"),
    "language": ("Taal", "Language"),
    "scenario": ("Scenario", "Scenario"),
    "seed": ("Toevalsgetal (seed)", "Random seed"),
    "seed_help": ("Hetzelfde getal geeft dezelfde medewerkers en dezelfde uitkomsten.",
                  "The same number gives the same employees and the same results."),
    "employees": ("Aantal medewerkers", "Number of employees"),
    "play": ("Afspelen", "Play"),
    "pause": ("Pauze", "Pause"),
    "step": ("+1 maand", "+1 month"),
    "year": ("+12 maanden", "+12 months"),
    "reset": ("Opnieuw", "Reset"),
    "month": ("Maand", "Month"),
    "knobs": ("De drie knoppen", "The three knobs"),
    "richting": ("Richting (informeren, stimuleren)", "Richting: direction (inform, stimulate)"),
    "ruimte": ("Ruimte (faciliteren)", "Ruimte: room (facilitate)"),
    "ruggensteun": ("Ruggensteun (vertrouwen, helpen)", "Ruggensteun: backing (trust, help)"),
    "conversion": ("Conversiefactoren", "Conversion factors"),
    "workforce": ("Samenstelling personeel", "Workforce composition"),
    "tab_participation": ("Deelname", "Participation"),
    "tab_inequality": ("Ongelijkheid", "Inequality"),
    "tab_broek": ("Vier groepen", "Four groups"),
    "tab_blocks": ("Bouwstenen", "Building blocks"),
    "tab_teams": ("Teams", "Teams"),
    "tab_budget": ("Budget en kosten", "Budget and cost"),
    "tab_compare": ("Naast elkaar", "Side by side"),
    "tab_workshop": ("Workshop", "Workshop"),
    "download_csv": ("Download data (CSV)", "Download data (CSV)"),
    "download_png": ("Download figuur (PNG)", "Download figure (PNG)"),
    "participation_any": ("Leert (formeel of informeel)", "Learns (formal or informal)"),
    "participation_formal": ("Formeel (cursus, budget)", "Formal (course, budget)"),
    "participation_informal": ("Informeel (op het werk)", "Informal (on the job)"),
    "share_12m": ("% medewerkers, laatste 12 maanden", "% of employees, last 12 months"),
    "gini": ("Gini van cumulatief leren", "Gini of cumulative learning"),
    "ratio_practical_theoretical": ("Praktisch / theoretisch opgeleid",
                                    "Practically / theoretically educated"),
    "ratio_old_young": ("55+ / jonger dan 35", "55+ / under 35"),
    "ratio_flex_permanent": ("Flex / vast contract", "Flex / permanent contract"),
    "ratio_axis": ("Deelnameverhouding (1 = gelijk)", "Participation ratio (1 = equal)"),
    "inequality_axis": ("Ongelijkheid (0 = gelijk)", "Inequality (0 = equal)"),
    "share_axis": ("% medewerkers", "% of employees"),
    "in_position_learning": ("In positie, leert", "In a position to learn, learns"),
    "in_position_not_learning": ("In positie, leert niet", "In a position, does not learn"),
    "not_in_position_learning": ("Niet in positie, leert toch",
                                 "Not in a position, learns anyway"),
    "not_in_position_not_learning": ("Niet in positie, leert niet",
                                     "Not in a position, does not learn"),
    "broek_note": ("Naar Broek e.a. (2023): wie leert, al zat hij of zij niet in een "
                   "realistische positie om te leren?",
                   "After Broek et al. (2023): who learns although not in a realistic "
                   "position to learn?"),
    "weten": ("Weten", "Know (weten)"), "willen": ("Willen", "Want (willen)"),
    "kunnen": ("Kunnen", "Can (kunnen)"), "durven": ("Durven", "Dare (durven)"),
    "mogen": ("Mogen", "May (mogen)"),
    "block_axis": ("Gemiddelde (0-1)", "Mean (0-1)"),
    "practical": ("Praktisch opgeleid", "Practically educated"),
    "theoretical": ("Theoretisch opgeleid", "Theoretically educated"),
    "<35": ("Jonger dan 35", "Under 35"), "35-54": ("35-54", "35-54"), "55+": ("55+", "55+"),
    "permanent": ("Vast", "Permanent"), "flex": ("Flex", "Flex"),
    "coaching_axis": ("Coachend vermogen leidinggevende", "Leader's coaching capability"),
    "team_axis": ("Deelname team, laatste 12 maanden (%)", "Team participation, last 12 months (%)"),
    "teams_note": ("Elk bolletje is een team; de kleur is de stijl van de leidinggevende.",
                   "Each dot is a team; its colour is the leader's style."),
    "supportive": ("Ondersteunend", "Supportive"), "directive": ("Sturend", "Directive"),
    "stimulating": ("Stimulerend", "Stimulating"),
    "budget_uptake": ("Gebruik budget (van wie er een heeft)",
                      "Budget use (of those who have one)"),
    "cost_per_participant": ("Kosten per deelnemer (EUR per jaar)",
                             "Cost per participant (EUR per year)"),
    "run_both": ("Vergelijk", "Compare"),
    "scenario_a": ("Scenario A", "Scenario A"), "scenario_b": ("Scenario B", "Scenario B"),
    "compare_note": ("Beide scenario's met dezelfde medewerkers (zelfde seed).",
                     "Both scenarios with the same employees (same seed)."),
    "months_to_run": ("Aantal maanden", "Months to run"),
    "workshop_next": ("Volgende stap", "Next step"),
    "workshop_restart": ("Opnieuw beginnen", "Start again"),
    "workshop_done": ("Klaar: één maatregel is niet genoeg.", "Done: one measure is not enough."),
    "invalid": ("Ongeldige invoer", "Invalid input"),
    "kept": ("de vorige waarde blijft staan.", "the previous value is kept."),
    "month_now": ("Maand {m} van de simulatie", "Month {m} of the simulation"),
    "participants_now": ("{p:.0%} leert (laatste 12 maanden)", "{p:.0%} learn (last 12 months)"),
}

WORKSHOP = (
    ("budget_only",
     ("Stap 1. Alleen een budget",
      "Iedereen krijgt een persoonlijk ontwikkelbudget. De aanvraag loopt via de "
      "leidinggevende. Kijk: een deel gaat leren, maar vooral wie dat toch al deed."),
     ("Step 1. A budget only",
      "Everyone gets a personal development budget. Requests go through the leader. Watch: "
      "some start learning, mostly those who already did.")),
    ("+richting",
     ("Stap 2. Plus richting",
      "De organisatie vertelt waar het werk naartoe gaat: workshops, een loopbaan-APK, "
      "rolmodellen. Mensen weten beter waarom leren nodig is."),
     ("Step 2. Add direction",
      "The organisation tells where work is going: workshops, a career check-up, role models. "
      "People know better why learning matters.")),
    ("+ruggensteun",
     ("Stap 3. Plus ruggensteun",
      "Leidinggevenden leren coachen, er zijn coaches en buddy's, het klimaat wordt veilig. "
      "Mensen durven en kunnen meer."),
     ("Step 3. Add backing",
      "Leaders learn to coach, there are coaches and buddies, the climate becomes safe. People "
      "dare and can do more.")),
    ("integrated",
     ("Stap 4. De integrale aanpak",
      "Alle drie de knoppen tegelijk, met een laagdrempelig budget zonder tussenkomst van de "
      "leidinggevende: samen één mengpaneel."),
     ("Step 4. The integrated approach",
      "All three knobs at once, with a low-threshold budget that needs no approval: one mixing "
      "desk.")),
)

PARAMS = {
    "future_of_work_intensity": (("Toekomst van het werk: informatie en workshops",
                                  "Vertel waar banen naartoe gaan (richting)."),
                                 ("Future of work: information and workshops",
                                  "Tell where jobs are going (direction).")),
    "career_checkup_intensity": (("Loopbaan-APK", "Een persoonlijk gesprek over de loopbaan."),
                                 ("Career check-up", "A personal conversation about one's career.")),
    "role_models_intensity": (("Rolmodellen in het zonnetje", "Vier voorbeelden van leren."),
                              ("Role-model campaigns", "Celebrate examples of learning.")),
    "budget_amount": (("Ontwikkelbudget (EUR per jaar)", "Bedrag per medewerker met een budget."),
                      ("Development budget (EUR per year)", "Amount per employee with a budget.")),
    "budget_coverage": (("Deel vaste medewerkers met budget", "Wie heeft er een budget?"),
                        ("Share of permanent staff with a budget", "Who has a budget?")),
    "budget_procedure": (("Aanvraag budget", "Via de leidinggevende of direct (laagdrempelig)."),
                         ("Budget request", "Through the leader, or direct (low-threshold).")),
    "dev_time_intensity": (("Ontwikkeltijd", "Tijd om te leren binnen werktijd."),
                           ("Development time", "Time to learn within working hours.")),
    "job_crafting_intensity": (("Job crafting: autonomie en afwisseling",
                                "Uitdagend, gevarieerd werk met eigen ruimte."),
                               ("Job crafting: autonomy and variety",
                                "Challenging, varied work with room of one's own.")),
    "career_platform_intensity": (("Loopbaanplatform", "Een platform met kansen en scans."),
                                  ("Career platform", "A platform with opportunities and scans.")),
    "leader_training_intensity": (("Training leidinggevenden in coachen",
                                   "Werkt in maanden, niet meteen."),
                                  ("Leader coaching training", "Works over months, not at once.")),
    "coaches_intensity": (("Coaches en buddy's", "Voor teams met een leidinggevende die niet coacht."),
                          ("Coaches and buddies", "For teams whose leader cannot coach.")),
    "safe_climate_intensity": (("Veilig leerklimaat", "Fouten mogen; leren wordt gewaardeerd."),
                               ("Safe learning climate", "Mistakes allowed; learning valued.")),
    "skills_training_intensity": (("Training eigen regie", "Doelen stellen, stappen plannen."),
                                  ("Self-direction skills training", "Set goals, plan steps.")),
    "targeted_support_intensity": (("Extra aandacht voor wie leren niet vanzelf doet",
                                    "Kleine stapjes, positieve feedback, leren op het werk."),
                                   ("Extra attention for those for whom learning is not "
                                    "self-evident", "Small steps, positive feedback, learning on "
                                    "the job.")),
    "practical_formal_conversion": (("Omzetting cursus bij praktisch opgeleiden",
                                     "1 = even goed als theoretisch opgeleiden."),
                                    ("Course conversion, practically educated",
                                     "1 = as well as the theoretically educated.")),
    "old_formal_conversion": (("Omzetting cursus bij 55-plussers", "1 = even goed als jongeren."),
                              ("Course conversion, aged 55+", "1 = as well as younger staff.")),
    "care_time_conversion": (("Omzetting tijd bij zorgtaken", "1 = zorgtaken hinderen niet."),
                             ("Time conversion with care duties", "1 = care duties do not hinder.")),
    "flex_conversion": (("Omzetting bij flexcontract", "Cao, budget, investering werkgever."),
                        ("Conversion with a flex contract",
                         "Collective agreement, budget, employer investment.")),
    "economic_health": (("Economische gezondheid bedrijf", "1 = gezond."),
                        ("Economic health of the company", "1 = healthy.")),
    "n_employees": (("Aantal medewerkers", "10 tot 20.000 in het dashboard."),
                    ("Number of employees", "10 to 20,000 in the dashboard.")),
    "share_theoretical": (("Deel theoretisch opgeleid", ""), ("Share theoretically educated", "")),
    "share_young": (("Deel jonger dan 35", ""), ("Share under 35", "")),
    "share_old": (("Deel 55-plus", ""), ("Share aged 55+", "")),
    "share_flex": (("Deel flexcontract", ""), ("Share on a flex contract", "")),
    "share_care_duties": (("Deel met zorgtaken", ""), ("Share with care duties", "")),
}


def t(key: str, lang: str) -> str:
    """The text ``key`` in ``lang`` (``'nl'`` or ``'en'``); the key itself if unknown."""
    pair = TEXT.get(key)
    return pair[LANGUAGES.index(lang)] if pair else key


def param_label(name: str, lang: str, fallback: str = "") -> tuple[str, str]:
    """(label, help) of a parameter in ``lang``."""
    entry = PARAMS.get(name)
    if entry is None:
        return name, fallback
    return entry[LANGUAGES.index(lang)]
