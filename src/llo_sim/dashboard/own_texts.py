"""The texts of the dashboard's "your organisation" tab (:mod:`llo_sim.dashboard.own_upload`),
in Dutch and English, and the readers' errors said in the interface's language.

A reader's error (:mod:`llo_sim.own.messages`) is shown in the interface's language, naming
each file by the name it was uploaded under; the server's temporary folder, where the uploads
are copied to be read, is never shown (:func:`say`). Numbers are written as the language
writes them (20.000 medewerkers; 20,000 employees).
"""

from __future__ import annotations

import os
import re

from llo_sim.dashboard.controls import number
from llo_sim.own.check import SUPPRESSED
from llo_sim.own.messages import localised

TEXT = {
    "intro": ("Laad uw eigen organisatie: één geanonimiseerde regel per medewerker (lege "
              "sjablonen: llo-sim copy templates), of een export uit AFAS, Youforce of "
              "SuccessFactors (herkend; anders een koppeling van llo-sim own inspect). De "
              "bestanden blijven op deze computer.",
              "Load your own organisation: one anonymised row per employee (blank templates: "
              "llo-sim copy templates), or an export of AFAS, Youforce or SuccessFactors "
              "(recognised; else a mapping from llo-sim own inspect). The files stay on this "
              "computer."),
    "workforce": ("Medewerkers (workforce.csv, verplicht)", "Employees (workforce.csv, required)"),
    "teams": ("Teams en leidinggevenden (teams.csv)", "Teams and leaders (teams.csv)"),
    "scan": ("Eerste scan (scan_0.csv)", "First scan (scan_0.csv)"),
    "later": ("Latere scan (scan_1.csv, met maand)", "Later scan (scan_1.csv, with month)"),
    "mapping": ("Koppeling voor een HR-export (mapping.toml; zonder: herkend)",
                "Mapping of an HR export (mapping.toml; without: recognised)"),
    "months": ("Maanden", "Months"),
    "months_invalid": ("Maanden: typ een heel getal van 1 tot en met {max}.",
                       "Months: type a whole number from 1 to {max}."),
    "run": ("Simuleer in mijn organisatie", "Simulate in my organisation"),
    "running": ("Bezig met rekenen ...", "Computing ..."),
    "loaded": ("Geladen: {name}", "Loaded: {name}"),
    "summary": ("{n} medewerkers in {k} teams; na {m} maanden leert {share:.0%} veel "
                "(in 6 van de laatste 12 maanden).",
                "{n} employees in {k} teams; after {m} months {share:.0%} learn a lot "
                "(in 6 of the last 12 months)."),
    "start": ("Maand 0 tegenover de eerste scan (schaal van de scan)",
              "Month 0 against the first scan (the scan's scale)"),
    "check": ("Latere scan tegenover de voorspelling (90%-interval over {r} werelden)",
              "Later scan against the prediction (90% interval over {r} worlds)"),
    "team": ("Team", "Team"),
    "n": ("Aantal", "People"),
    "quantity": ("Knop", "Knob"),
    "month": ("Maand", "Month"),
    "measured": ("Gemeten", "Measured"),
    "model_month_0": ("Model, maand 0", "Model, month 0"),
    "predicted": ("Voorspeld (90%-interval)", "Predicted (90% interval)"),
    "verdict": ("Oordeel", "Verdict"),
    "better than predicted": ("beter dan voorspeld", "better than predicted"),
    "as predicted": ("zoals voorspeld", "as predicted"),
    "worse than predicted": ("slechter dan voorspeld", "worse than predicted"),
    "too_large": ("{name}: {mb} MB is te groot; het dashboard neemt bestanden tot {max} MB "
                  "(die van een organisatie met 20.000 medewerkers zijn ongeveer 2,5 MB); "
                  "gebruik voor grotere bestanden de opdrachtregel (llo-sim run --workforce).",
                  "{name}: {mb} MB is too large; the dashboard takes files up to {max} MB "
                  "(those of an organisation of 20,000 employees are about 2.5 MB); for "
                  "larger files use the command line (llo-sim run --workforce)."),
    SUPPRESSED: (("niet getoond (privacy: een team kleiner dan 5, of nodig om er een te "
                  "beschermen)"),
                 ("not shown (privacy: a team smaller than 5, or needed to protect one)")),
    "note": ("Let op: {note}", "Note: {note}"),
    "too_many": ("Het dashboard rekent met ten hoogste {max} medewerkers; gebruik voor "
                 "grotere organisaties de opdrachtregel (llo-sim run --workforce).",
                 "The dashboard works with at most {max} employees; for larger "
                 "organisations use the command line (llo-sim run --workforce)."),
    "later_needs_first": ("{name}: een latere scan heeft een eerste scan nodig om van uit te "
                          "gaan; laad ook de eerste scan (scan_0.csv).",
                          "{name}: a later scan needs a first scan to start from; load the "
                          "first scan (scan_0.csv) too."),
}


def tr(key: str, lang: str) -> str:
    return TEXT[key][0 if lang == "nl" else 1]


def count(n: int, lang: str) -> str:
    """A whole number as the language writes it: 20.000 in Dutch, 20,000 in English."""
    return number(n, lang)


def say(said, lang: str, names: dict, folder=None) -> str:
    """A reader's error or note (``said``) in ``lang``, each file by its uploaded name
    (``names``: ``{str(path): name}``). The temporary ``folder`` and its folders are cut from
    what is left (a path in another form): the browser is never shown a path on the server."""
    if isinstance(said, BaseException):
        said = said.args[0] if len(said.args) == 1 else str(said)
    text = localised(said, lang, names)
    for path, name in names.items():
        text = text.replace(path, name)
    if folder is not None:
        for place in {str(folder), os.path.realpath(folder)}:
            text = re.sub(re.escape(place) + r"(?:[/\\][^/\\\s'\":]*)*[/\\]", "", text)
            text = text.replace(place, "")
    return text
