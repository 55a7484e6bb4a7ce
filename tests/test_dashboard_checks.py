"""The dashboard trusts no value from the browser: the checks every event handler uses, the
address that reproduces a view, and the server's offline and start-up guards."""

import socket

import pytest

from llo_sim.dashboard import _check_free, checks, remote_warning, server
from llo_sim.dashboard.app import address, read_address
from llo_sim.errors import LloSimError
from llo_sim.engine.limits import DASHBOARD_MAX_EMPLOYEES, DASHBOARD_MAX_MONTHS
from llo_sim.engine.scenario import load


@pytest.fixture(scope="module")
def base():
    return load("baseline").parameters


@pytest.mark.parametrize("value", [100_000, 0, -12, 12.5, "abc", "", None, [60], {"a": 1},
                                   True, float("nan"), DASHBOARD_MAX_MONTHS + 1])
def test_months_outside_the_slider_are_refused(value):
    with pytest.raises(checks.InputError):
        checks.months(value)


def test_months_as_typed_are_accepted():
    assert checks.months("60") == 60 and checks.months(60.0) == 60 and checks.months(" 12 ") == 12


@pytest.mark.parametrize("name", ["/etc/passwd", "../scenarios/baseline", "baseline.toml",
                                  "", None, 3, ["baseline"], "no_such_scenario"])
def test_only_library_scenarios_by_name(name):
    with pytest.raises(checks.InputError) as info:
        checks.scenario(name)
    message = info.value.message("nl")
    assert "/" not in message and "Traceback" not in message
    assert message == "Onbekend scenario: kies er een uit de lijst."


def test_a_scenarios_folder_in_the_working_directory_is_not_offered(tmp_path, monkeypatch):
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "evil.toml").write_text('[parameters]\nbudget_amount = 5.0\n')
    monkeypatch.chdir(tmp_path)
    assert "evil" not in checks.library() and "baseline" in checks.library()
    with pytest.raises(checks.InputError):
        checks.scenario("evil")


@pytest.mark.parametrize("raw, key", [("abc", "err_whole"), ("10.5", "err_whole"),
                                      ("", "err_whole"), (DASHBOARD_MAX_EMPLOYEES + 1, "err_range"),
                                      (5, "err_range"), ([1000], "err_whole")])
def test_employee_count_errors_are_in_dutch_and_name_the_real_cap(base, raw, key):
    with pytest.raises(checks.InputError) as info:
        checks.parameter("n_employees", raw, base)
    assert info.value.key == key
    message = info.value.message("nl")
    assert message.startswith("Ongeldige invoer") and "blijft staan" in message
    assert "20,000" in message or "20.000" in message


def test_parameters_are_checked_against_the_registry(base):
    assert checks.parameter("budget_amount", "800", base)["budget_amount"] == 800.0
    assert checks.parameter("n_employees", "2000", base)["n_employees"] == 2000
    for name, value in (("budget_amount", 1e9), ("budget_amount", "veel"),
                        ("budget_coverage", -0.1), ("budget_procedure", "bribe"),
                        ("no_such_parameter", 1), ("budget_coverage", [0.5])):
        with pytest.raises(checks.InputError):
            checks.parameter(name, value, base)


def test_shares_that_add_up_to_more_than_everyone_are_refused(base):
    with pytest.raises(checks.InputError) as info:
        checks.parameter("share_young", 0.9, base)        # share_old is 0.25
    assert info.value.key == "err_sum"


def test_a_handler_error_shows_one_line_without_a_traceback():
    shown = []

    @checks.guarded(shown.append, "nl")
    def broken():
        open("/etc/no/such/file")

    @checks.guarded(shown.append, "en")
    def refused():
        checks.months(100_000)

    broken()
    refused()
    assert shown[0] == "Er ging iets mis op de server; de vorige toestand blijft staan."
    assert shown[1].startswith("Invalid input") and "240" in shown[1]


def test_the_address_reproduces_a_view_and_ignores_what_is_not_allowed(base):
    query = address("en", "budget_only", 7, "baseline", "inequality",
                    {**load("budget_only").parameters, "budget_amount": 800.0})
    state = read_address(query)
    assert (state["lang"], state["scenario"], state["seed"], state["tab"]) == \
        ("en", "budget_only", 7, "inequality")
    assert state["params"]["budget_amount"] == 800.0
    assert state["params"]["budget_coverage"] == load("budget_only").parameters["budget_coverage"]
    bad = read_address("s=/etc/passwd&seed=-1&tab=x&lang=de&p.n_employees=10000000"
                       "&p.budget_amount=abc&p.rng=5&ref=../x")
    assert bad["scenario"] == "baseline" and bad["seed"] == 1 and bad["lang"] == "nl"
    assert bad["params"] == base and bad["ref"] == "baseline"


def test_the_server_refuses_to_reach_beyond_this_machine():
    assert server.is_local("127.0.0.1") and server.is_local("localhost")
    assert server.is_local("::1") and not server.is_local("cdn.jsdelivr.net")
    assert not server.is_local("8.8.8.8")
    with pytest.raises(ConnectionRefusedError):
        server.offline_guard("socket.getaddrinfo", ("cdn.jsdelivr.net", 443, 0, 0, 0))
    with pytest.raises(ConnectionRefusedError):
        server.offline_guard("socket.connect", (None, ("151.101.1.229", 443)))
    server.offline_guard("socket.connect", (None, ("127.0.0.1", 8765)))
    server.offline_guard("open", ("/tmp/x", "r", 0))


def test_listening_beyond_this_machine_warns():
    assert remote_warning("127.0.0.1") == "" and remote_warning("localhost") == ""
    assert "WARNING" in remote_warning("0.0.0.0") and "trusted" in remote_warning("0.0.0.0")


def test_a_port_in_time_wait_counts_as_free():
    """A dashboard stopped a moment ago leaves its port in TIME_WAIT; the start-up check binds
    with SO_REUSEADDR, as the server does, so a restart works at once."""
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    listener.listen()
    client = socket.create_connection(("127.0.0.1", port))
    conn, _ = listener.accept()
    conn.close()                  # the server side closes first: TIME_WAIT on the server port
    client.close()
    listener.close()
    _check_free("127.0.0.1", port)
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    with pytest.raises(LloSimError, match="--port"):
        _check_free("127.0.0.1", taken.getsockname()[1])
    taken.close()
    with pytest.raises(LloSimError, match="--host"):
        _check_free("no-such-host.invalid", 8765)


def test_an_error_while_drawing_shows_one_line_not_a_traceback(monkeypatch):
    import ipyvuetify as v
    import solara

    from llo_sim.dashboard import app

    @solara.component
    def Broken():
        raise RuntimeError("/secret/server/path went wrong")

    monkeypatch.setattr(app, "Dashboard", Broken)
    box, rc = solara.render(app.Page(), handle_error=False)
    texts = " ".join(str(w.children) for w in rc.find(v.Html).widgets)
    assert "Er ging iets mis op de server" in texts and "Something went wrong" in texts
    assert "/secret" not in texts and "Traceback" not in texts
    rc.close()
