"""The calibrated ensemble: parameter sets that all reproduce the Dutch patterns.

The seeds leave many weights unknown; the calibration (:mod:`llo_sim.study.calibrate`) keeps every
parameter set that reproduces the targets together. The package ships one ensemble
(``calibration/ensemble.json``) with its provenance: the targets file's hash, the method, the
seed, the package version. Comparisons run each scenario over these sets as well as over
seeds, so their intervals include what we do not know about the weights.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from llo_sim.engine.files import CALIBRATION
from llo_sim.engine.parameters import REGISTRY
from llo_sim.errors import LloSimError
from llo_sim.storage.provenance import package_version

ENSEMBLE_FILE = CALIBRATION / "ensemble.json"
FORMAT = 1


class EnsembleError(LloSimError, ValueError):
    """An ensemble file that cannot be used."""


@dataclass
class Ensemble:
    parameters: list[str]
    members: np.ndarray                  # one row per parameter set
    distances: np.ndarray                # each member's calibration distance (0 = all inside)
    provenance: dict = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.members)

    def member(self, i: int) -> dict:
        """Parameter set ``i`` as keyword arguments for a run."""
        return {name: typed(name, v) for name, v in zip(self.parameters, self.members[i])}

    def best(self) -> dict:
        """The member with the smallest distance (the first of equals)."""
        return self.member(int(np.argmin(self.distances)))

    def to_json(self) -> str:
        return json.dumps({"format": FORMAT, "provenance": self.provenance,
                           "parameters": self.parameters,
                           "members": [[float(v) for v in row] for row in self.members],
                           "distances": [float(d) for d in self.distances]}, indent=1)


def resample(members: np.ndarray, distances: np.ndarray, weights: np.ndarray, size: int,
             seed: int) -> tuple[np.ndarray, np.ndarray]:
    """An equally weighted sample of ``size`` members from a weighted population (systematic
    resampling): each member appears about ``size x weight`` times. ABC-SMC's importance
    weights are part of the posterior; the comparisons treat members alike, so the shipped
    ensemble is resampled. Returns ``(members, distances)``, sorted by first appearance."""
    w = np.asarray(weights, dtype=np.float64)
    w = w / w.sum()
    positions = (np.random.default_rng(seed).random() + np.arange(size)) / size
    index = np.minimum(np.searchsorted(np.cumsum(w), positions), len(w) - 1)
    return members[index], distances[index]


def typed(name: str, value: float):
    """A parameter value from a float array, as the registry types it (int or float)."""
    return int(round(value)) if REGISTRY[name].kind == "int" else float(value)


def load_ensemble(path: str | Path = ENSEMBLE_FILE) -> Ensemble:
    """Read an ensemble file; a malformed one, another format, unknown parameters or values
    outside the registry's bounds raise :class:`EnsembleError` naming the file."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise EnsembleError(f"{path}: cannot read the ensemble ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise EnsembleError(f"{path}: format = {data.get('format') if isinstance(data, dict) else None!r}; "
                            f"expected an ensemble file of format {FORMAT}")
    made_by = data.get("provenance", {}).get("version")
    if made_by != package_version():
        raise EnsembleError(f"{path}: made by llo-sim {made_by!r}, this is {package_version()}; the "
                            "rules may differ: re-run `llo-sim calibrate`")
    names, rows = data.get("parameters"), data.get("members")
    if not isinstance(names, list) or not isinstance(rows, list) or not rows:
        raise EnsembleError(f"{path}: expected 'parameters' and a non-empty list 'members'")
    unknown = [n for n in names if n not in REGISTRY]
    if unknown:
        raise EnsembleError(f"{path}: unknown parameter {unknown[0]!r}; expected names from "
                            "the registry (see `llo-sim params`)")
    try:
        members = np.array(rows, dtype=np.float64)
        distances = np.array(data.get("distances", [0.0] * len(rows)), dtype=np.float64)
    except (TypeError, ValueError):
        raise EnsembleError(f"{path}: members must be lists of numbers") from None
    if members.ndim != 2 or members.shape[1] != len(names) or len(distances) != len(members):
        raise EnsembleError(f"{path}: every member needs one number per parameter "
                            f"({len(names)})")
    for j, name in enumerate(names):
        p = REGISTRY[name]
        bad = (members[:, j] < p.low) | (members[:, j] > p.high)
        if bad.any():
            raise EnsembleError(f"{path}: {name} = {float(members[bad, j][0])!r} is not allowed; "
                                f"expected {p.allowed()}")
    return Ensemble(list(names), members, distances, dict(data.get("provenance", {})))
