"""One run of a scenario: build the model, step it month by month, and keep its two tables
with everything needed to reproduce them (:class:`RunResult`). Every study is made of such
runs; :func:`simulate` is the bare form a worker process uses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import pandas as pd

from llo_sim.engine.limits import MAX_MONTHS, check_whole
from llo_sim.engine.model import LearningCultureModel
from llo_sim.engine.scenario import Scenario, load_scenario
from llo_sim.storage.checksums import checksums, seal
from llo_sim.storage.csv_text import excel_safe
from llo_sim.storage.folders import FLOAT_FORMAT, named, result_folder, to_json
from llo_sim.storage.provenance import environment, package_version


def simulate(params: dict, seed: int, months: int) -> LearningCultureModel:
    """Build a model without agent views from resolved ``params`` and run ``months`` months."""
    model = LearningCultureModel(rng=seed, agents=False, **params)
    for _ in range(months):
        model.step()
    return model


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
    # draws the figures written with the tables: (result, folder) -> {path: bytes}; the
    # command line sets it (llo_sim.figures.run.run_files)
    figures: Callable | None = field(default=None, repr=False, compare=False, kw_only=True)

    def metadata(self) -> dict[str, Any]:
        return {"llo_sim_version": package_version(), "scenario": self.scenario,
                "extends_chain": self.chain, "scenario_files": self.files,
                "seed": self.seed, "months": self.months,
                "parameters": dict(sorted(self.parameters.items())),
                "environment": environment()}

    def write(self, out_dir: str | Path, overwrite: bool = False) -> Path:
        """Write ``timeseries.csv``, ``groups.csv``, the figures of :attr:`figures` (the
        command line's ``run.png``) and ``run.json`` into ``out_dir``, all or nothing (see
        :mod:`llo_sim.storage.folders`): an existing non-empty folder is refused unless
        ``overwrite``, and then replaced as a whole if it is a run's folder with nothing else
        in it; a folder that holds an input of the run (:meth:`inputs`) is refused. Text
        cells are safe to open in a spreadsheet (:func:`llo_sim.storage.csv_text.
        excel_safe`). ``run.json`` records ``"kind": "run"`` and the SHA-256 of every file it
        wrote (:mod:`llo_sim.storage.checksums`)."""
        tables = {name: table for name, table in self.tables().items() if table is not None}
        with result_folder(out_dir, overwrite, option="out_dir", kind="run",
                           inputs=self.inputs()) as tmp:
            for name, table in tables.items():
                with named(tmp / name):
                    excel_safe(table).to_csv(tmp / name, index=False, float_format=FLOAT_FORMAT,
                                             lineterminator="\n")
            drawn = self.figures(self, tmp) if self.figures is not None else {}
            for path, data in drawn.items():
                with named(path):
                    path.write_bytes(data)
            meta = seal("run", self.metadata(),
                        checksums(tmp, [*tables, *(Path(p).name for p in drawn)]))
            with named(tmp / "run.json"):
                (tmp / "run.json").write_text(to_json(meta))
        return Path(out_dir)

    def inputs(self) -> list[str]:
        """The files the run read (its scenario's ``extends`` chain): never in ``out_dir``."""
        return [f["path"] for f in self.files if f.get("path")]

    def tables(self) -> dict[str, pd.DataFrame | None]:
        """The CSV files of the run by name (None: not written)."""
        return {"timeseries.csv": self.timeseries, "groups.csv": self.groups}

    def final(self) -> pd.Series:
        """The last month's row of the time series."""
        return self.timeseries.iloc[-1]


def run_scenario(scenario: str | Path | Scenario = "baseline", *, months: int = 120,
                 seed: int | None = 0, on_month: Callable[[int], None] | None = None,
                 **overrides: Any) -> RunResult:
    """Run ``scenario`` for ``months`` months with registry ``overrides`` and return its
    tables; ``on_month`` is called after every month."""
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
