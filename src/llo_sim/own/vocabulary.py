"""The words HR files use, and what the model reads in them.

Values are compared in a normal form (:func:`normal`): without regard to case, accents'
Unicode form, spaces, and the separators people and HR systems put between words and
numbers, so ``MBO 3``, ``Mbo-3``, ``mbo3`` and ``mbo_3`` are one value, and so are
``Nul-urencontract`` and ``nul urencontract``, ``ZZP'er`` and ``zzper``.

- **Education** (docs/own-organisation.md, docs/validation.md): *theoretical* is higher
  professional or university education, CBS "hoog": "de associate degree, de hbo- en
  wo-bachelors ..., hbo- en wo-masters en wo-doctorsopleidingen" (CBS, "Onderwijsniveau",
  2018); *practical* is CBS "laag" and "middelbaar": basisonderwijs, vmbo, the first years of
  havo/vwo, mbo 1 (laag), the upper years of havo/vwo and mbo 2-4 (middelbaar).
- **Contract**: *permanent* is an employment contract for an indefinite time ("onbepaalde
  tijd"); *flex* is every other employment contract of the organisation: fixed-term
  ("bepaalde tijd"), on-call ("oproep"), zero-hours ("nul-uren"), min-max; *external* are
  people who are not employees of the organisation: agency workers ("uitzendkracht",
  employed by the agency) and the self-employed ("zzp"). What is done with them is a setting
  (:data:`EXTERNAL_CHOICES`).
- **Care duties** and education may be **unknown** (blank, ``onbekend``): the model draws
  them from its calibrated distributions (the share of care duties, of the theoretically
  educated), as for a drawn organisation.
"""

from __future__ import annotations

import re
import unicodedata

from llo_sim.own.messages import Message

UNKNOWN = -1
PRACTICAL, THEORETICAL = 0, 1
PERMANENT, FLEX, EXTERNAL = 0, 1, 2
UNKNOWN_WORDS = ("onbekend", "unknown", "niet bekend", "weet niet", "n/a", "nvt", "?", "-")

_SEPARATORS = re.compile(r"[\s_\-./()]+")
_LETTER_DIGIT = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")


def normal(text: str) -> str:
    """The form two values (or column names) are compared in: NFKC, case-folded, quotes
    dropped, separators (space, ``_ - . / ( )``) as one space, a space between letters and
    digits. ``'-'``, ``'?'`` and ``'n/a'`` stay themselves."""
    text = unicodedata.normalize("NFKC", str(text)).casefold().strip()
    if text in ("-", "?", "n/a", "<35", "55+"):
        return text
    text = text.replace("'", "").replace("\u2019", "")
    text = _SEPARATORS.sub(" ", text).strip()
    return _LETTER_DIGIT.sub(" ", text)


def _words(words: str, code: int) -> dict:
    return {w.strip(): code for w in words.split(",") if w.strip()}


EDUCATION = {
    **_words("practical, praktisch, low, laag, middle, middelbaar, midden, geen, geen opleiding,"
             "basisonderwijs, basisschool, lagere school, lo, bo, po, speciaal onderwijs, vso,"
             "vmbo, vmbo b, vmbo k, vmbo g, vmbo t, vmbo bb, vmbo kb, vmbo gl, vmbo tl, mavo,"
             "lbo, vbo, lts, lhno, mulo, ulo, vo, voortgezet onderwijs, havo, vwo, havo vwo,"
             "atheneum, gymnasium, hbs, mms, mbo, mbo 1, mbo 2, mbo 3, mbo 4, mbo niveau 1,"
             "mbo niveau 2, mbo niveau 3, mbo niveau 4, mbo+, entree, entreeopleiding,"
             "assistentenopleiding, basisberoepsopleiding, vakopleiding, middenkaderopleiding,"
             "specialistenopleiding, kmbo, mts, meao, inas, bbl, bol", PRACTICAL),
    **_words("theoretical, theoretisch, high, hoog, hbo, wo, hbo wo, hoger onderwijs,"
             "hoger beroepsonderwijs, wetenschappelijk onderwijs, universiteit, university,"
             "ad, associate degree, hbo ad, hbo associate degree, bachelor, master, hbo bachelor,"
             "hbo master, wo bachelor, wo master, bachelor hbo, master hbo, bachelor wo,"
             "master wo, ba, bsc, ma, msc, hts, heao, pabo, post hbo, postdoctoraal, doctoraal,"
             "doctoraat, doctor, phd, gepromoveerd", THEORETICAL),
    **_words(",".join(UNKNOWN_WORDS), UNKNOWN),
}
EDUCATION_ALLOWED = Message("education")    # "practical or theoretical, or a level such as ..."

CONTRACT = {
    **_words("permanent, vast, vast contract, vaste aanstelling, vast dienstverband,"
             "onbepaalde tijd, contract onbepaalde tijd, contract voor onbepaalde tijd,"
             "arbeidsovereenkomst voor onbepaalde tijd, arbeidsovereenkomst onbepaalde tijd,"
             "aanstelling voor onbepaalde tijd, onbepaald, indefinite, open ended, regular",
             PERMANENT),
    **_words("flex, flexibel, flexcontract, tijdelijk, tijdelijk contract, temporary, temp,"
             "bepaalde tijd, contract bepaalde tijd, contract voor bepaalde tijd,"
             "arbeidsovereenkomst voor bepaalde tijd, arbeidsovereenkomst bepaalde tijd,"
             "aanstelling voor bepaalde tijd, bepaald, jaarcontract, fixed term,"
             "fixed term contract, oproep, oproepkracht, oproepcontract, oproepovereenkomst,"
             "invalkracht, invaller, nul uren, nul urencontract, nulurencontract, 0 uren,"
             "0 urencontract, min max, min max contract, minmaxcontract, on call, zero hours",
             FLEX),
    **_words("external, extern, externe, zzp, zzper, zzp er, zelfstandige,"
             "zelfstandige zonder personeel, freelance, freelancer, uitzendkracht, uitzend,"
             "uitzendkrachten, uitzendbureau, uitzendovereenkomst, inleen, ingeleend,"
             "inleenkracht, inhuur, ingehuurd, agency, agency worker, contractor, interim",
             EXTERNAL),
}
CONTRACT_ALLOWED = Message("contract")      # "permanent or flex, or a Dutch contract type ..."

CARE = {**_words("yes, ja, 1, true, waar, j, y", 1), **_words("no, nee, 0, false, onwaar, n", 0),
        **_words(",".join(UNKNOWN_WORDS), UNKNOWN)}
CARE_ALLOWED = Message("care")              # "yes or no (ja, nee, 1, 0), or an empty cell ..."

EXTERNAL_CHOICES = ("leave out", "flex")
EXTERNAL_DEFAULT = "leave out"
MEANINGS = {                     # what a mapping's [values.FIELD] may map a word to
    "education": {"practical": PRACTICAL, "theoretical": THEORETICAL, "unknown": UNKNOWN},
    "contract": {"permanent": PERMANENT, "flex": FLEX, "external": EXTERNAL},
    "care": {"yes": 1, "no": 0, "unknown": UNKNOWN},
}
VOCABULARY = {"education": EDUCATION, "contract": CONTRACT, "care": CARE}
