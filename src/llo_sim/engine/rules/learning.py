"""What learning does: experiences, skill growth and obsolescence (000, 001, 004)."""

from __future__ import annotations

import numpy as np

from llo_sim.engine.expressions import evaluate


def success_chance(p, kunnen, support):
    """Chance a learning experience is positive: planning ability and backing (000: small
    steps and support make positive learning experiences)."""
    base, wk, ws = p["w_success_base"], p["w_success_kunnen"], p["w_success_support"]
    chance = evaluate("base + wk * kunnen + ws * support", locals())
    return np.clip(chance, 0.0, 1.0, out=chance)


def skill_after(skill, formal, informal, career, p):
    """Skill after a month: obsolescence as work changes (000 introduction, 001 chapter 1:
    technology), then gains from a month of formal or informal learning and from a new role,
    with diminishing returns (each gain closes part of the distance to full skill)."""
    gf, gi, kept = p["skill_gain_formal"], p["skill_gain_informal"], 1.0 - p["skill_obsolescence"]
    # gained = gf x (formal or career) + gi x informal
    new = evaluate("skill * kept + (gf * (formal | career) + gi * informal) * (1.0 - skill)",
                   locals())
    return np.clip(new, 0.0, 1.0, out=new)
