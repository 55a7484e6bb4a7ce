"""The Python API: the same as the command line, for notebooks and scripts.

>>> import llo_sim
>>> result = llo_sim.run("baseline", months=24, seed=1, n_employees=200)
>>> result.timeseries[["month", "participation_any"]].tail(1)   # doctest: +SKIP
>>> result.write("out/")                                         # doctest: +SKIP
>>> comparison = llo_sim.compare(["budget_only", "integrated"], months=60)   # doctest: +SKIP
>>> comparison.write("out/compare")     # tables and the figure          # doctest: +SKIP

This module is the thin public face: it finds the engine, the studies and the own-organisation
code where they live (``docs/architecture.md``) and adds the figures the command line draws.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from llo_sim.engine.model import LearningCultureModel
from llo_sim.engine.scenario import Scenario, load_scenario
from llo_sim.errors import LloSimError
from llo_sim.study.runs import RunResult, run_scenario

if TYPE_CHECKING:      # the studies and figures are imported when first used (start-up time)
    from llo_sim.study.compare import Comparison
    from llo_sim.study.discover.discovery import DiscoveryResult
    from llo_sim.study.optimise.front import OptimiseResult
    from llo_sim.study.sensitivity import SensitivityResult

OWN_OPTIONS = ("teams", "scan", "replications", "min_group", "per_employee", "workers",
               "ensemble", "organisation", "mapping", "reference_date", "external",
               "on_replication")

__all__ = ["LearningCultureModel", "RunResult", "Scenario", "build_model", "compare",
           "discover", "load_scenario", "optimise", "run", "sensitivity"]


def build_model(scenario: str | Path | Scenario = "baseline", *, seed: int | None = None,
                agents: bool = True, **overrides: Any) -> LearningCultureModel:
    """A model for ``scenario`` with some parameters overridden (validated)."""
    sc = load_scenario(scenario)
    if overrides:
        sc = sc.with_overrides("build_model() argument", **overrides)
    return LearningCultureModel(rng=seed, agents=agents, **sc.parameters)


def run(scenario: str | Path | Scenario = "baseline", *, months: int = 120, seed: int | None = 0,
        on_month: Callable[[int], None] | None = None, workforce: str | Path | None = None,
        **overrides: Any) -> RunResult:
    """Run ``scenario`` for ``months`` months and return its tables.

    ``overrides`` are registry parameters (e.g. ``n_employees=5000``); ``on_month`` is called
    after every month (the command line uses it for its progress bar). ``workforce``: a CSV
    file of your own organisation; then ``teams``, ``scan``, ``replications``, ``min_group``,
    ``per_employee``, and for an HR export ``mapping``, ``reference_date`` and ``external``
    may be given too (:func:`llo_sim.own.run_own`).
    """
    own = {k: overrides.pop(k) for k in OWN_OPTIONS if k in overrides}
    if workforce is not None:
        from llo_sim.own import run_own

        return run_own(scenario, workforce=workforce, months=months,
                       seed=seed, on_month=on_month, **own, **overrides)
    if own:
        raise LloSimError(f"run(): {next(iter(own))}= needs workforce= (your organisation's "
                          "workforce file)")
    return run_scenario(scenario, months=months, seed=seed, on_month=on_month, **overrides)


def compare(scenarios: list, **options: Any) -> Comparison:
    """Scenarios side by side over replications with common random numbers
    (:func:`llo_sim.study.compare.compare`); its ``write`` also draws the figure."""
    from llo_sim.figures.comparison import comparison_files
    from llo_sim.study.compare import compare as compare_scenarios

    result = compare_scenarios(scenarios, **options)
    result.figures = comparison_files
    return result


def discover(scenario, against, **options: Any) -> DiscoveryResult:
    """When does ``scenario`` not beat ``against`` (:func:`llo_sim.study.discover.discovery.
    discover`)? With ``out``, the result files include the figure."""
    from llo_sim.figures.discovery import discovery_files
    from llo_sim.study.discover.discovery import discover as discover_failures

    options.setdefault("figures", discovery_files)
    return discover_failures(scenario, against, **options)


def optimise(budget: float, **options: Any) -> OptimiseResult:
    """The best mixes of instruments for a budget per employee per year
    (:func:`llo_sim.study.optimise.search.optimise`); with ``out``, also ``front.png``."""
    from llo_sim.figures.optimisation import front_files
    from llo_sim.study.optimise.search import optimise as search_mixes

    options.setdefault("figures", front_files)
    return search_mixes(budget, **options)


def sensitivity(experiment, out: str | Path, **options: Any) -> SensitivityResult:
    """Morris or Sobol indices of an experiment (:func:`llo_sim.study.sensitivity.
    run_sensitivity`), with the figure beside the table."""
    from llo_sim.figures.sensitivity import sensitivity_files
    from llo_sim.study.sensitivity import run_sensitivity

    options.setdefault("figures", sensitivity_files)
    return run_sensitivity(experiment, out, **options)
