"""The layers of the package (docs/architecture.md): the import contracts hold, they would
catch every back-arrow and cycle the package once had, no private name crosses a package, and
no module is too long to read in one sitting."""

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "llo_sim"
LINT = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or "lint-imports"
MAX_LINES = 400


def lint(src: Path) -> subprocess.CompletedProcess:
    """``lint-imports`` with the project's contracts on the package under ``src``."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run([LINT, "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
                          cwd=src, env=env, capture_output=True, text=True, timeout=300)


def test_the_import_contracts_hold():
    result = lint(ROOT / "src")
    assert result.returncode == 0, result.stdout[-3000:]
    assert "0 broken" in result.stdout


# Each import the package once had that ran against its layers or made a cycle (issue 16),
# put back into a copy of the package: (module, the import, the contract it breaks).
BACK_ARROWS = [
    ("study/compare.py", "from llo_sim import api", "Layers"),           # experiment -> api
    ("study/calibrate.py", "from llo_sim.api import run", "Layers"),     # a study -> the API
    ("study/compare.py", "from llo_sim.figures import comparison", "Layers"),  # -> plots
    ("study/discover/discovery.py", "from llo_sim.figures import discovery", "Layers"),
    ("storage/sweep_store.py", "from llo_sim.study.sweep import design", "Layers"),
    ("engine/model.py", "from llo_sim.own import start", "Layers"),     # model -> own.start
    ("own/predictions.py", "from llo_sim import api", "Layers"),        # own -> api cycle
    ("study/optimise/report.py", "from llo_sim.study.optimise import search", "No import cycles"),
    ("engine/instruments.py", "from llo_sim.engine import model", "No import cycles"),
    ("engine/weights.py", "from llo_sim.engine import parameters", "No import cycles"),
    ("cli/discover.py", "from llo_sim.cli import main", "No import cycles"),
    ("study/discover/design.py", "from llo_sim.study import calibrate", "independent"),
    ("study/compare.py", "import matplotlib.pyplot", "return data"),
    ("engine/rules/knobs.py", "import mesa", "no Mesa"),
]


@pytest.fixture(scope="module")
def package_copy(tmp_path_factory):
    src = tmp_path_factory.mktemp("src")
    shutil.copytree(PACKAGE, src / "llo_sim", ignore=shutil.ignore_patterns("__pycache__"))
    return src


@pytest.mark.parametrize("module, line, contract", BACK_ARROWS,
                         ids=[f"{m}:{line.split()[-1]}" for m, line, _ in BACK_ARROWS])
def test_the_contracts_catch_a_back_arrow(package_copy, module, line, contract):
    path = package_copy / "llo_sim" / module
    original = path.read_text()
    try:
        path.write_text(original.replace("from __future__ import annotations\n",
                                         f"from __future__ import annotations\n{line}\n", 1))
        assert line in path.read_text()
        result = lint(package_copy)
    finally:
        path.write_text(original)
    assert result.returncode != 0, f"{line} in {module} was not caught"
    broken = [row for row in result.stdout.splitlines() if row.endswith("BROKEN")]
    assert any(contract in row for row in broken), result.stdout[-2000:]


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        yield path, ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_no_private_name_is_imported_from_another_module():
    """A name with a leading underscore is its module's own: no other module imports it."""
    crossing = []
    for path, name in _modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("llo_sim"):
                crossing += [f"{name}: from {node.module} import {alias.name}"
                             for alias in node.names
                             if alias.name.startswith("_") and not alias.name.startswith("__")]
    assert crossing == []


def test_every_module_can_be_read_in_one_sitting():
    long = {str(path.relative_to(PACKAGE)): n for path, _ in _modules()
            if (n := len(path.read_text().splitlines())) > MAX_LINES}
    assert long == {}


def test_starting_the_command_line_imports_no_heavy_library_it_may_not_need():
    """Heavy libraries are imported by the command or study that uses them, so that every
    command starts quickly (issue 22: start-up): none of these at the start."""
    heavy = ["pyabc", "optuna", "sklearn", "matplotlib", "numba", "distributed", "solara",
             "SALib"]
    code = ("import sys, llo_sim.cli.main; "
            f"print([m for m in {heavy!r} if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"
