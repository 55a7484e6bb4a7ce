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
import urllib.request
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
