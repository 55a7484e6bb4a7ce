"""Environment events: reorganisation, economic downturn, technology shift.

Sources: 001 chapter 4 (AWVN phases: the curative phase), 004 (economic conversion
factors), 000 introduction and 001 chapter 1 (technological change).

The environment is a handful of numbers for the month, the same for everyone.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Environment:
    economic_health: float    # economic conversion factor (004), 1 = healthy
    reorganisation: float     # 0 = none; >0 = curative phase (001 chapter 4, AWVN phases)
    skill_demand: float       # skill level the work asks for (000, 001)


def _during(month: int, start: int, months: int) -> bool:
    return start >= 0 and start <= month < start + months


def environment(p: dict, month: int) -> Environment:
    """The environment in ``month``.

    - A reorganisation puts the organisation in the curative phase for its duration: leaders
      are under more target pressure and the climate is less safe (the phase: 001 chapter
      4; its effects on pressure and climate are the modellers' assumption).
    - An economic downturn lowers the economic conversion factor (004: economic health of the
      company) and adds pressure.
    - A technology shift raises skill demand for good, so skills fall short (000, 001).
    """
    health = p["economic_health"]
    if _during(month, p["downturn_month"], p["downturn_months"]):
        health *= 1.0 - p["downturn_severity"]
    reorg = p["reorganisation_severity"] if _during(
        month, p["reorganisation_month"], p["reorganisation_months"]) else 0.0
    demand = p["skill_demand"]
    if 0 <= p["tech_shift_month"] <= month:
        demand = min(1.0, demand + p["tech_shift_size"])
    return Environment(health, reorg, demand)
