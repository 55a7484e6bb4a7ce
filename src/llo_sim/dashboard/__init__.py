"""The Solara dashboard (``llo-sim dashboard``). The app is :mod:`llo_sim.dashboard.app`."""

from __future__ import annotations

import os
import socket
import sys

from ..errors import LloSimError

DEFAULT_PORT = 8765


def _check_free(host: str, port: int) -> None:
    """Refuse a port that is taken, before telling the user where to look."""
    with socket.socket() as s:
        try:
            s.bind((host, port))
        except OSError as exc:
            raise LloSimError(f"--port {port}: cannot listen on {host}:{port} "
                              f"({exc.strerror}); choose another with --port") from None


def serve(host: str = "127.0.0.1", port: int = DEFAULT_PORT) -> None:
    """Run the dashboard with Solara's server until stopped (this process becomes the server,
    so stopping it, by Ctrl-C or a signal, stops the server too).

    The front-end files come from the installed ``solara-assets`` package, not from a CDN,
    so the dashboard works without internet (a workshop room often has none).
    """
    _check_free(host, port)
    env = {**os.environ, "SOLARA_ASSETS_PROXY": "True"}
    cmd = [sys.executable, "-m", "solara", "run", "llo_sim.dashboard.app", "--host", host,
           "--port", str(port), "--production", "--no-open"]
    print(f"llo-sim dashboard: http://{host}:{port}/  (Ctrl-C stops it)", flush=True)
    os.execve(sys.executable, cmd, env)
