"""Route tables and routes (seed 4.12). A VPC's default table (created with the VPC) serves every
subnet not associated with another table; system 'local' routes are listed but never editable."""
import ipaddress

from ..errors import api_error
from ..pagination import list_body
from ..registry import handler
from ..store import public

COLL = "routetables"
SYSTEM_RANGES = ["127.0.0.0/8", "100.64.0.0/10", "198.19.128.0/20"]


def view(ctx, rt, with_subnets=True):
    out = public(rt)
    if with_subnets:
        if rt["default"]:
            explicit = {s for r in ctx.store.find(COLL, vpc_id=rt["vpc_id"]) if not r["default"] for s in r["_meta"]["subnets"]}
            ids = [s["id"] for s in ctx.store.find("subnets", vpc_id=rt["vpc_id"]) if s["id"] not in explicit]
        else:
            ids = list(rt["_meta"]["subnets"])
        out["subnets"] = [{"id": i} for i in ids]
    return out


def _get(ctx):
    return ctx.store.require(COLL, ctx.path["routetable_id"], api_error("IEC.000022"))


def _system_routes(ctx, rt):
    vpc = ctx.store.get("vpcs", rt["vpc_id"])
    dests = ([vpc["cidr"]] if vpc else []) + SYSTEM_RANGES
    return [{"type": "local", "destination": d, "nexthop": "-", "description": ""} for d in dests]


@handler("create_routetable")
def create_routetable(ctx):
    b = ctx.body["routetable"]
    ctx.store.require("vpcs", b["vpc_id"], api_error("IEC.020104"))
    rt = ctx.store.insert(COLL, {"name": b["name"], "vpc_id": b["vpc_id"], "domain_id": ctx.domain_id,
                                 "description": b.get("description") or "", "default": False,
                                 "_meta": {"routes": [], "subnets": []}})
    return {"routetable": view(ctx, rt)}


@handler("list_routetables")
def list_routetables(ctx):
    q = ctx.query
    items = [view(ctx, r, with_subnets=False) for r in ctx.store.all(COLL)
             if all(not q.get(k) or r[k] == q[k] for k in ("id", "name", "vpc_id"))]
    return list_body("routetables", items, q, default_limit=1000)


@handler("show_routetable")
def show_routetable(ctx):
    return {"routetable": view(ctx, _get(ctx))}


@handler("update_routetable")
def update_routetable(ctx):
    rt = _get(ctx)
    b = (ctx.body or {}).get("routetable") or {}
    if b.get("name"):
        rt["name"] = b["name"]
    if b.get("description") is not None:
        rt["description"] = b["description"]
    ctx.store.touch()
    return {"routetable": view(ctx, rt)}


@handler("delete_routetable")
def delete_routetable(ctx):
    rt = _get(ctx)
    if rt["default"]:
        raise api_error("IEC.000007", "the default route table of a VPC cannot be deleted")
    if rt["_meta"]["subnets"]:
        # Seed 4.12.5: a route table associated with subnets cannot be deleted.
        raise api_error("IEC.000007", "the route table is associated with subnets")
    ctx.store.delete(COLL, rt["id"])
    return None


def _subnets(ctx, rt):
    subs = []
    for sid in ctx.body["subnet_ids"]:
        s = ctx.store.require("subnets", sid, api_error("IEC.020003"))
        if s["vpc_id"] != rt["vpc_id"]:
            raise api_error("IEC.000007", "subnet %s is not in the route table's VPC" % sid)
        subs.append(s)
    return subs


@handler("associate_subnet")
def associate_subnet(ctx):
    rt = _get(ctx)
    if rt["default"]:
        raise api_error("IEC.000007", "subnets use the default route table unless associated with another one")
    for s in _subnets(ctx, rt):
        for other in ctx.store.find(COLL, vpc_id=rt["vpc_id"]):
            if s["id"] in other["_meta"]["subnets"] and other["id"] != rt["id"]:
                other["_meta"]["subnets"].remove(s["id"])
        if s["id"] not in rt["_meta"]["subnets"]:
            rt["_meta"]["subnets"].append(s["id"])
    ctx.store.touch()
    return {"routetable": view(ctx, rt)}


@handler("disassociate_subnet")
def disassociate_subnet(ctx):
    rt = _get(ctx)
    subs = _subnets(ctx, rt)
    for s in subs:
        if s["id"] not in rt["_meta"]["subnets"]:
            raise api_error("IEC.000007", "subnet %s is not associated with this route table" % s["id"])
    for s in subs:
        rt["_meta"]["subnets"].remove(s["id"])
    ctx.store.touch()
    return {"routetable": view(ctx, rt)}


@handler("list_routes")
def list_routes(ctx):
    rt = _get(ctx)
    return {"routes": _system_routes(ctx, rt) + [dict(r) for r in rt["_meta"]["routes"]]}


def _check_nexthop(ctx, r):
    if r["type"] == "ecs":
        ctx.store.require("instances", r["nexthop"], api_error("IEC.010200"))
    else:
        if not any(p.get("device_owner") == "neutron:VIP_PORT"
                   and any(f.get("ip_address") == r["nexthop"] for f in p.get("fixed_ips") or [])
                   for p in ctx.store.all("ports")):
            raise api_error("IEC.020607")


@handler("create_routes")
def create_routes(ctx):
    rt = _get(ctx)
    existing = {r["destination"] for r in rt["_meta"]["routes"]}
    system = [ipaddress.ip_network(r["destination"], strict=False) for r in _system_routes(ctx, rt)]
    added = []
    for r in ctx.body["routes"]:
        dest = ipaddress.ip_network(r["destination"], strict=False)
        if any(dest.version == s.version and dest.subnet_of(s) for s in system):
            raise api_error("IEC.000007", "destination %s lies in a system route" % r["destination"])
        if r["destination"] in existing:
            raise api_error("IEC.000007", "destination %s already has a route" % r["destination"])
        _check_nexthop(ctx, r)
        existing.add(r["destination"])
        added.append({"type": r["type"], "destination": r["destination"], "nexthop": r["nexthop"],
                      "description": r.get("description") or ""})
    rt["_meta"]["routes"].extend(added)
    ctx.store.touch()
    return {"routes": added}


@handler("update_routes")
def update_routes(ctx):
    rt = _get(ctx)
    by_dest = {r["destination"]: r for r in rt["_meta"]["routes"]}
    for r in ctx.body["routes"]:
        if r["destination"] not in by_dest:
            raise api_error("IEC.000022")
        _check_nexthop(ctx, r)
    updated = []
    for r in ctx.body["routes"]:
        cur = by_dest[r["destination"]]
        cur.update(type=r["type"], nexthop=r["nexthop"], description=r.get("description") or "")
        updated.append(dict(cur))
    ctx.store.touch()
    return {"routes": updated}


@handler("delete_routes")
def delete_routes(ctx):
    rt = _get(ctx)
    dests = [r["destination"] for r in ctx.body["routes"]]
    have = {r["destination"] for r in rt["_meta"]["routes"]}
    for d in dests:
        if d not in have:
            raise api_error("IEC.000022")
    rt["_meta"]["routes"] = [r for r in rt["_meta"]["routes"] if r["destination"] not in dests]
    ctx.store.touch()
    return {"routes": [dict(r) for r in rt["_meta"]["routes"]]}
