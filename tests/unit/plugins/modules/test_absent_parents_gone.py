"""state: absent when the resources a task refers to are already gone (issue 13, point 3).

A teardown that stopped half way, or that runs twice, meets children whose parents are gone: a subnet whose
VPC was deleted, a rule whose security group was, a port whose subnet was. Absent must hold then, with no
request that changes anything, for every resource module with references.
"""

import copy

import pytest

from ansible_collections.huaweicloud.iec.plugins.modules.bandwidth import Bandwidth
from ansible_collections.huaweicloud.iec.plugins.modules.deployment import Deployment
from ansible_collections.huaweicloud.iec.plugins.modules.image import Image
from ansible_collections.huaweicloud.iec.plugins.modules.instance import InstanceSet
from ansible_collections.huaweicloud.iec.plugins.modules.network_acl import NetworkAcl
from ansible_collections.huaweicloud.iec.plugins.modules.port import Port
from ansible_collections.huaweicloud.iec.plugins.modules.public_ip import PublicIp
from ansible_collections.huaweicloud.iec.plugins.modules.route_table import RouteTable
from ansible_collections.huaweicloud.iec.plugins.modules.security_group_rule import SecurityGroupRule
from ansible_collections.huaweicloud.iec.plugins.modules.subnet import Subnet
from iec_fakes import Exited, Failed, FakeModule, Params


class EmptyCloud:
    """An account where the edge was torn down: sites remain, every VPC, subnet, group and instance is gone."""

    quote = staticmethod(str)

    def __init__(self):
        self.calls = []

    def list_all(self, path, items_key, query=None):
        self.calls.append(("LIST", path))
        if path == "/v1/sites":
            return [{"id": "site-sh", "name": "shanghai"}]
        return []

    def get(self, path, query=None):
        self.calls.append(("GET", path))
        return copy.deepcopy({"vpcs": [], "subnets": [], "servers": [], "bandwidths": []})

    def request(self, method, path, **kwargs):
        self.calls.append((method, path))
        return {}

    def post(self, path, body=None, query=None):
        self.calls.append(("POST", path))
        return {}

    def put(self, path, body=None, query=None):
        self.calls.append(("PUT", path))
        return {}

    def delete(self, path, query=None):
        self.calls.append(("DELETE", path))


CASES = [
    ("subnet, VPC gone", Subnet, dict(name="edge-vpc-shanghai", vpc="edge-vpc", site="shanghai"), "VPC"),
    ("port, subnet gone", Port, dict(subnet="edge-vpc-shanghai", ip_address="192.168.1.20"), "subnet"),
    ("route table, VPC gone", RouteTable, dict(name="edge-routes", vpc="edge-vpc", subnets=["edge-vpc-shanghai"]),
     "VPC"),
    ("security group rule, group gone", SecurityGroupRule,
     dict(security_group="edge-sg", direction="ingress", protocol="tcp", port_range_min=22, port_range_max=22,
          remote_group="edge-sg-peer"), "security group"),
    ("bandwidth, site unknown", Bandwidth, dict(name="edge-bw", site="atlantis"), "site"),
    ("public IP, bandwidth gone", PublicIp, dict(site="shanghai", port="port-gone", bandwidth="edge-bw"), None),
    ("network ACL, subnets gone", NetworkAcl, dict(name="edge-acl", subnets=["edge-vpc-shanghai"]), None),
    ("image, instance gone", Image, dict(name="edge-image", instance="edge-shanghai-0001"), None),
    ("deployment, edge cloud gone", Deployment, dict(name="edge-plan", edgecloud="edge"), None),
    ("instance, VPC and subnet gone", InstanceSet,
     dict(name="edge-shanghai", site="shanghai", vpc="edge-vpc", subnets=["edge-vpc-shanghai"],
          security_groups=["edge-sg"], id=None, count=None, wait=True, wait_timeout=60, with_prefix=False), None),
    ("instance, site unknown", InstanceSet, dict(name="edge-atlantis", site="atlantis", id=None, count=0, wait=True,
                                                 wait_timeout=60), "site"),
]


@pytest.mark.parametrize("cls,params,parent", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_absent_holds_when_what_it_refers_to_is_gone(cls, params, parent):
    client = EmptyCloud()
    module = FakeModule(Params(dict(params, state="absent")))
    with pytest.raises((Exited, Failed)) as info:
        cls(module, client=client).run()
    assert isinstance(info.value, Exited), info.value.result.get("msg")
    assert info.value.result["changed"] is False
    assert [c for c in client.calls if c[0] not in ("LIST", "GET")] == []
    if parent:
        assert "No %s has the name or id" % parent in info.value.result["msg"]
        assert "nothing to delete" in info.value.result["msg"]


def test_present_still_fails_on_a_gone_parent():
    client = EmptyCloud()
    module = FakeModule(Params(dict(name="edge-vpc-shanghai", vpc="edge-vpc", site="shanghai", cidr="192.168.1.0/24",
                                    state="present", wait=True, wait_timeout=60)))
    with pytest.raises((Exited, Failed)) as info:
        Subnet(module, client=client).run()
    assert isinstance(info.value, Failed)
    assert info.value.result["msg"] == "No VPC has the name or id 'edge-vpc' (option vpc)."
    assert [c for c in client.calls if c[0] not in ("LIST", "GET")] == []


def test_unknown_site_suggests_the_closest_names_and_lists_a_few():
    client = EmptyCloud()
    client.list_all = lambda path, key, query=None: (
        [{"id": "s%d" % i, "name": n} for i, n in enumerate(["wuhan", "shanghai", "guangzhou", "beijing", "xian", "chengdu"])]
        if path == "/v1/sites" else [{"id": "vpc-1", "name": "edge-vpc"}])
    module = FakeModule(Params(dict(name="edge-vpc-wuhna", vpc="edge-vpc", site="wuhna", cidr="192.168.1.0/24",
                                    state="present", wait=True, wait_timeout=60)))
    with pytest.raises((Exited, Failed)) as info:
        Subnet(module, client=client).run()
    assert info.value.result["msg"] == (
        "No site has the name or id 'wuhna' (option site). Did you mean 'wuhan'? Sites are for example 'beijing', "
        "'chengdu', 'guangzhou', 'shanghai', 'wuhan' (huaweicloud.iec.site_info lists them).")
