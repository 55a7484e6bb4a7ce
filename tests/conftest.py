"""Test settings. In CI (``CI`` set) hypothesis runs derandomized: the same examples on every
run, so a submission's result does not depend on luck; locally it explores new examples."""

import os
import signal

import pytest

from hypothesis import settings

# Any one wait in a browser test, set once for all of them: generous, because the suite must
# pass on a machine busy with other work; a passing wait returns as soon as the page is ready.
BROWSER_TIMEOUT_MS = 90_000
try:
    from playwright.sync_api import expect
except ImportError:             # the browser tests skip (or fail, in CI) on their own
    pass
else:
    expect.set_options(timeout=BROWSER_TIMEOUT_MS)

settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


# A shell starts a background job (`pytest ... &`, nohup, some CI runners) with Ctrl-C
# ignored, and every program a test starts inherits that: the tests that press Ctrl-C on a
# command would then see it run on. Ctrl-C as a terminal gives it is what they test, so the
# test process hands its programs the default (a Python handler is reset to it by exec).
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


# The quick check, `pytest -m "not slow"`, leaves out what takes long or starts much: whole
# files that drive a browser, servers or many processes, and the tests below that run a
# calibration, a killed sweep, every docs generator or the wheel (each over ten seconds).
SLOW_FILES = {"test_dashboard_browser.py", "test_dashboard_play_workshop_browser.py",
              "test_dashboard_policy_browser.py", "test_own_dashboard_browser.py",
              "test_dashboard_state_browser.py",
              "test_dashboard_server.py", "test_reliability_processes.py"}
SLOW_TESTS = {"test_the_calibration_gives_the_same_ensemble_serial_parallel_and_on_dask",
              "test_every_generator_runs_at_a_small_size",
              "test_resuming_a_damaged_history_is_one_line",
              "test_resuming_a_sound_history_still_works",
              "test_small_calibration_writes_an_ensemble_with_provenance",
              "test_calibration_resumes_and_refuses_to_overwrite",
              "test_a_killed_sweep_resumes_to_the_same_result"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.path.name in SLOW_FILES or item.originalname in SLOW_TESTS:
            item.add_marker(pytest.mark.slow)
