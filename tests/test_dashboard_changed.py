"""State you can trust (issue 21, point 5): what differs from the chosen scenario, and Undo."""

from llo_sim.dashboard import checks
from llo_sim.dashboard.app import SHOWN, address, read_address
from llo_sim.dashboard.changed import HISTORY, History, changes


def test_a_scenario_as_it_is_has_no_changes_and_a_moved_slider_has_one():
    params = checks.scenario("budget_only").parameters
    assert changes("budget_only", params, SHOWN) == []
    moved = checks.parameter("budget_amount", 800, params)
    assert changes("budget_only", moved, SHOWN) == [("budget_amount",
                                                     params["budget_amount"], 800.0)]
    bigger = {**params, "n_employees": params["n_employees"] + 500}
    assert changes("budget_only", bigger, SHOWN) == []         # a size, not a setting


def test_a_shared_address_carries_the_change_and_so_the_mark():
    params = checks.parameter("budget_amount", 800, checks.scenario("budget_only").parameters)
    search = address("nl", "budget_only", 1, "baseline", "participation", params)
    state = read_address(search)
    assert changes(state["scenario"], state["params"], SHOWN) == changes("budget_only", params,
                                                                          SHOWN)


def test_undo_steps_back_one_change_at_a_time_and_forgets_the_oldest():
    h = History()
    a = checks.scenario("baseline").parameters
    b = checks.parameter("budget_amount", 800, a)
    h.push("baseline", a)
    h.push("baseline", a)                       # the same state twice is one step
    h.push("budget_only", b)
    assert h.pop() == ("budget_only", b) and h.pop() == ("baseline", a) and h.pop() is None
    for i in range(HISTORY + 10):
        h.push("baseline", {**a, "budget_amount": float(i)})
    assert len(h.states) == HISTORY and h.states[0][1]["budget_amount"] == 10.0
