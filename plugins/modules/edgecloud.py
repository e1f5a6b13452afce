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

import copy

from ansible_collections.huaweicloud.iec.plugins.module_utils.client import quote
from ansible_collections.huaweicloud.iec.plugins.module_utils.common import run_module
from ansible_collections.huaweicloud.iec.plugins.module_utils.edge_service import (
    BUSY,
    ERROR_HINTS,
    NORMALIZERS,
    READY,
    SERVER_GONE,
    EdgeServiceSet,
    check_edge_service,
    check_system_vpc,
    coverage_body,
    coverage_spec,
    curate_edgecloud,
    curate_server,
    edgecloud_failure,
    expansion_stack,
    missing_for_creation,
    references as edge_references,
    site_value,
    stack_body,
    stack_fields,
    stack_spec,
    stacks_listed,
    totals,
)
from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import ChildList, IecResource, dig, is_planned, plant, planned, shorten
from ansible_collections.huaweicloud.iec.plugins.module_utils.sets import Goal, Member

STACK_OPTIONS = tuple(sorted(stack_fields("")))
IMMUTABLE = ("description", "coverage.policy", "coverage.level") + STACK_OPTIONS
SETTLED = Goal(ready=("inService", "failed", "delFailed"))
DELETED = Goal(absent=True, failed=("delFailed",), reason=edgecloud_failure)


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


class Declaration(IecResource):
    """What an edge cloud is: its fields, references, checks, creation body and view."""
    kind = "edgecloud"
    identity = ("name",)
    list_query = {"name": "name"}
    list_is_complete = False
    fields = dict(stack_fields("stacks.0."), **{"coverage.policy": "coverage.coverage_policy",
                                                "coverage.level": "coverage.coverage_level"})
    references = edge_references("stacks.0.")
    normalizers = NORMALIZERS
    children = (ChildList("coverage.sites", key=lambda item: item["site"], read=read_sites, apply=None,
                          normalize=normalize_site, desired=desired_sites, result_key="coverage.coverage_sites"),)
    error_hints = ERROR_HINTS

    def validate(self):
        check_edge_service(self)

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

    def curate(self, resource):
        return curate_edgecloud(resource)


class EdgeCloud(EdgeServiceSet):
    """One task over one edge cloud: create (a plan, then deploy), grow (a plan of the growth, then expand) or
    delete (its instances first, in one request, then the edge cloud), each followed by one wait."""
    argument_spec = dict(
        name=dict(type="str", required=True),
        description=dict(type="str"),
        stack=stack_spec(),
        coverage=coverage_spec(),
        state=dict(type="str", default="present", choices=["present", "absent"]),
        wait=dict(type="bool", default=True),
        wait_timeout=dict(type="int", default=1800),
    )

    def __init__(self, module, client=None):
        super(EdgeCloud, self).__init__(Declaration(module, client))
        self.instances = []

    def run(self):
        self.execute_task(self.find_edgecloud)

    def find_edgecloud(self):
        with self.step("look up %s" % self.engine.name_of()):
            self.members = [Member(self.params["name"], stacks_listed(self.engine.find()))]
        if self.params["state"] == "absent":
            self.absent(self.members[0])
        else:
            self.present(self.members[0])

    def report(self):
        view = self.engine.curate(self.members[0].now) if self.members else {}
        if view:
            view["instances"] = self.instances
        return {"edgecloud": view}

    def present(self, member):
        e, p = self.engine, self.params
        if member.before is None:
            return self.create(member)
        if member.before.get("status") in BUSY and p["wait"]:
            member.before = stacks_listed(self.watch(member, READY))
        current = member.before
        if current.get("status") == "failed":
            self.fail("Edge cloud '%s' is failed: %s. IEC only deletes a failed edge cloud: set state: absent, then "
                      "create it again." % (current.get("name"), edgecloud_failure(current)))
        locked = dict((o, v) for o, v in e.differences(current, IMMUTABLE).items() if dig(current, e.api_field(o)) is not None
                      or o not in STACK_OPTIONS or o in ("stack.with_prefix", "stack.count"))
        if locked:
            # A template field IEC does not report cannot be compared; only defaults it documents can.
            option = sorted(locked)[0]
            e.fail("Cannot change %s of %s from %s to %s: IEC does not allow it. Delete it and create it again to "
                   "change that." % (option, e.name_of(current), shorten(dig(current, e.api_field(option))),
                                     shorten(locked[option])))
        plan = e.plan_all_children(current).get("coverage.sites")
        if plan is not None and plan.changed:
            self.grow(member, plan)
        self.list_instances(member)

    def create(self, member):
        e = self.engine
        body = e.create_body()
        if e.check_mode:
            member.now = dict(copy.deepcopy(body), id=planned(e.describe(), self.params["name"]))
            member.changed = True
            return
        self.note_created(member, self.deploy(member, body, "deploy"))
        if self.params["wait"] and member.now.get("status") not in READY.ready:
            self.watch(member, READY)
        self.list_instances(member)

    def grow(self, member, plan):
        """An expansion: a plan naming the edge cloud by id and holding the growth only, then /expand."""
        e, current = self.engine, member.before
        growth = self.plan_growth(current, plan)
        # Everything an expansion needs is settled before it, so that check mode fails like a real run.
        stack = expansion_stack(e, current)
        if e.check_mode:
            would = copy.deepcopy(current)
            plant(would, "coverage.coverage_sites", plan.result)
            # How many instances the expansion brings up, and when it ends, only IEC can say.
            would.update(success_num=planned("success_num"), update_at=planned("updated"))
            member.plan(**would)
            return
        body = {"id": current["id"], "stack": stack, "coverage": coverage_body(e, counts=growth)}
        self.deploy(member, body, "expand", current["id"])
        if self.params["wait"]:
            self.watch(member, READY)
        with self.step("read %s" % self.label(member)):
            member.now = stacks_listed(e.get(current["id"])) or member.now

    def deploy(self, member, edgecloud, action, edgecloud_id=None):
        """A plan created and executed; answers the edge cloud as IEC now shows it (or as the execution named it).
        A plan whose execution IEC refuses is deleted again, so that a refusal leaves nothing behind."""
        plan = self.create_plan(member, edgecloud)
        executed = self.execute(member, plan["id"], action, lambda found: self.executed(action, edgecloud_id, found),
                                refused=lambda error: self.discard_plan(plan["id"]))
        with self.step("read %s" % self.label(member)):
            resource = stacks_listed(self.engine.get(executed["id"])) if executed.get("id") else None
        return resource or {"id": executed.get("id"), "name": executed.get("name") or member.name,
                            "status": executed.get("status")}

    def executed(self, action, edgecloud_id, found):
        """After an execution that got no clear answer: it happened if the edge cloud exists now (deploy), or is busy
        (expand)."""
        if action == "deploy":
            hits = [e for e in self.engine.list(query={"name": self.params["name"]}) if e.get("name") == self.params["name"]]
        else:
            current = self.engine.get(edgecloud_id)
            hits = [current] if current and current.get("status") in BUSY else []
        found.update(hits[0] if hits else {})
        return bool(hits)

    def list_instances(self, member):
        ident = (member.now or {}).get("id")
        if ident and not is_planned(ident):
            with self.step("list the instances of %s" % self.label(member)):
                servers = self.engine.client.list_all("/v1/cloudservers", "servers", query={"edgecloud_id": ident})
            self.instances = [curate_server(s) for s in servers if s.get("status") not in SERVER_GONE]
        return self.instances

    def absent(self, member):
        current = member.before
        if current is None:
            return
        member.changed = True
        if self.engine.check_mode:
            return
        if current.get("status") != "deleting":
            # (One that someone else deletes already is only awaited: a second DELETE is refused, IEC.010002.)
            if current.get("status") in BUSY:
                current = self.watch(member, SETTLED)
            # IEC refuses to delete an edge cloud that still has instances: they go first, awaited whatever wait says.
            servers = [Member(s["name"], s, label="instance") for s in self.list_instances(member)]
            self.delete(servers, "delete the instances of %s" % self.label(member), "/v1/cloudservers/delete",
                        {"servers": [{"id": s.ident} for s in servers]},
                        Goal(absent=True, gone=SERVER_GONE, path="/v1/cloudservers/{id}", key="server"))
            self.send("delete %s" % self.label(member), "delete", "/v1/edgeclouds/%s" % quote(current["id"]),
                      refused=lambda error: self.gone(error, current))
        if self.params["wait"]:
            self.watch(member, DELETED)


def main():
    run_module(EdgeCloud)


if __name__ == "__main__":
    main()
