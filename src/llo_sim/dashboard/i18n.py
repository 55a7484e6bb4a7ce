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
    "tab_policy": ("Beste mix", "Best mix"),
    "tab_own": ("Eigen organisatie", "Your organisation"),
    "download_csv": ("Download data (CSV)", "Download data (CSV)"),
    "download_png": ("Download figuur (PNG)", "Download figure (PNG)"),
    "participation_any": ("Leert (formeel of informeel)", "Learns (formal or informal)"),
    # the headline (measures.HEADLINE): learned in at least 6 of the last 12 months
    "share_learning_a_lot": ("Leert veel (6+ van 12 maanden)", "Learns a lot (6+ of 12 months)"),
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
    "participants_now": ("{p:.0%} leert veel (6+ van de laatste 12 maanden)",
                         "{p:.0%} learn a lot (6+ of the last 12 months)"),
    "not_measured_yet": ("Deelname: nog geen 12 maanden gemeten",
                         "Participation: not yet 12 months measured"),
    "start_picture": ("Maand 0: de organisatie bij de start. De bouwstenen per groep staan "
                      "hieronder; deelname telt over 12 maanden en verschijnt zodra de "
                      "simulatie loopt (Afspelen of +1 maand).",
                      "Month 0: the organisation at the start. The building blocks per group "
                      "are below; participation counts over 12 months and appears once the "
                      "simulation runs (Play or +1 month)."),
    # errors: in the interface's language, next to the field
    "err_whole": ("Ongeldige invoer: typ een heel getal van {low} tot {high}; de vorige "
                  "waarde blijft staan.",
                  "Invalid input: type a whole number from {low} to {high}; the previous "
                  "value is kept."),
    "err_range": ("Ongeldige invoer: kies een getal van {low} tot {high}; de vorige waarde "
                  "blijft staan.",
                  "Invalid input: choose a number from {low} to {high}; the previous value "
                  "is kept."),
    "err_number": ("Ongeldige invoer: typ een getal van {low} tot {high}; de vorige waarde "
                   "blijft staan.",
                   "Invalid input: type a number from {low} to {high}; the previous value is "
                   "kept."),
    "err_choice": ("Ongeldige keuze; de vorige waarde blijft staan.",
                   "Invalid choice; the previous value is kept."),
    "err_scenario": ("Onbekend scenario: kies er een uit de lijst.",
                     "Unknown scenario: choose one from the list."),
    "err_sum": ("Samen meer dan 100%: verlaag eerst het andere aandeel; de vorige waarde blijft "
                "staan.",
                "Together more than 100%: lower the other share first; the previous value is "
                "kept."),
    "err_internal": ("Er ging iets mis op de server; de vorige toestand blijft staan.",
                     "Something went wrong on the server; the previous state is kept."),
    "continue": ("Verder", "Continue"),
    "err_page": ("Er ging iets mis op de server. Verder opent het dashboard opnieuw, met de "
                 "instellingen van vóór de fout.",
                 "Something went wrong on the server. Continue opens the dashboard again, with "
                 "the settings from before the error."),
    # choices of the registry, in words
    "leader": ("Via de leidinggevende", "Through the leader"),
    "direct": ("Direct, zonder tussenkomst", "Direct, no approval needed"),
    # controls
    "info": ("Uitleg", "Explanation"),
    "settings": ("Instellingen", "Settings"),
    "reference": ("Vergelijk met", "Compare with"),
    "reference_line": ("{name} (referentie)", "{name} (reference)"),
    "current_line": ("Huidige instellingen", "Current settings"),
    "present": ("Presenteren", "Present"),
    "present_stop": ("Stop presenteren", "Stop presenting"),
    "tab_cost": ("Kosten en effect", "Cost and effect"),
    "replications": ("Herhalingen", "Replications"),
    "running": ("Bezig met rekenen...", "Computing..."),
    "cancel": ("Stop", "Stop"),
    "band_note": ("Lijn: gemiddelde van {n} herhalingen (andere medewerkers en, vanaf de "
                  "tweede, een ander plausibel parameterstel uit de kalibratie; dezelfde "
                  "instellingen); band: 95%-interval van dat gemiddelde.",
                  "Line: mean of {n} replications (other employees and, from the second on, "
                  "another plausible parameter set from the calibration; the same settings); "
                  "band: 95% interval of that mean."),
    "difference": ("Verschil {b} min {a} in maand {m}: {d} procentpunt [{lo}; "
                   "{hi}] (95%-interval, {n} herhalingen).",
                   "Difference {b} minus {a} at month {m}: {d} percentage points "
                   "[{lo}; {hi}] (95% interval, {n} replications)."),
    "difference_one": ("Verschil {b} min {a} in maand {m}: {d} procentpunt (één run: "
                       "kies meer herhalingen voor een interval).",
                       "Difference {b} minus {a} at month {m}: {d} percentage points (one "
                       "run: choose more replications for an interval)."),
    "cost_axis": ("Kosten per medewerker per jaar (EUR)", "Cost per employee per year (EUR)"),
    "budget_offered": ("Budget aangeboden (EUR)", "Budget offered (EUR)"),
    "cost_spent_note": ("Kosten zijn uitgegeven geld: een persoonlijk budget kost wat de houders "
                        "ervan gebruiken; wat is aangeboden staat ernaast.",
                        "Costs are money spent: a personal budget costs what its holders use; "
                        "what was offered is shown beside it."),
    "gap_axis": ("Onderwijskloof (theoretisch ÷ praktisch, formeel; 1 = gelijk)",
                 "Education gap (theoretical ÷ practical, formal; 1 = equal)"),
    "current_mix": ("Huidige mix", "Current mix"),
    "cost_run": ("Bereken", "Compute"),
    "headline_with_ref": ("{p:.0%} leert veel; {ref}: {r:.0%} ({d:+.0f} procentpunt)",
                          "{p:.0%} learn a lot; {ref}: {r:.0%} ({d:+.0f} percentage points)"),
    "headline_with_interval": ("{p:.0%} leert veel; {ref}: {r:.0%}; verschil {d:+.0f} procentpunt "
                               "[{lo:+.0f}; {hi:+.0f}] over {n} herhalingen",
                               "{p:.0%} learn a lot; {ref}: {r:.0%}; difference {d:+.0f} percentage "
                               "points [{lo:+.0f}; {hi:+.0f}] over {n} replications"),
    "alt_band": ("95%-band van het gemiddelde over de herhalingen {band}",
                 "95% band of the mean over the replications {band}"),
    "alt_lines": ("Maand {m}: {items}.", "Month {m}: {items}."),
    "chart": ("Grafiek", "Chart"),
    "alt_summary": ("de getallen in tekst", "the numbers in words"),
    "menu": ("Instellingen tonen of verbergen", "Show or hide settings"),
    "unit_eur": ("EUR", "EUR"),
    "unit_share": ("%", "%"),
    "unit_intensity": ("van 1", "of 1"),
    "unit_factor": ("", ""),
    # the workshop, its steps and the texts computed from the numbers
    "workshop_intro": ("Elke stap voegt maatregelen toe aan de stap ervoor; niets wordt "
                       "weggehaald. Elke stap: {m} maanden, dezelfde medewerkers, {n} "
                       "herhalingen (lijn: gemiddelde, band: 95%-interval). De grijze lijn is "
                       "de uitgangssituatie.",
                       "Each step adds measures to the step before; nothing is taken away. "
                       "Each step: {m} months, the same employees, {n} replications (line: "
                       "mean, band: 95% interval). The grey line is the baseline."),
    "ws_1": ("Stap 1. Alleen een budget", "Step 1. A budget only"),
    "ws_1_text": ("Iedereen krijgt een persoonlijk ontwikkelbudget; de aanvraag loopt via de "
                  "leidinggevende.",
                  "Everyone gets a personal development budget; requests go through the "
                  "leader."),
    "ws_2": ("Stap 2. Plus richting", "Step 2. Add direction"),
    "ws_2_text": ("Erbij: vertellen waar het werk naartoe gaat, een loopbaan-APK, rolmodellen.",
                  "Added: where work is going, a career check-up, role models."),
    "ws_3": ("Stap 3. Plus ruggensteun", "Step 3. Add backing"),
    "ws_3_text": ("Erbij: leidinggevenden leren coachen, coaches en buddy's, een veilig "
                  "klimaat, training eigen regie.",
                  "Added: leaders learn to coach, coaches and buddies, a safe climate, "
                  "self-direction training."),
    "ws_4": ("Stap 4. Plus ruimte: de integrale aanpak", "Step 4. Add room: the integrated "
             "approach"),
    "ws_4_text": ("Erbij: een laagdrempelig budget zonder tussenkomst, ontwikkeltijd, job "
                  "crafting, een loopbaanplatform. Alle drie de knoppen samen.",
                  "Added: a low-threshold budget without approval, development time, job "
                  "crafting, a career platform. All three knobs together."),
    "ws_result": ("Na {m} maanden leert {p:.0%} veel ({diff} tegen de uitgangssituatie); "
                  "formeel {f:.0%}.",
                  "After {m} months {p:.0%} learn a lot ({diff} against the baseline); "
                  "formally {f:.0%}."),
    "ws_diff": ("{d:+.0f} procentpunt", "{d:+.0f} percentage points"),
    "ws_diff_interval": ("{d:+.0f} procentpunt, 95%: {lo:+.0f} tot {hi:+.0f}",
                         "{d:+.0f} percentage points, 95%: {lo:+.0f} to {hi:+.0f}"),
    "ws_up": ("Tegen de vorige stap: {diff}.",
              "Against the previous step: {diff}."),
    "ws_flat": ("Tegen de vorige stap verandert de deelname nauwelijks ({diff}): "
                "deze maatregelen voegen hier weinig toe aan wat er al was.",
                "Against the previous step participation hardly changes ({diff}): "
                "these measures add little here to what was already there."),
    "ws_down": ("Tegen de verwachting in daalt de deelname tegen de vorige stap ({diff}). "
                "Bespreek: toeval (ligt 0 in het interval?) of een echt effect?",
                "Against expectation, participation falls against the previous step ({diff}). "
                "Discuss: chance (is 0 inside the interval?) or a real effect?"),
    "ws_gap": ("Onderwijskloof: theoretisch opgeleiden leren {g} keer zo vaak formeel als "
               "praktisch opgeleiden (1 = gelijk).",
               "Education gap: the theoretically educated learn formally {g} times as often as "
               "the practically educated (1 = equal)."),
    "ws_done_up": ("Klaar: samen brengen de maatregelen het aandeel dat veel leert van {a:.0%} "
                   "naar {b:.0%}; één maatregel is niet genoeg.",
                   "Done: together the measures take the share who learn a lot from {a:.0%} "
                   "to {b:.0%}; one measure is not enough."),
    "ws_done_flat": ("Klaar: de integrale aanpak komt uit op {b:.0%}, stap 1 op {a:.0%}.",
                     "Done: the integrated approach ends at {b:.0%}, step 1 at {a:.0%}."),
    "ws_short": ("{p:.0%} (formeel {f:.0%})", "{p:.0%} (formally {f:.0%})"),
    "table_nr": ("Nr.", "No."),
    "baseline_name": ("Uitgangssituatie", "Baseline"),
    # the policy view (best_mix.py, policy_panel.py)
    "pol_budget": ("Budget per medewerker per jaar (EUR)", "Budget per employee per year (EUR)"),
    "pol_search": ("Zoek de beste mix", "Find the best mix"),
    "pol_progress": ("{done} van {total} runs", "{done} of {total} runs"),
    "pol_found": ("Beste mixen binnen EUR {b} per medewerker per jaar, over {w} werelden. "
                  "Verticaal: het aandeel dat veel leert in 9 van de 10 werelden minstens.",
                  "Best mixes within EUR {b} per employee per year, over {w} worlds. Vertical: "
                  "the share learning a lot in at least 9 of 10 worlds."),
    "pol_front": ("Beste mixen (A, B, ...)", "Best mixes (A, B, ...)"),
    "pol_recommended": ("Aanbevolen (✓)", "Recommended (✓)"),
    "pol_shipped": ("Scenario's uit de bibliotheek", "Library scenarios"),
    "pol_budget_line": ("Budget", "Budget"),
    "pol_axis": ("% leert veel (9 van 10 werelden)", "% learn a lot (9 of 10 worlds)"),
    "pol_gap": ("Onderwijskloof (theoretisch ÷ praktisch, formeel)",
                "Education gap (theoretical ÷ practical, formal)"),
    "pol_what": ("Wat de mix inzet", "What the mix sets"),
    "pol_apply": ("Neem de aanbevolen mix (✓) over in de instellingen",
                  "Use the recommended mix (✓) in the settings"),
    "pol_alt": ("Kosten per medewerker per jaar tegen het aandeel dat veel leert in 9 van 10 "
                "werelden: {items}",
                "Cost per employee per year against the share learning a lot in 9 of 10 "
                "worlds: {items}"),
    "pol_table_note": ("Aanbevolen (✓): de mix die de meeste mensen veel laat leren zonder "
                       "grotere kloof dan nu. Kloof: hoeveel vaker theoretisch dan praktisch "
                       "opgeleiden formeel leren (1 = gelijk), in 9 van 10 werelden hoogstens.",
                       "Recommended (✓): the mix that gets the most people learning a lot "
                       "without a wider gap than now. Gap: how many times more often the "
                       "theoretically than the practically educated learn formally (1 = equal), "
                       "at most, in 9 of 10 worlds."),
    "pol_fail_title": ("Wanneer werkt de huidige mix niet?", "When does the current mix fail?"),
    "pol_fail_note": ("Een kleine verkenning: de huidige mix en de uitgangssituatie in {n} "
                      "verschillende omstandigheden (type organisatie, leidinggevenden, "
                      "personeel, hoe sterk elke maatregel werkt, werelden van het ensemble), "
                      "{e} medewerkers, {m} maanden. Werkt niet: het aandeel dat veel leert "
                      "ligt hoogstens de marge boven de uitgangssituatie.",
                      "A small exploration: the current mix and the baseline in {n} different "
                      "conditions (organisation type, leaders, workforce, how strongly each "
                      "measure works, worlds of the ensemble), {e} employees, {m} months. "
                      "Fails: the share learning a lot is at most the margin above the "
                      "baseline."),
    "pol_margin": ("Marge (procentpunt)", "Margin (percentage points)"),
    "pol_discover": ("Zoek de omstandigheden", "Find the conditions"),
    "pol_fail_summary": ("Verschil met de uitgangssituatie: gemiddeld {d:+d} procentpunt "
                         "(90% van de omstandigheden {lo:+d} tot {hi:+d}); hoogstens "
                         "{margin} procentpunt in {k} van de {n} omstandigheden.",
                         "Difference with the baseline: on average {d:+d} percentage points "
                         "(90% of the conditions {lo:+d} to {hi:+d}); at most {margin} "
                         "percentage points in {k} of the {n} conditions."),
}

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


def texts(table: dict):
    """A ``t`` for a view's own ``table`` (as :data:`TEXT`), falling back to the shared."""
    return lambda key, lang: (table[key][LANGUAGES.index(lang)] if key in table
                              else t(key, lang))


def param_label(name: str, lang: str, fallback: str = "") -> tuple[str, str]:
    """(label, help) of a parameter in ``lang``."""
    entry = PARAMS.get(name)
    if entry is None:
        return name, fallback
    return entry[LANGUAGES.index(lang)]
