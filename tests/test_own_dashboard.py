"""The dashboard upload of your own organisation: the example runs from uploaded bytes, bad
uploads give the one-line message naming the uploaded file, and the tab renders."""

from pathlib import Path

import pytest

from llo_sim.dashboard.own_upload import OwnOrganisationView, run_uploads
from llo_sim.errors import LloSimError
from llo_sim.own.check import AS_PREDICTED, BETTER, SUPPRESSED, WORSE
from llo_sim.engine.scenario import load

EXAMPLE = Path(__file__).parents[1] / "examples" / "zorginstelling"


def upload(*names):
    roles = {"workforce.csv": "workforce", "teams.csv": "teams", "scan_0.csv": "scan",
             "scan_1.csv": "later"}
    return {roles[n]: (n, (EXAMPLE / n).read_bytes()) for n in names}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_example_runs_from_the_upload_with_start_and_check(lang):
    params = load("integrated").parameters
    own = run_uploads(upload("workforce.csv", "teams.csv", "scan_0.csv", "scan_1.csv"),
                      "integrated", params, 1, 12, lang=lang)
    assert ("282 medewerkers" if lang == "nl" else "282 employees") in own.summary
    assert (abs(own.start["measured"] - own.start["model_month_0"]) < 0.02).all()
    assert "Planning" not in set(own.start["team"])                 # 3 employees
    assert set(own.check["verdict"]) <= {BETTER, AS_PREDICTED, WORSE,
                                         SUPPRESSED}
    assert len(own.check_lines) == len(own.check)


def test_a_bad_upload_names_the_uploaded_file():
    bad = {"workforce": ("mijn_personeel.xlsx", b"PK\x03\x04" + b"\x00" * 50)}
    with pytest.raises(LloSimError, match=r"mijn_personeel.xlsx: is an Excel workbook"):
        run_uploads(bad, "baseline", load("baseline").parameters, 1, 6)
    with pytest.raises(LloSimError, match="missing"):
        run_uploads(upload("scan_0.csv"), "baseline", load("baseline").parameters, 1, 6)


def test_the_tab_renders_its_upload_fields():
    import solara

    from ipyvuetify.extra import FileInput

    box, rc = solara.render(OwnOrganisationView("baseline", load("baseline").parameters, 1,
                                                "en"), handle_error=False)
    assert len(rc.find(FileInput).widgets) == 4
    for label in ("Employees (workforce.csv, required)", "Teams and leaders (teams.csv)",
                  "First scan (scan_0.csv)", "Later scan (scan_1.csv, with month)"):
        rc.find(children=[label]).assert_single()


def test_scan_table_cells_are_in_the_language_and_team_names_are_escaped():
    """Team names come from an uploaded file: they are shown as text, never as markup."""
    import pandas as pd

    from llo_sim.dashboard.own_upload import _cell

    row = pd.Series({"team": "<b>Zorg & Co</b>", "measured": 3.456, "predicted_median": 4.0,
                     "p05": 3.5, "p95": 4.25, "verdict": WORSE})
    assert _cell(row, "team", "nl") == "&lt;b&gt;Zorg &amp; Co&lt;/b&gt;"
    assert _cell(row, "measured", "nl") == "3,46" and _cell(row, "measured", "en") == "3.46"
    assert _cell(row, "predicted", "en") == "4.00 (3.50-4.25)"
    assert _cell(row, "verdict", "nl") == "slechter dan voorspeld"
    gone = pd.Series({"measured": float("nan"), "predicted_median": float("nan")})
    assert _cell(gone, "measured", "en") == "" and _cell(gone, "predicted", "en") == ""
