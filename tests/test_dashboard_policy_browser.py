"""The policy view in a real browser (issue 11, point 4): a budget, the small search with its
progress and Stop, the current mix on the cost-effect plane against the best mixes and the
library, taking the recommended mix over, and the conditions under which the current mix
fails; in Dutch and English, at a laptop, a projector and a phone.

The server runs the search and the discovery at a tiny size (``LLO_SIM_DASHBOARD_TINY=1``), so
these tests take seconds; the real sizes are measured in docs/dashboard.md.
"""

import re

import pytest
from test_dashboard_browser import (ARTEFACTS, LAPTOP, PHONE, PROJECTOR, browser,  # noqa: F401
                                    inside, open_page)
from test_dashboard_server import dashboard

from playwright.sync_api import expect

LOG = "policy-server.log"
PROGRESS = """() => {
  window.progress = [];
  new MutationObserver(() => {
    const el = document.querySelector('.llo-progress');
    const text = el && el.textContent.trim();
    if (text && window.progress[window.progress.length - 1] !== text) {
      window.progress.push(text);
    }
  }).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


@pytest.fixture(scope="module")
def tiny_server():
    with dashboard(LOG, env={"LLO_SIM_DASHBOARD_TINY": "1"}) as (_, url, _port):
        yield url
    log = (ARTEFACTS / LOG).read_text()
    assert "refused a connection" not in log, "the server tried to reach another host"
    assert "Traceback" not in log and "job failed" not in log


def search(pg, budget: str = "400", wait: bool = True):
    field = pg.locator(".llo-budget input")
    field.fill(budget)
    field.press("Enter")
    pg.locator(".llo-search").click()
    if wait:
        expect(pg.locator(".llo-front")).to_be_visible(timeout=120_000)


def test_search_stop_apply_and_failure_conditions_in_dutch(browser, tiny_server):  # noqa: F811
    pg = open_page(browser, tiny_server, query="?tab=policy&s=budget_only")
    field = pg.locator(".llo-budget input")
    field.fill("abc")
    field.press("Enter")
    expect(pg.locator(".llo-policy .llo-input-error")).to_contain_text("Ongeldige invoer")
    field.fill("350")
    field.press("Enter")
    expect(pg.locator(".llo-policy .llo-input-error")).to_have_count(0)
    pg.locator(".llo-search").click()
    expect(pg.locator(".llo-busy")).to_be_visible()            # progress shown at once
    pg.locator(".llo-stop").click()                            # and the search can be stopped
    expect(pg.locator(".llo-busy")).to_have_count(0)
    expect(pg.locator(".llo-front")).to_have_count(0)

    pg.evaluate(PROGRESS)                    # every progress text the screen shows
    search(pg, "400", wait=False)
    pg.locator(".llo-tab-participation").click()       # the page answers during the search,
    pg.locator(".llo-reset").click()
    expect(pg.locator(".llo-month")).to_have_text("Maand 0 van de simulatie")
    pg.locator(".llo-step").click()                    # and the search goes on meanwhile
    expect(pg.locator(".llo-month")).to_have_text("Maand 1 van de simulatie")
    pg.locator(".llo-tab-policy").click()
    expect(pg.locator(".llo-front")).to_be_visible(timeout=120_000)
    seen = pg.evaluate("window.progress")
    assert len(seen) >= 2 and all(re.fullmatch(r"\d+ van \d+ runs|Bezig.*", x) for x in seen)
    alt = pg.locator(".llo-policy .llo-chart img").get_attribute("alt")
    assert alt.startswith("Kosten per medewerker") and "Huidige mix: EUR" in alt
    assert re.search(r"A: EUR [\d.]+, \d+%", alt)              # the front, in numbers
    assert "Geïntegreerd" in alt or "integra" in alt.lower()  # the library beside it
    expect(pg.locator(".llo-front tbody tr").first).to_contain_text("Huidige mix")
    expect(pg.locator(".llo-mix-line").first).to_contain_text("EUR")
    expect(pg.locator(".llo-shipped")).to_contain_text("Scenario's uit de bibliotheek: 1 ")

    pg.locator(".llo-discover").click()
    expect(pg.locator(".llo-fail-summary")).to_contain_text("van de 16 omstandigheden",
                                                            timeout=120_000)
    expect(pg.locator(".llo-box-line").first).to_contain_text("de huidige mix")

    pg.locator(".llo-apply").click()                           # the recommended mix, running
    expect(pg.locator(".llo-tab-participation")).to_have_class(re.compile("llo-tab-active"))
    expect(pg).to_have_url(re.compile(r"tab=participation.*p\.budget_procedure=direct"))
    assert pg.outside_requests == []
    pg.screenshot(path=str(ARTEFACTS / "policy-applied.png"))
    pg.context.close()


def test_the_policy_view_fits_a_laptop_a_projector_and_a_phone_in_english(
        browser, tiny_server):  # noqa: F811
    pg = open_page(browser, tiny_server, query="?tab=policy&lang=en")
    search(pg, "600")
    expect(pg.locator(".llo-front")).to_contain_text("Current mix")
    for size in (LAPTOP, PROJECTOR, PHONE):     # one search, three screens
        pg.set_viewport_size({"width": size[0], "height": size[1]})
        if size == PHONE:          # the chart is redrawn for a phone: narrower and taller
            pg.wait_for_function("() => { const i = document.querySelector("
                                 "'.llo-policy .llo-chart img'); "
                                 "return i && i.naturalHeight > 0.8 * i.naturalWidth; }")
        for css in (".llo-budget", ".llo-search", ".llo-policy .llo-chart img", ".llo-front",
                    ".llo-apply", ".llo-discover"):
            pg.locator(css).scroll_into_view_if_needed()
            assert inside(pg, pg.locator(css)), (size, css, pg.locator(css).bounding_box())
        pg.locator(".llo-policy .llo-chart img").scroll_into_view_if_needed()
        pg.screenshot(path=str(ARTEFACTS / f"policy-{size[0]}x{size[1]}.png"))
    assert pg.outside_requests == []
    pg.context.close()
