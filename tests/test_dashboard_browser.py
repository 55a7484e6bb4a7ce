"""The dashboard in a real browser: Debian's Chromium driven by Playwright, no network.

The server runs on 127.0.0.1 with the installed front-end files (solara-assets); this
machine has no internet, so a page that renders proves the dashboard works offline, and the
server's log is checked for any attempt to reach another host. Layouts are checked at a
laptop (1280 x 800), a projector (1920 x 1080) and a phone (390 x 844).
Without Chromium or Playwright these tests skip, unless LLO_SIM_REQUIRE_BROWSER=1 (set by
.ci/run), which turns a missing browser into a failure. Screenshots go to
$LLO_SIM_ARTEFACTS (default: test-artefacts/), not into the repository.
"""

import os
import re
from pathlib import Path

import pytest
from conftest import BROWSER_TIMEOUT_MS as TIMEOUT    # ms, any one wait (set once there)

CHROMIUM = "/usr/bin/chromium"
REQUIRED = os.environ.get("LLO_SIM_REQUIRE_BROWSER") == "1"
ARTEFACTS = Path(os.environ.get("LLO_SIM_ARTEFACTS", "test-artefacts"))
LAPTOP, PROJECTOR, PHONE = (1280, 800), (1920, 1080), (390, 844)


def _missing() -> str:
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} not found (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install playwright)"
    return ""


if _missing():
    if REQUIRED:
        pytest.fail(f"browser tests required but cannot run: {_missing()}", pytrace=False)
    pytest.skip(f"browser tests skipped: {_missing()}", allow_module_level=True)

from playwright.sync_api import expect, sync_playwright  # noqa: E402
from test_dashboard_server import dashboard  # noqa: E402

LOG = "server.log"


@pytest.fixture(scope="module")
def server():
    with dashboard(LOG) as (_, url, _port):
        yield url
    log = (ARTEFACTS / LOG).read_text()
    assert "refused a connection" not in log, "the server tried to reach another host"
    assert "Traceback" not in log


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                              args=["--no-sandbox", "--disable-gpu",
                                    "--disable-background-networking"])
        yield b
        b.close()


def open_page(browser, url, size=LAPTOP, query=""):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT)
    outside = []
    pg.on("request", lambda r: outside.append(r.url)
          if not r.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:"))
          else None)
    pg.goto(url + query)
    expect(pg.locator(".llo-tab-active")).to_be_visible()
    pg.outside_requests = outside
    return pg


def to_start(pg, lang: str = "nl"):
    """From the whole run a page opens with, back to month 0 (to step or play from there)."""
    expect_month(pg, 120, lang)
    pg.locator(".llo-reset").click()
    expect_month(pg, 0, lang)


@pytest.fixture
def page(browser, server, request):
    """A page at month 0 of the default view (it opens on the whole ten years)."""
    pg = open_page(browser, server)
    to_start(pg)
    yield pg
    pg.screenshot(path=str(ARTEFACTS / f"{request.node.name}.png"))
    assert pg.outside_requests == []
    pg.context.close()


def month(pg) -> int:
    return int(re.search(r"\d+", pg.locator(".llo-month").inner_text()).group())


def expect_month(pg, m: int, lang: str = "nl"):
    """Wait until month ``m`` is on screen: its label, and its chart, which is drawn after
    the headline (so the headline read next is that month's too)."""
    text = f"Maand {m} van de simulatie" if lang == "nl" else f"Month {m} of the simulation"
    expect(pg.locator(".llo-month")).to_have_text(text)
    word = "Maand" if lang == "nl" else "Month"
    expect(pg.locator(".llo-chart img")).to_have_attribute("alt", re.compile(f"^{word} {m}: "))


def participation(pg) -> float:
    """The headline at the month shown: its line while watching, the answer at the horizon."""
    line = pg.locator(".llo-participation")
    text = line.inner_text() if line.count() else \
        pg.locator(".llo-big-current .llo-big-number").inner_text()
    return float(re.match(r"(\d+)%", text).group(1))


def inside(pg, locator) -> bool:
    """The element is on screen, not cut off at the right edge."""
    box = locator.bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= \
        pg.viewport_size["width"] + 0.5


def test_loads_in_dutch_with_the_starting_organisation(page):
    expect_month(page, 0)
    assert page.evaluate("document.documentElement.lang") == "nl"
    for label in ("Richting (informeren, stimuleren)", "Ruimte (faciliteren)",
                  "Ruggensteun (vertrouwen, helpen)", "Conversiefactoren"):
        expect(page.get_by_text(label).first).to_be_visible()
    # month 0 of a cold start: the building blocks by group, not "0% learn" and empty charts
    expect(page.locator(".llo-participation")).to_have_text(
        re.compile("nog geen 12 maanden gemeten|leert"))
    img = page.locator(".llo-chart img")
    expect(img).to_have_count(1)
    assert re.match(r"Maand 0: ", img.get_attribute("alt"))     # the numbers, in words


def test_every_chart_has_a_text_alternative_and_every_button_a_name(page):
    page.locator(".llo-year").click()
    expect_month(page, 12)
    for tab in ("participation", "inequality", "broek", "blocks", "teams", "budget"):
        page.locator(f".llo-tab-{tab}").click()
        expect(page.locator(f".llo-tab-{tab}")).to_have_class(re.compile("llo-tab-active"))
        img = page.locator(".llo-chart img")
        expect(img).to_have_attribute("alt", re.compile(r"^Maand 12: .*\d"))
    for button in page.get_by_role("button").all():
        if button.is_visible():
            name = button.get_attribute("aria-label") or button.inner_text().strip()
            assert name, button.evaluate("b => b.outerHTML")[:200]


def test_step_a_year_and_reset(page):
    page.locator(".llo-step").click()
    expect_month(page, 1)
    page.locator(".llo-year").click()
    expect_month(page, 13)
    assert participation(page) > 0
    # the reference (the baseline) is on the chart and in the headline
    expect(page.locator(".llo-participation")).to_contain_text("Uitgangssituatie")
    page.locator(".llo-reset").click()
    expect_month(page, 0)


RECORD_MONTHS = """() => {
  window.seenMonths = [];
  const note = () => {
    const el = document.querySelector('.llo-month');
    const m = el && el.textContent.match(/\\d+/);
    if (m && window.seenMonths[window.seenMonths.length - 1] !== +m[0]) {
      window.seenMonths.push(+m[0]);
    }
  };
  new MutationObserver(note).observe(document.body,
                                     {subtree: true, childList: true, characterData: true});
  note();
}"""


def test_play_advances_month_by_month_and_pauses(page):
    page.evaluate(RECORD_MONTHS)            # every month the screen shows, in the browser
    page.locator(".llo-play").click()
    expect(page.locator(".llo-month")).to_have_text(re.compile(r"Maand ([6-9]|\d\d+) "),
                                                    timeout=TIMEOUT)    # not a speed test
    page.locator(".llo-play").click()                           # pause
    expect(page.locator(".llo-play")).to_have_text(re.compile("Afspelen", re.I))
    paused = month(page)
    page.locator(".llo-step").click()          # nothing more came from Play: exactly one more
    expect_month(page, paused + 1)
    seen = page.evaluate("window.seenMonths")
    assert seen == list(range(paused + 2)), seen        # month by month, none skipped


def probe(url: str) -> dict:
    import json
    import urllib.request

    with urllib.request.urlopen(url + "_llo/probe", timeout=5) as r:
        return json.load(r)


def test_a_tab_closed_during_play_leaves_the_server_idle(browser):
    """The server's own count of months shown (a test-only probe) grows while a tab plays
    and stops growing once the tab is closed mid-play, without Pause."""
    import time

    with dashboard("probe.log", env={"LLO_SIM_DASHBOARD_PROBE": "1"}) as (_, url, _port):
        pg = open_page(browser, url)
        to_start(pg)
        pg.locator(".llo-play").click()
        expect(pg.locator(".llo-month")).to_have_text(re.compile(r"Maand ([3-9]|\d\d+) "))
        playing = probe(url)["months_shown"]
        expect(pg.locator(".llo-month")).to_have_text(re.compile(r"Maand ([6-9]|\d\d+) "))
        assert probe(url)["months_shown"] > playing          # the probe sees the play
        pg.close()                                             # the tab, mid-play
        time.sleep(1.0)                 # a request already on its way may still be served
        closed = probe(url)["months_shown"]
        time.sleep(3.0)                 # Play asks every 0.15 s: 20 months if it went on
        assert probe(url)["months_shown"] == closed
        assert closed < 120
        pg.context.close()


def test_a_slider_shows_the_whole_ten_years_with_bands_and_the_answer(page):
    """Letting go of a slider draws the new setting's whole run (month 120, every
    replication, the reference and the bands), and the answer at the horizon in large type."""
    page.locator(".llo-end").click()
    expect_month(page, 120)
    expect(page.locator(".llo-participation")).to_have_count(0)      # the answer says it
    before = page.locator(".llo-big-diff").inner_text()
    answer = page.locator(".llo-big-current .llo-big-number").inner_text()
    control = page.locator(".llo-param-job-crafting-intensity")
    expect(control.locator(".llo-value")).to_have_text("0,00")
    slider = control.locator("[role=slider]").first
    slider.focus()
    slider.press("End")                           # job crafting at full intensity
    expect(control.locator(".llo-value")).to_have_text("1,00")
    expect(page.locator(".llo-big-diff")).not_to_have_text(before)
    expect_month(page, 120)                       # the whole run, not month 0
    expect(page.locator(".llo-big-diff")).to_contain_text("over 4 herhalingen")
    expect(page.locator(".llo-chart img")).to_have_attribute("alt", re.compile("95%"))
    new = page.locator(".llo-big-current .llo-big-number").inner_text()
    assert int(new.rstrip("%")) > int(answer.rstrip("%"))
    expect(page.locator(".llo-big-diff")).to_contain_text("procentpunt")
    expect(page.locator(".llo-big-diff")).to_contain_text("95%-interval")
    expect(page).to_have_url(re.compile(r"p\.job_crafting_intensity=1"))
    page.locator(".llo-horizon .v-select").evaluate("el => { el.__vue__.$emit('input', 24); }")
    expect(page).to_have_url(re.compile(r"h=24"))
    expect(page.locator(".llo-horizon")).to_contain_text("2 jaar")


def test_an_organisation_slider_shows_the_new_organisations_whole_run(page):
    page.get_by_text("Samenstelling personeel").click()
    control = page.locator(".llo-param-share-flex")
    slider = control.locator("[role=slider]").first
    slider.focus()
    slider.press("ArrowRight")                            # a new organisation
    expect_month(page, 120)
    expect(page.locator(".llo-big-diff")).to_contain_text("over 4 herhalingen")
    expect(page.locator(".llo-chart img")).to_have_attribute("alt", re.compile("95%"))


def test_hovering_a_chart_reads_out_the_month_under_the_pointer(page):
    page.locator(".llo-end").click()
    expect_month(page, 120)
    img = page.locator(".llo-chart img")
    box = img.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5)
    tip = page.locator(".llo-readout")
    expect(tip).to_be_visible()
    expect(tip.locator(".llo-readout-month")).to_have_text(re.compile(r"^Maand \d+$"))
    expect(tip).to_contain_text("Leert veel")
    expect(tip).to_contain_text("Uitgangssituatie")
    first = int(tip.locator(".llo-readout-month").inner_text().split()[1])
    assert 40 <= first <= 80                                # the middle of ten years
    page.mouse.move(box["x"] + box["width"] * 0.9, box["y"] + box["height"] * 0.5)
    expect(tip.locator(".llo-readout-month")).not_to_have_text(f"Maand {first}")
    assert int(tip.locator(".llo-readout-month").inner_text().split()[1]) > first
    page.mouse.move(1, 1)
    expect(tip).to_have_count(0)


def test_a_term_under_the_chart_shows_its_definition(page):
    term = page.locator(".llo-glossary .llo-term").first
    expect(term).to_have_attribute("data-def", re.compile("minstens 6 van de laatste 12"))
    term.focus()                                           # the keyboard, as hovering does
    shown = term.evaluate("e => getComputedStyle(e, '::after').content")
    assert "minstens 6" in shown


def test_the_address_reproduces_the_view(browser, server):
    query = "?s=budget_only&seed=5&tab=inequality&lang=en&p.budget_amount=800"
    first = open_page(browser, server, query=query)
    second = open_page(browser, server, query=query)
    for pg in (first, second):
        expect(pg.locator(".llo-tab-inequality")).to_have_class(re.compile("llo-tab-active"))
        expect(pg.locator(".llo-param-budget-amount .llo-value")).to_have_text(
            "EUR 800 per year")
        expect_month(pg, 120, "en")
    assert participation(first) == participation(second)
    assert first.locator(".llo-chart img").get_attribute("alt") == \
        second.locator(".llo-chart img").get_attribute("alt")
    first.locator(".llo-tab-teams").click()
    expect(first).to_have_url(re.compile(r"tab=teams"))
    for pg in (first, second):
        pg.context.close()


def test_switch_to_english(page):
    page.locator(".llo-lang").get_by_text("EN").click()
    expect(page.locator("h1")).to_have_text("Learning culture simulator")
    expect_month(page, 0, "en")
    expect(page.locator(".llo-side")).to_contain_text("Richting: direction (inform, stimulate)")
    expect(page.locator(".llo-param-budget-procedure .llo-value")).to_have_text(
        "Through the leader")
    assert page.evaluate("document.documentElement.lang") == "en"


def test_compare_two_scenarios_with_bands_and_a_difference(page):
    page.locator(".llo-tab-compare").click()
    page.locator(".llo-reps input").fill("3")
    page.locator(".llo-reps input").press("Enter")
    page.locator(".llo-compare-run").click()
    expect(page.locator(".llo-difference")).to_contain_text("procentpunt", timeout=60_000)
    text = page.locator(".llo-difference").inner_text()
    assert "Samen één mengpaneel" in text and "budget_only" not in text   # titles, not files
    assert re.search(r"\[[+-]\d", text)                                   # an interval
    expect(page.locator(".llo-chart img")).to_have_count(1)


def test_a_long_comparison_shows_progress_and_stops(page):
    page.locator(".llo-tab-compare").click()
    for css, value in ((".llo-months input", "240"), (".llo-reps input", "10")):
        page.locator(css).fill(value)
        page.locator(css).press("Enter")
    page.locator(".llo-compare-run").click()
    expect(page.locator(".llo-busy")).to_be_visible()       # at once, not when it ends
    page.locator(".llo-stop").click()
    expect(page.locator(".llo-busy")).to_have_count(0)
    expect(page.locator(".llo-difference")).to_have_count(0)
    page.locator(".llo-tab-participation").click()          # the page still answers
    page.locator(".llo-step").click()
    expect_month(page, 1)


def test_crafted_values_from_the_browser_are_refused(page):
    """Values no widget offers, sent as the widgets would send them: a scenario name from
    outside the library and months beyond the cap."""
    page.locator(".llo-tab-compare").click()
    months = page.locator(".llo-months input")
    months.fill("100000")
    months.press("Enter")
    expect(page.locator(".llo-input-error")).to_contain_text("Ongeldige invoer")
    expect(page.locator(".llo-input-error")).to_contain_text("240")
    page.locator(".llo-scenario .v-select").evaluate(
        "el => { el.__vue__.$emit('input', '/etc/passwd'); }")
    expect(page.locator(".llo-error")).to_have_text("Onbekend scenario: kies er een uit de lijst.")
    expect(page.locator("body")).not_to_contain_text("Traceback")
    expect(page.locator("body")).not_to_contain_text("root:")
    expect(page.locator(".llo-scenario")).to_contain_text("Uitgangssituatie")


def test_crafted_month_requests_are_ignored(page):
    """Play's clock and the step buttons send a month over the websocket; a crafted one
    (far beyond the horizon, or not the next month) changes nothing."""
    for script in ("el => { el.__vue__.request = [99, 100000]; }",
                   "el => { el.__vue__.request = [98, -5]; }"):
        page.locator(".llo-stepper").evaluate(script)
    for script in ("el => { el.__vue__.request = [97, 100000]; }",
                   "el => { el.__vue__.request = ['x', 'y']; }"):
        page.locator(".llo-ticker").evaluate(script)
    page.locator(".llo-step").click()                  # the next real request is answered
    expect_month(page, 1)
    page.locator(".llo-play").click()                  # and Play's clock still runs
    expect(page.locator(".llo-month")).to_have_text(re.compile(r"Maand ([3-9]|\d\d+) "))
    page.locator(".llo-play").click()
    expect(page.locator("body")).not_to_contain_text("Traceback")


def test_errors_are_in_dutch_next_to_the_field_and_clear_when_fixed(page):
    page.locator(".llo-tab-participation").click()
    page.get_by_text("Samenstelling personeel").click()
    field = page.locator(".llo-param-n-employees input")
    error = page.locator(".llo-param-n-employees .llo-input-error")
    for bad, expected in (("abc", "heel getal"), ("10.5", "heel getal"), ("", "heel getal"),
                          ("30000", "20.000")):
        field.fill(bad)
        field.press("Enter")
        expect(error).to_contain_text(expected)
        expect(error).to_contain_text("Ongeldige invoer")
        expect(field).to_have_value("1000")                  # back to the value in use
    field.fill("500")
    field.press("Enter")
    expect(error).to_have_count(0)
    expect(page.locator(".llo-param-n-employees .llo-value")).to_have_text("500")


def test_shares_above_everyone_are_refused_and_the_slider_shows_what_is_used(page):
    page.get_by_text("Samenstelling personeel").click()
    control = page.locator(".llo-param-share-young")
    slider = control.locator("[role=slider]").first
    slider.focus()
    slider.press("End")                                   # 100% young + 25% old
    expect(control.locator(".llo-input-error")).to_contain_text("Samen meer dan 100%")
    expect(control.locator(".llo-value")).to_have_text("30%")
    expect(control.locator("[role=slider]").first).to_have_attribute("aria-valuenow", "30")


def test_workshop_steps_add_up_with_texts_from_the_numbers(page):
    page.locator(".llo-tab-workshop").click()
    for step in range(1, 5):
        page.locator(".llo-workshop-next").click()
        expect(page.locator(".llo-step-text")).to_contain_text(f"Stap {step}.", timeout=60_000)
        expect(page.locator(".llo-step-line")).to_have_count(step - 1)
    expect(page.locator(".llo-workshop-done")).to_contain_text("Klaar")
    text = page.locator(".llo-step-text").inner_text()
    assert re.search(r"leert \d+%", text) and "tegen de uitgangssituatie" in text
    alt = page.locator(".llo-chart img").get_attribute("alt")
    assert "Uitgangssituatie" in alt                       # the baseline line on the chart
    # a look at another tab keeps the steps: a trainer does not start again
    page.locator(".llo-tab-participation").click()
    expect(page.locator(".llo-workshop-done")).to_be_hidden()
    expect(page.locator(".llo-month")).to_be_visible()
    page.locator(".llo-tab-workshop").click()
    expect(page.locator(".llo-workshop-done")).to_contain_text("Klaar")
    expect(page.locator(".llo-step-line")).to_have_count(3)
    assert page.locator(".llo-workshop-next").is_disabled()


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
def test_presenting_the_workshop_fits_the_screen(browser, server, size):
    pg = open_page(browser, server, size=size, query="?tab=workshop")
    for step in range(1, 5):
        pg.locator(".llo-workshop-next").click()
        expect(pg.locator(".llo-step-text")).to_contain_text(f"Stap {step}.", timeout=60_000)
    pg.locator(".llo-present").click()
    expect(pg.locator(".llo-side")).to_be_hidden()
    img = pg.locator(".llo-chart img")
    expect(img).to_be_visible()
    box = img.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= size[1], box   # axis on screen
    done = pg.locator(".llo-workshop-done").bounding_box()               # and the conclusion
    assert done["y"] + done["height"] <= size[1], done
    expect(pg.locator(".llo-step-text")).to_contain_text("95%")         # with its interval
    font = pg.locator(".llo-step-text").evaluate("e => getComputedStyle(e).fontSize")
    assert float(font.rstrip("px")) >= 24
    pg.screenshot(path=str(ARTEFACTS / f"presenting-{size[0]}x{size[1]}.png"))
    pg.context.close()


@pytest.mark.parametrize("size", [LAPTOP, (1280, 720), PROJECTOR, PHONE],
                         ids=["laptop", "beamer", "projector", "phone"])
def test_layout_sliders_and_nothing_cut_off(browser, server, size):
    pg = open_page(browser, server, size=size)
    if size == PHONE:
        expect(pg.locator(".llo-side")).to_be_hidden()
        pg.locator(".llo-menu").click()                       # settings: open and close by
        expect(pg.locator(".llo-side")).to_be_visible()       # a button, not a swipe
    for name in ("Ruggensteun (vertrouwen, helpen)", "Conversiefactoren",
                 "Samenstelling personeel", "Richting (informeren, stimuleren)"):
        pg.get_by_text(name).click()
    sliders = pg.locator(".llo-slider")
    expect(sliders.first).to_be_visible()
    assert sliders.count() >= 20
    for control in pg.locator(".llo-control:has(.llo-slider)").all():
        assert control.locator(".llo-slider").bounding_box()["width"] >= 120
        assert control.locator(".llo-value").inner_text().strip()
    if size == PHONE:
        pg.locator(".llo-menu").click()
        expect(pg.locator(".llo-side")).to_be_hidden()
    for css in (".llo-answer", ".llo-big-diff"):           # the answer, on screen
        assert inside(pg, pg.locator(css)), css
    if size != PHONE:                      # the whole run's chart, its axis inside the screen
        box = pg.locator(".llo-chart img").bounding_box()
        assert box["y"] + box["height"] <= size[1], box
    to_start(pg)
    pg.locator(".llo-year").click()            # the headline at its longest: with an interval
    expect_month(pg, 12)
    expect(pg.locator(".llo-participation")).to_contain_text("herhalingen")
    for css in (".llo-play", ".llo-step", ".llo-year", ".llo-reset", ".llo-end", ".llo-month",
                ".llo-participation", ".llo-csv", ".llo-chart img"):
        pg.locator(css).scroll_into_view_if_needed()
        assert inside(pg, pg.locator(css)), (css, pg.locator(css).bounding_box())
    for tab in pg.locator(".llo-tab").all():          # every tab visible, no scroll arrow
        assert inside(pg, tab), tab.inner_text()
    pg.screenshot(path=str(ARTEFACTS / f"layout-{size[0]}x{size[1]}.png"), full_page=True)
    pg.context.close()


def test_each_browser_session_has_its_own_model(browser, server):
    a, b = open_page(browser, server), open_page(browser, server)
    to_start(a)
    to_start(b)
    a.locator(".llo-year").click()
    expect_month(a, 12)
    b.locator(".llo-step").click()
    expect_month(b, 1)
    expect_month(a, 12)
    for pg in (a, b):
        pg.context.close()


def test_downloads_give_csv_and_png(page):
    page.locator(".llo-year").click()
    expect_month(page, 12)
    with page.expect_download() as info:
        page.get_by_text("Download data (CSV)").click()
    csv = Path(info.value.path()).read_text()        # the whole run, whichever month shows
    assert csv.splitlines()[0].startswith("month,") and len(csv.splitlines()) == 122
    with page.expect_download() as info:
        page.get_by_text("Download figuur (PNG)").first.click()
    assert Path(info.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
