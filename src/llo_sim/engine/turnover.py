"""Step 0 of a month in an open workforce (issue 19): people age, retire, leave, are hired,
and flex contracts become permanent. Off unless ``open_workforce`` is set: the organisation of
month 0 then stays as it is, as before.

- **Ageing**: each employee has an age in years (drawn within the age band at the start,
  :func:`draw_ages`); it grows by a month each month, and the age band follows it.
- **Retirement** at ``retirement_age`` (default 66.1: the average age at which Dutch employees
  retired in 2024, CBS; `docs/workforce-evidence.md` §3).
- **Leaving** (moving to another employer, a flex contract that ends): a yearly rate for
  permanent and one for flex employees (``leave_rate_permanent``, ``leave_rate_flex``; computed
  from CBS's job changers by contract, §1), as a monthly chance.
- **Flex to permanent**: a yearly rate (``flex_to_permanent``: 14% of those who started flex
  work had a permanent job a year later, CBS, §2.4).
- **Hiring**: every leaver's place is filled at once by a new hire in the same team, so team
  sizes stay as the organisation sets them. A hire is a new person: traits, skill, job and
  propensities drawn as at the start, no learning history with this employer. Who is hired
  keeps the organisation's composition (the workforce shares of the settings: education,
  age band, contract, care duties), since no published figure says whom Dutch employers hire
  (§1-2: *no evidence found*); which of the hires gets which attribute is random.

Every month draws a full array from its stream (:mod:`llo_sim.engine.streams`), whatever
happens, and nothing here depends on the policy: two scenarios with the same seed see the
same people come and go.
"""

from __future__ import annotations

from dataclasses import fields

import numpy as np

from llo_sim.engine import conversion as conv
from llo_sim.engine.measures import static_cells
from llo_sim.engine.workforce import band_of, budget_holders, complete_workforce

MOVES = ("hires", "retirements", "leavers", "flex_to_permanent")
HIRE_STREAMS = ("locus", "curiosity", "efficacy", "skill", "job", "propensity", "age")


def monthly(yearly: float) -> float:
    """The monthly chance that gives ``yearly`` over twelve months."""
    return 1.0 - (1.0 - yearly) ** (1.0 / 12.0)


def live_month(model) -> dict[str, int]:
    """Step 0: a month of ageing, retiring, leaving, hiring and conversion; the counts."""
    p, w = model.p, model.workforce
    u = model.streams["turnover"].random((2, w.n))
    w.age_years += 1.0 / 12.0
    w.age_band[:] = band_of(w.age_years)
    retired = w.age_years >= p["retirement_age"]
    chance = np.where(w.flex, monthly(p["leave_rate_flex"]), monthly(p["leave_rate_permanent"]))
    left = ~retired & (u[0] < chance)
    converted = w.flex & ~retired & ~left & (u[1] < monthly(p["flex_to_permanent"]))
    w.flex[converted] = False
    slots = np.flatnonzero(retired | left)
    if len(slots):
        hire(model, slots)
    refresh(model)
    return {"hires": len(slots), "retirements": int(np.count_nonzero(retired)),
            "leavers": int(np.count_nonzero(left)),
            "flex_to_permanent": int(np.count_nonzero(converted))}


def hire(model, slots: np.ndarray) -> None:
    """New people in the places ``slots``, in the same teams: drawn as at the start, with the
    organisation's composition kept (:func:`keep_share`)."""
    p, w = model.p, model.workforce
    rng = model.streams["hires"]
    streams = hire_streams(model)
    stay = np.ones(w.n, dtype=bool)
    stay[slots] = False
    k = len(slots)
    theoretical = keep_share(rng, p["share_theoretical"], w.theoretical[stay], w.n, k)
    young = keep_share(rng, p["share_young"], w.age_band[stay] == 0, w.n, k)
    old = np.zeros(k, dtype=bool)
    old[~young] = keep_share(rng, p["share_old"], w.age_band[stay] == 2, w.n,
                             k - int(young.sum()))              # among the hires not young
    age_band = np.where(young, 0, np.where(old, 2, 1)).astype(np.int8)
    flex = keep_share(rng, p["share_flex"], w.flex[stay], w.n, k)
    care = keep_share(rng, p["share_care_duties"], w.care[stay], w.n, k)
    new = complete_workforce(p, streams, w.team[slots], theoretical, age_band, flex, care,
                             rng.random(k))
    for f in fields(new):
        getattr(w, f.name)[slots] = getattr(new, f.name)
    score = conv.position_score(p, new)
    w.position_score[slots] = score
    w.in_position[slots] = score >= p["broek_threshold"]


def keep_share(rng: np.random.Generator, share: float, staying: np.ndarray, n: int,
               k: int) -> np.ndarray:
    """Which of ``k`` hires have an attribute, so that the ``n`` employees have it in
    ``share`` again: as many as are missing among those ``staying`` (rounded at random, at
    most ``k``, at least 0), given to hires at random."""
    missing = share * n - np.count_nonzero(staying)
    whole = int(np.floor(missing))
    count = int(np.clip(whole + (rng.random() < missing - whole), 0, k))
    has = np.zeros(k, dtype=bool)
    has[rng.permutation(k)[:count]] = True
    return has


def hire_streams(model) -> dict[str, np.random.Generator]:
    """A stream per drawn trait for hires, split off the ``hires`` stream the first time."""
    streams = model.streams
    if "hire:locus" not in streams:
        children = streams["hires"].spawn(len(HIRE_STREAMS))
        streams.update({f"hire:{name}": g for name, g in zip(HIRE_STREAMS, children)})
    return {name: streams[f"hire:{name}"] for name in HIRE_STREAMS}


def refresh(model) -> None:
    """What the model keeps about people's fixed attributes, after people came, went, aged
    or changed contract: the group cells of the measures, education, the demographic
    conversion factors and who holds a budget."""
    w, p = model.workforce, model.p
    model._static_cells = static_cells(w)
    model._education = w.theoretical.astype(np.intp)
    model._fixed.personal_time = conv.personal_time(p, w.care)
    model._fixed.institutional = conv.institutional(p, w.flex)
    model._fixed.investment = conv.employer_investment(p, w.age_band, w.flex, 1.0)
    model._holders[:] = budget_holders(model.rule_p, w)
