"""Sen's capability approach: resources x conversion factors -> capabilities (004).

Resources (a budget, time, a course offer, the work itself) only become a *capability*, a
real opportunity to learn, as far as a person's conversion factors allow. Seed 004 groups
conversion factors in six kinds; each has its own function here, returning a multiplier in
[0, 1] per employee (or one number for everyone):

=================  ============================================================
personal           education, age, learning capacity (skill), care duties
social/relational  support from learning colleagues and buddies
organisational     a safe learning climate (target pressure acts through mogen and the
                   leader's approval instead)
work               task variety as the resource of informal learning (autonomy acts
                   through ruimte and mogen instead)
economic           economic health of the company
institutional      contract: collective agreements, budget access, employer investment
=================  ============================================================

Agency (the building blocks) decides whether a person wants to act; capability whether the
wish can become a functioning (actual participation): :mod:`llo_sim.engine.rules.decisions`.
"""

from __future__ import annotations

import numpy as np

from llo_sim.engine.expressions import evaluate


def _pick(flag, if_true: float, if_false: float):
    """``np.where(flag, if_true, if_false)`` for a yes/no array and two numbers (a helper
    for speed, not a rule).

    Looks each element up in a two-entry table, which gives the same numbers as
    ``np.where`` but several times faster when the yes/no values are mixed at random.
    """
    table = np.array([if_false, if_true], dtype=np.result_type(if_false, if_true, 1.0))
    return table.take(np.asarray(flag, dtype=bool).view(np.uint8))


def personal_formal(p, theoretical, age_band, skill):
    """Personal conversion of formal learning: the practically educated convert a course
    less well (development equated with schooling, 001), so do employees aged 55+ (004), and
    learning capacity grows with skill (004: cumulative resources)."""
    practical, old_age, ws = (p[k] for k in ("practical_formal_conversion",
                                             "old_formal_conversion", "w_personal_skill"))
    old = age_band == 2
    return evaluate("where(theoretical, 1.0, practical) * where(old, old_age, 1.0)"
                    " * (1.0 - ws + ws * skill)", locals())


def personal_time(p, care):
    """Personal conversion of time: care duties at home take it (004, Cross 1981)."""
    return _pick(care, p["care_time_conversion"], 1.0)


def social(p, peer_share, buddy):
    """Social and relational conversion: colleagues who learn and buddies who help (004)."""
    ws = p["w_social"]           # 1 - ws + ws x either(peer_share, buddy)
    return evaluate("1.0 - ws + ws * (1.0 - (1.0 - peer_share) * (1.0 - buddy))", locals())


def organisational(p, climate):
    """Organisational conversion: a safe learning environment (004; 000). Target pressure
    works through mogen and the leader's approval instead (:mod:`llo_sim.engine.rules.knobs`), so
    it counts once."""
    wc = p["w_organisational_climate"]
    return evaluate("1.0 - wc + wc * climate", locals())


def employer_investment(p, age_band, flex, economic):
    """How much the employer invests in training a person: less in flex workers
    (institutional, 004) and in those aged 55+ (004: older workers train less), and less when
    the company is in poor economic health (004). Scales the training the employer organises."""
    return institutional(p, flex) * _pick(age_band == 2, p["old_formal_conversion"], 1.0) * economic


def institutional(p, flex):
    """Institutional conversion: flex workers fall outside collective agreements and get
    less employer investment (004)."""
    return _pick(flex, p["flex_conversion"], 1.0)


def formal_resources(p, lv, money, time):
    """Resources for formal learning: budget money, development time, the employer's course
    offer and what a career platform makes visible (004: resources)."""
    wt, offer = p["w_formal_time"], p["base_offer"]
    platform = p["w_formal_platform"] * lv["career_platform"]
    # either(money, wt x time, offer, platform)
    return evaluate("1.0 - (1.0 - money) * (1.0 - wt * time) * (1.0 - offer) * (1.0 - platform)",
                    locals())


def informal_resources(p, variety, time):
    """Resources for informal learning: varied tasks to learn from (004: task diversity), and
    time to reflect."""
    wt = p["w_informal_time"]    # either(variety, wt x time)
    return evaluate("1.0 - (1.0 - variety) * (1.0 - wt * time)", locals())


def formal_capability(resources, personal, time_conv, organisational_, economic, institutional_):
    """Real opportunity for formal learning: resources x every relevant conversion factor."""
    return evaluate("resources * personal * time_conv * organisational_ * economic"
                    " * institutional_", locals())


def informal_capability(resources, social_, organisational_):
    """Real opportunity for informal learning: the work itself, converted by social and
    organisational factors (004). Autonomy enters through mogen (agency), not here."""
    return evaluate("resources * social_ * organisational_", locals())


def position_score(p, workforce):
    """Whether a person starts in a realistic position to learn (Broek et al. 2023, in 004).

    Agency (the mean of the three traits) times personal and institutional conversion, as
    drawn at the start and before any policy, so that every scenario run with the same seed
    classifies the same people alike. Geometric mean, so the score stays in [0, 1].
    """
    w = workforce
    traits = (w.locus + w.curiosity + w.efficacy) / 3.0
    conv = (personal_formal(p, w.theoretical, w.age_band, w.skill) * personal_time(p, w.care)
            * institutional(p, w.flex))
    return np.sqrt(traits * conv)
