"""The evaluations of an optimisation, kept in its folder so that an interrupted search
continues where it stopped.

Every run of a mix in a world is one line of ``evaluations.jsonl`` (the mix's key, the world,
its figures), appended and flushed to disk as each world's runs finish. ``optimise.json``
holds the settings that decide what a run gives (the base scenario's parameters, employees,
months, seed, the ensemble, the evaluator): a folder with other settings is refused, so a
search never adopts another's numbers. On resume the search starts again from its seed; the
mixes it proposes are the same, their runs are read back instead of run again, and so the
result is the same as that of an uninterrupted search. A half-written last line (the program
was killed while writing) is ignored and its runs are made again.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from llo_sim.errors import LloSimError
from llo_sim.storage.folders import check_out_folder, to_json

EVALUATIONS = "evaluations.jsonl"
SETTINGS = "optimise.json"


class Evaluations:
    """The runs made so far, in memory and (with a folder) on disk."""

    def __init__(self, out: Path | None, settings: dict, resume: bool = False):
        self.out = out
        self.settings = settings
        self.runs: dict[tuple[str, int], dict] = {}
        if out is not None:
            self._open(Path(out), resume)

    def _open(self, out: Path, resume: bool) -> None:
        check_out_folder(out, overwrite=False, option="--out", allow_existing=True)
        if not resume and out.is_dir() and any(out.iterdir()):
            raise LloSimError(f"--out {out}: exists and is not empty; use --resume to "
                              "continue the optimisation there, or another folder")
        out.mkdir(parents=True, exist_ok=True)
        saved = out / SETTINGS
        if saved.exists():
            try:
                old = json.loads(saved.read_text(encoding="utf-8")).get("settings")
            except (OSError, json.JSONDecodeError, AttributeError):
                old = None
            if old != json.loads(to_json(self.settings)):
                differ = _first_difference(old, json.loads(to_json(self.settings)))
                raise LloSimError(f"--out {out}: holds an optimisation with other settings "
                                  f"({differ}); use another folder")
        elif any(out.iterdir()):
            raise LloSimError(f"--out {out}: exists and is not an optimisation's folder; use "
                              "another folder")
        else:
            saved.write_text(to_json({"settings": self.settings}))
        self._read(out / EVALUATIONS)

    def _read(self, path: Path) -> None:
        if not path.exists():
            return
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                row = json.loads(line)
                self.runs[(row["mix"], int(row["world"]))] = row["figures"]
            except (json.JSONDecodeError, KeyError, TypeError, ValueError):
                continue        # a line cut short by a kill: its run is made again

    def get(self, mix: str, world: int) -> dict | None:
        return self.runs.get((mix, world))

    def add(self, rows: list[tuple[str, int, dict]]) -> None:
        """Keep the runs of one world (``(mix, world, figures)``), on disk at once."""
        lines = []
        for mix, world, figures in rows:
            self.runs[(mix, world)] = figures
            lines.append(json.dumps({"mix": mix, "world": world, "figures": figures}) + "\n")
        if self.out is None:
            return
        with open(Path(self.out) / EVALUATIONS, "a", encoding="utf-8") as fh:
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
