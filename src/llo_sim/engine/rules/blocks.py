"""The five building blocks of self-direction and how they combine into agency.

Vos et al. (2020), in 000 table 1 and 001 appendix 1: weten (know), willen (want), kunnen
(can), durven (dare), mogen (may). Richting feeds weten and willen, ruggensteun feeds kunnen
and durven, ruimte feeds mogen (000 table 1). Each block is recomputed every month and lies
in [0, 1]; each rule is monotone: more of an input that should help never lowers the block.
"""

from __future__ import annotations

import numpy as np

from llo_sim.engine.expressions import evaluate
from llo_sim.engine.rules.combine import complementary_mean


def insight(p, richting, checkup):
    """How well an employee sees where work is going: direction given by organisation and
    leader, and a personal career check-up (000: informing; 001: loopbaan-APK)."""
    wc = p["w_insight_checkup"] * checkup
    return evaluate("1.0 - (1.0 - richting) * (1.0 - wc)", locals())     # either(richting, wc)


def weten(p, curiosity, insight_, skill, skill_demand):
    """Weten: aware when and why to act. Curiosity, insight into where work is going, and a
    skill gap that is seen, which needs that insight (000 table 1)."""
    scale, wc, wi, wg = (p[k] for k in ("w_weten_gap_scale", "w_weten_curiosity",
                                        "w_weten_insight", "w_weten_gap"))
    # gap = scale x (demand - skill) clipped to [0, 1]; gap_seen = gap x insight;
    # weten = either(wc x curiosity, wi x insight, wg x gap_seen)
    return evaluate("1.0 - (1.0 - wc * curiosity) * (1.0 - wi * insight_)"
                    " * (1.0 - wg * (where(scale * (skill_demand - skill) > 0.0,"
                    " where(scale * (skill_demand - skill) < 1.0, scale * (skill_demand - skill),"
                    " 1.0), 0.0) * insight_))", locals())


def willen(p, curiosity, richting, peer_pull, momentum, autonomy, directive):
    """Willen: intrinsic motivation. Curiosity, a beckoning perspective (richting), learning
    colleagues as role models, and the momentum of recent positive experiences (000, 001:
    "positieve leerervaringen leiden tot herhaling"). Self-determination theory (000): autonomy feeds intrinsic drive, and
    directive steering holds initiative back (001)."""
    wc, wr, wa, se = (p[k] for k in ("w_willen_curiosity", "w_willen_richting",
                                     "w_willen_autonomy", "style_effect"))
    # drive = either(wc x curiosity, wr x richting, peer_pull, momentum)
    return evaluate("(1.0 - (1.0 - wc * curiosity) * (1.0 - wr * richting) * (1.0 - peer_pull)"
                    " * (1.0 - momentum)) * (1.0 - wa + wa * autonomy) * (1.0 - se * directive)",
                    locals())


def peer_pull(peer_share, peer_influence, role_models):
    """Pull of team mates who learned last month; role-model campaigns strengthen it (000:
    celebrate examples)."""
    return np.clip(peer_influence * (1.0 + role_models) * peer_share, 0.0, 1.0)


def kunnen(p, locus, skill, support, skills_training):
    """Kunnen: able to set realistic goals, plan steps and adjust. Internal locus of control,
    skill (cumulative resources, 004), ruggensteun and self-direction skills training (000)."""
    wl, ws, wsu = p["w_kunnen_locus"], p["w_kunnen_skill"], p["w_kunnen_support"]
    training = p["w_kunnen_skills_training"] * skills_training
    # either(wl x locus, ws x skill, wsu x support, training)
    return evaluate("1.0 - (1.0 - wl * locus) * (1.0 - ws * skill) * (1.0 - wsu * support)"
                    " * (1.0 - training)", locals())


def durven(p, efficacy, support, climate):
    """Durven: confidence that the action will succeed (self-efficacy, Bandura). Backing from
    leader and coaches adds to it; an unsafe climate holds it back (000, 001)."""
    wc, we, ws = p["w_durven_climate"], p["w_durven_efficacy"], p["w_durven_support"]
    # either(we x efficacy, ws x support) x climate's share
    return evaluate("(1.0 - (1.0 - we * efficacy) * (1.0 - ws * support))"
                    " * (1.0 - wc + wc * climate)", locals())


def mogen(p, ruimte, pressure):
    """Mogen: experiences room to act in time, money and autonomy (000 table 1; Ajzen's
    perceived control). A leader under target pressure shrinks the room people feel."""
    wp = p["w_mogen_pressure"]
    return evaluate("ruimte * (1.0 - wp * pressure)", locals())


def agency(weten_, willen_, kunnen_, durven_, mogen_, rho):
    """Agency: the building blocks combined so that all must be present (000, SDT).

    With ``rho < 0`` a block near zero holds action back however strong the others are;
    see :func:`llo_sim.engine.rules.combine.complementary_mean`.
    """
    return complementary_mean((weten_, willen_, kunnen_, durven_, mogen_), rho)
