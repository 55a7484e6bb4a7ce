"""Mesa agents as views over the state arrays, for inspection.

The monthly update runs on whole arrays in :mod:`llo_sim.engine.model`; an ``Employee`` or ``Leader``
holds only its index and reads (and writes) its row of those arrays. ``model.agents`` and
``model.agents_by_type`` work as in any Mesa model.
"""

from __future__ import annotations

import mesa

from llo_sim.engine.leaders import STYLES
from llo_sim.engine.measures import BROEK_GROUPS, recent
from llo_sim.engine.workforce import AGE_BANDS, CONTRACT, EDUCATION

ARRAY_ENGINE = ("{kind}.step: the employees are not stepped one by one. llo-sim advances "
                "everyone at once, on arrays: call model.step() (one month) or "
                "model.run_model(). The rules are small functions in llo_sim.engine.rules, "
                "in the order the docstring of llo_sim.engine.model gives (docs/odd.md); "
                "change a rule there and every employee follows it.")


class ArrayEngineError(NotImplementedError):
    """An agent was asked to step by itself: the model steps everyone at once."""

EMPLOYEE_FIELDS = ("locus", "curiosity", "efficacy", "skill", "weten", "willen", "kunnen",
                   "durven", "mogen", "agency", "cap_formal", "cap_informal", "momentum",
                   "budget_left", "cum_learning", "n_career", "position_score")


def _array_property(store: str, field: str):
    def get(self):
        return getattr(getattr(self.model, store), field)[self.index].item()

    def set_(self, value):
        getattr(getattr(self.model, store), field)[self.index] = value

    return property(get, set_, doc=f"This agent's element of ``model.{store}.{field}``.")


class Employee(mesa.Agent):
    """One employee: a view of row ``index`` of ``model.workforce``."""

    def __init__(self, model, index: int):
        super().__init__(model)
        self.index = index

    def step(self) -> None:
        """An employee does not step alone: the model's month runs on arrays
        (:class:`ArrayEngineError`, which says where the rules are)."""
        raise ArrayEngineError(ARRAY_ENGINE.format(kind="Employee"))

    @property
    def team(self) -> int:
        return int(self.model.workforce.team[self.index])

    @property
    def education(self) -> str:
        return EDUCATION[int(self.model.workforce.theoretical[self.index])]

    @property
    def age(self) -> str:
        return AGE_BANDS[int(self.model.workforce.age_band[self.index])]

    @property
    def contract(self) -> str:
        return CONTRACT[int(self.model.workforce.flex[self.index])]

    @property
    def care_duties(self) -> bool:
        return bool(self.model.workforce.care[self.index])

    @property
    def participates(self) -> bool:
        """Took part in formal or informal learning in the last 12 months."""
        w, i = self.model.workforce, self.index
        return bool(recent(max(w.last_formal[i], w.last_informal[i]), self.model.month))

    @property
    def broek_group(self) -> str:
        in_pos = bool(self.model.workforce.in_position[self.index])
        return BROEK_GROUPS[2 * (not in_pos) + (not self.participates)]

    def __repr__(self) -> str:
        return (f"Employee({self.index}, team={self.team}, {self.education}, {self.age}, "
                f"{self.contract}, agency={self.agency:.2f})")


for _field in EMPLOYEE_FIELDS:
    setattr(Employee, _field, _array_property("workforce", _field))


class Leader(mesa.Agent):
    """One direct leader: a view of element ``team`` of ``model.leaders``."""

    def __init__(self, model, team: int):
        super().__init__(model)
        self.team = team

    coaching = property(lambda self: float(self.model.leaders.coaching[self.team]),
                        doc="Coaching capability, 0-1.")
    pressure = property(lambda self: float(self.model.leaders.pressure[self.team]),
                        doc="Pressure from short-term targets, 0-1.")
    style = property(lambda self: STYLES[int(self.model.leaders.style[self.team])],
                     doc="Leadership style: supportive, directive or stimulating.")

    @property
    def members(self) -> list[Employee]:
        """The employees in this leader's team."""
        return [a for a in self.model.agents_by_type[Employee] if a.team == self.team]

    def step(self) -> None:
        """Leaders are not stepped one by one either (:class:`ArrayEngineError`)."""
        raise ArrayEngineError(ARRAY_ENGINE.format(kind="Leader"))

    def __repr__(self) -> str:
        return f"Leader(team={self.team}, {self.style}, coaching={self.coaching:.2f})"
