"""Your own organisation: start from its workforce and its measured richting, ruimte and
ruggensteun, then check a plan against the next measurement (issue 12; docs/own-organisation.md).

    from llo_sim.own import run_own, check
    result = run_own("integrated", workforce="workforce.csv", scan="scan_0.csv", months=24)
    result.write("out/")
    report = check("out/", "scan_1.csv")

Modules: :mod:`csv_input` (the robust CSV reader), :mod:`problems` (every problem of a file
reported at once), :mod:`team_names` (names matched without regard to case or Unicode form),
:mod:`workforce_file`, HR exports read through a mapping (:mod:`mapping`, :mod:`columns`,
:mod:`vocabulary`, :mod:`hr_fields`) and a mapping proposed for a new export
(:mod:`inspection`), :mod:`scan_file`, :mod:`organisation`,
:mod:`start` (the scan's starting state), :mod:`predictions`, :mod:`run`, :mod:`run_folder`
(reading a run folder back, verified), :mod:`check` and :mod:`privacy` (small groups and their
complements suppressed in every output).
"""

from llo_sim.own.check import check
from llo_sim.own.organisation import Organisation, load_organisation
from llo_sim.own.run import OwnRunResult, run_own

__all__ = ["check", "load_organisation", "Organisation", "OwnRunResult", "run_own"]
