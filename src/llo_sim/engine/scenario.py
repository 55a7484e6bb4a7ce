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

import hashlib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from llo_sim.engine import toml_text
from llo_sim.engine.files import search_dirs
from llo_sim.engine.parameters import REGISTRY, validate
from llo_sim.errors import ScenarioError

TOP_LEVEL_KEYS = ("extends", "title", "description", "parameters")
LANGUAGES = ("nl", "en")
MAX_EXTENDS = 64     # files in one extends chain; a longer chain is a mistake (or a loop)


def library_dirs() -> list[Path]:
    """Folders searched for a scenario given by name, in order."""
    return search_dirs("scenarios")


def available() -> list[str]:
    """Names of the scenarios in the library."""
    names = {p.stem for d in library_dirs() for p in d.glob("*.toml")}
    return sorted(names)


def shadowing() -> list[str]:
    """One line per scenario file that hides a library file of the same name with other
    content (a ``scenarios/`` folder in the current folder is searched first)."""
    notes = []
    for name in available():
        found = [d / f"{name}.toml" for d in library_dirs() if (d / f"{name}.toml").is_file()]
        if len(found) > 1 and _sha256(found[0]) != _sha256(found[1]):
            notes.append(f"scenario {name!r} is read from {found[0]}, which hides the "
                         f"library's {found[1]}")
    return notes


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
    """A resolved scenario: its texts, the chain of files, and the full parameter set.

    ``files`` are the files of the chain (root first) with the SHA-256 of their content, for
    provenance; ``notes`` say which of them hide a library file of the same name."""

    name: str
    path: Path | None
    title: dict[str, str] = field(default_factory=dict)
    description: dict[str, str] = field(default_factory=dict)
    overrides: dict[str, Any] = field(default_factory=dict)
    chain: list[str] = field(default_factory=list)
    files: list[dict[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def parameters(self) -> dict[str, Any]:
        """Every registry parameter, with this scenario's values where it sets them."""
        return validate(self.overrides, str(self.path or self.name))

    def with_overrides(self, origin: str = "argument", **values: Any) -> "Scenario":
        """A copy of this scenario with some parameters changed (validated at once); numpy
        numbers are taken as the Python numbers they hold."""
        values = {k: _plain(v) for k, v in values.items()}
        merged = {**self.overrides, **values}
        validate(values, origin)
        return Scenario(self.name, self.path, dict(self.title), dict(self.description), merged,
                        list(self.chain), list(self.files), list(self.notes))


def _plain(value: Any) -> Any:
    """A numpy scalar (``np.int64(5)``, ``np.bool_(True)``) as a Python value."""
    item = getattr(value, "item", None)
    if type(value).__module__ == "numpy" and callable(item) and getattr(value, "ndim", 1) == 0:
        return item()
    return value


def _sha256(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ScenarioError(f"{path}: cannot be read ({exc.strerror})") from None


def _read_toml(path: Path, raw: bytes | None = None) -> dict[str, Any]:
    try:
        return toml_text.loads((_read_bytes(path) if raw is None else raw).decode())
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ScenarioError(f"{path}: not valid TOML ({exc})") from None


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


def load(scenario: str | Path) -> Scenario:
    """Read a scenario file, resolve its ``extends`` chain and validate every parameter.

    The chain is followed in a loop, not by recursion, and is at most ``MAX_EXTENDS`` files
    long, so a very long or circular chain is a one-line error."""
    files: list[tuple[Path, dict[str, Any], bytes]] = []
    name, near = scenario, None
    while True:
        try:
            path = find(name, near).resolve()
        except ScenarioError as exc:
            if not files:
                raise
            raise ScenarioError(f"{files[-1][0]}: extends = {name!r}: {exc}") from None
        seen = [p for p, _, _ in files]
        if path in seen:
            cycle = " -> ".join(p.stem for p in (*seen, path))
            raise ScenarioError(f"{seen[-1]}: extends forms a cycle ({cycle})")
        if len(files) == MAX_EXTENDS:
            raise ScenarioError(f"{files[0][0]}: the extends chain is longer than "
                                f"{MAX_EXTENDS} files (at {path}); shorten it")
        raw = _read_bytes(path)
        data = _read_toml(path, raw)
        _check_structure(path, data)
        files.append((path, data, raw))
        if "extends" not in data:
            break
        name, near = data["extends"], path.parent
    result = Scenario(name="defaults", path=None)
    for path, data, raw in reversed(files):            # the root first
        own = data.get("parameters", {})
        validate(own, str(path))
        result = Scenario(
            name=path.stem,
            path=path,
            title={**result.title, **data.get("title", {})},
            description={**result.description, **data.get("description", {})}
            if "description" not in data else dict(data["description"]),
            overrides={**result.overrides, **own},
            chain=[*result.chain, path.stem],
            files=[*result.files, {"path": str(path),
                                   "sha256": hashlib.sha256(raw).hexdigest()}],
            notes=[*result.notes, *_hides(path)],
        )
    return result


def _hides(path: Path) -> list[str]:
    """A note if ``path``, found in a library folder, hides a later library file of the same
    name with other content (e.g. ./scenarios/baseline.toml hiding the shipped baseline)."""
    dirs = library_dirs()
    if path.parent not in [d.resolve() for d in dirs]:
        return []
    later = [d / path.name for d in dirs if (d / path.name).is_file()
             and (d / path.name).resolve() != path]
    if later and _sha256(later[0]) != _sha256(path):
        return [f"scenario {path.stem!r} is read from {path}, which hides the library's "
                f"{later[0]}"]
    return []


def load_scenario(scenario: str | Path | Scenario) -> Scenario:
    """A scenario from a TOML path or a library name (or a Scenario, returned as is)."""
    return scenario if isinstance(scenario, Scenario) else load(scenario)
