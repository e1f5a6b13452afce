"""Network helpers shared by the network and compute models (addresses, MACs, port lookups, Neutron ids).

Public API: PRIVATE_BLOCKS, net, strict_net, mac_for, ports_of_device, used_ips, allocate_ip, timestamp,
timestamp_ms, neutron_subnet_id, subnet_by_neutron_subnet, subnet_by_network."""
import ipaddress

from ..clock import iso, iso_ms
from ..store import index_on

PRIVATE_BLOCKS = [ipaddress.ip_network("10.0.0.0/8"), ipaddress.ip_network("172.16.0.0/12"),
                  ipaddress.ip_network("192.168.0.0/16")]


def net(cidr):
    return ipaddress.ip_network(cidr, strict=False)


def strict_net(cidr):
    """The network, or None when cidr is not a network address (10.0.0.1/24 is not)."""
    try:
        return ipaddress.ip_network(cidr, strict=True)
    except ValueError:
        return None


def mac_for(state):
    n = state.next_counter("mac")
    return "fa:16:3e:%02x:%02x:%02x" % ((n >> 16) & 0xFF, (n >> 8) & 0xFF, n & 0xFF)


# A port's device and addresses are set when it is created (ports.new_port) and never edited in place.
index_on("ports", "device_id", lambda p: (p.get("device_id"),))
# A port's network_id is the IEC subnet id it is on.
index_on("ports", "network_id", lambda p: (p.get("network_id"),))


def ports_of_device(store, device_id):
    """The ports whose device_id is device_id (an instance's NICs), in creation order."""
    return store.indexed("ports", "device_id", device_id)


def used_ips(store, subnet_id):
    """The addresses the ports of a subnet hold; subnet_id is the IEC subnet id, which is the port's network_id
    (a port's fixed_ips[].subnet_id is the subnet's neutron_subnet_id, see new_port in ports.py)."""
    out = set()
    for p in store.indexed("ports", "network_id", subnet_id):
        out.update(f.get("ip_address") for f in p.get("fixed_ips") or [])
    return out


def allocate_ip(store, subnet):
    """Next free IPv4 address of the subnet (skips network, gateway, broadcast), or None."""
    taken = used_ips(store, subnet["id"]) | {subnet.get("gateway_ip")}
    for host in net(subnet["cidr"]).hosts():
        if str(host) not in taken:
            return str(host)
    return None


def timestamp(epoch):
    return iso(epoch)


def timestamp_ms(epoch):
    return iso_ms(epoch)


def neutron_subnet_id(subnet, address):
    """The Neutron subnet a fixed IP of the subnet is in: neutron_subnet_id, or neutron_subnet_id_v6 for IPv6.

    Seed 4.8 examples: a subnet's id equals its neutron_network_id and differs from its neutron_subnet_id;
    seed 4.9 examples: a port's network_id differs from its fixed_ips[].subnet_id; Terraform's iec_vip
    resource sends fixed_ips[].subnet_id = the subnet's NeutronSubnetID and reads subnet_id back from the
    port's network_id."""
    if ":" in (address or ""):
        return subnet.get("neutron_subnet_id_v6") or subnet["neutron_subnet_id"]
    return subnet["neutron_subnet_id"]


def subnet_by_neutron_subnet(store, neutron_id):
    """The IEC subnet whose IPv4 or IPv6 Neutron subnet is neutron_id, or None."""
    for s in store.all("subnets"):
        if neutron_id and neutron_id in (s.get("neutron_subnet_id"), s.get("neutron_subnet_id_v6")):
            return s
    return None


def subnet_by_network(store, network_id):
    """A port's network_id is the subnet's neutron_network_id, which is also the IEC subnet id."""
    s = store.get("subnets", network_id)
    if s:
        return s
    found = store.find("subnets", neutron_network_id=network_id)
    return found[0] if found else None
