"""The "your organisation" tab in a real browser: choose the example's four files in the file
fields, run, and see month 0 against the scan and the check (no network; see
test_dashboard_browser.py for how the browser and the server are run)."""

import re
from pathlib import Path

import pytest

from test_dashboard_browser import ARTEFACTS, TIMEOUT, open_page
from test_dashboard_browser import browser  # noqa: F401 (the fixture)
from playwright.sync_api import expect  # noqa: E402
from test_dashboard_server import dashboard  # noqa: E402

EXAMPLE = Path(__file__).parents[1] / "examples" / "zorginstelling"


@pytest.fixture(scope="module")
def server():
    with dashboard("server-own.log") as (_, url, _port):
        yield url
    log = (ARTEFACTS / "server-own.log").read_text()
    assert "refused a connection" not in log and "Traceback" not in log


def test_the_example_runs_from_the_upload(browser, server):  # noqa: F811
    pg = open_page(browser, server, query="?tab=own&lang=en")
    for role, name in (("workforce", "workforce.csv"), ("teams", "teams.csv"),
                       ("scan", "scan_0.csv"), ("later", "scan_1.csv")):
        pg.locator(f".llo-upload-{role} input[type=file]").set_input_files(str(EXAMPLE / name))
        expect(pg.get_by_text(f"Loaded: {name}")).to_be_visible()
    months = pg.get_by_role("textbox", name="Months")
    months.fill("12")
    months.press("Enter")          # a habit of many; the field does not need it
    pg.locator(".llo-own-run").click()      # straight away: the field's text is what runs
    expect(pg.get_by_text(re.compile(r"282 employees in 13 teams; after 12 months"))).to_be_visible(
        timeout=4 * TIMEOUT)
    expect(months).to_have_value("12")
    expect(pg.get_by_text("Month 0 against the first scan (the scan's scale)")).to_be_visible()
    expect(pg.get_by_text(re.compile("Later scan against the prediction"))).to_be_visible()
    expect(pg.get_by_text(re.compile("than predicted|as predicted")).first).to_be_visible()
    # the tables speak the interface's language, not the CSV's column names
    tables = pg.locator(".llo-scan-table")
    expect(tables).to_have_count(2)
    expect(tables.last.locator("th")).to_contain_text(["Team", "People", "Knob", "Month",
                                                       "Measured", "Predicted (90% interval)",
                                                       "Verdict"])
    expect(pg.get_by_text("not shown (privacy: a team smaller than 5").first).to_be_visible()
    assert "model_month_0" not in pg.content() and "predicted_median" not in pg.content()
    pg.screenshot(path=str(ARTEFACTS / "own-organisation.png"), full_page=True)
    assert pg.outside_requests == []
    pg.context.close()


def upload_workforce(pg):
    pg.locator(".llo-upload-workforce input[type=file]").set_input_files(
        str(EXAMPLE / "workforce.csv"))
    expect(pg.get_by_text("Loaded: workforce.csv")).to_be_visible()


def test_typed_months_run_when_the_button_is_clicked_straight_away(browser, server):  # noqa: F811
    """Type a number key by key and click the run button at once, without Enter: the run
    uses the number the field shows. (The field once passed its number on only on Enter or
    when left, and the button used the number of the render it came from; a click soon after
    typing, or during an upload's render on the server, ran the old 24 months.)"""
    pg = open_page(browser, server, query="?tab=own&lang=en")
    upload_workforce(pg)
    months = pg.get_by_role("textbox", name="Months")
    months.click()
    months.press("Control+a")
    months.press_sequentially("18")
    pg.locator(".llo-own-run").click()
    expect(pg.get_by_text(re.compile(r"^282 employees in \d+ teams; after 18 months"))
           ).to_be_visible(timeout=4 * TIMEOUT)
    expect(months).to_have_value("18")
    assert pg.outside_requests == []
    pg.context.close()


def test_months_are_checked_and_clamped_when_the_run_starts(browser, server):  # noqa: F811
    """Not a whole number: no run, and a message in the interface's language; a number out of
    range: run with the nearest allowed number, which the field then shows."""
    from llo_sim.engine.limits import DASHBOARD_MAX_MONTHS

    pg = open_page(browser, server, query="?tab=own&lang=en")
    upload_workforce(pg)
    months = pg.get_by_role("textbox", name="Months")
    message = pg.get_by_text(f"Months: type a whole number from 1 to {DASHBOARD_MAX_MONTHS}.")
    months.fill("twelve")
    pg.locator(".llo-own-run").click()
    expect(message).to_be_visible()
    expect(months).to_have_value("twelve")
    expect(pg.get_by_text("Computing ...")).to_have_count(0)
    expect(pg.locator(".llo-difference")).to_have_count(0)
    months.fill("0")
    expect(message).to_have_count(0)        # typing clears the message
    pg.locator(".llo-own-run").click()
    expect(pg.get_by_text(re.compile(r"^282 employees in \d+ teams; after 1 months"))
           ).to_be_visible(timeout=4 * TIMEOUT)
    expect(months).to_have_value("1")
    assert pg.outside_requests == []
    pg.context.close()


def test_an_excel_upload_says_how_to_save_as_csv(browser, server, tmp_path):  # noqa: F811
    book = tmp_path / "personeel.xlsx"
    book.write_bytes(b"PK\x03\x04" + b"\x00" * 64)
    pg = open_page(browser, server, query="?tab=own&lang=en")
    pg.locator(".llo-upload-workforce input[type=file]").set_input_files(str(book))
    expect(pg.get_by_text("Loaded: personeel.xlsx")).to_be_visible()
    pg.locator(".llo-own-run").click()
    expect(pg.get_by_text(re.compile(r"personeel.xlsx: is an Excel workbook"))).to_be_visible()
    pg.context.close()


def test_a_file_over_the_cap_is_refused_in_the_interfaces_language(browser, server,  # noqa: F811
                                                                    tmp_path):
    from llo_sim.dashboard.own_upload import MAX_UPLOAD_MB

    big = tmp_path / "personeel.csv"
    big.write_bytes((EXAMPLE / "workforce.csv").read_bytes())
    with big.open("ab") as fh:              # a file just over the cap, mostly a hole
        fh.truncate(MAX_UPLOAD_MB * 1_000_000 + 1)
    pg = open_page(browser, server, query="?tab=own&lang=nl")
    pg.locator(".llo-upload-workforce input[type=file]").set_input_files(str(big))
    expect(pg.get_by_text(re.compile(rf"personeel.csv: 20,0 MB is te groot; het dashboard "
                                     rf"neemt bestanden tot {MAX_UPLOAD_MB} MB"))).to_be_visible()
    expect(pg.get_by_text("Geladen: personeel.csv")).to_have_count(0)
    pg.context.close()


@pytest.mark.parametrize("name, shown", [("..", "workforce.csv"),
                                         ("x" * 300 + ".xlsx", "x" * 115 + ".xlsx")])
def test_an_odd_file_name_does_not_hang_the_tab(browser, server, name, shown):  # noqa: F811
    """A file called ``..`` or with a 300-character name once left the tab on "Computing ..."
    for ever; now the file's own problem is shown under a usable name."""
    pg = open_page(browser, server, query="?tab=own&lang=en")
    pg.locator(".llo-upload-workforce input[type=file]").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": b"PK\x03\x04" + b"\x00" * 64})
    expect(pg.get_by_text(re.compile("^Loaded: "))).to_be_visible()
    pg.locator(".llo-own-run").click()
    expect(pg.get_by_text(re.compile("is an Excel workbook"))).to_be_visible()
    expect(pg.get_by_text(f"{shown}: is an Excel workbook", exact=False)).to_be_visible()
    expect(pg.get_by_text(f"Loaded: {shown}")).to_be_visible()
    pg.context.close()


def test_files_chosen_in_quick_succession_land_in_their_own_fields(browser, server):  # noqa: F811
    """Choose a file in each field straight after the one before, without waiting for its
    "Loaded:" line (issue 21): each file lands in its own field, and the run reads them in
    their roles. The first "Loaded:" line once shifted the fields below it on the server, so
    the next file went to the wrong field and one was lost."""
    pg = open_page(browser, server, query="?tab=own&lang=en")
    files = {"workforce": "workforce.csv", "teams": "teams.csv", "scan": "scan_0.csv",
             "later": "scan_1.csv"}
    for role, name in files.items():
        pg.locator(f".llo-upload-{role} input[type=file]").set_input_files(str(EXAMPLE / name))
    for role, name in files.items():
        expect(pg.locator(f".llo-upload-{role} .llo-loaded")).to_have_text(f"Loaded: {name}")
    expect(pg.locator(".llo-loaded")).to_have_count(len(files))
    expect(pg.locator(".llo-upload-mapping .llo-loaded")).to_have_count(0)
    pg.locator(".llo-own-run").click()
    expect(pg.get_by_text(re.compile(r"^282 employees in 13 teams; after 24 months"))
           ).to_be_visible(timeout=4 * TIMEOUT)
    expect(pg.locator(".llo-scan-table")).to_have_count(2)       # the first and later scan
    assert pg.outside_requests == []
    pg.context.close()


def test_a_dutch_upload_error_is_dutch_and_names_the_file_not_a_path(browser,  # noqa: F811
                                                                     server):
    """Een fout in een geüpload bestand: in het Nederlands, met de bestandsnaam (nooit de
    tijdelijke map op de server), de rij, de kolom en de waarde zonder numpy-weergave."""
    pg = open_page(browser, server, query="?tab=own&lang=nl")
    good = (EXAMPLE / "workforce.csv").read_bytes()
    bad = good.replace(b"id,", b"personeelsnummer,", 1)
    field = {role: pg.locator(f".llo-upload-{role} input[type=file]")
             for role in ("workforce", "teams")}
    field["workforce"].set_input_files({"name": "x.csv", "mimeType": "text/csv", "buffer": bad})
    expect(pg.get_by_text("Geladen: x.csv")).to_be_visible()
    run = pg.get_by_role("button", name="Simuleer in mijn organisatie")
    run.click()
    error = pg.locator(".llo-error")
    expect(error).to_contain_text("x.csv: 2 problemen; er is niets gelezen")
    expect(error).to_contain_text("kolom 'personeelsnummer' is onbekend")
    shown = error.inner_text()
    assert "llo-own-" not in shown and "/tmp" not in shown and "/workforce/" not in shown
    assert "is not known" not in shown and "problems" not in shown
    field["workforce"].set_input_files({"name": "personeel.csv", "mimeType": "text/csv",
                                        "buffer": good})
    field["teams"].set_input_files({"name": "teams.csv", "mimeType": "text/csv",
                                    "buffer": b"team,coaching\nAfdeling X,3\n"})
    expect(pg.locator(".llo-upload-workforce .llo-loaded")).to_have_text(
        "Geladen: personeel.csv")
    expect(pg.locator(".llo-upload-teams .llo-loaded")).to_have_text("Geladen: teams.csv")
    run.click()
    expect(error).to_contain_text("teams.csv: rij 2, kolom 'team': waarde 'Afdeling X' is niet "
                                  "toegestaan; toegestaan is een team uit het "
                                  "medewerkersbestand")
    shown = error.inner_text()
    assert "np.str_" not in shown and "llo-own-" not in shown and "/tmp" not in shown
    assert pg.outside_requests == []
    pg.context.close()
