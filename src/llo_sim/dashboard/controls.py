"""Which registry parameters the dashboard shows, grouped, and one control per parameter.

The controls are made from the parameter registry (bounds, type, choices), so they never
drift from the model: a slider runs over exactly its parameter's allowed range. Every control
shows its current value and unit at all times, has its explanation behind an info button
(reachable by touch and keyboard, not only by hovering), and shows an error next to itself,
in the interface's language, until the input is fixed.
"""

from __future__ import annotations

from typing import Any, Callable

import solara
from solara.components.input import use_change

from llo_sim.dashboard.checks import InputError
from llo_sim.dashboard.i18n import param_label, t
from llo_sim.engine.instruments import INSTRUMENTS
from llo_sim.engine.parameters import REGISTRY

KNOBS = ("richting", "ruimte", "ruggensteun")
CONVERSION = ("practical_formal_conversion", "old_formal_conversion", "care_time_conversion",
              "flex_conversion", "economic_health")
WORKFORCE = ("share_theoretical", "share_young", "share_old", "share_flex", "share_care_duties")
BUDGET = ("budget_amount", "budget_coverage", "budget_procedure")
TYPED = ("budget_amount", "n_employees")   # exact values matter: a number field


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


def number(x: float, lang: str, decimals: int = 0) -> str:
    """A number as the interface's language writes it (1.000,5 or 1,000.5)."""
    text = f"{x:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".") if lang == "nl" else text


def signed(x: float, lang: str, decimals: int = 1) -> str:
    """A difference with its sign, as the language writes it (+31,7 or +31.7)."""
    v = round(x, decimals)
    return ("+" if v > 0 else "-" if v < 0 else "") + number(abs(v), lang, decimals)


def shown_value(name: str, value: Any, lang: str) -> str:
    """The value with its unit, as the control shows it."""
    unit = REGISTRY[name].unit
    if REGISTRY[name].kind == "choice":
        return t(str(value), lang)
    if unit == "share":
        return f"{100 * value:.0f}%"
    if unit.startswith("EUR"):
        return f"EUR {number(value, lang)} " + ("per jaar" if lang == "nl" else "per year")
    if unit == "employees":
        return number(value, lang)
    if unit == "multiplier":
        return f"× {number(value, lang, 2)}"
    return number(value, lang, 2)


@solara.component
def ParamControl(name: str, value: Any, on_value: Callable[[str, Any], None], lang: str):
    """One control for one registry parameter. ``on_value(name, raw)`` may raise
    :class:`InputError`; its message then shows under the control, and the control returns
    to the value the model uses."""
    p = REGISTRY[name]
    label, help_ = param_label(name, lang, p.meaning)
    error, set_error = solara.use_state("")
    show_help, set_show_help = solara.use_state(False)
    resets, set_resets = solara.use_state(0)     # remount: back to the value in use

    def accept(raw):
        try:
            on_value(name, raw)
        except InputError as exc:
            set_error(exc.message(lang))
            set_resets(lambda n: n + 1)
            return
        set_error("")

    slug = name.replace("_", "-")
    with solara.Div(classes=["llo-control", f"llo-param-{slug}"]):
        with solara.Div(classes=["llo-control-head"]):
            solara.HTML(tag="label", unsafe_innerHTML=_escape(label), classes=["llo-label"])
            solara.Text(shown_value(name, value, lang), classes=["llo-value"])
            solara.Button(icon_name="mdi-information-outline", icon=True, small=True,
                          on_click=lambda: set_show_help(not show_help),
                          classes=["llo-info"],
                          attributes={"aria-label": f"{t('info', lang)}: {label}",
                                      "aria-expanded": "true" if show_help else "false"})
        if show_help:
            solara.Text(help_ or p.meaning, classes=["llo-help"])
        if p.kind == "choice":
            solara.v.Select(v_model=value, items=[{"text": t(c, lang), "value": c}
                                                  for c in p.choices],
                            on_v_model=accept, dense=True, hide_details=True,
                            attributes={"aria-label": label}, class_="llo-select"
                            ).key(f"{name}-{resets}")
        elif name in TYPED or p.kind == "int":
            NumberField(value, accept, label).key(f"{name}-{resets}")
        else:
            # a share runs in percent, so the thumb says 35 where the label says 35%
            scale = 100 if p.unit == "share" else 1
            slider = solara.v.Slider(v_model=_scaled(value, scale), min=p.low * scale,
                                     max=p.high * scale, step=_step(name) * scale,
                                     # a thumb label only where it reads as the label does
                                     hide_details=True, thumb_label=scale == 100,
                                     class_="llo-slider",
                                     attributes={"aria-label": label, "aria-valuetext":
                                                 shown_value(name, value, lang)}
                                     ).key(f"{name}-{resets}")
            # "change" comes once on release or a key press, not at every pixel of a drag:
            # a drag does not queue a dozen model rebuilds
            solara.v.use_event(slider, "change",
                               lambda *args: accept(_unscaled(args[-1], scale)))
        if error:
            solara.Text(error, classes=["llo-input-error"])


@solara.component
def NumberField(value, on_value: Callable[[str], None], label: str, classes=("llo-number",)):
    """A text field for an exact number; reports its text on Enter or when left (the
    checks turn it into a number or an error message)."""
    field = solara.v.TextField(v_model=_plain(value), dense=True, hide_details=True,
                               class_=" ".join(classes),
                               attributes={"aria-label": label, "inputmode": "decimal"})
    use_change(field, on_value)


def _scaled(value, scale: int):
    return round(value * scale, 6) if scale != 1 else value


def _unscaled(raw, scale: int):
    """The slider's value back on the parameter's scale (a text that is not a number is
    passed on as it is: the checks turn it into an error message)."""
    if scale == 1:
        return raw
    try:
        return round(float(raw) / scale, 6)
    except (TypeError, ValueError):
        return raw


def _plain(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@solara.component
def LabeledSelect(label: str, value: str, items: list[dict], on_value: Callable[[str], None],
                  css: str):
    """A drop-down list with its label above it (a label inside a dense list is hidden as
    soon as a value is chosen); ``items``: ``{"text": shown, "value": sent}``."""
    with solara.Div(classes=["llo-control", css]):
        solara.HTML(tag="label", unsafe_innerHTML=_escape(label), classes=["llo-label"])
        solara.v.Select(v_model=value, on_v_model=on_value, items=items, dense=True,
                        hide_details=True, attributes={"aria-label": label})
