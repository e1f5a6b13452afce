"""port and port_info: address pairs, the fixed_ips filter, address checks, and the requests of a run."""

import copy

import pytest

from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import plan_children
from ansible_collections.huaweicloud.iec.plugins.module_utils.rules import address_pair, fixed_ips_filter, flatten, pair_address, pair_problem
from ansible_collections.huaweicloud.iec.plugins.modules.port import Port, apply_pairs, set_ipv6_bandwidth
from ansible_collections.huaweicloud.iec.plugins.modules.port_info import PortInfo
from iec_fakes import Exited, Failed, FakeModule


# As IEC answers (seed 4.8 examples): id = neutron_network_id, and distinct Neutron subnets for IPv4 and IPv6.
SUBNET = {"id": "sn-1", "name": "web", "cidr": "192.168.1.0/24", "gateway_ip": "192.168.1.1",
          "neutron_network_id": "sn-1", "neutron_subnet_id": "nsn-1", "neutron_subnet_id_v6": "nsn6-1",
          "ipv6_enable": True, "cidr_v6": "2407:c080:0:1::/64", "gateway_ip_v6": "2407:c080:0:1::1"}
GROUPS = [{"id": "sg-a", "name": "a"}, {"id": "sg-b", "name": "b"}]
BANDWIDTHS = [{"id": "bw-1", "name": "bandwidth-0001"}]


class Cloud:
    """Ports under /v1/ports, with the subnet, groups and bandwidth lists a port refers to."""

    def __init__(self, ports=()):
        self.ports = dict((p["id"], copy.deepcopy(p)) for p in ports)
        self.calls = []

    def list_all(self, path, items_key, query=None):
        self.calls.append(("LIST", path, query))
        if path == "/v1/ports":
            items = list(self.ports.values())
            if (query or {}).get("network_id"):
                items = [p for p in items if p["network_id"] == query["network_id"]]
            for f in (query or {}).get("fixed_ips") or []:
                field, value = f.split("=", 1)
                items = [p for p in items if p["fixed_ips"][0].get(field) == value]
            return copy.deepcopy(items)
        return copy.deepcopy({"/v1/subnets": [SUBNET], "/v1/security-groups": GROUPS,
                              "/v1/bandwidths": BANDWIDTHS}[path])

    def get(self, path, query=None):
        self.calls.append(("GET", path))
        from ansible_collections.huaweicloud.iec.plugins.module_utils.client import IecApiError
        ident = path.rsplit("/", 1)[-1]
        if ident not in self.ports:
            raise IecApiError(status=404, error_code="IEC.020607", error_msg="port is not found", method="GET",
                              path=path)
        return {"port": copy.deepcopy(self.ports[ident])}

    def post(self, path, body=None, query=None):
        self.calls.append(("POST", path, copy.deepcopy(body)))
        if path == "/v1/ports":
            port = dict(id="p-%d" % (len(self.ports) + 1), name="", status="DOWN", mac_address="fa:16:3e:00:00:01",
                        device_id="", security_groups=[], allowed_address_pairs=[], ipv6_bandwidth_id="",
                        site_id="site-1", **body["port"])
            self.ports[port["id"]] = port
            return {"port": copy.deepcopy(port)}
        ident = path.split("/")[3]
        self.ports[ident]["ipv6_bandwidth_id"] = (body or {}).get("bandwidth_id", "")
        return {}

    def put(self, path, body=None, query=None):
        self.calls.append(("PUT", path, copy.deepcopy(body)))
        port = self.ports[path.rsplit("/", 1)[-1]]
        for pair in body["port"].get("allowed_address_pairs") or []:
            pair.setdefault("mac_address", port["mac_address"])
        port.update(body["port"])
        return {"port": copy.deepcopy(port)}

    def delete(self, path, query=None):
        self.calls.append(("DELETE", path))
        del self.ports[path.rsplit("/", 1)[-1]]

    def mutating(self):
        return [c for c in self.calls if c[0] in ("POST", "PUT", "DELETE")]


def params(**kw):
    base = dict(id=None, subnet=None, ip_address=None, security_groups=None, allowed_address_pairs=None,
                purge_allowed_address_pairs=True, ipv6_bandwidth=None, state="present", wait=True, wait_timeout=60)
    base.update(kw)
    return base


def run(cloud, check_mode=False, **kw):
    with pytest.raises((Exited, Failed)) as info:
        Port(FakeModule(params(**kw), check_mode), client=cloud).run()
    return ("failed" if isinstance(info.value, Failed) else "ok"), info.value.result


def vip(ip="192.168.1.100", **kw):
    port = dict(id="p-9", name="", status="DOWN",
                fixed_ips=[{"subnet_id": "nsn6-1" if ":" in ip else "nsn-1", "ip_address": ip}],
                mac_address="fa:16:3e:00:00:09", network_id="sn-1", device_id="", device_owner="neutron:VIP_PORT",
                security_groups=None, allowed_address_pairs=[], site_id="site-1", ipv6_bandwidth_id="")
    port.update(kw)
    return port


# --- helpers ----------------------------------------------------------------------------------------

def test_pair_addresses_compare_in_one_spelling_and_keep_the_source_check_switch():
    assert pair_address("192.168.1.11/32") == pair_address("192.168.1.11") == "192.168.1.11"
    assert pair_address("2407:C080::0:5/128") == "2407:c080::5"
    assert pair_address("1.1.1.1/0") == "1.1.1.1/0"
    assert pair_address("10.0.0.7/24") == "10.0.0.7/24"
    assert address_pair({"ip_address": "10.0.0.1", "mac_address": "FA-16-3E-00-00-12"}) == \
        {"ip_address": "10.0.0.1", "mac_address": "fa:16:3e:00:00:12"}


def test_pairs_are_checked_with_their_place():
    assert pair_problem(2, {"ip_address": "10.0.0.300"}) == \
        "allowed_address_pairs[2]: ip_address '10.0.0.300' is neither an IP address nor a CIDR."
    assert pair_problem(0, {"ip_address": "0.0.0.0/0"}).startswith(
        "allowed_address_pairs[0]: ip_address 0.0.0.0/0 is not allowed (IEC.020608)")
    assert pair_problem(0, {"ip_address": "1.1.1.1/0", "mac_address": None}) is None
    assert pair_problem(0, {"ip_address": "1.1.1.1", "mac_address": "fa:16:3e"}).endswith(
        "is not a MAC address such as fa:16:3e:2d:3f:61.")


def test_flatten_and_the_fixed_ips_filter():
    # The port's subnet is its network_id (the IEC subnet id), not fixed_ips[].subnet_id (the Neutron subnet).
    port = flatten({"network_id": "sn-1", "fixed_ips": [{"subnet_id": "nsn-1", "ip_address": "10.0.0.5"}]})
    assert port["subnet_id"] == "sn-1" and port["ip_address"] == "10.0.0.5"
    assert flatten(None) is None
    assert fixed_ips_filter("2407:C080::0005") == ["ip_address=2407:c080::5"]
    assert fixed_ips_filter(None) is None


def test_pairs_left_alone_keep_their_mac_address_in_the_whole_list_sent():
    current = [{"ip_address": "10.0.0.1", "mac_address": "fa:16:3e:00:00:09"}]
    plan = plan_children([{"ip_address": "10.0.0.2", "mac_address": None}], current, key=lambda p: p["ip_address"],
                         normalize=address_pair, purge=False)

    class Engine:
        class client:
            calls = []

            @classmethod
            def put(cls, path, body=None):
                cls.calls.append((path, body))

    apply_pairs(Engine, {"id": "p-1"}, plan)
    assert Engine.client.calls == [("/v1/ports/p-1", {"port": {"allowed_address_pairs": [
        {"ip_address": "10.0.0.2"}, {"ip_address": "10.0.0.1", "mac_address": "fa:16:3e:00:00:09"}]}})]


def test_another_bandwidth_is_detached_then_attached_and_empty_only_detaches():
    class Engine:
        class client:
            calls = []

            @classmethod
            def post(cls, path, body=None):
                cls.calls.append((path, body))

    set_ipv6_bandwidth(Engine, {"id": "p-1", "ipv6_bandwidth_id": "bw-0"}, "bw-1")
    set_ipv6_bandwidth(Engine, {"id": "p-1", "ipv6_bandwidth_id": "bw-1"}, "")
    assert Engine.client.calls == [("/v1/vports/p-1/bandwidth/detach", None),
                                   ("/v1/vports/p-1/bandwidth/attach", {"bandwidth_id": "bw-1"}),
                                   ("/v1/vports/p-1/bandwidth/detach", None)]


# --- runs -------------------------------------------------------------------------------------------

def test_create_sends_a_vip_then_the_groups_the_bandwidth_and_the_pairs():
    cloud = Cloud()
    outcome, result = run(cloud, subnet="web", ip_address="2407:C080:0:1::100", security_groups=["b", "sg-a"],
                          ipv6_bandwidth="bandwidth-0001", allowed_address_pairs=[{"ip_address": "2407:c080:0:1::7"}])
    assert outcome == "ok" and result["changed"]
    assert cloud.mutating() == [
        ("POST", "/v1/ports", {"port": {"device_owner": "neutron:VIP_PORT", "network_id": "sn-1",
                                        "fixed_ips": [{"subnet_id": "nsn6-1", "ip_address": "2407:c080:0:1::100"}]}}),
        ("PUT", "/v1/ports/p-1", {"port": {"security_groups": ["sg-b", "sg-a"]}}),
        ("POST", "/v1/vports/p-1/bandwidth/attach", {"bandwidth_id": "bw-1"}),
        ("PUT", "/v1/ports/p-1", {"port": {"allowed_address_pairs": [{"ip_address": "2407:c080:0:1::7"}]}}),
    ]
    port = result["port"]
    assert port["subnet_id"] == "sn-1" and port["ip_address"] == "2407:c080:0:1::100"
    assert port["security_groups"] == ["sg-a", "sg-b"] and port["ipv6_bandwidth_id"] == "bw-1"

    outcome, result = run(cloud, subnet="sn-1", ip_address="2407:c080:0:1::100", security_groups=["a", "b"],
                          ipv6_bandwidth="bw-1", allowed_address_pairs=[{"ip_address": "2407:c080:0:1::7/128"}])
    assert outcome == "ok" and not result["changed"] and len(cloud.mutating()) == 4


def test_an_ipv4_vip_names_the_neutron_subnet_and_a_second_run_finds_it():
    # Issue 11, defect 1: IEC's fixed_ips[].subnet_id is the subnet's neutron_subnet_id; the port's network_id is
    # the IEC subnet id. Sending or filtering by the IEC id in fixed_ips made the second run create again.
    cloud = Cloud()
    outcome, result = run(cloud, subnet="web", ip_address="192.168.1.100")
    assert outcome == "ok" and result["changed"]
    assert cloud.mutating() == [("POST", "/v1/ports", {"port": {
        "device_owner": "neutron:VIP_PORT", "network_id": "sn-1",
        "fixed_ips": [{"subnet_id": "nsn-1", "ip_address": "192.168.1.100"}]}})]
    assert result["port"]["subnet_id"] == "sn-1" and result["port"]["network_id"] == "sn-1"
    assert result["port"]["fixed_ips"] == [{"subnet_id": "nsn-1", "ip_address": "192.168.1.100"}]
    outcome, result = run(cloud, subnet="web", ip_address="192.168.1.100")
    assert outcome == "ok" and not result["changed"] and len(cloud.mutating()) == 1
    assert ("LIST", "/v1/ports", {"network_id": "sn-1", "fixed_ips": ["ip_address=192.168.1.100"]}) in cloud.calls


def test_create_in_check_mode_sends_nothing_and_shows_the_port():
    cloud = Cloud()
    outcome, result = run(cloud, check_mode=True, subnet="web", ip_address="192.168.1.100", security_groups=["a"],
                          allowed_address_pairs=[{"ip_address": "192.168.1.11"}])
    assert outcome == "ok" and result["changed"] and cloud.mutating() == []
    assert result["port"]["ip_address"] == "192.168.1.100" and result["port"]["security_groups"] == ["sg-a"]
    assert result["port"]["allowed_address_pairs"] == [{"ip_address": "192.168.1.11", "mac_address": None}]


@pytest.mark.parametrize("address, message", [
    ("192.168.2.5", "ip_address 192.168.2.5 is outside subnet 'web', 192.168.1.0/24 (IEC.020618)."),
    ("192.168.1.255", "ip_address 192.168.1.255 is the network, broadcast or gateway address of subnet 'web' "
                      "(IEC.020618)."),
    ("2407:c080:0:1::1", "ip_address 2407:c080:0:1::1 is the network, broadcast or gateway address of subnet "
                         "'web' (IEC.020618)."),
    ("2407:c080:0:2::5", "ip_address 2407:c080:0:2::5 is outside subnet 'web', 2407:c080:0:1::/64 (IEC.020618)."),
])
def test_an_address_the_subnet_cannot_give_fails_before_any_change(address, message):
    cloud = Cloud()
    outcome, result = run(cloud, subnet="web", ip_address=address)
    assert outcome == "failed" and result["msg"] == message and cloud.mutating() == []


def test_an_ipv6_address_in_a_subnet_without_ipv6_is_refused():
    cloud = Cloud()
    saved = dict(SUBNET)
    SUBNET.update(ipv6_enable=False, cidr_v6="")
    try:
        outcome, result = run(cloud, subnet="web", ip_address="2407:c080:0:1::5")
    finally:
        SUBNET.clear()
        SUBNET.update(saved)
    assert outcome == "failed" and "has no IPv6 range" in result["msg"] and cloud.mutating() == []


@pytest.mark.parametrize("kw, message", [
    (dict(subnet="web"), "Give subnet and ip_address (the port's fixed IP) together to find the port, or its id."),
    (dict(ip_address="10.0.0.1"), "Give subnet and ip_address (the port's fixed IP) together to find the port, "
                                  "or its id."),
    (dict(subnet="web", ip_address="300.1.1.1"), "ip_address '300.1.1.1' is not an IP address."),
    (dict(subnet="web", ip_address="192.168.1.9", ipv6_bandwidth="bw-1"),
     "ipv6_bandwidth needs an IPv6 port, and 192.168.1.9 is IPv4 (IEC.020613); IPv4 addresses reach the internet "
     "through a public IP (huaweicloud.iec.public_ip)."),
])
def test_invalid_options_fail_before_any_request(kw, message):
    cloud = Cloud()
    outcome, result = run(cloud, **kw)
    assert outcome == "failed" and result["msg"] == message and cloud.calls == []


def test_bandwidth_on_an_ipv4_port_found_by_id_fails_without_a_change():
    cloud = Cloud([vip()])
    outcome, result = run(cloud, id="p-9", ipv6_bandwidth="bw-1")
    assert outcome == "failed" and result["msg"].startswith("ipv6_bandwidth needs an IPv6 port, and port 192.168.1.100")
    assert cloud.mutating() == []


def test_null_security_groups_equal_an_empty_list_and_the_fixed_ip_cannot_move():
    cloud = Cloud([vip()])
    outcome, result = run(cloud, id="p-9", security_groups=[])
    assert outcome == "ok" and not result["changed"] and result["port"]["security_groups"] == []
    outcome, result = run(cloud, id="p-9", ip_address="192.168.1.101")
    assert outcome == "failed" and result["msg"].startswith("Cannot change ip_address of port 192.168.1.100")


def test_delete_detaches_the_bandwidth_first():
    cloud = Cloud([vip("2407:c080:0:1::100", ipv6_bandwidth_id="bw-1")])
    outcome, result = run(cloud, subnet="web", ip_address="2407:c080:0:1::100", state="absent")
    assert outcome == "ok" and result["changed"]
    assert cloud.mutating() == [("POST", "/v1/vports/p-9/bandwidth/detach", None), ("DELETE", "/v1/ports/p-9")]


def test_info_sends_the_fixed_ips_filter_and_returns_flat_ports():
    cloud = Cloud([vip(), vip("192.168.1.101", id="p-8")])
    module = FakeModule(dict(id=None, subnet="web", ip_address="192.168.1.101", device_id=None, device_owner=None,
                             security_group=None, mac_address=None))
    with pytest.raises(Exited) as info:
        PortInfo(module, client=cloud).run()
    assert ("LIST", "/v1/ports", {"network_id": "sn-1", "fixed_ips": ["ip_address=192.168.1.101"]}) in cloud.calls
    assert [(p["id"], p["subnet_id"], p["security_groups"]) for p in info.value.result["ports"]] == \
        [("p-8", "sn-1", [])]

    module = FakeModule(dict(id=None, subnet="nowhere", ip_address=None, device_id=None, device_owner=None,
                             security_group=None, mac_address=None))
    with pytest.raises(Exited) as info:
        PortInfo(module, client=cloud).run()
    assert info.value.result["ports"] == []
