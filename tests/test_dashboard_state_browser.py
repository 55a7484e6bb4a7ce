"""Issue 21 in a real browser: the "changed" mark with Undo and a way back to the scenario,
the cost tab's policies on the organisation on screen with a sentence from the numbers, and
the sliders' accessible values. Same set-up as test_dashboard_browser.py (skips without a
browser unless LLO_SIM_REQUIRE_BROWSER=1)."""

import re

import pytest
from test_dashboard_browser import ARTEFACTS, LAPTOP, open_page
from test_dashboard_browser import browser, server  # noqa: F401  (fixtures)

from playwright.sync_api import expect  # noqa: E402


@pytest.fixture
def page(browser, server, request):  # noqa: F811
    pg = open_page(browser, server, LAPTOP)
    yield pg
    pg.screenshot(path=str(ARTEFACTS / f"{request.node.name}.png"))
    assert pg.outside_requests == []
    pg.context.close()


def test_a_moved_slider_marks_the_scenario_changed_and_undo_and_reset_bring_it_back(page):
    note = page.locator(".llo-changed")
    expect(note).to_contain_text("Instellingen van het scenario")
    expect(page.locator(".llo-undo")).to_have_count(0)
    control = page.locator(".llo-param-job-crafting-intensity")
    slider = control.locator("[role=slider]").first
    slider.focus()
    slider.press("ArrowRight")
    slider.press("ArrowRight")                          # two changes
    expect(note).to_contain_text("Gewijzigd ten opzichte van het scenario")
    expect(note.locator("li")).to_have_count(1)
    expect(note.locator("li")).to_contain_text("→")
    assert "p.job_crafting_intensity=" in page.url
    note.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTEFACTS / "changed-mark.png"))
    page.locator(".llo-undo").click()                  # one step back: still changed
    expect(note.locator("li")).to_have_count(1)
    page.locator(".llo-undo").click()                  # back to the scenario's value
    expect(note).to_contain_text("Instellingen van het scenario")
    assert "p.job_crafting_intensity=" not in page.url
    slider.focus()
    slider.press("ArrowRight")
    expect(note).to_contain_text("Gewijzigd")
    page.locator(".llo-back-to-scenario").click()
    expect(note).to_contain_text("Instellingen van het scenario")
    expect(page.locator(".llo-undo")).to_be_visible()   # the reset itself can be undone


def test_a_share_slider_speaks_percent(page):
    page.get_by_text("Samenstelling personeel").click()
    slider = page.locator(".llo-param-share-young [role=slider]").first
    expect(slider).to_have_attribute("aria-valuenow", re.compile(r"^\d+$"))
    assert 0 <= int(slider.get_attribute("aria-valuenow")) <= 100
    value = page.locator(".llo-param-share-young .llo-value").inner_text()
    expect(slider).to_have_attribute("aria-valuetext", value)      # "30%", as the label


def test_the_cost_tab_puts_policies_on_this_organisation_with_a_sentence(page):
    page.locator(".llo-tab-cost").click()
    page.locator(".llo-cost-run").click()
    sentence = page.locator(".llo-cost-sentence")
    expect(sentence).to_be_visible()
    expect(sentence).to_contain_text("standaardbeleid")
    rows = page.locator(".llo-kept-cost .llo-table tbody tr")
    expect(rows.first).to_contain_text("Huidige mix")
    names = " ".join(rows.all_inner_texts())
    for organisation in ("Zorgorganisatie", "Mkb-bedrijf", "Technische organisatie",
                         "Grote organisatie", "Reorganisatie"):
        assert organisation not in names                 # organisation types are no policy
    # the gap is a ratio with a Dutch decimal comma, in every row
    for text in rows.all_inner_texts():
        assert re.search(r"\d,\d\d\s*$", text.strip()), text
