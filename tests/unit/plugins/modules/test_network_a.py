"""Normalisers and module logic of vpc, subnet, security_group and security_group_rule."""

import copy

import pytest

from ansible_collections.huaweicloud.iec.plugins.module_utils import normalize as n
from ansible_collections.huaweicloud.iec.plugins.module_utils.client import IecApiError
from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import plan_children
from ansible_collections.huaweicloud.iec.plugins.modules.security_group import SecurityGroup, apply_rules
from ansible_collections.huaweicloud.iec.plugins.modules.security_group_rule import SecurityGroupRule, rule_text
from ansible_collections.huaweicloud.iec.plugins.module_utils.rules import subnet_problems, vpc_cidr_problem
from ansible_collections.huaweicloud.iec.plugins.modules.subnet import Subnet
from ansible_collections.huaweicloud.iec.plugins.modules.vpc import Vpc
from iec_fakes import Exited, Failed, FakeModule


class Client:
    """Answers from canned lists; records every call."""

    def __init__(self, lists=None, items=None):
        self.lists = lists or {}
        self.items = items or {}
        self.calls = []

    quote = staticmethod(str)

    def list_all(self, path, items_key, query=None):
        self.calls.append(("LIST", path, query))
        return copy.deepcopy(self.lists.get(path, []))

    def get(self, path, query=None):
        self.calls.append(("GET", path))
        if path not in self.items:
            raise IecApiError(status=404, error_code="IEC.000022", error_msg="not found", method="GET", path=path)
        return copy.deepcopy(self.items[path])

    def post(self, path, body=None, query=None):
        self.calls.append(("POST", path, body))
        return {}

    def put(self, path, body=None, query=None):
        self.calls.append(("PUT", path, body))
        return {}

    def delete(self, path, query=None):
        self.calls.append(("DELETE", path))


def run(cls, params, client, check_mode=False):
    module = FakeModule(params, check_mode)
    with pytest.raises((Exited, Failed)) as info:
        cls(module, client=client).run()
    return ("failed" if isinstance(info.value, Failed) else "ok"), info.value.result


# --- security group rule normalisation -------------------------------------------------------------

def norm(**rule):
    return n.security_group_rule(rule)


@pytest.mark.parametrize("written, stored", [
    (dict(direction="ingress", protocol="6", port_range_min=22),
     dict(direction="ingress", protocol="TCP", port_range_min="22", port_range_max="22", ethertype="IPv4")),
    (dict(direction="ingress", protocol="tcp", port_range_max=22),
     dict(direction="ingress", protocol="tcp", port_range_min=22, port_range_max=22)),
    (dict(direction="egress", protocol="any"),
     dict(direction="egress", protocol="", ethertype="", port_range_min="", port_range_max="")),
    (dict(direction="egress", protocol=-1, remote_ip_prefix="0.0.0.0/0"),
     dict(direction="egress", protocol=None, remote_ip_prefix=None)),
    (dict(direction="ingress", remote_ip_prefix="203.0.113.7"),
     dict(direction="ingress", remote_ip_prefix="203.0.113.7/32")),
    (dict(direction="ingress", remote_ip_prefix="2001:db8::1"),
     dict(direction="ingress", ethertype="IPv6", remote_ip_prefix="2001:db8::1/128")),
    (dict(direction="ingress", protocol="udp", port_range_min=1, port_range_max=65535),
     dict(direction="ingress", protocol="17")),
    (dict(direction="ingress", protocol="58"), dict(direction="ingress", protocol="icmpv6", ethertype="IPv6")),
    (dict(direction="ingress", protocol="icmp", action="ALLOW", priority="1"),
     dict(direction="ingress", protocol="1")),
    (dict(direction="ingress", remote_ip_prefix="10.1.2.3/8"),
     dict(direction="ingress", remote_ip_prefix="10.0.0.0/8")),
])
def test_spellings_of_one_rule_normalise_to_one_key(written, stored):
    assert n.security_group_rule_key(n.security_group_rule(written)) == \
        n.security_group_rule_key(n.security_group_rule(stored))


@pytest.mark.parametrize("one, other", [
    (dict(direction="ingress", protocol="tcp", port_range_min=22), dict(direction="ingress", protocol="tcp")),
    (dict(direction="ingress"), dict(direction="egress")),
    (dict(direction="ingress", remote_ip_prefix="0.0.0.0/0"), dict(direction="ingress", remote_ip_prefix="::/0")),
    (dict(direction="ingress", protocol="icmp", port_range_min=8), dict(direction="ingress", protocol="icmp")),
    (dict(direction="ingress", priority=2), dict(direction="ingress")),
    (dict(direction="ingress", action="deny"), dict(direction="ingress")),
])
def test_different_rules_keep_different_keys(one, other):
    assert n.security_group_rule_key(n.security_group_rule(one)) != \
        n.security_group_rule_key(n.security_group_rule(other))


def test_normalised_rule_keeps_id_and_group_and_fills_defaults():
    rule = norm(direction="Ingress", id="r1", security_group_id="g1", remote_group_id="")
    assert rule == dict(id="r1", security_group_id="g1", direction="ingress", ethertype="IPv4", protocol=None,
                        port_range_min=None, port_range_max=None, remote_ip_prefix=None, remote_group_id=None,
                        action="allow", priority=1, description=None)


@pytest.mark.parametrize("rule, message", [
    (dict(direction="sideways"), "r: direction must be ingress or egress, got sideways."),
    (dict(direction="ingress", protocol="gre2"),
     "r: protocol must be tcp, udp, icmp, icmpv6, any, or an IP protocol number 0 to 255; got 'gre2'."),
    (dict(direction="ingress", protocol="256"),
     "r: protocol must be tcp, udp, icmp, icmpv6, any, or an IP protocol number 0 to 255; got '256'."),
    (dict(direction="ingress", protocol="tcp", port_range_min=70000), "r: port_range_min must be 1 to 65535, got 70000."),
    (dict(direction="ingress", protocol="tcp", port_range_min="x"),
     "r: port_range_min must be a port number 1 to 65535, got 'x'."),
    (dict(direction="ingress", protocol="tcp", port_range_min=9, port_range_max=8),
     "r: port_range_min 9 is greater than port_range_max 8."),
    (dict(direction="ingress", port_range_min=22),
     "r: ports need a protocol (tcp or udp, for example); with any protocol every port is allowed."),
    (dict(direction="ingress", ethertype="ipv4"), "r: ethertype must be IPv4 or IPv6, got ipv4."),
    (dict(direction="ingress", remote_ip_prefix="10.0.0.300"),
     "r: remote_ip_prefix '10.0.0.300' is neither an IP address nor a CIDR."),
    (dict(direction="ingress", ethertype="IPv6", remote_ip_prefix="10.0.0.0/8"),
     "r: remote_ip_prefix '10.0.0.0/8' is an IPv4 address but ethertype is IPv6; IEC needs them to agree "
     "(IEC.020307)."),
    (dict(direction="ingress", remote_ip_prefix="10.0.0.0/8", remote_group="web"),
     "r: give remote_ip_prefix or remote_group, not both (IEC.020308)."),
    (dict(direction="ingress", protocol="icmpv6", ethertype="IPv4"), "r: protocol icmpv6 needs ethertype IPv6."),
    (dict(direction="ingress", protocol="icmp", remote_ip_prefix="::/0"),
     "r: protocol icmp needs ethertype IPv4; use icmpv6 for IPv6."),
    (dict(direction="ingress", action="reject"), "r: action must be allow or deny, got reject."),
    (dict(direction="ingress", priority=0), "r: priority must be 1 (highest) to 100, got 0."),
    (dict(direction="ingress", description="d" * 65), "r: description must be at most 64 characters long; it has 65."),
])
def test_rule_problems_are_sentences(rule, message):
    assert n.security_group_rule_problem(rule, where="r") == message


def test_good_rules_have_no_problem():
    for rule in (dict(direction="ingress", protocol="tcp", port_range_min=22),
                 dict(direction="egress", protocol="icmpv6"),
                 dict(direction="ingress", protocol="47", remote_group="web", priority=100, action="deny")):
        assert n.security_group_rule_problem(rule) is None


def test_rule_text_names_a_rule_in_words():
    assert rule_text(norm(direction="ingress", protocol="tcp", port_range_min=22, remote_ip_prefix="1.2.3.4")) == \
        "ingress IPv4 tcp 22 from 1.2.3.4/32"
    assert rule_text(norm(direction="egress", protocol="udp", port_range_min=5, port_range_max=9)) == \
        "egress IPv4 udp 5-9 to anywhere"


def test_name_problem_and_ip_list():
    assert n.name_problem("name", "边缘-vpc_1.a") is None
    expected = "name may hold only letters, digits, Chinese characters, '_', '-' and '.'; 'a/b c' has ' ' '/'."
    assert n.name_problem("name", "a/b c") == expected
    assert n.name_problem("name", "") == "name must be 1 to 64 characters long; '' has 0."
    assert n.ip_list(["8.8.8.8", "1.1.1.1"]) == ["8.8.8.8", "1.1.1.1"]
    assert n.ip_list(None) is None


# --- vpc ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("cidr, mode, message", [
    ("192.168.0.0/16", "CUSTOMER", None),
    ("10.0.0.0/8", "SYSTEM", None),
    ("172.16.4.0/24", None, None),
    ("172.16.4.0/25", "CUSTOMER", "cidr 172.16.4.0/25 is too small: the prefix may be at most /24."),
    ("10.1.0.0/17", "SYSTEM", "cidr 10.1.0.0/17 is too small: in SYSTEM mode the prefix may be at most /16."),
    ("172.32.0.0/16", "CUSTOMER", "cidr 172.32.0.0/16 is outside the private ranges IEC accepts: 10.0.0.0/8, "
                                  "172.16.0.0/12, 192.168.0.0/16."),
    ("10.0.0.1/16", "CUSTOMER", "cidr '10.0.0.1/16' has host bits set; write its network address, 10.0.0.0/16."),
    ("fd00::/8", "CUSTOMER", "cidr 'fd00::/8' is IPv6; a VPC range is IPv4."),
    ("ten", "CUSTOMER", "cidr 'ten' is not a CIDR such as 192.168.0.0/16."),
])
def test_vpc_cidr_rules(cidr, mode, message):
    assert vpc_cidr_problem(cidr, mode) == message


def vpc_params(**kw):
    params = dict(id=None, name="edge", cidr=None, mode=None, force=False, wait_timeout=600, state="present")
    params.update(kw)
    return params


def test_vpc_resize_is_checked_against_the_mode_it_has():
    client = Client({"/v1/vpcs": [dict(id="v1", name="edge", cidr="10.0.0.0/16", mode="SYSTEM", subnet_num=0)]})
    outcome, result = run(Vpc, vpc_params(cidr="10.0.0.0/20"), client)
    assert outcome == "failed" and result["msg"].endswith("in SYSTEM mode the prefix may be at most /16.")
    assert [c[0] for c in client.calls] == ["LIST"]


def test_vpc_force_deletes_its_subnets_before_the_vpc():
    client = Client({"/v1/vpcs": [dict(id="v1", name="edge", cidr="10.0.0.0/16", mode="CUSTOMER", subnet_num=2)],
                     "/v1/subnets": [dict(id="s1", name="a"), dict(id="s2", name="b")]})
    outcome, result = run(Vpc, vpc_params(state="absent", force=True), client)
    assert outcome == "ok" and result["changed"]
    assert client.calls[1:] == [("LIST", "/v1/subnets", {"vpc_id": "v1"}), ("DELETE", "/v1/subnets/s1"),
                                ("DELETE", "/v1/subnets/s2"), ("GET", "/v1/subnets/s1"), ("GET", "/v1/subnets/s2"),
                                ("DELETE", "/v1/vpcs/v1")]


@pytest.mark.parametrize("force", [True, False])
def test_vpc_in_system_mode_with_subnets_fails_naming_them_before_any_change(force):
    # IEC plans and removes the subnets of a SYSTEM-mode VPC; deleting them is refused (IEC.020107).
    client = Client({"/v1/vpcs": [dict(id="v1", name="edge", cidr="10.0.0.0/16", mode="SYSTEM", subnet_num=2)],
                     "/v1/subnets": [dict(id="s2", name="subnet-gz01"), dict(id="s1", name="subnet-sh01")]})
    outcome, result = run(Vpc, vpc_params(state="absent", force=force), client)
    assert outcome == "failed"
    assert result["msg"].startswith("Cannot delete VPC 'edge': it is in SYSTEM mode and IEC still keeps 2 subnets "
                                    "in it (subnet-gz01, subnet-sh01) for what uses them.")
    assert "(IEC.020107)" in result["msg"] and result["msg"].endswith("virtual IPs in the VPC first.")
    assert [c[0] for c in client.calls] == ["LIST", "LIST"]


def test_vpc_in_system_mode_whose_subnets_went_meanwhile_is_deleted():
    client = Client({"/v1/vpcs": [dict(id="v1", name="edge", cidr="10.0.0.0/16", mode="SYSTEM", subnet_num=1)],
                     "/v1/subnets": []})
    outcome, result = run(Vpc, vpc_params(state="absent", force=True), client)
    assert outcome == "ok" and result["changed"]
    assert client.calls[1:] == [("LIST", "/v1/subnets", {"vpc_id": "v1"}), ("DELETE", "/v1/vpcs/v1")]


def test_vpc_create_names_what_is_missing():
    outcome, result = run(Vpc, vpc_params(cidr="10.0.0.0/16"), Client())
    assert outcome == "failed" and result["msg"] == "mode is needed to create VPC 'edge'."


# --- subnet ----------------------------------------------------------------------------------------------

def subnet_params(**kw):
    params = dict(id=None, name="web", vpc="edge", site="sh", cidr="192.168.1.0/24", gateway_ip=None,
                  dhcp_enable=None, primary_dns=None, secondary_dns=None, dns_list=None, ipv6_enable=None,
                  pool_id=None, wait=True, wait_timeout=60, state="present")
    params.update(kw)
    return params


@pytest.mark.parametrize("changes, message", [
    (dict(cidr="192.168.1.0/29"), "cidr 192.168.1.0/29 is too small: the prefix may be at most /28."),
    (dict(cidr="192.168.1.5/24"), "cidr '192.168.1.5/24' has host bits set; write its network address, 192.168.1.0/24."),
    (dict(cidr="fd00::/64"), "cidr 'fd00::/64' is IPv6; give an IPv4 range and use ipv6_enable for IPv6."),
    (dict(gateway_ip="192.168.1.0"), "gateway_ip 192.168.1.0 must be a host address of cidr 192.168.1.0/24."),
    (dict(gateway_ip="192.168.1.255"), "gateway_ip 192.168.1.255 must be a host address of cidr 192.168.1.0/24."),
    (dict(primary_dns="fd00::1"), "primary_dns 'fd00::1' is IPv6; IEC takes IPv4 addresses here."),
    (dict(secondary_dns="dns"), "secondary_dns 'dns' is not an IP address."),
    (dict(dns_list=["fd00::1"]), "dns_list holds the IPv6 address 'fd00::1'; IEC takes IPv4 DNS servers only."),
    (dict(primary_dns="1.1.1.1", secondary_dns="8.8.8.8", dns_list=["9.9.9.9"]),
     "dns_list must contain primary_dns and secondary_dns (1.1.1.1, 8.8.8.8) as well (IEC.020010)."),
    (dict(ipv6_enable=True), "ipv6_enable: true needs pool_id, the ID of an IPv6 line of the subnet's site."),
    (dict(name="a b"), "name may hold only letters, digits, Chinese characters, '_', '-' and '.'; 'a b' has ' '."),
])
def test_subnet_problems(changes, message):
    assert subnet_problems(subnet_params(**changes)) == message


def test_subnet_without_problems():
    assert subnet_problems(subnet_params(gateway_ip="192.168.1.254", primary_dns="1.1.1.1",
                                         dns_list=["1.1.1.1", "9.9.9.9"], ipv6_enable=True, pool_id="p")) is None


SUBNET_LISTS = {"/v1/vpcs": [dict(id="v1", name="edge", cidr="192.168.0.0/16", mode="CUSTOMER"),
                             dict(id="v2", name="sys", cidr="10.0.0.0/16", mode="SYSTEM")],
                "/v1/sites": [dict(id="site-1", name="sh")],
                "/v1/subnets": []}


def test_subnet_in_a_system_vpc_is_refused_before_any_request_that_changes_state():
    client = Client(SUBNET_LISTS)
    outcome, result = run(Subnet, subnet_params(vpc="sys", cidr="10.0.1.0/24"), client)
    assert outcome == "failed" and "(IEC.020107)" in result["msg"] and result["msg"].startswith("VPC 'sys' is in")
    assert all(c[0] == "LIST" for c in client.calls)


def test_subnet_check_mode_create_fills_the_gateway_and_the_late_ipv6():
    client = Client(SUBNET_LISTS)
    outcome, result = run(Subnet, subnet_params(ipv6_enable=True, pool_id="sh_v6", dns_list=["1.1.1.1"]), client,
                          check_mode=True)
    assert outcome == "ok" and result["changed"]
    assert result["subnet"]["gateway_ip"] == "192.168.1.1" and result["subnet"]["ipv6_enable"] is True
    assert result["subnet"]["dns_list"] == ["1.1.1.1"] and result["subnet"]["vpc_id"] == "v1"
    assert all(c[0] == "LIST" for c in client.calls)


def test_subnet_dns_change_keeps_the_list_in_line():
    module = FakeModule(subnet_params(primary_dns="1.1.1.1"))
    engine = Subnet(module, client=Client())
    current = dict(id="s1", primary_dns="100.125.1.250", secondary_dns="8.8.8.8",
                   dnsList=["100.125.1.250", "8.8.8.8", "9.9.9.9"])
    body = engine.update_body(current, {"primary_dns": "1.1.1.1"})
    assert body == {"primary_dns": "1.1.1.1", "dnsList": ["1.1.1.1", "8.8.8.8", "9.9.9.9"]}
    assert engine.update_body(current, {"ipv6_enable": True}) == {"ipv6_enable": True, "pool_id": None}
    assert engine.update_body(current, {"name": "x"}) == {"name": "x"}


# --- security groups -------------------------------------------------------------------------------------

GROUP = dict(id="g1", name="web", description="", security_group_rules=[
    dict(id="r1", security_group_id="g1", direction="egress", ethertype="IPv4", protocol=None,
         port_range_min=None, port_range_max=None, remote_ip_prefix=None, remote_group_id=None,
         action="allow", priority=1, description=""),
    dict(id="r2", security_group_id="g1", direction="egress", ethertype="IPv6", protocol="",
         port_range_min="", port_range_max="", remote_ip_prefix="", remote_group_id="", description=""),
    dict(id="r3", security_group_id="g1", direction="ingress", ethertype="IPv4", protocol="TCP",
         port_range_min="22", port_range_max="22", remote_ip_prefix="203.0.113.7/32", remote_group_id=None,
         description="ssh"),
])
PEER = dict(id="g2", name="peer", description="", security_group_rules=[])


def sg_params(**kw):
    params = dict(id=None, name="web", description=None, rules=None, purge_rules=True, state="present",
                  wait_timeout=600)
    params.update(kw)
    return params


def rule(**kw):
    base = dict(direction=None, ethertype=None, protocol=None, port_range_min=None, port_range_max=None,
                remote_ip_prefix=None, remote_group=None, action=None, priority=None, description=None)
    base.update(kw)
    return base


def test_security_group_rules_written_differently_are_no_change():
    client = Client({"/v1/security-groups": [GROUP, PEER]})
    rules = [rule(direction="egress"), rule(direction="egress", ethertype="IPv6", remote_ip_prefix="::/0"),
             rule(direction="ingress", protocol="6", port_range_min=22, remote_ip_prefix="203.0.113.7")]
    outcome, result = run(SecurityGroup, sg_params(rules=rules), client)
    assert outcome == "ok" and not result["changed"]
    assert [r["port_range_min"] for r in result["security_group"]["security_group_rules"]] == [None, None, 22]


def test_security_group_plan_resolves_remote_groups_and_the_group_itself():
    client = Client({"/v1/security-groups": [GROUP, PEER]})
    engine = SecurityGroup(FakeModule(sg_params(rules=[rule(direction="ingress", remote_group="peer"),
                                                       rule(direction="ingress", remote_group="web")])),
                           client=client)
    plans = engine.plan_all_children(GROUP)
    plan = plans["rules"]
    assert sorted(r["remote_group_id"] for r in plan.adds) == ["g1", "g2"]
    assert sorted(r["id"] for r in plan.removes) == ["r1", "r2", "r3"]


def test_security_group_unknown_remote_group_fails_naming_it():
    client = Client({"/v1/security-groups": [GROUP]})
    outcome, result = run(SecurityGroup, sg_params(rules=[rule(direction="ingress", remote_group="nope")]), client)
    assert outcome == "failed"
    assert result["msg"] == "No security group has the name or id 'nope' (option rules.remote_group)."


@pytest.mark.parametrize("check_mode", [False, True])
def test_security_group_default_cannot_be_deleted_by_name_and_no_request_is_sent(check_mode):
    client = Client({"/v1/security-groups": [dict(GROUP, id="g0", name="default")]})
    outcome, result = run(SecurityGroup, sg_params(name="default", state="absent"), client, check_mode=check_mode)
    assert outcome == "failed" and "'default' cannot be deleted" in result["msg"] and "IEC.020311" in result["msg"]
    assert client.calls == []


def test_security_group_default_given_by_id_is_refused_before_the_delete():
    default = dict(GROUP, id="g0", name="default")
    client = Client(items={"/v1/security-groups/g0": {"security_group": default}})
    outcome, result = run(SecurityGroup, sg_params(id="g0", name=None, state="absent"), client)
    assert outcome == "failed" and "'default' cannot be deleted" in result["msg"]
    assert [c for c in client.calls if c[0] in ("POST", "PUT", "DELETE")] == []


def test_apply_rules_adds_before_removing_and_replaces_description_changes():
    current = [n.security_group_rule(r) for r in GROUP["security_group_rules"]]
    desired = [n.security_group_rule(dict(direction="ingress", protocol="tcp", port_range_min=22,
                                          remote_ip_prefix="203.0.113.7", description="office")),
               n.security_group_rule(dict(direction="ingress", protocol="icmp"))]
    plan = plan_children(desired, current, n.security_group_rule_key)
    client = Client()
    engine = type("E", (), {"client": client})()
    apply_rules(engine, GROUP, plan)
    kinds = [(c[0], c[1]) for c in client.calls]
    assert kinds == [("DELETE", "/v1/security-group-rules/r3"), ("POST", "/v1/security-group-rules"),
                     ("POST", "/v1/security-group-rules"), ("DELETE", "/v1/security-group-rules/r1"),
                     ("DELETE", "/v1/security-group-rules/r2")]
    replaced = client.calls[1][2]["security_group_rule"]
    assert replaced["description"] == "office" and replaced["security_group_id"] == "g1" and "id" not in replaced
    assert client.calls[2][2]["security_group_rule"]["protocol"] == "icmp"


def test_security_group_rule_is_found_by_its_normalised_tuple():
    client = Client({"/v1/security-groups": [GROUP], "/v1/security-group-rules": GROUP["security_group_rules"]})
    params = dict(id=None, security_group="web", direction="ingress", ethertype=None, protocol="tcp",
                  port_range_min=22, port_range_max=None, remote_ip_prefix="203.0.113.7", remote_group=None,
                  action=None, priority=None, description=None, state="absent")
    outcome, result = run(SecurityGroupRule, params, client)
    assert outcome == "ok" and result["changed"] and result["security_group_rule"]["id"] == "r3"
    assert client.calls[-1] == ("DELETE", "/v1/security-group-rules/r3")

    client = Client({"/v1/security-groups": [GROUP], "/v1/security-group-rules": GROUP["security_group_rules"]})
    params.update(port_range_min=23, state="present")
    outcome, result = run(SecurityGroupRule, params, client, check_mode=True)
    assert outcome == "ok" and result["changed"] and result["diff"]["before"] == {}
    assert result["security_group_rule"]["port_range_max"] == 23
    # The id a later task of a dry run uses for it (resource.planned)
    assert result["security_group_rule"]["id"] == "(known after apply: security group rule)"


class HeldGroupClient(Client):
    """A group IEC refuses with 409 a given number of times (still held by the ports of an instance going)."""

    def __init__(self, refusals, status=409, code=None, **kw):
        super(HeldGroupClient, self).__init__(**kw)
        self.refusals, self.status, self.code = refusals, status, code

    def delete(self, path, query=None):
        self.calls.append(("DELETE", path))
        if self.refusals:
            self.refusals -= 1
            raise IecApiError(status=self.status, error_code=self.code, error_msg="in use", method="DELETE", path=path)


sleeps = []


def run_sg_delete(client, **kw):
    module = FakeModule(sg_params(id="g1", name=None, state="absent", **kw))
    engine = SecurityGroup(module, client=client)
    engine._clock, engine._sleep, engine.poll_interval = (lambda: sum(sleeps)), sleeps.append, 5
    del sleeps[:]
    with pytest.raises((Exited, Failed)) as info:
        engine.run()
    return ("failed" if isinstance(info.value, Failed) else "ok"), info.value.result


def test_security_group_delete_is_sent_again_while_iec_answers_409():
    # Terraform's waitForSecurityGroupDelete (resource_huaweicloud_iec_security_group.go) does the same.
    client = HeldGroupClient(2, items={"/v1/security-groups/g1": {"security_group": GROUP}})
    outcome, result = run_sg_delete(client)
    assert outcome == "ok" and result["changed"]
    assert [c[0] for c in client.calls if c[0] == "DELETE"] == ["DELETE"] * 3 and sleeps == [5, 7.5]


def test_security_group_in_use_fails_at_once_and_409_ends_at_wait_timeout():
    client = HeldGroupClient(1, status=400, code="IEC.020202", items={"/v1/security-groups/g1": {"security_group": GROUP}})
    outcome, result = run_sg_delete(client)
    assert outcome == "failed" and result["error"]["error_code"] == "IEC.020202" and sleeps == []
    client = HeldGroupClient(1000, items={"/v1/security-groups/g1": {"security_group": GROUP}})
    outcome, result = run_sg_delete(client, wait_timeout=30)
    assert outcome == "failed" and result["error"]["status"] == 409 and sum(sleeps) == 30
