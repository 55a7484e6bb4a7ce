"""The priors: for each weight a study draws or fits, the range it may take. The calibration
fits ``priors.toml``; every member of the ensemble also gets its own draw of the instrument
weights in ``policy_priors.toml`` (:mod:`llo_sim.study.ensemble`, ``docs/validation.md``)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from llo_sim.engine import toml_text
from llo_sim.engine.files import CALIBRATION
from llo_sim.engine.parameters import REGISTRY
from llo_sim.errors import LloSimError

PRIORS_FILE = CALIBRATION / "priors.toml"
POLICY_PRIORS_FILE = CALIBRATION / "policy_priors.toml"
TRIAL_PRIORS_FILE = CALIBRATION / "trial_priors.toml"

class CalibrationError(LloSimError, ValueError):
    """Bad input to the calibration."""


def load_priors(path: str | Path = PRIORS_FILE) -> dict[str, tuple[float, float]]:
    """``{parameter: (low, high)}`` from a priors file; bad files raise CalibrationError."""
    path = Path(path)
    try:
        data = toml_text.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CalibrationError(f"{path}: cannot read the priors ({exc})") from None
    priors = {}
    for name, bounds in data.items():
        if name not in REGISTRY:
            raise CalibrationError(f"{path}: {name} is not a parameter; expected names from "
                                   "the registry (see `llo-sim params`)")
        p = REGISTRY[name]
        ok = (isinstance(bounds, list) and len(bounds) == 2
              and all(isinstance(b, (int, float)) and not isinstance(b, bool) for b in bounds)
              and p.low is not None and p.low <= bounds[0] < bounds[1] <= p.high)
        if not ok:
            raise CalibrationError(f"{path}: {name} = {bounds!r} is not allowed; expected "
                                   f"[low, high] with {p.low:g} <= low < high <= {p.high:g}")
        priors[name] = (float(bounds[0]), float(bounds[1]))
    if not priors:
        raise CalibrationError(f"{path}: no parameters to calibrate")
    return priors
