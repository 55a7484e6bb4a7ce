"""The three knobs as each employee experiences them, composed from instruments and leader.

Richting (direction), ruimte (room) and ruggensteun (backing) are set by HR instruments *and*
by the direct leader (000, 001; 002 on HR and the leader as the two actors). Team-level functions
take one value per leader; :func:`llo_sim.engine.model.LearningCultureModel` gathers them to the
team's employees. ``lv`` is the dict of instrument levels this month (0 = not in place).
"""

from __future__ import annotations

import numpy as np

from llo_sim.engine.expressions import evaluate
from llo_sim.engine.leaders import DIRECTIVE, STIMULATING, SUPPORTIVE
from llo_sim.engine.rules.combine import either


def leader_pressure(p, pressure, env):
    """Target pressure a leader feels: own targets, plus the curative phase of a
    reorganisation and an economic downturn (targets: 000, 001; that a reorganisation or
    downturn adds to them is the modellers' assumption)."""
    return np.clip(pressure + p["w_pressure_reorganisation"] * env.reorganisation
                   + p["w_pressure_downturn"] * (1.0 - env.economic_health), 0.0, 1.0)


def leader_attention(coaching, pressure_eff):
    """Time and attention for development a leader gives: coaching capability, eaten by
    short-term targets ("weinig tijd en aandacht voor ontwikkelen", 000, 001)."""
    return coaching * (1.0 - pressure_eff)


def team_climate(p, lv, style, env):
    """Safety of the team's learning climate: base level, the safe-climate programme, a
    supportive leader raises it and a directive one lowers it; a reorganisation lowers it
    (climate: 000, 001; styles: 003; the size of each effect is an assumption)."""
    se = p["style_effect"]
    climate = (p["base_climate"] + p["w_climate_safe_climate"] * lv["safe_climate"]
               + se * (style == SUPPORTIVE) - p["w_climate_directive"] * se * (style == DIRECTIVE)
               - p["w_climate_reorganisation"] * env.reorganisation)
    return np.clip(climate, 0.0, 1.0)


def team_richting(p, lv, style, attention):
    """Direction in a team (inform and stimulate): what the organisation tells about where
    work is going, plus a leader who sketches a concrete future for the team (000, 001)."""
    se = p["style_effect"]
    return either(p["base_richting"], p["w_richting_future_of_work"] * lv["future_of_work"],
                  np.minimum(p["w_richting_stimulating"] * se, 1.0) * (style == STIMULATING),
                  p["w_richting_attention"] * attention)


def team_autonomy(p, lv, style, env):
    """Job autonomy: base level, raised by job crafting and a stimulating leader, lowered by
    a directive leader and a reorganisation (000, 001; 004 autonomy of work)."""
    se = p["style_effect"]
    autonomy = (p["base_autonomy"] + p["w_autonomy_job_crafting"] * lv["job_crafting"]
                + se * (style == STIMULATING) - se * (style == DIRECTIVE)
                - p["w_autonomy_reorganisation"] * env.reorganisation)
    return np.clip(autonomy, 0.0, 1.0)


def team_variety(p, lv):
    """Task variety: base level raised by job crafting (000; 004 task diversity)."""
    return np.clip(p["base_variety"] + p["w_variety_job_crafting"] * lv["job_crafting"], 0.0, 1.0)


def personal_job(team_value, offset):
    """A person's own autonomy or variety: the team's level plus what their own job adds or
    takes (complexity, newness by age; drawn at the start, see :mod:`llo_sim.engine.workforce`)."""
    value = evaluate("team_value + offset", locals())
    return np.clip(value, 0.0, 1.0, out=value)


def team_buddy(p, lv, coaching):
    """Backing from coaches and buddies, aimed at teams whose leader cannot coach (000, 001:
    a support structure of coaches and buddies when a leader cannot coach)."""
    return p["w_buddy_coaches"] * lv["coaches"] * (1.0 - coaching)


def team_support(p, lv, coaching, attention, climate):
    """Ruggensteun in a team: the leader's coaching attention; coaches and buddies where the
    leader cannot coach; and the climate (000, 001: support structure when a leader cannot
    coach)."""
    return either(attention, team_buddy(p, lv, coaching), p["w_support_climate"] * climate)


def team_approval(p, coaching, pressure_eff):
    """Chance a leader sees a course's value and approves it: higher for coaching leaders,
    lower under target pressure (000, 002: a leader who fears for targets can block use of
    the budget)."""
    return np.clip(p["approval_base"] + p["w_approval_coaching"] * coaching
                   - p["approval_pressure_penalty"] * pressure_eff, 0.0, 1.0)


def approval_chance(p, team_chance, skill):
    """Approval chance for one employee: leaders invest more readily in those who already
    have more skills (the modellers' assumption, in the spirit of the cumulative nature of
    resources in 004)."""
    ws = p["w_approval_skill"]
    chance = evaluate("team_chance + ws * (skill - 0.5)", locals())
    return np.clip(chance, 0.0, 1.0, out=chance)


def development_time(lv, n):
    """Development time given in working hours: the instrument's level, the same for every
    employee (a resource; how well care duties let a person use it is the personal
    conversion factor in :func:`llo_sim.engine.conversion.personal_time`)."""
    return np.zeros(n) + lv["dev_time"]        # one level, or one per employee in a trial


def budget_money(has_budget, budget_left, price_median, price_sd):
    """The share of courses what is left of the personal budget can pay (the log-normal price
    distribution below it; 0 without a budget, or once it is spent): a resource for formal
    learning that grows with the money, without a cap at one course. Whether the leader must
    approve its use is not discounted here: that is the approval step of the decision
    (:func:`llo_sim.engine.rules.decisions.own_course`), so it counts once."""
    from scipy.special import ndtr

    if price_sd <= 0:
        return has_budget * (budget_left >= price_median).astype(np.float64)
    with np.errstate(divide="ignore", over="ignore"):    # no money: log 0 = -inf, share 0
        share = ndtr(np.log(budget_left / price_median) / price_sd)
    return has_budget * share


def ruimte(autonomy):
    """Room as experienced, the input of mogen: the autonomy to decide on one's own work and
    learning (000 table 1; Ajzen's perceived control). Time, money and the course offer are
    resources and enter capability instead (:mod:`llo_sim.engine.conversion`), so each counts once."""
    return autonomy
