"""What kind of result a folder holds, and the two rules that keep ``--out`` from deleting
anything the user gave.

Every result folder of llo-sim has a *marker* file that says what it is: ``run.json``,
``compare.json``, ``check.json``, ``sweep.json``, ``discover.json``, ``optimise.json`` or
``abc.db`` (the marker JSON files also record ``"kind"``). Folders written before the markers
are recognised by their files (a check by ``check.csv``, a sweep by its part folders).

1. **Inputs stay out of ``--out``** (:func:`refuse_inputs`): ``--out`` may not be, or hold,
   a file or folder the command reads (workforce, teams and scan files, scenario files, the
   experiment, ensemble, priors and targets files, the run folder ``check`` reads). It may lie
   inside such a folder (``check`` writes beside the run, in ``RUN_DIR/check-MONTH``).
2. **``--overwrite`` replaces only llo-sim's result of the same kind**
   (:func:`refuse_replacing`): the folder must hold the marker of that kind and nothing but the
   files such a result has (and the clutter a desktop leaves: ``.DS_Store``, ``Thumbs.db``,
   ``desktop.ini``). A folder of another kind, a folder without a marker, other files, or
   other result folders inside it are refused in one line naming them.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from llo_sim.errors import LloSimError

CLUTTER = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})
SHOWN = 4                    # names shown in a message before "..."


@dataclass(frozen=True)
class Kind:
    """A kind of result folder: its marker, every file and folder it may hold (a folder
    with the patterns of the files inside it) and, for folders written before the marker,
    the files that recognise it."""

    name: str
    label: str
    marker: str
    files: frozenset = frozenset()
    folders: dict = field(default_factory=dict)
    legacy: tuple = ()

    def recognises(self, folder: Path) -> bool:
        if (folder / self.marker).is_file():
            return True
        return bool(self.legacy) and all(os.path.lexists(folder / n) for n in self.legacy)

    def holds(self, entry: Path) -> bool:
        """Whether ``entry`` (in a folder of this kind) is one of its own files or folders."""
        if entry.name in self.folders and entry.is_dir() and not entry.is_symlink():
            pattern = self.folders[entry.name]
            return all(fnmatch.fnmatch(p.name, pattern) or p.name.endswith(".tmp")
                       for p in entry.iterdir())
        return entry.name in self.files and (entry.is_symlink() or not entry.is_dir())


def _kind(name, label, marker, files=(), folders=None, legacy=()) -> Kind:
    return Kind(name, label, marker, frozenset({marker, *files}), dict(folders or {}),
                tuple(legacy))


KINDS = {k.name: k for k in (
    _kind("run", "a run", "run.json",
          ("timeseries.csv", "groups.csv", "predictions.csv", "start.csv", "employees.csv",
           "run.png")),
    _kind("compare", "a comparison", "compare.json",
          ("summary.csv", "differences.csv", "costs.csv", "cost_effectiveness.csv",
           "timeseries.csv", "groups.csv", "comparison.png", "comparison.svg")),
    _kind("check", "a check", "check.json", ("check.csv", "check.png"), legacy=("check.csv",)),
    _kind("sweep", "a sweep", "sweep.json",
          (".lock", "sensitivity.csv", "sensitivity.png", "sensitivity.svg"),
          {"summary": "part-*.parquet", "timeseries": "part-*.parquet"},
          legacy=("summary", "timeseries")),
    _kind("discover", "a discovery", "discover.json",
          (".lock", "cases.csv", "boxes.csv", "discovery.png", "discovery.svg",
           "summary.txt"), {"cases": "part-*.parquet"}),
    _kind("optimise", "an optimisation", "optimise.json",
          (".lock", "evaluations.jsonl", "front.csv", "evaluations.csv", "shipped.csv",
           "result.json", "front.png", "front.svg"), {"mixes": "*.toml"}),
    _kind("calibrate", "a calibration", "abc.db",
          (".lock", "ensemble.json", "abc.db-journal", "abc.db-wal", "abc.db-shm")),
)}


def kind_of(folder: Path) -> Kind | None:
    """The kind of result ``folder`` holds (by its marker), or None."""
    if not folder.is_dir() or folder.is_symlink():
        return None
    return next((k for k in KINDS.values() if k.recognises(folder)), None)


def _names(entries: Iterable[str]) -> str:
    entries = sorted(entries)
    return ", ".join(entries[:SHOWN]) + (", ..." if len(entries) > SHOWN else "")


def refuse_inputs(out: Path, inputs: Iterable, option: str = "--out") -> None:
    """Refuse an ``out`` that is, or holds, one of ``inputs`` (files or folders the command
    reads), by the path as given and by the path it resolves to."""
    outs = {Path(os.path.abspath(out)), Path(os.path.realpath(out))}
    for given in inputs:
        if given is None or str(given) == "":
            continue
        for path in {Path(os.path.abspath(given)), Path(os.path.realpath(given))}:
            if any(path == o or o in path.parents for o in outs):
                what = "is" if path in outs else "holds"
                raise LloSimError(f"{option} {out}: {what} {given}, which this command reads; "
                                  "give a folder for the results that holds none of its "
                                  f"inputs, e.g. {_beside(out)}")


def _beside(out: Path) -> str:
    return str(Path(out) / "results") if Path(out).is_dir() else f"{out}-results"


def refuse_replacing(out: Path, kind: str, option: str = "--out",
                     flag: str = "--overwrite") -> None:
    """Refuse to replace the non-empty folder ``out`` with a result of ``kind`` unless it is
    llo-sim's result of that kind and holds nothing else; the error names what it holds."""
    want = KINDS[kind]
    entries = [p for p in out.iterdir() if p.name not in CLUTTER and p.name != ".lock"]
    if not entries:                      # nothing, or only the lock of a resumable study
        return
    nested = {p.name: found for p in entries
              if (found := kind_of(p)) is not None}
    nested_text = ", ".join(f"{n}/ ({k.label})" for n, k in sorted(nested.items())[:SHOWN])
    found = kind_of(out)
    only = f"{flag} replaces only {want.label}'s folder"
    if found is None:
        if nested:
            raise LloSimError(f"{option} {out}: holds other results ({nested_text}), not "
                              f"{want.label}; {only}: give one of those folders or another "
                              "folder")
        raise LloSimError(f"{option} {out}: is not a folder of llo-sim's results (it holds "
                          f"{_names(_shown(entries))}); {only}: use another folder, or move "
                          "those files yourself")
    if found is not want:
        raise LloSimError(f"{option} {out}: holds {found.label} ({found.marker}), not "
                          f"{want.label}; {only}: use another folder, or remove it yourself")
    if nested:
        raise LloSimError(f"{option} {out}: holds other results ({nested_text}) besides "
                          f"{want.label}'s files; {flag} would remove them: move them or "
                          "use another folder")
    foreign = [p for p in entries if not want.holds(p)]
    if foreign:
        raise LloSimError(f"{option} {out}: holds {_names(_shown(foreign))} besides "
                          f"{want.label}'s files; {flag} would remove them: move them or "
                          "use another folder")


def _shown(entries: list[Path]) -> list[str]:
    return [p.name + ("/" if p.is_dir() and not p.is_symlink() else "") for p in entries]


def replaced(out: Path) -> list[str]:
    """What replacing ``out`` removes (its entries, folders with a ``/``)."""
    if not out.is_dir():
        return []
    return sorted(_shown([p for p in out.iterdir() if not p.name.startswith(".")]))
