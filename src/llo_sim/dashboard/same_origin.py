"""Only the dashboard's own pages may use it: a check of ``Host`` and ``Origin`` on every request.

A browser lets any web page send requests to ``http://127.0.0.1:8765`` and open websockets to
it. Two rules stop another page from starting visits and jobs on this computer:

- **Host**: the request must be addressed to the dashboard itself: ``127.0.0.1``,
  ``localhost``, ``[::1]`` or the ``--host`` it was started with, at its port. A page on
  ``evil.example`` whose name an attacker re-points at 127.0.0.1 (DNS rebinding) still sends
  ``Host: evil.example``, and is refused. Started on every address (``--host 0.0.0.0``, a
  workshop network), any IP address and this computer's own name are its addresses too: a
  rebinding page always arrives under a name of its own.
- **Origin**: a request that carries an ``Origin`` (a browser sends one with every websocket
  and with a form post) must come from a page of such an address. A request without one is not
  sent by another site's page (a browser always names it), so it passes: command-line tools.

Refused requests get ``403`` and one short line of text; the log names each refused value
once. Plain ASGI middleware, so websockets are checked before Solara accepts them (with the
websocket denial response where the server offers it, as uvicorn does).
"""

from __future__ import annotations

import ipaddress
import logging
import socket
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.responses import PlainTextResponse

log = logging.getLogger("llo_sim.dashboard")

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
EVERY_ADDRESS = ("0.0.0.0", "::", "")
LOGGED_MAX = 100            # distinct refused values named in the log, then silence
REFUSED_HOST = ("llo-sim dashboard: refused: this address is not the dashboard's own; "
                "open it at {url}")
REFUSED_ORIGIN = ("llo-sim dashboard: refused: a page from another site may not use the "
                  "dashboard; open it at {url}")


def split_netloc(netloc: str) -> tuple[str, int | None] | None:
    """``host[:port]`` (a ``Host`` header, or an ``Origin`` after its ``http://``) as the host
    in lower case, without brackets, and the port (None if not given); None if malformed."""
    if not netloc or any(c in netloc for c in "@/?#\\ \t"):
        return None
    try:
        parts = urlsplit("//" + netloc)
        host, port = parts.hostname, parts.port
    except ValueError:
        return None
    return (host, port) if host else None


def is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%")[0])
        return True
    except ValueError:
        return False


def own_names(host: str) -> frozenset[str]:
    """The host names under which the dashboard started with ``--host host`` is reached."""
    names = set(LOOPBACK_NAMES) | {host.strip("[]").lower()}
    if host in EVERY_ADDRESS:
        name = socket.gethostname().lower()
        names |= {name, name + ".local"}
    return frozenset(names - {""})


class OwnPagesOnly:
    """ASGI middleware refusing (403) a request whose ``Host``, or whose ``Origin`` if it has
    one, is not an address of this dashboard (``host``, ``port`` as it was started with)."""

    def __init__(self, app, host: str, port: int) -> None:
        self.app = app
        self.port = int(port)
        self.names = own_names(host)
        self.any_ip = host in EVERY_ADDRESS
        shown = "127.0.0.1" if self.any_ip or host in LOOPBACK_NAMES else host
        self.url = f"http://{'[' + shown + ']' if ':' in shown else shown}:{self.port}/"
        self.logged: set[tuple[str, str]] = set()

    def is_own(self, netloc: str) -> bool:
        """Whether ``host[:port]`` is an address of this dashboard (port 80 may be left out)."""
        parsed = split_netloc(netloc)
        if parsed is None:
            return False
        host, port = parsed
        if (80 if port is None else port) != self.port:
            return False
        return host in self.names or (self.any_ip and is_ip(host))

    def refusal(self, headers: Headers) -> str | None:
        """The refusal text for a request with these headers, or None if it may pass."""
        host = headers.get("host", "")
        if not self.is_own(host):
            self.note("Host", host)
            return REFUSED_HOST.format(url=self.url)
        origin = headers.get("origin")
        if origin is not None and not (origin.startswith("http://")
                                       and self.is_own(origin[len("http://"):])):
            self.note("Origin", origin)
            return REFUSED_ORIGIN.format(url=self.url)
        return None

    def note(self, header: str, value: str) -> None:
        """One log line for each refused value (up to LOGGED_MAX), so a page that keeps
        trying cannot fill the log."""
        if len(self.logged) < LOGGED_MAX and (header, value) not in self.logged:
            self.logged.add((header, value))
            log.warning("llo-sim dashboard: refused a request with %s %r (not this "
                        "dashboard's own page)", header, value[:200])

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] in ("http", "websocket"):
            text = self.refusal(Headers(scope=scope))
            if text is not None:
                if scope["type"] == "websocket" and "websocket.http.response" not in \
                        scope.get("extensions", {}):
                    await send({"type": "websocket.close", "code": 1008})   # a plain 403
                else:
                    await PlainTextResponse(text, status_code=403)(scope, receive, send)
                return
        await self.app(scope, receive, send)
