"""Calibration targets: read them, and compute each one from model output, in one place.

The targets (``calibration/targets.toml``) are published Dutch patterns the baseline must
reproduce together (``../shared/calibration/targets.md``). The calibration, the validation
report (``docs/validation.md``) and the tests all call :func:`evaluate`, so they read the
same definitions. A target's ``how`` says which months a value comes from (see the file).
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from llo_sim.engine import toml_text
from llo_sim.engine.files import CALIBRATION
from llo_sim.errors import LloSimError

TARGETS_FILE = CALIBRATION / "targets.toml"
TRAITS = ("locus", "curiosity", "efficacy")
HOWS = ("yearly", "month0", "drift")


class TargetsError(LloSimError, ValueError):
    """A targets file that cannot be used."""


@dataclass(frozen=True)
class Target:
    id: str
    pattern: str
    figure: str
    source: str
    measure: str
    how: str
    low: float
    high: float

    def distance(self, value: float) -> float:
        """How far ``value`` lies outside the band, in band widths (0 inside; 10 if NaN)."""
        if value != value:
            return 10.0
        width = self.high - self.low
        return max(self.low - value, value - self.high, 0.0) / width


def load_targets(path: str | Path = TARGETS_FILE) -> list[Target]:
    """The targets in ``path``; a malformed file raises :class:`TargetsError` naming it."""
    path = Path(path)
    try:
        data = toml_text.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise TargetsError(f"{path}: cannot read the targets ({exc})") from None
    rows = data.get("target")
    if not isinstance(rows, list) or not rows:
        raise TargetsError(f"{path}: expected one or more [[target]] tables")
    out = []
    for i, row in enumerate(rows, start=1):
        try:
            t = Target(**{k: row[k] for k in Target.__dataclass_fields__})
        except (KeyError, TypeError) as exc:
            raise TargetsError(f"{path}: target {i}: missing or wrong key {exc}") from None
        if t.how not in HOWS:
            raise TargetsError(f"{path}: target {t.id}: how = {t.how!r}; expected one of "
                               f"{', '.join(HOWS)}")
        if not (isinstance(t.low, (int, float)) and isinstance(t.high, (int, float))
                and t.low < t.high):
            raise TargetsError(f"{path}: target {t.id}: low = {t.low!r}, high = {t.high!r}; "
                               "expected two numbers with low < high")
        out.append(t)
    return out


def targets_hash(path: str | Path = TARGETS_FILE) -> str:
    """SHA-256 of the targets file (the provenance of a calibration)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def value(target: Target, ts: pd.DataFrame) -> float:
    """The model's value for one target, from a baseline run's time series (month 0 first)."""
    if target.measure == "traits":
        return max(value(Target(**{**target.__dict__, "measure": t}), ts) for t in TRAITS)
    if target.measure not in ts.columns:
        raise TargetsError(f"target {target.id}: the time series has no column "
                           f"{target.measure!r}")
    series = ts.set_index("month")[target.measure]
    if target.how == "month0":
        return float(series.loc[0])
    years = [m for m in range(12, int(series.index.max()) + 1, 12)]
    if target.how == "yearly":
        return float(np.mean(series.loc[years])) if years else float(series.iloc[-1])
    return trend_change(series, years if target.measure.startswith("participation") else
                        [m for m in range(0, int(series.index.max()) + 1, 12)])


def trend_change(series: pd.Series, months: list[int]) -> float:
    """How far a measure moves over the run: the change along the least-squares line through
    its values at ``months`` (first to last). A trend, not the largest jump, so that the
    chance variation of a finite workforce does not count as movement."""
    if len(months) < 2:
        return float("nan")
    x = np.asarray(months, dtype=float)
    slope = np.polyfit(x, series.loc[months].to_numpy(dtype=float), 1)[0]
    return float(abs(slope) * (x[-1] - x[0]))


def evaluate(ts: pd.DataFrame, targets: list[Target] | None = None) -> pd.DataFrame:
    """One row per target: ``id, measure, low, high, value, inside, distance``."""
    targets = load_targets() if targets is None else targets
    rows = []
    for t in targets:
        v = value(t, ts)
        rows.append({"id": t.id, "measure": t.measure, "low": t.low, "high": t.high,
                     "value": v, "inside": t.low <= v <= t.high, "distance": t.distance(v)})
    return pd.DataFrame(rows)


def distance(ts: pd.DataFrame, targets: list[Target] | None = None) -> float:
    """The calibration's distance: the sum over targets of how far each lies outside its
    band, in band widths. 0 when every target holds."""
    return float(evaluate(ts, targets)["distance"].sum())
