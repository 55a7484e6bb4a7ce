"""The results of a sweep on disk: Parquet part files, ``sweep.json``, reading them back.

A sweep's output folder holds two Parquet tables, ``summary/`` (one row per run: parameters,
seed, final measures) and ``timeseries/`` (one row per run and month), as one part file per
finished batch, and ``sweep.json`` (provenance and status). Every file is written under a
hidden temporary name and renamed when complete, so a killed sweep leaves only whole files,
and running the same sweep again skips the batches whose parts exist and are sound.

Every part carries, in its Parquet metadata, the fingerprint of the sweep definition and a
SHA-256 checksum of its rows (with Parquet's own page checksums besides). Before a sweep
resumes, every part is verified: a damaged part (cut off, emptied, a flipped bit) is removed
and its batch run again; a part of another sweep definition stops the sweep with an error, so
one sweep never adopts another's results, also when ``sweep.json`` is gone. Reading a sweep
(:func:`read_table`) verifies the parts too and names the damaged ones in one line.

:class:`Store` writes (used by :func:`llo_sim.study.sweep.run.run_sweep`); :func:`read_table` and
:func:`read_provenance` read. What the runs are comes from :mod:`llo_sim.study.sweep.design`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from llo_sim.errors import LloSimError
from llo_sim.storage.folders import named
from llo_sim.storage.kinds import refuse_inputs, refuse_replacing
from llo_sim.storage.locks import folder_lock

RUN_COLUMNS = ("run", "point", "replication", "seed")
MANIFEST = "sweep.json"
TABLES = ("timeseries", "summary")   # written in this order; a batch is done when both exist
PART_KEY = b"llo_sim_part"           # Parquet metadata: fingerprint, table, index, checksum
SWEEP_FILES = {*TABLES, MANIFEST, ".lock", "sensitivity.csv", "sensitivity.png",
               "sensitivity.svg"}


class DamagedPart(Exception):
    """A part file that cannot be read or does not match its checksum."""


class ForeignPart(LloSimError):
    """A part file written by another sweep definition."""


def sound_parts(folder: Path, table: str, damaged: list[str], prefix: str = ""):
    """``(part, its verified metadata)`` for every sound part file in ``folder``; a damaged
    part is removed (so its batch runs again) and named in ``damaged``."""
    for part in sorted(folder.glob("part-*.parquet")) if folder.is_dir() else []:
        try:
            info = verify_part(part, table)
        except DamagedPart as exc:
            damaged.append(f"{prefix}{part.name} ({exc})")
            part.unlink()
            continue
        yield part, info


@dataclass(frozen=True)
class Layout:
    """What a sweep's files hold, as the store needs it: the provenance (with the sweep's
    ``fingerprint``), the number of runs, the measure columns and the factors (name and
    kind: ``float``, ``int``, ``bool`` or ``choice``) in their order."""

    provenance: dict
    runs: int
    measures: tuple[str, ...]
    factors: tuple[tuple[str, str], ...]


class Store:
    """The Parquet dataset of a sweep in ``out``: ``summary/`` and ``timeseries/`` part files
    and ``sweep.json``. Files appear only complete: written to a hidden temporary name
    (which Parquet readers skip), flushed to disk, then renamed."""

    def __init__(self, out: Path, layout: "Layout", overwrite: bool = False, inputs=()):
        self.out, self.layout, self.overwrite = out, layout, overwrite
        self.inputs = list(inputs)                 # files ``out`` may not hold
        self.provenance = layout.provenance
        self.fingerprint = self.provenance["fingerprint"]
        self._schemas: dict[str, Any] = {}
        if not overwrite:
            self._check_folder()

    def _check_folder(self) -> None:
        """An existing ``out`` must be empty or a sweep folder of this definition."""
        if not self.out.is_dir():
            return
        for name in (*TABLES, MANIFEST):
            if (self.out / name).is_symlink():
                raise LloSimError(f"{self.out / name}: is a symbolic link; a sweep folder "
                                  "holds only its own files (use another --out folder)")
        strangers = sorted(p.name for p in self.out.iterdir()
                           if p.name not in SWEEP_FILES and not p.name.startswith("."))
        if strangers:
            more = ", ..." if len(strangers) > 3 else ""
            raise LloSimError(f"--out {self.out}: is not a sweep folder (it holds "
                              f"{', '.join(strangers[:3])}{more}); use another folder, or "
                              "--overwrite to replace it as a whole")
        if (self.out / MANIFEST).is_file():
            old = read_manifest(self.out)
            if old["fingerprint"] != self.fingerprint:
                raise LloSimError(
                    f"{self.out}: holds the results of a different sweep definition (from "
                    f"{old.get('experiment_file')}); use another --out folder or --overwrite")

    def lock(self):
        """Hold ``out/.lock`` while the sweep writes (:func:`llo_sim.storage.locks.folder_lock`)."""
        return folder_lock(self.out, "sweep")

    def part(self, table: str, index: int) -> Path:
        return self.out / table / f"part-{index:05d}.parquet"

    def clear(self) -> None:
        """Remove everything in ``out`` but the lock (``--overwrite``); symbolic links are
        removed, never followed. Only a sweep's folder that holds nothing else and none of the
        sweep's inputs is emptied (:mod:`llo_sim.storage.kinds`)."""
        if not self.out.is_dir():
            return
        refuse_inputs(self.out, self.inputs, "out")
        refuse_replacing(self.out, "sweep", "out", "overwrite=True")
        for entry in self.out.iterdir():
            if entry.name == ".lock":
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()

    def verify(self, batches: list[int]) -> tuple[set[int], list[str]]:
        """Check every part file in ``out``: return the batches whose two parts are sound,
        and a line per damaged part, which is removed so that its batch runs again. A part
        of another sweep definition raises :class:`ForeignPart`."""
        wanted = set(batches)
        sound: dict[str, set[int]] = {}
        damaged = []
        for table in TABLES:
            sound[table] = set()
            folder = self.out / table
            if folder.is_symlink():
                raise LloSimError(f"{folder}: is a symbolic link; a sweep folder holds only "
                                  "its own files (use another --out folder)")
            for part, info in sound_parts(folder, table, damaged, f"{table}/"):
                if info["fingerprint"] != self.fingerprint:
                    raise ForeignPart(
                        f"{part}: written by a different sweep definition (fingerprint "
                        f"{info['fingerprint'][:12]}, this one {self.fingerprint[:12]}); use "
                        "another --out folder, or --overwrite to replace it as a whole")
                if info["index"] in wanted:
                    sound[table].add(info["index"])
        return sound["timeseries"] & sound["summary"], damaged

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
                "runs": self.layout.runs}
        write_file(self.out / MANIFEST, (json.dumps(info, indent=2, default=str) + "\n").encode())

    def schema(self, table: str):
        """The Arrow schema of a table: fixed column types, provenance in the metadata."""
        if table not in self._schemas:
            import pyarrow as pa

            measures = [pa.field(m, pa.float64()) for m in self.layout.measures]
            if table == "summary":
                types = {"float": pa.float64(), "int": pa.int64(), "bool": pa.bool_(),
                         "choice": pa.string()}
                fields = [pa.field(c, pa.int64()) for c in RUN_COLUMNS]
                fields += [pa.field(name, types[kind]) for name, kind in self.layout.factors]
            else:
                fields = [pa.field("run", pa.int64()), pa.field("month", pa.int64())]
            meta = {"llo_sim": json.dumps(self.provenance, default=str)}
            self._schemas[table] = pa.schema(fields + measures, metadata=meta)
        return self._schemas[table]

    def write(self, index: int, summary: pd.DataFrame, series: pd.DataFrame) -> None:
        """Write the two part files of batch ``index`` (time series first), each with the
        sweep's fingerprint and a checksum of its rows in the metadata."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        for table, frame in (("timeseries", series), ("summary", summary)):
            schema = self.schema(table)
            arrow = pa.Table.from_pandas(frame[schema.names], schema=schema,
                                         preserve_index=False)
            part = {"fingerprint": self.fingerprint, "table": table, "index": index,
                    "rows": arrow.num_rows, "sha256": checksum(arrow)}
            arrow = arrow.replace_schema_metadata({**schema.metadata,
                                                   PART_KEY: json.dumps(part).encode()})
            path = self.part(table, index)
            try:
                with named(path), atomic_file(path) as fh:
                    pq.write_table(arrow, fh, write_page_checksum=True)
            except OSError as exc:
                raise LloSimError(f"{path}: cannot write ({exc.strerror or exc}); the parts "
                                  "written before are kept: run the same command again to "
                                  "continue") from None


# --- verifying ----------------------------------------------------------------------------------

def checksum(arrow) -> str:
    """SHA-256 of a table's column names, types and rows (as pandas hashes them), so that any
    changed value, row or column changes it."""
    frame = arrow.to_pandas()
    h = hashlib.sha256()
    h.update(json.dumps([[str(c), str(t)] for c, t in frame.dtypes.items()]).encode())
    h.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return h.hexdigest()


def _read_part(path: Path, table: str):
    """Read and verify one part file; return the Arrow table and its part metadata.
    Raises :class:`DamagedPart` saying what is wrong."""
    import pyarrow.parquet as pq

    try:
        arrow = pq.read_table(path, page_checksum_verification=True)
    except Exception as exc:      # noqa: BLE001 - Arrow raises many kinds for a bad file
        text = (str(exc).splitlines() or [type(exc).__name__])[0]
        raise DamagedPart(f"unreadable: {text[:100]}") from None
    meta = arrow.schema.metadata or {}
    try:
        info = json.loads(meta[PART_KEY])
        name, index, rows, digest = info["table"], info["index"], info["rows"], info["sha256"]
        if not isinstance(info["fingerprint"], str):
            raise TypeError
    except (KeyError, TypeError, ValueError):
        raise DamagedPart("no part metadata (not written by this version of llo-sim)") from None
    if name != table or path.name != f"part-{index:05d}.parquet":
        raise DamagedPart(f"its metadata says {name}/part-{index:05d}.parquet")
    if arrow.num_rows != rows or checksum(arrow) != digest:
        raise DamagedPart("checksum mismatch")
    return arrow, info


def verify_part(path: Path, table: str) -> dict:
    """The part metadata of a sound part file (fingerprint, table, index, rows, checksum);
    raises :class:`DamagedPart` otherwise."""
    return _read_part(path, table)[1]


def read_manifest(out: str | Path) -> dict:
    """``sweep.json`` of a sweep folder; a damaged one is a one-line error."""
    path = Path(out) / MANIFEST
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or (str(exc).splitlines() or ["?"])[0][:80]
        raise LloSimError(f"{path}: damaged ({reason}); remove it and run the sweep again to "
                          "rebuild it from the parts that belong to the sweep") from None
    if not isinstance(info, dict) or not isinstance(info.get("fingerprint"), str):
        raise LloSimError(f"{path}: not a sweep.json of llo-sim (no fingerprint); remove it "
                          "and run the sweep again to rebuild it from the parts that belong "
                          "to the sweep")
    return info


# --- writing and reading files ------------------------------------------------------------------

@contextlib.contextmanager
def atomic_file(path: Path):
    """A file to write ``path`` through, so that ``path`` is either the old or the new file:
    a hidden temporary file, flushed to disk and renamed to ``path`` when the block ends
    without an error. The temporary file is created new (a symbolic link in its place is
    removed, not followed), and the rename replaces a link at ``path``, not its target."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    if os.path.lexists(tmp):
        tmp.unlink()
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                 0o666)                  # O_BINARY: Windows would write \n as \r\n otherwise
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        if os.path.lexists(tmp):
            tmp.unlink()


def write_file(path: Path, data: bytes) -> None:
    """Write ``path`` whole or not at all (see :func:`atomic_file`)."""
    write_files({path: data})


def write_files(files: dict[Path, bytes]) -> None:
    """Write several files that belong together (a table and its figure): every one to a
    hidden temporary file first, and only when all are on disk are they renamed into place,
    so a failure (a full disk) leaves the old files, all of them, as they were."""
    current = None
    try:
        with contextlib.ExitStack() as stack:
            for current, data in files.items():
                fh = stack.enter_context(atomic_file(current))
                fh.write(data)
                fh.flush()
            current = None
            # leaving the stack flushes and renames the files; none is renamed if writing
            # any of them failed
    except OSError as exc:
        where = current or exc.filename or ", ".join(map(str, files))
        raise LloSimError(f"{where}: cannot write ({exc.strerror or exc}); "
                          + ("the old file is unchanged" if len(files) == 1 else
                             "the old files are unchanged")) from None


def _parts(out: str | Path, table: str) -> list[Path]:
    path = Path(out) / table
    parts = sorted(path.glob("part-*.parquet")) if path.is_dir() else []
    if not parts:
        raise LloSimError(f"{path}: no sweep results here")
    return parts


def read_table(out: str | Path, table: str = "summary") -> pd.DataFrame:
    """A sweep table (``summary`` or ``timeseries``) from ``out`` as one DataFrame, in run
    order (``pd.read_parquet(out / table)`` gives the same rows in file order, unverified).

    Every part is verified against its checksum, and all must come from one sweep
    definition; damaged or mixed parts are a one-line error naming them."""
    import pyarrow as pa

    tables, damaged, fingerprints = [], [], set()
    for part in _parts(out, table):
        try:
            arrow, info = _read_part(part, table)
        except DamagedPart as exc:
            damaged.append(f"{part.name} ({exc})")
            continue
        fingerprints.add(info["fingerprint"])
        tables.append(arrow)
    where = Path(out) / table
    if damaged:
        more = "; ..." if len(damaged) > 3 else ""
        raise LloSimError(f"{where}: {len(damaged)} damaged part(s): "
                          f"{'; '.join(damaged[:3])}{more}; run the sweep again to re-run them")
    if len(fingerprints) > 1:
        raise LloSimError(f"{where}: parts of {len(fingerprints)} different sweep definitions "
                          "are mixed here; run the sweep into a new folder")
    schema = tables[0].schema.remove_metadata()
    frame = pa.concat_tables([t.replace_schema_metadata(None).cast(schema)
                              for t in tables]).to_pandas()
    keys = ["run"] if table == "summary" else ["run", "month"]
    return frame.sort_values(keys, kind="stable").reset_index(drop=True)


def read_provenance(out: str | Path) -> dict:
    """The provenance stored in the Parquet metadata of a sweep's summary table."""
    import pyarrow.parquet as pq

    for part in _parts(out, "summary"):
        try:
            return json.loads(pq.read_schema(part).metadata[b"llo_sim"])
        except Exception:         # noqa: BLE001 - a damaged part: try the next one
            continue
    raise LloSimError(f"{Path(out) / 'summary'}: every part is damaged; run the sweep again")
