"""VPCs (seed 4.7). Each VPC gets a default route table (seed 4.12: route tables carry `default`).

Public API:
    COLL                        the collection name
    cidr_ok(cidr, mode)         whether a VPC of that mode may have that range
    require(store, vpc_id)      the VPC, or IEC.020104
    find(store, id, name)       the VPCs matching the filters, in creation order
    create(ctx, name, cidr, mode)
    update(store, rec, name, cidr)
    delete(store, rec)          refused (IEC.020113) while the VPC has subnets; removes its route tables
    view(store, rec)            the public view (with subnet_num)
"""
import ipaddress

from ..errors import api_error
from ..quotas import usage
from ..store import public
from . import routetables
from .network import strict_net

COLL = "vpcs"

# Seed 4.7.2: SYSTEM mode cidr 10.0.0.0/8~10.255.0.0/16, 172.16.0.0/12~172.31.0.0/16, 192.168.0.0/16.
# The SDK docstring adds the same blocks for CUSTOMER mode; CUSTOMER VPCs may be smaller (down to /28,
# the smallest subnet the seed allows).
_BLOCKS = [(ipaddress.ip_network("10.0.0.0/8"), 8), (ipaddress.ip_network("172.16.0.0/12"), 12),
           (ipaddress.ip_network("192.168.0.0/16"), 16)]


def cidr_ok(cidr, mode):
    n = strict_net(cidr)
    if n is None or n.version != 4:
        return False
    longest = 16 if mode == "SYSTEM" else 28
    return any(n.subnet_of(block) and lo <= n.prefixlen <= longest for block, lo in _BLOCKS)


@usage("vpc")
def _used(store):
    return store.count(COLL)


def view(store, rec):
    out = public(rec)
    out["subnet_num"] = store.count("subnets", vpc_id=rec["id"])
    return out


def require(store, vpc_id):
    return store.require(COLL, vpc_id, api_error("IEC.020104"))


def find(store, vpc_id=None, name=None):
    return [r for r in store.all(COLL)
            if (not vpc_id or r["id"] == vpc_id) and (not name or r["name"] == name)]


def create(ctx, name, cidr, mode):
    if not cidr_ok(cidr, mode):
        raise api_error("IEC.020115")
    if ctx.store.find(COLL, name=name):
        raise api_error("IEC.020105")
    ctx.quota("vpc", code="IEC.020401")
    rec = ctx.store.insert(COLL, {"name": name, "cidr": cidr, "mode": mode})
    routetables.create_default(ctx.store, rec, name, ctx.domain_id)
    return rec


def update(store, rec, name=None, cidr=None):
    changes = {}
    if name:
        if any(v["id"] != rec["id"] for v in store.find(COLL, name=name)):
            raise api_error("IEC.020105")
        changes["name"] = name
    if cidr:
        if not cidr_ok(cidr, rec["mode"]):
            raise api_error("IEC.020115")
        new = ipaddress.ip_network(cidr)
        # The VPC range must still hold every subnet it has.
        for s in store.find("subnets", vpc_id=rec["id"]):
            if not ipaddress.ip_network(s["cidr"], strict=False).subnet_of(new):
                raise api_error("IEC.020115")
        changes["cidr"] = cidr
    if changes:
        store.update(COLL, rec["id"], **changes)
    return rec


def delete(store, rec):
    if store.count("subnets", vpc_id=rec["id"]):
        raise api_error("IEC.020113")
    routetables.delete_of_vpc(store, rec["id"])
    store.delete(COLL, rec["id"])
