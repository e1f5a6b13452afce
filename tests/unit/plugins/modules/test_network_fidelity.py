"""Network modules against IEC as the sources describe it (issue 11): asynchronous subnet deletion and the VPC
refusal it causes (defect 6), the id-and-status answer of PUT /v1/firewalls/{id} (defect 5), and instance NICs
keyed on the IEC subnet id, the port's network_id (defect 1). See docs/dev/fidelity/network.md."""

from iec_fakes import FakeClient, FakeClock, api_error, run_module

from ansible_collections.huaweicloud.iec.plugins.modules.network_acl import NetworkAcl
from ansible_collections.huaweicloud.iec.plugins.modules.subnet import Subnet
from ansible_collections.huaweicloud.iec.plugins.modules.vpc import Vpc


class AsyncSubnets(FakeClient):
    """A CUSTOMER VPC whose subnets stay visible for `reads` GETs after their DELETE (Terraform's iec_vpc_subnet
    waits for the 404), and which refuses its own DELETE with IEC.020113 while a subnet is there and `lag`
    more times after (Terraform's iec_vpc sleeps before its DELETE)."""

    def __init__(self, subnets=("a", "b"), reads=2, lag=1, stuck=()):
        self.subnets = dict(("s-" + n, {"id": "s-" + n, "name": n, "vpc_id": "v1", "status": "ACTIVE"})
                            for n in subnets)
        self.deleting = {}
        self.reads, self.lag, self.stuck = reads, lag, set(stuck)
        self.vpc = {"id": "v1", "name": "edge", "cidr": "192.168.0.0/16", "mode": "CUSTOMER",
                    "subnet_num": len(self.subnets)}
        super().__init__({
            "GET /v1/vpcs": lambda q, b, g: {"vpcs": [dict(self.vpc)] if self.vpc else []},
            "GET /v1/subnets": lambda q, b, g: {"subnets": list(self.subnets.values())},
            "GET /v1/subnets/{id}": self.show_subnet,
            "DELETE /v1/subnets/{id}": self.delete_subnet,
            "DELETE /v1/vpcs/{id}": self.delete_vpc,
        })

    def show_subnet(self, query, body, groups):
        ident = groups[0]
        if ident not in self.subnets:
            raise api_error(404, "IEC.020003")
        if ident in self.deleting and ident not in self.stuck:
            self.deleting[ident] -= 1
            if self.deleting[ident] < 0:
                del self.subnets[ident]
                raise api_error(404, "IEC.020003")
        return {"subnet": dict(self.subnets[ident])}

    def delete_subnet(self, query, body, groups):
        self.deleting.setdefault(groups[0], self.reads)

    def delete_vpc(self, query, body, groups):
        if self.subnets or self.lag > 0:
            self.lag -= 0 if self.subnets else 1
            raise api_error(409, "IEC.020113", "DELETE", "/v1/vpcs/v1", msg="vpc contains subnets")
        self.vpc = None


def vpc_params(**kw):
    params = dict(id=None, name="edge", cidr=None, mode=None, force=False, wait_timeout=600, state="absent")
    params.update(kw)
    return params


def test_vpc_force_waits_for_its_subnets_to_go_and_retries_the_refused_delete():
    # Before the fix the VPC DELETE followed the subnet DELETEs at once and failed with IEC.020113.
    cloud, clock = AsyncSubnets(), FakeClock()
    outcome, result, _module = run_module(Vpc, cloud, vpc_params(force=True), clock=clock)
    assert outcome == "ok" and result["changed"], result.get("msg")
    assert cloud.vpc is None and cloud.subnets == {}
    assert [c[:2] for c in cloud.mutating()] == [("DELETE", "/v1/subnets/s-a"), ("DELETE", "/v1/subnets/s-b"),
                                                 ("DELETE", "/v1/vpcs/v1"), ("DELETE", "/v1/vpcs/v1")]
    assert clock.sleeps and clock.t < 60


def test_vpc_force_gives_up_after_wait_timeout_naming_the_subnets_still_there():
    cloud, clock = AsyncSubnets(stuck=("s-b",)), FakeClock()
    outcome, result, _module = run_module(Vpc, cloud, vpc_params(force=True, wait_timeout=20), clock=clock)
    assert outcome == "failed"
    assert result["msg"] == ("Timed out after 20 seconds waiting for the subnets of VPC 'edge' to be deleted: 'b' "
                             "are still there. Raise wait_timeout.")
    assert ("DELETE", "/v1/vpcs/v1", None) not in cloud.calls and clock.t <= 20


def test_vpc_without_force_reports_the_refusal_at_once_when_a_subnet_is_still_listed():
    cloud, clock = AsyncSubnets(subnets=("a",)), FakeClock()
    outcome, result, _module = run_module(Vpc, cloud, vpc_params(), clock=clock)
    assert outcome == "failed" and result["error"]["error_code"] == "IEC.020113"
    assert result["msg"].startswith("Could not delete VPC 'edge': IEC refused DELETE /v1/vpcs/v1: 409 IEC.020113")
    assert result["msg"].endswith("Delete its subnets first, or set force: true to delete them with it.")
    assert clock.sleeps == [] and [c[:2] for c in cloud.mutating()] == [("DELETE", "/v1/vpcs/v1")]


def test_vpc_without_force_retries_while_iec_lags_behind_subnets_already_gone():
    # The edge_network teardown deletes the subnets (each task waits for its 404), then the VPC.
    cloud, clock = AsyncSubnets(subnets=(), lag=2), FakeClock()
    outcome, result, _module = run_module(Vpc, cloud, vpc_params(), clock=clock)
    assert outcome == "ok" and result["changed"] and cloud.vpc is None
    assert len(cloud.mutating()) == 3 and len(clock.sleeps) == 2


def test_subnet_absent_waits_until_iec_answers_404():
    cloud, clock = AsyncSubnets(subnets=("web",), reads=3), FakeClock()
    cloud.routes["GET /v1/sites"] = {"sites": [{"id": "sh", "name": "sh"}]}
    cloud.subnets["s-web"]["site_id"] = "sh"
    params = dict(id=None, name="web", vpc="edge", site="sh", cidr=None, gateway_ip=None, dhcp_enable=None,
                  primary_dns=None, secondary_dns=None, dns_list=None, ipv6_enable=None, pool_id=None, wait=True,
                  wait_timeout=60, state="absent")
    outcome, result, _module = run_module(Subnet, cloud, params, clock=clock)
    assert outcome == "ok" and result["changed"], result.get("msg")
    assert cloud.subnets == {} and len(clock.sleeps) == 3


# --- network ACL: PUT /v1/firewalls/{id} answers {id, status} only ---------------------------------

class Acls(FakeClient):
    def __init__(self):
        self.fw = {"id": "fw-1", "name": "acl", "description": "", "admin_state_up": True, "status": "INACTIVE",
                   "ingress_firewall_policy": {"id": "in-1", "name": "in", "firewall_rules": []},
                   "egress_firewall_policy": {"id": "out-1", "name": "out", "firewall_rules": []}}
        super().__init__({
            "GET /v1/firewalls": lambda q, b, g: {"firewalls": [dict(self.fw)]},
            "GET /v1/firewalls/{id}": lambda q, b, g: {"firewall": dict(self.fw)},
            "PUT /v1/firewalls/{id}": self.update,
            "PUT /v1/firewalls/{id}/firewall-rules": self.rules,
        })

    def update(self, query, body, groups):
        self.fw.update(body["firewall"])
        # Seed 4.11.4, SDK UpdateFirewallResp, golangsdk UpdateFirewallResp.
        return {"firewall": {"id": self.fw["id"], "status": self.fw["status"]}}

    def rules(self, query, body, groups):
        policy = body["firewall"]["ingress_firewall_policy"]
        assert policy["id"] == "in-1", "rule update sent for policy %r" % policy["id"]
        for rule in policy["firewall_rules"]:
            self.fw["ingress_firewall_policy"]["firewall_rules"].append(dict(rule, id="r-1", operate_type="normal"))
        return {"firewall": {"id": "fw-1", "status": "INACTIVE", "ingress_firewall_policy": {"id": "in-1"}}}


def test_network_acl_reads_back_after_an_update_answered_with_id_and_status_only():
    # Before the fix the engine took {id, status} for the ACL: the rule update went to policy None and the
    # result lost the name.
    cloud = Acls()
    params = dict(id="fw-1", name="acl-2", description=None, admin_state_up=None, subnets=None,
                  inbound_rules=[{"action": "allow", "protocol": "tcp", "ip_version": 4, "destination_port": "443",
                                  "source_ip_address": None, "source_port": None, "destination_ip_address": None,
                                  "enabled": True, "name": None, "description": None}],
                  outbound_rules=None, purge_rules=True, state="present")
    outcome, result, _module = run_module(NetworkAcl, cloud, params)
    assert outcome == "ok" and result["changed"], result.get("msg")
    assert result["network_acl"]["name"] == "acl-2"
    assert result["network_acl"]["ingress_policy_id"] == "in-1"
    assert [r["id"] for r in result["network_acl"]["inbound_rules"]] == ["r-1"]


# --- instance NICs: keyed on the port's network_id, the IEC subnet id -------------------------------

def test_an_unchanged_instance_with_subnets_plans_no_nic_change():
    from test_instance import CREATE, Cloud, run

    cloud = Cloud(polls=0)
    run(cloud, name="web", **CREATE)
    cloud.calls = []
    outcome, result, _clock = run(cloud, name="web", **CREATE)
    assert outcome == "ok" and not result["changed"], result.get("msg")
    assert [c for c in cloud.calls if c[0] in ("POST", "PUT", "DELETE")] == []


# --- public IPs: release is asynchronous --------------------------------------------------------------

def test_public_ip_absent_waits_until_the_released_ip_is_gone():
    # Terraform's iec_eip waits after its DELETE until GET no longer finds the public IP; before the fix the
    # module returned at once, and a bandwidth deleted next still carried the IP.
    from ansible_collections.huaweicloud.iec.plugins.modules.public_ip import PublicIp

    state = {"reads_left": None}
    eip = {"id": "ip-1", "status": "DOWN", "public_ip_address": "122.112.0.9", "port_id": None, "site_id": "sh"}

    def show(query, body, groups):
        if state["reads_left"] is not None:
            state["reads_left"] -= 1
            if state["reads_left"] < 0:
                raise api_error(404, "IEC.020706")
        return {"publicip": dict(eip)}

    def delete(query, body, groups):
        if state["reads_left"] is None:
            state["reads_left"] = 2

    cloud, clock = FakeClient({"GET /v1/publicips/{id}": show, "DELETE /v1/publicips/{id}": delete}), FakeClock()
    params = dict(id="ip-1", public_ip_address=None, port=None, site=None, line=None, ip_version=None, bandwidth=None,
                  bandwidth_type=None, state="absent", wait=True, wait_timeout=60)
    outcome, result, _module = run_module(PublicIp, cloud, params, clock=clock)
    assert outcome == "ok" and result["changed"], result.get("msg")
    assert state["reads_left"] < 0 and len(clock.sleeps) == 2
