"""``llo-sim dashboard``: the dashboard in the browser (:mod:`llo_sim.dashboard`)."""

from __future__ import annotations

from llo_sim.errors import LloSimError, ParameterError


def add_parser(sub) -> None:
    """Add the ``dashboard`` command to the command line's subparsers."""
    from llo_sim.cli.common import command

    p = command(sub, "dashboard", "open the dashboard in your browser",
                "Start the dashboard (Dutch by default, English at one click) at "
                "http://127.0.0.1:8765/ and leave it running until Ctrl-C. It works without "
                "internet and, by default, only this computer can open it.",
                [("llo-sim dashboard", "then open http://127.0.0.1:8765/"),
                 ("llo-sim dashboard --host 0.0.0.0", "a workshop: others on this network "
                  "can open it too (a trusted network only)")])
    p.add_argument("--host", default="127.0.0.1", metavar="ADDRESS", help="address to listen "
                   "on (default 127.0.0.1: this computer only)")
    p.add_argument("--port", type=int, default=8765, metavar="PORT", help="port (default "
                   "8765)")
    p.set_defaults(func=cmd_dashboard)



def cmd_dashboard(args) -> int:
    from llo_sim.dashboard import serve

    if not 0 < args.port < 65536:
        raise ParameterError("command line", "--port", args.port, "a port from 1 to 65535")
    _check_host(args.host)
    _check_ensemble()
    return serve(args.host, args.port)  # replaces this process with the server (Windows:
                                        # runs it and returns its exit code)


def _check_ensemble() -> None:
    """The shipped ensemble must load before the server starts: a damaged or outdated file is
    one line here, not an error on every page the dashboard draws."""
    from llo_sim.study import ensemble

    if ensemble.ENSEMBLE_FILE.exists():
        ensemble.load_ensemble(ensemble.ENSEMBLE_FILE)


def _check_host(host: str) -> None:
    """``--host`` must be an address of this computer (a name is looked up first)."""
    import socket

    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise LloSimError(f"--host {host}: not a known host name or address "
                          f"({getattr(exc, 'strerror', None) or exc}); e.g. 127.0.0.1") from None
    family, _, _, _, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as s:
        try:
            s.bind((address[0], 0))
        except OSError as exc:
            raise LloSimError(f"--host {host}: not an address of this computer "
                              f"({exc.strerror or exc}); e.g. 127.0.0.1") from None
