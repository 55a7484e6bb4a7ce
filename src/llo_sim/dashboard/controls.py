"""Which registry parameters the dashboard shows, grouped, and one control per parameter.

The controls are made from the parameter registry (bounds, type, choices), so they never
drift from the model: a parameter's slider runs over exactly its allowed range.
"""

from __future__ import annotations

from typing import Any, Callable

import solara

from ..errors import ParameterError
from ..instruments import INSTRUMENTS
from ..limits import DASHBOARD_MAX_EMPLOYEES as MAX_EMPLOYEES
from ..parameters import REGISTRY
from .i18n import param_label, t

KNOBS = ("richting", "ruimte", "ruggensteun")
CONVERSION = ("practical_formal_conversion", "old_formal_conversion", "care_time_conversion",
              "flex_conversion", "economic_health")
WORKFORCE = ("share_theoretical", "share_young", "share_old", "share_flex", "share_care_duties")
BUDGET = ("budget_amount", "budget_coverage", "budget_procedure")


def knob_parameters(knob: str) -> list[str]:
    """The parameters of the instruments under one knob (intensities; the budget's own)."""
    names = []
    for cls in INSTRUMENTS:
        if cls.knob != knob:
            continue
        names += list(BUDGET) if cls.key == "budget" else [f"{cls.key}_intensity"]
    return names


def _step(name: str) -> float:
    p = REGISTRY[name]
    span = p.high - p.low
    return 100.0 if span > 1000 else 0.05 if span <= 1 else span / 100


@solara.component
def ParamControl(name: str, value: Any, on_value: Callable[[str, Any], None], lang: str):
    """One control for one registry parameter, with its meaning on hover."""
    p = REGISTRY[name]
    label, help_ = param_label(name, lang, p.meaning)
    error, set_error = solara.use_state("")

    def accept(v):
        try:
            if name == "n_employees" and v is not None and v > MAX_EMPLOYEES:
                raise ParameterError("dashboard", name, v, f"at most {MAX_EMPLOYEES:,}")
            checked = p.check(v, "dashboard")
        except ParameterError as exc:
            set_error(f"{t('invalid', lang)}: {exc.allowed}; {t('kept', lang)}")
            return
        set_error("")
        on_value(name, checked)

    with solara.Tooltip(help_ or p.meaning):
        with solara.Column(gap="0px", classes=["llo-control"]):
            if p.kind == "choice":
                solara.Select(label=label, value=value, values=list(p.choices),
                              on_value=accept)
            elif p.kind == "int":
                solara.InputInt(label=label, value=value, on_value=accept,
                                continuous_update=False)
            else:
                solara.SliderFloat(label=label, value=value, min=p.low, max=p.high,
                                   step=_step(name), on_value=accept, thumb_label=True)
            if error:
                solara.Error(error, dense=True, classes=["llo-input-error"])
