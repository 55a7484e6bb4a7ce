"""The five building blocks of self-direction and how they combine into agency.

Vos et al. (2020), in 000 table 1 and 001 appendix 1: weten (know), willen (want), kunnen
(can), durven (dare), mogen (may). Richting feeds weten and willen, ruggensteun feeds kunnen
and durven, ruimte feeds mogen (000 table 1). Each block is recomputed every month and lies
in [0, 1]; each rule is monotone: more of an input that should help never lowers the block.
"""

from __future__ import annotations

import numpy as np

from .combine import complementary_mean, either


def insight(p, richting, checkup):
    """How well an employee sees where work is going: direction given by organisation and
    leader, and a personal career check-up (000: informing; 001: loopbaan-APK)."""
    return either(richting, p["w_insight_checkup"] * checkup)


def weten(p, curiosity, insight_, skill, skill_demand):
    """Weten: aware when and why to act. Curiosity, insight into where work is going, and a
    skill gap that is seen, which needs that insight (000 table 1)."""
    gap_seen = np.clip(p["w_weten_gap_scale"] * (skill_demand - skill), 0.0, 1.0) * insight_
    return either(p["w_weten_curiosity"] * curiosity, p["w_weten_insight"] * insight_,
                  p["w_weten_gap"] * gap_seen)


def willen(p, curiosity, richting, peer_pull, momentum, autonomy, directive):
    """Willen: intrinsic motivation. Curiosity, a beckoning perspective (richting), learning
    colleagues as role models, and the momentum of recent positive experiences (000, 001:
    "positieve leerervaringen leiden tot herhaling"). Self-determination theory (000): autonomy feeds intrinsic drive, and
    directive steering holds initiative back (001)."""
    drive = either(p["w_willen_curiosity"] * curiosity, p["w_willen_richting"] * richting,
                   peer_pull, momentum)
    wa = p["w_willen_autonomy"]
    return drive * (1.0 - wa + wa * autonomy) * (1.0 - p["style_effect"] * directive)


def peer_pull(peer_share, peer_influence, role_models):
    """Pull of team mates who learned last month; role-model campaigns strengthen it (000:
    celebrate examples)."""
    return np.clip(peer_influence * (1.0 + role_models) * peer_share, 0.0, 1.0)


def kunnen(p, locus, skill, support, skills_training):
    """Kunnen: able to set realistic goals, plan steps and adjust. Internal locus of control,
    skill (cumulative resources, 004), ruggensteun and self-direction skills training (000)."""
    return either(p["w_kunnen_locus"] * locus, p["w_kunnen_skill"] * skill,
                  p["w_kunnen_support"] * support, p["w_kunnen_skills_training"] * skills_training)


def durven(p, efficacy, support, climate):
    """Durven: confidence that the action will succeed (self-efficacy, Bandura). Backing from
    leader and coaches adds to it; an unsafe climate holds it back (000, 001)."""
    wc = p["w_durven_climate"]
    return (either(p["w_durven_efficacy"] * efficacy, p["w_durven_support"] * support)
            * (1.0 - wc + wc * climate))


def mogen(p, ruimte, pressure):
    """Mogen: experiences room to act in time, money and autonomy (000 table 1; Ajzen's
    perceived control). A leader under target pressure shrinks the room people feel."""
    return ruimte * (1.0 - p["w_mogen_pressure"] * pressure)


def agency(weten_, willen_, kunnen_, durven_, mogen_, rho):
    """Agency: the building blocks combined so that all must be present (000, SDT).

    With ``rho < 0`` a block near zero holds action back however strong the others are;
    see :func:`llo_sim.rules.combine.complementary_mean`.
    """
    return complementary_mean((weten_, willen_, kunnen_, durven_, mogen_), rho)
