"""Deployment plans (seed 4.1.1-4.1.5). A plan holds a stack (resource templates) and a coverage
(policy centralize|discrete, level area|prov|city|site, sites with operator and demand counts); its
distribution (where the instances go) is computed when the plan is created. A plan with a `name`
is executed by /deploy (creates an edge cloud); a plan with the `id` of an existing edge cloud is
executed by /expand (adds instances to it). Either closes the plan.

Coverage `site` names a location of the level: an area (east, 华东地区), a province, a city (exact,
case-sensitive, English or Chinese) or, at level site, a site id. centralize puts a demand on one
site; discrete spreads it over the matching sites. Deployments only use SYSTEM-mode VPCs (seed 4.1.1):
each site gets a system subnet (a free /24 of the VPC) the first time an instance lands there, removed
again once no port uses it (subnets.release_system_subnets).

Public API:
    COLL, EC_NAME, MAX_OPEN, CODE, LEVEL_KEY
    distribute(ctx, coverage, tmpls)    a plan's distribution over the sites
    create(ctx, edgecloud)              check and store a plan (the request's edgecloud object)
    find(store, dep_id, edgecloud_id, status)
    delete(store, dep_id)               IEC.010100 when there is no such plan
    execute(ctx, dep_id)                /deploy: the new edge cloud with its instances -> (ec, dep)
    expand(ctx, dep_id)                 /expand: the edge cloud grown by the plan -> (ec, dep)
"""
import copy
import re

from ..clock import iso
from ..errors import api_error
from . import edgeclouds
from .instances import check_quota, commit, plan, resolve_template

COLL = "deployments"
EC_NAME = re.compile(r"^[\u4e00-\u9fa5A-Za-z0-9_\-]{1,32}$")
MAX_OPEN = 100
CODE = "IEC.010303"
LEVEL_KEY = {"area": "area", "prov": "province", "city": "city"}


def _locations(ctx, level, value):
    if level == "site":
        site = ctx.catalog.site(value)
        return [site] if site else []
    key = LEVEL_KEY[level]
    return [s["site"] for s in ctx.catalog.sites if value in (s["site"][key], s["site"]["i18n_" + key])]


def _i18n(ctx, level, value):
    sites = _locations(ctx, level, value)
    if not sites:
        return value
    return sites[0]["i18n_city"] if level in ("city", "site") else sites[0]["i18n_" + LEVEL_KEY[level]]


def _line(ctx, site, operator=None, pool_id=None):
    for p in site["pools"]:
        if p["ip_version"] != "4":
            continue
        if pool_id and pool_id not in (p["pool_id"], p["id"]):
            continue
        if operator and p["operator"]["name"] != operator:
            continue
        return p
    return None


def distribute(ctx, coverage, tmpls):
    """The plan's distribution: [{site_id, area, province, city, operator, pool_id, stack_count, ...}]."""
    policy, level = coverage["coverage_policy"], coverage["coverage_level"]
    if level == "site" and policy != "centralize":
        raise api_error("IEC.010800", "site-level coverage supports the centralize policy only")
    if not coverage["coverage_sites"]:
        raise api_error("IEC.010800", "coverage_sites is empty")
    dist = {}
    for cs in coverage["coverage_sites"]:
        located = _locations(ctx, level, cs["site"])
        if not located:
            raise api_error("IEC.011010")
        if not cs["demands"]:
            raise api_error("IEC.010800", "coverage site %s has no demands" % cs["site"])
        for d in cs["demands"]:
            op, pool_id = d.get("operator") or None, d.get("pool_id") or None
            if pool_id and level in ("area", "prov"):
                raise api_error("IEC.010800", "a line (pool_id) cannot be chosen at level %s" % level)
            cands = [s for s in located if _line(ctx, s, op) is not None]
            if op and not cands:
                raise api_error("IEC.011010")
            if pool_id:
                cands = [s for s in cands if _line(ctx, s, op, pool_id) is not None]
                if not cands:
                    raise api_error("IEC.010800", "line %s is not at %s" % (pool_id, cs["site"]))
            usable = []
            for s in cands:
                sinfo = ctx.catalog.sites_by_id[s["id"]]
                if all(t["flavor"]["id"] in sinfo["flavors"] and all(
                        v["volume_type"] in sinfo["volume_types"] for v in [t["root_volume"]] + t["data_volumes"])
                        for t in tmpls):
                    usable.append(s)
            if not usable:
                raise api_error("IEC.011018")
            n = d["demand_count"]
            if policy == "centralize":
                shares = [(usable[0], n)]
            else:
                k = len(usable)
                shares = [(usable[i], n // k + (1 if i < n % k else 0)) for i in range(min(k, n))]
            for site, count in shares:
                line = _line(ctx, site, op, pool_id)
                key = (site["id"], line["pool_id"])
                if key in dist:
                    dist[key]["stack_count"] += count
                    continue
                dist[key] = {"site_id": site["id"], "area": site["area"], "province": site["province"],
                             "city": site["city"], "operator": line["operator"]["name"], "pool_id": line["pool_id"],
                             "stack_count": count, "city_short_name": site["city_short_name"],
                             "ipv6_enable": bool(d.get("pool_id_v6")),
                             "ipv6_bandwidth_enable": bool(d.get("ipv6_bandwidth_enable")),
                             "pool_id_v6": d.get("pool_id_v6") or ""}
    return list(dist.values())


def _templates(ctx, resources):
    if not resources:
        raise api_error(CODE, "stack.resources is empty")
    tmpls = []
    for r in resources:
        t = resolve_template(ctx, r, CODE)
        if t["vpc"]["mode"] != "SYSTEM":
            raise api_error(CODE, "net_config.vpc_id: edge clouds use SYSTEM-mode VPCs only")
        count = r.get("count", 1)
        if count is None or count < 1:
            raise api_error("IEC.010700")
        t["count"] = count
        t["nic_num"] = r["net_config"]["nic_num"]
        tmpls.append(t)
    return tmpls


def _masked(stack):
    out = copy.deepcopy(stack)
    for r in out.get("resources") or []:
        if r.get("admin_pass"):
            r["admin_pass"] = "******"
    return out


def create(ctx, e):
    """Check and store a deployment plan; e: the request's edgecloud object."""
    name, ec_id = e.get("name") or "", e.get("id") or ""
    if not name and not ec_id:
        raise api_error("IEC.010005")
    if name and ec_id:
        raise api_error(CODE, "edgecloud.id and edgecloud.name cannot both be set")
    if name and not EC_NAME.match(name):
        raise api_error("IEC.010004", name)
    if "<" in (e.get("description") or "") or ">" in (e.get("description") or ""):
        raise api_error("IEC.010010", "description contains '<' or '>'")
    cov = e["coverage"]
    if ec_id:
        ec = edgeclouds.require(ctx.store, ec_id)
        level = ec["coverage"]["coverage_level"]
        if level == "site":
            raise api_error("IEC.010800", "site-level edge clouds cannot be expanded")
        if cov["coverage_level"] != level:
            raise api_error("IEC.010800", "expansion must keep the coverage level %s" % level)
        name = ec["name"]
    elif ctx.store.find(edgeclouds.COLL, name=name):
        raise api_error("IEC.010008", name)
    if not e["stack"]["name"] or not EC_NAME.match(e["stack"]["name"][:32]) or len(e["stack"]["name"]) > 48:
        raise api_error(CODE, "stack.name may contain Chinese characters, letters, digits, '-' and '_' only")
    tmpls = _templates(ctx, e["stack"]["resources"])
    dist = distribute(ctx, cov, tmpls)
    if ctx.store.count(COLL, lambda r: r["_meta"]["status"] == "open") >= MAX_OPEN:
        raise api_error("IEC.010101", ctx.domain_id)
    rec = {"distribution": dist,
           "edgecloud": {"id": ec_id, "name": name, "stacks": _masked(e["stack"]),
                         "description": e.get("description") or "", "coverage": copy.deepcopy(cov)},
           "_meta": {"status": "open", "stack": copy.deepcopy(e["stack"]), "created": ctx.now()}}
    ctx.store.insert(COLL, rec)
    return rec


def find(store, dep_id=None, edgecloud_id=None, status=None):
    return [r for r in store.all(COLL)
            if (not dep_id or r["id"] == dep_id)
            and (not edgecloud_id or r["edgecloud"]["id"] == edgecloud_id)
            and (not status or r["_meta"]["status"] == status)]


def delete(store, dep_id):
    store.require(COLL, dep_id, api_error("IEC.010100", dep_id))
    store.delete(COLL, dep_id)


def _groups(ctx, dep):
    """[(tmpl, placements)] of an open plan, re-checked against the current state."""
    tmpls = _templates(ctx, dep["_meta"]["stack"]["resources"])
    groups = []
    for t, raw in zip(tmpls, dep["_meta"]["stack"]["resources"]):
        placements = []
        for dist in dep["distribution"]:
            site = ctx.catalog.site(dist["site_id"])
            pool = _line(ctx, site, dist["operator"], dist["pool_id"])
            placements.append({"site": site, "count": dist["stack_count"] * t["count"], "subnets": None,
                               "nic_num": t["nic_num"], "pools": [pool] if raw.get("bandwidth") else [],
                               "operator": dist["operator"]})
        groups.append((t, placements))
    return groups


def _namer(base, existing):
    """names(placement, i) for commit(): base-NNNN, numbered on from the site's existing instances."""
    def names(p, i):
        return "%s-%04d" % (base, existing.get(p["site"]["id"], 0) + i + 1)
    return names


def _launch(ctx, dep, ec, groups):
    """Create the planned instances (plan() passed for every group before anything changed)."""
    fail = ctx.should_fail(ec["name"], ec.get("description"))
    for t, placements in groups:
        existing = {}
        for inst in ctx.store.find("instances", edgecloud_id=ec["id"]):
            if inst["_meta"].get("base_name", "").rsplit("-", 1)[0] == t["name"]:
                existing[inst["_meta"]["site_id"]] = existing.get(inst["_meta"]["site_id"], 0) + 1
        commit(ctx, t, placements, _namer(t["name"], existing), edgecloud=ec, fail=fail)
    dep["_meta"]["status"] = "closed"
    dep["edgecloud"]["id"] = ec["id"]
    ctx.store.touch()
    edgeclouds.settle_later(ctx, ec)


def _open(ctx, dep_id, expand):
    dep = ctx.store.get(COLL, dep_id)
    if dep is None or dep["_meta"]["status"] != "open" or bool(dep["edgecloud"]["id"]) != expand:
        raise api_error("IEC.010100", dep_id)
    return dep


def _coverage_resp(ctx, cov):
    level = cov["coverage_level"]
    return {"coverage_policy": cov["coverage_policy"], "coverage_level": level,
            "coverage_sites": [{"site": cs["site"], "i18n_site": _i18n(ctx, level, cs["site"]),
                                "demands": [{"demand_count": sum(d["demand_count"] for d in cs["demands"])}]}
                               for cs in cov["coverage_sites"]]}


def execute(ctx, dep_id):
    """Deploy an open plan with a name: the new edge cloud and its instances. Returns (ec, dep)."""
    dep = _open(ctx, dep_id, expand=False)
    name = dep["edgecloud"]["name"]
    if ctx.store.find(edgeclouds.COLL, name=name):
        raise api_error("IEC.010008", name)
    ctx.quota("edgeclouds", 1)
    groups = _groups(ctx, dep)
    now = iso(ctx.now())
    ec = {"name": name, "description": dep["edgecloud"]["description"],
          "coverage": _coverage_resp(ctx, dep["edgecloud"]["coverage"]), "success_num": 0, "failed_num": 0,
          "status": "creating", "fail_reason": None, "edge_regions": len({d["site_id"] for d in dep["distribution"]}),
          "create_at": now, "update_at": now, "stacks": [_masked(dep["_meta"]["stack"])],
          "_meta": {"deployments": [dep["id"]]}}
    # Everything is checked before the edge cloud exists: plan() raises on any problem.
    check_quota(ctx, groups)
    for t, placements in groups:
        plan(ctx, t, placements, CODE, quota=False)
    edgeclouds.create(ctx.store, ec)
    _launch(ctx, dep, ec, groups)
    return ec, dep


def expand(ctx, dep_id):
    """Execute an open plan naming an edge cloud: its instances are added. Returns (ec, dep)."""
    dep = _open(ctx, dep_id, expand=True)
    ec = edgeclouds.require(ctx.store, dep["edgecloud"]["id"])
    if ec["status"] in edgeclouds.BUSY:
        raise api_error("IEC.010002", ec["id"])
    if ec["status"] != "inService":
        raise api_error("IEC.010009", ec["id"])
    groups = _groups(ctx, dep)
    check_quota(ctx, groups)
    for t, placements in groups:
        plan(ctx, t, placements, CODE, quota=False)
    # Grow the edge cloud's coverage by the plan's demands.
    added = _coverage_resp(ctx, dep["edgecloud"]["coverage"])
    mine = {cs["site"]: cs for cs in ec["coverage"]["coverage_sites"]}
    for cs in added["coverage_sites"]:
        if cs["site"] in mine:
            mine[cs["site"]]["demands"][0]["demand_count"] += cs["demands"][0]["demand_count"]
        else:
            ec["coverage"]["coverage_sites"].append(cs)
    stack = _masked(dep["_meta"]["stack"])
    if stack["name"] not in [s["name"] for s in ec["stacks"]]:
        ec["stacks"].append(stack)
    ec["status"] = "updating"
    ec["update_at"] = iso(ctx.now())
    ec["_meta"]["deployments"].append(dep["id"])
    ctx.store.cancel_transitions(edgeclouds.COLL, ec["id"])
    _launch(ctx, dep, ec, groups)
    return ec, dep
