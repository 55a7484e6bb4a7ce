"""What the "your organisation" tab says of a bad upload (issue 21, defect 3): in the
interface's language, naming the uploaded file (never the server's temporary folder), the
row, the column and the value, with what is allowed; values plain and quoted (never
``np.str_('...')``), numbers as the language writes them (20.000 and 1,5 in Dutch), and a
file with NUL bytes called what it is. The command line keeps its English lines."""

import pickle
import re
import tempfile
from pathlib import Path

import numpy as np
import pytest

from llo_sim.dashboard.own_texts import say
from llo_sim.dashboard.own_upload import run_uploads
from llo_sim.engine.scenario import load
from llo_sim.errors import LloSimError
from llo_sim.own import load_organisation
from llo_sim.own.messages import Message, either

EXAMPLE = Path(__file__).parents[1] / "examples" / "zorginstelling"
WORKFORCE = (EXAMPLE / "workforce.csv").read_bytes()
SCAN_0 = (EXAMPLE / "scan_0.csv").read_bytes()
SCAN_1 = (EXAMPLE / "scan_1.csv").read_bytes()
HEADER = b"id,team,education,age,contract,care\n"
ROWS = [f"P{i},Team {'AB'[i % 2]},{'high' if i % 3 else 'low'},{25 + i},permanent,no"
        for i in range(12)]
ENGLISH = re.compile(r"\b(is not allowed|expected|row|rows|column|problems|the file|"
                     r"nothing was read|Excel workbook|a number|holds)\b")
REPR = re.compile(r"np\.|numpy|\w+\(['\"]")           # np.str_('x'), np.float64(1.0), str('x')


def table(rows, header=HEADER) -> bytes:
    return header + ("\n".join(rows) + "\n").encode()


def with_cell(i: int, **changes) -> bytes:
    columns = HEADER.decode().strip().split(",")
    rows = list(ROWS)
    cells = dict(zip(columns, rows[i].split(",")))
    cells.update(changes)
    rows[i] = ",".join(cells[c] for c in columns)
    return table(rows)


def refused(uploads: dict, lang: str, months: int = 3) -> str:
    with pytest.raises(LloSimError) as caught:
        run_uploads(uploads, "baseline", load("baseline").parameters, 1, months, lang=lang)
    return str(caught.value)


def no_server_path(text: str) -> None:
    assert "llo-own-" not in text and tempfile.gettempdir() not in text, text
    assert "/workforce/" not in text and "/teams/" not in text and "/later/" not in text, text


# role -> (uploaded name, bytes); then what the Dutch and the English message must hold
CASES = {
    "unknown column": (
        {"workforce": ("x.csv", WORKFORCE.replace(b"id,", b"personeelsnummer,", 1))},
        ["x.csv: 2 problemen", "kolom 'personeelsnummer' is onbekend", "bekende kolommen",
         "kolom 'id' ontbreekt"],
        ["x.csv: 2 problems", "column 'personeelsnummer' is not known"]),
    "bad age": (
        {"workforce": ("personeel.csv", with_cell(3, age="200"))},
        ["personeel.csv: rij 5, kolom 'age': waarde '200' is niet toegestaan; toegestaan is "
         "een heel getal van 15 tot en met 80"],
        ["personeel.csv: row 5, column 'age': value '200' is not allowed; expected a whole "
         "number from 15 to 80"]),
    "education": (
        {"workforce": ("p.csv", with_cell(2, education="mbo 5"))},
        ["rij 4, kolom 'education': waarde 'mbo 5'", "praktisch of theoretisch"],
        ["row 4, column 'education': value 'mbo 5'", "practical or theoretical"]),
    "team not in the workforce": (
        {"workforce": ("w.csv", WORKFORCE),
         "teams": ("teams.csv", b"team,coaching\nAfdeling X,3\n")},
        ["teams.csv: rij 2, kolom 'team': waarde 'Afdeling X' is niet toegestaan; toegestaan "
         "is een team uit het medewerkersbestand (Behandelaars"],
        ["teams.csv: row 2, column 'team': value 'Afdeling X' is not allowed"]),
    "team twice": (
        {"workforce": ("w.csv", WORKFORCE),
         "teams": ("teams.csv", b"team,coaching\nKeuken,3\nkeuken,4\n")},
        ["rij 3, kolom 'team': waarde 'keuken'", "ook op rij 2 (als 'Keuken')"],
        ["row 3, column 'team': value 'keuken'", "also on row 2 (as 'Keuken')"]),
    "excel workbook": (
        {"workforce": ("personeel.xlsx", b"PK\x03\x04" + b"\x00" * 64)},
        ["personeel.xlsx: is een Excel-werkmap (.xlsx)", "CSV UTF-8"],
        ["personeel.xlsx: is an Excel workbook (.xlsx)"]),
    "binary": (
        {"workforce": ("export.csv", b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 100)},
        ["export.csv: is een binair bestand, geen tekstbestand zoals CSV (het bevat NUL-bytes",
         "sla het op als CSV", "CSV UTF-8"],
        ["export.csv: is a binary file, not a text file such as CSV (it holds NUL bytes",
         "save it as CSV", "CSV UTF-8"]),
    "utf-16 without a byte-order mark": (
        {"workforce": ("unicode.csv", table(ROWS).decode().encode("utf-16-le"))},
        ["unicode.csv: is UTF-16-tekst", "CSV UTF-8"],
        ["unicode.csv: is UTF-16 text", "CSV UTF-8"]),
    "ragged row": (
        {"workforce": ("w.csv", table(ROWS) + b"P99,Team A,high,30,permanent,no,extra\n")},
        ["w.csv: geen geldig CSV-bestand (rij 14 heeft 7 cellen, de kopregel 6)"],
        ["w.csv: not a valid CSV file (Error tokenizing data. Expected 6 fields in line 14, "
         "saw 7)"]),
    "a column twice": (
        {"workforce": ("w.csv", WORKFORCE.replace(b"id,team,", b"id,ID,", 1))},
        ["w.csv: kolom 'ID' staat twee keer in de kopregel (kolom 1 en 2"],
        ["w.csv: column 'ID' is in the header twice (columns 1 and 2"]),
    "few employees": (
        {"workforce": ("w.csv", table(ROWS[:5]))},
        ["w.csv: heeft 5 medewerkers; verwacht: 10 tot en met 2.000.000 rijen"],
        ["w.csv: has 5 employees; expected 10 to 2,000,000 rows"]),
    "fte": (
        {"workforce": ("afas.csv", "Medewerker;Organisatorische eenheid;Opleidingsniveau;"
                       "Geboortedatum;Type contract;FTE\n".encode() + b"\n".join(
                           f"{i};Zorg {i % 2};mbo 3;01-01-1980;Onbepaalde tijd;"
                           f"{'80' if i == 6 else '0,8'}".encode() for i in range(14)) + b"\n")},
        ["afas.csv: rij 8, kolom 'FTE': waarde '80' is niet toegestaan; toegestaan is een "
         "aantal FTE van 0 tot en met 1,5"],
        ["afas.csv: row 8, column 'FTE': value '80' is not allowed; expected a number of FTE "
         "from 0 to 1.5"]),
    "later scan past the run": (
        {"workforce": ("w.csv", WORKFORCE), "scan": ("scan_0.csv", SCAN_0),
         "later": ("scan_1.csv", SCAN_1.replace(b",12,", b",30,"))},
        ["scan_1.csv: month = 30 is niet toegestaan; deze run voorspelt de maanden 0 tot en "
         "met 3"],
        ["scan_1.csv: month = 30 is not allowed; this run predicts months 0 to 3"]),
    "mapping": (
        {"workforce": ("w.csv", WORKFORCE),
         "mapping": ("mapping.toml", b"[settings]\nhours_per_fte = 99.5\n")},
        ["mapping.toml: settings.hours_per_fte = 99,5 is niet toegestaan"],
        ["mapping.toml: settings.hours_per_fte = 99.5 is not allowed"]),
    "mapping not toml": (
        {"workforce": ("w.csv", WORKFORCE), "mapping": ("mapping.toml", b"name = \n")},
        ["mapping.toml: geen geldig TOML-bestand (fout op regel 1, teken 8)"],
        ["mapping.toml: not a valid TOML file (Invalid value (at line 1, column 8))"]),
}


@pytest.mark.parametrize("case", CASES)
def test_a_bad_upload_is_said_in_dutch_with_the_file_row_column_and_value(case):
    uploads, dutch, _ = CASES[case]
    text = refused(uploads, "nl")
    for piece in dutch:
        assert piece in text, text
    no_server_path(text)
    assert not REPR.search(text), text
    assert not ENGLISH.search(text), text
    assert "zero bytes" not in text


@pytest.mark.parametrize("case", CASES)
def test_the_same_upload_is_said_in_english_in_the_english_interface(case):
    uploads, _, english = CASES[case]
    text = refused(uploads, "en")
    for piece in english:
        assert piece in text, text
    no_server_path(text)
    assert not REPR.search(text), text


def test_many_problems_count_with_dutch_thousands():
    rows = [f"P{i},Team {'AB'[i % 2]},mbo 9,{25 + i % 40},permanent,no" for i in range(30_000)]
    text = refused({"workforce": ("groot.csv", table(rows))}, "nl")
    assert text.startswith("groot.csv: 30.000 problemen in 30.000 rijen; er is niets gelezen")
    assert "rijen 2, 3, 4, 5, 6, 7, 8, 9 en nog 29.992, kolom 'education'" in text
    english = refused({"workforce": ("groot.csv", table(rows))}, "en")
    assert english.startswith("groot.csv: 30,000 problems in 30,000 rows")


def test_the_dashboards_limit_is_written_20_000_in_dutch():
    from llo_sim.engine.limits import DASHBOARD_MAX_EMPLOYEES

    assert DASHBOARD_MAX_EMPLOYEES == 20_000
    rows = [f"P{i},Team {i % 40},low,{25 + i % 40},permanent,no" for i in range(20_001)]
    uploads = {"workforce": ("groot.csv", table(rows))}
    dutch = refused(uploads, "nl")
    assert "ten hoogste 20.000 medewerkers" in dutch and "20,000" not in dutch
    assert "at most 20,000 employees" in refused(uploads, "en")


def test_the_summary_writes_numbers_as_the_language_does():
    from llo_sim.dashboard import own_texts

    assert own_texts.count(20_000, "nl") == "20.000" and own_texts.count(20_000, "en") == "20,000"
    assert own_texts.count(282, "nl") == "282"


def test_a_path_in_another_form_is_cut_to_the_files_name():
    """A message naming a file by a path the readers did not give (a plain text) still
    shows no folder of the server."""
    folder = Path(tempfile.mkdtemp(prefix="llo-own-"))
    try:
        error = LloSimError(f"{folder / 'later' / 'mijn scan.csv'}: something; {folder}")
        text = say(error, "nl", {}, folder)
        assert text == "mijn scan.csv: something; ", text
        named = say(LloSimError(Message("no_file", file=folder / "teams" / "t.csv")), "nl",
                    {str(folder / "teams" / "t.csv"): "teams 2026.csv"}, folder)
        assert named == "teams 2026.csv: dit bestand bestaat niet"
    finally:
        folder.rmdir()


def test_a_message_is_its_english_text_and_says_itself_in_dutch():
    allowed = Message("or_empty", text=Message("number_range", low=np.float64(0),
                                               high=np.float64(1.5)))
    message = Message("bad_value", where=Message("at_row_column", file="w.csv", row=np.int64(7),
                                                 column=np.str_("FTE")),
                      value=np.str_("80"), allowed=allowed)
    assert message == ("w.csv: row 7, column 'FTE': value '80' is not allowed; expected a "
                       "number from 0 to 1.5 or an empty cell")
    assert isinstance(message, str) and str(LloSimError(message)) == message
    assert message.text("nl") == ("w.csv: rij 7, kolom 'FTE': waarde '80' is niet toegestaan; "
                                  "toegestaan is een getal van 0 tot en met 1,5 of een lege cel")
    assert message.text("nl", {"w.csv": "personeel.csv"}).startswith("personeel.csv: rij 7")
    assert pickle.loads(pickle.dumps(message)).text("nl") == message.text("nl")
    assert either(["leave out", "flex"]) == "'leave out' or 'flex'"
    assert either(["a", "b", "c"], commas=True).text("nl") == "'a', 'b' of 'c'"
    big = Message("problems_rows", file="w.csv", count=np.int64(1234), rows=1001)
    assert big.text("nl").startswith("w.csv: 1.234 problemen in 1.001 rijen")


def test_the_command_line_keeps_its_english_line_without_numpy(tmp_path):
    """The readers' messages as the command line prints them: as before, but a team name
    read into a numpy array is quoted plainly (it was ``np.str_('Afdeling X')``)."""
    workforce = tmp_path / "workforce.csv"
    workforce.write_bytes(WORKFORCE)
    teams = tmp_path / "teams.csv"
    teams.write_text("team,coaching\nAfdeling X,3\n")
    with pytest.raises(LloSimError) as caught:
        load_organisation(workforce, teams)
    assert str(caught.value) == (
        f"{teams}: row 2, column 'team': value 'Afdeling X' is not allowed; expected a team "
        "of the workforce file (Behandelaars, Dagbesteding, Facilitair, Keuken, Nachtdienst, "
        "Planning, Revalidatie, Staf en HR, ...)")
    binary = tmp_path / "export.csv"
    binary.write_bytes(b"\x00\x01\x02" * 50)
    with pytest.raises(LloSimError) as caught:
        load_organisation(binary)
    assert str(caught.value).startswith(f"{binary}: is a binary file, not a text file")


def test_the_notes_under_the_results_are_in_the_language_too():
    """What the reading did (an export recognised, people left out, spellings merged) is said
    under the results in the interface's language, naming the uploaded files."""
    head = ("Medewerker;Organisatorische eenheid;Opleidingsniveau;Geboortedatum;Type contract;"
            "FTE\n")
    rows = [f"{i};{'Zorg A' if i % 3 else 'zorg a'};{'onbekend' if i % 7 == 0 else 'mbo 3'};"
            f"01-01-1980;{'Uitzendkracht' if i < 3 else 'Onbepaalde tijd'};0,8"
            for i in range(30)]
    uploads = {"workforce": ("afas export.csv", (head + "\n".join(rows) + "\n").encode()),
               "scan": ("scan_0.csv", b"team,richting,date\nall,3,31-03-2025\n")}
    params = load("baseline").parameters
    dutch = run_uploads(uploads, "baseline", params, 1, 3, lang="nl").notes
    english = run_uploads(uploads, "baseline", params, 1, 3, lang="en").notes
    assert "afas export.csv: gelezen als een export van AFAS Profit" in dutch[0]
    assert any("3 rijen weggelaten: uitzendkrachten of zzp'ers ('Uitzendkracht' x 3)" in n
               for n in dutch)
    assert any("leeftijden uit kolom 'Geboortedatum' op 2025-03-31 (de datum van de eerste "
               "scan, scan_0.csv)" in n for n in dutch)
    assert any("de teamnamen 'zorg a' en 'Zorg A' verschillen alleen" in n for n in dutch)
    assert any("FTE x 36" in n for n in dutch)
    for note in dutch:
        no_server_path(note)
        assert not re.search(r"\b(read as|left out|taken as|unknown for|hours a week)\b", note)
    assert english[0].startswith("afas export.csv: read as an export of AFAS Profit")
    assert len(english) == len(dutch)
    for note in english:
        no_server_path(note)
