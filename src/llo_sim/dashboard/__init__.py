"""The Solara dashboard (``llo-sim dashboard``). The app is :mod:`llo_sim.dashboard.app`."""

from __future__ import annotations

import os
import subprocess
import sys

DEFAULT_PORT = 8765


def serve(host: str = "127.0.0.1", port: int = DEFAULT_PORT) -> int:
    """Run the dashboard with Solara's server until interrupted; return its exit code.

    The front-end files come from the installed ``solara-assets`` package, not from a CDN,
    so the dashboard works without internet (a workshop room often has none).
    """
    env = {**os.environ, "SOLARA_ASSETS_PROXY": "True"}
    cmd = [sys.executable, "-m", "solara", "run", "llo_sim.dashboard.app", "--host", host,
           "--port", str(port), "--production", "--no-open"]
    print(f"llo-sim dashboard: http://{host}:{port}/  (Ctrl-C stops it)", flush=True)
    try:
        return subprocess.call(cmd, env=env)
    except KeyboardInterrupt:
        return 0
