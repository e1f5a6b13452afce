"""Ports (seed 4.9): VIP ports, allowed address pairs, security groups, and the IPv6 bandwidth of a
virtual IP (attach/detach).

Public API:
    COLL, FILTER_FIELDS
    new_port(ctx, subnet, ip_address, device_owner, device_id="", security_groups=None, name="")
                                        insert a port on a subnet (compute: instance NICs)
    require(store, port_id)             the port, or IEC.020607
    find(store, fields, admin_state_up, security_group, fixed_ips)   the list filters
    create_vip(ctx, network_id, fixed_ips, device_owner)   a virtual IP (BUILD -> DOWN)
    update(store, rec, allowed_address_pairs, security_groups)
    delete(store, rec)                  a virtual IP (instance NICs go with their instance)
    attach_bandwidth(store, rec, bandwidth_id) / detach_bandwidth(store, rec)
"""
import ipaddress

from ..errors import api_error
from . import bandwidths, publicips
from .network import allocate_ip, mac_for, net, neutron_subnet_id, subnet_by_network, used_ips
from .subnets import release_system_subnets

COLL = "ports"
FILTER_FIELDS = ("id", "name", "status", "device_id", "device_owner", "mac_address", "network_id")


def new_port(ctx, subnet, ip_address, device_owner, device_id="", security_groups=None, name=""):
    """Insert a port on a subnet; compute uses it for instance NICs (device_owner compute:<site>).

    network_id is the IEC subnet id (= its neutron_network_id); fixed_ips[].subnet_id is the Neutron subnet."""
    rec = {
        "name": name, "status": "DOWN", "admin_state_up": True,
        "fixed_ips": [{"subnet_id": neutron_subnet_id(subnet, ip_address), "ip_address": ip_address}],
        "mac_address": mac_for(ctx.state), "network_id": subnet["neutron_network_id"],
        "device_id": device_id, "device_owner": device_owner, "security_groups": list(security_groups or []),
        "extra_dhcp_opts": [], "allowed_address_pairs": [], "site_id": subnet["site_id"],
        "dns_assignment": [], "dns_name": "", "ipv6_bandwidth_id": "", "binding:profile": {},
    }
    return ctx.store.insert(COLL, rec)


def require(store, port_id):
    return store.require(COLL, port_id, api_error("IEC.020607"))


def create_vip(ctx, network_id, fixed_ips, device_owner):
    subnet = subnet_by_network(ctx.store, network_id)
    if subnet is None:
        raise api_error("IEC.020003")
    fixed = (fixed_ips or [{}])[0]
    ip = fixed.get("ip_address")
    if fixed.get("subnet_id") and fixed["subnet_id"] != neutron_subnet_id(subnet, ip):
        # fixed_ips[].subnet_id names the Neutron subnet of network_id (Terraform's iec_vip sends the subnet's
        # neutron_subnet_id); any other id, the IEC subnet id included, is no subnet of that network.
        raise api_error("IEC.020003")
    if ip:
        addr = ipaddress.ip_address(ip)
        if addr.version == 6:
            if not subnet["ipv6_enable"] or addr not in net(subnet["cidr_v6"]):
                raise api_error("IEC.020618")
        else:
            n = net(subnet["cidr"])
            if addr not in n or addr in (n.network_address, n.broadcast_address) or ip == subnet["gateway_ip"]:
                raise api_error("IEC.020618")
        if ip in used_ips(ctx.store, subnet["id"]):
            raise api_error("IEC.020616")
    else:
        ip = allocate_ip(ctx.store, subnet)
        if ip is None:
            raise api_error("IEC.020617")
    rec = new_port(ctx, subnet, ip, device_owner)
    # A new port is BUILD until Neutron has wired it (seed 4.9: ACTIVE, BUILD, DOWN); Terraform's iec_vip waits
    # after its POST until the port is DOWN or ACTIVE. A virtual IP that no instance holds stays DOWN.
    rec["status"] = "BUILD"
    ctx.store.schedule(COLL, rec["id"], ctx.delay("port.create"), set={"status": "DOWN"})
    return rec


def _match_fixed(port, filters):
    for f in filters:
        k, v = f.partition("=")[::2]
        if not any(fi.get(k) == v for fi in port.get("fixed_ips") or []):
            return False
    return True


def find(store, fields, admin_state_up=None, security_group=None, fixed_ips=None):
    """fields: FILTER_FIELDS -> value (None or "" matches all); fixed_ips: ["ip_address=...", ...]."""
    out = []
    for p in store.all(COLL):
        if any(fields.get(k) not in (None, "") and p.get(k) != fields[k] for k in FILTER_FIELDS):
            continue
        if admin_state_up is not None and p["admin_state_up"] != admin_state_up:
            continue
        if security_group and security_group not in (p.get("security_groups") or []):
            continue
        if fixed_ips and not _match_fixed(p, fixed_ips):
            continue
        out.append(p)
    return out


def update(store, rec, allowed_address_pairs=None, security_groups=None):
    changes = {}
    if allowed_address_pairs is not None:
        pairs = []
        for pair in allowed_address_pairs:
            # Seed 4.9.3/4.9.5: 'IP地址不支持"0.0.0.0/0"' (the seed's curly quotes as ASCII) - the IPv4 any-address only.
            if pair["ip_address"] == "0.0.0.0/0":
                raise api_error("IEC.020608")
            pairs.append({"ip_address": pair["ip_address"], "mac_address": pair.get("mac_address") or rec["mac_address"]})
        changes["allowed_address_pairs"] = pairs
    if security_groups is not None:
        for sg in security_groups:
            store.require("security_groups", sg, api_error("IEC.020204"))
        changes["security_groups"] = list(security_groups)
    if changes:
        store.update(COLL, rec["id"], **changes)
    return rec


def delete(store, rec):
    if rec.get("ipv6_bandwidth_id"):
        raise api_error("IEC.020612")
    if rec.get("device_owner", "").startswith("compute:"):
        # An instance NIC goes away with its instance (delete_nics), not through the port API.
        raise api_error("IEC.020606")
    # Neutron semantics: deleting a port releases the public IP bound to it.
    publicips.unbind_from_port(store, rec["id"])
    store.delete(COLL, rec["id"])
    # A virtual IP may be the last user of a subnet IEC planned in a SYSTEM-mode VPC.
    release_system_subnets(store, [rec.get("network_id")])


def _ipv6_address(port):
    for f in port.get("fixed_ips") or []:
        try:
            if ipaddress.ip_address(f["ip_address"]).version == 6:
                return f["ip_address"]
        except ValueError:
            continue
    return None


def attach_bandwidth(store, rec, bw_id):
    if rec.get("ipv6_bandwidth_id"):
        raise api_error("IEC.020612")
    if _ipv6_address(rec) is None:
        raise api_error("IEC.020613")
    if not bw_id:
        raise api_error("IEC.020804")
    bw = bandwidths.require_usable(store, bw_id)
    store.update(COLL, rec["id"], ipv6_bandwidth_id=bw["id"])
    return bw


def detach_bandwidth(store, rec):
    if not rec.get("ipv6_bandwidth_id"):
        raise api_error("IEC.020614")
    store.update(COLL, rec["id"], ipv6_bandwidth_id="")
