"""Play and the workshop in a real browser, clicked as a person clicks (issue 21).

Play must resume after Pause, every time; a double click on the workshop's "Volgende stap"
advances one step and never breaks the page; and "Verder" after an error keeps what its
message promises. Clicks go through the mouse at the button's place, so a click on a button
that has just been disabled does nothing, as for a person (Playwright's own ``click`` would
wait for the button to be enabled again); a double click is made as a mouse makes it (the
second click has click count 2), with 0.2 s between the clicks.

Whether a quick second click reaches the server before the page has heard back from the first
depends on the machine's load; a ``SlowLink`` holds the server's messages to the page for a
moment, so the second click always does, as on a busy workshop laptop.

Uses the browser and the helpers of ``test_dashboard_browser`` (skipped there, and so here,
without Chromium or Playwright). Every wait is generous (a shared 2-core machine): they are
safety nets, not speed tests.
"""

import os
import re
import signal
import subprocess
import sys
from contextlib import contextmanager

import pytest
from conftest import BROWSER_TIMEOUT_MS as TIMEOUT    # ms, any one wait (set once there)
from playwright.sync_api import expect
from test_dashboard_browser import ARTEFACTS, browser, month, open_page, to_start  # noqa: F401
from test_dashboard_server import answers, dashboard, free_port, wait_until

LOG = "play-workshop.log"
SCREEN = (1280, 720)        # a projector's or a laptop's screen in a workshop room


@pytest.fixture(scope="module")
def server():
    with dashboard(LOG) as (_, url, _port):
        yield url
    assert "Traceback" not in (ARTEFACTS / LOG).read_text()


@pytest.fixture
def page(browser, server, request):  # noqa: F811 - the imported fixture
    pg = open_page(browser, server)
    pg.set_default_timeout(TIMEOUT)
    to_start(pg)
    yield pg
    pg.screenshot(path=str(ARTEFACTS / f"{request.node.name}.png"))
    pg.context.close()


def middle(locator) -> tuple[float, float]:
    box = locator.bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def mouse_click(pg, locator):
    """One mouse click at the middle of ``locator``."""
    pg.mouse.click(*middle(locator))


def double_click(pg, locator, gap_ms: int = 200):
    """A double click at the middle of ``locator`` as a mouse makes it: two clicks
    ``gap_ms`` apart, the second with click count 2 (``detail`` 2 in the page)."""
    pg.mouse.move(*middle(locator))
    for count in (1, 2):
        if count == 2:
            pg.wait_for_timeout(gap_ms)
        pg.mouse.down(click_count=count)
        pg.mouse.up(click_count=count)


class SlowLink:
    """The page's websocket, with the server's messages to the page held back inside
    ``with link.held():`` and delivered, in order, at its end: the page stays as it was (a
    button is not yet disabled) while the server already handles the clicks made meanwhile."""

    def __init__(self, pg):
        self.holding, self.queue, self.routes = False, [], []
        pg.route_web_socket(re.compile(".*"), self.route)

    def route(self, page_side):
        server = page_side.connect_to_server()
        page_side.on_message(server.send)
        server.on_message(lambda message: self.deliver(page_side, message))
        self.routes.append(page_side)

    def deliver(self, page_side, message):
        if self.holding:
            self.queue.append((page_side, message))
        else:
            page_side.send(message)

    @contextmanager
    def held(self, pg, ms: int = 1500):
        """Hold the server's messages during the block and ``ms`` after it."""
        self.holding = True
        try:
            yield
            pg.wait_for_timeout(ms)
        finally:
            self.holding = False
            queue, self.queue = self.queue, []
            for page_side, message in queue:
                page_side.send(message)


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
    expect(page.locator(".llo-step")).to_be_disabled()
    play_button(page).click()                       # at the end, Play watches it again
    expect_playing(page, True)
    wait_for_month(page, 1)
    assert month(page) < 120
    play_button(page).click()
    expect_playing(page, False)


# --- the workshop -------------------------------------------------------------------------

def next_button(pg):
    return pg.locator(".llo-workshop-next")


def expect_step(pg, step: int):
    """Step ``step`` is on screen, computed (no progress line), with its full text and one
    line for each step before it."""
    expect(pg.locator(".llo-busy")).to_have_count(0)
    expect(pg.locator(".llo-step-text")).to_contain_text(f"Stap {step}.")
    expect(pg.locator(".llo-step-line")).to_have_count(step - 1)
    expect(pg.locator(".llo-error")).to_have_count(0)


def open_workshop(pg, steps: int = 0):
    """The workshop tab, with ``steps`` steps taken one click at a time."""
    pg.locator(".llo-tab-workshop").click()
    expect(next_button(pg)).to_be_enabled()
    for step in range(1, steps + 1):
        mouse_click(pg, next_button(pg))
        expect_step(pg, step)


@pytest.fixture
def linked(browser, server, request):  # noqa: F811 - the imported fixture
    """A page whose websocket goes through a ``SlowLink`` (``page.link``); a test's
    parameter, if any, is the page's query."""
    context = browser.new_context(viewport={"width": SCREEN[0], "height": SCREEN[1]})
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT)
    pg.link = SlowLink(pg)
    pg.goto(server + getattr(request, "param", ""))
    expect(pg.locator(".llo-tab-active")).to_be_visible()
    yield pg
    pg.screenshot(path=str(ARTEFACTS / f"{request.node.name}.png"))
    context.close()


@pytest.mark.parametrize("linked, clicks", [("", "double"), ("?seed=7", "two single")],
                         indirect=["linked"], ids=["double", "two single"])
def test_quick_clicks_after_step_three_give_step_four_not_an_error(linked, clicks):
    """The page broke (an IndexError on the server, the step count at 5); also two separate
    single clicks, as a touch screen or a presenter's clicker may send them (with a seed of
    their own: step 4 not computed yet, so the second click comes while it is computing)."""
    open_workshop(linked, 3)
    linked.locator(".llo-present").click()
    expect(linked.locator(".llo-side")).to_be_hidden()
    with linked.link.held(linked):
        if clicks == "double":
            double_click(linked, next_button(linked))
        else:
            mouse_click(linked, next_button(linked))
            linked.wait_for_timeout(200)
            mouse_click(linked, next_button(linked))
    expect_step(linked, 4)
    expect(linked.locator(".llo-workshop-done")).to_contain_text("Klaar")
    expect(next_button(linked)).to_be_disabled()
    expect(linked.locator(".llo-side")).to_be_hidden()            # still presenting
    if clicks == "double":
        linked.screenshot(path=str(ARTEFACTS / "workshop-presenting-step-4-1280x720.png"))


def test_a_double_click_advances_one_step_with_its_text(linked):
    """A double click at the start went to step 2, so step 1's text was never shown."""
    open_workshop(linked)
    for step in (1, 2):
        with linked.link.held(linked):
            double_click(linked, next_button(linked))
        expect_step(linked, step)


def test_a_double_click_after_starting_again_advances_one_step(linked):
    """Steps already computed come back at once, so the second click of a double click can
    find the step done: still one step, as the button takes a double click as one click."""
    open_workshop(linked, 2)
    linked.locator(".llo-workshop-restart").click()
    expect(linked.locator(".llo-step-text")).to_have_count(0)
    for step in (1, 2):
        with linked.link.held(linked):
            double_click(linked, next_button(linked))
        expect_step(linked, step)
    linked.screenshot(path=str(ARTEFACTS / "workshop-step-2-1280x720.png"))


FAULTY_SERVER = """
import sys
from llo_sim.dashboard import views, workshop

def fault(*args, **kwargs):
    raise RuntimeError("a fault made by the test")

real_step_text = workshop.step_text
def step_text(step, *args, **kwargs):
    if step == 3:                       # the text of workshop step 4
        fault()
    return real_step_text(step, *args, **kwargs)

workshop.step_text = step_text
views.teams = fault                     # the chart of the Teams tab
from llo_sim.dashboard.server import main
main(sys.argv[1:])
"""


@pytest.fixture(scope="module")
def faulty_server():
    """A dashboard whose workshop step 4 and Teams chart fail to draw (patched by the test,
    in the server's own process); its log must name the fault and nothing else."""
    port = free_port()
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    log_path = ARTEFACTS / "faulty-server.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen([sys.executable, "-c", FAULTY_SERVER, "127.0.0.1", str(port)],
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until(lambda: answers(url), "the dashboard server to start")
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    text = log_path.read_text()
    assert "a fault made by the test" in text
    assert "refused a connection" not in text


def test_continue_after_an_error_in_the_workshop_keeps_the_steps_and_presenting(
        browser, faulty_server):  # noqa: F811
    """The message says the previous state stays: after "Verder" the workshop is back at
    step 3, still presenting (it used to start again at step 0, out of presenting)."""
    pg = open_page(browser, faulty_server, size=SCREEN)
    pg.set_default_timeout(TIMEOUT)
    open_workshop(pg, 3)
    pg.locator(".llo-present").click()
    expect(pg.locator(".llo-side")).to_be_hidden()
    mouse_click(pg, next_button(pg))
    expect(pg.locator(".llo-error")).to_contain_text("de vorige toestand blijft staan")
    expect(pg.locator("body")).not_to_contain_text("RuntimeError")
    pg.screenshot(path=str(ARTEFACTS / "workshop-error-message-1280x720.png"))
    pg.get_by_role("button", name=re.compile("^Verder")).click()
    expect_step(pg, 3)
    expect(pg.locator(".llo-side")).to_be_hidden()              # still presenting
    expect(next_button(pg)).to_be_enabled()
    pg.screenshot(path=str(ARTEFACTS / "workshop-after-continue-1280x720.png"))
    pg.context.close()


def test_continue_after_an_error_elsewhere_reopens_with_the_settings_before_it(
        browser, faulty_server):  # noqa: F811
    """An error outside the workshop reopens the dashboard, and the line says what comes
    back: the settings, the tab and the language from before the error (not those the page
    was opened with)."""
    pg = open_page(browser, faulty_server)
    pg.set_default_timeout(TIMEOUT)
    pg.locator(".llo-lang").get_by_text("EN").click()
    expect(pg.locator("h1")).to_have_text("Learning culture simulator")
    pg.locator(".llo-tab-inequality").click()
    expect(pg.locator(".llo-tab-inequality")).to_have_class(re.compile("llo-tab-active"))
    pg.locator(".llo-tab-teams").click()                     # its chart fails
    expect(pg.locator(".llo-error")).to_contain_text("with the settings from before the error")
    expect(pg.locator("body")).not_to_contain_text("RuntimeError")
    pg.get_by_role("button", name=re.compile("^Verder")).click()
    expect(pg.locator("h1")).to_have_text("Learning culture simulator")
    expect(pg.locator(".llo-tab-inequality")).to_have_class(re.compile("llo-tab-active"))
    expect(pg.locator(".llo-month")).to_have_text("Month 120 of the simulation")   # whole
    pg.context.close()
