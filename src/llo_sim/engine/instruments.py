"""HR instruments, grouped by knob: small classes with an intensity, a start month and a cost.

Each instrument reads its three parameters from the registry (``<key>_intensity``,
``<key>_start_month``, ``<key>_cost``). Its :meth:`Instrument.level` is what the rules see
each month: the intensity once the instrument has started, else 0. An instrument that changes
state over time (leader training) also has a :meth:`Instrument.step` hook. The knob an
employee experiences is composed from these levels and the employee's leader in
:mod:`llo_sim.engine.rules.knobs`, never a single global number.

The instruments and the knob they belong to follow 000 (the text on richting, ruimte and
ruggensteun and its examples per knob) and 001 (chapter 3: what HR and leaders can do).

To add an instrument, see ``docs/extending.md``.
"""

from __future__ import annotations

import numpy as np

from llo_sim.engine.rules.combine import either


class Instrument:
    """An HR instrument. Subclasses set ``key``, ``knob`` and ``label``. The hooks receive the
    running model (:class:`llo_sim.engine.model.LearningCultureModel`) as ``model``."""

    key: str = ""
    knob: str = ""
    label: str = ""
    # the rule weights that act only through this instrument (0 effect while it is off)
    weights: tuple[str, ...] = ()

    # who the instrument reaches: everyone (None), or in a virtual trial only the treated arm:
    # one yes/no per team and one per employee (:meth:`LearningCultureModel.set_trial`)
    arm_team: np.ndarray | None = None
    arm_employee: np.ndarray | None = None

    def __init__(self, params: dict):
        self.intensity = float(params[f"{self.key}_intensity"])
        self.start_month = int(params[f"{self.key}_start_month"])
        self.cost_per_year = float(params[f"{self.key}_cost"])

    def active(self, month: int) -> bool:
        """Whether the instrument is in place this month."""
        return self.intensity > 0 and month >= self.start_month

    def level(self, month: int) -> float:
        """Intensity the rules see this month: 0 before the start."""
        return self.intensity if self.active(month) else 0.0

    def team_level(self, month: int):
        """:meth:`level` for the team-level rules: one number, or one per team in a trial."""
        level = self.level(month)
        return level if self.arm_team is None else level * self.arm_team

    def employee_level(self, month: int):
        """:meth:`level` for the employee-level rules: one number, or one per employee in a
        trial."""
        level = self.level(month)
        return level if self.arm_employee is None else level * self.arm_employee

    def reach(self, people: np.ndarray) -> np.ndarray:
        """``people`` (yes/no per employee) that the instrument reaches: all of them, or the
        treated among them in a trial."""
        return people if self.arm_employee is None else people & self.arm_employee

    def covered(self, model) -> float:
        """Number of employees the instrument reaches (for its cost)."""
        return float(model.workforce.n)

    def monthly_cost(self, model, month: int) -> float:
        """EUR spent on the instrument this month."""
        level = self.level(month)
        return level * self.cost_per_year * self.covered(model) / 12.0 if level > 0 else 0.0

    def step(self, model, month: int) -> None:
        """Change model state over time (most instruments do not)."""

    def adjust(self, model, now, month: int) -> None:
        """Change the knobs as employees experience them this month (most instruments do
        not: their level is read by the rules in :mod:`llo_sim.engine.rules.knobs`). ``now`` holds
        one array per employee: ``richting``, ``autonomy``, ``variety``, ``support``,
        ``climate``, ``pressure``, ``approval``, ``time``, ``money``, ``ruimte``, ... An
        instrument that targets a group (see ``docs/extending.md``) changes them here, by
        replacing an array (``now.support = np.where(...)``): the team values are read-only,
        shared with other months."""

    def __repr__(self) -> str:
        return (f"{type(self).__name__}(intensity={self.intensity}, "
                f"start_month={self.start_month}, cost={self.cost_per_year})")


# --- richting: inform and stimulate (feeds weten and willen) --------------------------------
class FutureOfWork(Instrument):
    """Information and workshops on where jobs are going; strategic workforce planning (000)."""

    key, knob, label = "future_of_work", "richting", "Future-of-work information and workshops"
    weights = ('w_richting_future_of_work',)


class CareerCheckup(Instrument):
    """Career check-up ("loopbaan-APK"): makes the person's own skill gap visible (000, 001)."""

    key, knob, label = "career_checkup", "richting", "Career check-up"
    weights = ('w_insight_checkup',)


class RoleModels(Instrument):
    """Campaigns that celebrate role models; strengthens the pull of learning peers (000)."""

    key, knob, label = "role_models", "richting", "Role-model campaigns"


# --- ruimte: facilitate (feeds mogen, and kunnen via active jobs) ---------------------------
class DevelopmentTime(Instrument):
    """Development time within working hours (000, 001)."""

    key, knob, label = "dev_time", "ruimte", "Development time"
    weights = ('w_formal_time', 'w_informal_time')


class JobCrafting(Instrument):
    """Job autonomy and task variety: broad, challenging task packages (000; 004 Karasek)."""

    key, knob, label = "job_crafting", "ruimte", "Job crafting"
    weights = ('w_autonomy_job_crafting', 'w_variety_job_crafting')


class CareerPlatform(Instrument):
    """Career platform / talent scan with the employee in control (000, 001)."""

    key, knob, label = "career_platform", "ruimte", "Career platform"
    weights = ('w_formal_platform', 'w_career_platform')


class PersonalBudget(Instrument):
    """Personal development budget (000, 002, 004).

    Intensity is 1 when a budget is in place (``budget_amount > 0``). Its cost is what budget
    holders actually spend, counted by the decision rule. ``budget_procedure`` says whether a
    request goes through the leader or is direct and low-threshold.
    """

    key, knob, label = "budget", "ruimte", "Personal development budget"

    def __init__(self, params: dict):
        self.amount = float(params["budget_amount"])
        self.procedure = params["budget_procedure"]
        self.period = int(params["budget_period_months"])
        self.intensity = 1.0 if self.amount > 0 else 0.0
        self.start_month = int(params["budget_start_month"])
        self.cost_per_year = 0.0

    def monthly_cost(self, model, month):
        return model.budget_spent_this_month


# --- ruggensteun: trust and help (feeds kunnen and durven) ----------------------------------
class LeaderTraining(Instrument):
    """Training leaders in coaching (000, 001). That it raises coaching capability over months,
    not at once, is the modellers' assumption (the issue asks for it; the seeds are silent)."""

    key, knob, label = "leader_training", "ruggensteun", "Leader coaching training"
    weights = ('leader_training_rate', 'coaching_ceiling')

    def step(self, model, month):
        level = self.level(month)
        if level > 0:
            rules_p = model.rule_p
            c = model.leaders.coaching
            gap = np.maximum(rules_p["coaching_ceiling"] - c, 0.0)
            if self.arm_team is not None:          # a trial: only the treated teams' leaders
                gap *= self.arm_team
            c += rules_p["leader_training_rate"] * level * gap


class Coaches(Instrument):
    """Coaches and buddies for teams whose leader cannot coach (000, 001).

    Reaches a team in proportion to how little its leader can coach.
    """

    key, knob, label = "coaches", "ruggensteun", "Coaches and buddies"
    weights = ('w_buddy_coaches',)

    def covered(self, model):
        return float(np.sum((1.0 - model.leaders.coaching)[model.workforce.team]))


class SafeClimate(Instrument):
    """A safe and healthy learning climate where mistakes are allowed (000, 001)."""

    key, knob, label = "safe_climate", "ruggensteun", "Safe learning climate"
    weights = ('w_climate_safe_climate',)


class SkillsTraining(Instrument):
    """Training in self-direction skills: setting goals, planning steps, intervision (000)."""

    key, knob, label = "skills_training", "ruggensteun", "Self-direction skills training"
    weights = ('w_kunnen_skills_training',)


class TargetedSupport(Instrument):
    """Extra attention for those for whom learning is not self-evident: small steps, positive
    feedback, and development not equated with schooling (001: what helps the practically
    educated; 000: stimulus matters most for those for whom self-direction is not
    self-evident).

    Reaches the employees who did not start in a realistic position to learn (the Broek
    position of :func:`llo_sim.engine.conversion.position_score`): more backing (support, hence
    kunnen, durven and positive experiences), learning opportunities in the work itself
    (variety) and direction made personal (richting).
    """

    key, knob, label = "targeted_support", "ruggensteun", "Targeted support"
    weights = ('w_targeted_support', 'w_targeted_variety', 'w_targeted_richting')

    def adjust(self, model, now, month):
        level = self.level(month)
        if level > 0:
            target = self.reach(~model.workforce.in_position)
            p = model.rule_p
            now.support = np.where(target, either(now.support, p["w_targeted_support"] * level),
                                   now.support)
            now.variety = np.where(target, either(now.variety, p["w_targeted_variety"] * level),
                                   now.variety)
            now.richting = np.where(target, either(now.richting,
                                                   p["w_targeted_richting"] * level), now.richting)

    def covered(self, model):
        return float(np.count_nonzero(~model.workforce.in_position))


INSTRUMENTS: list[type[Instrument]] = [
    FutureOfWork, CareerCheckup, RoleModels,
    PersonalBudget, DevelopmentTime, JobCrafting, CareerPlatform,
    LeaderTraining, Coaches, SafeClimate, SkillsTraining, TargetedSupport,
]


def register(cls: type[Instrument]) -> type[Instrument]:
    """Add an instrument class to the model (usable as a class decorator). Its three
    parameters must be in the registry first (``parameters.register``)."""
    if any(c.key == cls.key for c in INSTRUMENTS):
        raise ValueError(f"an instrument with key {cls.key!r} exists already")
    INSTRUMENTS.append(cls)
    return cls


def make_instruments(params: dict) -> dict[str, Instrument]:
    """One instance of every instrument, keyed by its ``key``."""
    return {cls.key: cls(params) for cls in INSTRUMENTS}


def idle_weights(params: dict) -> set[str]:
    """The weights of the instruments that are off under ``params``: they cannot affect a
    run's state (used by the warm-start cache for the spin-up's baseline policy)."""
    return {w for cls in INSTRUMENTS if cls.key != "budget"
            and float(params[f"{cls.key}_intensity"]) == 0.0 for w in cls.weights}
