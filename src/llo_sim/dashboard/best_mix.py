"""The policy view: the best mix for a budget, the current mix against it, and when it fails.

A policy maker sets an annual budget per employee and asks two questions (issue 11):
*which mix gets the most people learning, without widening the gap?* and *under which
conditions would our plan fail?* The first is a small run of :func:`llo_sim.study.optimise.search.optimise`
(its multi-objective search over the instruments' intensities and the personal budget, judged
by robust figures across worlds of the calibrated ensemble), with the current mix and the
shipped scenarios run in the same worlds, so all points on the cost-effect plane are measured
alike. The second is a small :func:`llo_sim.study.discover.discovery.discover` of the current mix against the
baseline. Both are sized to answer within a minute on a laptop, run in a thread that the Stop
button, a new request or a closed tab cancels (through their progress callback), and report
their progress, which the browser asks for twice a second (``widgets.Ticker``), so the page
never waits for them.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from llo_sim.dashboard.simulation import Cancelled
from llo_sim.engine.parameters import DEFAULTS, REGISTRY, validate
from llo_sim.engine.policy import is_lever

# the small search: 60 + (front + library) x 5 runs, under a minute (docs/dashboard.md)
SEARCH = {"employees": 300, "months": 60, "evaluations": 20, "worlds": 3, "final_worlds": 5}
DISCOVERY = {"design_size": 40, "employees": 200, "months": 48}
if os.environ.get("LLO_SIM_DASHBOARD_TINY") == "1":     # the browser tests: seconds, not a minute
    SEARCH = {"employees": 60, "months": 24, "evaluations": 6, "worlds": 2, "final_worlds": 2}
    DISCOVERY = {"design_size": 16, "employees": 60, "months": 24}
MAX_BUDGET = 20_000
WORKERS = 2            # processes: the server itself stays free to answer the page
_FOLDER = None         # a TemporaryDirectory, made on the first search
_FOLDER_LOCK = threading.Lock()


@dataclass
class Progress:
    """How far a job is: shared between its thread and the page, which shows it."""

    done: int = 0
    total: int = 0

    def callback(self, cancel: threading.Event | None):
        """A progress function for optimise/discover that also ends the job when it is
        cancelled (they call it between runs)."""
        def report(done: int, total: int) -> None:
            self.done, self.total = int(done), int(total)
            if cancel is not None and cancel.is_set():
                raise Cancelled
        return report


def split(params: dict) -> tuple[dict, dict]:
    """(the organisation, the policy) of a parameter set: what differs from the registry's
    defaults, apart from the number of employees, split into non-levers and levers."""
    changed = {k: v for k, v in params.items() if v != DEFAULTS[k] and k != "n_employees"}
    organisation = {k: v for k, v in changed.items() if not is_lever(k, REGISTRY[k].group)}
    return organisation, {k: v for k, v in changed.items() if k not in organisation}


def base_scenario(params: dict):
    """The organisation of ``params`` with the baseline's policy, as a scenario: what the
    search builds its mixes on."""
    from llo_sim.engine.scenario import Scenario

    organisation, _ = split(params)
    return Scenario("dashboard", None, {"nl": "Huidige organisatie", "en": "Current organisation"},
                    overrides=organisation)


def current_scenario(params: dict):
    """The current settings as a scenario (its policy on top of its organisation)."""
    from llo_sim.engine.scenario import Scenario

    organisation, levers = split(params)
    return Scenario("current", None, {"nl": "Huidige mix", "en": "Current mix"},
                    overrides={**organisation, **levers})


def _store(base, seed: int) -> Path:
    """A folder of this server process where the search keeps its runs, one per organisation
    and seed: a second search (another budget, or the same again) reads the runs it shares
    with the first (the library's scenarios, mixes proposed before) instead of making them
    again. Removed when the server stops."""
    global _FOLDER
    with _FOLDER_LOCK:
        if _FOLDER is None:
            _FOLDER = tempfile.TemporaryDirectory(prefix="llo-sim-dashboard-")
    key = json.dumps([sorted(base.overrides.items()), seed, SEARCH], default=str)
    return Path(_FOLDER.name) / hashlib.sha256(key.encode()).hexdigest()[:16]


def search(budget: float, params: dict, seed: int, progress: Progress,
           cancel: threading.Event | None = None) -> dict:
    """The small search for ``budget`` on the organisation of ``params``: the front, the
    shipped scenarios and the current mix, all with their figures over the same worlds."""
    from llo_sim.dashboard.simulation import shipped_ensemble
    from llo_sim.study.optimise.front import robust
    from llo_sim.study.optimise.search import optimise, run_mix
    from llo_sim.study.seeds import derived_seed

    base = base_scenario(params)
    result = optimise(budget, base=base, seed=seed, workers=WORKERS,
                      progress=progress.callback(cancel), out=_store(base, seed),
                      resume=True, **SEARCH)
    organisation, levers = split(params)
    ensemble = shipped_ensemble()
    figures = []
    for world in result.final_worlds:
        if cancel is not None and cancel.is_set():
            raise Cancelled
        member = ensemble.member(world) if ensemble is not None else {}
        p = validate({**member, **organisation, **levers, "n_employees": SEARCH["employees"]},
                     "dashboard")
        figures.append(run_mix(p, derived_seed(seed, world), SEARCH["months"]))
    return {"budget": budget, "front": result.front, "shipped": result.shipped,
            "current": robust(figures), "worlds": len(result.final_worlds),
            "mixes": {row["name"]: sc.overrides for sc, (_, row)
                      in zip(result.scenarios, result.front.iterrows())}}


def failures(params: dict, margin: float, seed: int, progress: Progress,
             cancel: threading.Event | None = None) -> dict:
    """A small discovery: where the current mix beats the baseline by no more than
    ``margin`` percentage points of the headline."""
    from llo_sim.study.discover.discovery import discover

    result = discover(current_scenario(params), "baseline", margin=margin, seed=seed,
                      workers=1, progress=progress.callback(cancel), **DISCOVERY)
    d = result.cases["difference"].to_numpy()
    return {"margin": margin, "boxes": result.boxes, "fails": int(result.fails.sum()),
            "n": len(result.cases), "difference": float(np.mean(d)),
            "low": float(np.quantile(d, 0.05)), "high": float(np.quantile(d, 0.95))}


def describe_failures(found: dict, lang: str) -> list[str]:
    """The boxes in plain words, naming the current mix and the baseline in ``lang``."""
    from llo_sim.study.discover.words import describe

    names = {"nl": ("de huidige mix", "de uitgangssituatie"),
             "en": ("the current mix", "the baseline")}[lang]
    return describe(found["boxes"], *names, found["margin"], found["fails"], found["n"], lang)


def mix_summary(mix: dict, lang: str) -> str:
    """The levers a mix sets, with their values, as the controls show them."""
    from llo_sim.dashboard.controls import shown_value
    from llo_sim.dashboard.i18n import param_label

    parts = []
    for name, value in mix.items():
        if not is_lever(name, REGISTRY[name].group) or name.endswith(("_start_month", "_cost")):
            continue
        if isinstance(value, float) and name.endswith("_intensity") and value < 0.05:
            continue
        parts.append(f"{param_label(name, lang)[0]} {shown_value(name, value, lang)}")
    return "; ".join(parts)
