"""Scenario discovery: under which conditions does a scenario NOT beat another?

:func:`discover` runs both scenarios across a wide design of what nobody controls (the
calibrated worlds, how strongly each instrument works, the organisation type, the leader mix,
the workforce: :mod:`llo_sim.study.discover.design`), paired at every point (the same world and
seed), resumable and in parallel (:mod:`llo_sim.study.discover.runs`). A point is a *failure* when
the scenario's headline ``share_learning_a_lot`` beats the other's by no more than ``margin``
percentage points. The boxes, the conditions under which failures are common, come from a
classification tree (:mod:`llo_sim.study.discover.boxes`) and are told in plain words in Dutch and
English (:mod:`llo_sim.study.discover.words`).

    result = discover("integrated", "budget_only", design_size=200, margin=20)
    result.cases                 # one row per design point: inputs, outcomes, difference
    result.boxes                 # Box objects: restrictions per input, coverage, density
    result.describe("nl")        # the boxes in plain words
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pandas as pd

from llo_sim.engine.measures import HEADLINE
from llo_sim.errors import LloSimError, ParameterError
from llo_sim.study.discover.boxes import Box, boxes_table, find_boxes, split_half
from llo_sim.study.discover.design import ORGANISATION, Design, inputs
from llo_sim.study.discover.words import describe as describe_boxes

MAX_DESIGN = 100_000
FILES = ("cases.csv", "boxes.csv", "discovery.png", "discovery.svg", "summary.txt")


@dataclass
class DiscoveryResult:
    """The cases of a discovery, the boxes found in them, and how to tell them."""

    scenario: str
    other: str
    margin: float                 # percentage points
    cases: pd.DataFrame           # one row per design point
    boxes: list[Box]
    inputs: list[str]
    definition: dict = field(default_factory=dict)
    max_depth: int = 3
    seed: int = 0
    seconds: float = 0.0
    ran: int = 0                  # design points run now (the rest came from --resume)
    out: Path | None = None

    @property
    def fails(self) -> np.ndarray:
        """Which cases are failures: the difference is at most the margin."""
        return self.cases["difference"].to_numpy() <= self.margin / 100.0

    def describe(self, lang: str = "en") -> list[str]:
        """The boxes in plain words, in ``'nl'`` or ``'en'``."""
        return describe_boxes(self.boxes, self.scenario, self.other, self.margin,
                              int(self.fails.sum()), len(self.cases), lang)

    def split_half(self) -> list[dict]:
        """The first box fitted on one half of the points and measured on the other, both
        ways round (:func:`llo_sim.study.discover.boxes.split_half`)."""
        return split_half(self._inputs(), self.fails, max_depth=self.max_depth, seed=self.seed)

    def _inputs(self) -> pd.DataFrame:
        x = self.cases[self.inputs].copy()
        x[ORGANISATION] = x[ORGANISATION].astype(str)
        return x

    def summary(self) -> str:
        """The summary text: what was compared, how often it failed, the boxes in both
        languages."""
        d = self.cases["difference"]
        lines = [f"llo-sim discover {self.scenario} --against {self.other}: {len(self.cases)} "
                 f"design points, margin {self.margin:g} points on {HEADLINE}",
                 f"difference {self.scenario} - {self.other}: mean {d.mean():+.3f}, 90% of the "
                 f"points {d.quantile(0.05):+.3f} to {d.quantile(0.95):+.3f}; "
                 f"not more than the margin in {self.fails.mean():.0%} of the points",
                 f"cost per employee in the last year (EUR): {self.scenario} "
                 f"{self.cases['cost_scenario'].mean():,.0f}, {self.other} "
                 f"{self.cases['cost_other'].mean():,.0f}", ""]
        for lang in ("en", "nl"):
            lines += [f"- {s}" for s in self.describe(lang)] + [""]
        if self.boxes:
            lines += ["split-half check (the first box fitted on half of the points, measured "
                      f"on the other; {self.fails.mean():.0%} of all points fail):"]
            for c in self.split_half():
                if c["box"] is None:
                    lines.append(f"- fitted on the {c['fitted_on']} points: no box")
                    continue
                lines.append(f"- fitted on the {c['fitted_on']} points: "
                             + " and ".join(_short(r) for r in c["box"].restrictions.values())
                             + f"; density {c['density']:.2f}, coverage {c['coverage']:.2f} "
                             f"there; on the other half density {c['held_out_density']:.2f}, "
                             f"coverage {c['held_out_coverage']:.2f}")
            lines.append("")
        return "\n".join(lines)

    def write(self, out: str | Path, figures: Callable | None = None) -> list[Path]:
        """Write cases.csv, boxes.csv, summary.txt and the figures ``figures(self, out) ->
        {path: bytes}`` draws into ``out`` (each file whole or not at all); return their
        paths. The faces pass :func:`llo_sim.figures.discovery.discovery_files`."""
        from llo_sim.storage.sweep_store import write_files

        out = self.out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        cases = self.cases.assign(fails=self.fails)
        files = {out / "cases.csv": cases.to_csv(index=False, float_format="%.6g",
                                                 lineterminator="\n").encode(),
                 out / "boxes.csv": boxes_table(self.boxes).to_csv(
                     index=False, float_format="%.6g", lineterminator="\n").encode(),
                 out / "summary.txt": (self.summary() + "\n").encode()}
        if figures is not None:
            files.update(figures(self, out))
        write_files(files)
        return list(files)


def _short(r) -> str:
    """A restriction in symbols: ``0.42 < share_theoretical``, ``organisation in {sme}``."""
    if r.levels is not None:
        return f"{r.name} in {{{', '.join(r.levels)}}}"
    low = f"{r.low:.3g} < " if r.low is not None else ""
    high = f" <= {r.high:.3g}" if r.high is not None else ""
    return f"{low}{r.name}{high}"


def check_options(design_size: Any, employees: Any, months: Any, margin: Any,
                  seed: Any) -> None:
    """Bad options are a one-line :class:`ParameterError` before anything runs."""
    from llo_sim.engine.limits import MAX_EMPLOYEES, MAX_MONTHS, check_whole

    check_whole("discover()", "design_size", design_size, 1, MAX_DESIGN, "design points")
    check_whole("discover()", "employees", employees, 10, MAX_EMPLOYEES, "employees")
    check_whole("discover()", "months", months, 12, MAX_MONTHS, "months")
    check_whole("discover()", "seed", seed, 0, 2**63 - 1)
    if (isinstance(margin, bool) or not isinstance(margin, (int, float))
            or not -100 <= margin <= 100 or margin != margin):
        raise ParameterError("discover()", "margin", margin,
                             "a number of percentage points from -100 to 100")


def make_design(scenario, against, *, design_size: int, employees: int, months: int,
                seed: int, fixed: dict | None = None, ensemble=None,
                organisations=None) -> Design:
    """The checked design of a discovery (scenario files, ``fixed`` parameters, ensemble,
    the organisation presets to draw from: default all of ``ORGANISATIONS``); every error is
    a one-line :class:`LloSimError` before any run."""
    from llo_sim.engine.parameters import validate
    from llo_sim.engine.scenario import load_scenario
    from llo_sim.study.discover.design import ORGANISATIONS
    from llo_sim.study.ensemble import load_ensemble

    a, b = load_scenario(scenario), load_scenario(against)
    if a.name == b.name and a.overrides == b.overrides:
        raise LloSimError(f"--against {b.name}: the same scenario as {a.name}; compare two "
                          "different scenarios")
    fixed = dict(fixed or {})
    validate(fixed, "--set")
    organisations = tuple(organisations or ORGANISATIONS)
    for name in organisations:
        if name not in ORGANISATIONS:
            raise ParameterError("discover()", "organisation", name,
                                 "one of " + ", ".join(ORGANISATIONS))
    design = Design(a, b, ensemble if ensemble is not None else load_ensemble(), design_size,
                    employees, months, seed, fixed, tuple(dict.fromkeys(organisations)))
    for point in design.points():      # e.g. a --set that pushes two shares above 1 together
        design.parameters(point)
    return design


def discover(scenario, against, *, design_size: int = 200, employees: int = 1000,
             months: int = 120, margin: float = 0.0, seed: int = 0, out: str | Path | None = None,
             workers: int | None = None, progress: Callable[[int, int], None] | None = None,
             resume: bool = False, scheduler: str | None = None, fixed: dict | None = None,
             max_depth: int = 3, ensemble=None, organisations=None,
             figures: Callable | None = None, dask: str | None = None) -> DiscoveryResult:
    """Run ``scenario`` and ``against`` at ``design_size`` design points and find the boxes
    in which ``scenario`` beats ``against`` by no more than ``margin`` percentage points on
    the headline measure.

    ``out``: a folder for the cases (Parquet parts, so an interrupted discovery resumes with
    ``resume=True``) and the result files; None keeps everything in a temporary folder.
    ``workers``: processes (default: one per core; 1 runs here); ``scheduler``: a Dask
    scheduler's address instead (``dask``: its former name, still taken).
    ``progress(done, total)`` is called after each batch of points.
    ``fixed``: parameters set in every run (they leave the design); ``organisations``: the
    organisation presets the design draws from (default: all five); ``figures``: drawn with
    the result files (:meth:`DiscoveryResult.write`)."""
    from llo_sim.storage.folders import check_out_folder
    from llo_sim.study.discover.runs import CaseStore, run_design

    check_options(design_size, employees, months, margin, seed)
    design = make_design(scenario, against, design_size=design_size, employees=employees,
                         months=months, seed=seed, fixed=fixed, ensemble=ensemble,
                         organisations=organisations)
    t0 = time.perf_counter()
    inputs = [f["path"] for sc in (design.scenario, design.other) for f in sc.files
              if f.get("path")]
    with tempfile.TemporaryDirectory(prefix="llo-sim-discover-") as tmp:
        folder = (Path(tmp) if out is None else
                  check_out_folder(out, allow_existing=resume, inputs=inputs))
        store = CaseStore(folder, design)
        with store.lock():            # one process from reading the folder to the results
            if resume and any(p.name != ".lock" for p in folder.iterdir()):
                store.check()
            cases, ran = run_design(design, folder, workers=workers,
                                    dask=scheduler if scheduler is not None else dask,
                                    progress=progress, lock=False)
            result = analyse(cases, design, margin, max_depth=max_depth, seed=seed)
            result.seconds, result.ran = time.perf_counter() - t0, ran
            if out is not None:
                result.out = folder
                result.write(folder, figures)
    return result


def analyse(cases: pd.DataFrame, design: Design, margin: float, *, max_depth: int = 3,
            seed: int = 0) -> DiscoveryResult:
    """The boxes of a discovery's cases for a margin (no runs)."""
    result = DiscoveryResult(design.scenario.name, design.other.name, float(margin), cases,
                             [], inputs(design), design.definition(), max_depth, seed)
    result.boxes = find_boxes(result._inputs(), result.fails, max_depth=max_depth, seed=seed,
                              difference=cases["difference"].to_numpy())
    return result
