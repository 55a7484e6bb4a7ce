"""The weights of the rules: every number that shapes how an influence works, in the registry.

A rule such as ``kunnen = either(w_locus * locus, w_skill * skill, ...)`` reads each weight
from the parameter dict, so sweeps, sensitivity analysis and calibration reach all of them.
Weights are in [0, 1] unless their meaning says otherwise. The seeds name the influences and
their direction (the source column); how strong each is, they do not say: those sizes are
"assumption", and the ones the calibration fits are marked so in ``calibration/priors.toml``.

Names: ``w_<rule>_<input>``: ``w_kunnen_support`` is the weight of ruggensteun in kunnen.
"""

from __future__ import annotations

from llo_sim.engine.param import Param, param


def _w(name, default, meaning, source="assumption", high=1.0, group="weights") -> Param:
    return param(name, default, 0.0, high, "weight", meaning, source, group)


WEIGHTS: list[Param] = [
    # --- money in hand (rules/decisions.py: budget_pull) ---------------------------------------
    _w("w_want_budget", 4.823, "How much money in hand raises the wish to take a course: the "
       "hazard of wanting is multiplied by 1 + w x the share of courses the budget left can pay",
       "Hidalgo, Oosterbeek & Webbink 2014 (vouchers); size calibration (virtual trial)",
       high=10.0),
    # --- the knobs as experienced (rules/knobs.py) ----------------------------------------------
    _w("w_pressure_reorganisation", 0.5, "Target pressure a reorganisation adds to a leader's",
       "001 chapter 4 (curative phase); size assumption"),
    _w("w_pressure_downturn", 0.5, "Target pressure a downturn adds (per unit of lost health)",
       "004 (economic conversion); size assumption"),
    _w("w_climate_safe_climate", 0.4, "Climate raised by the safe-climate programme", "000, 001"),
    _w("w_climate_directive", 0.5, "Climate lowered by a directive leader, relative to "
       "style_effect", "003, 001"),
    _w("w_climate_reorganisation", 0.4, "Climate lowered by a reorganisation", "001 chapter 4"),
    _w("w_richting_future_of_work", 0.6, "Direction from future-of-work information",
       "000, 001"),
    _w("w_richting_stimulating", 2.0, "Direction from a stimulating leader, relative to "
       "style_effect", "003, 001", high=5.0),
    _w("w_richting_attention", 0.3, "Direction from a leader's attention for development",
       "000, 001"),
    _w("w_autonomy_job_crafting", 0.08981, "Autonomy added by job crafting", "000, 004"),
    _w("w_autonomy_reorganisation", 0.3, "Autonomy lost in a reorganisation", "001 chapter 4"),
    _w("w_variety_job_crafting", 0.3, "Task variety added by job crafting", "000, 004"),
    _w("w_buddy_coaches", 0.5342, "Backing coaches and buddies give where the leader cannot coach",
       "000, 001"),
    _w("w_support_climate", 0.3, "Backing a safe climate gives by itself", "000, 001"),
    _w("w_approval_coaching", 0.3, "Higher approval chance of a coaching leader", "000, 002"),
    _w("w_approval_skill", 0.2, "Higher approval chance per unit of skill above 0.5 (leaders "
       "invest in the skilled)", "004 (cumulative resources); size assumption"),
    # --- the building blocks (rules/blocks.py) --------------------------------------------------
    _w("w_insight_checkup", 0.05324, "Insight into where work is going from a career check-up",
       "000, 001"),
    _w("w_weten_curiosity", 0.3, "Curiosity in weten", "000 table 1, 001"),
    _w("w_weten_insight", 0.5, "Insight into where work is going in weten", "000 table 1"),
    _w("w_weten_gap", 0.5, "A skill gap that is seen, in weten", "000 table 1"),
    _w("w_weten_gap_scale", 2.0, "How fast a skill gap becomes fully felt (per unit of gap)",
       "assumption", high=10.0),
    _w("w_willen_curiosity", 0.5, "Curiosity in willen", "000, 001"),
    _w("w_willen_richting", 0.3, "A beckoning perspective (richting) in willen", "000, 001"),
    _w("w_willen_autonomy", 0.3, "Share of willen that depends on autonomy (self-determination "
       "theory)", "000"),
    _w("w_kunnen_locus", 0.4, "Internal locus of control in kunnen", "001, 000 table 1"),
    _w("w_kunnen_skill", 0.3, "Skill in kunnen", "004 (cumulative resources)"),
    _w("w_kunnen_support", 0.5, "Ruggensteun in kunnen", "000 table 1"),
    _w("w_kunnen_skills_training", 0.4, "Self-direction skills training in kunnen", "000"),
    _w("w_durven_efficacy", 0.6, "Self-efficacy in durven", "000 table 1 (Bandura)"),
    _w("w_durven_support", 0.4, "Backing in durven", "000, 001"),
    _w("w_durven_climate", 0.4, "Share of durven that depends on a safe climate", "000, 001"),
    _w("w_mogen_pressure", 0.4, "Room people feel taken away by a leader under full target "
       "pressure", "000, 001"),
    # --- conversion factors (conversion.py) ------------------------------------------------------
    _w("w_personal_skill", 0.2, "Share of formal conversion that depends on skill (learning "
       "capacity)", "004"),
    _w("w_social", 0.4, "Share of informal capability that depends on learning colleagues "
       "and buddies", "004 (social conversion)"),
    _w("w_organisational_climate", 0.45, "Share of capability that depends on a safe climate",
       "004 (organisational conversion), 000"),
    _w("w_formal_time", 0.7, "Development time as a resource for formal learning", "004"),
    _w("w_formal_platform", 0.3, "What a career platform makes visible, as a resource for "
       "formal learning", "000, 001"),
    _w("w_informal_time", 0.5, "Development time as a resource for informal learning "
       "(time to reflect)", "000, 001"),
    # --- learning and feedback (rules/learning.py, rules/feedback.py) ------------------------------
    _w("w_success_base", 0.3, "Chance a learning experience is positive without planning "
       "ability or backing", "000"),
    _w("w_success_kunnen", 0.35, "Added chance of a positive experience from kunnen", "000"),
    _w("w_success_support", 0.35, "Added chance of a positive experience from backing", "000"),
    _w("w_efficacy_refused", 0.5, "A refused request as a negative experience, relative to a "
       "failure", "000, 002"),
    _w("w_locus_rate", 0.5, "Speed at which experiences move locus of control, relative to "
       "self-efficacy", "001 (locus is developable); size assumption"),
    _w("w_stimulation_richting", 0.5, "Direction in the stimulation that makes people curious",
       "001"),
    _w("w_stimulation_peers", 0.5, "Learning colleagues in the stimulation that makes people "
       "curious", "001, 000"),
    # --- career steps (rules/decisions.py) ----------------------------------------------------------
    _w("w_career_variety", 0.3, "Career opportunities that varied work opens", "001"),
    _w("w_career_platform", 0.5, "Career opportunities a career platform opens", "000, 001"),
    _w("w_career_richting", 0.3, "Career opportunities direction opens", "000, 001"),
    # --- targeted support (instruments.py) ------------------------------------------------------------
    _w("w_targeted_support", 0.5, "Backing targeted support adds for those not in a position "
       "to learn", "001, 000"),
    _w("w_targeted_variety", 0.3, "Learning opportunities in the work it adds", "001"),
    _w("w_targeted_richting", 0.3, "Personal direction it adds", "001, 000"),
]
