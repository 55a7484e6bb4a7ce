"""Errors a user can cause with bad input. The command line prints them without a traceback."""

from __future__ import annotations

from typing import Any


class LloSimError(Exception):
    """Base class of every error caused by user input."""


class ParameterError(LloSimError, ValueError):
    """A parameter value that the registry does not allow.

    The message names where the value came from (file or "command line"), the key, the value
    and what would be allowed.
    """

    def __init__(self, origin: str, key: str, value: Any, allowed: str):
        self.origin, self.key, self.value, self.allowed = origin, key, value, allowed
        super().__init__(f"{origin}: {key} = {value!r} is not allowed; expected {allowed}")


class ScenarioError(LloSimError, ValueError):
    """A scenario file that cannot be read: missing, malformed TOML, bad structure."""
