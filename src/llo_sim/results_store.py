"""The results of a sweep on disk: Parquet part files, ``sweep.json``, reading them back.

A sweep's output folder holds two Parquet tables, ``summary/`` (one row per run: parameters,
seed, final measures) and ``timeseries/`` (one row per run and month), as one part file per
finished batch, and ``sweep.json`` (provenance and status). Every file is written under a
hidden temporary name and renamed when complete, so a killed sweep leaves only whole files,
and running the same sweep again skips the batches whose parts exist.

:class:`Store` writes (used by :func:`llo_sim.sweep.run_sweep`); :func:`read_table` and
:func:`read_provenance` read. What the runs are comes from :mod:`llo_sim.sweep_design`.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import LloSimError
from .sweep_design import Experiment, split_measures

RUN_COLUMNS = ("run", "point", "replication", "seed")
MANIFEST = "sweep.json"
TABLES = ("timeseries", "summary")   # written in this order; a batch is done when both exist


class Store:
    """The Parquet dataset of a sweep in ``out``: ``summary/`` and ``timeseries/`` part files
    and ``sweep.json``. Files appear only complete: written to a hidden temporary name
    (which Parquet readers skip), flushed to disk, then renamed."""

    def __init__(self, out: Path, exp: Experiment):
        self.out, self.exp = out, exp
        self.provenance = exp.provenance()
        self._schemas: dict[str, Any] = {}
        manifest = out / MANIFEST
        if manifest.is_file():
            old = json.loads(manifest.read_text())
            if old.get("fingerprint") != self.provenance["fingerprint"]:
                raise LloSimError(
                    f"{out}: holds the results of a different sweep definition (from "
                    f"{old.get('experiment_file')}); use another --out folder or remove it")

    @contextlib.contextmanager
    def lock(self):
        """Hold ``out/.lock`` while the sweep writes, so that a second sweep into the same
        folder stops at once instead of racing the first (POSIX; the lock goes with the
        process, also when it is killed)."""
        try:
            import fcntl
        except ImportError:          # Windows: no lock
            yield
            return
        self.out.mkdir(parents=True, exist_ok=True)
        with open(self.out / ".lock", "w") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise LloSimError(f"{self.out}: another sweep is writing here; wait for it or "
                                  "use another --out folder") from None
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def part(self, table: str, index: int) -> Path:
        return self.out / table / f"part-{index:05d}.parquet"

    def done(self, index: int) -> bool:
        """Whether batch ``index`` has both its part files."""
        return all(self.part(t, index).is_file() for t in TABLES)

    def begin(self) -> None:
        """Create the folders, remove temporary files an interrupted sweep left behind and
        write ``sweep.json``."""
        for t in TABLES:
            (self.out / t).mkdir(parents=True, exist_ok=True)
            for tmp in (self.out / t).glob(".*.tmp"):
                tmp.unlink()
        self._write_manifest("running")

    def finish(self) -> None:
        self._write_manifest("complete")

    def _write_manifest(self, status: str) -> None:
        info = {**self.provenance, "status": status,
                "runs": len(self.exp.points()) * self.exp.replications}
        with _atomic_file(self.out / MANIFEST) as fh:
            fh.write((json.dumps(info, indent=2, default=str) + "\n").encode())

    def schema(self, table: str):
        """The Arrow schema of a table: fixed column types, provenance in the metadata."""
        if table not in self._schemas:
            import pyarrow as pa

            ts_m, group_m = split_measures(self.exp.measures)
            measures = [pa.field(m, pa.float64()) for m in (*ts_m, *group_m)]
            if table == "summary":
                types = {"float": pa.float64(), "int": pa.int64(), "bool": pa.bool_(),
                         "choice": pa.string()}
                fields = [pa.field(c, pa.int64()) for c in RUN_COLUMNS]
                fields += [pa.field(f.name, types[f.kind]) for f in self.exp.factors]
            else:
                fields = [pa.field("run", pa.int64()), pa.field("month", pa.int64())]
            meta = {"llo_sim": json.dumps(self.provenance, default=str)}
            self._schemas[table] = pa.schema(fields + measures, metadata=meta)
        return self._schemas[table]

    def write(self, index: int, summary: pd.DataFrame, series: pd.DataFrame) -> None:
        """Write the two part files of batch ``index`` (time series first)."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        for table, frame in (("timeseries", series), ("summary", summary)):
            schema = self.schema(table)
            arrow = pa.Table.from_pandas(frame[schema.names], schema=schema,
                                         preserve_index=False)
            arrow = arrow.replace_schema_metadata(schema.metadata)
            with _atomic_file(self.part(table, index)) as fh:
                pq.write_table(arrow, fh)


@contextlib.contextmanager
def _atomic_file(path: Path):
    """A file to write ``path`` through, so that ``path`` is either the old or the new file:
    a hidden temporary file, flushed to disk and renamed to ``path`` when the block ends
    without an error."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "wb") as fh:
        yield fh
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def read_table(out: str | Path, table: str = "summary") -> pd.DataFrame:
    """A sweep table (``summary`` or ``timeseries``) from ``out`` as one DataFrame, in run
    order (``pd.read_parquet(out / table)`` gives the same rows in file order)."""
    path = Path(out) / table
    if not path.is_dir() or not any(path.glob("part-*.parquet")):
        raise LloSimError(f"{path}: no sweep results here")
    frame = pd.read_parquet(path)
    keys = ["run"] if table == "summary" else ["run", "month"]
    return frame.sort_values(keys, kind="stable").reset_index(drop=True)


def read_provenance(out: str | Path) -> dict:
    """The provenance stored in the Parquet metadata of a sweep's summary table."""
    import pyarrow.parquet as pq

    parts = sorted((Path(out) / "summary").glob("part-*.parquet"))
    if not parts:
        raise LloSimError(f"{out}: no sweep results here")
    return json.loads(pq.read_schema(parts[0]).metadata[b"llo_sim"])
