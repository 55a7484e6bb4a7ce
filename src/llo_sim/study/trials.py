"""Virtual trials: published studies of HR instruments, reproduced inside the model.

``calibration/evidence.toml`` lists, per instrument, the studies found and, for those the
model can copy, the trial's design: who is randomised (employees, or whole teams when the
instrument acts on teams), which part of the workforce takes part (everyone, or the
practically educated), for how many months, with which settings, and what is measured. A
trial runs in one world (a parameter set) and one seed: the organisation warms up under the
baseline policy as usual, a random half of the eligible employees or teams gets the
instrument from month 1 (:meth:`LearningCultureModel.set_trial`), and after the study's
months the two halves are compared on the study's outcome and scale.

The calibration fits the weights the evidence sizes so that each simulated effect falls in
its study's band (:func:`trial_targets`), together with the baseline targets;
``docs/validation.md`` shows simulated beside published effects across the ensemble.
"""

from __future__ import annotations

import tomllib
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from llo_sim.engine.files import CALIBRATION
from llo_sim.engine.model import LearningCultureModel
from llo_sim.errors import LloSimError
from llo_sim.study.targets import Target

EVIDENCE_FILE = CALIBRATION / "evidence.toml"
UNITS = ("employee", "team")
BLOCKS = ("weten", "willen", "kunnen", "durven", "mogen")
POPULATIONS = ("all", "practical", "theoretical")
USES = ("calibrate", "check", "context")


class EvidenceError(LloSimError, ValueError):
    """An evidence file that cannot be used."""


@dataclass(frozen=True)
class Design:
    """How a trial is run: the instrument, who is randomised and eligible, for how long, with
    which parameter settings. Several studies can share one design (one simulation)."""

    instrument: str
    unit: str
    population: str
    months: int
    settings: tuple[tuple[str, object], ...]

    @property
    def key(self) -> str:
        return f"{self.instrument}/{self.unit}/{self.population}/{self.months}/{self.settings}"


@dataclass(frozen=True)
class Study:
    """One published figure and, when the model can copy its design, its trial."""

    id: str
    instrument: str
    citation: str
    url: str
    quote: str
    use: str
    outcome: str = ""
    effect: float | None = None
    scale: str = ""
    band: tuple[float, float] | None = None
    band_source: str = ""
    design: Design | None = None
    measure: str = ""


@dataclass
class Evidence:
    """The instruments (their text) and every study, in the file's order."""

    instruments: list[dict]
    studies: list[Study] = field(default_factory=list)

    def trials(self, uses: tuple[str, ...] = ("calibrate", "check")) -> list[Study]:
        return [s for s in self.studies if s.design is not None and s.use in uses]


def load_evidence(path: str | Path = EVIDENCE_FILE) -> Evidence:
    """The evidence file; a malformed one raises :class:`EvidenceError` naming it."""
    from llo_sim.engine.instruments import INSTRUMENTS
    from llo_sim.engine.parameters import validate

    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise EvidenceError(f"{path}: cannot read the evidence ({exc})") from None
    keys = {cls.key for cls in INSTRUMENTS}
    evidence = Evidence(instruments=[])
    for inst in data.get("instrument", []):
        if inst.get("key") not in keys:
            raise EvidenceError(f"{path}: instrument {inst.get('key')!r} is not an instrument "
                                f"of the model; expected one of {', '.join(sorted(keys))}")
        evidence.instruments.append({k: v for k, v in inst.items() if k != "study"})
        for raw in inst.get("study", []):
            evidence.studies.append(_study(path, inst["key"], raw, validate))
    return evidence


def _study(path: Path, instrument: str, raw: dict, validate) -> Study:
    where = f"{path}: study {raw.get('id')!r}"
    if raw.get("use") not in USES:
        raise EvidenceError(f"{where}: use = {raw.get('use')!r}; expected one of "
                            + ", ".join(USES))
    design, measure = None, ""
    if "trial" in raw:
        t = raw["trial"]
        if t.get("unit") not in UNITS or t.get("population") not in POPULATIONS:
            raise EvidenceError(f"{where}: trial unit {t.get('unit')!r} / population "
                                f"{t.get('population')!r}; expected {UNITS} / {POPULATIONS}")
        if t.get("measure") not in MEASURES:
            raise EvidenceError(f"{where}: trial measure {t.get('measure')!r}; expected one of "
                                + ", ".join(MEASURES))
        validate(t.get("set", {}), f"{where} [trial.set]")
        design = Design(instrument, t["unit"], t["population"], int(t["months"]),
                        tuple(sorted(t.get("set", {}).items())))
        measure = t["measure"]
    band = tuple(raw["band"]) if "band" in raw else None
    if raw["use"] == "calibrate" and (design is None or band is None or band[0] >= band[1]):
        raise EvidenceError(f"{where}: a study used to calibrate needs a [trial] and a band "
                            "[low, high] with low < high")
    return Study(raw["id"], instrument, raw.get("citation", ""), raw.get("url", ""),
                 raw.get("quote", ""), raw["use"], raw.get("outcome", ""), raw.get("effect"),
                 raw.get("scale", ""), band, raw.get("band_source", ""), design, measure)


def in_baseline(instrument: str) -> bool:
    """Whether the instrument is in place under the baseline policy (the budget is): then its
    weights shape the baseline too and are fitted with the world, not after it."""
    from llo_sim.engine.policy import baseline_policy

    p = baseline_policy()
    return (p["budget_amount"] > 0 if instrument == "budget"
            else p[f"{instrument}_intensity"] > 0)


def trial_targets(studies: list[Study]) -> list[Target]:
    """The calibrated studies as targets: the simulated effect must fall in the band."""
    return [Target(s.id, s.outcome, f"{s.effect}", s.citation, s.measure, "trial", *s.band)
            for s in studies if s.use == "calibrate"]


# --- running a trial ----------------------------------------------------------------------------

def run_trials(params: dict, seed: int, studies: list[Study]) -> dict[str, float]:
    """Every study's simulated effect in one world and seed: ``{study id: value}``. Studies
    that share a design share one simulation."""
    out: dict[str, float] = {}
    designs: dict[str, list[Study]] = {}
    for s in studies:
        designs.setdefault(s.design.key, []).append(s)
    for group in designs.values():
        arms = simulate_trial(group[0].design, params, seed,
                              untreated=any(s.measure in WITH_UNTREATED for s in group))
        for s in group:
            out[s.id] = MEASURES[s.measure](arms)
    return out


@dataclass
class Arms:
    """What a trial leaves to measure: the model after the study's months and who was
    treated and who was in the control group (eligible employees; teams too)."""

    model: LearningCultureModel
    treated: np.ndarray
    control: np.ndarray
    teams_treated: np.ndarray
    teams_control: np.ndarray
    before: dict = field(default_factory=dict)     # the measured states at month 0
    untreated: LearningCultureModel | None = None  # the same months with nobody treated


def simulate_trial(design: Design, params: dict, seed: int, untreated: bool = False) -> Arms:
    """Run one trial: the world ``params`` with the design's settings, a random half of the
    eligible employees (or teams) treated with the instrument from month 1.

    With ``untreated``, the same organisation also lives the same months with nobody treated,
    on the same random numbers (:mod:`llo_sim.engine.streams`): what every employee would
    have done without the instrument. :func:`formal_within` uses it as a control variate."""
    model = _warm(design, params, seed)
    w = model.workforce
    eligible = {"all": np.ones(w.n, dtype=bool), "practical": ~w.theoretical,
                "theoretical": w.theoretical.copy()}[design.population]
    coin = np.random.default_rng([seed, zlib.crc32(design.key.encode())])
    if design.unit == "team":
        team_coin = coin.random(model.leaders.n) < 0.5
        treated = eligible & team_coin[w.team]
    else:
        treated = eligible & (coin.random(w.n) < 0.5)
    control = eligible & ~treated
    before = {name: getattr(w, name).copy() for name in BLOCKS}
    before["coaching"] = model.leaders.coaching.copy()
    _live(model, design, treated)
    teams = np.bincount(w.team, minlength=model.leaders.n)
    t_teams = np.bincount(w.team, weights=treated, minlength=model.leaders.n) > 0
    c_teams = (np.bincount(w.team, weights=control, minlength=model.leaders.n) > 0) & ~t_teams
    shadow = (_live(_warm(design, params, seed), design, np.zeros(w.n, dtype=bool))
              if untreated else None)
    return Arms(model, treated, control, t_teams & (teams > 0), c_teams & (teams > 0), before,
                shadow)


def _warm(design: Design, params: dict, seed: int) -> LearningCultureModel:
    """The warmed-up organisation of the world, with the design's settings."""
    return LearningCultureModel(rng=seed, agents=False, **{**params, **dict(design.settings)})


def _live(model: LearningCultureModel, design: Design, treated) -> LearningCultureModel:
    """The study's months, the instrument reaching only the ``treated`` employees."""
    model.set_trial(design.instrument, treated)
    for _ in range(design.months):
        model.step()
    return model


# --- outcomes -------------------------------------------------------------------------------------

def _share(mask: np.ndarray, of: np.ndarray) -> float:
    k = np.count_nonzero(of)
    return np.count_nonzero(mask & of) / k if k else float("nan")


def smd(after: np.ndarray, before: np.ndarray, treated: np.ndarray,
        control: np.ndarray) -> float:
    """The standardised mean difference of a pretest-posttest-control design: the treated
    group's mean change minus the control group's, over the pooled standard deviation before
    the trial (Morris 2008, d_ppc2), so that chance differences between the arms at the start
    do not count as an effect."""
    if np.count_nonzero(treated) < 2 or np.count_nonzero(control) < 2:
        return float("nan")
    change = after - before
    pooled = np.sqrt((before[treated].var(ddof=1) + before[control].var(ddof=1)) / 2.0)
    diff = change[treated].mean() - change[control].mean()
    return float(diff / pooled) if pooled > 0 else float("nan")


def formal_within(a: Arms) -> float:
    """Took part in formal learning during the trial: treated minus control (a share).

    When the trial ran beside its untreated twin (:func:`simulate_trial`), the chance
    difference between the two halves *without* the instrument is taken off: the twin shows
    how the treated half would have done anyway. The expected effect is the same (the halves
    are drawn at random, so that difference averages zero), but the noise of the draw is gone:
    with 1,500 employees the spread over seeds falls from about 0.027 to 0.013
    (``docs/performance.md``)."""
    learned = a.model.workforce.last_formal >= 1
    effect = _share(learned, a.treated) - _share(learned, a.control)
    if a.untreated is not None:
        anyway = a.untreated.workforce.last_formal >= 1
        effect -= _share(anyway, a.treated) - _share(anyway, a.control)
    return effect


def control_formal_within(a: Arms) -> float:
    """Took part in formal learning during the trial, control group (the base rate)."""
    return _share(a.model.workforce.last_formal >= 1, a.control)


def deadweight(a: Arms) -> float:
    """The share of budget users who would have learned formally without the budget:
    1 - (extra participation) / (share of the treated who used the budget)."""
    used = _share(a.model.workforce.last_budget >= 1, a.treated)
    return 1.0 - formal_within(a) / used if used > 0 else float("nan")


def _block_smd(name: str):
    def measure(a: Arms) -> float:
        return smd(getattr(a.model.workforce, name), a.before[name], a.treated, a.control)

    measure.__doc__ = f"{name} at the end of the trial, treated against control (SMD)."
    return measure


def coaching_smd(a: Arms) -> float:
    """Leaders' coaching at the end of the trial, treated teams against control teams (SMD)."""
    return smd(a.model.leaders.coaching, a.before["coaching"], a.teams_treated,
               a.teams_control)


WITH_UNTREATED = {"formal_within", "deadweight"}   # measures that use the untreated twin

MEASURES = {
    "formal_within": formal_within,
    "control_formal_within": control_formal_within,
    "deadweight": deadweight,
    "coaching_smd": coaching_smd,
    "kunnen_smd": _block_smd("kunnen"),
    "weten_smd": _block_smd("weten"),
    "willen_smd": _block_smd("willen"),
    "durven_smd": _block_smd("durven"),
}
