#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2025, huaweicloud.iec contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: edgecloud
short_description: Manage edge services (edge clouds) of Huawei Cloud Intelligent EdgeCloud (IEC)
version_added: 1.0.0
description:
  - Manage an edge service (IEC calls it an edge cloud, C(/v1/edgeclouds)) as one resource, that is its
    instances, built from one template (O(stack)) and spread over places and carriers (O(coverage)).
  - Creating one creates a deployment plan (C(POST /v1/deployments)) and executes it (C(/deploy)), then waits
    until the edge cloud is C(inService). One that ends C(failed) fails the task with IEC's reason and the
    numbers of instances created and failed. A plan whose execution is refused is deleted again, so a refusal
    (a quota, a name taken) leaves nothing behind.
  - The edge cloud is found by O(name), which IEC keeps unique.
  - Raising a count in O(coverage.sites), or adding a place, expands the edge cloud with a plan naming the edge cloud
    by id and holding the growth only, then C(/expand), then the same wait. IEC cannot shrink an edge cloud, nor
    expand one at O(coverage.level=site); asking for either fails before any change. IEC reports the counts per
    place, not per carrier, so a place with several carriers grows by the split that the edge cloud's executed
    plans show.
  - O(state=absent) deletes the instances of the edge cloud (IEC refuses to delete an edge cloud that still has
    instances), waits until they are gone, then deletes the edge cloud and waits for that too.
author:
  - Huawei Cloud IEC Ansible contributors (@huaweicloud)
extends_documentation_fragment:
  - huaweicloud.iec.connection.MODULES
  - huaweicloud.iec.edge_service
attributes:
  check_mode:
    description: Runs in check mode, reporting what would change without sending any request that changes it.
    support: full
  diff_mode:
    description: Returns the resource before and after the change.
    support: full
    details:
      - The diff never holds O(stack.admin_pass) or O(stack.user_data).
options:
  name:
    description:
      - Name of the edge cloud, 1 to 32 letters (Chinese characters included), digits, C(-) and C(_). Its identity.
    type: str
    required: true
  description:
    description:
      - Description, at most 255 characters. Set at creation; IEC cannot change it afterwards, so a different
        value fails the task.
    type: str
  state:
    description:
      - V(present) makes sure the edge cloud exists with at least the counts of O(coverage); V(absent) deletes it
        and its instances.
    type: str
    choices: [present, absent]
    default: present
  wait:
    description:
      - Wait until the edge cloud is C(inService) after a creation or an expansion, or gone after a deletion.
        An edge cloud found C(creating) or C(updating) is also awaited before it is compared or deleted.
      - Its instances are always awaited before the edge cloud is deleted, since IEC refuses that earlier.
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds to wait, for each wait.
    type: int
    default: 1800
notes:
  - IEC keeps the counts of a coverage, not the instances. Deleting single instances of an edge cloud (for example
    with M(huaweicloud.iec.instance)) does not lower its counts, and this module does not put them back.
seealso:
  - module: huaweicloud.iec.edgecloud_info
  - module: huaweicloud.iec.deployment
  - module: huaweicloud.iec.instance_info
  - module: huaweicloud.iec.site_info
"""

EXAMPLES = r"""
- name: A web service in three cities, one instance each, with public IPs of China Mobile where it has lines
  huaweicloud.iec.edgecloud:
    name: web
    description: storefront
    stack: &web_stack
      flavor: s6.small.1
      image: CentOS 7.6 64bit
      vpc: edge-system-vpc
      security_groups: [web]
      root_volume: {size: 40, volume_type: SAS}
      key_name: deploy
      bandwidth_size: 10
      user_data: |
        #cloud-config
        packages: [nginx]
    coverage:
      policy: centralize
      level: city
      sites:
        - {site: xian, count: 1, operator: chinamobile}
        - {site: beijing, count: 1}
        - {site: wuhan, count: 1}
  register: web

- name: Grow to two per city (an expansion of the same edge cloud)
  huaweicloud.iec.edgecloud:
    name: web
    stack: *web_stack
    coverage:
      policy: centralize
      level: city
      sites:
        - {site: xian, count: 2, operator: chinamobile}
        - {site: beijing, count: 2}
        - {site: wuhan, count: 2}

- name: Reach every instance
  ansible.builtin.add_host:
    name: "{{ item.name }}-{{ item.city }}"
    ansible_host: "{{ item.public_ips[0] }}"
  loop: "{{ web.edgecloud.instances }}"

- name: Delete the edge cloud and its instances
  huaweicloud.iec.edgecloud:
    name: web
    state: absent
"""

RETURN = r"""
edgecloud:
  description:
    - The edge cloud; empty when O(state=absent) and it did not exist.
    - In check mode, the edge cloud as it is, or, for a new one, as it would be created (without id and status).
  returned: always
  type: dict
  contains:
    id:
      description: ID of the edge cloud.
      type: str
      sample: 27101e92-49a7-11eb-8a8a-fa1640495574
    name:
      description: Name of the edge cloud.
      type: str
      sample: web
    description:
      description: Description of the edge cloud.
      type: str
    status:
      description: V(creating), V(scheduling), V(updating), V(inService), V(failed), V(deleting) or V(delFailed).
      type: str
      sample: inService
    success_num:
      description: Instances IEC created.
      type: int
      sample: 3
    failed_num:
      description: Instances IEC failed to create.
      type: int
      sample: 0
    edge_regions:
      description: Number of edge regions (sites) the instances are in.
      type: int
    fail_reason:
      description: Why the edge cloud failed (C(fail_code), C(fail_message)), when it did.
      type: dict
    created:
      description: Creation time (UTC).
      type: str
    updated:
      description: Time of the last change (UTC).
      type: str
    coverage:
      description:
        - The coverage (C(policy), C(level), C(sites)); C(sites) holds one entry per demand with C(site),
          C(count) and, when IEC reports them, C(i18n_site) and the carrier options.
      type: dict
      sample: {policy: centralize, level: city, sites: [{site: xian, count: 2, i18n_site: 西安市}]}
    stack:
      description:
        - The template of the instances, in the keys of O(stack) (ids instead of names), without the password and
          the user data.
      type: dict
    instances:
      description:
        - The instances of the edge cloud, each with C(id), C(name), C(status), C(site_id), C(city),
          C(private_ips) and C(public_ips). With O(state=absent), those that were deleted.
      type: list
      elements: dict
"""

from ansible_collections.huaweicloud.iec.plugins.module_utils import catalog
from ansible_collections.huaweicloud.iec.plugins.module_utils.client import IecApiError, quote
from ansible_collections.huaweicloud.iec.plugins.module_utils.common import IecModule
from ansible_collections.huaweicloud.iec.plugins.module_utils.edge_service import (
    BUSY,
    EDGECLOUD_NAME_RE,
    ERROR_HINTS,
    NORMALIZERS,
    SERVER_GONE,
    check_coverage,
    check_description,
    check_stack,
    check_system_vpc,
    coverage_body,
    coverage_spec,
    curate_edgecloud,
    curate_server,
    edgecloud_failure,
    first_stack,
    missing_for_creation,
    references as edge_references,
    site_value,
    stack_body,
    stack_fields,
    stack_spec,
    totals,
)
from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import ChildList, IecResource, Wait, dig

STACK_OPTIONS = tuple(sorted(stack_fields("")))


def site_item(site, count):
    return {"site": site, "demands": [{"demand_count": count}]}


def read_sites(engine, resource):
    return [site_item(site, count) for site, count in totals(dig(resource, "coverage.coverage_sites")).items()]


def desired_sites(engine, demands):
    want = {}
    for demand in demands:
        site = site_value(engine, demand["site"])
        want[site] = want.get(site, 0) + demand["count"]
    return [site_item(site, count) for site, count in want.items()]


def normalize_site(item):
    return site_item(item["site"], sum(d.get("demand_count") or 0 for d in item.get("demands") or []))


def expand_edgecloud(engine, resource, plan):
    engine.expand(resource)


class EdgeServers(IecResource):
    """The instances of an edge cloud, awaited together while they are deleted before it."""

    key = "instance"
    kind = "instance"
    returns = ("id", "name", "status")
    waiter = Wait(field="status", gone=SERVER_GONE, absent=True)


class EdgeCloud(IecResource):
    key = "edgecloud"
    kind = "edgecloud"
    create_path = catalog.kind("deployment").path
    identity = ("name",)
    list_query = {"name": "name"}
    list_is_complete = False
    immutable = ("description", "coverage.policy", "coverage.level") + STACK_OPTIONS
    fields = dict(stack_fields("stacks.0."), **{"coverage.policy": "coverage.coverage_policy",
                                                "coverage.level": "coverage.coverage_level"})
    references = edge_references("stacks.0.")
    normalizers = NORMALIZERS
    waiter = Wait(field="status", ready=("inService",), failed=("failed",), reason=edgecloud_failure,
                  after=("create",), absent=True, delete_failed=("delFailed",))
    children = (ChildList("coverage.sites", key=lambda item: item["site"], read=read_sites, apply=expand_edgecloud,
                          normalize=normalize_site, desired=desired_sites, result_key="coverage.coverage_sites"),)
    error_hints = ERROR_HINTS

    def __init__(self, module, client=None):
        super(EdgeCloud, self).__init__(module, client)
        self.growth = None
        self.expansion_stack = None
        self.servers = None

    def fail(self, msg, **kwargs):
        # A creation or an expansion that fails while awaited has changed something all the same.
        kwargs.setdefault("changed", self.result["changed"])
        super(EdgeCloud, self).fail(msg, **kwargs)

    def extract(self, answer):
        resource = super(EdgeCloud, self).extract(answer)
        if isinstance(resource, dict) and isinstance(resource.get("stacks"), dict):
            resource = dict(resource, stacks=[resource["stacks"]])
        return resource

    # --- checks before any request ------------------------------------------------------------

    def validate(self):
        p = self.params
        if not EDGECLOUD_NAME_RE.match(p["name"]):
            self.fail("name must be 1 to 32 letters, digits, '-' or '_'; got '%s'." % p["name"])
        check_description(self.fail, p["description"])
        check_stack(self.fail, p["stack"])
        check_coverage(self.fail, p["coverage"])

    # --- create ---------------------------------------------------------------------------------

    def create_body(self):
        missing = missing_for_creation(self.params["stack"], self.params["coverage"])
        if missing:
            self.fail("Edge cloud '%s' does not exist; to create it, give %s." % (self.params["name"], ", ".join(missing)))
        check_system_vpc(self)
        body = {"name": self.params["name"], "stack": stack_body(self, self.params["name"]),
                "coverage": coverage_body(self)}
        if self.params["description"] is not None:
            body["description"] = self.params["description"]
        return body

    def plan_all_children(self, resource):
        if not resource:
            return {}    # a new edge cloud gets its whole coverage from the creation plan
        plans = super(EdgeCloud, self).plan_all_children(resource)
        plan = plans.get("coverage.sites")
        if plan is not None and plan.changed:
            # Everything an expansion needs is settled here, so that check mode fails like a real run.
            self.growth = self.plan_growth(resource, plan)
            base = first_stack(resource.get("stacks"))
            self.expansion_stack = stack_body(self, resource["name"], base=base)
            template = self.expansion_stack["resources"][0]
            if dig(base, "resources.0.admin_pass") and not template.get("admin_pass") and not template.get("key_name"):
                self.fail("To add instances to edge cloud '%s', give stack.admin_pass: IEC masks the password of the "
                          "edge cloud's template, and the new instances need it." % resource["name"])
        return plans

    def plan_growth(self, resource, plan):
        """(site, operator, pool_id) -> resource groups to add; fails on any shrinking, before any change."""
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
            by_site.setdefault(site_value(self, demand["site"]), []).append(demand)
        growth, split = {}, None
        for site, demands in by_site.items():
            if sum(d["count"] for d in demands) <= have.get(site, 0):
                continue
            keys = [(site, d["operator"], d["pool_id"]) for d in demands]
            if not have.get(site) or len(demands) == 1:
                for key, d in zip(keys, demands):
                    growth[key] = d["count"] - have.get(site, 0)
                continue
            if split is None:
                split = self.executed_split(resource)
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
        self.doing = "read the plans of"
        plans = self.client.list_all("/v1/deployments", "deployments",
                                     query={"edgecloud_id": resource["id"], "status": "closed"})
        split = {}
        for plan in plans:
            for cs in dig(plan, "edgecloud.coverage.coverage_sites") or []:
                for d in cs.get("demands") or []:
                    key = (cs.get("site"), d.get("operator") or None, d.get("pool_id") or None)
                    split[key] = split.get(key, 0) + (d.get("demand_count") or 0)
        return split

    def run_plan(self, body, action, edgecloud_id=None):
        """Create a plan and execute it; a plan whose execution is refused is deleted again."""
        self.doing = "create the deployment plan of"
        answer = self.client.post("/v1/deployments", body={"edgecloud": body})
        return self.execute(answer["id"], action, edgecloud_id)

    def execute(self, plan_id, action, edgecloud_id=None):
        self.doing = "%s" % ("deploy" if action == "deploy" else "expand")
        path = "/v1/deployments/%s/%s" % (quote(plan_id), action)
        try:
            answer = self.client.post(path)
        except IecApiError as e:
            if e.ambiguous:
                # The execution may have happened: look before sending it again.
                found = self.find() if action == "deploy" else self.get(edgecloud_id)
                if found is not None and (action == "deploy" or found.get("status") in BUSY):
                    self.result["changed"] = True
                    return found
                answer = self.client.post(path)
            else:
                self.discard_plan(plan_id)
                raise
        self.result["changed"] = True
        return answer

    def discard_plan(self, plan_id):
        try:
            self.client.delete("/v1/deployments/%s" % quote(plan_id))
        except IecApiError as e:
            self.warn("The deployment plan %s could not be deleted after its execution was refused (%s); delete it "
                      "with huaweicloud.iec.deployment (state: absent)." % (plan_id, e))

    def created(self, answer):
        self.result["changed"] = True
        executed = self.execute(answer["id"], "deploy")
        self.doing = "create"
        ident = executed.get("id")
        return self.get(ident) or {"id": ident, "name": self.params["name"], "status": executed.get("status")}

    # --- update ---------------------------------------------------------------------------------

    def update(self, current):
        if current.get("status") in BUSY and self.params["wait"]:
            current = self.wait_for(current["id"])
        if current.get("status") == "failed":
            self.fail("Edge cloud '%s' is failed: %s. IEC only deletes a failed edge cloud: set state: absent, then "
                      "create it again." % (current.get("name"), edgecloud_failure(current)),
                      edgecloud=self.curate(current))
        return super(EdgeCloud, self).update(current)

    def differences(self, current, options):
        out = super(EdgeCloud, self).differences(current, options)
        for option in list(out):
            # A template field IEC does not report cannot be compared; only defaults it documents can.
            if option in STACK_OPTIONS and option not in ("stack.with_prefix", "stack.count") and \
                    dig(current, self.api_field(option)) is None:
                del out[option]
        return out

    def expand(self, resource):
        body = {"id": resource["id"], "stack": self.expansion_stack, "coverage": coverage_body(self, counts=self.growth)}
        self.run_plan(body, "expand", resource["id"])
        if self.params["wait"]:
            saved = self.waiter
            self.waiter = Wait(field="status", ready=("inService",), failed=("failed",), reason=edgecloud_failure)
            try:
                self.wait_for(resource["id"])
            finally:
                self.waiter = saved

    # --- delete ---------------------------------------------------------------------------------

    def before_delete(self, resource):
        if resource.get("status") in BUSY:
            saved = self.waiter
            self.waiter = Wait(field="status", ready=("inService", "failed", "delFailed"))
            try:
                resource.update(self.wait_for(resource["id"]))
            finally:
                self.waiter = saved
        self.doing = "delete the instances of"
        servers = [s for s in self.edgecloud_servers(resource["id"]) if s.get("status") not in SERVER_GONE]
        if not servers:
            return
        self.client.post("/v1/cloudservers/delete", body={"servers": [{"id": s["id"]} for s in servers]})
        waiter = EdgeServers(self.module, self.client)
        waiter._clock, waiter._sleep, waiter.fail = self._clock, self._sleep, self.fail
        waiter.wait_many([s["id"] for s in servers], absent=True)
        self.doing = "delete"

    def delete(self, current):
        if current.get("status") == "deleting":
            # Someone else deletes it already: a second DELETE would be refused (IEC.010002).
            if self.params["wait"]:
                self.wait_for(current["id"], absent=True)
            return
        super(EdgeCloud, self).delete(current)

    # --- results --------------------------------------------------------------------------------

    def edgecloud_servers(self, ident):
        if self.servers is None:
            self.servers = self.client.list_all("/v1/cloudservers", "servers", query={"edgecloud_id": ident})
        return self.servers

    def curate(self, resource):
        return curate_edgecloud(resource)

    def present(self):
        super(EdgeCloud, self).present()
        view = self.result[self.key]
        if view.get("id"):
            self.doing = "list the instances of"
            self.servers = None
            view["instances"] = [curate_server(s) for s in self.edgecloud_servers(view["id"])
                                 if s.get("status") not in SERVER_GONE]
        else:
            view["instances"] = []

    def absent(self):
        super(EdgeCloud, self).absent()
        if self.result[self.key]:
            self.result[self.key]["instances"] = [curate_server(s) for s in self.servers or []
                                                  if s.get("status") not in SERVER_GONE]


def main():
    module = IecModule(
        argument_spec=dict(
            name=dict(type="str", required=True),
            description=dict(type="str"),
            stack=stack_spec(),
            coverage=coverage_spec(),
            state=dict(type="str", default="present", choices=["present", "absent"]),
            wait=dict(type="bool", default=True),
            wait_timeout=dict(type="int", default=1800),
        ),
        supports_check_mode=True,
    )
    EdgeCloud(module).run()


if __name__ == "__main__":
    main()
