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
from ansible_collections.huaweicloud.iec.plugins.module_utils.client import IecError, quote
from ansible_collections.huaweicloud.iec.plugins.module_utils.options import (
    address_pair_options,
    strings,
    volume_options,
)
from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import dig, view_of
from ansible_collections.huaweicloud.iec.plugins.module_utils.sets import Goal, MemberSet

EDGECLOUD_NAME_RE = re.compile(u"^[\u4e00-\u9fa5A-Za-z0-9_-]{1,32}$")
STACK_NAME_RE = re.compile(u"^[\u4e00-\u9fa5A-Za-z0-9_-]{1,48}$")
INSTANCE_NAME_RE = re.compile(u"^[\u4e00-\u9fa5A-Za-z0-9_.-]{1,48}$")
PASS_SPECIAL = "!@$%^-_=+[{}]:,./?"
BUSY = ("creating", "scheduling", "updating", "deleting")
SERVER_GONE = ("DELETED", "SOFT_DELETED")


def stack_spec():
    return dict(type="dict", options=dict(
        with_prefix=dict(type="bool"),
        nic_num=dict(type="int"),
        security_groups=dict(type="list", elements="str"),
        root_volume=dict(type="dict", options=volume_options()),
        data_volumes=dict(type="list", elements="dict", options=volume_options()),
        key_name=dict(type="str", no_log=False),
        admin_pass=dict(type="str", no_log=True),
        user_data=dict(type="str", no_log=True),
        bandwidth_size=dict(type="int"),
        count=dict(type="int"),
        allowed_address_pairs=dict(type="list", elements="dict", options=address_pair_options()),
        **strings("name", "instance_name", "flavor", "image", "vpc"),
    ))


def coverage_spec():
    return dict(type="dict", options=dict(
        policy=dict(type="str", required=True, choices=["centralize", "discrete"]),
        level=dict(type="str", required=True, choices=["area", "prov", "city", "site"]),
        sites=dict(type="list", elements="dict", required=True, options=dict(
            site=dict(type="str", required=True),
            count=dict(type="int", required=True),
            ipv6_bandwidth_enable=dict(type="bool"),
            **strings("operator", "pool_id", "bandwidth_type", "pool_id_v6", "ipv6_bandwidth_type"),
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


def check_edge_service(engine):
    """The checks of an edge cloud's or a plan's options (seed 4.1.1), before any request."""
    p = engine.params
    if p["name"] is not None and not EDGECLOUD_NAME_RE.match(p["name"]):
        engine.fail("name must be 1 to 32 letters, digits, '-' or '_'; got '%s'." % p["name"])
    check_description(engine.fail, p["description"])
    check_stack(engine.fail, p["stack"])
    check_coverage(engine.fail, p["coverage"])


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


def coverage_key(sites):
    """A coverage site list (API shape) as a sorted tuple of its demands, for comparing plans."""
    if sites is None:
        return None
    out = []
    for cs in sites:
        for d in cs.get("demands") or []:
            out.append((cs.get("site"), d.get("demand_count"), d.get("operator") or None, d.get("pool_id") or None,
                        d.get("bandwidth_type") or None, d.get("pool_id_v6") or None,
                        bool(d.get("ipv6_bandwidth_enable")), d.get("ipv6_bandwidth_type") or None))
    return sorted(out)


def sites_text(sites):
    """A coverage site list (API shape) as a person reads it: 'xian 2 (chinamobile), beijing 1'."""
    parts = []
    for item in coverage_key(sites) or []:
        carrier = ", ".join(v for v in item[2:4] if v)
        parts.append("%s %s%s" % (item[0], item[1], " (%s)" % carrier if carrier else ""))
    return ", ".join(parts) or "nothing"


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


def expansion_stack(engine, edgecloud):
    """The template of an expansion plan: the edge cloud's, with what the task changes. IEC masks the password of
    the template, so new instances without a key pair need stack.admin_pass."""
    base = first_stack(edgecloud.get("stacks"))
    stack = stack_body(engine, edgecloud["name"], base=base)
    template = stack["resources"][0]
    if dig(base, "resources.0.admin_pass") and not template.get("admin_pass") and not template.get("key_name"):
        engine.fail("To add instances to edge cloud '%s', give stack.admin_pass: IEC masks the password of the "
                    "edge cloud's template, and the new instances need it." % edgecloud["name"])
    return stack


# A stack's documented keys and where its template holds them (an edge service has one resource).
STACK_VIEW = ("name", ("instance_name", "resources.0.name"), ("with_prefix", "resources.0.with_prefix"),
              ("flavor", "resources.0.flavor_ref"), ("image", "resources.0.image_ref"),
              ("vpc", "resources.0.net_config.vpc_id"), ("nic_num", "resources.0.net_config.nic_num"),
              ("root_volume", "resources.0.root_volume"), ("data_volumes", "resources.0.data_volumes"),
              ("key_name", "resources.0.key_name"), ("bandwidth_size", "resources.0.bandwidth.size"),
              ("count", "resources.0.count"), ("allowed_address_pairs", "resources.0.net_config.allowed_address_pairs"))


def curate_stack(stack):
    """The documented view of a stack: its template, without the password and the user data."""
    if not stack:
        return {}
    view = view_of(stack, STACK_VIEW)
    view["security_groups"] = _ids(dig(stack, "resources.0.security_groups"))
    view["key_name"] = view["key_name"] or None
    return view


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
    view = view_of(resource, ("id", "name", "description", "status", "success_num", "failed_num", "edge_regions",
                              "fail_reason", ("created", "create_at"), ("updated", "update_at")))
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
    view = view_of(plan, ("id", "status", ("name", "edgecloud.name"), ("edgecloud_id", "edgecloud.id"),
                          ("description", "edgecloud.description"), "distribution"))
    view["coverage"] = curate_coverage(edge.get("coverage"))
    view["stack"] = curate_stack(first_stack(edge.get("stacks") or edge.get("stack")))
    return view


def edgecloud_failure(resource):
    """Why an edge cloud failed, with its instance counts (the reason of the edgecloud waiter)."""
    reason = dig(resource, "fail_reason.fail_message") or "IEC gave no reason"
    code = dig(resource, "fail_reason.fail_code")
    return "%s%s (%s instances created, %s failed)" % (
        reason, " [%s]" % code if code else "", resource.get("success_num"), resource.get("failed_num"))


def curate_server(server):
    """An instance of an edge cloud, in the few keys a playbook needs to reach it."""
    addresses = catalog.server_addresses(server)
    private = [a["addr"] for a in addresses if a["type"] != "floating"]
    public = [a["addr"] for a in addresses if a["type"] == "floating"]
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


# An edge cloud created or expanded: awaited until inService; failed ends the wait with IEC's reason and counts.
READY = Goal(ready=("inService",), failed=("failed",), reason=edgecloud_failure, path="/v1/edgeclouds/{id}")


def stacks_listed(resource):
    """An edge cloud (or a plan's edge cloud) with its stacks as the list IEC documents (it shows an object), so
    that stacks.0.<field> reads the template."""
    if isinstance(resource, dict) and isinstance(resource.get("stacks"), dict):
        return dict(resource, stacks=[resource["stacks"]])
    return resource


class EdgeServiceSet(MemberSet):
    """What the edgecloud and deployment modules do alike, on module_utils.sets: a task's run, creating a
    deployment plan and executing it (deploy or expand), each with the look-up that follows a request that got
    no clear answer, and the deletion of a plan whose execution IEC refused."""

    def __init__(self, engine):
        super(EdgeServiceSet, self).__init__(engine, [])
        self.params = engine.params

    def open_plan(self, edgecloud, found):
        """After a plan creation that got no clear answer: the one open plan of the same edge cloud (by name, or by
        id for an expansion) and the same counts is the one it made (found['id']); none, or several, are not."""
        plans = self.engine.client.list_all("/v1/deployments", "deployments", query={"status": "open"})
        mine = [p for p in plans if (dig(p, "edgecloud.id") or None) == edgecloud.get("id") and
                (edgecloud.get("id") or dig(p, "edgecloud.name") == edgecloud.get("name")) and
                totals(dig(p, "edgecloud.coverage.coverage_sites")) == totals(dig(edgecloud, "coverage.coverage_sites"))]
        if len(mine) == 1:
            found["id"] = mine[0]["id"]
        return len(mine) == 1

    def create_plan(self, member, edgecloud):
        """POST /v1/deployments; answers the plan's answer ('id', 'locations')."""
        found = {}
        answer = self.send("create the deployment plan of %s" % self.label(member), "post", "/v1/deployments",
                           {"edgecloud": edgecloud}, lookup=lambda: self.open_plan(edgecloud, found))
        return answer if answer is not None else found

    def execute(self, member, plan_id, action, lookup, refused=None):
        """Executes a plan (POST /v1/deployments/{id}/deploy or /expand) and answers IEC's answer (the edge cloud's
        id, name and status), or, after an execution that got no clear answer, what lookup(found) put in found
        when it answered that the execution happened."""
        found = {}
        answer = self.send("%s %s" % (action, self.label(member)), "post", "/v1/deployments/%s/%s" % (quote(plan_id), action),
                           lookup=lambda: lookup(found), refused=refused)
        return answer if answer is not None else found

    def plan_growth(self, resource, plan):
        """An edge cloud's growth: (site, operator, pool_id) -> resource groups to add, from the plan of its
        coverage.sites (ChildList); fails on any shrinking, before any change."""
        name = resource.get("name")
        for item in plan.removes:
            self.fail("Cannot remove %s from edge cloud '%s', which has %d resource groups there: IEC cannot shrink "
                      "an edge cloud. Keep it in coverage.sites, or delete the edge cloud (state: absent) and "
                      "create it again." % (item["site"], name, item["demands"][0]["demand_count"]))
        for old, new in plan.updates:
            have, want = old["demands"][0]["demand_count"], new["demands"][0]["demand_count"]
            if want < have:
                self.fail("Cannot shrink edge cloud '%s' at %s from %d to %d resource groups: IEC cannot shrink an "
                          "edge cloud. Delete it (state: absent) and create it again with the smaller coverage."
                          % (name, old["site"], have, want))
        if dig(resource, "coverage.coverage_level") == "site":
            self.fail("Cannot add instances to edge cloud '%s': IEC cannot expand an edge cloud whose coverage is at "
                      "level site. Use level city (or area, prov) for an edge cloud that grows." % name)
        have = totals(dig(resource, "coverage.coverage_sites"))
        by_site = {}
        for demand in self.params["coverage"]["sites"]:
            by_site.setdefault(site_value(self.engine, demand["site"]), []).append(demand)
        growth, split = {}, None
        for site, demands in by_site.items():
            if sum(d["count"] for d in demands) <= have.get(site, 0):
                continue
            keys = [(site, d["operator"], d["pool_id"]) for d in demands]
            if not have.get(site) or len(demands) == 1:
                for key, d in zip(keys, demands):
                    growth[key] = d["count"] - have.get(site, 0)
                continue
            split = self.executed_split(resource) if split is None else split
            if sum(n for k, n in split.items() if k[0] == site) != have[site]:
                self.fail("Cannot tell how the %d resource groups of edge cloud '%s' at %s split over carriers (its "
                          "executed plans do not account for them), so the growth cannot be shared out. Give %s one "
                          "entry in coverage.sites." % (have[site], name, site, site))
            for key, d in zip(keys, demands):
                if d["count"] < split.get(key, 0):
                    self.fail("Cannot shrink edge cloud '%s' at %s for operator %s from %d to %d resource groups: IEC "
                              "cannot shrink an edge cloud." % (name, site, d["operator"], split[key], d["count"]))
                if d["count"] > split.get(key, 0):
                    growth[key] = d["count"] - split.get(key, 0)
        return growth

    def executed_split(self, resource):
        """(site, operator, pool_id) -> resource groups, summed over the executed (closed) plans of the edge cloud."""
        with self.step("read the plans of %s" % self.engine.name_of(resource)):
            plans = self.engine.client.list_all("/v1/deployments", "deployments",
                                                query={"edgecloud_id": resource["id"], "status": "closed"})
        split = {}
        for plan in plans:
            for cs in dig(plan, "edgecloud.coverage.coverage_sites") or []:
                for d in cs.get("demands") or []:
                    key = (cs.get("site"), d.get("operator") or None, d.get("pool_id") or None)
                    split[key] = split.get(key, 0) + (d.get("demand_count") or 0)
        return split

    def diff(self):
        """The task's one member (the edge cloud, the plan) before and after; empty when nothing changed."""
        member = self.members[0] if self.members else None
        if not self.changed() or member is None:
            return dict(before={}, after={})
        after = {} if self.params["state"] == "absent" else self.engine.for_diff(member.after or member.now)
        return dict(before=self.engine.for_diff(member.before), after=after)

    def discard_plan(self, plan_id):
        try:
            self.engine.client.delete("/v1/deployments/%s" % quote(plan_id))
        except IecError as e:
            self.engine.warn("The deployment plan %s could not be deleted after its execution was refused (%s); delete it "
                             "with huaweicloud.iec.deployment (state: absent)." % (plan_id, e))
        return False

    def gone(self, error, resource):
        """Whether a DELETE answered 404 because the resource is gone (a 404 can also mean a wrong route)."""
        return error.status == 404 and self.engine.get(resource["id"]) is None
