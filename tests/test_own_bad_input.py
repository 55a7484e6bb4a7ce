"""Bad input files for your own organisation: each gives one line naming the file, row,
column, value and what is allowed, exit code 2, and writes nothing."""

from pathlib import Path

import pytest

from llo_sim.cli import main
from llo_sim.own import csv_input, load_organisation

EXAMPLE = Path(__file__).parents[1] / "examples" / "zorginstelling"
WF_TEXT = (EXAMPLE / "workforce.csv").read_text()
HEADER = "id,team,education,age,contract,care"
ROWS = [f"P{i},Team {'AB'[i % 2]},{'high' if i % 3 else 'low'},{25 + i},permanent,no"
        for i in range(12)]


def write(tmp_path, text, name="workforce.csv", mode="w"):
    path = tmp_path / name
    path.write_bytes(text) if isinstance(text, bytes) else path.write_text(text)
    return path


def table(lines):
    return "\n".join([HEADER, *lines]) + "\n"


def refused(tmp_path, capsys, *args, workforce=None, scan=None):
    """Run the command line with bad input; return its one error line."""
    out = tmp_path / "out"
    argv = ["run", "baseline", "--months", "1", "--replications", "1", "--out", str(out),
            "--quiet", "--workforce", str(workforce or write(tmp_path, table(ROWS), "ok.csv"))]
    if scan is not None:
        argv += ["--scan", str(scan)]
    code = main(argv + list(args))
    err = capsys.readouterr().err.strip()
    assert code == 2, err
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert not out.exists()                                    # nothing partly written
    return err


def with_row(i, **changes):
    cells = dict(zip(HEADER.split(","), ROWS[i].split(",")))
    cells.update(changes)
    rows = list(ROWS)
    rows[i] = ",".join(cells[c] for c in HEADER.split(","))
    return table(rows)


@pytest.mark.parametrize("text, expected", [
    (table(ROWS).replace("education", "eduction"), ["'eduction'", "did you mean 'education'"]),
    (table(ROWS).replace(",contract", ",kontrakt"), ["'kontrakt'", "'contract'"]),
    ("id,team,age,contract\n" + "\n".join(f"P{i},A,30,flex" for i in range(12)) + "\n",
     ["column 'education' is missing"]),
    (with_row(3, age="200"), ["row 5", "column 'age'", "'200'", "from 15 to 80"]),
    (with_row(4, age="veertig"), ["row 6", "column 'age'", "'veertig'", "whole number"]),
    (with_row(2, education="mbo 5"), ["row 4", "column 'education'", "'mbo 5'", "practical"]),
    (with_row(5, contract=""), ["row 7", "column 'contract'", "permanent"]),
    (with_row(6, id="P1"), ["row 8", "column 'id'", "'P1'", "also on row 3"]),
    (with_row(1, team="All"), ["row 3", "column 'team'", "'All'", "whole organisation"]),
    (table(ROWS[:4]), ["4 employees", "10 to"]),
    ("", ["the file is empty"]),
    (table(ROWS[:5] + [ROWS[5] + ",extra"] + ROWS[6:]), ["not a valid CSV file", "line 7",
                                                        "save it as CSV"]),
    (HEADER + "\n", ["header but no rows"]),
])
def test_bad_workforce_files(tmp_path, capsys, text, expected):
    path = write(tmp_path, text)
    err = refused(tmp_path, capsys, workforce=path)
    assert str(path) in err
    for piece in expected:
        assert piece in err, err


@pytest.mark.parametrize("data, expected", [
    (b"PK\x03\x04" + b"\x00" * 100, ["Excel workbook (.xlsx)", "CSV UTF-8"]),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ["(.xls)", "save it as CSV"]),
    (table(ROWS).encode("utf-16"), ["UTF-16", "CSV UTF-8"]),
    (table(ROWS).replace("Team A", "Équipe A").encode("cp1252"),
     ["row 2", "not UTF-8", "0xc9", "CSV UTF-8"]),
    (b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 100, ["not a text file"]),
])
def test_files_that_are_not_utf8_csv(tmp_path, capsys, data, expected):
    path = write(tmp_path, data)
    err = refused(tmp_path, capsys, workforce=path)
    for piece in expected:
        assert piece in err, err


def test_a_file_too_large_for_memory_is_refused_before_reading(tmp_path, capsys, monkeypatch):
    path = write(tmp_path, table(ROWS))
    monkeypatch.setattr(csv_input, "available_mb", lambda: 0.0001)
    read = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("the file was read")
                        if self == path else read(self))
    err = refused(tmp_path, capsys, workforce=path)
    assert "memory" in err and "MB is free" in err


def test_dutch_excel_semicolons_bom_and_decimal_commas_are_accepted(tmp_path):
    text = table(ROWS).replace(",", ";")
    text = text.replace("care\n", "care;hours\n").replace(";no\n", ";no;32,5\n")
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeff".encode() + text.replace("\n", "\r\n").encode("utf-8"))
    org = load_organisation(path)
    assert org.n == 12 and org.people.hours[0] == 32.5
    assert list(org.people.ids[:2]) == ["P0", "P1"]
    # Excel's "sep=;" hint line and the empty column a trailing separator leaves
    path.write_text("sep=;\n" + text.replace("\n", ";\n"))
    again = load_organisation(path)
    assert again.n == 12 and list(again.people.team) == list(org.people.team)


def test_a_team_in_the_scan_that_is_not_in_the_workforce(tmp_path, capsys):
    scan = write(tmp_path, "team,richting,ruimte,ruggensteun\nTeam A,3,3,3\nTeam Z,3,3,3\n",
                 "scan.csv")
    err = refused(tmp_path, capsys, scan=scan)
    assert all(p in err for p in (str(scan), "row 3", "column 'team'", "'Team Z'", "Team A"))


@pytest.mark.parametrize("text, expected", [
    ("team,richting\nTeam A,6\n", ["row 2", "column 'richting'", "'6'", "from 1 to 5"]),
    ("team,richting\nTeam A,hoog\n", ["row 2", "column 'richting'", "'hoog'"]),
    ("team,richtng\nTeam A,3\n", ["'richtng'", "did you mean 'richting'"]),
    ("team,weten\nTeam A,3\n", ["needs a column richting, ruimte or ruggensteun"]),
    ("team,month,richting\nTeam A,12,3\n", ["column 'month'", "'12'", "from 0 to 0"]),
    ("team,richting\nTeam A,3\nTeam A,4\n", ["row 3", "'Team A'", "also on row 2"]),
])
def test_bad_scan_files(tmp_path, capsys, text, expected):
    scan = write(tmp_path, text, "scan.csv")
    err = refused(tmp_path, capsys, scan=scan)
    for piece in expected:
        assert piece in err, err


def test_teams_file_errors(tmp_path, capsys):
    teams = write(tmp_path, "team,leader_style\nTeam A,bossy\n", "teams.csv")
    err = refused(tmp_path, capsys, "--teams", str(teams))
    assert all(p in err for p in ("row 2", "column 'leader_style'", "'bossy'", "supportive"))


def test_scan_without_workforce_and_workforce_with_employees(tmp_path, capsys):
    scan = write(tmp_path, "richting\n3\n", "scan.csv")
    assert main(["run", "baseline", "--scan", str(scan), "--out", str(tmp_path / "o")]) == 2
    assert "--scan needs --workforce" in capsys.readouterr().err
    err = refused(tmp_path, capsys, "--employees", "50")
    assert "--employees 50 and --workforce" in err


def test_check_refuses_a_later_scan_it_cannot_use(tmp_path, capsys):
    wf = write(tmp_path, table(ROWS), "ok.csv")
    scan0 = write(tmp_path, "team,richting\nTeam A,3\n", "scan0.csv")
    run_dir = tmp_path / "run"
    assert main(["run", "baseline", "--workforce", str(wf), "--scan", str(scan0), "--months",
                 "3", "--replications", "1", "--out", str(run_dir), "--quiet"]) == 0
    for text, expected in (("team,richting\nTeam A,3\n", "column 'month' is missing"),
                           ("team,month,richting\nTeam A,6,3\n", "--months 6"),
                           ("team,month,richting\nTeam Q,3,3\n", "'Team Q'")):
        later = write(tmp_path, text, "later.csv")
        assert main(["check", str(run_dir), "--scan", str(later)]) == 2
        err = capsys.readouterr().err.strip()
        assert expected in err and len(err.splitlines()) == 1, err
        assert not (run_dir / "check-3").exists() and not (run_dir / "check-6").exists()
    assert main(["check", str(tmp_path), "--scan", str(later)]) == 2
    assert "no run.json" in capsys.readouterr().err
