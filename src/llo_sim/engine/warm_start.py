"""A cache of warmed-up organisations, so that a change of policy does not redo the spin-up.

Before month 0 every model runs ``spinup_months`` months under the baseline policy
(:mod:`llo_sim.engine.policy`). That state depends only on the seed and on the parameters that are
not policy levers, so two models that differ only in policy (a slider in the dashboard, the
scenarios of a comparison) start from the same month 0. The model keeps a copy of the state it
reached at month 0 here, keyed by the seed and the non-lever parameters, and a later model with
the same key starts from a copy of it: the same numbers, without the spin-up's time. Small
organisations only (the dashboard's sizes), and the most recently used few.
"""

from __future__ import annotations

import copy
import threading
from collections import OrderedDict

from llo_sim.engine.limits import DASHBOARD_MAX_EMPLOYEES
from llo_sim.engine.parameters import REGISTRY
from llo_sim.engine.instruments import idle_weights
from llo_sim.engine.policy import baseline_policy, is_lever

MAX_ENTRIES = 16
# the model's attributes that make up its state at month 0, before the policy is put in place
STATE = ("streams", "workforce", "team_counts", "leaders", "peer_share",
         "budget_spent_this_month", "_costs", "_cost_total", "_group_months", "_group_tables",
         "_static_cells", "_education", "_team_index", "_teams_cyclic", "_fixed", "spinup",
         "month", "now", "latest", "knob_shift", "moves")
_CACHE: OrderedDict = OrderedDict()
_LOCK = threading.Lock()          # the dashboard builds models in several threads


def key(base_seed: int, params: dict):
    """The cache key of a model: its base seed and every parameter that is not a lever, but
    for the weights of instruments that are off under the baseline policy (the spin-up's),
    which cannot change month 0 (None: not cached, for organisations larger than the
    dashboard's)."""
    if params["n_employees"] > DASHBOARD_MAX_EMPLOYEES:
        return None
    idle = idle_weights(baseline_policy())
    return (base_seed, tuple((k, params[k]) for k in sorted(params)
                             if not is_lever(k, REGISTRY[k].group) and k not in idle))


def store(model, cache_key) -> None:
    """Keep a copy of the model's month-0 state under ``cache_key``."""
    if cache_key is None:
        return
    snapshot = copy.deepcopy({name: getattr(model, name) for name in STATE})
    with _LOCK:
        _CACHE[cache_key] = snapshot
        while len(_CACHE) > MAX_ENTRIES:
            _CACHE.popitem(last=False)


def restore(model, cache_key) -> bool:
    """Give the model a copy of the cached month-0 state; False when there is none."""
    if cache_key is None:
        return False
    with _LOCK:
        snapshot = _CACHE.get(cache_key)
        if snapshot is None:
            return False
        _CACHE.move_to_end(cache_key)
    for name, value in copy.deepcopy(snapshot).items():
        setattr(model, name, value)
    return True


def clear() -> None:
    """Forget every cached state."""
    with _LOCK:
        _CACHE.clear()
