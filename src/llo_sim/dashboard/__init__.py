"""The Solara dashboard (``llo-sim dashboard``). The app is :mod:`llo_sim.dashboard.app`;
the server process, with its offline and shutdown guards, is :mod:`llo_sim.dashboard.server`.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import sys

from llo_sim.errors import LloSimError

DEFAULT_PORT = 8765


def _check_free(host: str, port: int) -> None:
    """Refuse a port that is taken, before telling the user where to look.

    ``SO_REUSEADDR``, as the server itself binds: a port left in TIME_WAIT by a dashboard
    stopped a moment ago is free, so a restart works at once."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError:
        raise LloSimError(f"--host {host}: not an address of this computer") from None
    family, *_, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(address)
        except OSError as exc:
            raise LloSimError(f"--port {port}: cannot listen on {host}:{port} "
                              f"({exc.strerror}); choose another with --port") from None


def remote_warning(host: str) -> str:
    """A warning when ``host`` lets other computers in, else ''."""
    try:
        if ipaddress.ip_address(host).is_loopback:
            return ""
    except ValueError:
        if host == "localhost":
            return ""
    return (f"llo-sim dashboard: WARNING: listening on {host}: other computers on this "
            "network can open the dashboard and run simulations on this computer. Use this "
            "only on a trusted network (a workshop room); the default 127.0.0.1 is this "
            "computer only.")


def serve(host: str = "127.0.0.1", port: int = DEFAULT_PORT) -> None:
    """Run the dashboard with Solara's server until stopped (this process becomes the server,
    so stopping it, by Ctrl-C or a signal, stops the server too).

    The front-end files come from the installed ``solara-assets`` package, not from a CDN,
    so the dashboard works without internet (a workshop room often has none).
    """
    _check_free(host, port)
    warning = remote_warning(host)
    if warning:
        print(warning, file=sys.stderr, flush=True)
    cmd = [sys.executable, "-m", "llo_sim.dashboard.server", host, str(port)]
    print(f"llo-sim dashboard: http://{host}:{port}/  (Ctrl-C stops it)", flush=True)
    os.execv(sys.executable, cmd)
