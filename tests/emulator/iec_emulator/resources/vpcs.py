"""VPCs (seed 4.7). Each VPC gets a default route table (seed 4.12: route tables carry `default`)."""
import ipaddress

from ..errors import api_error
from ..pagination import list_body
from ..quotas import usage
from ..registry import handler
from ..store import public
from ._net import strict_net

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


def view(ctx, rec):
    out = public(rec)
    out["subnet_num"] = ctx.store.count("subnets", vpc_id=rec["id"])
    return out


@handler("create_vpc")
def create_vpc(ctx):
    b = ctx.body["vpc"]
    if not cidr_ok(b["cidr"], b["mode"]):
        raise api_error("IEC.020115")
    if ctx.store.find(COLL, name=b["name"]):
        raise api_error("IEC.020105")
    ctx.quota("vpc", code="IEC.020401")
    rec = ctx.store.insert(COLL, {"name": b["name"], "cidr": b["cidr"], "mode": b["mode"]})
    ctx.store.insert("routetables", {"name": "rtb-%s" % b["name"], "vpc_id": rec["id"], "domain_id": ctx.domain_id,
                                     "description": "", "default": True, "_meta": {"routes": [], "subnets": []}})
    return {"vpc": view(ctx, rec)}


@handler("list_vpcs")
def list_vpcs(ctx):
    q = ctx.query
    items = [r for r in ctx.store.all(COLL)
             if (not q.get("id") or r["id"] == q["id"]) and (not q.get("name") or r["name"] == q["name"])]
    return list_body("vpcs", [view(ctx, r) for r in items], q, default_limit=1000)


def _get(ctx):
    return ctx.store.require(COLL, ctx.path["vpc_id"], api_error("IEC.020104"))


@handler("show_vpc")
def show_vpc(ctx):
    return {"vpc": view(ctx, _get(ctx))}


@handler("update_vpc")
def update_vpc(ctx):
    rec = _get(ctx)
    b = (ctx.body or {}).get("vpc") or {}
    changes = {}
    if b.get("name"):
        if any(v["id"] != rec["id"] for v in ctx.store.find(COLL, name=b["name"])):
            raise api_error("IEC.020105")
        changes["name"] = b["name"]
    if b.get("cidr"):
        if not cidr_ok(b["cidr"], rec["mode"]):
            raise api_error("IEC.020115")
        new = ipaddress.ip_network(b["cidr"])
        # The VPC range must still hold every subnet it has.
        for s in ctx.store.find("subnets", vpc_id=rec["id"]):
            if not ipaddress.ip_network(s["cidr"], strict=False).subnet_of(new):
                raise api_error("IEC.020115")
        changes["cidr"] = b["cidr"]
    if changes:
        ctx.store.update(COLL, rec["id"], **changes)
    return {"vpc": view(ctx, rec)}


@handler("delete_vpc")
def delete_vpc(ctx):
    rec = _get(ctx)
    if ctx.store.count("subnets", vpc_id=rec["id"]):
        raise api_error("IEC.020113")
    for rt in ctx.store.find("routetables", vpc_id=rec["id"]):
        ctx.store.delete("routetables", rt["id"])
    ctx.store.delete(COLL, rec["id"])
    return None
