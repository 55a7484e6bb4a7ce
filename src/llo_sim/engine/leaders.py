"""Leader state as arrays (one element per team), and how leaders are drawn at the start.

Each team has one direct leader. Leaders matter most for ruggensteun (001); not every leader
can coach, and leaders judged on short-term production targets have little time for
development (000, 001). Styles seen in practice: supportive, directive, stimulating (003).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

STYLES = ("supportive", "directive", "stimulating")
SUPPORTIVE, DIRECTIVE, STIMULATING = range(3)


@dataclass
class Leaders:
    """Every leader's state; index = team number."""

    coaching: np.ndarray      # coaching capability 0-1; grows with leader training
    style: np.ndarray         # int8 index into STYLES
    pressure: np.ndarray      # 0-1: how much short-term targets eat development time

    @property
    def n(self) -> int:
        return len(self.coaching)


def draw_leaders(p: dict, n_teams: int, streams: dict[str, np.random.Generator]) -> Leaders:
    """Draw coaching capability (Beta), style and target pressure for each team's leader."""
    m, k = p["leader_coaching_mean"], p["leader_coaching_concentration"]
    coaching = streams["coaching"].beta(m * k, (1 - m) * k, size=n_teams)
    u = streams["leaders"].random((2, n_teams))
    sup, dire = p["share_style_supportive"], p["share_style_directive"]
    style = np.where(u[0] < sup, SUPPORTIVE,
                     np.where(u[0] < sup + dire, DIRECTIVE, STIMULATING)).astype(np.int8)
    pressure = np.where(u[1] < p["share_leaders_target_pressure"], p["target_pressure_level"], 0.0)
    return Leaders(coaching=coaching, style=style, pressure=pressure)
