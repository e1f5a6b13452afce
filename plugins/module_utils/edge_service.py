# -*- coding: utf-8 -*-
# Copyright (c) 2025, huaweicloud.iec contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What the edgecloud and deployment modules share: the stack (instance template) and the coverage of an
edge service, as options, checks of seed 4.1.1, request bodies and curated views.

Both modules declare the stack and the coverage as options nested in two dict options (`stack.flavor`,
`coverage.policy`), which the engine reads, resolves and compares like top-level options.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import copy
import re

from ansible_collections.huaweicloud.iec.plugins.module_utils import catalog
from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import dig

EDGECLOUD_NAME_RE = re.compile(u"^[\u4e00-\u9fa5A-Za-z0-9_-]{1,32}$")
STACK_NAME_RE = re.compile(u"^[\u4e00-\u9fa5A-Za-z0-9_-]{1,48}$")
INSTANCE_NAME_RE = re.compile(u"^[\u4e00-\u9fa5A-Za-z0-9_.-]{1,48}$")
PASS_SPECIAL = "!@$%^-_=+[{}]:,./?"
BUSY = ("creating", "scheduling", "updating", "deleting")
SERVER_GONE = ("DELETED", "SOFT_DELETED")


def stack_spec():
    volume = dict(size=dict(type="int", required=True), volume_type=dict(type="str", required=True))
    return dict(type="dict", options=dict(
        name=dict(type="str"),
        instance_name=dict(type="str"),
        with_prefix=dict(type="bool"),
        flavor=dict(type="str"),
        image=dict(type="str"),
        vpc=dict(type="str"),
        nic_num=dict(type="int"),
        security_groups=dict(type="list", elements="str"),
        root_volume=dict(type="dict", options=copy.deepcopy(volume)),
        data_volumes=dict(type="list", elements="dict", options=copy.deepcopy(volume)),
        key_name=dict(type="str", no_log=False),
        admin_pass=dict(type="str", no_log=True),
        user_data=dict(type="str", no_log=True),
        bandwidth_size=dict(type="int"),
        count=dict(type="int"),
        allowed_address_pairs=dict(type="list", elements="dict", options=dict(
            ip_address=dict(type="str", required=True), mac_address=dict(type="str"))),
    ))


def coverage_spec():
    return dict(type="dict", options=dict(
        policy=dict(type="str", required=True, choices=["centralize", "discrete"]),
        level=dict(type="str", required=True, choices=["area", "prov", "city", "site"]),
        sites=dict(type="list", elements="dict", required=True, options=dict(
            site=dict(type="str", required=True),
            count=dict(type="int", required=True),
            operator=dict(type="str"),
            pool_id=dict(type="str"),
            bandwidth_type=dict(type="str"),
            pool_id_v6=dict(type="str"),
            ipv6_bandwidth_enable=dict(type="bool"),
            ipv6_bandwidth_type=dict(type="str"),
        )),
    ))


def references(prefix):
    """The name-or-id options of the stack and the coverage; prefix is the path of the first stack
    ('stacks.0.'), where the ids they resolve to are compared."""
    res = prefix + "resources.0."
    return {
        "stack.flavor": catalog.ref("flavor", res + "flavor_ref"),
        "stack.image": catalog.ref("image", res + "image_ref"),
        "stack.vpc": catalog.ref("vpc", res + "net_config.vpc_id"),
        "stack.security_groups": catalog.ref("security_group", res + "security_groups"),
        "coverage.site": catalog.ref("site", "site"),
    }


# Stack options compared with the edge cloud (or plan) that exists: IEC cannot change any of them.
STACK_FIELDS = {
    "stack.name": "name",
    "stack.instance_name": "resources.0.name",
    "stack.with_prefix": "resources.0.with_prefix",
    "stack.flavor": "resources.0.flavor_ref",
    "stack.image": "resources.0.image_ref",
    "stack.vpc": "resources.0.net_config.vpc_id",
    "stack.nic_num": "resources.0.net_config.nic_num",
    "stack.security_groups": "resources.0.security_groups",
    "stack.root_volume": "resources.0.root_volume",
    "stack.data_volumes": "resources.0.data_volumes",
    "stack.key_name": "resources.0.key_name",
    "stack.bandwidth_size": "resources.0.bandwidth.size",
    "stack.count": "resources.0.count",
}


def stack_fields(prefix):
    """Option -> API field of the stack options, under the path of the first stack ('stacks.0.')."""
    return dict((option, prefix + field) for option, field in STACK_FIELDS.items())


def _ids(value):
    if value is None:
        return None
    return sorted((v.get("id") if isinstance(v, dict) else v) for v in value)


def _volume(value):
    if not value:
        return None
    return (value.get("size"), value.get("volume_type"))


def _volumes(value):
    if value is None:
        return None
    return [_volume(v) for v in value]


def _with_prefix(value):
    # IEC's default is true: a template that does not say adds the prefix.
    return True if value is None else bool(value)


def _count(value):
    return 1 if value is None else value


NORMALIZERS = {
    "stack.security_groups": _ids,
    "stack.root_volume": _volume,
    "stack.data_volumes": _volumes,
    "stack.with_prefix": _with_prefix,
    "stack.count": _count,
}


def encode_user_data(text):
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def password_problem(password):
    """Why an admin_pass breaks seed 4.1.1's rules, or None."""
    if not 8 <= len(password) <= 26:
        return "must be 8 to 26 characters long; it has %d" % len(password)
    bad = sorted(set(c for c in password if not c.isalnum() and c not in PASS_SPECIAL))
    if bad or any(ord(c) > 127 for c in password):
        return "may hold only letters, digits and the special characters %s" % PASS_SPECIAL
    kinds = sum(1 for test in (str.isupper, str.islower, str.isdigit) if any(test(c) for c in password))
    kinds += 1 if any(c in PASS_SPECIAL for c in password) else 0
    if kinds < 3:
        return "must mix at least three of upper case letters, lower case letters, digits and special characters"
    low = password.lower()
    for user in ("root", "administrator"):
        if user in low or user[::-1] in low:
            return "must not contain the user name '%s' or its reverse" % user
    return None


def check_description(fail, description):
    if description is not None and len(description) > 255:
        fail("description must be at most 255 characters; it has %d." % len(description))


def check_stack(fail, stack):
    """Seed 4.1.1's constraints on the stack (tables 4-7 to 4-14), before any request."""
    if not stack:
        return
    if stack["name"] is not None and not STACK_NAME_RE.match(stack["name"]):
        fail("stack.name must be 1 to 48 letters, digits, '-' or '_'; got '%s'." % stack["name"])
    if stack["instance_name"] is not None and not INSTANCE_NAME_RE.match(stack["instance_name"]):
        fail("stack.instance_name must be 1 to 48 letters, digits, '-', '_' or '.'; got '%s'."
             % stack["instance_name"])
    if stack["nic_num"] is not None and not 1 <= stack["nic_num"] <= 8:
        fail("stack.nic_num must be 1 to 8 (NICs per instance); got %d." % stack["nic_num"])
    if stack["count"] is not None and stack["count"] < 1:
        fail("stack.count must be at least 1 (instances per demanded resource group); got %d." % stack["count"])
    root = stack["root_volume"]
    if root and not 40 <= root["size"] <= 100:
        fail("stack.root_volume.size must be 40 to 100 GB; got %d." % root["size"])
    data = stack["data_volumes"] or []
    if len(data) > 2:
        fail("stack.data_volumes holds %d disks; an edge instance takes at most 2." % len(data))
    for i, vol in enumerate(data):
        if not 1 <= vol["size"] <= 500:
            fail("stack.data_volumes[%d].size must be 1 to 500 GB; got %d." % (i, vol["size"]))
    if stack["admin_pass"] is not None and stack["key_name"] is not None:
        fail("stack.admin_pass and stack.key_name are mutually exclusive: log in with a password or a key pair.")
    if stack["admin_pass"] is not None:
        problem = password_problem(stack["admin_pass"])
        if problem:
            fail("stack.admin_pass %s." % problem)
    if stack["user_data"] is not None and len(encode_user_data(stack["user_data"])) >= 65535:
        fail("stack.user_data is %d characters once base64-encoded; IEC takes less than 65535."
             % len(encode_user_data(stack["user_data"])))
    if stack["bandwidth_size"] is not None and stack["bandwidth_size"] < 1:
        fail("stack.bandwidth_size must be at least 1 Mbit/s; got %d." % stack["bandwidth_size"])
    for i, pair in enumerate(stack["allowed_address_pairs"] or []):
        if pair["ip_address"] in ("0.0.0.0/0", "::/0"):
            fail("stack.allowed_address_pairs[%d].ip_address cannot be %s (IEC refuses it; 1.1.1.1/0 turns the "
                 "source and destination check off)." % (i, pair["ip_address"]))


def check_coverage(fail, coverage):
    """Seed 4.1.1's constraints on the coverage (tables 4-4 to 4-6), before any request."""
    if not coverage:
        return
    level, sites = coverage["level"], coverage["sites"]
    if level == "site" and coverage["policy"] != "centralize":
        fail("coverage.policy must be centralize at level site (IEC places site-level demands on that very site).")
    if not sites:
        fail("coverage.sites is empty; name at least one place with a count.")
    seen = set()
    for i, demand in enumerate(sites):
        if not 1 <= demand["count"] <= 10:
            fail("coverage.sites[%d].count must be 1 to 10 (resource groups per demand); got %d."
                 % (i, demand["count"]))
        if demand["pool_id"] and level in ("area", "prov"):
            fail("coverage.sites[%d].pool_id cannot be chosen at level %s; IEC takes a line only at level city or "
                 "site." % (i, level))
        key = (demand["site"], demand["operator"], demand["pool_id"])
        if key in seen:
            fail("coverage.sites names site '%s'%s twice; give one entry per site and carrier with the total count."
                 % (demand["site"], " with operator '%s'" % demand["operator"] if demand["operator"] else ""))
        seen.add(key)


def missing_for_creation(stack, coverage):
    """What a new edge service still needs, as option names."""
    stack = stack or {}
    missing = [o for o in ("flavor", "image", "vpc", "root_volume") if not stack.get(o)]
    out = ["stack.%s" % o for o in missing] if stack else ["stack"]
    if not coverage:
        out.append("coverage")
    return out


def check_system_vpc(engine):
    """Edge services use SYSTEM-mode VPCs only (seed 4.1.1, NetConfig): say so before any request."""
    vpc_id = engine.resolve("stack.vpc")
    if vpc_id is None:
        return
    vpc = engine.referenced("stack.vpc", vpc_id) or {}
    if vpc.get("mode") not in (None, "SYSTEM"):
        engine.fail("stack.vpc '%s' is a %s-mode VPC; edge clouds use SYSTEM-mode VPCs only, whose subnets IEC "
                    "plans per site. Create a VPC with mode: SYSTEM." % (engine.param("stack.vpc"), vpc.get("mode")))


def stack_body(engine, name, base=None):
    """The Stack object (one resource: the instance template) of seed 4.1.1, with names resolved to ids.

    base is the stack of an existing edge cloud, for an expansion: options left unset keep its values
    (IEC masks its password, which is then left out)."""
    stack = engine.param("stack") or {}
    old = dig(base or {}, "resources.0") or {}
    resource = copy.deepcopy(old)
    if resource.get("admin_pass") == "******":
        del resource["admin_pass"]
    if stack.get("with_prefix") is not None:
        resource["with_prefix"] = stack["with_prefix"]
    elif not old:
        resource["with_prefix"] = False
    resource["name"] = stack.get("instance_name") or old.get("name") or name
    resource["image_ref"] = engine.resolve("stack.image") or old.get("image_ref")
    resource["flavor_ref"] = engine.resolve("stack.flavor") or old.get("flavor_ref")
    net = dict(old.get("net_config") or {})
    net["vpc_id"] = engine.resolve("stack.vpc") or net.get("vpc_id")
    net["nic_num"] = stack.get("nic_num") or net.get("nic_num") or 1
    if stack.get("allowed_address_pairs"):
        net["allowed_address_pairs"] = [dict((k, v) for k, v in pair.items() if v is not None)
                                        for pair in stack["allowed_address_pairs"]]
    resource["net_config"] = net
    if stack.get("root_volume"):
        resource["root_volume"] = dict(stack["root_volume"])
    resource["count"] = stack.get("count") or old.get("count") or 1
    if stack.get("data_volumes"):
        resource["data_volumes"] = [dict(v) for v in stack["data_volumes"]]
    if stack.get("security_groups") is not None:
        resource["security_groups"] = [{"id": g} for g in engine.resolve("stack.security_groups")]
    if stack.get("bandwidth_size") is not None:
        resource["bandwidth"] = {"sharetype": "WHOLE", "size": stack["bandwidth_size"]}
    for option in ("key_name", "admin_pass"):
        if stack.get(option) is not None:
            resource[option] = stack[option]
    if stack.get("user_data") is not None:
        resource["user_data"] = encode_user_data(stack["user_data"])
    return {"name": stack.get("name") or (base or {}).get("name") or name, "resources": [resource]}


DEMAND_FIELDS = (("operator", "operator"), ("pool_id", "pool_id"), ("bandwidth_type", "bandwidth_type"),
                 ("pool_id_v6", "pool_id_v6"), ("ipv6_bandwidth_enable", "ipv6_bandwidth_enable"),
                 ("ipv6_bandwidth_type", "ipv6_bandwidth_type"))


def site_value(engine, site):
    """A coverage site as IEC wants it: an id at level site (a site name is resolved), the name otherwise."""
    if engine.param("coverage.level") == "site":
        return engine.resolve_value("coverage.site", site)
    return site


def demand_body(demand, count=None):
    body = {"demand_count": demand["count"] if count is None else count}
    for option, field in DEMAND_FIELDS:
        if demand.get(option) is not None:
            body[field] = demand[option]
    return body


def coverage_body(engine, counts=None):
    """The Coverage object of seed 4.1.1: demands grouped by site in the order given.

    counts, when given, maps (site, operator, pool_id) to the count to ask for (an expansion's growth);
    demands it leaves out, or maps to 0, are not sent."""
    coverage = engine.param("coverage")
    sites = []
    by_site = {}
    for demand in coverage["sites"]:
        site = site_value(engine, demand["site"])
        count = demand["count"]
        if counts is not None:
            count = counts.get((site, demand["operator"], demand["pool_id"]), 0)
            if not count:
                continue
        if site not in by_site:
            by_site[site] = {"site": site, "demands": []}
            sites.append(by_site[site])
        by_site[site]["demands"].append(demand_body(demand, count))
    return {"coverage_policy": coverage["policy"], "coverage_level": coverage["level"], "coverage_sites": sites}


def totals(coverage_sites):
    """Site -> instances groups demanded there, summed over the site's demands."""
    out = {}
    for cs in coverage_sites or []:
        out[cs.get("site")] = out.get(cs.get("site"), 0) + sum((d.get("demand_count") or 0) for d in cs.get("demands") or [])
    return out


def first_stack(stacks):
    """The first stack of an edge cloud or plan: IEC documents stacks as an array and shows an object."""
    if isinstance(stacks, list):
        return stacks[0] if stacks else {}
    return stacks or {}


def curate_stack(stack):
    """The documented view of a stack: its template, without the password and the user data."""
    if not stack:
        return {}
    res = dig(stack, "resources.0") or {}
    net = res.get("net_config") or {}
    return {
        "name": stack.get("name"),
        "instance_name": res.get("name"),
        "with_prefix": res.get("with_prefix"),
        "flavor": res.get("flavor_ref"),
        "image": res.get("image_ref"),
        "vpc": net.get("vpc_id"),
        "nic_num": net.get("nic_num"),
        "security_groups": _ids(res.get("security_groups")),
        "root_volume": copy.deepcopy(res.get("root_volume")),
        "data_volumes": copy.deepcopy(res.get("data_volumes")),
        "key_name": res.get("key_name") or None,
        "bandwidth_size": dig(res, "bandwidth.size"),
        "count": res.get("count"),
        "allowed_address_pairs": copy.deepcopy(net.get("allowed_address_pairs")),
    }


def curate_coverage(coverage):
    """The documented view of a coverage: policy, level and one entry per demand, in the options' shape."""
    if not coverage:
        return {}
    sites = []
    for cs in coverage.get("coverage_sites") or []:
        for demand in cs.get("demands") or [{}]:
            entry = {"site": cs.get("site"), "count": demand.get("demand_count")}
            if cs.get("i18n_site"):
                entry["i18n_site"] = cs["i18n_site"]
            for option, field in DEMAND_FIELDS:
                if demand.get(field) not in (None, ""):
                    entry[option] = demand[field]
            sites.append(entry)
    return {"policy": coverage.get("coverage_policy"), "level": coverage.get("coverage_level"), "sites": sites}


def curate_edgecloud(resource):
    """The documented view of an edge cloud (the edgecloud module's result, the items of edgecloud_info)."""
    if not resource:
        return {}
    view = dict((k, copy.deepcopy(resource.get(k))) for k in (
        "id", "name", "description", "status", "success_num", "failed_num", "edge_regions", "fail_reason"))
    view["created"] = resource.get("create_at")
    view["updated"] = resource.get("update_at")
    view["coverage"] = curate_coverage(resource.get("coverage"))
    view["stack"] = curate_stack(first_stack(resource.get("stacks") or resource.get("stack")))
    return view


def curate_plan(plan):
    """The documented view of a deployment plan; a creation body (check mode) is shown as the plan it makes."""
    if not plan:
        return {}
    if "stack" in plan and "edgecloud" not in plan:
        plan = {"id": None, "status": None, "edgecloud": dict(plan, id=None)}
    edge = plan.get("edgecloud") or {}
    return {
        "id": plan.get("id"),
        "status": plan.get("status"),
        "name": edge.get("name"),
        "edgecloud_id": edge.get("id"),
        "description": edge.get("description"),
        "distribution": copy.deepcopy(plan.get("distribution")),
        "coverage": curate_coverage(edge.get("coverage")),
        "stack": curate_stack(first_stack(edge.get("stacks") or edge.get("stack"))),
    }


def edgecloud_failure(resource):
    """Why an edge cloud failed, with its instance counts (the reason of the edgecloud waiter)."""
    reason = dig(resource, "fail_reason.fail_message") or "IEC gave no reason"
    code = dig(resource, "fail_reason.fail_code")
    return "%s%s (%s instances created, %s failed)" % (
        reason, " [%s]" % code if code else "", resource.get("success_num"), resource.get("failed_num"))


def curate_server(server):
    """An instance of an edge cloud, in the few keys a playbook needs to reach it."""
    private, public = [], []
    for addresses in (server.get("addresses") or {}).values():
        for a in addresses or []:
            (public if a.get("OS-EXT-IPS:type") == "floating" else private).append(a.get("addr"))
    return {"id": server.get("id"), "name": server.get("name"), "status": server.get("status"),
            "site_id": dig(server, "geolocation.id"), "city": dig(server, "geolocation.city"),
            "private_ips": private, "public_ips": public}


ERROR_HINTS = {
    "IEC.011010": "Check coverage.sites: at level area, prov and city each site names an area, a province or a "
                  "city as huaweicloud.iec.site_info reports them (case matters); at level site, a site.",
    "IEC.011018": "No site of that coverage offers the flavor and volume types of the stack; pick other places or "
                  "another flavor (see huaweicloud.iec.flavor_info).",
    "IEC.010910": "Check huaweicloud.iec.quota_info: IEC added no instance, and the plan was deleted again.",
    "IEC.010008": "Another edge cloud already has this name.",
    "IEC.010002": "The edge cloud is busy (creating, updating or deleting); run again once it has settled.",
    "IEC.010009": "A failed edge cloud can only be deleted: set state: absent, then create it again.",
}
