"""Test settings. In CI (``CI`` set) hypothesis runs derandomized: the same examples on every
run, so a submission's result does not depend on luck; locally it explores new examples."""

import os
import signal

from hypothesis import settings

settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


# A shell starts a background job (`pytest ... &`, nohup, some CI runners) with Ctrl-C
# ignored, and every program a test starts inherits that: the tests that press Ctrl-C on a
# command would then see it run on. Ctrl-C as a terminal gives it is what they test, so the
# test process hands its programs the default (a Python handler is reset to it by exec).
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)
