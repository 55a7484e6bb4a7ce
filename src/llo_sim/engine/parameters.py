"""The parameter registry: every parameter a user can set, in one place.

Each entry gives the default, the allowed range (or choices), the unit, a one-line meaning and
the source it rests on (a seed file in ``../shared/seeds/`` or "assumption" / "calibration").
The registry drives validation of scenario files and keyword arguments, the signature of
:class:`llo_sim.engine.model.LearningCultureModel`, and (later) the dashboard's controls and sweep
designs. Nothing else in the package defines a parameter.

Seed files are cited by their number: ``000`` is ``000_64dc0a9263311439.txt`` and so on
(see ``docs/odd.md`` for the full names).
"""

from __future__ import annotations

from typing import Any

from llo_sim.engine.param import Param
from llo_sim.engine.param import param as _p
from llo_sim.engine.weights import WEIGHTS
from llo_sim.errors import ParameterError


def _instrument(key: str, knob: str, label: str, cost: float, source: str) -> list[Param]:
    """The three parameters every HR instrument has: intensity, start month, yearly cost."""
    group = f"{knob}:{key}"
    return [
        _p(f"{key}_intensity", 0.0, 0, 1, "0-1", f"{label}: how strongly it is deployed (0 = off)",
           source, group),
        _p(f"{key}_start_month", 0, 0, 600, "month", f"{label}: month the instrument starts",
           source, group),
        _p(f"{key}_cost", float(cost), 0, 100_000, "EUR per employee per year",
           f"{label}: cost per employee covered per year at full intensity", "assumption", group),
    ]



REGISTRY_LIST: list[Param] = [
    # --- workforce composition (personal conversion factors, seed 004) -----------------------
    _p("n_employees", 1000, 10, 2_000_000, "employees", "Number of employees", "assumption",
       "workforce"),
    _p("team_size", 12, 2, 200, "employees", "Employees per leader (team size)", "assumption",
       "workforce"),
    _p("share_theoretical", 0.45, 0, 1, "share", "Share with a theoretical (higher) education; the "
       "rest is practically educated", "004 (education gap in participation)", "workforce"),
    _p("share_young", 0.30, 0, 1, "share", "Share aged under 35", "004 (age gap)", "workforce"),
    _p("share_old", 0.25, 0, 1, "share", "Share aged 55 or over", "004 (age gap)", "workforce"),
    _p("share_flex", 0.20, 0, 1, "share", "Share on a flexible contract", "004 (flex workers "
       "participate less)", "workforce"),
    _p("share_care_duties", 0.30, 0, 1, "share", "Share with care duties at home",
       "004 (situational barriers, Cross 1981)", "workforce"),
    # --- an open workforce (issue 19; docs/workforce-evidence.md): off = the month-0 people stay
    _p("open_workforce", False, None, None, "-", "Employees age, retire, leave and are replaced "
       "by new hires, and flex contracts become permanent, at the yearly rates below",
       "docs/workforce-evidence.md", "workforce"),
    _p("retirement_age", 66.1, 60, 70, "years", "Age at which employees retire (open workforce)",
       "CBS 2024: employees retired at 66 years 1 month on average", "workforce"),
    _p("leave_rate_permanent", 0.058, 0, 0.5, "share per year", "Yearly share of permanent "
       "employees who leave (open workforce)", "computed here: SCP, 79% with the same employer "
       "after two years (11.1% a year), split by contract as CBS's job changers (flex 4.4 times "
       "as often)", "workforce"),
    _p("leave_rate_flex", 0.255, 0, 1, "share per year", "Yearly share of flex employees who "
       "leave or whose contract ends (open workforce)", "computed here, as "
       "leave_rate_permanent", "workforce"),
    _p("flex_to_permanent", 0.14, 0, 1, "share per year", "Yearly share of flex employees who "
       "get a permanent contract (open workforce)", "CBS 2016 cohort: 14% of those starting flex "
       "work had a permanent job a year later", "workforce"),
    # --- personal traits (001 eelloo / Van der Horst 2017) --------------------------------------
    _p("locus_mean", 0.55, 0.05, 0.95, "0-1", "Mean internal locus of control at the start", "001",
       "traits"),
    _p("curiosity_mean", 0.55, 0.05, 0.95, "0-1", "Mean curiosity (interest in learning)", "001",
       "traits"),
    _p("efficacy_mean", 0.55, 0.05, 0.95, "0-1", "Mean general self-efficacy", "001", "traits"),
    _p("trait_concentration", 6.0, 1, 100, "-", "Concentration of the Beta distributions of the "
       "traits (higher = less spread)", "assumption", "traits"),
    _p("practical_efficacy_gap", 0.10, 0, 0.5, "0-1", "Lower self-efficacy at the start of the "
       "practically educated (low competence beliefs, few positive learning experiences)", "001",
       "traits"),
    _p("trait_learning_rate", 0.03, 0, 0.3, "per event", "How far one learning experience moves "
       "self-efficacy (and locus of control) toward 1 on success or toward 0 on failure",
       "001, 000 (positive learning experiences lead to repetition)", "traits"),
    _p("curiosity_drift", 0.01, 0, 0.2, "per month", "Monthly pull of curiosity toward the "
       "stimulation the work and environment give", "001 (a stimulating environment makes people "
       "more curious)", "traits"),
    _p("trait_anchor", 0.5, 0, 1, "0-1", "Weight of the person's own starting trait in the level "
       "curiosity drifts to (traits are partly personality)", "001", "traits"),
    # --- skills and work ------------------------------------------------------------------------
    _p("skill_mean", 0.60, 0.05, 0.95, "0-1", "Mean skill level at the start", "assumption",
       "skills"),
    _p("skill_sd", 0.15, 0, 0.5, "0-1", "Spread of the skill level at the start", "assumption",
       "skills"),
    _p("skill_demand", 0.70, 0, 1, "0-1", "Skill level the work asks for", "000, 001 (where work is "
       "going)", "skills"),
    _p("skill_obsolescence", 0.004, 0, 0.1, "per month", "Share of skill that loses value each "
       "month as work changes", "000 introduction, 001 chapter 1 (technological change)", "skills"),
    _p("skill_gain_formal", 0.04, 0, 0.45, "per month", "Skill gained by a month of formal learning",
       "assumption", "skills"),
    _p("skill_gain_informal", 0.015, 0, 0.45, "per month", "Skill gained by a month of informal "
       "learning", "assumption", "skills"),
    _p("base_autonomy", 0.59, 0, 1, "0-1", "Job autonomy before instruments", "004 (57% report "
       "high autonomy)", "organisation"),
    _p("base_variety", 0.58, 0, 1, "0-1", "Task variety before instruments", "004 (60% much "
       "variation in work)", "organisation"),
    _p("base_climate", 0.50, 0, 1, "0-1", "Safety of the learning climate before instruments",
       "000, 001", "organisation"),
    _p("base_richting", 0.15, 0, 1, "0-1", "Direction the organisation gives without instruments",
       "003 (vision often implicit)", "organisation"),
    _p("base_offer", 0.7161, 0, 1, "0-1", "Course offer available without a personal budget "
       "(employer-paid training)", "003; size calibration", "organisation"),
    _p("employer_training_ratio", 1.0, 0.25, 4.0, "ratio", "Sector difference in the training "
       "the employer provides: multiplies the rate of organised training and the odds of the "
       "course offer of the calibrated world (1 = as calibrated; llo_sim.engine.sector)",
       "003 sections 5.1-5.2, 004 (sector differences); size assumption", "organisation"),
    _p("job_level_practical", 0.304, 0.05, 0.95, "0-1", "Mean complexity of the jobs of the "
       "practically educated (how much the work itself asks to learn)", "004 (education gap; "
       "active jobs); size calibration", "work"),
    _p("job_level_theoretical", 0.6662, 0.05, 0.95, "0-1", "Mean complexity of the jobs of the "
       "theoretically educated", "004; size calibration", "work"),
    _p("job_level_concentration", 4.0, 1, 100, "-", "Concentration of the Beta distribution of "
       "job complexity (higher = less spread)", "assumption", "work"),
    _p("w_autonomy_job", 0.6, 0, 2, "weight", "Autonomy above the team's level per unit of job "
       "complexity above the middle", "004 (Karasek: active jobs), T8", "work"),
    _p("w_variety_job", 0.6, 0, 2, "weight", "Task variety above the team's level per unit of job "
       "complexity above the middle", "004, T8", "work"),
    _p("w_variety_age", 0.15, 0, 0.5, "0-1", "Newness of the work by age: task variety is this "
       "much higher under 35 and lower at 55+ (new in a role, more to learn in practice)",
       "SCP (informal learning by age, T5); size calibration", "work"),
    _p("job_noise_sd", 0.15, 0, 0.5, "0-1", "Spread of personal autonomy and variety within a "
       "team and job level (the job itself, fixed for the run)", "assumption", "work"),
    _p("w_need_gap", 0.4763, 0, 5, "weight", "Training the employer requires per unit of skill gap "
       "(skill below demand)", "000, 001 (where work is going); size calibration", "work"),
    # --- formal learning: routes, durations and prices (000, 002, 004; CBS) ---------------------
    _p("organised_rate", 0.1074, 0, 1, "per month", "Monthly hazard of training the employer "
       "organises or requires, at full need and full employer investment", "CBS 82107NED (94% "
       "employer-paid); size calibration", "formal"),
    _p("w_organised_agency", 0.8011, 0, 1, "weight", "Share of employer training that is an offer "
       "taken up as far as the person wants to learn (agency x propensity); the rest is "
       "required whatever the person wants", "000, 001; calibration", "formal"),
    _p("course_months_mean", 2.6, 1, 24, "months", "Mean duration of a course (months in which "
       "someone counts as learning formally)", "LFS (20% in training in the last 4 weeks); "
       "calibration", "formal"),
    _p("course_price_median", 700.0, 1, 20_000, "EUR", "Median price of one course",
       "assumption (Dutch course market)", "formal"),
    _p("course_price_sd", 0.8, 0, 3, "log EUR", "Spread of course prices (sd of the log price)",
       "assumption", "formal"),
    _p("propensity_sd", 2.468, 0, 3, "log hazard", "Spread of the lasting personal propensity to "
       "learn formally (habits, earlier experiences, school background)", "001, 004 (persistent "
       "non-learners, T10); calibration", "formal"),
    _p("practical_propensity_shift", 1.75, 0, 3, "log hazard", "Lower formal propensity of the "
       "practically educated (development equated with schooling, negative school experiences)",
       "001, 004; calibration", "formal"),
    _p("informal_propensity_sd", 0.5096, 0, 3, "log hazard", "Spread of the lasting personal "
       "propensity to learn informally", "000, 001; calibration", "formal"),
    _p("trait_reversion", 0.03, 0, 0.5, "per month", "Monthly pull of locus of control and "
       "self-efficacy back to the person's own level (traits are partly personality)", "001",
       "traits"),
    # --- leaders (000, 001, 002, 003) -------------------------------------------------------------
    _p("leader_coaching_mean", 0.45, 0.05, 0.95, "0-1", "Mean coaching capability of leaders",
       "001, 000 (not every leader can coach)", "leaders"),
    _p("leader_coaching_concentration", 5.0, 1, 100, "-", "Concentration of the Beta distribution "
       "of coaching capability", "assumption", "leaders"),
    _p("share_style_supportive", 0.40, 0, 1, "share", "Share of leaders with a supportive style",
       "003", "leaders"),
    _p("share_style_directive", 0.35, 0, 1, "share", "Share of leaders with a directive style; "
       "the rest is stimulating", "003 (styles), 001 (directive steering)", "leaders"),
    _p("style_effect", 0.15, 0, 0.5, "0-1", "Strength of the leadership style effects on climate, "
       "direction and room", "001 (directive steering holds initiative back); sizes are "
       "assumptions", "leaders"),
    _p("share_leaders_target_pressure", 0.40, 0, 1, "share", "Share of leaders judged on "
       "short-term production targets", "000, 001", "leaders"),
    _p("target_pressure_level", 0.6, 0, 1, "0-1", "How much of a pressured leader's development "
       "time the targets eat", "000, 001", "leaders"),
    _p("approval_base", 0.6722, 0, 1, "probability", "Chance a leader without coaching skill or "
       "pressure sees a course's value and approves it", "000, 002; size calibration",
       "leaders"),
    _p("budget_choice_friction", 0.2145, 0, 1, "probability", "Chance that a wanted course falls "
       "through in choosing and arranging it, for someone who cannot plan at all (kunnen 0) and "
       "gets no guidance; a leader's attention guides, except under a direct budget procedure",
       "003, 004 (barriers), 000 (the good conversation); size calibration", "decisions"),
    _p("approval_pressure_penalty", 0.5, 0, 1, "probability", "Lower approval chance at full "
       "target pressure (fear for targets)", "000, 002", "leaders"),
    _p("leader_training_rate", 0.05102, 0, 0.5, "per month", "Share of the gap to the coaching "
       "ceiling that leader training closes each month at full intensity", "000, 001", "leaders"),
    _p("coaching_ceiling", 0.9, 0, 1, "0-1", "Coaching capability a fully trained leader reaches",
       "assumption", "leaders"),
    # --- ruimte: the personal development budget (000, 002, 004) ---------------------------------
    _p("budget_amount", 500.0, 0, 20_000, "EUR per year", "Personal development budget per budget "
       "holder per year (0 = no budget)", "004, 000", "ruimte:budget"),
    _p("budget_coverage", 0.35, 0, 1, "share", "Share of permanent employees with a budget",
       "004 (28% of employees under a CAO had a budget in 2020)", "ruimte:budget"),
    _p("flex_budget_access", 0.3, 0, 1, "relative chance", "Chance of a flex worker having a "
       "budget, relative to a permanent employee", "004 (institutional conversion); size is an assumption",
       "ruimte:budget"),
    _p("budget_procedure", "leader", unit="choice", meaning="Whether a budget request needs the "
       "leader's approval ('leader') or is direct and low-threshold ('direct')",
       source="000, 002", group="ruimte:budget", choices=("leader", "direct")),
    _p("budget_start_month", 0, 0, 600, "month", "Month the budget starts", "assumption",
       "ruimte:budget"),
    _p("budget_period_months", 12, 1, 120, "months", "Months the budget's amount is for before "
       "it is filled again: 12 for a yearly budget, longer for a voucher valid that long",
       "004 (yearly CAO budgets); Hidalgo et al. 2014 (a voucher)", "ruimte:budget"),
    # --- HR instruments, by knob -----------------------------------------------------------------
    *_instrument("future_of_work", "richting", "Future-of-work information and workshops", 40,
                 "000, 001 (informing where work is going)"),
    *_instrument("career_checkup", "richting", "Career check-up (loopbaan-APK)", 150, "000, 001"),
    *_instrument("role_models", "richting", "Role-model campaigns (celebrate examples)", 20,
                 "000, 001"),
    *_instrument("dev_time", "ruimte", "Development time in working hours", 1500, "000, 001"),
    *_instrument("job_crafting", "ruimte", "Job autonomy and task variety (job crafting)", 100,
                 "000, 004 (Karasek active jobs)"),
    *_instrument("career_platform", "ruimte", "Career platform / talent scan", 60, "000, 001"),
    *_instrument("leader_training", "ruggensteun", "Leader coaching training", 300, "000, 001"),
    *_instrument("coaches", "ruggensteun", "Coaches and buddies for teams whose leader cannot coach",
                 200, "000, 001"),
    *_instrument("safe_climate", "ruggensteun", "Safe learning climate programme", 50, "000, 001"),
    *_instrument("skills_training", "ruggensteun", "Self-direction skills training", 150,
                 "000, 001"),
    *_instrument("targeted_support", "ruggensteun", "Extra attention for those for whom "
                 "learning is not self-evident (small steps, positive feedback, learning on "
                 "the job)", 250, "001 (what helps the practically educated), 000"),
    # --- conversion factors (seed 004) -------------------------------------------------------------
    _p("practical_formal_conversion", 0.6926, 0, 1, "multiplier", "Conversion of formal learning "
       "resources for the practically educated (development equated with schooling)",
       "004, 001; size calibration",
       "conversion"),
    _p("old_formal_conversion", 0.70, 0, 1, "multiplier", "Conversion of formal learning "
       "resources for employees aged 55+", "004", "conversion"),
    _p("care_time_conversion", 0.8, 0, 1, "multiplier", "Conversion of time for employees with "
       "care duties", "004 (situational barriers)", "conversion"),
    _p("flex_conversion", 0.75, 0, 1, "multiplier", "Institutional conversion for flex workers "
       "(collective agreements, employer investment)", "004", "conversion"),
    _p("economic_health", 1.0, 0, 1, "0-1", "Economic health of the company (economic "
       "conversion factor)", "004", "conversion"),
    # --- decisions and feedback ---------------------------------------------------------------------
    _p("agency_complementarity", -1.192, -5, 1, "-", "Exponent of the mean that combines the five "
       "building blocks: 1 = they substitute, 0 = geometric, below 0 = all must be present",
       "000 (self-determination theory)", "decisions"),
    _p("formal_rate", 0.408, 0, 5, "per month", "Scale of the monthly hazard of wanting a course "
       "on one's own initiative: hazard = rate x agency x propensity", "calibration "
       "(docs/validation.md)", "decisions"),
    _p("informal_rate", 2.607, 0, 10, "per month", "Scale of the monthly hazard of informal "
       "learning: hazard = rate x agency x capability x propensity", "calibration", "decisions"),
    _p("career_rate", 0.01, 0, 0.2, "per month", "Monthly chance of a career step at full agency "
       "and opportunity", "001, 000", "decisions"),
    _p("peer_influence", 0.3, 0, 1, "0-1", "How strongly learning team mates pull willen up "
       "(role models)", "000, 001 (celebrate examples)", "decisions"),
    _p("momentum_boost", 0.3, 0, 1, "0-1", "Willen added by a successful learning experience "
       "(positive learning experiences lead to repetition)", "000, 001", "decisions"),
    _p("momentum_decay", 0.85, 0, 1, "per month", "Share of that boost left after a month", "001",
       "decisions"),
    # --- environment events (001 chapter 4, 004, 000) --------------------------------------------------
    _p("reorganisation_month", -1, -1, 600, "month", "Month a reorganisation starts (-1 = none); "
       "curative phase", "001 chapter 4 (AWVN phases)", "environment"),
    _p("reorganisation_months", 12, 1, 600, "months", "Duration of the reorganisation",
       "assumption", "environment"),
    _p("reorganisation_severity", 0.5, 0, 1, "0-1", "How much the reorganisation raises target "
       "pressure and lowers climate and autonomy", "assumption (001 chapter 4: curative phase)", "environment"),
    _p("downturn_month", -1, -1, 600, "month", "Month an economic downturn starts (-1 = none)",
       "004 (economic conversion), 001", "environment"),
    _p("downturn_months", 24, 1, 600, "months", "Duration of the downturn", "assumption",
       "environment"),
    _p("downturn_severity", 0.4, 0, 1, "0-1", "Drop in economic health during the downturn", "004",
       "environment"),
    _p("tech_shift_month", -1, -1, 600, "month", "Month a technology shift raises skill demand "
       "(-1 = none)", "000, 001", "environment"),
    _p("tech_shift_size", 0.15, 0, 1, "0-1", "Rise in skill demand at the technology shift",
       "assumption", "environment"),
    # --- measures -------------------------------------------------------------------------------
    _p("spinup_months", 60, 0, 240, "months", "Months simulated under the baseline policy before "
       "month 0, so that month 0 is a steady organisation with real 12-month histories",
       "assumption", "measures"),
    _p("a_lot_months", 6, 1, 12, "months", "Months with learning in the last 12 from which a "
       "person counts as learning a lot", "SER/TNO Monitor Leercultuur 2022 (T4); definition",
       "measures"),
    _p("stimulates_threshold", 0.15, 0, 1, "0-1", "Leader attention for development from which "
       "a leader counts as stimulating development (T8)", "definition", "measures"),
    _p("broek_threshold", 0.5, 0, 1, "0-1", "Position score (agency traits x personal and "
       "institutional conversion at the start) from which a person counts as in a realistic "
       "position to learn", "004 (Broek et al. 2023)", "measures"),
    *WEIGHTS,
]

REGISTRY: dict[str, Param] = {p.name: p for p in REGISTRY_LIST}
DEFAULTS: dict[str, Any] = {p.name: p.default for p in REGISTRY_LIST}


def register(*params: Param) -> None:
    """Add parameters to the registry (for extensions; see ``docs/extending.md``)."""
    for p in params:
        if p.name in REGISTRY:
            raise ValueError(f"parameter {p.name!r} is in the registry already")
    for p in params:
        REGISTRY_LIST.append(p)
        REGISTRY[p.name] = p
        DEFAULTS[p.name] = p.default


def instrument_parameters(key: str, knob: str, label: str, cost: float, source: str):
    """The three parameters of an instrument: ``<key>_intensity``, ``_start_month``, ``_cost``."""
    return _instrument(key, knob, label, cost, source)


def validate(values: dict[str, Any], origin: str = "parameters") -> dict[str, Any]:
    """Check ``values`` against the registry and return a full, typed parameter dict.

    Unknown names, wrong types and out-of-range values raise :class:`ParameterError` naming
    ``origin`` (a file name or "command line"), the key, the value and what is allowed.
    """
    resolved = dict(DEFAULTS)
    for key, value in values.items():
        if key not in REGISTRY:
            raise ParameterError(origin, key, value, _closest(key))
        resolved[key] = REGISTRY[key].check(value, origin)
    _check_shares(resolved, origin)
    return resolved


def _closest(key: str) -> str:
    import difflib

    near = difflib.get_close_matches(key, REGISTRY, n=3)
    hint = f"did you mean {', '.join(near)}? " if near else ""
    return f"a known parameter name ({hint}see `llo-sim params` for the list)"


def _check_shares(p: dict[str, Any], origin: str) -> None:
    """Shares that split one population must not add up to more than 1."""
    for a, b in (("share_young", "share_old"), ("share_style_supportive", "share_style_directive")):
        if p[a] + p[b] > 1 + 1e-12:
            raise ParameterError(origin, f"{a} + {b}", p[a] + p[b], "a sum of at most 1")
