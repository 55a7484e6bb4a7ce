"""The Solara dashboard (``llo-sim dashboard``). The app is :mod:`llo_sim.dashboard.app`;
the server process, with its offline and shutdown guards, is :mod:`llo_sim.dashboard.server`.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import sys

from llo_sim.errors import LloSimError

# Solara reads its settings when first imported, and any module of this package may be the
# first to import it (a test that patches a view before starting the server does): usage
# telemetry is switched off here, before that can happen, not only in the server's main().
os.environ["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] = "False"

DEFAULT_PORT = 8765
SERVER_STOP_WAIT = 10.0    # seconds: Windows, after Ctrl-C, before the server is ended


def _check_free(host: str, port: int) -> None:
    """Refuse a port that is taken, before telling the user where to look.

    ``SO_REUSEADDR``, as the server itself binds: a port left in TIME_WAIT by a dashboard
    stopped a moment ago is free, so a restart works at once. Not on Windows, where that
    option would let this probe share a port another program listens on (and the server
    binds without it)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError:
        raise LloSimError(f"--host {host}: not an address of this computer") from None
    family, *_, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as s:
        if sys.platform != "win32":
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


def serve(host: str = "127.0.0.1", port: int = DEFAULT_PORT) -> int:
    """Run the dashboard with Solara's server until stopped (this process becomes the server,
    so stopping it, by Ctrl-C or a signal, stops the server too; on Windows it runs the
    server as a child and waits for it, :func:`run_server`, and returns its exit code).

    The front-end files come from the installed ``solara-assets`` package, not from a CDN,
    so the dashboard works without internet (a workshop room often has none).
    """
    _check_free(host, port)
    warning = remote_warning(host)
    if warning:
        print(warning, file=sys.stderr, flush=True)
    cmd = [sys.executable, "-m", "llo_sim.dashboard.server", host, str(port)]
    print(f"llo-sim dashboard: http://{host}:{port}/  (Ctrl-C stops it)", flush=True)
    if sys.platform == "win32":
        return run_server(cmd)
    os.execv(sys.executable, cmd)
    return 0                                  # not reached: the server replaced this process


def run_server(cmd: list[str]) -> int:
    """Run the server ``cmd`` as a child process until it ends; its exit code. For Windows,
    where ``os.execv`` cannot replace this process (it starts the server, ends this one at
    once and splits an argument with a space, such as a path). Ctrl-C in the console reaches
    the server too, which stops by itself within its ``STOP_SECONDS`` (3 s): this process
    waits for that, ``SERVER_STOP_WAIT`` at most, then ends it."""
    import subprocess

    process = subprocess.Popen(cmd)
    try:
        return process.wait()
    except KeyboardInterrupt:
        pass
    try:
        return process.wait(timeout=SERVER_STOP_WAIT)
    except (KeyboardInterrupt, subprocess.TimeoutExpired):
        process.kill()
        return process.wait()
