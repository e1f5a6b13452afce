"""Subnets (seed 4.8): UNKNOWN -> ACTIVE once attached to the router (ERROR on failure), IPv6 enabling,
in-use refusal on delete, asynchronous deletion (the subnet stays visible until IEC has removed it), and the
route table a subnet uses.

Public API:
    COLL, UPDATE_VIEW
    require(store, subnet_id)           the subnet, or IEC.020003
    find(store, vpc_id, site_id)        subnets matching the filters, in creation order
    create(ctx, vpc, values, system=False)   check and insert a subnet (values: name, cidr, gateway_ip,
                                        site_id, dhcp_enable, dnsList, primary_dns, secondary_dns); compute
                                        creates SYSTEM-mode subnets with system=True
    create_customer(ctx, values)        create() for the customer: refused (IEC.020107) in a SYSTEM VPC
    update(ctx, rec, values)            name, dhcp, DNS, enabling IPv6
    delete(ctx, rec)                    asynchronous (hook iec_subnet_gone)
    ports_on(store, subnet)             the ports that use a subnet
    release_system_subnets(store, subnet_ids)   remove the SYSTEM subnets no port uses any more
    routetable_of(store, subnet)        the route table a subnet uses, or IEC.000022
"""
import ipaddress

from ..errors import api_error
from ..quotas import usage
from ..store import new_id, on_transition
from . import firewalls, routetables, vpcs
from .network import net, strict_net, subnet_by_neutron_subnet

COLL = "subnets"
UPDATE_VIEW = ("id", "status", "ipv6_enable", "neutron_subnet_id_v6")


@usage("subnet")
def _used(store):
    return store.count(COLL)


def _dns_check(b, current=None):
    cur = current or {}
    dns = b.get("dnsList", cur.get("dnsList") or [])
    primary = b.get("primary_dns", cur.get("primary_dns"))
    secondary = b.get("secondary_dns", cur.get("secondary_dns"))
    # Seed: dnsList must be a superset of primary_dns and secondary_dns.
    if dns and any(x and x not in dns for x in (primary, secondary)):
        raise api_error("IEC.020010")
    if not dns:
        dns = [x for x in (primary, secondary) if x]
    return dns, primary, secondary


def create(ctx, vpc, b, system=False):
    """Insert a subnet after its checks; also used by compute for SYSTEM-mode VPCs (system=True)."""
    site = ctx.catalog.site(b["site_id"])
    if site is None:
        raise api_error("IEC.020403")
    n = strict_net(b["cidr"])
    if n is None or n.version != 4 or n.prefixlen > 28:
        raise api_error("IEC.020013")
    if not n.subnet_of(net(vpc["cidr"])):
        raise api_error("IEC.020013")
    gw = ipaddress.ip_address(b["gateway_ip"])
    if gw not in n or gw in (n.network_address, n.broadcast_address):
        raise api_error("IEC.020013")
    for other in ctx.store.find(COLL, vpc_id=vpc["id"]):
        if net(other["cidr"]).overlaps(n):
            raise api_error("IEC.020007")
    dns, primary, secondary = _dns_check(b)
    ctx.quota("subnet", code="IEC.020401")
    sid = new_id()
    rec = {
        "id": sid, "name": b["name"], "cidr": b["cidr"], "dnsList": dns, "gateway_ip": b["gateway_ip"],
        "dhcp_enable": b.get("dhcp_enable", True), "primary_dns": primary, "secondary_dns": secondary,
        "status": "UNKNOWN", "vpc_id": vpc["id"], "site_id": b["site_id"],
        "site_info": ctx.catalog.site_info(b["site_id"]), "neutron_network_id": sid,
        "neutron_subnet_id": new_id(), "cidr_v6": "", "ipv6_enable": False, "pool_id": "",
        "neutron_subnet_id_v6": "", "gateway_ip_v6": "",
        "_meta": {"system": system},
    }
    ctx.store.insert(COLL, rec)
    final = "ERROR" if ctx.should_fail(b["name"]) else "ACTIVE"
    ctx.store.schedule(COLL, sid, ctx.delay("subnet.create"), set={"status": final})
    return rec


def create_customer(ctx, b):
    vpc = vpcs.require(ctx.store, b["vpc_id"])
    if vpc["mode"] == "SYSTEM":
        # Seed 4.7.2: in SYSTEM mode the system creates the subnets it needs; customers may not.
        raise api_error("IEC.020107")
    return create(ctx, vpc, b)


def require(store, subnet_id):
    return store.require(COLL, subnet_id, api_error("IEC.020003"))


def find(store, vpc_id=None, site_id=None):
    return [s for s in store.all(COLL)
            if (not vpc_id or s["vpc_id"] == vpc_id) and (not site_id or s["site_id"] == site_id)]


def update(ctx, rec, b):
    if rec["_meta"].get("system"):
        raise api_error("IEC.020107")
    changes = {}
    if b.get("name"):
        changes["name"] = b["name"]
    if "dhcp_enable" in b and b["dhcp_enable"] is not None:
        changes["dhcp_enable"] = b["dhcp_enable"]
    if any(k in b for k in ("dnsList", "primary_dns", "secondary_dns")):
        dns, primary, secondary = _dns_check(b, rec)
        changes.update(dnsList=dns, primary_dns=primary, secondary_dns=secondary)
    if b.get("ipv6_enable"):
        if rec["ipv6_enable"]:
            raise api_error("IEC.020409")
        pool = ctx.catalog.pool(rec["site_id"], b.get("pool_id"), ip_version=6) if b.get("pool_id") else None
        if pool is None:
            # Seed: pool_id is required when ipv6_enable is true, and must be an IPv6 line of the site.
            raise api_error("IEC.020012")
        n = ctx.state.next_counter("ipv6_subnet")
        prefix = "2407:c080:%x:%x" % ((n >> 16) & 0xFFFF, n & 0xFFFF)
        changes.update(ipv6_enable=True, pool_id=pool["pool_id"], cidr_v6=prefix + "::/64",
                       gateway_ip_v6=prefix + "::1", neutron_subnet_id_v6=new_id())
    elif b.get("ipv6_enable") is False and rec["ipv6_enable"]:
        # Seed: IPv6 cannot be switched off once enabled.
        raise api_error("IEC.020006")
    if changes:
        ctx.store.update(COLL, rec["id"], **changes)
    return rec


def delete(ctx, rec):
    if rec["_meta"].get("system"):
        raise api_error("IEC.020107")
    if rec["_meta"].get("deleting"):
        # Asked again while IEC is still removing it: accepted, nothing more to do.
        return
    for p in ports_on(ctx.store, rec):
        if p.get("device_owner") == "neutron:VIP_PORT":
            raise api_error("IEC.020009")
        raise api_error("IEC.020008")
    # Deletion is asynchronous: Terraform's iec_vpc_subnet waits after the DELETE until GET answers 404, with
    # ACTIVE and UNKNOWN as its pending states (so the subnet keeps its status meanwhile), and its iec_vpc
    # sleeps before deleting the VPC, which meets IEC.020113 while a subnet is still there.
    rec["_meta"]["deleting"] = True
    ctx.store.touch()
    ctx.store.schedule(COLL, rec["id"], ctx.delay("subnet.delete"), hook="iec_subnet_gone")


@on_transition("iec_subnet_gone")
def _subnet_gone(store, rec, args):
    _remove(store, rec)


def ports_on(store, subnet):
    """The ports (instance NICs, virtual IPs) that use a subnet."""
    neutron = {subnet.get("neutron_subnet_id"), subnet.get("neutron_subnet_id_v6")} - {None, ""}
    return [p for p in store.all("ports")
            if any(f.get("subnet_id") in neutron for f in p.get("fixed_ips") or [])
            or p.get("network_id") in (subnet["id"], subnet.get("neutron_network_id"))]


def _remove(store, rec):
    """Delete a subnet, detached from the network ACLs and route tables that name it."""
    firewalls.forget_subnet(store, rec["id"])
    routetables.forget_subnet(store, rec["id"])
    store.delete(COLL, rec["id"])


def release_system_subnets(store, subnet_ids):
    """Remove the system subnets among subnet_ids that no port uses any more.

    Seed 4.7.2 (CreateVpcOption.mode): "SYSTEM：该类型网络，系统会自动按照实际需要创建足够的子网" - in a
    SYSTEM-mode VPC IEC creates the subnets that the actual need calls for, and the customer has no right to
    handle them (IEC.020107: "customer has no right to handle system resource (vpc,subnet...)"), so nobody
    else can delete them; yet a VPC is deleted only once all its subnets are (4.7.5, IEC.020113). IEC
    therefore removes a subnet it planned once nothing needs it: called whenever a port goes (an instance
    is gone, a NIC is removed, a virtual IP is deleted), at the moment it goes - for an instance that is
    when its asynchronous deletion completes, not when the deletion is asked for."""
    for sid in dict.fromkeys(subnet_ids):
        # Callers pass a port's fixed_ips[].subnet_id, the Neutron subnet id, or the IEC id.
        rec = store.get(COLL, sid) or subnet_by_neutron_subnet(store, sid)
        if rec is None or not rec["_meta"].get("system") or ports_on(store, rec):
            continue
        _remove(store, rec)


def routetable_of(store, subnet):
    """The route table a subnet uses (its own, else its VPC's default), or IEC.000022 when there is none."""
    rt = routetables.of_subnet(store, subnet)
    if rt is None:
        raise api_error("IEC.000022")
    return rt
