"""Every value that comes from the browser, checked on the server.

A browser sends whatever it likes over the websocket, not only what the widgets allow, so each
event handler of the dashboard passes its value through one of these functions first. They
return a clean Python value or raise :class:`InputError`, whose message is in the interface's
language and names what is allowed (no traceback, no server path).
"""

from __future__ import annotations

import logging
from functools import lru_cache, wraps
from pathlib import Path
from typing import Any, Callable

from llo_sim.dashboard.i18n import LANGUAGES, t
from llo_sim.engine.files import CHECKOUT, PACKAGE
from llo_sim.engine.limits import DASHBOARD_MAX_EMPLOYEES, DASHBOARD_MAX_MONTHS
from llo_sim.engine.parameters import REGISTRY, validate
from llo_sim.engine.scenario import Scenario, load
from llo_sim.errors import ParameterError

log = logging.getLogger("llo_sim.dashboard")
MAX_SEED = 2**32 - 1
LIBRARY = PACKAGE / "scenarios"              # inside the installed package
SOURCE_LIBRARY = CHECKOUT / "scenarios"       # in a source checkout


class InputError(ValueError):
    """A value from the browser that the dashboard does not accept; ``message(lang)``."""

    def __init__(self, key: str, **fields: Any):
        super().__init__(key, fields)
        self.key, self.fields = key, fields

    def message(self, lang: str) -> str:
        fields = {k: _number(v, lang) if isinstance(v, (int, float)) else v
                  for k, v in self.fields.items()}
        return t(self.key, lang).format(**fields)


def _number(x: float, lang: str) -> str:
    """1.000,5 in Dutch, 1,000.5 in English."""
    text = f"{x:,.0f}" if float(x).is_integer() else f"{x:,g}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".") if lang == "nl" else text


def _library_dir() -> Path:
    return LIBRARY if LIBRARY.is_dir() else SOURCE_LIBRARY


def library() -> list[str]:
    """The scenario names the dashboard offers: the shipped library only (never a file named
    by the browser, nor a ``scenarios/`` folder in the server's working directory)."""
    return sorted(p.stem for p in _library_dir().glob("*.toml"))


def scenario(name: Any) -> Scenario:
    """A scenario of the library, by name."""
    if not isinstance(name, str) or name not in library():
        raise InputError("err_scenario")
    return load(_library_dir() / f"{name}.toml")


def language(value: Any) -> str:
    if value not in LANGUAGES:
        raise InputError("err_choice")
    return value


def integer(value: Any, low: int, high: int) -> int:
    """A whole number from ``low`` to ``high``; text as typed in a field is accepted."""
    if isinstance(value, str):
        text = value.strip().replace("_", "")
        try:
            value = int(text)
        except ValueError:
            try:
                value = float(text.replace(",", "."))
            except ValueError:
                raise InputError("err_whole", low=low, high=high) from None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError("err_whole", low=low, high=high)
    if isinstance(value, float):
        if value != value or not value.is_integer():
            raise InputError("err_whole", low=low, high=high)
        value = int(value)
    if not low <= value <= high:
        raise InputError("err_range", low=low, high=high)
    return value


def seed(value: Any) -> int:
    return integer(value, 0, MAX_SEED)


def months(value: Any) -> int:
    return integer(value, 1, DASHBOARD_MAX_MONTHS)


def choice(value: Any, values: list | tuple) -> Any:
    if isinstance(value, (list, dict)) or value not in values:
        raise InputError("err_choice")
    return value


def parameter(name: Any, value: Any, params: dict) -> dict:
    """``params`` with ``name`` set to ``value``, checked against the registry (bounds, type,
    the sum of shares) and the dashboard's employee cap."""
    if not isinstance(name, str) or name not in REGISTRY:
        raise InputError("err_choice")
    p = REGISTRY[name]
    if name == "n_employees":
        value = integer(value, int(p.low), DASHBOARD_MAX_EMPLOYEES)
    elif p.kind in ("int", "float") and isinstance(value, str):
        try:
            value = float(value.strip().replace(",", "."))
        except ValueError:
            raise InputError("err_number", low=p.low, high=p.high) from None
    try:
        checked = p.check(value, "dashboard")
    except ParameterError:
        if p.kind == "choice":
            raise InputError("err_choice") from None
        raise InputError("err_number", low=p.low, high=p.high) from None
    try:
        return validate({**params, name: checked}, "dashboard")
    except ParameterError as exc:
        if "+" in exc.key:       # a sum of shares above 1
            a, b = (k.strip() for k in exc.key.split("+"))
            raise InputError("err_sum", a=a, b=b) from None
        raise InputError("err_choice") from None


def guarded(on_error: Callable[[str], None], lang: str):
    """Decorate an event handler: an :class:`InputError` shows its message through
    ``on_error``; any other exception is logged on the server and shows one plain line in the
    browser (never a traceback or a path)."""

    def wrap(handler):
        @wraps(handler)
        def run(*args, **kwargs):
            try:
                out = handler(*args, **kwargs)
            except InputError as exc:
                on_error(exc.message(lang))
                return None
            except Exception:   # noqa: BLE001 - the browser gets one line, the log the rest
                log.exception("dashboard event %s failed", getattr(handler, "__name__", "?"))
                on_error(t("err_internal", lang))
                return None
            return out
        return run

    return wrap


@lru_cache(maxsize=None)
def _titles() -> dict[str, dict[str, str]]:
    return {name: scenario(name).title for name in library()}


def title(name: str, lang: str, short: bool = False) -> str:
    """A library scenario's title in ``lang`` (its name if it has none); ``short``: the part
    before a colon, for a legend."""
    text = _titles().get(name, {}).get(lang) or name
    return text.split(":")[0] if short else text
