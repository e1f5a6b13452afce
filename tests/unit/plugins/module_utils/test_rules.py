"""rules.py: state_argument_spec as the state modules build their options with it, refuse(); and every module's
main() as common.run_module builds it."""

import glob
import importlib
import os

import pytest
import yaml

from ansible_collections.huaweicloud.iec.plugins.module_utils import common
from ansible_collections.huaweicloud.iec.plugins.module_utils.rules import (
    description_problem,
    listed_route_table_lists,
    port_view,
    refuse,
    route_table_lists,
    state_argument_spec,
)

MODULES = sorted(os.path.basename(path)[:-3] for path in glob.glob(os.path.join(
    os.path.dirname(importlib.import_module("ansible_collections.huaweicloud.iec.plugins.modules").__file__), "*.py"))
    if not path.endswith("__init__.py"))


def argument_spec_of(name, monkeypatch):
    """The options main() builds the module with (connection options aside), and the documented ones."""
    module = importlib.import_module("ansible_collections.huaweicloud.iec.plugins.modules." + name)
    captured = {}

    def capture(argument_spec=None, **kwargs):
        captured.update(argument_spec=argument_spec, kwargs=kwargs)
        raise SystemExit(0)

    monkeypatch.setattr(common, "IecModule", capture)
    with pytest.raises(SystemExit):
        module.main()
    assert captured["kwargs"]["supports_check_mode"] is True
    return captured["argument_spec"], documented_options(module.DOCUMENTATION)


def documented_options(documentation):
    """The options a module documents, with those of its doc fragments (the connection options aside: IecModule
    adds those to every module)."""
    doc = yaml.safe_load(documentation)
    options = dict(doc["options"])
    for fragment in doc.get("extends_documentation_fragment", []):
        name, variable = (fragment[len("huaweicloud.iec."):].split(".") + [None])[:2]
        if name != "connection":
            source = importlib.import_module("ansible_collections.huaweicloud.iec.plugins.doc_fragments." + name)
            options.update(yaml.safe_load(getattr(source.ModuleDocFragment, variable or "DOCUMENTATION"))["options"])
    return options


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


def test_a_route_table_reports_its_lists_and_a_listed_one_only_those_its_answer_holds():
    read = {"id": "rt", "subnets": [{"id": "s2"}, {"id": "s1"}],
            "routes": [{"type": "ecs", "destination": "10.0.0.0/8", "nexthop": "i1", "id": "r"}]}
    lists = {"subnets": ["s1", "s2"],
             "routes": [{"type": "ecs", "destination": "10.0.0.0/8", "nexthop": "i1", "description": None}]}
    assert route_table_lists(read) == listed_route_table_lists(read) == lists
    assert route_table_lists({"id": "rt"}) == {"subnets": [], "routes": []}        # route_table: none is []
    assert listed_route_table_lists({"id": "rt", "subnets": []}) == {"subnets": []}  # listed: not read by id


def test_a_port_reports_its_subnet_and_address_from_its_fixed_ip():
    port = {"network_id": "sub-1", "fixed_ips": [{"subnet_id": "neutron-1", "ip_address": "10.0.0.5"}],
            "security_groups": ["b", "a"], "allowed_address_pairs": None}
    view = port_view(port)
    assert (view["subnet_id"], view["ip_address"], view["security_groups"]) == ("sub-1", "10.0.0.5", ["a", "b"])
    assert port_view(dict(port, subnet_id="sub-2", ip_address=None))["subnet_id"] == "sub-2"   # a planned port
    assert (view["allowed_address_pairs"], view["ipv6_bandwidth_id"]) == ([], "")
