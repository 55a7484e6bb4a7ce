"""Scenario files: inheritance, validation errors with file, key, value and allowed range."""

import pytest

from llo_sim import ScenarioError, load_scenario
from llo_sim.errors import ParameterError
from llo_sim.engine.parameters import DEFAULTS, REGISTRY, validate
from llo_sim.engine.scenario import available


def write(tmp_path, name, text):
    path = tmp_path / f"{name}.toml"
    path.write_text(text)
    return path


def test_baseline_is_in_the_library_and_valid():
    assert "baseline" in available()
    sc = load_scenario("baseline")
    assert sc.title["nl"] and sc.title["en"] and sc.description["nl"] and sc.description["en"]
    params = sc.parameters
    assert set(params) == set(REGISTRY)
    assert params["budget_procedure"] == "leader"


def test_extends_inherits_and_overrides(tmp_path):
    write(tmp_path, "parent", '[parameters]\nbudget_amount = 800.0\nshare_flex = 0.3\n')
    child = write(tmp_path, "child", 'extends = "parent"\n[parameters]\nshare_flex = 0.1\n')
    sc = load_scenario(child)
    assert sc.chain == ["parent", "child"]
    assert sc.parameters["budget_amount"] == 800.0      # inherited
    assert sc.parameters["share_flex"] == 0.1           # overridden
    assert sc.parameters["team_size"] == DEFAULTS["team_size"]


def test_extends_from_the_library(tmp_path):
    path = write(tmp_path, "mine", 'extends = "baseline"\n[parameters]\nbudget_procedure = "direct"\n')
    sc = load_scenario(path)
    assert sc.chain == ["baseline", "mine"]
    assert sc.parameters["budget_amount"] == load_scenario("baseline").parameters["budget_amount"]
    assert sc.parameters["budget_procedure"] == "direct"


def test_unknown_parameter_names_file_key_and_suggestion(tmp_path):
    path = write(tmp_path, "bad", "[parameters]\nbudget_amout = 100\n")
    with pytest.raises(ParameterError) as err:
        load_scenario(path)
    msg = str(err.value)
    assert str(path) in msg and "budget_amout" in msg and "budget_amount" in msg


@pytest.mark.parametrize("line, allowed", [
    ("share_flex = 1.5", "from 0 to 1"),
    ("share_flex = \"many\"", "a number"),
    ("team_size = 2.5", "an integer"),
    ("budget_procedure = \"email\"", "'leader', 'direct'"),
])
def test_bad_values_name_the_allowed_range(tmp_path, line, allowed):
    path = write(tmp_path, "bad", f"[parameters]\n{line}\n")
    with pytest.raises(ParameterError) as err:
        load_scenario(path)
    msg = str(err.value)
    assert str(path) in msg and line.split(" =")[0] in msg and allowed in msg


def test_malformed_toml(tmp_path):
    path = write(tmp_path, "broken", "[parameters\nshare_flex = 0.2\n")
    with pytest.raises(ScenarioError, match="not valid TOML"):
        load_scenario(path)


def test_unknown_top_level_key(tmp_path):
    path = write(tmp_path, "odd", "share_flex = 0.2\n")
    with pytest.raises(ScenarioError, match="unknown key 'share_flex'.*\\[parameters\\]"):
        load_scenario(path)


def test_missing_extends(tmp_path):
    path = write(tmp_path, "orphan", 'extends = "no_such_parent"\n')
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    assert "orphan.toml" in str(err.value) and "no_such_parent" in str(err.value)


def test_circular_extends(tmp_path):
    write(tmp_path, "a", 'extends = "b"\n')
    write(tmp_path, "b", 'extends = "a"\n')
    with pytest.raises(ScenarioError, match="cycle"):
        load_scenario(tmp_path / "a.toml")


def test_unknown_scenario_name_lists_the_library():
    with pytest.raises(ScenarioError, match="baseline"):
        load_scenario("no_such_scenario")


def test_shares_that_split_a_population_must_fit():
    with pytest.raises(ParameterError, match="share_young \\+ share_old"):
        validate({"share_young": 0.7, "share_old": 0.5})


def test_with_overrides_validates():
    sc = load_scenario("baseline")
    assert sc.with_overrides(n_employees=50).parameters["n_employees"] == 50
    with pytest.raises(ParameterError, match="argument"):
        sc.with_overrides(n_employees=-3)


def test_a_file_that_is_not_utf8_is_a_clear_error(tmp_path):
    path = tmp_path / "latin.toml"
    path.write_bytes(b"\xff\xfe[parameters]\n")
    with pytest.raises(ScenarioError, match="not valid TOML"):
        load_scenario(path)


def test_titles_must_be_texts(tmp_path):
    path = write(tmp_path, "odd_title", "[title]\nnl = 1\n")
    with pytest.raises(ScenarioError, match="each a text"):
        load_scenario(path)
