"""``python -m llo_sim`` is the same as the ``llo-sim`` command."""

import sys

from llo_sim.cli import main

sys.exit(main())
