"""llo-sim: an agent-based simulation of learning culture in organisations.

Which mix of HR measures gets more employees to take charge of their own learning, and who
is left behind? See the README for the command line and the Python API, ``docs/odd.md`` for
the model and ``docs/architecture.md`` for the map of the package.
"""

from llo_sim.api import (
                         LearningCultureModel,
                         RunResult,
                         build_model,
                         compare,
                         discover,
                         load_scenario,
                         optimise,
                         run,
                         sensitivity,
)
from llo_sim.errors import LloSimError, ParameterError, ScenarioError
from llo_sim.storage.provenance import package_version

__version__ = package_version()

__all__ = ["LearningCultureModel", "RunResult", "build_model", "compare", "discover",
           "load_scenario", "optimise", "run", "sensitivity", "LloSimError", "ParameterError",
           "ScenarioError", "__version__"]
