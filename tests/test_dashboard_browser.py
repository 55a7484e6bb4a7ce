"""The dashboard in a real browser: Debian's Chromium driven by Playwright, no network.

The server runs on 127.0.0.1 with the installed front-end files (solara-assets); this
machine has no internet, so a page that renders proves the dashboard works offline.
Without Chromium or Playwright these tests skip, unless LLO_SIM_REQUIRE_BROWSER=1 (set by
.ci/run), which turns a missing browser into a failure. Screenshots go to
$LLO_SIM_ARTEFACTS (default: test-artefacts/), not into the repository.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
REQUIRED = os.environ.get("LLO_SIM_REQUIRE_BROWSER") == "1"
ARTEFACTS = Path(os.environ.get("LLO_SIM_ARTEFACTS", "test-artefacts"))
TIMEOUT = 30_000  # ms, per wait in the browser


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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    port = _free_port()
    log = open(ARTEFACTS.mkdir(parents=True, exist_ok=True) or ARTEFACTS / "server.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "llo_sim", "dashboard", "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(url, timeout=2).status == 200:
                break
        except OSError:
            time.sleep(0.5)
    else:
        os.killpg(proc.pid, signal.SIGKILL)
        pytest.fail("the dashboard server did not start; see test-artefacts/server.log")
    yield url
    os.killpg(proc.pid, signal.SIGTERM)   # the server and anything it started
    proc.wait(timeout=20)
    log.close()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                              args=["--no-sandbox", "--disable-gpu",
                                    "--disable-background-networking"])
        yield b
        b.close()


@pytest.fixture
def page(browser, server, request):
    context = browser.new_context(viewport={"width": 1400, "height": 950})
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT)
    outside = []
    pg.on("request", lambda r: outside.append(r.url)
          if not r.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:"))
          else None)
    pg.goto(server)
    expect(pg.get_by_text("Leercultuur-simulator").first).to_be_visible()
    pg.outside_requests = outside
    yield pg
    pg.screenshot(path=str(ARTEFACTS / f"{request.node.name}.png"))
    context.close()


def month_text(pg) -> str:
    return pg.locator(".llo-month").inner_text()


def participation(pg) -> float:
    return float(re.match(r"(\d+)%", pg.locator(".llo-participation").inner_text()).group(1))


def test_loads_in_dutch_with_no_request_leaving_the_machine(page):
    expect(page.get_by_text("Maand 0 van de simulatie")).to_be_visible()
    for label in ("Richting (informeren, stimuleren)", "Ruimte (faciliteren)",
                  "Ruggensteun (vertrouwen, helpen)", "Conversiefactoren"):
        expect(page.get_by_text(label).first).to_be_visible()
    assert page.locator("img").count() >= 1          # the participation figure
    assert page.outside_requests == []


def test_step_and_run_a_year(page):
    page.locator(".llo-step").click()
    expect(page.locator(".llo-month")).to_have_text("Maand 1 van de simulatie")
    page.locator(".llo-year").click()
    expect(page.locator(".llo-month")).to_have_text("Maand 13 van de simulatie")
    assert participation(page) > 0
    page.locator(".llo-reset").click()
    expect(page.locator(".llo-month")).to_have_text("Maand 0 van de simulatie")


def test_moving_a_knob_changes_the_outcome(page):
    page.locator(".llo-year").click()
    expect(page.locator(".llo-month")).to_have_text("Maand 12 van de simulatie")
    before = participation(page)
    slider = page.locator(".llo-control", has_text="Job crafting").locator(
        "[role=slider]").first
    slider.focus()
    slider.press("End")                           # job crafting at full intensity
    expect(page.locator(".llo-month")).to_have_text("Maand 0 van de simulatie")
    page.locator(".llo-year").click()
    expect(page.locator(".llo-month")).to_have_text("Maand 12 van de simulatie")
    assert participation(page) > before


def test_switch_to_english(page):
    page.locator(".llo-lang").get_by_text("EN").click()
    expect(page.get_by_text("Learning culture simulator").first).to_be_visible()
    expect(page.locator(".llo-month")).to_have_text("Month 0 of the simulation")
    expect(page.get_by_text("Richting: direction (inform, stimulate)")).to_be_visible()


def test_compare_two_scenarios_side_by_side(page):
    page.get_by_role("tab", name="Naast elkaar").click()
    page.locator(".llo-compare-run").click()
    tab = page.locator(".v-window-item--active")
    expect(tab.locator("img")).to_have_count(1, timeout=60_000)
    expect(tab.get_by_text("Download figuur (PNG)")).to_be_visible()


def test_workshop_sequence_keeps_every_step(page):
    page.get_by_role("tab", name="Workshop").click()
    for step in range(1, 5):
        page.locator(".llo-workshop-next").click()
        expect(page.get_by_text(f"Stap {step}.").first).to_be_visible(timeout=60_000)
    expect(page.get_by_text("Klaar: één maatregel is niet genoeg.")).to_be_visible()
    for step in range(1, 5):                      # earlier steps stay on screen
        expect(page.get_by_text(f"Stap {step}.").first).to_be_visible()


def test_each_browser_session_has_its_own_model(browser, server):
    pages = []
    for _ in range(2):
        ctx = browser.new_context()
        pg = ctx.new_page()
        pg.set_default_timeout(TIMEOUT)
        pg.goto(server)
        expect(pg.locator(".llo-month")).to_have_text("Maand 0 van de simulatie")
        pages.append(pg)
    a, b = pages
    a.locator(".llo-year").click()
    expect(a.locator(".llo-month")).to_have_text("Maand 12 van de simulatie")
    b.locator(".llo-step").click()
    expect(b.locator(".llo-month")).to_have_text("Maand 1 van de simulatie")
    expect(a.locator(".llo-month")).to_have_text("Maand 12 van de simulatie")
    for pg in pages:
        pg.context.close()


def test_bad_input_shows_a_message_and_keeps_the_state(page):
    page.locator(".llo-step").click()
    expect(page.locator(".llo-month")).to_have_text("Maand 1 van de simulatie")
    seed = page.locator(".llo-seed input")
    seed.fill("-5")
    seed.press("Enter")
    expect(page.get_by_text("Ongeldige invoer").first).to_be_visible()
    expect(page.locator(".llo-month")).to_have_text("Maand 1 van de simulatie")


def test_play_runs_months_until_paused(page):
    page.locator(".llo-play").click()
    expect(page.locator(".llo-month")).to_have_text(re.compile(r"Maand ([3-9]|\d\d+) van"),
                                                    timeout=60_000)
    page.locator(".llo-play").click()             # pause
    expect(page.locator(".llo-play")).to_have_text(re.compile("Afspelen", re.I))
    time.sleep(0.5)                               # a month already under way may finish
    paused = month_text(page)
    time.sleep(1.5)
    assert month_text(page) == paused


def test_downloads_give_csv_and_png(page):
    page.locator(".llo-year").click()
    expect(page.locator(".llo-month")).to_have_text("Maand 12 van de simulatie")
    with page.expect_download() as info:
        page.get_by_text("Download data (CSV)").click()
    csv = Path(info.value.path()).read_text()
    assert csv.splitlines()[0].startswith("month,") and len(csv.splitlines()) == 14
    with page.expect_download() as info:
        page.get_by_text("Download figuur (PNG)").first.click()
    assert Path(info.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
