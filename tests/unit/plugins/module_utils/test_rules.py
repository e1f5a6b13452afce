"""rules.py: state_argument_spec as the network modules build their options with it, and refuse()."""

import importlib

import pytest
import yaml

from ansible_collections.huaweicloud.iec.plugins.module_utils.rules import (
    description_problem,
    refuse,
    state_argument_spec,
)

MODULES = ("vpc", "subnet", "route_table", "image", "public_ip", "port", "network_acl")


class Captured(Exception):
    pass


def argument_spec_of(name, monkeypatch):
    module = importlib.import_module("ansible_collections.huaweicloud.iec.plugins.modules." + name)

    def capture(argument_spec=None, **kwargs):
        raise Captured(argument_spec)

    monkeypatch.setattr(module, "IecModule", capture)
    with pytest.raises(Captured) as caught:
        module.main()
    return caught.value.args[0], yaml.safe_load(module.DOCUMENTATION)["options"]


@pytest.mark.parametrize("name", MODULES)
def test_each_module_declares_the_options_and_defaults_it_documents(name, monkeypatch):
    spec, documented = argument_spec_of(name, monkeypatch)
    assert sorted(spec) == sorted(documented)
    for option, declared in spec.items():
        assert declared.get("type", "str") == documented[option].get("type", "str"), option
        assert declared.get("default") == documented[option].get("default"), option
        assert declared.get("choices") == documented[option].get("choices"), option


def test_a_module_option_named_wait_timeout_is_an_option_not_the_default_wait():
    # vpc has wait_timeout (for force) but no wait option.
    spec = state_argument_spec(wait_timeout=dict(type="int", default=600))
    assert spec["wait_timeout"] == dict(type="int", default=600)
    assert "wait" not in spec
    spec = state_argument_spec(default_wait_timeout=1800, name=dict(type="str"))
    assert spec["wait"] == dict(type="bool", default=True)
    assert spec["wait_timeout"] == dict(type="int", default=1800)
    assert spec["state"] == dict(type="str", choices=["present", "absent"], default="present")
    assert spec["id"] == dict(type="str")


def test_refuse_fails_with_the_first_problem_only():
    failures = []

    class Engine:
        def fail(self, msg):
            failures.append(msg)
            raise SystemExit(1)

    refuse(Engine(), None, None)
    assert failures == []
    with pytest.raises(SystemExit):
        refuse(Engine(), None, "first", "second")
    assert failures == ["first"]


def test_route_tables_and_their_routes_share_one_description_rule():
    assert description_problem("web <tier>") == "description must be at most 255 characters, without '<' or '>'."
    assert description_problem("x" * 256, "routes[2]") == (
        "routes[2]: description must be at most 255 characters, without '<' or '>'.")
    assert description_problem("x" * 255) is None
    assert description_problem(None, "routes[0]") is None
