"""Helpers shared by the network families (not a family itself: it registers no handler)."""
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
index_on("ports", "subnet_id", lambda p: [f.get("subnet_id") for f in p.get("fixed_ips") or []])


def ports_of_device(store, device_id):
    """The ports whose device_id is device_id (an instance's NICs), in creation order."""
    return store.indexed("ports", "device_id", device_id)


def used_ips(store, subnet_id):
    out = set()
    for p in store.indexed("ports", "subnet_id", subnet_id):
        for f in p.get("fixed_ips") or []:
            if f.get("subnet_id") == subnet_id:
                out.add(f.get("ip_address"))
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


def subnet_by_network(store, network_id):
    """A port's network_id is the subnet's neutron_network_id (the emulator uses the subnet id)."""
    s = store.get("subnets", network_id)
    if s:
        return s
    found = store.find("subnets", neutron_network_id=network_id)
    return found[0] if found else None
