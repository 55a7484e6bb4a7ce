"""``python -m llo_sim`` is the same as the ``llo-sim`` command."""

import sys

from .cli import main

sys.exit(main())
