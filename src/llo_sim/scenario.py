"""Scenario files: read TOML, resolve ``extends``, validate against the parameter registry.

A scenario file states only how it differs from the one it extends::

    extends = "baseline"

    [title]
    nl = "Alleen een persoonlijk ontwikkelbudget"
    en = "A personal development budget only"

    [description]
    nl = "..."
    en = "..."

    [parameters]
    budget_amount = 1000

A SCENARIO argument is a path to a ``.toml`` file or the name of a file in the scenario
library (``scenarios/`` of the project, shipped inside the package too).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ScenarioError
from .parameters import REGISTRY, validate

TOP_LEVEL_KEYS = ("extends", "title", "description", "parameters")
LANGUAGES = ("nl", "en")


def library_dirs() -> list[Path]:
    """Folders searched for a scenario given by name, in order."""
    here = Path(__file__).resolve().parent
    dirs = [Path.cwd() / "scenarios", here / "scenarios", here.parents[1] / "scenarios"]
    seen: list[Path] = []
    for d in dirs:
        if d.is_dir() and d not in seen:
            seen.append(d)
    return seen


def available() -> list[str]:
    """Names of the scenarios in the library."""
    names = {p.stem for d in library_dirs() for p in d.glob("*.toml")}
    return sorted(names)


def find(scenario: str | Path, near: Path | None = None) -> Path:
    """Turn a SCENARIO argument (path or library name) into the path of its file."""
    candidate = Path(scenario)
    if candidate.suffix == ".toml" or candidate.exists():
        if candidate.is_file():
            return candidate
        if near is not None and (near / candidate).is_file():
            return near / candidate
        raise ScenarioError(f"{scenario}: scenario file not found")
    dirs = ([near] if near is not None else []) + library_dirs()
    for d in dirs:
        path = d / f"{scenario}.toml"
        if path.is_file():
            return path
    raise ScenarioError(
        f"{scenario}: no such scenario; expected a .toml file or one of: "
        + ", ".join(available())
    )


@dataclass
class Scenario:
    """A resolved scenario: its texts, the chain of files, and the full parameter set."""

    name: str
    path: Path | None
    title: dict[str, str] = field(default_factory=dict)
    description: dict[str, str] = field(default_factory=dict)
    overrides: dict[str, Any] = field(default_factory=dict)
    chain: list[str] = field(default_factory=list)

    @property
    def parameters(self) -> dict[str, Any]:
        """Every registry parameter, with this scenario's values where it sets them."""
        return validate(self.overrides, str(self.path or self.name))

    def with_overrides(self, origin: str = "command line", **values: Any) -> "Scenario":
        """A copy of this scenario with some parameters changed (validated at once)."""
        merged = {**self.overrides, **values}
        validate(values, origin)
        return Scenario(self.name, self.path, dict(self.title), dict(self.description), merged,
                        list(self.chain))


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ScenarioError(f"{path}: not valid TOML ({exc})") from None
    except OSError as exc:
        raise ScenarioError(f"{path}: cannot be read ({exc.strerror})") from None


def _check_structure(path: Path, data: dict[str, Any]) -> None:
    for key in data:
        if key not in TOP_LEVEL_KEYS:
            raise ScenarioError(
                f"{path}: unknown key {key!r}; a scenario file has only "
                + ", ".join(TOP_LEVEL_KEYS) + " (model parameters go under [parameters])"
            )
    if "extends" in data and not isinstance(data["extends"], str):
        raise ScenarioError(f"{path}: extends = {data['extends']!r} must be a scenario name")
    for table in ("title", "description"):
        value = data.get(table, {})
        if (not isinstance(value, dict) or any(k not in LANGUAGES for k in value)
                or not all(isinstance(v, str) for v in value.values())):
            raise ScenarioError(f"{path}: [{table}] must be a table with keys nl and en, "
                                "each a text")
    params = data.get("parameters", {})
    if not isinstance(params, dict):
        raise ScenarioError(f"{path}: parameters must be a table of parameter = value")
    for key, value in params.items():
        if key not in REGISTRY:
            validate({key: value}, str(path))  # raises with the closest names


def load(scenario: str | Path, _seen: tuple[Path, ...] = ()) -> Scenario:
    """Read a scenario file, resolve its ``extends`` chain and validate every parameter."""
    near = _seen[-1].parent if _seen else None
    path = find(scenario, near).resolve()
    if path in _seen:
        cycle = " -> ".join(p.stem for p in (*_seen, path))
        raise ScenarioError(f"{_seen[-1]}: extends forms a cycle ({cycle})")
    data = _read_toml(path)
    _check_structure(path, data)
    if "extends" in data:
        try:
            parent = load(data["extends"], (*_seen, path))
        except ScenarioError as exc:
            if "no such scenario" in str(exc) or "not found" in str(exc):
                raise ScenarioError(f"{path}: extends = {data['extends']!r}: {exc}") from None
            raise
    else:
        parent = Scenario(name="defaults", path=None)
    own = data.get("parameters", {})
    validate(own, str(path))
    return Scenario(
        name=path.stem,
        path=path,
        title={**parent.title, **data.get("title", {})},
        description={**parent.description, **data.get("description", {})}
        if "description" not in data else dict(data["description"]),
        overrides={**parent.overrides, **own},
        chain=[*parent.chain, path.stem],
    )
