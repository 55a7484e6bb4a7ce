"""The design of a scenario discovery: which worlds and organisations the two scenarios meet.

A discovery asks under which conditions one scenario does not beat another. The conditions
are what nobody controls, drawn together in one Latin hypercube (``scipy.stats.qmc``):

- the **world**: a member of the calibrated ensemble (:mod:`llo_sim.study.ensemble`), i.e. the
  weights that reproduce the Dutch patterns;
- how strongly each **instrument** works: the weights of ``calibration/policy_priors.toml``,
  which the baseline targets cannot inform. The ensemble gives each member one draw of them
  from these ranges (:func:`llo_sim.study.calibrate.with_policy_draws`); here every design point
  gets its own draw from the same ranges, so they are not tied to the member;
- the **organisation type**: a sector preset of the library (seeds 001, 003, 004);
- the **leader mix** and the **workforce composition**: ranges around the registry's values
  (:data:`ORGANISATION_RANGES`; the registry names the seed behind each parameter, the
  widths of the ranges are assumptions).

Both scenarios of a design point run with the same parameters and the same seed (common
random numbers, :mod:`llo_sim.engine.streams`), so their difference is the policy, not noise.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from llo_sim.engine.parameters import validate
from llo_sim.engine.scenario import Scenario, load
from llo_sim.storage.provenance import package_version
from llo_sim.study.ensemble import Ensemble
from llo_sim.study.priors import POLICY_PRIORS_FILE, load_priors
from llo_sim.study.seeds import derived_seed

ORGANISATIONS = ("baseline", "care_organisation", "technical_organisation", "sme",
                 "large_organisation")
# Plausible organisations around the registry's values (assumptions: the seeds give the
# direction of each effect, not the spread of organisations). Shares that split a population
# stay below 1 together, also with the presets' directive leaders (at most 0.45).
ORGANISATION_RANGES = {
    "share_theoretical": (0.2, 0.7),              # 004: education gap
    "share_flex": (0.05, 0.4),                    # 004: flex workers learn less
    "share_young": (0.15, 0.45),                  # 004: age gap
    "share_old": (0.1, 0.4),
    "share_care_duties": (0.15, 0.45),            # 004: situational barriers
    "leader_coaching_mean": (0.25, 0.7),          # 000, 001, 003: the leader as coach
    "share_style_supportive": (0.2, 0.55),        # 003 section 7.3, 9.4
    "share_leaders_target_pressure": (0.2, 0.6),  # 000, 002: leaders judged on targets
}
WORLD, ORGANISATION = "world", "organisation"


@dataclass(frozen=True)
class Point:
    """One design point: a world, an organisation, and the values of the varied inputs."""

    index: int
    seed: int
    world: int
    organisation: str
    values: dict          # the varied numeric inputs (organisation and instrument weights)


@dataclass
class Design:
    """The design of a discovery: the two scenarios, what varies, and the points."""

    scenario: Scenario
    other: Scenario
    ensemble: Ensemble
    size: int
    employees: int
    months: int
    seed: int
    fixed: dict           # parameters set in every run (``--set``); they leave the design
    organisations: tuple = ORGANISATIONS

    def presets(self) -> dict[str, dict]:
        """The parameters each organisation preset sets (read once)."""
        if not hasattr(self, "_presets"):
            self._presets = {o: load(o).overrides for o in self.organisations}
        return self._presets

    def ranges(self) -> dict[str, tuple[float, float]]:
        """The numeric inputs that vary and their ranges (minus the fixed ones)."""
        ranges = {**ORGANISATION_RANGES, **load_priors(POLICY_PRIORS_FILE)}
        return {k: v for k, v in ranges.items() if k not in self.fixed}

    def points(self) -> list[Point]:
        """The design points: a Latin hypercube over the world, the organisation type and
        the numeric inputs, seeded by ``seed``; point ``i`` runs with seed
        ``derived_seed(seed, i)``."""
        from scipy.stats import qmc

        ranges = self.ranges()
        names = list(ranges)
        u = qmc.LatinHypercube(d=2 + len(names), rng=np.random.default_rng(self.seed)).random(
            self.size)
        lo = np.array([ranges[k][0] for k in names])
        hi = np.array([ranges[k][1] for k in names])
        values = lo + u[:, 2:] * (hi - lo)
        worlds = np.minimum((u[:, 0] * len(self.ensemble)).astype(int), len(self.ensemble) - 1)
        orgs = np.minimum((u[:, 1] * len(self.organisations)).astype(int),
                          len(self.organisations) - 1)
        return [Point(i, derived_seed(self.seed, i), int(worlds[i]),
                      self.organisations[orgs[i]],
                      {k: round(float(values[i, j]), 6) for j, k in enumerate(names)})
                for i in range(self.size)]

    def parameters(self, point: Point) -> tuple[dict, dict]:
        """The full parameters of both scenarios at ``point``: the world's, the organisation
        preset's, the point's inputs, then each scenario's policy, then ``fixed``."""
        org = self.presets()[point.organisation]
        common = {**self.ensemble.member(point.world), **org, **point.values,
                  "n_employees": self.employees}
        return tuple(validate({**common, **policy(sc), **self.fixed},
                              str(sc.path or sc.name)) for sc in (self.scenario, self.other))

    def definition(self) -> dict:
        """Everything that decides the runs, as plain JSON (the margin is not in it: the same
        runs can be read with another margin)."""
        return {"llo_sim_version": package_version(),
                "scenario": {"name": self.scenario.name, "overrides": policy(self.scenario)},
                "other": {"name": self.other.name, "overrides": policy(self.other)},
                "ensemble": self.ensemble.provenance, "ensemble_size": len(self.ensemble),
                "organisations": self.presets(),
                "ranges": {k: list(v) for k, v in self.ranges().items()},
                "design": "Latin hypercube (scipy.stats.qmc)", "size": self.size,
                "employees": self.employees, "months": self.months, "seed": self.seed,
                "fixed": dict(sorted(self.fixed.items()))}

    def fingerprint(self) -> str:
        text = json.dumps(self.definition(), sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()


def policy(scenario: Scenario) -> dict:
    """What a scenario changes against the library's baseline: its overrides minus those it
    inherits unchanged from ``baseline`` (so an SME keeps its own budget coverage unless the
    scenario sets another)."""
    base = _baseline()
    return {k: v for k, v in scenario.overrides.items() if base.get(k, object()) != v}


@lru_cache(maxsize=1)
def _baseline() -> dict:
    return dict(load("baseline").overrides)


def inputs(design: Design) -> list[str]:
    """The names of the inputs a discovery reads: the organisation type, the varied inputs,
    and the world's calibrated parameters (the ensemble members' values, not their number)."""
    varied = list(design.ranges())
    world = [k for k in design.ensemble.parameters if k not in varied and k not in design.fixed]
    return [ORGANISATION, *varied, *world]
