"""The dashboard's server process: Solara's server with four guards for a workshop laptop.

Run as ``python -m llo_sim.dashboard.server HOST PORT`` (``llo-sim dashboard`` does this).

1. **Offline for real.** Solara's own calls home are switched off (its version check and
   usage telemetry), and the dashboard uses no Markdown (whose formula support, KaTeX, Solara
   fetches from a CDN through the server: 328 attempts in one visit). Behind that, an audit
   hook refuses every network connection and name lookup that does not stay on this
   machine, at once and with one line in the log, so nothing new can slip through.
2. **Forgotten visits end.** A visit whose browser vanished without saying goodbye (a laptop
   lid shut, a phone locked) is closed ``CULL_TIMEOUT`` after its last connection, with its
   model and any running play or comparison.
3. **A stop is a stop.** SIGTERM or Ctrl-C ends the process within ``STOP_SECONDS``, even when
   a visit is still computing (the server would otherwise wait for it), and Ctrl-C ends it
   quietly: one line, exit code 0, no traceback (:func:`quiet_stop`).
4. **Only its own pages.** Every request must name the dashboard's own address in its ``Host``
   header, and a request that carries an ``Origin`` (a browser page's websocket, a form post)
   must come from a page of that address (:mod:`llo_sim.dashboard.same_origin`), so no other
   web page in the same browser can start visits and jobs (also not by DNS rebinding).

Solara's warning, on every visit over plain http, that its session cookie cannot be
``SameSite=None`` (needed only inside another site's iframe) is silenced: the dashboard is
served over plain http on purpose and the ``lax`` cookie Solara falls back to is the right one.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import sys
import threading
import warnings

APP = "llo_sim.dashboard.app"
CULL_TIMEOUT = "2m"     # a vanished visit is freed this long after its last connection
STOP_SECONDS = 3.0      # SIGTERM to exit, at most
log = logging.getLogger("llo_sim.dashboard")


SERVED_HOSTS: set[str] = set()   # the address the server itself listens on


def is_local(host) -> bool:
    """Whether ``host`` (a name or an address) stays on this machine."""
    if host is None or host in SERVED_HOSTS:
        return True
    if isinstance(host, bytes):
        host = host.decode(errors="replace")
    host = str(host)
    if host in ("localhost", "") or host.startswith("/"):   # a Unix socket path
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def offline_guard(event: str, args: tuple) -> None:
    """Audit hook: refuse a connection or a name lookup beyond this machine."""
    if event == "socket.getaddrinfo":
        host = args[0]
    elif event == "socket.connect":
        address = args[1]
        host = address[0] if isinstance(address, tuple) else address
    else:
        return
    if not is_local(host):
        print(f"llo-sim dashboard: refused a connection to {host} (offline)", file=sys.stderr,
              flush=True)
        raise ConnectionRefusedError(f"llo-sim dashboard works offline: no connection to {host}")


def _stop_promptly() -> None:
    """Make uvicorn's signal handler end the process within STOP_SECONDS: a visit still
    computing, or a browser keeping its websocket open, must not keep the server alive."""
    import uvicorn

    handle_exit = uvicorn.Server.handle_exit

    def handle_exit_promptly(self, sig, frame):
        timer = threading.Timer(STOP_SECONDS, os._exit, args=(0,))
        timer.daemon = True
        timer.start()
        self.force_exit = True          # do not wait for open connections
        handle_exit(self, sig, frame)

    uvicorn.Server.handle_exit = handle_exit_promptly


PROBE_ENV = "LLO_SIM_DASHBOARD_PROBE"   # "1": serve /_llo/probe (for tests only)


def install_probe() -> None:
    """For tests only (``LLO_SIM_DASHBOARD_PROBE=1``): ``GET /_llo/probe`` answers how many
    months the running simulations of this process have stepped, all visits together, and
    how many visits are open, so a test can see that a closed tab's Play stopped advancing."""
    if os.environ.get(PROBE_ENV) != "1":
        return
    from solara.server import kernel_context
    from solara.server.starlette import app
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    from llo_sim.dashboard.simulation import MONTHS_SHOWN

    def probe(request):
        return JSONResponse({"months_shown": MONTHS_SHOWN[0],
                             "visits": len(kernel_context.contexts)})

    if not any(getattr(r, "path", "") == "/_llo/probe" for r in app.router.routes):
        app.router.routes.insert(0, Route("/_llo/probe", endpoint=probe))


def _own_pages_only(host: str, port: int) -> None:
    """Put :class:`~llo_sim.dashboard.same_origin.OwnPagesOnly` in front of Solara's server
    (its Starlette app, before it starts: middleware cannot be added later)."""
    os.environ["SOLARA_APP"] = APP    # as ``solara run`` sets it, before its server module loads
    from solara.server.starlette import app

    from llo_sim.dashboard.same_origin import OwnPagesOnly

    app.add_middleware(OwnPagesOnly, host=host, port=port)


def quiet_cookie_warning() -> None:
    """Silence Solara's 12-line warning, on every visit over plain http, that the session
    cookie falls back to ``SameSite=Lax``: intended here (see the module's docstring). Only
    that message is silenced; other warnings still show."""
    warnings.filterwarnings("ignore", message="Cookies with samesite=none require https",
                            category=UserWarning, module="solara.server.starlette")


class _LifespanCancelled(logging.Filter):
    """Drops the error uvicorn logs, with a traceback, when it stops without waiting for the
    application's shutdown (as :func:`_stop_promptly` makes it): the cancelled ``lifespan``
    task is the stop itself, not a fault."""

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        return not ("CancelledError" in text and "lifespan" in text)


def quiet_stop() -> None:
    """A stop by Ctrl-C or a signal prints no traceback (see :class:`_LifespanCancelled`)."""
    logging.getLogger("uvicorn.error").addFilter(_LifespanCancelled())


def _start_fork_server() -> None:
    """Start the fork server of the worker processes now, in the main thread, with Ctrl-C
    ignored while it starts: it inherits that, so a Ctrl-C while it still imports llo-sim
    (the warm-up asks for it at once) cannot make it print a traceback; once it has
    imported, it ignores Ctrl-C by itself (:mod:`multiprocessing.forkserver`)."""
    import multiprocessing
    import signal

    from llo_sim.storage import lifeline
    from llo_sim.study.parallel import FORK_PRELOAD, uses_fork_server

    if not uses_fork_server() or threading.current_thread() is not threading.main_thread():
        return
    multiprocessing.get_context("forkserver").set_forkserver_preload(FORK_PRELOAD)
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        lifeline.start_fork_server()
    finally:
        signal.signal(signal.SIGINT, previous)


def _warm_up() -> None:
    """The first view computed before anyone asks (:func:`simulation.warm_up`)."""
    try:
        from llo_sim.dashboard.simulation import warm_up

        warm_up()
    except Exception as exc:    # noqa: BLE001 - the first visit then computes it
        # also what a stop during the warm-up gives (its workers are gone): no traceback
        logging.getLogger(__name__).info("the first view was not computed ahead: %s", exc)


def main(argv: list[str] | None = None) -> None:
    host, port = (argv if argv is not None else sys.argv[1:])[:2]
    SERVED_HOSTS.add(host)
    os.environ.setdefault("SOLARA_ASSETS_PROXY", "True")  # files from solara-assets, locally
    os.environ.setdefault("SOLARA_KERNEL_CULL_TIMEOUT", CULL_TIMEOUT)
    os.environ["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] = "False"   # no usage reports
    os.environ.setdefault("SOLARA_THEME_SHOW_BANNER", "False")
    sys.addaudithook(offline_guard)
    _stop_promptly()
    quiet_stop()
    quiet_cookie_warning()
    from click.exceptions import Abort
    from solara.__main__ import cli

    _own_pages_only(host, int(port))
    _start_fork_server()
    threading.Thread(target=_warm_up, name="llo-warm-up", daemon=True).start()
    try:
        cli(["run", APP, "--host", host, "--port", str(port), "--production",
             "--no-open", "--no-check-version"], prog_name="llo-sim dashboard",
            standalone_mode=False)
    except (KeyboardInterrupt, Abort):     # Ctrl-C: the user's stop, not an error
        pass
    print("llo-sim dashboard: stopped", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
