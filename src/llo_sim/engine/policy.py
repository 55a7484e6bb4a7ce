"""The policy levers, and the baseline policy the model warms up under.

A *lever* is a parameter an organisation sets as policy: the intensity, start month and cost
of each HR instrument and the settings of the personal budget (registry groups
``richting:*``, ``ruimte:*`` and ``ruggensteun:*``). Everything else describes the
organisation (workforce, leaders, work) or the model's rules.

Before month 0 the model runs a spin-up under the *baseline policy*: the registry's lever
values (no instruments, a personal budget of EUR 500 through the leader for part of the staff,
as in ``scenarios/baseline.toml``), with the scenario's own organisation. So month 0 is the
organisation as it is today, with real 12-month histories, and every scenario that changes
only levers starts from the same state as the baseline run with the same seed (a scenario
that also changes the organisation, e.g. a sector preset, starts from its own steady state).
"""

from __future__ import annotations


def is_lever(name: str, group: str) -> bool:
    """Whether a parameter is a policy lever (an instrument's or the budget's setting)."""
    return group.split(":")[0] in ("richting", "ruimte", "ruggensteun")


def baseline_policy() -> dict:
    """The policy levers at their registry values: the baseline organisation's policy."""
    from llo_sim.engine.parameters import REGISTRY_LIST

    return {q.name: q.default for q in REGISTRY_LIST if is_lever(q.name, q.group)}


def spinup_policy(params: dict, spinup_months: int) -> dict:
    """The parameters during the spin-up: ``params`` with the baseline policy's levers, every
    instrument in place from the first spin-up month."""
    p = {**params, **baseline_policy()}
    for name in p:
        if name.endswith("_start_month"):
            p[name] = -spinup_months
    return p
