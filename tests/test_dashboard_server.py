"""The dashboard's server process: offline, SIGTERM ends it at once, a restart on the same port
works, and a visit that vanishes without saying goodbye is freed.

These start their own servers (``llo-sim dashboard``) on free ports of 127.0.0.1.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARTEFACTS = Path(os.environ.get("LLO_SIM_ARTEFACTS", "test-artefacts"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(condition, what: str, seconds: float = 90.0):
    """Poll ``condition`` until it is true; fail naming ``what`` after ``seconds`` (a
    safety net for a broken server, not a measurement)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"gave up waiting: {what}")


def answers(url: str) -> bool:
    try:
        return urllib.request.urlopen(url, timeout=2).status == 200
    except OSError:
        return False


def kernels(url: str) -> dict:
    with urllib.request.urlopen(url + "resourcez", timeout=5) as r:
        return json.load(r)["kernels"]


def start_server(port: int, log_name: str, env: dict | None = None) -> subprocess.Popen:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    log = open(ARTEFACTS / log_name, "w")
    return subprocess.Popen([sys.executable, "-m", "llo_sim", "dashboard", "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                            env={**os.environ, **(env or {})})


@contextmanager
def dashboard(log_name: str, env: dict | None = None):
    port = free_port()
    proc = start_server(port, log_name, env)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until(lambda: answers(url), "the dashboard server to start")
        yield proc, url, port
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def headless_visit(url: str) -> subprocess.Popen:
    """Chromium showing ``url``, killed later with SIGKILL: a visit that ends without the
    browser's close message (a laptop lid shut, a crashed tab)."""
    return subprocess.Popen([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                             "--disable-background-networking", "--remote-debugging-port=0",
                             f"--user-data-dir={ARTEFACTS / 'chromium-profile'}", url],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} not found")


@needs_chromium
def test_sigterm_ends_a_busy_server_at_once_and_it_restarts_on_the_same_port():
    with dashboard("server-sigterm.log") as (proc, url, port):
        visit = headless_visit(url)
        try:
            wait_until(lambda: kernels(url)["has_connected"] >= 1, "a visit to connect")
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=5)               # the promise: within 5 s of SIGTERM
        finally:
            os.killpg(visit.pid, signal.SIGKILL)
            visit.wait()
        again = start_server(port, "server-restart.log")   # same port, straight away
        try:
            wait_until(lambda: answers(url), "the restarted server to answer")
            assert again.poll() is None
        finally:
            os.killpg(again.pid, signal.SIGTERM)
            again.wait(timeout=10)


@needs_chromium
def test_a_visit_that_vanishes_without_the_close_message_is_freed():
    with dashboard("server-cull.log", env={"SOLARA_KERNEL_CULL_TIMEOUT": "2s"}) as (_, url, _p):
        visit = headless_visit(url)
        wait_until(lambda: kernels(url)["has_connected"] >= 1, "a visit to connect")
        os.killpg(visit.pid, signal.SIGKILL)     # no close message: the tab just vanishes
        visit.wait()
        wait_until(lambda: kernels(url)["total"] == 0, "the vanished visit to be freed")


def test_the_server_reaches_no_outside_host_and_logs_an_attempt(tmp_path):
    """The audit hook inside the server: a connection beyond this machine is refused at once
    and named in the log (here provoked by a script run like the server)."""
    script = ("import urllib.request, sys\n"
              "from llo_sim.dashboard import server\n"
              "sys.addaudithook(server.offline_guard)\n"
              "try:\n"
              "    urllib.request.urlopen('https://cdn.jsdelivr.net/npm/katex', timeout=30)\n"
              "except Exception as exc:\n"
              "    print('failed:', type(exc).__name__)\n")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=60)
    assert "refused a connection to cdn.jsdelivr.net" in out.stderr
    assert "failed:" in out.stdout


def request(url: str, headers: dict, method: str = "GET") -> tuple[int, str]:
    """The status and text of one HTTP request with ``headers`` (an error status too)."""
    req = urllib.request.Request(url, headers=headers, method=method)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.read().decode(errors="replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(errors="replace")


def open_websocket(port: int, headers: dict, host: str = "127.0.0.1"):
    """A websocket to a new visit's kernel, as the page opens it, over a connection to
    127.0.0.1 whatever ``host`` its address names; the handshake's refusal raises
    ``websockets.exceptions.InvalidStatus``."""
    from websockets.sync.client import connect

    kernel, page = uuid.uuid4(), uuid.uuid4()
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    return connect(f"ws://{host}:{port}/jupyter/api/kernels/{kernel}/channels"
                   f"?session_id={page}", sock=sock, additional_headers=headers,
                   open_timeout=30)


def test_a_foreign_host_is_refused_and_the_dashboards_own_addresses_answer():
    """DNS rebinding: a page on evil.example whose name now points at 127.0.0.1 sends
    ``Host: evil.example``; the dashboard refuses it, on every path, with 403."""
    with dashboard("server-host.log") as (_, url, port):
        for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}",
                     f"LOCALHOST:{port}"):
            assert request(url, {"Host": host})[0] == 200, host
        for host in ("evil.example", f"evil.example:{port}", f"127.0.0.1:{port + 1}",
                     "127.0.0.1", f"evil.example@127.0.0.1:{port}", ""):
            for path in ("", "resourcez", "static/assets/nonexistent.css"):
                status, text = request(url + path, {"Host": host})
                assert status == 403, (host, path, status)
                assert "llo-sim dashboard" in text and len(text) < 300


def test_a_foreign_origin_is_refused_and_the_pages_own_websocket_opens():
    """A page on another site may open a websocket to 127.0.0.1 (browsers allow it and send
    the page's ``Origin``); the dashboard refuses it before a visit starts. Its own page's
    websocket, and a request without an Origin (not from a browser page), still work."""
    from websockets.exceptions import InvalidStatus

    with dashboard("server-origin.log") as (_, url, port):
        for origin in ("http://evil.example", f"http://evil.example:{port}", "null",
                       f"https://127.0.0.1:{port}", f"http://127.0.0.1:{port + 1}"):
            with pytest.raises(InvalidStatus) as refused:
                open_websocket(port, {"Origin": origin})
            assert refused.value.response.status_code == 403, origin
            assert b"llo-sim dashboard" in refused.value.response.body
        with pytest.raises(InvalidStatus) as refused:
            open_websocket(port, {"Origin": f"http://127.0.0.1:{port}"}, host="evil.example")
        assert refused.value.response.status_code == 403
        assert kernels(url)["total"] == 0                 # no visit was started
        for origin in (f"http://127.0.0.1:{port}", f"http://localhost:{port}"):
            with open_websocket(port, {"Origin": origin}) as ws:
                assert ws.protocol.state.name == "OPEN"
        status, _ = request(url + "_solara/api/close/x", {"Origin": "http://evil.example"},
                            method="POST")
        assert status == 403                              # a cross-site form post too
        assert request(url, {"Origin": f"http://127.0.0.1:{port}"})[0] == 200


def test_a_visit_prints_no_cookie_warning():
    """Solara warns, at length, that a session cookie over plain http cannot be
    ``SameSite=None`` (for iframes); the dashboard is served over plain http on purpose and
    its lax cookie is the right one, so the log stays quiet. Other warnings still show."""
    with dashboard("server-cookie.log") as (_, url, _port):
        for _ in range(2):
            assert answers(url)
        log = (ARTEFACTS / "server-cookie.log").read_text()
    assert "samesite" not in log.lower(), log


def test_the_rules_for_host_and_origin():
    """The addresses of a dashboard started on 127.0.0.1, on a name, and on every address
    (a workshop network, where trainees type the laptop's IP address)."""
    from starlette.datastructures import Headers

    from llo_sim.dashboard.same_origin import OwnPagesOnly, split_netloc

    assert split_netloc("[::1]:8765") == ("::1", 8765)
    assert split_netloc("LocalHost") == ("localhost", None)
    for bad in ("", ":8765", "a@127.0.0.1", "127.0.0.1:x", "127.0.0.1:99999", "a b", "a/b"):
        assert split_netloc(bad) is None, bad
    local = OwnPagesOnly(None, "127.0.0.1", 8765)
    assert local.is_own("127.0.0.1:8765") and local.is_own("[::1]:8765")
    assert not local.is_own("192.168.1.10:8765") and not local.is_own("localhost")
    assert OwnPagesOnly(None, "127.0.0.1", 80).is_own("localhost")    # port 80 left out
    named = OwnPagesOnly(None, "laptop.lan", 8765)
    assert named.is_own("laptop.lan:8765") and named.is_own("localhost:8765")
    assert named.url == "http://laptop.lan:8765/"
    everywhere = OwnPagesOnly(None, "0.0.0.0", 8765)
    assert everywhere.is_own("192.168.1.10:8765") and everywhere.is_own("[fe80::1]:8765")
    assert not everywhere.is_own("evil.example:8765")
    assert everywhere.refusal(Headers({"host": "10.0.0.5:8765",
                                       "origin": "http://10.0.0.5:8765"})) is None
    assert "another site" in everywhere.refusal(Headers({"host": "10.0.0.5:8765",
                                                         "origin": "http://evil.example"}))
    assert "open it at http://127.0.0.1:8765/" in local.refusal(Headers({"host": "x"}))


def test_only_the_cookie_warning_is_silenced():
    import warnings

    from llo_sim.dashboard import server

    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        server.quiet_cookie_warning()
        for text in ("Cookies with samesite=none require https, but according to the asgi "
                     "framework, the scheme is 'http'", "base url 'x' does not end with 'y'"):
            warnings.warn_explicit(text, UserWarning, "starlette.py", 621,
                                   module="solara.server.starlette")
    assert [str(w.message) for w in seen] == ["base url 'x' does not end with 'y'"]
