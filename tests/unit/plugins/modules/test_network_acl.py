"""network_acl: rule normalisation, validation and the order of rule operations."""

from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import longest_increasing, order_steps
from ansible_collections.huaweicloud.iec.plugins.module_utils.rules import acl_port, acl_rule, acl_rule_key, check_rule
from ansible_collections.huaweicloud.iec.plugins.modules.network_acl import rule_body


def test_ports_and_addresses_are_compared_in_one_spelling():
    assert acl_port(None) == acl_port("") == acl_port("1-65535") == ""
    assert acl_port("80-80") == acl_port(" 80 ") == "80"
    assert acl_port("80 - 90") == "80-90"
    written = acl_rule({"action": "allow", "protocol": "tcp", "source_ip_address": "192.168.7.9/16",
                        "destination_port": "443-443"})
    shown = acl_rule({"id": "r1", "name": "", "action": "allow", "protocol": "tcp", "ip_version": 4,
                      "source_ip_address": "192.168.0.0/16", "source_port": "",
                      "destination_ip_address": "0.0.0.0/0", "destination_port": "443", "enabled": True})
    assert acl_rule_key(written) == acl_rule_key(shown)
    assert written["name"] is None and shown["name"] == ""
    assert acl_rule({"action": "deny", "ip_version": 6})["source_ip_address"] == "::/0"


def test_rules_are_checked_with_their_place_in_the_list():
    def check(**rule):
        full = dict(protocol="any", ip_version=4)
        full.update(rule)
        return check_rule("inbound_rules", 2, full)

    assert check(action="allow") is None
    assert check(protocol="icmp", ip_version=6) == "inbound_rules[2]: protocol icmp needs ip_version 4; use icmpv6 for IPv6."
    assert check(protocol="icmpv6") == "inbound_rules[2]: protocol icmpv6 needs ip_version 6."
    assert check(destination_port="80").startswith("inbound_rules[2]: destination_port needs protocol tcp or udp")
    assert check(protocol="tcp", source_port="0").endswith("got '0'.")
    assert check(protocol="tcp", source_port="70000").endswith("got '70000'.")
    assert check(protocol="tcp", source_port="8000-8080") is None
    assert check(source_ip_address="10.0.0.0/33") == "inbound_rules[2]: source_ip_address '10.0.0.0/33' is not a CIDR."
    assert check(ip_version=6, destination_ip_address="10.0.0.0/8").endswith("is an IPv4 address, but ip_version is 6.")
    assert check(name="n" * 65) == "inbound_rules[2]: name must be at most 64 characters long; it has 65."


def test_longest_increasing_keeps_as_many_rules_in_place_as_possible():
    assert longest_increasing([]) == []
    assert longest_increasing([0, 1, 2]) == [0, 1, 2]
    assert longest_increasing([2, 0, 1]) == [1, 2]
    assert len(longest_increasing([3, 0, 4, 1, 2])) == 3


def rules(*ids):
    return [{"id": i} for i in ids]


def test_order_steps_adds_after_the_previous_rule_and_before_the_first_kept_one():
    moves, adds = order_steps(["a", "b"], rules(None, "a", None, "b", None))
    assert moves == []
    assert adds == [(0, ("before", "a")), (2, ("after", "a")), (4, ("after", "b"))]


def test_order_steps_moves_only_the_rules_out_of_place():
    # c a b -> a b c: a and b stay, c is deleted and added again after b.
    moves, adds = order_steps(["c", "a", "b"], rules("a", "b", "c"))
    assert moves == ["c"]
    assert adds == [(2, ("after", "b"))]
    # Nothing kept: everything is appended in order.
    moves, adds = order_steps([], rules(None, None))
    assert moves == [] and adds == [(0, None), (1, ("after", None))]


def test_rule_body_sends_every_field_the_seed_requires():
    body = rule_body(acl_rule({"action": "deny"}), "add")
    assert body == {"id": "", "name": "", "description": "", "enabled": True, "action": "deny", "protocol": "any",
                    "ip_version": 4, "source_ip_address": "0.0.0.0/0", "source_port": "",
                    "destination_ip_address": "0.0.0.0/0", "destination_port": "", "operate_type": "add"}
    assert rule_body(acl_rule({"id": "r1", "action": "deny", "enabled": False}), "modify")["id"] == "r1"
