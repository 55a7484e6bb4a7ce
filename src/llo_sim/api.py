"""The Python API: the same as the command line, for notebooks and scripts.

>>> from llo_sim import run
>>> result = run("baseline", months=24, seed=1, n_employees=200)
>>> result.timeseries[["month", "participation_any"]].tail(1)   # doctest: +SKIP
>>> result.groups.query("dimension == 'education'")              # doctest: +SKIP
>>> result.write("out/")                                         # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import pandas as pd

from .model import LearningCultureModel
from .scenario import Scenario, load

FLOAT_FORMAT = "%.10g"
OWN_OPTIONS = ("teams", "scan", "replications", "min_group", "per_employee", "workers",
               "ensemble", "organisation")


def load_scenario(scenario: str | Path | Scenario) -> Scenario:
    """A scenario from a TOML path or a library name (or a Scenario, returned as is)."""
    return scenario if isinstance(scenario, Scenario) else load(scenario)


def build_model(scenario: str | Path | Scenario = "baseline", *, seed: int | None = None,
                agents: bool = True, **overrides: Any) -> LearningCultureModel:
    """A model for ``scenario`` with some parameters overridden (validated)."""
    sc = load_scenario(scenario)
    if overrides:
        sc = sc.with_overrides("build_model() argument", **overrides)
    return LearningCultureModel(rng=seed, agents=agents, **sc.parameters)


@dataclass
class RunResult:
    """What a run produces: the two tables and everything needed to reproduce them."""

    scenario: str
    seed: int | None
    months: int
    parameters: dict[str, Any]
    timeseries: pd.DataFrame
    groups: pd.DataFrame
    chain: list[str] = field(default_factory=list)
    files: list[dict[str, str]] = field(default_factory=list)   # path and sha256, root first

    def metadata(self) -> dict[str, Any]:
        from . import __version__

        return {"llo_sim_version": __version__, "scenario": self.scenario,
                "extends_chain": self.chain, "scenario_files": self.files,
                "seed": self.seed, "months": self.months,
                "parameters": dict(sorted(self.parameters.items()))}

    def write(self, out_dir: str | Path, overwrite: bool = False) -> Path:
        """Write ``timeseries.csv``, ``groups.csv`` and ``run.json`` into ``out_dir``, all or
        nothing (see :mod:`llo_sim.outputs`): an existing non-empty folder is refused unless
        ``overwrite``, and then replaced as a whole."""
        from .outputs import named, result_folder, to_json

        with result_folder(out_dir, overwrite, option="out_dir") as tmp:
            for name, table in self.tables().items():
                if table is not None:
                    with named(tmp / name):
                        table.to_csv(tmp / name, index=False, float_format=FLOAT_FORMAT,
                                     lineterminator="\n")
            with named(tmp / "run.json"):
                (tmp / "run.json").write_text(to_json(self.metadata()))
        return Path(out_dir)

    def tables(self) -> dict[str, pd.DataFrame | None]:
        """The CSV files of the run by name (None: not written)."""
        return {"timeseries.csv": self.timeseries, "groups.csv": self.groups}

    def final(self) -> pd.Series:
        """The last month's row of the time series."""
        return self.timeseries.iloc[-1]


def run(scenario: str | Path | Scenario = "baseline", *, months: int = 120, seed: int | None = 0,
        on_month: Callable[[int], None] | None = None, workforce: str | Path | None = None,
        **overrides: Any) -> RunResult:
    """Run ``scenario`` for ``months`` months and return its tables.

    ``overrides`` are registry parameters (e.g. ``n_employees=5000``); ``on_month`` is called
    after every month (the command line uses it for its progress bar). ``workforce``: a CSV
    file of your own organisation; then ``teams``, ``scan``, ``replications``, ``min_group``
    and ``per_employee`` may be given too (:func:`llo_sim.own.run_own`).
    """
    from .limits import MAX_MONTHS, check_whole

    own = {k: overrides.pop(k) for k in OWN_OPTIONS if k in overrides}
    if workforce is not None:
        from .own import run_own

        return run_own(scenario, workforce=workforce, months=months,
                       seed=seed, on_month=on_month, **own, **overrides)
    if own:
        from .errors import LloSimError

        raise LloSimError(f"run(): {next(iter(own))}= needs workforce= (your organisation's "
                          "workforce file)")

    months = check_whole("run()", "months", months, 0, MAX_MONTHS, "months")
    if seed is not None:
        seed = check_whole("run()", "seed", seed, 0, 2**63 - 1)
    sc = load_scenario(scenario)
    if overrides:
        sc = sc.with_overrides("run() argument", **overrides)
    params = sc.parameters
    model = LearningCultureModel(rng=seed, agents=False, **params)
    for _ in range(months):
        model.step()
        if on_month is not None:
            on_month(model.month)
    return RunResult(sc.name, seed, months, params, model.timeseries(), model.groups(),
                     list(sc.chain), list(sc.files))
