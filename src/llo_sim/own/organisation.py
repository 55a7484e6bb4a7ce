"""An own organisation: the people of a workforce file, what a leader survey says of their
teams, and the scan the model starts from. The model uses it in place of a drawn organisation
(``LearningCultureModel(organisation=...)``).

Known of each person: team, education, age band, contract and (when given) care duties; drawn
conditional on these, as for a drawn workforce: traits, skill, job, propensities, who holds a
budget (:func:`llo_sim.engine.workforce.complete_workforce`). Known of a team's leader (when given):
style, coaching, target pressure; the rest drawn (:func:`llo_sim.engine.leaders.draw_leaders`). The
model has no turnover, so the people stay the given people through the spin-up and the run.
The model calls the organisation's hooks (``make_workforce``, ``set_leaders``,
``fit_knob_shift``, ``fit_block_traits``); it never imports this package.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from llo_sim.engine.workforce import Workforce, complete_workforce
from llo_sim.own.hr_fields import reference_date as given_date
from llo_sim.own.mapping import NATIVE, SHIPPED_NAMES
from llo_sim.own.messages import Message
from llo_sim.own.scan_file import Scan, read_scan, scan_date
from llo_sim.own.start import fit_block_traits, fit_knob_shift
from llo_sim.own.workforce_file import People, TeamLeaders, read_teams, read_workforce


@dataclass
class Organisation:
    people: People
    leaders: TeamLeaders | None = None
    scan: Scan | None = None
    files: list[dict] = field(default_factory=list)    # role, path and sha256 of each file

    @property
    def n(self) -> int:
        return self.people.n

    @property
    def n_teams(self) -> int:
        return len(self.people.team_names)

    @property
    def notes(self) -> list[str]:
        """What the reading merged or matched that the user should know: team names that
        differ only in case or Unicode form (:mod:`llo_sim.own.team_names`)."""
        return [*self.people.notes, *(self.leaders.notes if self.leaders else []),
                *(self.scan.notes if self.scan else [])]

    @property
    def fingerprint(self) -> str:
        """One hash of the input files (and of how the workforce file was read, when not as
        the template: the mapping, the reference date): the warm-start cache key."""
        key = "".join(f["sha256"] for f in self.files)
        if self.people.reading is not None:
            key += json.dumps(self.people.reading, sort_keys=True)
        return hashlib.sha256(key.encode()).hexdigest()

    def make_workforce(self, p: dict, streams: dict) -> Workforce:
        """The people, with unknown care duties and education, the budget draw and every
        trait drawn. Unknown education is drawn (after the other draws, so that a file
        without unknowns draws exactly as before) from the calibrated share of the
        theoretically educated, as in a drawn organisation."""
        pe = self.people
        u = streams["demographics"].random((2, pe.n))
        care = np.where(pe.care >= 0, pe.care == 1, u[0] < p["share_care_duties"])
        theoretical = pe.theoretical == 1
        unknown = pe.theoretical < 0
        if unknown.any():
            drawn = streams["demographics"].random(pe.n) < p["share_theoretical"]
            theoretical = np.where(unknown, drawn, theoretical)
        return complete_workforce(p, streams, pe.team.copy(), theoretical,
                                  pe.age_band.copy(), pe.flex.copy(), care, u[1].copy())

    def set_leaders(self, p: dict, leaders) -> None:
        """Put what the leader survey says in place of the drawn values."""
        known = self.leaders
        if known is None:
            return
        leaders.style[:] = np.where(known.style >= 0, known.style, leaders.style)
        leaders.coaching[:] = np.where(np.isnan(known.coaching), leaders.coaching,
                                       known.coaching)
        leaders.pressure[:] = np.where(known.pressure < 0, leaders.pressure,
                                       known.pressure * p["target_pressure_level"])

    def fit_knob_shift(self, model):
        """Before the spin-up: per-team shifts of richting, autonomy and support that make the
        knobs as experienced match the scan (None without a scan; :mod:`llo_sim.own.start`)."""
        return None if self.scan is None else fit_knob_shift(model, self.scan)

    def fit_block_traits(self, model) -> None:
        """At month 0: the traits of the scan's teams shifted so that their building blocks
        match it (:func:`llo_sim.own.start.fit_block_traits`); nothing without a scan."""
        if self.scan is not None:
            fit_block_traits(model, self.scan)

    def describe(self) -> dict:
        """What run.json records of the organisation: files, counts; no row-level data."""
        out = {"files": self.files, "employees": self.n, "teams": self.n_teams,
               "team_names": [str(t) for t in self.people.team_names],
               "team_sizes": np.bincount(self.people.team, minlength=self.n_teams).tolist()}
        if self.people.reading is not None:
            out["reading"] = self.people.reading
        if self.scan is not None:
            out["scan"] = {"month": self.scan.month, "scale": list(self.scan.scale),
                           "quantities": self.scan.quantities,
                           "level": "organisation" if self.scan.teams is None else "team"}
        return out


def _record(role: str, path) -> dict:
    data = Path(path).read_bytes()
    return {"role": role, "path": str(path), "sha256": hashlib.sha256(data).hexdigest()}


def load_organisation(workforce, teams=None, scan=None, *, mapping=None, reference_date=None,
                      external: str | None = None) -> Organisation:
    """Read the workforce file (through ``mapping`` when it is an HR export; see
    :func:`llo_sim.own.workforce_file.read_workforce`) and, when given, the teams file and
    the first scan. Ages from dates of birth are computed on ``reference_date``, else on the
    first scan's ``date``, else today (with a note)."""
    reference, origin = _reference(reference_date, scan)
    people = read_workforce(workforce, mapping, reference_date=reference,
                            reference_origin=origin, external=external)
    files = [_record("workforce", workforce)]
    if (isinstance(mapping, str | Path) and str(mapping) not in (*SHIPPED_NAMES, NATIVE.name)
            and Path(mapping).is_file()):
        files.append(_record("mapping", mapping))
    leaders = None
    if teams is not None:
        leaders = read_teams(teams, people)
        files.append(_record("teams", teams))
    first = None
    if scan is not None:
        first = read_scan(scan, people, first=True)
        files.append(_record("scan", scan))
    return Organisation(people, leaders, first, files)


def _reference(given, scan) -> tuple:
    """The reference date for ages and where it comes from."""
    if given is not None:
        return given_date(given), "--reference-date"
    day = scan_date(scan) if scan is not None else None
    return day, Message("origin_scan", file=scan)
