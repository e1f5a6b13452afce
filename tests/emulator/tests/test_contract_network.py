"""Contract tests: the official SDK (huaweicloudsdkiec) drives the emulator for every operation of the
network and identity families, and each answer deserialises with the fields the seed documents."""
import pytest
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException, ServerResponseException
from huaweicloudsdkiec.v1 import model as m

covers = pytest.mark.covers


def has(obj, *names):
    missing = [n for n in names if getattr(obj, n, None) is None]
    assert not missing, "%s lacks %s" % (type(obj).__name__, missing)
    return obj


@pytest.fixture(scope="module")
def c(sdk_client):
    return sdk_client


@pytest.fixture(scope="module")
def site(c):
    r = c.list_sites(m.ListSitesRequest(limit=1000))
    assert r.count == 12 and len(r.sites) == 12
    return r.sites[0]


@covers("list_sites")
def test_sites(c):
    r = c.list_sites(m.ListSitesRequest(limit=5, offset=2))
    assert r.count == 12 and len(r.sites) == 5
    s = has(r.sites[0], "id", "name", "area", "i18n_area", "province", "city", "country", "status", "pools",
            "city_short_name")
    has(s.pools[0], "id", "site_id", "pool_id", "ip_version", "operator")
    assert s.pools[0].operator.name in ("chinamobile", "chinaunicom", "chinatelecom")
    east = c.list_sites(m.ListSitesRequest(area="EAST,华南地区"))
    assert east.count > 0 and all(x.area in ("east", "south") for x in east.sites)


@covers("create_keypair", "list_keypairs", "show_keypair", "delete_keypair")
def test_keypairs(c):
    made = c.create_keypair(m.CreateKeypairRequest(body=m.CreateKeypairRequestBody(name="kp-gen")))
    has(made, "name", "public_key", "private_key", "fingerprint", "user_id")
    assert made.private_key.startswith("-----BEGIN RSA PRIVATE KEY-----")
    assert made.fingerprint.startswith("SHA256:")
    imported = c.create_keypair(m.CreateKeypairRequest(body=m.CreateKeypairRequestBody(
        name="kp-imp", public_key=made.public_key)))
    assert imported.private_key is None and imported.fingerprint == made.fingerprint
    shown = c.show_keypair(m.ShowKeypairRequest(keypair_name="kp-gen"))
    assert shown.private_key is None if hasattr(shown, "private_key") else True
    has(shown, "name", "public_key", "fingerprint", "user_id")
    listed = c.list_keypairs(m.ListKeypairsRequest(limit=10))
    assert sorted(k.name for k in listed.body) == ["kp-gen", "kp-imp"]
    c.delete_keypair(m.DeleteKeypairRequest(keypair_name="kp-imp"))
    with pytest.raises(ClientRequestException) as ei:
        c.show_keypair(m.ShowKeypairRequest(keypair_name="kp-imp"))
    assert ei.value.status_code == 404 and ei.value.error_code == "IEC.010220"
    c.delete_keypair(m.DeleteKeypairRequest(keypair_name="kp-gen"))


@pytest.fixture(scope="module")
def net(c, site):
    """A CUSTOMER VPC with one subnet at the first site."""
    vpc = c.create_vpc(m.CreateVpcRequest(body=m.CreateVpcRequestBody(
        vpc=m.CreateVpcOption(name="vpc-contract", cidr="192.168.0.0/16", mode="CUSTOMER")))).vpc
    sub = c.create_subnet(m.CreateSubnetRequest(body=m.CreateSubnetRequestBody(subnet=m.CreateSubnetOption(
        name="sub-contract", cidr="192.168.1.0/24", gateway_ip="192.168.1.1", vpc_id=vpc.id, site_id=site.id,
        dns_list=["114.114.114.114"], primary_dns="114.114.114.114")))).subnet
    return {"vpc": vpc, "subnet": sub, "site": site}


@covers("create_vpc", "list_vpcs", "show_vpc", "update_vpc", "delete_vpc")
def test_vpcs(c):
    vpc = c.create_vpc(m.CreateVpcRequest(body=m.CreateVpcRequestBody(
        vpc=m.CreateVpcOption(name="vpc-a", cidr="10.0.0.0/16", mode="SYSTEM")))).vpc
    has(vpc, "id", "name", "cidr", "mode", "subnet_num")
    assert (vpc.mode, vpc.subnet_num) == ("SYSTEM", 0)
    got = c.show_vpc(m.ShowVpcRequest(vpc_id=vpc.id)).vpc
    assert got.name == "vpc-a"
    upd = c.update_vpc(m.UpdateVpcRequest(vpc_id=vpc.id, body=m.UpdateVpcRequestBody(
        vpc=m.UpdateVpcOption(name="vpc-b", cidr="10.1.0.0/16")))).vpc
    assert (upd.name, upd.cidr) == ("vpc-b", "10.1.0.0/16")
    lst = c.list_vpcs(m.ListVpcsRequest(name="vpc-b"))
    assert lst.count == 1 and lst.vpcs[0].id == vpc.id
    c.delete_vpc(m.DeleteVpcRequest(vpc_id=vpc.id))
    with pytest.raises(ClientRequestException) as ei:
        c.show_vpc(m.ShowVpcRequest(vpc_id=vpc.id))
    assert (ei.value.status_code, ei.value.error_code) == (404, "IEC.020104")


@covers("create_subnet", "list_subnets", "show_subnet", "update_subnet", "delete_subnet", "list_related_routetables")
def test_subnets(c, net):
    sub = net["subnet"]
    has(sub, "id", "name", "cidr", "gateway_ip", "dhcp_enable", "status", "vpc_id", "site_id", "site_info",
        "neutron_network_id", "neutron_subnet_id", "dns_list")
    assert sub.status == "UNKNOWN"
    shown = c.show_subnet(m.ShowSubnetRequest(subnet_id=sub.id)).subnet
    assert shown.status == "ACTIVE"  # --async-seconds 0: final at the next request
    lst = c.list_subnets(m.ListSubnetsRequest(vpc_id=net["vpc"].id))
    assert lst.count == 1 and lst.subnets[0].id == sub.id
    v6pool = next((p for p in net["site"].pools if p.ip_version == "6"), None)
    assert v6pool is not None
    upd = c.update_subnet(m.UpdateSubnetRequest(subnet_id=sub.id, body=m.UpdateSubnetRequestBody(
        subnet=m.UpdateSubnetOption(name="sub-renamed", ipv6_enable=True, pool_id=v6pool.pool_id)))).subnet
    has(upd, "id", "status", "ipv6_enable", "neutron_subnet_id_v6")
    assert upd.ipv6_enable is True
    rt = c.list_related_routetables(m.ListRelatedRoutetablesRequest(subnet_id=sub.id)).routetable
    has(rt, "id", "name", "vpc_id", "subnets", "default")
    assert rt.default is True and [s.id for s in rt.subnets] == [sub.id]
    extra = c.create_subnet(m.CreateSubnetRequest(body=m.CreateSubnetRequestBody(subnet=m.CreateSubnetOption(
        name="sub-extra", cidr="192.168.200.0/28", gateway_ip="192.168.200.1", vpc_id=net["vpc"].id,
        site_id=net["site"].id)))).subnet
    c.delete_subnet(m.DeleteSubnetRequest(subnet_id=extra.id))
    with pytest.raises(ClientRequestException) as ei:
        c.show_subnet(m.ShowSubnetRequest(subnet_id=extra.id))
    assert ei.value.error_code == "IEC.020003"


@covers("create_port", "list_ports", "show_port", "update_port", "delete_port",
        "attach_vip_bandwidth", "detach_vip_bandwidth")
def test_ports(c, net):
    sub = net["subnet"]
    port = c.create_port(m.CreatePortRequest(body=m.CreatePortRequestBody(port=m.CreatePortOption(
        device_owner="neutron:VIP_PORT", network_id=sub.neutron_network_id,
        fixed_ips=[m.FixedIp(subnet_id=sub.neutron_subnet_id, ip_address="192.168.1.10")])))).port
    has(port, "id", "status", "admin_state_up", "fixed_ips", "mac_address", "network_id", "device_owner", "site_id")
    assert port.fixed_ips[0].ip_address == "192.168.1.10" and port.status == "BUILD"
    assert c.show_port(m.ShowPortRequest(port_id=port.id)).port.status == "DOWN"  # --async-seconds 0
    # Seed 4.8/4.9 examples, Terraform's iec_vip: network_id is the IEC subnet id (= neutron_network_id),
    # fixed_ips[].subnet_id the subnet's neutron_subnet_id.
    assert sub.id == sub.neutron_network_id != sub.neutron_subnet_id
    assert port.network_id == sub.id and port.fixed_ips[0].subnet_id == sub.neutron_subnet_id
    sg = c.create_security_group(m.CreateSecurityGroupRequest(body=m.CreateSecurityGroupRequestBody(
        security_group=m.CreateSecurityGroupOption(name="sg-port")))).security_group
    upd = c.update_port(m.UpdatePortRequest(port_id=port.id, body=m.UpdatePortRequestBody(port=m.UpdatePortOption(
        allowed_address_pairs=[m.AllowedAddressPair(ip_address="192.168.1.0/24")], security_groups=[sg.id])))).port
    assert upd.allowed_address_pairs[0].ip_address == "192.168.1.0/24" and upd.security_groups == [sg.id]
    assert c.show_port(m.ShowPortRequest(port_id=port.id)).port.id == port.id
    lst = c.list_ports(m.ListPortsRequest(fixed_ips=["ip_address=192.168.1.10"]))
    assert lst.count == 1 and lst.ports[0].id == port.id
    lst = c.list_ports(m.ListPortsRequest(network_id=sub.id, fixed_ips=["subnet_id=" + sub.neutron_subnet_id]))
    assert [p.id for p in lst.ports] == [port.id]
    assert c.list_ports(m.ListPortsRequest(fixed_ips=["subnet_id=" + sub.id])).count == 0
    # IPv6 VIP (the subnet got IPv6 in test_subnets) and its bandwidth.
    v6sub = c.show_subnet(m.ShowSubnetRequest(subnet_id=sub.id)).subnet
    v6ip = v6sub.cidr_v6.split("::")[0] + "::10"
    vip6 = c.create_port(m.CreatePortRequest(body=m.CreatePortRequestBody(port=m.CreatePortOption(
        device_owner="neutron:VIP_PORT", network_id=sub.neutron_network_id,
        fixed_ips=[m.FixedIp(subnet_id=v6sub.neutron_subnet_id_v6, ip_address=v6ip)])))).port
    assert vip6.fixed_ips[0].subnet_id == v6sub.neutron_subnet_id_v6
    eip = c.create_public_ip(m.CreatePublicIpRequest(body=m.CreatePublicIpRequestBody(
        publicip=m.CreatePublicIpOption(site_id=net["site"].id)))).publicip
    att = c.attach_vip_bandwidth(m.AttachVipBandwidthRequest(vport_id=vip6.id, body=m.AttachVipBandwidthRequestBody(
        bandwidth_id=eip.bandwidth_id))).vport
    has(att, "port_id", "ipv6_bandwidth_id")
    assert att.ipv6_bandwidth_id == eip.bandwidth_id
    c.detach_vip_bandwidth(m.DetachVipBandwidthRequest(vport_id=vip6.id))
    assert c.show_port(m.ShowPortRequest(port_id=vip6.id)).port.ipv6_bandwidth_id in ("", None)
    c.delete_port(m.DeletePortRequest(port_id=vip6.id))
    c.delete_port(m.DeletePortRequest(port_id=port.id))
    c.delete_public_ip(m.DeletePublicIpRequest(publicip_id=eip.id))
    c.delete_security_group(m.DeleteSecurityGroupRequest(security_group_id=sg.id))


@covers("create_security_group", "list_security_groups", "show_security_group", "delete_security_group",
        "create_security_group_rule", "list_security_group_rules", "show_security_group_rule",
        "delete_security_group_rule")
def test_security_groups(c):
    sg = c.create_security_group(m.CreateSecurityGroupRequest(body=m.CreateSecurityGroupRequestBody(
        security_group=m.CreateSecurityGroupOption(name="sg-web", description="web")))).security_group
    has(sg, "id", "name", "description", "security_group_rules")
    assert sorted((r.direction, r.ethertype) for r in sg.security_group_rules) == [("egress", "IPv4"), ("egress", "IPv6")]
    rule = c.create_security_group_rule(m.CreateSecurityGroupRuleRequest(body=m.CreateSecurityGroupRuleRequestBody(
        security_group_rule=m.CreateSecurityGroupRuleOption(
            security_group_id=sg.id, direction="ingress", ethertype="IPv4", protocol="tcp",
            port_range_min=443, port_range_max=443, remote_ip_prefix="0.0.0.0/0")))).security_group_rule
    has(rule, "id", "security_group_id", "direction", "ethertype", "protocol", "port_range_min", "remote_ip_prefix")
    assert c.show_security_group_rule(m.ShowSecurityGroupRuleRequest(security_group_rule_id=rule.id)).security_group_rule.id == rule.id
    rules = c.list_security_group_rules(m.ListSecurityGroupRulesRequest(security_group_id=sg.id))
    assert rules.count == 3
    groups = c.list_security_groups(m.ListSecurityGroupsRequest(limit=100))
    assert sorted(g.name for g in groups.security_groups) == ["default", "sg-port", "sg-web"] or \
        sorted(g.name for g in groups.security_groups) == ["default", "sg-web"]
    assert c.show_security_group(m.ShowSecurityGroupRequest(security_group_id=sg.id)).security_group.name == "sg-web"
    c.delete_security_group_rule(m.DeleteSecurityGroupRuleRequest(security_group_rule_id=rule.id))
    default = next(g for g in groups.security_groups if g.name == "default")
    with pytest.raises(ClientRequestException) as ei:
        c.delete_security_group(m.DeleteSecurityGroupRequest(security_group_id=default.id))
    assert (ei.value.status_code, ei.value.error_code) == (404, "IEC.020311")
    c.delete_security_group(m.DeleteSecurityGroupRequest(security_group_id=sg.id))


@covers("create_firewall", "list_firewalls", "show_firewall", "update_firewall", "delete_firewall",
        "update_firewall_rule")
def test_firewalls(c, net):
    fw = c.create_firewall(m.CreateFirewallRequest(body=m.CreateFirewallRequestBody(
        firewall=m.CreateFirewallOption(name="acl-1", description="d")))).firewall
    has(fw, "id", "name", "status", "admin_state_up", "ingress_firewall_policy", "egress_firewall_policy")
    assert fw.status == "INACTIVE"
    upd = c.update_firewall(m.UpdateFirewallRequest(firewall_id=fw.id, body=m.UpdateFirewallRequestBody(
        firewall=m.UpdateFirewallOption(name="acl-2", subnets=[m.FirewallSubnetOption(id=net["subnet"].id)])))).firewall
    has(upd, "id", "status")
    assert c.show_firewall(m.ShowFirewallRequest(firewall_id=fw.id)).firewall.name == "acl-2"
    rule = m.FirewallRule(action="allow", description="https", destination_ip_address="0.0.0.0/0",
                          destination_port="443", enabled=True, id="", ip_version=4, name="https",
                          operate_type="add", protocol="tcp", source_ip_address="10.0.0.0/8", source_port="")
    out = c.update_firewall_rule(m.UpdateFirewallRuleRequest(firewall_id=fw.id, body=m.UpdateFirewallRuleRequestBody(
        firewall=m.UpdateFirewallRuleOption(ingress_firewall_policy=m.FirewallPolicy(
            id=fw.ingress_firewall_policy.id, firewall_rules=[rule]))))).firewall
    rules = out.ingress_firewall_policy.firewall_rules
    assert len(rules) == 1 and rules[0].operate_type == "normal" and rules[0].destination_port == "443"
    shown = c.show_firewall(m.ShowFirewallRequest(firewall_id=fw.id)).firewall
    assert shown.ingress_firewall_rule_count == 1
    assert c.list_firewalls(m.ListFirewallsRequest(name="acl")).count == 1
    with pytest.raises(ServerResponseException) as ei:
        c.delete_firewall(m.DeleteFirewallRequest(firewall_id=fw.id))
    assert (ei.value.status_code, ei.value.error_code) == (500, "IEC.020913")  # seed 7.2 gives it status 500
    c.update_firewall(m.UpdateFirewallRequest(firewall_id=fw.id, body=m.UpdateFirewallRequestBody(
        firewall=m.UpdateFirewallOption(name="acl-2", subnets=[]))))
    c.delete_firewall(m.DeleteFirewallRequest(firewall_id=fw.id))


@covers("create_routetable", "list_routetables", "show_routetable", "update_routetable", "delete_routetable",
        "associate_subnet", "disassociate_subnet", "list_routes", "create_routes", "update_routes", "delete_routes")
def test_routetables(c, net):
    vip = c.create_port(m.CreatePortRequest(body=m.CreatePortRequestBody(port=m.CreatePortOption(
        device_owner="neutron:VIP_PORT", network_id=net["subnet"].neutron_network_id)))).port
    vip_ip = vip.fixed_ips[0].ip_address
    rt = c.create_routetable(m.CreateRoutetableRequest(body=m.CreateRoutetableRequestBody(
        routetable=m.CreateRoutetableOption(name="rt-1", vpc_id=net["vpc"].id, description="t")))).routetable
    has(rt, "id", "name", "vpc_id", "domain_id", "default")
    assert rt.default is False
    c.update_routetable(m.UpdateRoutetableRequest(routetable_id=rt.id, body=m.UpdateRoutetableRequesBody(
        routetable=m.UpdateRoutetableOption(name="rt-2"))))
    assert c.show_routetable(m.ShowRoutetableRequest(routetable_id=rt.id)).routetable.name == "rt-2"
    assert c.list_routetables(m.ListRoutetablesRequest(vpc_id=net["vpc"].id)).count == 2
    added = c.create_routes(m.CreateRoutesRequest(routetable_id=rt.id, body=m.CreateRoutesRequestBody(
        routes=[m.RouteOption(type="vip", destination="10.10.10.0/24", nexthop=vip_ip, description="x")]))).routes
    assert added[0].destination == "10.10.10.0/24"
    c.update_routes(m.UpdateRoutesRequest(routetable_id=rt.id, body=m.UpdateRoutesRequestBody(
        routes=[m.RouteOption(type="vip", destination="10.10.10.0/24", nexthop=vip_ip, description="y")])))
    routes = c.list_routes(m.ListRoutesRequest(routetable_id=rt.id)).routes
    assert [r.description for r in routes if r.type == "vip"] == ["y"] and any(r.type == "local" for r in routes)
    c.delete_routes(m.DeleteRoutesRequest(routetable_id=rt.id, body=m.DeleteRoutesRequestBody(
        routes=[m.DeleteRouteOption(destination="10.10.10.0/24")])))
    assoc = c.associate_subnet(m.AssociateSubnetRequest(routetable_id=rt.id, body=m.AssociateSubnetRequestBody(
        subnet_ids=[net["subnet"].id]))).routetable
    assert [s.id for s in assoc.subnets] == [net["subnet"].id]
    assert c.list_related_routetables(m.ListRelatedRoutetablesRequest(subnet_id=net["subnet"].id)).routetable.id == rt.id
    c.disassociate_subnet(m.DisassociateSubnetRequest(routetable_id=rt.id, body=m.DisassociateSubnetRequestBody(
        subnet_ids=[net["subnet"].id])))
    c.delete_routetable(m.DeleteRoutetableRequest(routetable_id=rt.id))
    c.delete_port(m.DeletePortRequest(port_id=vip.id))


@covers("create_public_ip", "list_public_ips", "show_public_ip", "update_public_ip", "delete_public_ip",
        "list_bandwidths", "show_bandwidth", "update_bandwidth", "delete_bandwidth", "list_bandwidth_types")
def test_public_ips_and_bandwidths(c, net):
    site = net["site"]
    types = c.list_bandwidth_types(m.ListBandwidthTypesRequest(site_id=site.id))
    assert types.count == 1
    has(types.share_bandwidth_types[0], "name", "bandwidth_type", "site_id")
    eip = c.create_public_ip(m.CreatePublicIpRequest(body=m.CreatePublicIpRequestBody(
        publicip=m.CreatePublicIpOption(site_id=site.id), bandwidth=m.CreatePublicIpBandwidthOption(bandwidth_type="share")))).publicip
    has(eip, "id", "status", "public_ip_address", "ip_version", "site_id", "site_info", "operator", "type", "bandwidth_id")
    assert eip.status == "PENDING_CREATE"
    assert c.show_public_ip(m.ShowPublicIpRequest(publicip_id=eip.id)).publicip.status == "DOWN"
    port = c.create_port(m.CreatePortRequest(body=m.CreatePortRequestBody(port=m.CreatePortOption(
        device_owner="neutron:VIP_PORT", network_id=net["subnet"].neutron_network_id)))).port
    bound = c.update_public_ip(m.UpdatePublicIpRequest(publicip_id=eip.id, body=m.UpdatePublicIpRequestBody(
        publicip=m.UpdatePublicIpOption(port_id=port.id)))).publicip
    assert (bound.status, bound.port_id, bound.private_ip_address) == ("ACTIVE", port.id, port.fixed_ips[0].ip_address)
    assert c.list_public_ips(m.ListPublicIpsRequest(port_id=port.id)).count == 1
    unbound = c.update_public_ip(m.UpdatePublicIpRequest(publicip_id=eip.id, body=m.UpdatePublicIpRequestBody(
        publicip=m.UpdatePublicIpOption(port_id="")))).publicip
    assert unbound.status == "DOWN" and not unbound.port_id
    bws = c.list_bandwidths(m.ListBandwidthsRequest(site_id=site.id))
    assert bws.count >= 1
    bw = c.show_bandwidth(m.ShowBandwidthRequest(bandwidth_id=eip.bandwidth_id)).bandwidth
    has(bw, "id", "name", "size", "share_type", "publicip_info", "bandwidth_type", "charge_mode", "site_id", "status",
        "operator", "pool_id")
    upd = c.update_bandwidth(m.UpdateBandwidthRequest(bandwidth_id=bw.id, body=m.UpdateBandwidthRequestBody(
        bandwidth=m.UpdateBandwidthOption(name="bw-renamed", size=500)))).bandwidth
    assert (upd.name, upd.size) == ("bw-renamed", 500)
    c.delete_public_ip(m.DeletePublicIpRequest(publicip_id=eip.id))
    c.delete_port(m.DeletePortRequest(port_id=port.id))
    for b in c.list_bandwidths(m.ListBandwidthsRequest()).bandwidths:
        if not b.publicip_info:
            c.delete_bandwidth(m.DeleteBandwidthRequest(bandwidth_id=b.id))


@covers("update_firewall_rules_legacy")
def test_legacy_firewall_rules_api(emulator, api):
    """The historical API (seed 4.17.1) has no SDK method: a token client drives it."""
    st, fw = api.post("/v1/firewalls", {"firewall": {"name": "legacy"}})
    assert st == 200
    fw = fw["firewall"]
    rule = {"action": "deny", "destination_ip_address": "10.0.0.0/8", "destination_port": "22", "enabled": True,
            "id": "", "ip_version": 4, "name": "ssh", "operate_type": "add", "protocol": "tcp",
            "source_ip_address": "0.0.0.0/0", "source_port": ""}
    st, out = api.put("/v1/firewalls/%s/update_firewall_rules" % fw["id"], {"firewall": {
        "egress_firewall_policy": {"id": fw["egress_firewall_policy"]["id"], "firewall_rules": [rule]}}})
    assert st == 200 and out["firewall"]["egress_firewall_rule_count"] == 1
    st, out = api.put("/v1/firewalls/%s/update_firewall_rules" % fw["id"], {"firewall": {
        "egress_firewall_policy": {"id": fw["egress_firewall_policy"]["id"], "firewall_rules": [
            dict(rule, ip_version=6, destination_ip_address="::/0", source_ip_address="::/0")]}}})
    assert (st, out["error_code"]) == (400, "IEC.020917")


@covers("list_quota")
def test_quota(c):
    r = c.list_quota(m.ListQuotaRequest())
    by_type = {x.type: x for x in r.quotas.resources}
    assert {"vpc", "subnet", "securityGroup", "publicIp", "instance"} <= set(by_type)
    has(by_type["vpc"], "type", "used", "quota", "min", "max")
    assert by_type["vpc"].used == 1 and by_type["vpc"].quota == 50  # the module's net fixture VPC


# --- issue 11: what the sources say about ids, answers and timing (docs/dev/fidelity/network.md) ---------

def test_a_port_names_the_neutron_subnet_in_fixed_ips_and_the_iec_subnet_as_network_id(api, net):
    """Seed 4.8/4.9 examples and Terraform's iec_vip: fixed_ips[].subnet_id is the subnet's neutron_subnet_id;
    the IEC subnet id, which is the port's network_id, names no subnet there."""
    sub = net["subnet"]
    st, out = api.post("/v1/ports", {"port": {"device_owner": "neutron:VIP_PORT", "network_id": sub.id,
                                              "fixed_ips": [{"subnet_id": sub.id, "ip_address": "192.168.1.44"}]}})
    assert (st, out["error_code"]) == (404, "IEC.020003")
    st, out = api.post("/v1/ports", {"port": {"device_owner": "neutron:VIP_PORT", "network_id": sub.id}})
    assert st == 200 and out["port"]["network_id"] == sub.id
    assert out["port"]["fixed_ips"][0]["subnet_id"] == sub.neutron_subnet_id
    st, listed = api.get("/v1/ports", network_id=sub.id)
    assert out["port"]["id"] in [p["id"] for p in listed["ports"]]
    assert api.delete("/v1/ports/" + out["port"]["id"])[0] == 204


def test_updating_a_network_acl_answers_its_id_and_status_only(api, net):
    """Seed 4.11.4 (UpdateFirewallResp), SDK UpdateFirewallResp, golangsdk UpdateFirewallResp."""
    st, fw = api.post("/v1/firewalls", {"firewall": {"name": "acl-answer"}})
    fid = fw["firewall"]["id"]
    st, out = api.put("/v1/firewalls/" + fid, {"firewall": {"name": "acl-answer-2"}})
    assert st == 200 and out == {"firewall": {"id": fid, "status": "INACTIVE"}}
    assert api.get("/v1/firewalls/" + fid)[1]["firewall"]["name"] == "acl-answer-2"
    assert api.delete("/v1/firewalls/" + fid)[0] == 204


def test_subnet_deletion_is_asynchronous_and_the_vpc_waits_for_it(emulator_factory):
    """Terraform's iec_vpc_subnet waits for GET to answer 404 after its DELETE (pending ACTIVE, UNKNOWN), and its
    iec_vpc sleeps before the VPC's DELETE; the seed's IEC.020113 refuses a VPC that still has subnets."""
    from conftest import TokenClient

    emu = emulator_factory("--async-seconds", "5")
    emu.freeze()
    api = TokenClient(emu.url)
    site = api.get("/v1/sites")[1]["sites"][0]["id"]
    vpc = api.post("/v1/vpcs", {"vpc": {"name": "vpc-async", "cidr": "192.168.0.0/16", "mode": "CUSTOMER"}})[1]["vpc"]
    sub = api.post("/v1/subnets", {"subnet": {"name": "sub-async", "cidr": "192.168.7.0/24",
                                              "gateway_ip": "192.168.7.1", "vpc_id": vpc["id"], "site_id": site}})[1]
    sid = sub["subnet"]["id"]
    emu.advance(5)
    assert api.get("/v1/subnets/" + sid)[1]["subnet"]["status"] == "ACTIVE"
    assert api.delete("/v1/subnets/" + sid)[0] == 204
    st, shown = api.get("/v1/subnets/" + sid)
    assert st == 200 and shown["subnet"]["status"] == "ACTIVE"
    assert api.delete("/v1/subnets/" + sid)[0] == 204  # asked again meanwhile: accepted
    st, out = api.delete("/v1/vpcs/" + vpc["id"])
    assert (st, out["error_code"]) == (409, "IEC.020113")
    emu.advance(5)
    assert api.get("/v1/subnets/" + sid)[1]["error_code"] == "IEC.020003"
    assert api.delete("/v1/vpcs/" + vpc["id"])[0] == 204


def test_security_group_rule_ports_are_answered_as_strings(api):
    """Seed 4.10 response tables type port_range_min/max String (its examples show numbers), the SDK's
    SecurityGroupRule types them str, and Terraform's iec_security_group_rule reads them with .(string)."""
    st, sg = api.post("/v1/security-groups", {"security_group": {"name": "sg-ports"}})
    gid = sg["security_group"]["id"]
    st, out = api.post("/v1/security-group-rules", {"security_group_rule": {
        "security_group_id": gid, "direction": "ingress", "ethertype": "IPv4", "protocol": "tcp",
        "port_range_min": 8000, "port_range_max": 8080, "remote_ip_prefix": "10.0.0.0/8"}})
    rule = out["security_group_rule"]
    assert (rule["port_range_min"], rule["port_range_max"]) == ("8000", "8080")
    shown = api.get("/v1/security-group-rules/" + rule["id"])[1]["security_group_rule"]
    assert (shown["port_range_min"], shown["port_range_max"]) == ("8000", "8080")
    listed = api.get("/v1/security-groups/" + gid)[1]["security_group"]["security_group_rules"]
    assert ("8000", "8080") in [(r["port_range_min"], r["port_range_max"]) for r in listed]
    assert api.delete("/v1/security-groups/" + gid)[0] == 204


def test_public_ip_release_is_asynchronous(emulator_factory):
    """Terraform's iec_eip waits after its DELETE until GET no longer finds the public IP (seed 4.14.5 answers
    204 at once); meanwhile the public IP keeps its status and its place on its bandwidth."""
    from conftest import TokenClient

    emu = emulator_factory("--async-seconds", "5")
    emu.freeze()
    api = TokenClient(emu.url)
    site = api.get("/v1/sites")[1]["sites"][0]["id"]
    eip = api.post("/v1/publicips", {"publicip": {"site_id": site}})[1]["publicip"]
    st, out = api.delete("/v1/publicips/" + eip["id"])
    assert (st, out["error_code"]) == (400, "IEC.020708")  # still PENDING_CREATE
    emu.advance(5)
    assert api.delete("/v1/publicips/" + eip["id"])[0] == 204
    st, shown = api.get("/v1/publicips/" + eip["id"])
    assert st == 200 and shown["publicip"]["status"] == "DOWN"
    bw = api.get("/v1/bandwidths/" + eip["bandwidth_id"])[1]["bandwidth"]
    assert [i["publicip_id"] for i in bw["publicip_info"]] == [eip["id"]]
    assert api.delete("/v1/publicips/" + eip["id"])[0] == 204  # asked again meanwhile: accepted
    emu.advance(5)
    assert api.get("/v1/publicips/" + eip["id"])[1]["error_code"] == "IEC.020706"
    assert api.get("/v1/bandwidths/" + eip["bandwidth_id"])[1]["bandwidth"]["publicip_info"] == []
