"""State you can trust (issue 21, point 5): under the scenario picker, whether the settings still
are the scenario's, and if not, what differs, with Undo and a way back to the scenario.

The scenario's name alone says nothing once a slider has moved or a mix from "Best mix" was
taken over. :func:`changes` lists every setting that differs from the chosen scenario, in the
order of the settings panel; :class:`History` keeps the earlier states so that Undo steps back
one change at a time (a slider, a scenario chosen, a mix taken over). The address already
holds every changed setting (``p.<name>=...``), so a shared link shows the same "changed" mark.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

import solara

from llo_sim.dashboard import checks
from llo_sim.dashboard.controls import shown_value
from llo_sim.dashboard.i18n import param_label, texts

TEXT = {
    "same": ("Instellingen van het scenario", "The scenario's settings"),
    "changed": ("Gewijzigd ten opzichte van het scenario", "Changed from the scenario"),
    "undo": ("Ongedaan maken", "Undo"),
    "reset": ("Terug naar het scenario", "Back to the scenario"),
}
HISTORY = 50           # states Undo can go back


say = texts(TEXT)


def changes(scenario: str, params: dict, shown: list[str]) -> list[tuple[str, Any, Any]]:
    """``(name, the scenario's value, the current value)`` of every shown setting that differs
    from the scenario's own (``n_employees`` is a size, not a setting of the scenario)."""
    base = checks.scenario(scenario).parameters
    return [(n, base.get(n), params[n]) for n in shown
            if n != "n_employees" and n in params and params[n] != base.get(n)]


@dataclass
class History:
    """The earlier ``(scenario, params)`` states, newest last, at most :data:`HISTORY`."""

    states: list = field(default_factory=list)

    def push(self, scenario: str, params: dict) -> None:
        if not self.states or self.states[-1] != (scenario, params):
            self.states.append((scenario, dict(params)))
            del self.states[:-HISTORY]

    def pop(self):
        return self.states.pop() if self.states else None


@solara.component
def ChangedNote(scenario: str, params: dict, shown: list[str], lang: str, can_undo: bool,
                on_undo, on_reset):
    """"The scenario's settings", or "Changed" with each difference (old → new) and the two
    buttons. Undo is there whenever there is something to undo, also after a reset."""
    diff = changes(scenario, params, shown)
    with solara.Div(classes=["llo-changed"] + (["llo-is-changed"] if diff else []),
                    attributes={"aria-live": "polite"}):
        solara.Text(say("changed" if diff else "same", lang), classes=["llo-changed-head"])
        if diff:
            items = "".join(f"<li>{html.escape(param_label(n, lang)[0])}: "
                            f"{html.escape(shown_value(n, old, lang))} → "
                            f"{html.escape(shown_value(n, new, lang))}</li>"
                            for n, old, new in diff)
            solara.HTML(tag="ul", unsafe_innerHTML=items, classes=["llo-changed-list"])
        with solara.Row(classes=["llo-changed-buttons"]):
            if can_undo:
                solara.Button(say("undo", lang), icon_name="mdi-undo", on_click=on_undo,
                              text=True, classes=["llo-undo"])
            if diff:
                solara.Button(say("reset", lang), icon_name="mdi-restore", on_click=on_reset,
                              text=True, classes=["llo-back-to-scenario"])
