"""Employee state as arrays, and how the workforce is drawn at the start.

One array per state variable, one element per employee (Starsim's habit): the monthly rules
work on whole arrays at once. ``Employee`` agents in :mod:`llo_sim.engine.agents` are views into
these arrays for inspection.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

AGE_BANDS = ("<35", "35-54", "55+")
EDUCATION = ("practical", "theoretical")
CONTRACT = ("permanent", "flex")
NEVER = -(10**6)  # "month of last event" for an event that never happened
BAND_FROM = (20.0, 35.0, 55.0)   # youngest age of each age band (the last ends at retirement)


@dataclass
class Workforce:
    """Every employee's state. Shares and traits are in [0, 1]."""

    team: np.ndarray              # index of the employee's team (and leader)
    theoretical: np.ndarray       # bool: theoretical (higher) education, else practical
    age_band: np.ndarray          # int8: 0 = <35, 1 = 35-54, 2 = 55+
    age_years: np.ndarray         # age in years (within the band; grows in an open workforce)
    flex: np.ndarray              # bool: flexible contract
    care: np.ndarray              # bool: care duties at home
    budget_draw: np.ndarray       # uniform draw that decides who holds a budget (by coverage)
    budget_eligible: np.ndarray   # bool: would hold a personal budget when there is one
    # the job (004): complexity, and the personal part of autonomy and variety (fixed)
    job_level: np.ndarray
    autonomy_offset: np.ndarray
    variety_offset: np.ndarray
    # lasting personal propensity to learn (multipliers of the hazard; 001, 004)
    propensity_formal: np.ndarray
    propensity_informal: np.ndarray
    # personal traits (001) and their personality anchors
    locus: np.ndarray
    curiosity: np.ndarray
    efficacy: np.ndarray
    curiosity0: np.ndarray
    locus0: np.ndarray
    efficacy0: np.ndarray
    # skill level relative to the work (000, 001)
    skill: np.ndarray
    # building blocks (000 table 1), agency and capabilities, recomputed each month
    weten: np.ndarray
    willen: np.ndarray
    kunnen: np.ndarray
    durven: np.ndarray
    mogen: np.ndarray
    agency: np.ndarray
    cap_formal: np.ndarray
    cap_informal: np.ndarray
    # feedback state
    momentum: np.ndarray          # willen carried over from positive experiences (001)
    budget_left: np.ndarray       # EUR left in this budget year
    course_left: np.ndarray       # months left of the course a person is following (0 = none)
    course_employer: np.ndarray   # bool: that course is organised or paid by the employer
    # history: month of the last event of each kind, and running totals
    last_formal: np.ndarray
    last_informal: np.ndarray
    last_budget: np.ndarray
    cum_learning: np.ndarray      # months with any learning so far (Gini, Theil)
    # rolling histories, one bit per month, bit 0 = this month (measures.py reads them)
    hist_formal: np.ndarray       # uint64: in formal learning (60 months are used)
    hist_informal: np.ndarray     # uint32: informal learning (24 months)
    hist_budget: np.ndarray       # uint16: started a course paid from the budget
    hist_employer: np.ndarray     # uint16: in a course the employer organised or paid
    hist_wanted: np.ndarray       # uint16: wanted a course on own initiative
    n_career: np.ndarray
    # Broek et al. (2023) position at the start (004), fixed for the run
    position_score: np.ndarray
    in_position: np.ndarray

    @property
    def n(self) -> int:
        return len(self.team)

    def nbytes(self) -> int:
        """Memory held by the state arrays."""
        return sum(getattr(self, f.name).nbytes for f in fields(self))


def _beta(rng: np.random.Generator, mean: np.ndarray | float, concentration: float, n: int):
    """Draw from a Beta distribution given its mean and concentration (a + b)."""
    mean = np.clip(mean, 0.01, 0.99)
    return rng.beta(mean * concentration, (1 - mean) * concentration, size=n)


def draw_workforce(p: dict, streams: dict[str, np.random.Generator]) -> Workforce:
    """Draw the employees: demographics, traits and skill, each from its own stream.

    Demographics act as personal and institutional conversion factors (004); traits follow
    the three predictors of proactive career behaviour (001, eelloo / Van der Horst 2017).
    """
    n = p["n_employees"]
    n_teams = -(-n // p["team_size"])
    demo = streams["demographics"]
    u = demo.random((5, n))
    theoretical = u[0] < p["share_theoretical"]
    age_band = np.where(u[1] < p["share_young"], 0,
                        np.where(u[1] < p["share_young"] + p["share_old"], 2, 1)).astype(np.int8)
    flex = u[2] < p["share_flex"]
    care = u[3] < p["share_care_duties"]
    team = np.arange(n, dtype=np.intp) % n_teams    # intp: an index into team arrays
    return complete_workforce(p, streams, team, theoretical, age_band, flex, care, u[4].copy())


def complete_workforce(p: dict, streams: dict[str, np.random.Generator], team, theoretical,
                       age_band, flex, care, budget_draw) -> Workforce:
    """A workforce of known people (team, education, age band, contract, care duties, the
    budget draw): what is not known of them, traits, skill, job and propensities, is drawn
    from the calibrated distributions conditional on what is (the practically educated
    start with lower self-efficacy, 001: low competence beliefs; jobs by education and age;
    propensity by education). Used for a drawn workforce and for one read from a file
    (:mod:`llo_sim.own`)."""
    n = len(team)
    budget_eligible = _holders(p, budget_draw, flex)
    k = p["trait_concentration"]
    locus = _beta(streams["locus"], p["locus_mean"], k, n)
    curiosity = _beta(streams["curiosity"], p["curiosity_mean"], k, n)
    eff_mean = p["efficacy_mean"] - np.where(theoretical, 0.0, p["practical_efficacy_gap"])
    efficacy = _beta(streams["efficacy"], eff_mean, k, n)
    skill = np.clip(streams["skill"].normal(p["skill_mean"], p["skill_sd"], n), 0.0, 1.0)
    job_level, autonomy_offset, variety_offset = draw_jobs(p, streams["job"], theoretical,
                                                           age_band)
    z = streams["propensity"].standard_normal((2, n))
    shift = np.where(theoretical, 0.0, p["practical_propensity_shift"])
    propensity_formal = np.exp(p["propensity_sd"] * z[0] - shift)
    propensity_informal = np.exp(p["informal_propensity_sd"] * z[1])

    age_years = draw_ages(p, streams["age"], age_band)

    zeros = np.zeros(n)
    never = np.full(n, NEVER, dtype=np.int32)
    return Workforce(
        team=team, theoretical=theoretical, age_band=age_band, age_years=age_years, flex=flex,
        care=care,
        budget_draw=budget_draw, budget_eligible=budget_eligible,
        job_level=job_level, autonomy_offset=autonomy_offset, variety_offset=variety_offset,
        propensity_formal=propensity_formal, propensity_informal=propensity_informal,
        locus=locus, curiosity=curiosity, efficacy=efficacy,
        curiosity0=curiosity.copy(), locus0=locus.copy(), efficacy0=efficacy.copy(), skill=skill,
        weten=zeros.copy(), willen=zeros.copy(), kunnen=zeros.copy(), durven=zeros.copy(),
        mogen=zeros.copy(), agency=zeros.copy(), cap_formal=zeros.copy(),
        cap_informal=zeros.copy(), momentum=zeros.copy(), budget_left=zeros.copy(),
        course_left=np.zeros(n, dtype=np.int16), course_employer=np.zeros(n, dtype=bool),
        last_formal=never.copy(), last_informal=never.copy(), last_budget=never.copy(),
        cum_learning=np.zeros(n, dtype=np.int32), n_career=np.zeros(n, dtype=np.int32),
        hist_formal=np.zeros(n, dtype=np.uint64), hist_informal=np.zeros(n, dtype=np.uint32),
        hist_budget=np.zeros(n, dtype=np.uint16), hist_employer=np.zeros(n, dtype=np.uint16),
        hist_wanted=np.zeros(n, dtype=np.uint16),
        position_score=zeros.copy(), in_position=np.zeros(n, dtype=bool),
    )


def _holders(p: dict, draw: np.ndarray, flex: np.ndarray) -> np.ndarray:
    return draw < p["budget_coverage"] * np.where(flex, p["flex_budget_access"], 1.0)


def budget_holders(p: dict, workforce: Workforce) -> np.ndarray:
    """Who holds a personal budget under the budget settings in ``p`` (the same draw for
    every setting: a higher coverage adds holders, never swaps them)."""
    return _holders(p, workforce.budget_draw, workforce.flex)


def draw_jobs(p: dict, rng: np.random.Generator, theoretical, age_band):
    """Each person's job: its complexity (higher for the theoretically educated, 004), and
    how much more or less autonomy and variety than the team's level it gives. Complex jobs
    are more autonomous and varied (Karasek's active jobs, 004); work is newer, so more varied
    to learn from, for the young than for those aged 55+ (SCP, T5). Returns
    ``(job_level, autonomy_offset, variety_offset)``."""
    n = len(theoretical)
    mean = np.where(theoretical, p["job_level_theoretical"], p["job_level_practical"])
    job_level = _beta(rng, mean, p["job_level_concentration"], n)
    noise = rng.normal(0.0, p["job_noise_sd"], (2, n))
    centred = job_level - 0.5
    newness = p["w_variety_age"] * (1.0 - age_band)          # +w under 35, 0, -w at 55+
    autonomy_offset = p["w_autonomy_job"] * centred + noise[0]
    variety_offset = p["w_variety_job"] * centred + newness + noise[1]
    return job_level, autonomy_offset, variety_offset


def draw_ages(p: dict, rng: np.random.Generator, age_band: np.ndarray) -> np.ndarray:
    """An age in years for each person, uniform within their age band (the oldest band up to
    the retirement age): the bands are all that the sources and the settings give."""
    band = np.asarray(age_band, dtype=np.intp)
    low = np.take(BAND_FROM, band)
    high = np.where(band == 2, p["retirement_age"], np.take(BAND_FROM + (np.inf,), band + 1))
    return low + rng.random(len(band)) * np.maximum(high - low, 0.0)


def band_of(age: np.ndarray) -> np.ndarray:
    """The age band of each age: 0 under 35, 1 for 35-54, 2 from 55."""
    return ((age >= BAND_FROM[1]).astype(np.int8) + (age >= BAND_FROM[2]))
