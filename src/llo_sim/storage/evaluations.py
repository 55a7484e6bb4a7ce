"""The evaluations of an optimisation, kept in its folder so that an interrupted search
continues where it stopped.

Every run of a mix in a world is one line of ``evaluations.jsonl``: the mix's key, the world,
its figures, the **fingerprint of the search's settings** (``settings``) and a **SHA-256 of the
record** (``sha256``, over the other four as canonical JSON), appended and flushed to disk as
each world's runs finish. ``optimise.json`` holds the settings that decide what a run gives
(the base scenario's parameters, employees, months, seed, the ensemble, the evaluator), their
fingerprint and ``"kind": "optimise"``: a folder with other settings is refused, so a search
never adopts another's numbers. On resume the search starts again from its seed; the mixes it
proposes are the same, their runs are read back instead of run again, and so the result is the
same as that of an uninterrupted search.

Reading the file back, as sweeps do with their parts:

- a record of other settings (another fingerprint: e.g. the file of a ``--months 30`` search
  put in this folder) is *foreign*: the search stops with one line naming the line, nothing
  adopted;
- a *damaged* record (not UTF-8, not JSON, cut short by a kill, a checksum that does not
  match: an edited figure) or one of an older llo-sim without checksums is left out and its
  run made again; the file is then rewritten without it, and :attr:`Evaluations.damaged` names
  the lines.

One process at a time: the folder's lock (``.lock``, :func:`llo_sim.storage.locks.folder_lock`)
is held from before the folder is read until the result files are written.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from llo_sim.errors import LloSimError
from llo_sim.storage.checksums import data_sha256
from llo_sim.storage.folders import check_out_folder, to_json
from llo_sim.storage.locks import folder_lock
from llo_sim.storage.sweep_store import write_file

EVALUATIONS = "evaluations.jsonl"
SETTINGS = "optimise.json"


class Evaluations:
    """The runs made so far, in memory and (with a folder) on disk. Use it as a context
    manager: with a folder, it holds the folder's lock and reads the folder on entry."""

    def __init__(self, out: Path | None, settings: dict, resume: bool = False,
                 inputs=()):
        self.out = None if out is None else Path(out)
        self.settings = json.loads(to_json(settings))
        self.fingerprint = data_sha256(self.settings)
        self.resume, self.inputs = resume, list(inputs)
        self.runs: dict[tuple[str, int], dict] = {}
        self.damaged: list[str] = []          # "line N (reason)" of records made again
        self._stack = contextlib.ExitStack()

    def __enter__(self) -> "Evaluations":
        if self.out is not None:
            with contextlib.ExitStack() as stack:      # the lock is let go if opening fails
                self._check_folder()
                stack.enter_context(folder_lock(self.out, "optimisation"))
                self._open()
                self._stack = stack.pop_all()
        return self

    def __exit__(self, *exc) -> None:
        self._stack.close()

    def _check_folder(self) -> None:
        out = self.out
        check_out_folder(out, overwrite=False, option="--out", allow_existing=True,
                         inputs=self.inputs)
        if not self.resume and out.is_dir() and any(out.iterdir()):
            raise LloSimError(f"--out {out}: exists and is not empty; use --resume to "
                              "continue the optimisation there, or another folder")

    def _open(self) -> None:
        out = self.out
        saved = out / SETTINGS
        if saved.exists():
            try:
                old = json.loads(saved.read_bytes().decode("utf-8")).get("settings")
            except (OSError, ValueError, AttributeError):
                raise LloSimError(f"{saved}: damaged (not the JSON llo-sim writes); the folder "
                                  "cannot be resumed: use another --out folder") from None
            if old != self.settings:
                differ = _first_difference(old, self.settings)
                raise LloSimError(f"--out {out}: holds an optimisation with other settings "
                                  f"({differ}); use another folder")
        elif any(p.name != ".lock" for p in out.iterdir()):
            raise LloSimError(f"--out {out}: exists and is not an optimisation's folder; use "
                              "another folder")
        else:
            write_file(saved, to_json({"kind": "optimise", "settings": self.settings,
                                       "fingerprint": self.fingerprint}).encode())
        self._read(out / EVALUATIONS)

    def _read(self, path: Path) -> None:
        if not path.exists():
            return
        sound = []
        for number, line in enumerate(path.read_bytes().splitlines(keepends=True), 1):
            row, problem = self._record(line)
            if row is None:
                self.damaged.append(f"line {number} ({problem})")
                continue
            if row["settings"] != self.fingerprint:
                raise LloSimError(
                    f"{path}: line {number} is a run of an optimisation with other settings "
                    f"(fingerprint {str(row['settings'])[:12]}, this one "
                    f"{self.fingerprint[:12]}); nothing was adopted: use another --out folder")
            self.runs[(row["mix"], row["world"])] = row["figures"]
            sound.append(line if line.endswith(b"\n") else line + b"\n")
        if self.damaged:              # keep only the sound records (their runs are kept)
            write_file(path, b"".join(sound))

    @staticmethod
    def _record(line: bytes) -> tuple[dict | None, str]:
        """A record read from one line, or None and what is wrong with it."""
        if not line.endswith(b"\n"):
            return None, "cut short"
        try:
            row = json.loads(line.decode("utf-8"))
        except UnicodeDecodeError:
            return None, "not UTF-8"
        except ValueError:
            return None, "not JSON"
        if not isinstance(row, dict) or "sha256" not in row or "settings" not in row:
            return None, "no checksum: an older llo-sim"
        claimed = row.pop("sha256")
        if data_sha256(row) != claimed:
            return None, "checksum mismatch"
        if not (isinstance(row.get("mix"), str) and type(row.get("world")) is int
                and isinstance(row.get("figures"), dict)):
            return None, "not a record of a run"
        return row, ""

    def get(self, mix: str, world: int) -> dict | None:
        return self.runs.get((mix, world))

    def add(self, rows: list[tuple[str, int, dict]]) -> None:
        """Keep the runs of one world (``(mix, world, figures)``), on disk at once."""
        lines = []
        for mix, world, figures in rows:
            self.runs[(mix, world)] = figures
            record = json.loads(to_json({"mix": mix, "world": int(world), "figures": figures,
                                         "settings": self.fingerprint}))
            record["sha256"] = data_sha256(record)
            lines.append(json.dumps(record) + "\n")
        if self.out is None:
            return
        with open(self.out / EVALUATIONS, "a", encoding="utf-8") as fh:
            fh.write("".join(lines))
            fh.flush()
            os.fsync(fh.fileno())


def _first_difference(old, new) -> str:
    """The first setting in which two settings dicts differ, as ``key: old -> new``."""
    if not isinstance(old, dict):
        return "no readable settings"
    for key in sorted(set(old) | set(new)):
        if old.get(key) != new.get(key):
            a, b = json.dumps(old.get(key))[:40], json.dumps(new.get(key))[:40]
            return f"{key}: {a} there, {b} now"
    return "unknown"
