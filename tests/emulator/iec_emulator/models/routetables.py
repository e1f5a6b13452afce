"""Route tables and routes (seed 4.12). A VPC's default table (created with the VPC) serves every
subnet not associated with another table; system 'local' routes are listed but never editable.

Public API:
    COLL, SYSTEM_RANGES
    view(store, rt, with_subnets=True)   the public view (subnets: the explicit ones, or for a default
                                         table every subnet of the VPC no other table holds)
    require(store, routetable_id)        the route table, or IEC.000022
    find(store, **filters)               route tables whose fields equal the non-empty filters
    create(store, vpc_id, name, description, domain_id)
    create_default(store, vpc, vpc_name, domain_id)   the default table of a new VPC
    delete_of_vpc(store, vpc_id)         remove every table of a VPC (the VPC goes)
    update(store, rt, name, description)
    delete(store, rt)
    associate(store, rt, subnet_ids) / disassociate(store, rt, subnet_ids)
    of_subnet(store, subnet)             the table a subnet uses
    forget_subnet(store, subnet_id)      drop a removed subnet from the tables that name it
    routes(store, rt)                    system routes followed by the custom ones
    add_routes(store, rt, routes) / update_routes(store, rt, routes) / delete_routes(store, rt, destinations)
"""
import ipaddress

from ..errors import api_error
from ..store import public

COLL = "routetables"
SYSTEM_RANGES = ["127.0.0.0/8", "100.64.0.0/10", "198.19.128.0/20"]


def view(store, rt, with_subnets=True):
    out = public(rt)
    if with_subnets:
        if rt["default"]:
            explicit = {s for r in store.find(COLL, vpc_id=rt["vpc_id"]) if not r["default"] for s in r["_meta"]["subnets"]}
            ids = [s["id"] for s in store.find("subnets", vpc_id=rt["vpc_id"]) if s["id"] not in explicit]
        else:
            ids = list(rt["_meta"]["subnets"])
        out["subnets"] = [{"id": i} for i in ids]
    return out


def require(store, routetable_id):
    return store.require(COLL, routetable_id, api_error("IEC.000022"))


def find(store, **filters):
    return [r for r in store.all(COLL) if all(not v or r[k] == v for k, v in filters.items())]


def _system_routes(store, rt):
    vpc = store.get("vpcs", rt["vpc_id"])
    dests = ([vpc["cidr"]] if vpc else []) + SYSTEM_RANGES
    return [{"type": "local", "destination": d, "nexthop": "-", "description": ""} for d in dests]


def create(store, vpc_id, name, description, domain_id):
    store.require("vpcs", vpc_id, api_error("IEC.020104"))
    return store.insert(COLL, {"name": name, "vpc_id": vpc_id, "domain_id": domain_id,
                               "description": description or "", "default": False,
                               "_meta": {"routes": [], "subnets": []}})


def create_default(store, vpc, vpc_name, domain_id):
    return store.insert(COLL, {"name": "rtb-%s" % vpc_name, "vpc_id": vpc["id"], "domain_id": domain_id,
                               "description": "", "default": True, "_meta": {"routes": [], "subnets": []}})


def delete_of_vpc(store, vpc_id):
    for rt in store.find(COLL, vpc_id=vpc_id):
        store.delete(COLL, rt["id"])


def update(store, rt, name=None, description=None):
    if name:
        rt["name"] = name
    if description is not None:
        rt["description"] = description
    store.touch()
    return rt


def delete(store, rt):
    if rt["default"]:
        raise api_error("IEC.000007", "the default route table of a VPC cannot be deleted")
    if rt["_meta"]["subnets"]:
        # Seed 4.12.5: a route table associated with subnets cannot be deleted.
        raise api_error("IEC.000007", "the route table is associated with subnets")
    store.delete(COLL, rt["id"])


def _subnets(store, rt, subnet_ids):
    subs = []
    for sid in subnet_ids:
        s = store.require("subnets", sid, api_error("IEC.020003"))
        if s["vpc_id"] != rt["vpc_id"]:
            raise api_error("IEC.000007", "subnet %s is not in the route table's VPC" % sid)
        subs.append(s)
    return subs


def associate(store, rt, subnet_ids):
    if rt["default"]:
        raise api_error("IEC.000007", "subnets use the default route table unless associated with another one")
    for s in _subnets(store, rt, subnet_ids):
        for other in store.find(COLL, vpc_id=rt["vpc_id"]):
            if s["id"] in other["_meta"]["subnets"] and other["id"] != rt["id"]:
                other["_meta"]["subnets"].remove(s["id"])
        if s["id"] not in rt["_meta"]["subnets"]:
            rt["_meta"]["subnets"].append(s["id"])
    store.touch()
    return rt


def disassociate(store, rt, subnet_ids):
    subs = _subnets(store, rt, subnet_ids)
    for s in subs:
        if s["id"] not in rt["_meta"]["subnets"]:
            raise api_error("IEC.000007", "subnet %s is not associated with this route table" % s["id"])
    for s in subs:
        rt["_meta"]["subnets"].remove(s["id"])
    store.touch()
    return rt


def of_subnet(store, subnet):
    """The route table a subnet uses: the one it is associated with, else its VPC's default table."""
    for rt in store.find(COLL, vpc_id=subnet["vpc_id"]):
        if subnet["id"] in rt["_meta"]["subnets"]:
            return rt
    for rt in store.find(COLL, vpc_id=subnet["vpc_id"], default=True):
        return rt
    return None


def forget_subnet(store, subnet_id):
    for rt in store.all(COLL):
        if subnet_id in rt["_meta"]["subnets"]:
            rt["_meta"]["subnets"].remove(subnet_id)
            store.touch()


def routes(store, rt):
    return _system_routes(store, rt) + [dict(r) for r in rt["_meta"]["routes"]]


def _check_nexthop(store, r):
    if r["type"] == "ecs":
        store.require("instances", r["nexthop"], api_error("IEC.010200"))
    else:
        if not any(p.get("device_owner") == "neutron:VIP_PORT"
                   and any(f.get("ip_address") == r["nexthop"] for f in p.get("fixed_ips") or [])
                   for p in store.all("ports")):
            raise api_error("IEC.020607")


def add_routes(store, rt, new_routes):
    existing = {r["destination"] for r in rt["_meta"]["routes"]}
    system = [ipaddress.ip_network(r["destination"], strict=False) for r in _system_routes(store, rt)]
    added = []
    for r in new_routes:
        dest = ipaddress.ip_network(r["destination"], strict=False)
        if any(dest.version == s.version and dest.subnet_of(s) for s in system):
            raise api_error("IEC.000007", "destination %s lies in a system route" % r["destination"])
        if r["destination"] in existing:
            raise api_error("IEC.000007", "destination %s already has a route" % r["destination"])
        _check_nexthop(store, r)
        existing.add(r["destination"])
        added.append({"type": r["type"], "destination": r["destination"], "nexthop": r["nexthop"],
                      "description": r.get("description") or ""})
    rt["_meta"]["routes"].extend(added)
    store.touch()
    return added


def update_routes(store, rt, changed):
    by_dest = {r["destination"]: r for r in rt["_meta"]["routes"]}
    for r in changed:
        if r["destination"] not in by_dest:
            raise api_error("IEC.000022")
        _check_nexthop(store, r)
    updated = []
    for r in changed:
        cur = by_dest[r["destination"]]
        cur.update(type=r["type"], nexthop=r["nexthop"], description=r.get("description") or "")
        updated.append(dict(cur))
    store.touch()
    return updated


def delete_routes(store, rt, dests):
    have = {r["destination"] for r in rt["_meta"]["routes"]}
    for d in dests:
        if d not in have:
            raise api_error("IEC.000022")
    rt["_meta"]["routes"] = [r for r in rt["_meta"]["routes"] if r["destination"] not in dests]
    store.touch()
    return [dict(r) for r in rt["_meta"]["routes"]]
