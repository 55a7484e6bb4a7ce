"""Running a discovery's design: both scenarios per point, in batches, resumable, in parallel.

The points go in fixed batches to a process pool, a Dask cluster or this process. Each
finished batch is written at once as a Parquet part file in ``OUT/cases/`` with the design's
fingerprint and a checksum of its rows (as a sweep's parts, :mod:`llo_sim.storage.sweep_store`), so
an interrupted discovery continues where it stopped, a damaged part is run again, and a part
of another design is refused. Both scenarios of a point run in the same worker one after the
other: the second starts from the first's warmed-up organisation (:mod:`llo_sim.engine.warm_start`).
"""

from __future__ import annotations

import contextlib
import json
import math
import sys
from pathlib import Path
from typing import Callable

import pandas as pd

from llo_sim.engine.measures import HEADLINE
from llo_sim.errors import LloSimError
from llo_sim.storage import lifeline
from llo_sim.storage.locks import folder_lock
from llo_sim.storage.provenance import environment
from llo_sim.storage.sweep_store import (
    PART_KEY,
    ForeignPart,
    atomic_file,
    checksum,
    sound_parts,
    write_file,
)
from llo_sim.study.discover.design import ORGANISATION, WORLD, Design, Point, inputs
from llo_sim.study.parallel import WorkerDied, as_finished, executor_for
from llo_sim.study.runs import simulate

lifeline.install()
TABLE = "cases"
MANIFEST = "discover.json"


def run_points(design: Design, points: list[Point]) -> pd.DataFrame:
    """Run both scenarios at every point (in a worker); one row per point: the inputs, the
    headline of each scenario at the final month, their difference, and each scenario's cost
    per employee in the last 12 months (EUR)."""
    names = inputs(design)
    rows = []
    for p in points:
        a, b = design.parameters(p)
        out = {}
        for label, params in (("scenario", a), ("other", b)):
            ts = simulate(params, p.seed, design.months).timeseries()
            out[f"outcome_{label}"] = float(ts[HEADLINE].iloc[-1])
            out[f"cost_{label}"] = float(ts["cost_month"].iloc[-12:].sum()
                                         / params["n_employees"])
        rows.append({"point": p.index, "seed": p.seed, WORLD: p.world,
                     ORGANISATION: p.organisation,
                     **{k: float(a[k]) for k in names if k != ORGANISATION},
                     "outcome_scenario": out["outcome_scenario"],
                     "outcome_other": out["outcome_other"],
                     "difference": out["outcome_scenario"] - out["outcome_other"],
                     "cost_scenario": out["cost_scenario"], "cost_other": out["cost_other"]})
    return pd.DataFrame(rows)


def batch_size(n_points: int) -> int:
    """Points per batch (and part file): about 40 parts, at most 25 points each."""
    return max(1, min(25, math.ceil(n_points / 40)))


def batches(points: list[Point]) -> list[list[Point]]:
    """The points in fixed consecutive batches."""
    size = batch_size(len(points))
    return [points[s:s + size] for s in range(0, len(points), size)]


class CaseStore:
    """The part files of a discovery's cases in ``out/cases/`` and ``out/discover.json``."""

    def __init__(self, out: Path, design: Design):
        self.out, self.fingerprint = out, design.fingerprint()
        self.definition = design.definition()

    def lock(self):
        """Hold ``out/.lock``: a second process writing into the folder stops at once."""
        return folder_lock(self.out, "discovery")

    def part(self, index: int) -> Path:
        return self.out / TABLE / f"part-{index:05d}.parquet"

    def check(self) -> None:
        """An existing folder must hold this design's discovery (``discover.json``)."""
        manifest = self.out / MANIFEST
        if not manifest.is_file():
            raise LloSimError(f"--out {self.out}: holds no discovery to resume (no {MANIFEST}); "
                              "use a new folder")
        try:
            old = json.loads(manifest.read_text())["fingerprint"]
        except (OSError, ValueError, KeyError, TypeError):
            old = None
        if old != self.fingerprint:
            raise LloSimError(f"{manifest}: a discovery of another design (scenarios, size, "
                              "employees, months, seed or --set differ); use a new --out "
                              "folder or the same options")

    def done(self, n_batches: int) -> tuple[set[int], list[str]]:
        """The batches whose parts are sound; damaged parts are removed (and named)."""
        sound, damaged = set(), []
        for part, info in sound_parts(self.out / TABLE, TABLE, damaged):
            if info["fingerprint"] != self.fingerprint:
                raise ForeignPart(f"{part}: written by another design; use a new --out folder")
            if info["index"] < n_batches:
                sound.add(info["index"])
        return sound, damaged

    def begin(self) -> None:
        (self.out / TABLE).mkdir(parents=True, exist_ok=True)
        for tmp in (self.out / TABLE).glob(".*.tmp"):
            tmp.unlink()
        info = {"fingerprint": self.fingerprint, "design": self.definition,
                "environment": environment()}
        write_file(self.out / MANIFEST, (json.dumps(info, indent=1, default=str) + "\n").encode())

    def write(self, index: int, frame: pd.DataFrame) -> None:
        """Write batch ``index``'s rows as one part file, whole or not at all."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        arrow = pa.Table.from_pandas(frame, preserve_index=False)
        part = {"fingerprint": self.fingerprint, "table": TABLE, "index": index,
                "rows": arrow.num_rows, "sha256": checksum(arrow)}
        arrow = arrow.replace_schema_metadata({PART_KEY: json.dumps(part).encode()})
        path = self.part(index)
        try:
            with atomic_file(path) as fh:
                pq.write_table(arrow, fh, write_page_checksum=True)
        except OSError as exc:
            raise LloSimError(f"{path}: cannot write ({exc.strerror or exc}); the parts written "
                              "before are kept: run again with --resume to continue") from None

    def read(self) -> pd.DataFrame:
        import pyarrow.parquet as pq

        parts = sorted((self.out / TABLE).glob("part-*.parquet"))
        frame = pd.concat([pq.read_table(p).to_pandas() for p in parts], ignore_index=True)
        return frame.sort_values("point", kind="stable").reset_index(drop=True)


def _run_batch(design: Design, index: int, points: list[Point]):
    return index, run_points(design, points)


@contextlib.contextmanager
def _results(design: Design, todo: dict[int, list[Point]], workers: int | None,
             dask: str | None):
    """``(index, rows)`` of every batch in ``todo`` as they finish: on a Dask cluster at
    ``dask``, in this process (``workers=1``) or in a local process pool."""
    with executor_for(workers, dask, len(todo)) as where:
        if where is None:
            yield (_run_batch(design, i, pts) for i, pts in todo.items())
        else:
            yield _submitted(where, design, todo)


def _submitted(executor, design, todo):
    return as_finished(executor, _run_batch, ((design, i, pts) for i, pts in todo.items()))


def _run_missing(design: Design, store: CaseStore, workers, dask, progress) -> int:
    """Run the batches whose parts are not in the store yet; return how many points ran."""
    points = design.points()
    parts = batches(points)
    sound, damaged = store.done(len(parts))
    if damaged:
        print(f"llo-sim: note: {len(damaged)} damaged part(s) found and run again: "
              + "; ".join(damaged[:3]), file=sys.stderr)
    store.begin()
    todo = {i: pts for i, pts in enumerate(parts) if i not in sound}
    done = sum(len(parts[i]) for i in sound)
    if progress:
        progress(done, len(points))
    ran = 0
    try:
        if todo:
            with _results(design, todo, workers, dask) as results:
                for index, frame in results:
                    store.write(index, frame)
                    done += len(parts[index])
                    ran += len(parts[index])
                    if progress:
                        progress(done, len(points))
    except WorkerDied as exc:
        raise exc.kept(f"the finished points are saved in {store.out}: run the same command "
                       "with --resume to continue") from None
    return ran


def run_design(design: Design, out: Path, *, workers: int | None = None,
               dask: str | None = None, progress: Callable[[int, int], None] | None = None,
               lock: bool = True) -> tuple[pd.DataFrame, int]:
    """Run every batch of ``design`` not yet in ``out``; return all cases and how many
    points ran now. ``progress(done, total)`` is called after each batch, in points.
    ``lock=False``: the caller holds ``out``'s lock (:meth:`CaseStore.lock`) already."""
    store = CaseStore(out, design)
    with store.lock() if lock else contextlib.nullcontext():
        ran = _run_missing(design, store, workers, dask, progress)
    return store.read(), ran
