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
    with pytest.raises(LloSimError, match=r"^mijn_personeel.xlsx: is an Excel workbook"):
        run_uploads(bad, "baseline", load("baseline").parameters, 1, 6)
    with pytest.raises(LloSimError, match="missing"):
        run_uploads(upload("scan_0.csv"), "baseline", load("baseline").parameters, 1, 6)


def test_the_tab_renders_its_upload_fields():
    import solara

    from ipyvuetify.extra import FileInput

    box, rc = solara.render(OwnOrganisationView("baseline", load("baseline").parameters, 1,
                                                "en"), handle_error=False)
    assert len(rc.find(FileInput).widgets) == 5
    for label in ("Employees (workforce.csv, required)", "Teams and leaders (teams.csv)",
                  "First scan (scan_0.csv)", "Later scan (scan_1.csv, with month)",
                  "Mapping of an HR export (mapping.toml; without: recognised)"):
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


@pytest.mark.parametrize("lang, words", [("nl", "te groot"), ("en", "too large")])
def test_an_upload_over_the_cap_is_refused_before_a_byte_is_read(lang, words):
    """The size the browser reports is checked first: a 200 MB file is never transferred,
    let alone parsed (it once took 1.4 GB of memory)."""
    from llo_sim.dashboard.own_upload import MAX_UPLOAD_MB, receive

    def read():
        raise AssertionError("the file was read")

    with pytest.raises(LloSimError, match=rf"^personeel\.csv: 200.0 MB .*{words}.*"
                                          rf"{MAX_UPLOAD_MB} MB") as refused:
        receive("workforce", "personeel.csv", 200_000_000, read, lang)
    assert "\n" not in str(refused.value)
    with pytest.raises(LloSimError, match=words):
        receive("workforce", "p.csv", MAX_UPLOAD_MB * 1_000_000 + 1, read, lang)
    with pytest.raises(LloSimError, match=words):            # a size that is not a number
        receive("workforce", "p.csv", "12", read, lang)
    data = (EXAMPLE / "workforce.csv").read_bytes()
    assert receive("workforce", "p.csv", len(data), lambda: data, lang) == ("p.csv", data)


def test_run_uploads_refuses_bytes_over_the_cap_before_parsing(monkeypatch):
    from llo_sim.dashboard import own_upload

    def parse(*args):
        raise AssertionError("the file was parsed")

    monkeypatch.setattr(own_upload, "load_organisation", parse)
    big = {"workforce": ("w.csv", b"x" * (own_upload.MAX_UPLOAD_MB * 1_000_000 + 1))}
    with pytest.raises(LloSimError, match=r"^w\.csv: .* too large"):
        run_uploads(big, "baseline", load("baseline").parameters, 1, 6)


ODD_NAMES = ["..", ".", "", " ", "...", "a" * 300, "x" * 300 + ".csv", "é" * 200 + ".csv",
             "../../etc/passwd", "C:\\fakepath\\..", "map/", "nul\x00.csv", "\n", "..\\..",
             "team\tlist.csv"]


@pytest.mark.parametrize("name", ODD_NAMES, ids=range(len(ODD_NAMES)))
def test_an_odd_file_name_gives_the_files_own_message_not_a_hang(name):
    """Names such as ``..`` or 300 characters once made writing the upload fail with an
    error the view did not expect, so the tab showed "Computing ..." for ever. The name is
    cut to a short base name, and the file's own problem is reported under it."""
    from llo_sim.dashboard.own_upload import NAME_MAX_BYTES, safe_name

    shown = safe_name(name, "workforce")
    assert 0 < len(shown.encode()) <= NAME_MAX_BYTES
    assert shown.strip(".") and "/" not in shown and "\\" not in shown
    assert shown.isprintable()
    bad = {"workforce": (name, b"PK\x03\x04" + b"\x00" * 50)}
    with pytest.raises(LloSimError, match="is an Excel workbook") as refused:
        run_uploads(bad, "baseline", load("baseline").parameters, 1, 6)
    assert shown in str(refused.value)


def test_names_keep_what_can_be_kept():
    from llo_sim.dashboard.own_upload import NAME_MAX_BYTES, safe_name

    assert safe_name("personeel 2026.csv", "workforce") == "personeel 2026.csv"
    assert safe_name("..", "teams") == "teams.csv" and safe_name("", "scan") == "scan.csv"
    assert safe_name("C:\\Users\\hr\\scan_1.csv", "later") == "scan_1.csv"
    long = safe_name("x" * 300 + ".csv", "workforce")
    assert long.endswith(".csv") and len(long.encode()) == NAME_MAX_BYTES


@pytest.mark.parametrize("text, months", [("12", 12), (" 18 ", 18), ("0", 1), ("999", 240),
                                          ("12,0", 12), ("", None), ("twelve", None),
                                          ("1.5", None), ("nan", None), ("inf", None)])
def test_the_typed_months_are_read_and_clamped_when_the_run_starts(text, months):
    from llo_sim.dashboard.own_upload import months_to_run
    from llo_sim.engine.limits import DASHBOARD_MAX_MONTHS

    assert DASHBOARD_MAX_MONTHS == 240
    assert months_to_run(text) == months
