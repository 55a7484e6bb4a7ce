"""Play in a real browser, clicked as a person clicks (issue 21): Play must resume after
Pause, every time, and run to the horizon.

Uses the browser and the helpers of ``test_dashboard_browser`` (skipped there, and so here,
without Chromium or Playwright). Every wait is generous (a shared 2-core machine): they are
safety nets, not speed tests.
"""

import re

import pytest
from playwright.sync_api import expect
from test_dashboard_browser import ARTEFACTS, browser, month, open_page  # noqa: F401
from test_dashboard_server import dashboard

TIMEOUT = 90_000            # ms, for any one wait in the browser
expect.set_options(timeout=TIMEOUT)
LOG = "play-workshop.log"


@pytest.fixture(scope="module")
def server():
    with dashboard(LOG) as (_, url, _port):
        yield url
    assert "Traceback" not in (ARTEFACTS / LOG).read_text()


@pytest.fixture
def page(browser, server, request):  # noqa: F811 - the imported fixture
    pg = open_page(browser, server)
    pg.set_default_timeout(TIMEOUT)
    yield pg
    pg.screenshot(path=str(ARTEFACTS / f"{request.node.name}.png"))
    pg.context.close()


def wait_for_month(pg, at_least: int):
    """Wait until the month on screen is ``at_least`` or later."""
    pg.wait_for_function("""m => {
        const el = document.querySelector('.llo-month');
        const found = el && el.textContent.match(/\\d+/);
        return found && +found[0] >= m;
    }""", arg=at_least, timeout=TIMEOUT)


# --- Play ---------------------------------------------------------------------------------

def play_button(pg):
    return pg.locator(".llo-play")


def expect_playing(pg, playing: bool):
    expect(play_button(pg)).to_have_text(re.compile("Pauze" if playing else "Afspelen", re.I))


def test_play_resumes_after_pause_every_time(page):
    """Play, Pause, Play again, four times over: each Play moves the month on again (it
    froze after the first Pause: the browser's clock asked again for the month it had asked
    for just before the Pause, an unchanged value that never reached the server)."""
    for _ in range(4):
        start = month(page)
        play_button(page).click()
        expect_playing(page, True)
        wait_for_month(page, start + 3)
        play_button(page).click()                                # Pauze
        expect_playing(page, False)
    paused = month(page)
    page.locator(".llo-step").click()               # paused for real: exactly one month more
    expect(page.locator(".llo-month")).to_have_text(f"Maand {paused + 1} van de simulatie")


def test_play_after_pause_runs_to_the_horizon_and_stops(page):
    play_button(page).click()
    wait_for_month(page, 2)
    play_button(page).click()
    expect_playing(page, False)
    while month(page) < 100:                        # most of the way by years, then Play
        before = month(page)
        page.locator(".llo-year").click()
        expect(page.locator(".llo-month")).to_have_text(f"Maand {before + 12} van de simulatie")
    play_button(page).click()
    expect(page.locator(".llo-month")).to_have_text("Maand 120 van de simulatie")
    expect_playing(page, False)
    expect(play_button(page)).to_be_disabled()
    expect(page.locator(".llo-step")).to_be_disabled()
