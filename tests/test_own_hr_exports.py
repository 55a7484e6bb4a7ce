"""HR exports as they come (issue 20, point 1): a file as AFAS, Youforce or SuccessFactors
gives it (`;`, a byte-order mark, CRLF, Dutch headers, extra columns, `MBO 3`, `Mbo-4`,
`hbo bachelor`, blank education, dates of birth, `onbepaalde tijd`, `Uitzendkracht`, `ZZP`,
care `Onbekend`, FTE `0,44`) loads in one go with a shipped mapping; every refused value is
reported in one run; `llo-sim own inspect` proposes a mapping."""

import csv
import datetime as dt
import json
import tomllib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import llo_sim
from llo_sim.cli import main
from llo_sim.dashboard.own_upload import run_uploads
from llo_sim.engine.model import LearningCultureModel
from llo_sim.engine.scenario import load
from llo_sim.own import load_organisation
from llo_sim.own.hr_fields import parse_dates
from llo_sim.own.mapping import SHIPPED_NAMES, load_mapping, parse

EXPORT = Path(__file__).parent / "fixtures" / "hr_export_afas.csv"
DAY = "2025-03-31"
EXTERNAL = {"Uitzendkracht", "ZZP"}
FLEX = {"Bepaalde tijd", "Oproepkracht", "Nul-urencontract"}
THEORETICAL = {"hbo bachelor", "HBO master", "WO", "Ad"}
PRACTICAL = {"MBO 2", "MBO 3", "Mbo-4", "havo", "vmbo"}


def export_rows():
    """The export's rows read independently (the csv module), with their spreadsheet row."""
    text = EXPORT.read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(text.splitlines(), delimiter=";"))
    return [dict(r, row=str(i + 2)) for i, r in enumerate(rows)]


def age_on(birth: str, day: dt.date) -> int:
    d, m, y = map(int, birth.split("-"))
    return day.year - y - ((day.month, day.day) < (m, d))


def test_the_fixture_is_an_export_as_it_comes():
    data = EXPORT.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data and b";" in data
    rows = export_rows()
    for column in ("Personeelsnummer", "Kostenplaats", "Geboortedatum", "FTE"):
        assert column in rows[0]
    values = {v for r in rows for v in r.values()}
    for word in ("MBO 3", "Mbo-4", "hbo bachelor", "", "Onbepaalde tijd", "Bepaalde tijd",
                 "Uitzendkracht", "Oproepkracht", "Nul-urencontract", "ZZP", "Onbekend", "0,44"):
        assert word in values, word


def test_the_export_loads_in_one_go_from_python_as_its_cells_say():
    org = load_organisation(EXPORT, mapping="afas", reference_date=DAY)
    people, rows = org.people, export_rows()
    kept = [r for r in rows if r["Type contract"] not in EXTERNAL]
    assert org.n == len(kept) == 33
    assert list(people.ids) == [r["row"] for r in kept]         # no personnel numbers
    day = dt.date.fromisoformat(DAY)
    for i, r in enumerate(kept):
        education = r["Opleidingsniveau"]
        expected = 1 if education in THEORETICAL else 0 if education in PRACTICAL else -1
        assert people.theoretical[i] == expected, r
        assert people.flex[i] == (r["Type contract"] in FLEX), r
        age = age_on(r["Geboortedatum"], day)
        assert people.age_band[i] == (0 if age < 35 else 1 if age < 55 else 2), r
        care = {"Ja": 1, "Nee": 0}.get(r["Zorgtaken"], -1)
        assert people.care[i] == care, r
        assert people.hours[i] == pytest.approx(float(r["FTE"].replace(",", ".")) * 36)
        assert people.team_names[people.team[i]] == r["Organisatorische eenheid"]
    notes = "\n".join(org.notes)
    assert "'Personeelsnummer', 'Kostenplaats'" in notes
    assert "3 rows left out" in notes and "'Uitzendkracht' x 2" in notes
    assert f"ages from column 'Geboortedatum' on {DAY}" in notes


def test_agency_workers_and_zzp_are_counted_as_flex_when_asked():
    org = load_organisation(EXPORT, reference_date=DAY, external="flex")
    rows = export_rows()
    assert org.n == 36
    outside = [i for i, r in enumerate(rows) if r["Type contract"] in EXTERNAL]
    assert org.people.flex[outside].all()
    assert "counted as flex employees" in "\n".join(org.notes)


def test_the_export_runs_from_the_command_line_and_is_checked(tmp_path, capsys):
    scan = tmp_path / "scan_0.csv"
    scan.write_text("team,date,richting,ruimte\nVerpleging A,31-03-2025,3.2,3.5\n"
                    "Facilitair,31-03-2025,2.8,3.0\n")
    later = tmp_path / "scan_1.csv"
    later.write_text("team,month,date,richting\nVerpleging A,2,31-05-2025,3.4\n")
    out = tmp_path / "out"
    code = main(["run", "baseline", "--workforce", str(EXPORT), "--scan", str(scan),
                 "--months", "2", "--replications", "2", "--out", str(out), "--quiet"])
    err = capsys.readouterr().err
    assert code == 0, err
    assert "read as an export of AFAS Profit" in err and "Traceback" not in err
    assert f"on {DAY} (the date of the first scan" in err
    meta = json.loads((out / "run.json").read_text())
    reading = meta["organisation"]["reading"]
    assert meta["organisation"]["employees"] == 33
    assert reading["mapping"]["name"] == "AFAS Profit" and reading["reference_date"] == DAY
    assert reading["external"] == "leave out"
    # the check reads the export again as the run read it (mapping, date, people left out)
    code = main(["check", str(out), "--scan", str(later), "--workforce", str(EXPORT),
                 "--quiet"])
    assert code == 0, capsys.readouterr().err
    assert (out / "check-2" / "check.csv").is_file()


def test_the_python_api_takes_the_mapping_and_the_reference_date():
    result = llo_sim.run("baseline", months=1, workforce=EXPORT, mapping="afas",
                         reference_date=DAY, external="leave out")
    assert result.organisation["employees"] == 33
    assert result.organisation["reading"]["mapping"]["name"] == "AFAS Profit"
    with pytest.raises(llo_sim.errors.LloSimError, match="--reference-date: value '31 maart'"):
        llo_sim.run("baseline", months=1, workforce=EXPORT, reference_date="31 maart")


def test_unknown_education_is_drawn_and_known_education_kept():
    org = load_organisation(EXPORT, reference_date=DAY)
    model = LearningCultureModel(rng=3, agents=False, organisation=org,
                                 **load("baseline").parameters)
    given = org.people.theoretical
    drawn = model.workforce.theoretical
    assert (drawn[given >= 0] == (given[given >= 0] == 1)).all()
    assert (given < 0).sum() == 6


def broken_export(tmp_path) -> Path:
    """The export with six bad cells on five other rows: (row, column, value)."""
    text = EXPORT.read_bytes().decode("utf-8-sig")
    lines = [line.split(";") for line in text.split("\r\n")]
    for row, column, value in ((4, "Opleidingsniveau", "Mbo-5"),
                               (10, "Opleidingsniveau", "Mbo-5"),
                               (6, "Geboortedatum", "31-02-1980"),
                               (13, "Type contract", "Stagiair"), (21, "FTE", "44"),
                               (26, "Zorgtaken", "misschien")):
        lines[row - 1][lines[0].index(column)] = value
    path = tmp_path / "export.csv"
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(map(";".join, lines)).encode())
    return path


def test_every_refused_value_is_reported_in_one_run_with_its_rows(tmp_path, capsys):
    path = broken_export(tmp_path)
    out = tmp_path / "out"
    code = main(["run", "baseline", "--workforce", str(path), "--reference-date", DAY,
                 "--months", "1", "--out", str(out), "--quiet"])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err and not out.exists()
    assert err.count("llo-sim: error:") == 1
    assert "6 problems in 6 rows; nothing was read" in err
    for piece in ("rows 4, 10, column 'Opleidingsniveau': value 'Mbo-5'",
                  "row 6, column 'Geboortedatum': value '31-02-1980'",
                  "row 13, column 'Type contract': value 'Stagiair'",
                  "row 21, column 'FTE': value '44'",
                  "row 26, column 'Zorgtaken': value 'misschien'"):
        assert piece in err, err


def test_many_problems_are_capped_and_counted(tmp_path):
    rows = ["Team;Opleiding;Leeftijd;Contract"] + [f"A;x{i};40;vast" for i in range(40)]
    path = tmp_path / "sheet.csv"
    path.write_text("\n".join(rows) + "\n")
    with pytest.raises(llo_sim.errors.LloSimError) as caught:
        load_organisation(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: 40 problems in 40 rows")
    assert len(message.splitlines()) == 1 + 20 + 1
    assert "and 20 more in column 'Opleiding' (rows 22, 23" in message


def test_inspect_proposes_a_mapping_that_reads_the_export(tmp_path, capsys):
    assert main(["own", "inspect", str(EXPORT)]) == 0
    text = capsys.readouterr().out
    table = tomllib.loads(text)
    assert table["columns"]["team"] == "Organisatorische eenheid"
    assert table["columns"]["birth_date"] == "Geboortedatum"
    assert table["values"]["contract"]["ZZP"] == "external"
    assert "separator ';'" in text and "byte-order mark" in text and "CRLF" in text
    assert '# not read: "Personeelsnummer", "Kostenplaats"' in text
    mapping = tmp_path / "mapping.toml"
    assert main(["own", "inspect", str(EXPORT), "--out", str(mapping)]) == 0
    assert main(["own", "inspect", str(EXPORT), "--out", str(mapping)]) == 2   # exists
    ours = load_organisation(EXPORT, mapping=mapping, reference_date=DAY).people
    shipped = load_organisation(EXPORT, mapping="afas", reference_date=DAY).people
    for name in ("ids", "team", "theoretical", "age_band", "flex", "care", "hours"):
        assert np.array_equal(getattr(ours, name), getattr(shipped, name)), name


def test_inspect_leaves_unknown_words_and_columns_to_fill_in(tmp_path, capsys):
    path = tmp_path / "lijst.csv"
    rows = ["Naam;Vestiging;Niveau;Geboren;Contractsoort"] + [
        f"José {i};Oost;{'Overig' if i % 3 == 0 else 'mbo 4'};1980-01-0{1 + i % 9};"
        f"{'vast' if i % 2 else 'Stagiair'}" for i in range(12)]
    path.write_text("\n".join(rows) + "\n", encoding="cp1252")     # Excel's 'CSV' in Windows
    assert main(["own", "inspect", str(path)]) == 0
    text = capsys.readouterr().out
    tomllib.loads(text)
    assert "NOT UTF-8" in text and "save it as 'CSV UTF-8" in text
    assert '# team = "..."   # TODO' in text
    assert '# "Overig" = "..."' in text and "TODO: 4 rows" in text
    assert '# "Stagiair" = "..."' in text


@pytest.mark.parametrize("name", [n for n in SHIPPED_NAMES if n != "afas"])
def test_each_shipped_mapping_is_recognised_from_its_columns(tmp_path, name):
    mapping = load_mapping(name)
    columns = {f: names[0] for f, names in mapping.columns.items()
               if f in ("team", "education", "contract", "birth_date", "fte", "care")}
    cells = {"team": "Zorg", "education": "MBO 4", "contract": "Bepaalde tijd",
             "birth_date": "01-02-1980", "fte": "0,8", "care": "Nee"}
    rows = [";".join(columns.values())] + [";".join(cells[f] for f in columns)] * 12
    path = tmp_path / "export.csv"
    path.write_text("\n".join(rows) + "\n")
    org = load_organisation(path, reference_date=DAY)
    assert org.n == 12 and org.people.flex.all() and (org.people.theoretical == 0).all()
    assert f"read as an export of {mapping.name}" in org.notes[0]


def test_ages_need_a_reference_date_else_today_is_said(tmp_path):
    org = load_organisation(EXPORT)
    assert f"on {dt.date.today().isoformat()} (today" in "\n".join(org.notes)
    assert org.people.reading["reference_date"] == dt.date.today().isoformat()


@pytest.mark.parametrize("text, expected", [
    ("31-03-1975", "1975-03-31"), ("1-3-1975", "1975-03-01"), ("31/03/1975", "1975-03-31"),
    ("31.03.1975", "1975-03-31"), ("1975-03-31", "1975-03-31"),
    ("1975-03-31 00:00:00", "1975-03-31"), ("31-03-1975 0:00", "1975-03-31"),
    ("31-02-1975", None), ("03/31/1975", None), ("75-03-31", None), ("", None),
])
def test_dates_are_read_day_first_or_iso(text, expected):
    parsed = parse_dates([text])[0]
    assert (None if pd.isna(parsed) else parsed.date().isoformat()) == expected


COLUMNS = '[columns]\nteam = "A"\neducation = "B"\ncontract = "C"\n'


@pytest.mark.parametrize("toml, expected", [
    ('name = "x"\n' + COLUMNS, "[columns] has none of age"),
    (COLUMNS + 'age = "D"\nploeg = "E"\n',
     "columns.ploeg = 'E' is not allowed; expected one of id, team"),
    ('[settings]\nexternal = "include"\n' + COLUMNS + 'age = "D"\n',
     "settings.external = 'include' is not allowed"),
    (COLUMNS + 'age = "D"\n[values.education]\n"Overig" = "middle"\n',
     ("values.education.'Overig' = 'middle' is not allowed; expected 'practical' or "
      "'theoretical' or 'unknown'")),
    ("[columns\n", "not a valid TOML file"),
])
def test_a_bad_mapping_file_is_one_line(tmp_path, capsys, toml, expected):
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(toml)
    code = main(["run", "baseline", "--workforce", str(EXPORT), "--mapping", str(mapping),
                 "--months", "1", "--out", str(tmp_path / "out"), "--quiet"])
    err = capsys.readouterr().err.strip()
    assert code == 2 and len(err.splitlines()) == 1 and str(mapping) in err
    assert expected in err, err


def test_a_mapping_adds_words_and_settings():
    table = {"settings": {"hours_per_fte": 38, "external": "flex"},
             "columns": {"team": "Organisatorische eenheid", "education": "Opleidingsniveau",
                         "contract": "Type contract", "birth_date": "Geboortedatum",
                         "fte": "FTE"},
             "values": {"education": {"Onbekend": "practical", "havo": "theoretical"}}}
    people = load_organisation(EXPORT, mapping=parse(table, "test"), reference_date=DAY).people
    rows = export_rows()
    assert people.n == 36
    for i, r in enumerate(rows):
        if r["Opleidingsniveau"] in ("Onbekend", "havo"):
            assert people.theoretical[i] == (r["Opleidingsniveau"] == "havo")
    assert people.hours[0] == pytest.approx(float(rows[0]["FTE"].replace(",", ".")) * 38)
    assert (people.care == -1).all()                      # no care column in this mapping


def test_the_dashboard_recognises_an_export_and_takes_a_mapping():
    params = load("baseline").parameters
    upload = {"workforce": ("personeel.csv", EXPORT.read_bytes())}
    own = run_uploads(upload, "baseline", params, 1, 2, lang="en")
    assert "33 employees" in own.summary
    notes = "\n".join(own.notes)
    assert "personeel.csv: read as an export of AFAS Profit" in notes
    assert "llo-own-" not in notes                        # no temporary folder shown
    mapping = load_mapping("afas")
    text = (Path(__file__).parents[1] / "src" / "llo_sim" / "own" / "mappings" /
            "afas.toml").read_text().replace('external = "leave out"', 'external = "flex"')
    upload["mapping"] = ("mapping.toml", text.encode())
    own = run_uploads(upload, "baseline", params, 1, 2, lang="nl")
    assert "36 medewerkers" in own.summary and mapping.name == "AFAS Profit"


def test_an_export_no_mapping_fits_is_told_what_it_misses(tmp_path):
    rows = ["Personeelsnummer;Organisatorische eenheid;Geboortedatum;Soort;FTE"]
    rows += ["1;A;01-01-1980;vast;1"] * 12
    path = tmp_path / "export.csv"
    path.write_text("\n".join(rows) + "\n")
    with pytest.raises(llo_sim.errors.LloSimError) as caught:
        load_organisation(path)
    message = str(caught.value)
    assert "no column for 'education': the mapping 'AFAS Profit' looks for" in message
    assert "no column for 'contract'" in message and "llo-sim own inspect" in message
    assert "is not known" not in message             # not a misspelled template
