"""Direction of effect and bounds of every rule, and of the model that composes them.

The rule tests feed seeded random arrays in [0, 1] (with exact 0s and 1s sprinkled in) to each
rule, raise one input at a time and check that the output moves the way the docstring says,
never the other way, and stays within its bounds. Hypothesis draws the seeds.

The model-level tests compare two arms built from the same seed. The workforce, the leaders
and every random decision come from named streams (common random numbers), and no feedback
has run before the decisions of month 1, so at months 0 and 1 the comparison is exact, person
by person. Later months are compared only on averages over seeds, with wide margins.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import llo_sim
from llo_sim import conversion as conv
from llo_sim.leaders import DIRECTIVE, STIMULATING, SUPPORTIVE
from llo_sim.parameters import DEFAULTS
from llo_sim.rules import blocks, decisions, feedback, knobs, learning
from llo_sim.rules.combine import complementary_mean, either
from llo_sim.rules.environment import Environment, environment

N = 64
TOL = 1e-12
SEEDS = st.integers(0, 2**32 - 1)
RULE_SETTINGS = settings(max_examples=40, deadline=None)


# --- random inputs --------------------------------------------------------------------------------
def unit(rng, n=N):
    """Random values in [0, 1], with exact 0s and 1s mixed in."""
    x = rng.random(n)
    edge = rng.random(n)
    x[edge < 0.08] = 0.0
    x[edge > 0.92] = 1.0
    return x


def p_with(**values):
    return {**DEFAULTS, **values}


LEVEL_KEYS = ("future_of_work", "career_checkup", "role_models", "dev_time", "job_crafting",
              "career_platform", "leader_training", "coaches", "safe_climate",
              "skills_training", "budget")


def lv_with(**values):
    return {**{k: 0.0 for k in LEVEL_KEYS}, **values}


def env(health=1.0, reorganisation=0.0, demand=0.7):
    return Environment(health, reorganisation, demand)


# --- table of rules: which inputs raise, which lower, and the bounds -----------------------------
# kinds: "u" array in [0, 1]; "b" bool array; ("s", lo, hi) one number; ("a", lo, hi) array
@dataclass
class Rule:
    name: str
    fn: Callable
    inputs: dict
    up: tuple = ()          # raising this input never lowers the output
    down: tuple = ()        # raising this input never raises the output
    bounds: tuple = (0.0, 1.0)
    fixed: dict = field(default_factory=dict)


def _style(rng, n=N):
    return rng.integers(0, 3, n).astype(np.int8)


RULES = [
    # combine
    Rule("either", lambda a, b, c: either(a, b, c), {"a": "u", "b": "u", "c": "u"},
         up=("a", "b", "c")),
    Rule("complementary_mean",
         lambda a, b, c, d, e, rho: complementary_mean(np.stack([a, b, c, d, e]), rho),
         {"a": "u", "b": "u", "c": "u", "d": "u", "e": "u", "rho": ("s", -5.0, 1.0)},
         up=("a", "b", "c", "d", "e", "rho")),
    # knobs
    Rule("leader_pressure",
         lambda pressure, reorg, health: knobs.leader_pressure(pressure, env(health, reorg)),
         {"pressure": "u", "reorg": "u", "health": "u"},
         up=("pressure", "reorg"), down=("health",)),
    Rule("leader_attention", knobs.leader_attention, {"coaching": "u", "pressure_eff": "u"},
         up=("coaching",), down=("pressure_eff",)),
    Rule("team_climate",
         lambda base, safe, se, reorg, style: knobs.team_climate(
             p_with(base_climate=base, style_effect=se), lv_with(safe_climate=safe), style,
             env(reorganisation=reorg)),
         {"base": "u", "safe": "u", "se": ("s", 0.0, 0.5), "reorg": "u", "style": _style},
         up=("base", "safe"), down=("reorg",)),
    Rule("team_richting",
         lambda base, fow, se, attention, style: knobs.team_richting(
             p_with(base_richting=base, style_effect=se), lv_with(future_of_work=fow), style,
             attention),
         {"base": ("s", 0, 1), "fow": ("s", 0, 1), "se": ("s", 0.0, 0.5), "attention": "u",
          "style": _style},
         up=("base", "fow", "se", "attention")),
    Rule("team_autonomy",
         lambda base, crafting, se, reorg, style: knobs.team_autonomy(
             p_with(base_autonomy=base, style_effect=se), lv_with(job_crafting=crafting), style,
             env(reorganisation=reorg)),
         {"base": "u", "crafting": "u", "se": ("s", 0.0, 0.5), "reorg": "u", "style": _style},
         up=("base", "crafting"), down=("reorg",)),
    Rule("team_variety",
         lambda base, crafting: knobs.team_variety(p_with(base_variety=base),
                                                   lv_with(job_crafting=crafting)),
         {"base": "u", "crafting": "u"}, up=("base", "crafting")),
    Rule("team_buddy",
         lambda coaches, coaching: knobs.team_buddy(lv_with(coaches=coaches), coaching),
         {"coaches": "u", "coaching": "u"}, up=("coaches",), down=("coaching",)),
    Rule("team_support",
         lambda coaches, coaching, attention, climate: knobs.team_support(
             lv_with(coaches=coaches), coaching, attention, climate),
         {"coaches": "u", "coaching": "u", "attention": "u", "climate": "u"},
         up=("coaches", "attention", "climate")),
    Rule("team_approval",
         lambda base, penalty, coaching, pressure: knobs.team_approval(
             p_with(approval_base=base, approval_pressure_penalty=penalty), coaching, pressure),
         {"base": "u", "penalty": "u", "coaching": "u", "pressure": "u"},
         up=("base", "coaching"), down=("penalty", "pressure")),
    Rule("approval_chance", knobs.approval_chance, {"team_chance": "u", "skill": "u"},
         up=("team_chance", "skill")),
    Rule("development_time",
         lambda dev: knobs.development_time(lv_with(dev_time=dev), N),
         {"dev": ("s", 0, 1)}, up=("dev",)),
    Rule("budget_money",
         lambda left, cost, has: knobs.budget_money(has, left, cost),
         {"left": ("s", 0, 20_000), "cost": ("s", 1, 20_000), "has": "b"},
         up=("left", "has"), down=("cost",)),
    Rule("money_access",
         lambda money, approval, direct: knobs.money_access(
             p_with(budget_procedure="direct" if direct > 0.5 else "leader"), money, approval),
         {"money": "u", "approval": "u", "direct": ("s", 0, 1)},
         up=("money", "approval", "direct")),
    Rule("ruimte",
         lambda platform, autonomy, time, access: knobs.ruimte(
             lv_with(career_platform=platform), autonomy, time, access),
         {"platform": "u", "autonomy": "u", "time": "u", "access": "u"},
         up=("platform", "autonomy", "time", "access")),
    # building blocks
    Rule("insight", blocks.insight, {"richting": "u", "checkup": "u"},
         up=("richting", "checkup")),
    Rule("weten", blocks.weten,
         {"curiosity": "u", "insight_": "u", "skill": "u", "skill_demand": "u"},
         up=("curiosity", "insight_", "skill_demand"), down=("skill",)),
    Rule("willen", blocks.willen,
         {"curiosity": "u", "richting": "u", "peer_pull": "u", "momentum": "u",
          "autonomy": "u", "directive": "b", "style_effect": ("s", 0, 0.5)},
         up=("curiosity", "richting", "peer_pull", "momentum", "autonomy"),
         down=("directive", "style_effect")),
    Rule("peer_pull", blocks.peer_pull,
         {"peer_share": "u", "peer_influence": ("s", 0, 1), "role_models": ("s", 0, 1)},
         up=("peer_share", "peer_influence", "role_models")),
    Rule("kunnen", blocks.kunnen,
         {"locus": "u", "skill": "u", "support": "u", "skills_training": "u"},
         up=("locus", "skill", "support", "skills_training")),
    Rule("durven", blocks.durven, {"efficacy": "u", "support": "u", "climate": "u"},
         up=("efficacy", "support", "climate")),
    Rule("mogen", blocks.mogen, {"ruimte": "u", "pressure": "u"},
         up=("ruimte",), down=("pressure",)),
    Rule("agency", blocks.agency,
         {"weten_": "u", "willen_": "u", "kunnen_": "u", "durven_": "u", "mogen_": "u",
          "rho": ("s", -5.0, 1.0)},
         up=("weten_", "willen_", "kunnen_", "durven_", "mogen_", "rho")),
    # decisions
    Rule("functioning_chance", decisions.functioning_chance,
         {"rate": ("s", 0, 5), "agency": "u", "capability": "u"},
         up=("rate", "agency", "capability")),
    Rule("informal_learning", decisions.informal_learning, {"u": "u", "p_informal": "u"},
         up=("p_informal",), down=("u",)),
    Rule("career_chance", decisions.career_chance,
         {"rate": ("s", 0, 0.2), "agency": "u", "variety": "u", "platform": ("s", 0, 1),
          "richting": "u"},
         up=("rate", "agency", "variety", "platform", "richting"), bounds=(0.0, 0.2)),
    Rule("career_step", decisions.career_step, {"u": "u", "p_career": "u"},
         up=("p_career",), down=("u",)),
    # learning
    Rule("success_chance", learning.success_chance, {"kunnen": "u", "support": "u"},
         up=("kunnen", "support"), bounds=(0.3, 1.0)),
    Rule("skill_after",
         lambda skill, formal, informal, career, obs, gf, gi: learning.skill_after(
             skill, formal, informal, career,
             p_with(skill_obsolescence=obs, skill_gain_formal=gf, skill_gain_informal=gi)),
         {"skill": "u", "formal": "b", "informal": "b", "career": "b", "obs": ("s", 0, 0.1),
          "gf": ("s", 0, 0.5), "gi": ("s", 0, 0.5)},
         up=("skill", "formal", "informal", "career", "gf", "gi"), down=("obs",)),
    # feedback
    Rule("efficacy_after", feedback.efficacy_after,
         {"efficacy": "u", "success": "b", "failure": "b", "refused": "b", "climate": "u",
          "rate": ("s", 0, 0.3)},
         up=("efficacy", "success", "climate"), down=("failure", "refused")),
    Rule("locus_after", feedback.locus_after,
         {"locus": "u", "success": "b", "rate": ("s", 0, 0.3)}, up=("locus", "success", "rate")),
    Rule("stimulation", feedback.stimulation,
         {"autonomy": "u", "variety": "u", "richting": "u", "peer_share": "u"},
         up=("autonomy", "variety", "richting", "peer_share")),
    Rule("curiosity_after", feedback.curiosity_after,
         {"curiosity": "u", "curiosity0": "u", "stimulus": "u", "drift": ("s", 0, 0.2),
          "anchor": ("s", 0, 1)},
         up=("curiosity", "curiosity0", "stimulus")),
    Rule("momentum_after", feedback.momentum_after,
         {"momentum": "u", "success": "b", "boost": ("s", 0, 1), "decay": ("s", 0, 1)},
         up=("momentum", "success", "boost", "decay")),
    # conversion
    Rule("personal_formal",
         lambda practical_c, old_c, theoretical, old, skill: conv.personal_formal(
             p_with(practical_formal_conversion=practical_c, old_formal_conversion=old_c),
             theoretical, np.where(old, 2, 1).astype(np.int8), skill),
         {"practical_c": ("s", 0, 1), "old_c": ("s", 0, 1), "theoretical": "b", "old": "b",
          "skill": "u"},
         up=("practical_c", "old_c", "theoretical", "skill"), down=("old",)),
    Rule("personal_time",
         lambda c, care: conv.personal_time(p_with(care_time_conversion=c), care),
         {"c": ("s", 0, 1), "care": "b"}, up=("c",), down=("care",)),
    Rule("social", conv.social, {"peer_share": "u", "buddy": "u"},
         up=("peer_share", "buddy"), bounds=(0.6, 1.0)),
    Rule("organisational", conv.organisational, {"climate": "u", "pressure": "u"},
         up=("climate",), down=("pressure",), bounds=(0.25, 1.0)),
    Rule("work", conv.work, {"autonomy": "u"}, up=("autonomy",), bounds=(0.4, 1.0)),
    Rule("institutional",
         lambda c, flex: conv.institutional(p_with(flex_conversion=c), flex),
         {"c": ("s", 0, 1), "flex": "b"}, up=("c",), down=("flex",)),
    Rule("formal_resources",
         lambda offer, platform, money, time: conv.formal_resources(
             p_with(base_offer=offer), lv_with(career_platform=platform), money, time),
         {"offer": ("s", 0, 1), "platform": ("s", 0, 1), "money": "u", "time": "u"},
         up=("offer", "platform", "money", "time")),
    Rule("informal_resources", conv.informal_resources, {"variety": "u", "time": "u"},
         up=("variety", "time")),
    Rule("formal_capability", conv.formal_capability,
         {"resources": "u", "personal": "u", "time_conv": "u", "organisational_": "u",
          "economic": ("s", 0, 1), "institutional_": "u"},
         up=("resources", "personal", "time_conv", "organisational_", "economic",
             "institutional_")),
    Rule("informal_capability", conv.informal_capability,
         {"resources": "u", "work_": "u", "social_": "u", "organisational_": "u"},
         up=("resources", "work_", "social_", "organisational_")),
    Rule("position_score",
         lambda locus, curiosity, efficacy, skill, theoretical, old, care, flex:
         conv.position_score(DEFAULTS, SimpleNamespace(
             locus=locus, curiosity=curiosity, efficacy=efficacy, skill=skill,
             theoretical=theoretical, age_band=np.where(old, 2, 0).astype(np.int8), care=care,
             flex=flex)),
         {"locus": "u", "curiosity": "u", "efficacy": "u", "skill": "u", "theoretical": "b",
          "old": "b", "care": "b", "flex": "b"},
         up=("locus", "curiosity", "efficacy", "skill", "theoretical"),
         down=("old", "care", "flex")),
]


def _draw(kind, rng):
    if callable(kind):
        return kind(rng)
    if kind == "u":
        return unit(rng)
    if kind == "b":
        return rng.random(N) < 0.5
    tag, lo, hi = kind
    if tag == "s":
        return float(rng.choice([lo, hi, rng.uniform(lo, hi)], p=[0.1, 0.1, 0.8]))
    return rng.uniform(lo, hi, N)


def _raise(kind, x, rng):
    """A value of the same kind that is >= x everywhere (often strictly)."""
    if kind == "u":
        y = x + rng.random(N) * (1.0 - x)
        y[rng.random(N) < 0.1] = 1.0
        return np.minimum(y, 1.0)
    if kind == "b":
        return x | (rng.random(N) < 0.5)
    tag, lo, hi = kind
    if tag == "s":
        return float(rng.uniform(x, hi)) if rng.random() < 0.8 else float(hi)
    return x + rng.random(N) * (hi - x)


def _out(rule, args):
    return np.asarray(rule.fn(**args), dtype=float) * np.ones(N)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
@RULE_SETTINGS
@given(seed=SEEDS)
def test_rule_direction_and_bounds(rule, seed):
    rng = np.random.default_rng(seed)
    args = {name: _draw(kind, rng) for name, kind in rule.inputs.items()}
    base = _out(rule, args)
    lo, hi = rule.bounds
    assert not np.isnan(base).any()
    assert base.min() >= lo - TOL and base.max() <= hi + TOL, (base.min(), base.max())
    for names, sign in ((rule.up, 1.0), (rule.down, -1.0)):
        for name in names:
            moved = dict(args, **{name: _raise(rule.inputs[name], args[name], rng)})
            out = _out(rule, moved)
            assert out.min() >= lo - TOL and out.max() <= hi + TOL
            worse = sign * (out - base) < -(TOL + 1e-10 * np.abs(base))
            assert not worse.any(), (
                f"{rule.name}: raising {name} moved the output the wrong way at "
                f"{np.flatnonzero(worse)[:5]}")


def test_every_rule_function_is_covered():
    """Every public function of the rule modules and conversion appears in a test here."""
    import inspect

    from llo_sim.rules import combine

    covered = {r.name for r in RULES} | {"formal_learning", "team_learning_share",
                                         "environment"}
    from llo_sim.rules import environment as env_module
    for module in (knobs, blocks, decisions, learning, feedback, combine, conv, env_module):
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ == module.__name__ and not name.startswith("_"):
                assert name in covered, f"{module.__name__}.{name} has no direction test"


# --- the knobs feed the building blocks ----------------------------------------------------------
@RULE_SETTINGS
@given(seed=SEEDS)
def test_more_ruggensteun_never_lowers_durven_or_kunnen(seed):
    rng = np.random.default_rng(seed)
    efficacy, locus, skill, climate, training = (unit(rng) for _ in range(5))
    coaching, pressure = unit(rng), unit(rng)
    low, high = sorted(rng.random(2))

    def blocks_for(coaches_level, attention):
        support = knobs.team_support(lv_with(coaches=coaches_level), coaching, attention,
                                     climate)
        return (blocks.kunnen(locus, skill, support, training),
                blocks.durven(efficacy, support, climate))

    attention = knobs.leader_attention(coaching, pressure)
    k0, d0 = blocks_for(low, attention)
    k1, d1 = blocks_for(high, attention)                                      # more coaches
    k2, d2 = blocks_for(low, np.minimum(attention + 0.2, 1.0))                # more attention
    for k, d in ((k1, d1), (k2, d2)):
        assert np.all(k >= k0 - TOL) and np.all(d >= d0 - TOL)
    # skills training (ruggensteun) feeds kunnen directly
    support = knobs.team_support(lv_with(), coaching, attention, climate)
    assert np.all(blocks.kunnen(locus, skill, support, np.minimum(training + 0.3, 1))
                  >= blocks.kunnen(locus, skill, support, training) - TOL)
    # a safe-climate programme (ruggensteun) raises durven, through climate and support
    style = _style(rng)
    out = []
    for safe in (low, high):
        clim = knobs.team_climate(DEFAULTS, lv_with(safe_climate=safe), style, env())
        sup = knobs.team_support(lv_with(), coaching, attention, clim)
        out.append(blocks.durven(efficacy, sup, clim))
    assert np.all(out[1] >= out[0] - TOL)


@RULE_SETTINGS
@given(seed=SEEDS)
def test_more_richting_never_lowers_weten_or_willen(seed):
    rng = np.random.default_rng(seed)
    curiosity, skill, pull, momentum, autonomy, attention = (unit(rng) for _ in range(6))
    directive = rng.random(N) < 0.3
    style = _style(rng)
    demand = float(rng.random())
    lo, hi = sorted(rng.random(2))
    out = []
    for fow, checkup in ((lo, lo), (hi, lo), (lo, hi), (hi, hi)):
        richting = knobs.team_richting(DEFAULTS, lv_with(future_of_work=fow), style, attention)
        insight = blocks.insight(richting, checkup)
        out.append((blocks.weten(curiosity, insight, skill, demand),
                    blocks.willen(curiosity, richting, pull, momentum, autonomy, directive,
                                  DEFAULTS["style_effect"])))
    (w0, v0), (w1, v1), (w2, v2), (w3, v3) = out
    for w, v in ((w1, v1), (w3, v3)):
        assert np.all(w >= w0 - TOL) and np.all(v >= v0 - TOL)
    assert np.all(w2 >= w0 - TOL) and np.array_equal(v2, v0)   # a check-up adds only insight
    for x in (w0, w1, w2, w3, v0, v1, v2, v3):
        assert x.min() >= 0 and x.max() <= 1


@RULE_SETTINGS
@given(seed=SEEDS)
def test_more_ruimte_never_lowers_mogen(seed):
    rng = np.random.default_rng(seed)
    autonomy, approval, pressure = unit(rng), unit(rng), unit(rng)
    care = rng.random(N) < 0.3
    has_budget = rng.random(N) < 0.4
    lo, hi = sorted(rng.random(2))

    def mogen(dev, platform, amount, procedure):
        p = p_with(budget_amount=amount, budget_procedure=procedure)
        lv = lv_with(dev_time=dev, career_platform=platform, budget=float(amount > 0))
        time = knobs.development_time(lv, N)
        money = knobs.budget_money(has_budget, np.full(N, amount), p["course_cost"])
        access = knobs.money_access(p, money, approval)
        return blocks.mogen(knobs.ruimte(lv, autonomy, time, access), pressure)

    m0 = mogen(lo, lo, 0.0, "leader")
    for m in (mogen(hi, lo, 0.0, "leader"), mogen(lo, hi, 0.0, "leader"),
              mogen(lo, lo, 500.0, "leader"), mogen(lo, lo, 500.0, "direct")):
        assert np.all(m >= m0 - TOL)
    assert np.all(mogen(lo, lo, 500.0, "direct") >= mogen(lo, lo, 500.0, "leader") - TOL)
    assert np.all(mogen(lo, lo, 1000.0, "leader") >= mogen(lo, lo, 300.0, "leader") - TOL)


@RULE_SETTINGS
@given(seed=SEEDS)
def test_target_pressure_never_raises_attention_approval_or_mogen(seed):
    rng = np.random.default_rng(seed)
    coaching, skill, ruimte_no_money, money = unit(rng), unit(rng), unit(rng), unit(rng)
    p_lo, p_hi = np.sort(np.stack([unit(rng), unit(rng)]), axis=0)
    e = env(health=float(rng.random()), reorganisation=float(rng.random()))
    out = []
    for own in (p_lo, p_hi):
        pressure = knobs.leader_pressure(own, e)
        attention = knobs.leader_attention(coaching, pressure)
        approval = knobs.approval_chance(knobs.team_approval(DEFAULTS, coaching, pressure), skill)
        access = knobs.money_access(p_with(budget_procedure="leader"), money, approval)
        ruimte = knobs.ruimte(lv_with(), ruimte_no_money, 0.0, access)
        out.append((pressure, attention, approval, blocks.mogen(ruimte, pressure)))
    (pr0, a0, ap0, m0), (pr1, a1, ap1, m1) = out
    assert np.all(pr1 >= pr0 - TOL)
    assert np.all(a1 <= a0 + TOL) and np.all(ap1 <= ap0 + TOL) and np.all(m1 <= m0 + TOL)
    # full pressure leaves no attention at all
    assert np.all(knobs.leader_attention(coaching, np.ones(N)) == 0)


def test_leader_styles_act_in_the_documented_direction():
    p, lv, e = DEFAULTS, lv_with(), env()
    styles = np.array([SUPPORTIVE, STIMULATING, DIRECTIVE], np.int8)
    climate = knobs.team_climate(p, lv, styles, e)
    assert climate[0] > climate[1] > climate[2]
    autonomy = knobs.team_autonomy(p, lv, styles, e)
    assert autonomy[1] > autonomy[0] > autonomy[2]
    richting = knobs.team_richting(p, lv, styles, 0.3)
    assert richting[1] > richting[0] == richting[2]


# --- combining -----------------------------------------------------------------------------------
@RULE_SETTINGS
@given(seed=SEEDS)
def test_either_is_a_noisy_or(seed):
    rng = np.random.default_rng(seed)
    a, b, c = unit(rng), unit(rng), unit(rng)
    out = either(a, b, c)
    assert np.all(out >= np.maximum(np.maximum(a, b), c) - TOL)   # at least the strongest
    assert np.all(out <= np.minimum(a + b + c, 1.0) + TOL)         # at most the sum, and 1
    assert np.allclose(either(a, b, c), either(c, a, b))            # order does not matter
    assert np.array_equal(either(a, 0.0), a)                        # 0 adds nothing
    assert np.all(either(a, 1.0) == 1.0)                            # 1 settles it


@RULE_SETTINGS
@given(seed=SEEDS, rho=st.floats(-5.0, -0.05))
def test_complementary_mean_needs_every_block(seed, rho):
    rng = np.random.default_rng(seed)
    k = 5
    others = np.stack([unit(rng) for _ in range(k - 1)])
    weak = rng.uniform(0.0, 0.02, N)
    b = np.vstack([others, weak])
    low = complementary_mean(b, rho)
    plain = complementary_mean(b, 1.0)
    # pulled toward zero: never above the plain mean, and bounded by the weakest block
    assert np.all(low <= plain + TOL)
    assert np.all(low <= k ** (1.0 / -rho) * np.maximum(weak, 1e-6) * (1 + 1e-9))
    assert np.all(low >= np.min(np.maximum(b, 1e-6), axis=0) - TOL)
    # a strong block cannot make up for a missing one: with one block missing, making every
    # other block perfect leaves agency tiny, while the plain mean is at least (k-1)/k
    missing = np.vstack([np.ones((k - 1, N)), np.zeros((1, N))])
    assert np.all(complementary_mean(missing, rho) <= k ** (1.0 / -rho) * 1e-6 * (1 + 1e-9))
    assert np.all(complementary_mean(missing, 1.0) >= (k - 1) / k - TOL)
    # and what a strong block adds is far less than under substitution (rho = 1)
    stronger = b.copy()
    stronger[0] = 1.0
    gain_low = complementary_mean(stronger, rho) - low
    gain_plain = complementary_mean(stronger, 1.0) - plain
    if rho <= -1:
        assert np.all(gain_low <= gain_plain + TOL)


# any valid exponent, including those very close to zero (they use the geometric limit)
USABLE_RHO = st.floats(-5.0, 1.0)


@RULE_SETTINGS
@given(seed=SEEDS, rho=USABLE_RHO)
def test_complementary_mean_is_a_mean(seed, rho):
    rng = np.random.default_rng(seed)
    b = np.maximum(np.stack([unit(rng) for _ in range(5)]), 1e-6)
    out = complementary_mean(b, rho)
    # float slack: (mean of b**rho) ** (1/rho) magnifies rounding by about 1/|rho|
    slack = 1e-9 + (1e-13 / abs(rho) if rho else 0.0)
    # a mean lies between the smallest and the largest block
    assert np.all(out >= b.min(axis=0) * (1 - slack))
    assert np.all(out <= b.max(axis=0) * (1 + slack)), (rho, out.max())
    same = np.tile(unit(rng), (5, 1))
    np.testing.assert_allclose(complementary_mean(same, rho), np.maximum(same[0], 1e-6),
                               rtol=slack)


@pytest.mark.parametrize("rho", [-1.0, 0.0, 1.0, -2.5, 0.5])
def test_complementary_mean_special_cases_agree_with_the_formula(rho):
    rng = np.random.default_rng(7)
    b = np.maximum(np.stack([unit(rng) for _ in range(5)]), 1e-6)
    if rho == 0:
        expected = np.exp(np.log(b).mean(axis=0))
    else:
        expected = np.mean(b ** rho, axis=0) ** (1 / rho)
    np.testing.assert_allclose(complementary_mean(b, rho), expected, rtol=1e-9)


@pytest.mark.parametrize("rho", [1e-17, -1e-17, 1e-300])
def test_complementary_mean_is_continuous_at_zero(rho):
    b = np.full((5, 3), 0.1)
    np.testing.assert_allclose(complementary_mean(b, rho), complementary_mean(b, 0.0),
                               rtol=1e-3)


# --- decisions -----------------------------------------------------------------------------------
@RULE_SETTINGS
@given(seed=SEEDS)
def test_formal_learning_accounting_and_direction(seed):
    rng = np.random.default_rng(seed)
    u_want, u_approve, p_want, approval = unit(rng), unit(rng), unit(rng), unit(rng)
    has_budget = rng.random(N) < 0.5
    budget_left = np.where(rng.random(N) < 0.7, rng.uniform(0, 1000, N), 0.0)
    cost = 600.0

    def run(p_want=p_want, approval=approval, direct=False):
        return decisions.formal_learning(u_want, u_approve, p_want, has_budget, budget_left,
                                         cost, direct, approval)

    for direct in (False, True):
        formal, refused, uses = run(direct=direct)
        wants = u_want < p_want
        assert not (formal & refused).any()
        assert np.array_equal(formal | refused, wants)          # who wants is served or refused
        assert not (uses & ~formal).any()
        assert not (uses & ~(has_budget & (budget_left > 0))).any()
    can_pay = has_budget & (budget_left > 0)
    formal_l, refused_l, _ = run(direct=False)
    formal_d, refused_d, _ = run(direct=True)
    # a direct procedure: those who can pay are never refused, and nobody is refused more
    assert not (refused_d & can_pay).any()
    assert not (refused_d & ~refused_l).any()
    assert not (formal_l & ~formal_d).any()
    # a higher wish or a likelier approval never takes a course away
    more = np.minimum(p_want + 0.2, 1.0)
    assert not (run(direct=False)[0] & ~run(p_want=more)[0]).any()
    easier = np.minimum(approval + 0.3, 1.0)
    assert not (run(approval=easier)[1] & ~refused_l).any()
    assert not (formal_l & ~run(approval=easier)[0]).any()


# --- learning ------------------------------------------------------------------------------------
@RULE_SETTINGS
@given(seed=SEEDS, obs=st.floats(0.0, 0.1))
def test_skill_falls_with_obsolescence_when_nobody_learns(seed, obs):
    rng = np.random.default_rng(seed)
    skill = unit(rng)
    nobody = np.zeros(N, bool)
    p = p_with(skill_obsolescence=obs)
    after = learning.skill_after(skill, nobody, nobody, nobody, p)
    assert np.all(after <= skill)
    assert np.all(after >= 0)
    if obs > 1e-9:
        assert np.all(after[skill > 0] < skill[skill > 0])
    np.testing.assert_allclose(after, skill * (1 - obs))
    # more obsolescence, lower skill; any learning, no lower skill than none
    faster = learning.skill_after(skill, nobody, nobody, nobody, p_with(skill_obsolescence=0.1))
    assert np.all(faster <= after + TOL)
    some = rng.random(N) < 0.5
    for learned in ((some, nobody, nobody), (nobody, some, nobody), (nobody, nobody, some)):
        assert np.all(learning.skill_after(skill, *learned, p) >= after - TOL)


# --- feedback ------------------------------------------------------------------------------------
@RULE_SETTINGS
@given(seed=SEEDS, rate=st.floats(0.001, 0.3))
def test_efficacy_rises_after_success_and_falls_after_failure_more_when_unsafe(seed, rate):
    rng = np.random.default_rng(seed)
    eff = unit(rng)
    none = np.zeros(N, bool)
    every = np.ones(N, bool)
    safe, unsafe = np.sort(np.stack([unit(rng), unit(rng)]), axis=0)[::-1]

    def after(success=none, failure=none, refused=none, climate=safe):
        return feedback.efficacy_after(eff, success, failure, refused, climate, rate)

    np.testing.assert_array_equal(after(), eff)                   # nothing happened
    up = after(success=every)
    assert np.all(up >= eff) and np.all(up[eff < 1] > eff[eff < 1]) and np.all(up <= 1)
    down_safe = eff - after(failure=every, climate=safe)
    down_unsafe = eff - after(failure=every, climate=unsafe)
    assert np.all(down_safe >= -TOL) and np.all(down_unsafe >= -TOL)
    assert np.all(down_unsafe >= down_safe - TOL)                 # more in an unsafe climate
    fragile = (eff > 0) & (unsafe < safe)
    assert np.all(down_unsafe[fragile] > down_safe[fragile])
    # a refusal hurts too, half as much as a failure
    refusal = eff - after(refused=every, climate=unsafe)
    np.testing.assert_allclose(refusal, 0.5 * down_unsafe, atol=1e-12)
    # in a perfectly safe climate a failure costs nothing
    np.testing.assert_array_equal(after(failure=every, climate=np.ones(N)), eff)


@RULE_SETTINGS
@given(seed=SEEDS, drift=st.floats(0.0, 1.0), anchor=st.floats(0.0, 1.0))
def test_curiosity_moves_toward_its_anchor_and_the_stimulation(seed, drift, anchor):
    rng = np.random.default_rng(seed)
    cur, cur0, stim = unit(rng), unit(rng), unit(rng)
    after = feedback.curiosity_after(cur, cur0, stim, drift, anchor)
    target = anchor * cur0 + (1 - anchor) * stim
    assert np.all(after >= np.minimum(cur, target) - TOL)
    assert np.all(after <= np.maximum(cur, target) + TOL)


@RULE_SETTINGS
@given(seed=SEEDS, n_teams=st.integers(1, 20))
def test_team_learning_share_is_each_teams_mean(seed, n_teams):
    rng = np.random.default_rng(seed)
    n = N + n_teams
    team = np.arange(n) % n_teams
    learned = rng.random(n) < rng.random()
    counts = np.bincount(team).astype(float)
    share = feedback.team_learning_share(team, learned, counts)
    assert share.shape == (n_teams,)
    expected = [learned[team == t].mean() for t in range(n_teams)]
    np.testing.assert_allclose(share, expected)
    more = learned | (rng.random(n) < 0.3)
    assert np.all(feedback.team_learning_share(team, more, counts) >= share)


# --- environment ---------------------------------------------------------------------------------
@RULE_SETTINGS
@given(start=st.integers(-1, 30), months=st.integers(1, 30), month=st.integers(0, 60),
       severity=st.floats(0, 1), health=st.floats(0, 1), size=st.floats(0, 1),
       demand=st.floats(0, 1))
def test_environment_events(start, months, month, severity, health, size, demand):
    calm = p_with(economic_health=health, skill_demand=demand)
    p = p_with(economic_health=health, skill_demand=demand,
               downturn_month=start, downturn_months=months, downturn_severity=severity,
               reorganisation_month=start, reorganisation_months=months,
               reorganisation_severity=severity, tech_shift_month=start, tech_shift_size=size)
    e, e0 = environment(p, month), environment(calm, month)
    during = start >= 0 and start <= month < start + months
    assert 0 <= e.economic_health <= e0.economic_health == health
    assert e.reorganisation == (severity if during else 0.0)
    assert 0 <= e.reorganisation <= 1
    assert e0.skill_demand <= e.skill_demand <= 1
    if not during:
        assert e.economic_health == health
    if start < 0 or month < start:
        assert e.skill_demand == demand
    # a technology shift raises demand for good
    if start >= 0 and month >= start:
        assert environment(p, month + 100).skill_demand == e.skill_demand


# --- leader training -----------------------------------------------------------------------------
def test_leader_training_raises_coaching_gradually_not_at_once():
    model = llo_sim.build_model("baseline", seed=11, agents=False, n_employees=600,
                                leader_training_intensity=1.0, leader_training_rate=0.05,
                                coaching_ceiling=0.9)
    inst = model.instruments["leader_training"]
    c0 = model.leaders.coaching.copy()
    below = c0 < 0.9
    assert below.any()
    inst.step(model, 1)
    c1 = model.leaders.coaching.copy()
    gap0, gap1 = 0.9 - c0, 0.9 - c1
    # one month closes only 5% of the gap: gradual, not at once
    np.testing.assert_allclose(gap1[below], 0.95 * gap0[below])
    assert np.all(c1[below] > c0[below]) and np.all(c1[below] < 0.9)
    np.testing.assert_array_equal(c1[~below], c0[~below])   # nobody is pushed down or past it
    for month in range(2, 37):
        inst.step(model, month)
    c36 = model.leaders.coaching
    np.testing.assert_allclose((0.9 - c36)[below], 0.95 ** 36 * gap0[below])
    assert np.all(c36 <= np.maximum(c0, 0.9) + TOL)


def test_leader_training_does_nothing_before_it_starts_or_when_off():
    for kw in ({"leader_training_intensity": 0.0},
               {"leader_training_intensity": 1.0, "leader_training_start_month": 10}):
        model = llo_sim.build_model("baseline", seed=2, agents=False, n_employees=200, **kw)
        c0 = model.leaders.coaching.copy()
        for month in range(1, 10):
            model.instruments["leader_training"].step(model, month)
        np.testing.assert_array_equal(model.leaders.coaching, c0)


def test_leader_training_in_the_model_raises_coaching_every_month():
    model = llo_sim.build_model("baseline", seed=4, agents=False, n_employees=600,
                                leader_training_intensity=0.5)
    c0 = model.leaders.coaching.copy()
    rate, ceiling = model.p["leader_training_rate"], model.p["coaching_ceiling"]
    gap0 = np.maximum(ceiling - c0, 0.0)
    model.step()
    # month 1 closes half a rate's share of each leader's gap, no more
    np.testing.assert_allclose(model.leaders.coaching, c0 + 0.5 * rate * gap0)
    for _ in range(35):
        model.step()
    coaching = model.timeseries()["leader_coaching"].to_numpy()
    assert np.all(np.diff(coaching) > 0)
    np.testing.assert_allclose(np.maximum(ceiling - model.leaders.coaching, 0),
                               (1 - 0.5 * rate) ** 36 * gap0)
    assert np.all(model.leaders.coaching <= np.maximum(c0, ceiling))


# --- conversion factors --------------------------------------------------------------------------
@RULE_SETTINGS
@given(seed=SEEDS, c=st.floats(0.0, 0.999))
def test_conversion_factors_lower_capability_for_the_named_groups(seed, c):
    """Practical education, 55+, care duties and flex contracts each convert less (004)."""
    rng = np.random.default_rng(seed)
    skill = unit(rng)
    p = p_with(practical_formal_conversion=c, old_formal_conversion=c,
               care_time_conversion=c, flex_conversion=c)
    yes, no = np.ones(N, bool), np.zeros(N, bool)
    resources, organisational = rng.uniform(0.1, 1, N), rng.uniform(0.25, 1, N)
    mid = np.ones(N, np.int8)

    def cap(theoretical=yes, age_band=mid, care=no, flex=no):
        return conv.formal_capability(resources, conv.personal_formal(p, theoretical, age_band,
                                                                      skill),
                                      conv.personal_time(p, care), organisational, 1.0,
                                      conv.institutional(p, flex))

    base = cap()
    for group in (dict(theoretical=no), dict(age_band=np.full(N, 2, np.int8)), dict(care=yes),
                  dict(flex=yes)):
        lower = cap(**group)
        assert np.all(lower <= base)
        np.testing.assert_allclose(lower, c * base, atol=1e-12)   # by exactly the factor
        assert np.all(lower[base > 0] < base[base > 0])
    # the young and the middle band convert alike
    np.testing.assert_array_equal(cap(age_band=np.zeros(N, np.int8)), base)
    # the development time itself is a resource, the same for everyone; care duties act only
    # through the conversion factor above (counted once)
    np.testing.assert_array_equal(knobs.development_time(lv_with(dev_time=1.0), N), 1.0)


# --- model level: exact comparisons at the start (common random numbers) -------------------------
MODEL_N = 800


def _month1(seed, **overrides):
    model = llo_sim.build_model("baseline", seed=seed, agents=False, n_employees=MODEL_N,
                                **overrides)
    start = {k: getattr(model.workforce, k).copy()
             for k in ("weten", "willen", "kunnen", "durven", "mogen", "agency", "cap_formal",
                       "cap_informal")}
    model.step()
    return model, start


def _ge(a, b):
    return np.all(a >= b - TOL)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_skills_training_never_lowers_kunnen_at_month_1(seed):
    arms = [_month1(seed, skills_training_intensity=x) for x in (0.0, 0.5, 1.0)]
    for (lo, lo0), (hi, hi0) in zip(arms, arms[1:]):
        for block in ("kunnen", "agency"):
            assert _ge(getattr(hi.workforce, block), getattr(lo.workforce, block))
            assert _ge(hi0[block], lo0[block])
        for b in ("weten", "willen", "durven", "mogen"):
            np.testing.assert_array_equal(getattr(hi.workforce, b), getattr(lo.workforce, b))
        # same draws, higher chances: nobody who learned without the training stops
        ts_lo, ts_hi = lo.timeseries(), hi.timeseries()
        for col in ("kunnen", "agency", "participation_formal_month",
                    "participation_informal_month", "participation_any_month"):
            assert ts_hi.loc[1, col] >= ts_lo.loc[1, col] - TOL, col
    assert arms[2][0].timeseries().loc[1, "kunnen"] > arms[0][0].timeseries().loc[1, "kunnen"]


@pytest.mark.parametrize("seed", [0, 1])
def test_future_of_work_never_lowers_weten_or_willen_at_month_1(seed):
    (lo, _), (hi, _) = _month1(seed), _month1(seed, future_of_work_intensity=1.0,
                                              career_checkup_intensity=1.0)
    for block in ("weten", "willen", "agency"):
        assert _ge(getattr(hi.workforce, block), getattr(lo.workforce, block))
    assert hi.workforce.weten.mean() > lo.workforce.weten.mean()


@pytest.mark.parametrize("seed", [0, 1])
def test_room_never_lowers_mogen_at_month_1(seed):
    lo, _ = _month1(seed)
    for overrides in ({"dev_time_intensity": 1.0}, {"career_platform_intensity": 1.0},
                      {"budget_amount": 1500.0}, {"budget_procedure": "direct"},
                      {"job_crafting_intensity": 1.0}):
        hi, _ = _month1(seed, **overrides)
        assert _ge(hi.workforce.mogen, lo.workforce.mogen), overrides
        assert hi.workforce.mogen.mean() > lo.workforce.mogen.mean(), overrides


@pytest.mark.parametrize("seed", [0, 1])
def test_target_pressure_never_helps_at_month_1(seed):
    (lo, lo0), (hi, hi0) = (_month1(seed, share_leaders_target_pressure=s) for s in (0.1, 0.8))
    assert np.all(hi.leaders.pressure >= lo.leaders.pressure)
    for block in ("kunnen", "durven", "mogen", "agency", "cap_formal", "cap_informal"):
        assert _ge(getattr(lo.workforce, block), getattr(hi.workforce, block)), block
        assert _ge(lo0[block], hi0[block]), block
    assert lo.timeseries().loc[1, "ruggensteun"] > hi.timeseries().loc[1, "ruggensteun"]


@pytest.mark.parametrize("seed", [0, 1])
def test_reorganisation_and_downturn_never_help_at_month_1(seed):
    calm, _ = _month1(seed)
    for overrides in ({"reorganisation_month": 1}, {"downturn_month": 1}):
        storm, _ = _month1(seed, **overrides)
        for block in ("durven", "mogen", "agency", "cap_formal"):
            assert _ge(getattr(calm.workforce, block), getattr(storm.workforce, block)), block
        assert storm.workforce.cap_formal.mean() < calm.workforce.cap_formal.mean()


def test_tech_shift_makes_the_skill_gap_visible_at_month_1():
    calm, _ = _month1(3, future_of_work_intensity=1.0)
    shift, _ = _month1(3, future_of_work_intensity=1.0, tech_shift_month=1, tech_shift_size=0.3)
    assert _ge(shift.workforce.weten, calm.workforce.weten)
    assert shift.workforce.weten.mean() > calm.workforce.weten.mean()


@pytest.mark.parametrize("factor", ["practical_formal_conversion", "old_formal_conversion",
                                    "care_time_conversion", "flex_conversion"])
def test_lower_conversion_lowers_formal_capability_only_where_it_applies(factor):
    (full, _), (low, _) = _month1(5, **{factor: 1.0}), _month1(5, **{factor: 0.4})
    w = full.workforce
    group = {"practical_formal_conversion": ~w.theoretical,
             "old_formal_conversion": w.age_band == 2,
             "care_time_conversion": w.care, "flex_conversion": w.flex}[factor]
    a, b = full.workforce.cap_formal, low.workforce.cap_formal
    assert _ge(a, b)
    np.testing.assert_array_equal(a[~group], b[~group])
    assert np.all(b[group & (a > 0)] < a[group & (a > 0)])


def test_direct_budget_procedure_gives_fewer_refusals():
    refused = {"leader": [], "direct": []}
    uptake = {"leader": [], "direct": []}
    for seed in (0, 1, 2):
        for proc in refused:
            model = llo_sim.build_model("baseline", seed=seed, agents=False, n_employees=MODEL_N,
                                        budget_procedure=proc)
            for _ in range(24):
                model.step()
            ts = model.timeseries()
            refused[proc].append(ts["refused_month"].iloc[1:].mean())
            uptake[proc].append(ts["budget_uptake"].iloc[-1])
            if proc == "direct":
                # exact at month 1: same draws, and budget holders are never refused
                assert ts.loc[1, "refused_month"] <= first_leader + TOL
            else:
                first_leader = ts.loc[1, "refused_month"]
    # over two years, on average over three seeds: clearly fewer refusals, more uptake
    assert np.mean(refused["direct"]) < 0.85 * np.mean(refused["leader"])
    assert np.mean(uptake["direct"]) > np.mean(uptake["leader"]) + 0.05


def test_skill_only_decays_when_nobody_can_learn():
    model = llo_sim.build_model("baseline", seed=6, agents=False, n_employees=500,
                                formal_rate=0.0, informal_rate=0.0, career_rate=0.0,
                                skill_obsolescence=0.01)
    skill0 = model.workforce.skill.copy()
    for _ in range(24):
        model.step()
    ts = model.timeseries()
    assert (ts["participation_any"] == 0).all()
    assert np.all(np.diff(ts["skill"].to_numpy()) < 0)
    np.testing.assert_allclose(model.workforce.skill, skill0 * 0.99 ** 24)
