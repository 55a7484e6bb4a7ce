"""One parameter of the registry: its default, bounds, unit, meaning and source, and how a
value given for it is checked. The registry itself is :mod:`llo_sim.engine.parameters`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from llo_sim.errors import ParameterError


@dataclass(frozen=True)
class Param:
    """One model parameter: its default, its bounds and where it comes from."""

    name: str
    default: Any
    low: float | None = None
    high: float | None = None
    unit: str = ""
    meaning: str = ""
    source: str = "assumption"
    group: str = "model"
    choices: tuple[str, ...] | None = None

    @property
    def kind(self) -> str:
        """``'choice'``, ``'bool'``, ``'int'`` or ``'float'``, read from the default."""
        if self.choices is not None:
            return "choice"
        if isinstance(self.default, bool):
            return "bool"
        if isinstance(self.default, int):
            return "int"
        return "float"

    def allowed(self) -> str:
        """The allowed values, as a user reads them in an error message."""
        if self.kind == "choice":
            return "one of " + ", ".join(repr(c) for c in self.choices)
        if self.kind == "bool":
            return "true or false"
        kind = "an integer" if self.kind == "int" else "a number"
        return f"{kind} from {_num(self.low)} to {_num(self.high)}"

    def check(self, value: Any, origin: str) -> Any:
        """Return ``value`` converted to this parameter's type, or raise ParameterError."""

        given = value

        def fail() -> ParameterError:
            return ParameterError(origin, self.name, given, self.allowed())

        if self.kind == "choice":
            if value not in self.choices:
                raise fail()
            return value
        if self.kind == "bool":
            if not isinstance(value, bool):
                raise fail()
            return value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise fail()
        if self.kind == "int":
            if isinstance(value, float):
                if not value.is_integer():
                    raise fail()
                value = int(value)
        else:
            value = float(value)
        if value != value or not (self.low <= value <= self.high):  # NaN or out of range
            raise fail()
        return value


def _num(x: float) -> str:
    return f"{int(x):,}".replace(",", "_") if float(x).is_integer() else f"{x:g}"


def param(name, default, low=None, high=None, unit="", meaning="", source="assumption", group="model",
       choices=None) -> Param:
    return Param(name, default, low, high, unit, meaning, source, group,
                 tuple(choices) if choices else None)
