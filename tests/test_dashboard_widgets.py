"""Building blocks of the dashboard's page, drawn without a browser (``solara.render``): the
button for which a double click is one click, and the error boundary that keeps the page
around it. (Their use in the running dashboard is tested in a browser, in
``test_dashboard_play_workshop_browser``.)"""

import ipyvuetify
import pytest

solara = pytest.importorskip("solara")

from llo_sim.dashboard.i18n import t  # noqa: E402
from llo_sim.dashboard.widgets import Recoverable, SingleClickButton  # noqa: E402


def button(rc, label: str):
    return rc.find(ipyvuetify.Btn, children=[label]).widget


def texts(rc) -> str:
    return " ".join(str(w.children) for w in rc.find(ipyvuetify.Html).widgets)


def test_the_second_click_of_a_double_click_is_ignored():
    clicks = []

    @solara.component
    def Page():
        SingleClickButton("Next", lambda: clicks.append(1), classes=["next"])

    _, rc = solara.render(Page(), handle_error=False)
    next_ = button(rc, "Next")
    assert next_.class_ == "next"
    for detail in (1, 2, 3):                  # a double click, then a triple click's third
        next_.fire_event("click", {"detail": detail})
    assert len(clicks) == 1
    next_.fire_event("click", {"detail": 0})  # Enter or Space on the focused button
    next_.fire_event("click", {"detail": 1})
    next_.fire_event("click", None)           # no event data: still a click
    assert len(clicks) == 4


def test_an_error_inside_shows_one_line_and_continue_goes_back_the_rest_kept():
    @solara.component
    def Part(n):
        if n == 2:
            raise RuntimeError("a fault made by the test")
        solara.Text(f"part {n}")

    @solara.component
    def Page():
        n, set_n = solara.use_state(1)
        other, set_other = solara.use_state("kept")
        solara.Button("more", on_click=lambda: set_n(n + 1))
        solara.Button("change", on_click=lambda: set_other("changed"))
        Recoverable(lambda: Part(n), on_continue=lambda: set_n(1), lang="nl")
        solara.Text(f"outside {other}")

    _, rc = solara.render(Page(), handle_error=False)
    assert "part 1" in texts(rc)
    button(rc, "change").click()
    button(rc, "more").click()                               # Part fails to draw
    shown = texts(rc)
    assert t("err_internal", "nl") in shown and "outside changed" in shown
    assert "a fault made by the test" not in shown and "part" not in shown
    button(rc, t("continue", "nl")).click()
    shown = texts(rc)
    assert "part 1" in shown and "outside changed" in shown  # back, and the rest as it was
    assert t("err_internal", "nl") not in shown
