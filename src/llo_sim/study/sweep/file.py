"""Experiment files: finding, reading and validating ``experiments/*.toml``.

An experiment file names a base scenario, the parameters to vary and how to sample them::

    scenario = "baseline"        # a scenario name or .toml file (relative to this file)
    design = "lhs"               # grid | lhs | sobol | morris
    samples = 32                 # LHS points; Sobol base samples N; Morris trajectories
    replications = 2
    months = 120
    employees = 1000
    seed = 1
    common_random_numbers = false   # true: replication r of every point uses the same seed
    measures = ["participation_any", "gini_learning", "participation_any[education=practical]"]

    [set]                        # fixed changes to the base scenario (optional)
    budget_procedure = "direct"

    [parameters]                 # what varies: a range or a list of values
    budget_amount = { low = 0, high = 3000 }
    leader_training_intensity = { low = 0, high = 1 }
    budget_coverage = [0.35, 1.0]

:func:`load_experiment` turns it into an :class:`~llo_sim.study.sweep.design.Experiment`
(:mod:`llo_sim.study.sweep.design`: factors, design points, runs, batches); errors name the file,
the key, the value and what is allowed. :mod:`llo_sim.study.sweep.run` runs the experiment and
:mod:`llo_sim.storage.sweep_store` keeps its results.
"""

from __future__ import annotations

import functools
import hashlib
import tomllib
from pathlib import Path
from typing import Any

import numpy as np

from llo_sim.engine import toml_text
from llo_sim.engine.files import search_dirs
from llo_sim.engine.limits import MAX_MONTHS, MAX_RUNS
from llo_sim.engine.parameters import REGISTRY, validate
from llo_sim.engine.scenario import Scenario, find, load
from llo_sim.errors import LloSimError, ParameterError, ScenarioError
from llo_sim.study.runs import simulate
from llo_sim.study.sweep.design import (
    DEFAULT_MEASURES,
    DESIGNS,
    Experiment,
    Factor,
    parse_group_measure,
)

TOP_LEVEL_KEYS = ("scenario", "title", "description", "design", "samples", "levels",
                  "second_order", "replications", "months", "employees", "seed",
                  "common_random_numbers", "batch_size", "measures", "set", "parameters")


class ExperimentError(LloSimError, ValueError):
    """An experiment file that cannot be used: missing, malformed TOML, bad structure."""


# --- finding the file ---------------------------------------------------------------------------

def experiment_dirs() -> list[Path]:
    """Folders searched for an experiment given by name: ./experiments and the project's."""
    return search_dirs("experiments")


def find_experiment(experiment: str | Path) -> Path:
    """Turn an EXPERIMENT argument (a .toml path or a name in experiments/) into a path."""
    candidate = Path(experiment)
    if candidate.is_file():
        return candidate
    if candidate.suffix != ".toml":
        for d in experiment_dirs():
            if (d / f"{experiment}.toml").is_file():
                return d / f"{experiment}.toml"
    names = sorted({p.stem for d in experiment_dirs() for p in d.glob("*.toml")})
    raise ExperimentError(f"{experiment}: experiment file not found; expected a .toml file"
                          + (" or one of: " + ", ".join(names) if names else ""))


# --- reading and validating ------------------------------------------------------------------

def _check(param, value: Any, origin: str, key: str) -> Any:
    """``param.check(value)``, with the error naming the key in the experiment file."""
    try:
        return param.check(value, origin)
    except ParameterError as exc:
        raise ParameterError(origin, key, value, exc.allowed) from None


def _factor(origin: str, name: str, spec: Any) -> Factor:
    """Read one entry of ``[parameters]``: ``{low = a, high = b}`` or ``[v1, v2, ...]``."""
    if name not in REGISTRY:
        validate({name: None}, origin)            # raises, naming the closest parameters
    param = REGISTRY[name]
    key = f"parameters.{name}"
    if isinstance(spec, list):
        if not spec:
            raise ParameterError(origin, key, spec, "a non-empty list of values")
        values = tuple(_check(param, v, origin, key) for v in spec)
        if len(set(values)) != len(values):
            raise ParameterError(origin, key, spec, "a list of distinct values")
        return Factor(name, values=values)
    if isinstance(spec, dict) and set(spec) == {"low", "high"}:
        if param.kind not in ("int", "float"):
            raise ParameterError(origin, key, spec, f"a list of values ({param.allowed()}); "
                                 "a range needs a numeric parameter")
        low = _check(param, spec["low"], origin, f"{key}.low")
        high = _check(param, spec["high"], origin, f"{key}.high")
        if not low < high:
            raise ParameterError(origin, key, spec, "low < high")
        return Factor(name, low=low, high=high)
    raise ParameterError(origin, key, spec, "a range { low = ..., high = ... } or a list of "
                         f"values [...]; each {param.allowed()}")


def _integer(origin: str, key: str, value: Any, low: int, allowed: str,
             high: int | None = None) -> int:
    if (isinstance(value, bool) or not isinstance(value, int) or value < low
            or (high is not None and value > high)):
        raise ParameterError(origin, key, value, allowed)
    return value


def load_experiment(experiment: str | Path | Experiment) -> Experiment:
    """Read and validate an experiment file; errors name the file, key, value and what is
    allowed."""
    if isinstance(experiment, Experiment):
        return experiment
    path = find_experiment(experiment).resolve()
    raw = path.read_bytes()
    try:
        data = toml_text.loads(raw.decode())
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ExperimentError(f"{path}: not valid TOML ({exc})") from None
    origin = str(path)
    for key in data:
        if key not in TOP_LEVEL_KEYS:
            raise ParameterError(origin, key, data[key], "one of the keys "
                                 + ", ".join(TOP_LEVEL_KEYS)
                                 + " (model parameters go under [set] or [parameters])")
    scenario = _experiment_scenario(path, data)
    design = data.get("design", "grid")
    if design not in DESIGNS:
        raise ParameterError(origin, "design", design,
                             "one of " + ", ".join(map(repr, DESIGNS)))
    levels = _integer(origin, "levels", data.get("levels", 4), 2, "an integer of 2 or more")
    samples = data.get("samples")
    if design == "grid":
        if samples is not None:
            raise ParameterError(origin, "samples", samples, "no samples with design = 'grid' "
                                 "(the grid has every combination; `levels` sets the points "
                                 "per range)")
    else:
        samples = _integer(origin, "samples", samples, 1 if design != "morris" else 2,
                           f"a whole number of samples for design = {design!r}"
                           + (" (2 or more trajectories)" if design == "morris" else ""))
        if design == "sobol" and samples & (samples - 1):
            raise ParameterError(origin, "samples", samples, "a power of 2 for design = "
                                 "'sobol' (Sobol sequences are balanced at 2^k)")
    second_order = data.get("second_order", False)
    crn = data.get("common_random_numbers", False)
    for key, value in (("second_order", second_order), ("common_random_numbers", crn)):
        if not isinstance(value, bool):
            raise ParameterError(origin, key, value, "true or false")
    replications = _integer(origin, "replications", data.get("replications", 1), 1, "1 or more")
    months = _integer(origin, "months", data.get("months", 120), 1,
                      f"1 to {MAX_MONTHS:,} months", high=MAX_MONTHS)
    seed = _integer(origin, "seed", data.get("seed", 0), 0, "an integer of 0 or more")
    batch_size = data.get("batch_size")
    if batch_size is not None:
        batch_size = _integer(origin, "batch_size", batch_size, 1, "1 or more runs per part")
    measures = _measures(origin, data.get("measures", list(DEFAULT_MEASURES)))
    params = data.get("parameters")
    if not isinstance(params, dict) or not params:
        raise ParameterError(origin, "parameters", params, "a table of the parameters to "
                             "vary, e.g. [parameters] budget_amount = { low = 0, high = 3000 }")
    factors = [_factor(origin, name, spec) for name, spec in params.items()]
    fixed = data.get("set", {})
    if not isinstance(fixed, dict):
        raise ParameterError(origin, "set", fixed, "a table of parameter = value")
    if "employees" in data:
        fixed = {**fixed, "n_employees": data["employees"]}
    for name in fixed:
        if name in params:
            raise ParameterError(origin, f"set.{name}", fixed[name], "a parameter that does "
                                 "not also vary under [parameters]")
    scenario = scenario.with_overrides(origin, **fixed)
    for key in ("title", "description"):
        if not isinstance(data.get(key, ""), str):
            raise ParameterError(origin, key, data[key], "a string")
    exp = Experiment(path.stem, path, scenario, factors, design, samples, levels, second_order,
                     replications, months, seed, measures, batch_size, crn, fixed,
                     data.get("title", ""), data.get("description", ""),
                     hashlib.sha256(raw).hexdigest())
    _check_points(exp)
    return exp


def _experiment_scenario(path: Path, data: dict) -> Scenario:
    """The base scenario, looked up next to the experiment file first, then in the library."""
    name = data.get("scenario", "baseline")
    if not isinstance(name, str):
        raise ParameterError(str(path), "scenario", name, "a scenario name or .toml file")
    try:
        return load(find(name, near=path.parent))
    except ScenarioError as exc:
        raise ExperimentError(f"{path}: scenario = {name!r}: {exc}") from None




def _design_size(exp: Experiment) -> int:
    """Number of design points, counted without drawing them."""
    d = len(exp.factors)
    if exp.design == "grid":
        return int(np.prod([len(f.values) if f.values is not None else exp.levels
                            for f in exp.factors], dtype=float))
    if exp.design == "sobol":
        return exp.samples * ((2 * d + 2) if exp.second_order else (d + 2))
    if exp.design == "morris":
        return exp.samples * (d + 1)
    return exp.samples


def _check_points(exp: Experiment) -> None:
    """The design must be of a size a computer can run, and every design point a valid
    parameter set (e.g. shares that add up to <= 1)."""
    runs = _design_size(exp) * exp.replications
    if runs > MAX_RUNS:
        raise ExperimentError(f"{exp.path}: the design asks for {runs:,.0f} runs; at most "
                              f"{MAX_RUNS:,} are allowed (fewer levels, samples or "
                              "replications)")
    base = exp.base_parameters
    for i, point in enumerate(exp.points()):
        validate({**base, **point}, f"{exp.path} (design point {i}: {point})")


# --- measures -----------------------------------------------------------------------------------

@functools.cache
def measure_names() -> tuple[set, dict]:
    """The time-series columns and the group levels (``dimension -> levels``), from a tiny
    model of the current engine (computed once)."""
    model = simulate(validate({"n_employees": 12}), 0, 0)
    columns = set(model.timeseries().columns) - {"month", "n_employees"}
    g = model.groups()
    levels = {d: list(dict.fromkeys(rows["level"])) for d, rows in g.groupby("dimension",
                                                                               sort=False)}
    group_columns = [c for c in g.columns if c not in ("month", "dimension", "level", "n")]
    return columns, {"levels": levels, "columns": group_columns}


def _measures(origin: str, measures: Any) -> tuple[str, ...]:
    columns, groups = measure_names()
    if not isinstance(measures, list) or not measures:
        raise ParameterError(origin, "measures", measures, "a non-empty list of measure names")
    for m in measures:
        parsed = parse_group_measure(m) if isinstance(m, str) else None
        ok = isinstance(m, str) and (m in columns or (
            parsed is not None and parsed[0] in groups["columns"]
            and parsed[2] in groups["levels"].get(parsed[1], ())))
        if not ok:
            raise ParameterError(
                origin, "measures", m, "a time-series column of docs/measures.md (e.g. "
                "participation_any, gini_learning) or measure[dimension=level] with measure one "
                "of " + ", ".join(groups["columns"]) + " and a level of "
                + "; ".join(f"{d}: {', '.join(v)}" for d, v in groups["levels"].items()))
    if len(set(measures)) != len(measures):
        raise ParameterError(origin, "measures", measures, "each measure once")
    return tuple(measures)
