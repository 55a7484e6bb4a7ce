"""llo-sim: an agent-based simulation of learning culture in organisations.

Which mix of HR measures gets more employees to take charge of their own learning, and who
is left behind? See the README for the command line and the Python API, and ``docs/odd.md``
for the model.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("llo-sim")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+unknown"

from .api import RunResult, build_model, load_scenario, run  # noqa: E402
from .errors import LloSimError, ParameterError, ScenarioError  # noqa: E402
from .model import LearningCultureModel  # noqa: E402

__all__ = ["LearningCultureModel", "RunResult", "build_model", "load_scenario", "run",
           "LloSimError", "ParameterError", "ScenarioError", "__version__"]
