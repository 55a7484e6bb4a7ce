"""The design of a sweep: what varies, the design points, the runs and their seeds, batches.

An :class:`Experiment` holds a base scenario, the :class:`Factor` s that vary and how to sample
them (``grid``, ``lhs``, ``sobol`` or ``morris``). It turns into design points, every design
point times every replication into a :class:`Run`, and the runs into fixed :class:`Batch` es.
Run ``i`` is seeded with ``derived_seed(seed, i)`` (:mod:`llo_sim.study.compare`), so the numbers
do not depend on where or in which order runs execute.

The other sweep modules: :mod:`llo_sim.study.sweep.file` reads and validates an experiment file
into an :class:`Experiment`; :mod:`llo_sim.study.sweep.run` runs the batches; :mod:`llo_sim.storage.sweep_store`
writes and reads the results.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from llo_sim.engine.parameters import REGISTRY
from llo_sim.engine.scenario import Scenario
from llo_sim.storage.provenance import environment, package_version
from llo_sim.study.seeds import derived_seed

DESIGNS = ("grid", "lhs", "sobol", "morris")
DEFAULT_MEASURES = ("participation_any", "participation_formal", "participation_informal",
                    "budget_uptake", "gini_learning", "theil_learning",
                    "ratio_practical_theoretical")


# --- factors: what varies ------------------------------------------------------------------------

@dataclass(frozen=True)
class Factor:
    """One varied parameter: a range ``low..high`` or a list of ``values``."""

    name: str
    low: float | None = None
    high: float | None = None
    values: tuple | None = None

    @property
    def kind(self) -> str:
        return REGISTRY[self.name].kind

    @property
    def bounds(self) -> list[float]:
        """The interval samplers draw from: the range, or [0, 1] for a list of values."""
        return [0.0, 1.0] if self.values is not None else [float(self.low), float(self.high)]

    def value(self, x: float) -> Any:
        """The parameter value for a sample ``x`` drawn within :attr:`bounds`."""
        if self.values is not None:
            k = len(self.values)
            return self.values[min(int(x * k), k - 1)]
        if self.kind == "int":
            return int(min(max(round(x), self.low), self.high))
        return float(x)

    def grid(self, levels: int) -> list:
        """The values of a full grid: the list, or ``levels`` evenly spaced range values."""
        if self.values is not None:
            return list(self.values)
        return list(dict.fromkeys(self.value(x) for x in np.linspace(self.low, self.high,
                                                                          levels)))

    def describe(self) -> dict:
        return ({"values": list(self.values)} if self.values is not None
                else {"low": self.low, "high": self.high})


# --- the experiment -------------------------------------------------------------------------------

@dataclass
class Experiment:
    """A validated experiment file: base parameters, factors, design and what to keep."""

    name: str
    path: Path | None
    scenario: Scenario
    factors: list[Factor]
    design: str = "grid"
    samples: int | None = None
    levels: int = 4
    second_order: bool = False
    replications: int = 1
    months: int = 120
    seed: int = 0
    measures: tuple[str, ...] = DEFAULT_MEASURES
    batch_size: int | None = None
    common_random_numbers: bool = False
    fixed: dict = field(default_factory=dict)
    title: str = ""
    description: str = ""
    sha256: str = ""
    _points: list | None = field(default=None, repr=False, compare=False)

    # the design ------------------------------------------------------------------------------
    @property
    def problem(self) -> dict:
        """The design space as SALib's ``problem`` dictionary."""
        return {"num_vars": len(self.factors), "names": [f.name for f in self.factors],
                "bounds": [f.bounds for f in self.factors]}

    def samples_matrix(self) -> np.ndarray:
        """The design as drawn: one row per design point, one column per factor, in the
        factor's :attr:`Factor.bounds` (what SALib's analysers need back)."""
        if self.design == "grid":
            return np.array(list(itertools.product(*[range(len(f.grid(self.levels)))
                                                     for f in self.factors])), dtype=float)
        from SALib.sample import latin, morris, sobol

        if self.design == "lhs":
            return latin.sample(self.problem, self.samples, seed=self.seed)
        if self.design == "sobol":
            return sobol.sample(self.problem, self.samples, seed=self.seed,
                                calc_second_order=self.second_order)
        return morris.sample(self.problem, self.samples, num_levels=self.levels,
                             seed=self.seed)

    def points(self) -> list[dict]:
        """The parameter values of every design point, in design order."""
        if self._points is None:
            x = self.samples_matrix()
            if self.design == "grid":
                grids = [f.grid(self.levels) for f in self.factors]
                self._points = [{f.name: g[int(i)] for f, g, i in zip(self.factors, grids, row)}
                                for row in x]
            else:
                self._points = [{f.name: f.value(v) for f, v in zip(self.factors, row)}
                                for row in x]
        return [dict(p) for p in self._points]

    @property
    def base_parameters(self) -> dict:
        """Every registry parameter of the base scenario with the ``[set]`` changes."""
        return self.scenario.parameters

    # runs and batches ------------------------------------------------------------------------
    def runs(self) -> list["Run"]:
        """Every run: design point x replication. Run ``i`` is seeded with
        ``derived_seed(seed, i)``; with ``common_random_numbers``, with
        ``derived_seed(seed, replication)``: replication ``r`` of every design point draws the
        same numbers for the same decisions, so differences between points are not noise."""
        points, reps = self.points(), self.replications
        return [Run(i, i // reps, i % reps,
                    derived_seed(self.seed, i % reps if self.common_random_numbers else i),
                    points[i // reps])
                for i in range(len(points) * reps)]

    def resolved_batch_size(self, n_runs: int) -> int:
        """Runs per part file: as given, else about 64 parts (at most 50 runs each)."""
        return self.batch_size or max(1, min(50, math.ceil(n_runs / 64)))

    def batches(self) -> list["Batch"]:
        """The runs in fixed consecutive batches; batch ``k`` becomes part file ``k``."""
        runs = self.runs()
        size = self.resolved_batch_size(len(runs))
        base = self.base_parameters
        ts_measures, group_measures = split_measures(self.measures)
        return [Batch(k, runs[s:s + size], base, self.months, ts_measures, group_measures)
                for k, s in enumerate(range(0, len(runs), size))]

    # provenance ----------------------------------------------------------------------------------
    def definition(self) -> dict:
        """Everything that decides the results, as plain JSON values (the engine's version
        included: a sweep is never resumed with another version of the model)."""
        return {"llo_sim_version": package_version(), "name": self.name,
                "scenario": self.scenario.name,
                "extends_chain": self.scenario.chain, "set": self.fixed,
                "factors": {f.name: f.describe() for f in self.factors},
                "design": self.design, "samples": self.samples, "levels": self.levels,
                "second_order": self.second_order, "replications": self.replications,
                "months": self.months, "seed": self.seed,
                "common_random_numbers": self.common_random_numbers,
                "measures": list(self.measures),
                "batch_size": self.batch_size,
                "base_parameters": dict(sorted(self.base_parameters.items()))}

    def fingerprint(self) -> str:
        """A hash of :meth:`definition`: equal fingerprints give equal results."""
        text = json.dumps(self.definition(), sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()

    def provenance(self) -> dict:
        """What goes into the metadata of every part file and into ``sweep.json``."""
        return {"llo_sim_version": package_version(),
                "experiment_file": str(self.path) if self.path else None,
                "experiment_sha256": self.sha256, "fingerprint": self.fingerprint(),
                "experiment": self.definition(), "environment": environment()}


@dataclass(frozen=True)
class Run:
    """One simulation of a sweep."""

    run: int
    point: int
    replication: int
    seed: int
    values: dict


@dataclass(frozen=True)
class Batch:
    """Consecutive runs that go to a worker together and become one part file."""

    index: int
    runs: list[Run]
    base: dict
    months: int
    ts_measures: tuple[str, ...]
    group_measures: tuple[str, ...]


# --- measure names ------------------------------------------------------------------------------

def parse_group_measure(name: str) -> tuple[str, str, str] | None:
    """``'participation_any[education=practical]'`` -> (measure, dimension, level)."""
    if not (name.endswith("]") and "[" in name and "=" in name):
        return None
    measure, _, rest = name[:-1].partition("[")
    dimension, _, level = rest.partition("=")
    return measure, dimension, level


def split_measures(measures) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Measures of the time series and measures per group (``measure[dimension=level]``)."""
    group = tuple(m for m in measures if parse_group_measure(m))
    return tuple(m for m in measures if m not in group), group
