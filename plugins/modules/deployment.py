#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2025, huaweicloud.iec contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: deployment
short_description: Manage deployment plans of edge services of Huawei Cloud Intelligent EdgeCloud (IEC)
version_added: 1.0.0
description:
  - Create, execute and delete deployment plans (IEC API C(/v1/deployments)), for those who want the two steps of
    an edge service apart. M(huaweicloud.iec.edgecloud) does both in one task and is the simpler choice.
  - A plan with O(name) creates a new edge cloud of that name when it is executed (C(/deploy)). A plan with
    O(edgecloud) adds instances to that existing edge cloud when it is executed (C(/expand)); its O(coverage)
    holds the growth, not the total.
  - IEC keeps a plan C(open) until it is executed, then C(closed). A plan is found by O(id), or as the open plan of
    O(name) or of O(edgecloud). When no open plan of O(name) exists but an edge cloud of that name does, its plan
    was executed already, and the module changes nothing.
  - IEC cannot change a plan. A plan that differs from the options fails the task, unless O(force=true), which
    deletes it and creates it again.
  - An expansion plan executed without O(id) and without an open plan is created and executed on every run, since
    each run asks for more instances; use M(huaweicloud.iec.edgecloud) to state the counts an edge cloud should have.
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
  id:
    description:
      - ID of an existing plan, open or closed.
    type: str
  name:
    description:
      - Name of the edge cloud the plan creates, 1 to 32 letters (Chinese characters included), digits, C(-) and
        C(_). Not with O(edgecloud).
    type: str
  edgecloud:
    description:
      - The existing edge cloud, by name or id, that the plan expands. Not with O(name).
      - Options of O(stack) left unset are taken from the edge cloud's template; IEC masks its password, so give
        O(stack.admin_pass) again when it logs in with one.
      - O(coverage.level) must be the edge cloud's level, and IEC cannot expand an edge cloud at level C(site).
    type: str
  description:
    description:
      - Description of the edge cloud, at most 255 characters.
    type: str
  state:
    description:
      - V(present) makes sure the plan exists; V(executed) also executes it (C(/deploy) or C(/expand)) and waits
        for the edge cloud; V(absent) deletes the plan (the edge cloud it made stays).
    type: str
    choices: [present, executed, absent]
    default: present
  force:
    description:
      - When the open plan differs from O(stack), O(coverage) or O(description), delete it and create it again.
        Without it, such a difference fails the task.
    type: bool
    default: false
  wait:
    description:
      - With O(state=executed), wait until the edge cloud is C(inService); C(failed) fails the task with IEC's
        reason and the numbers of instances created and failed.
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds to wait for the edge cloud.
    type: int
    default: 1800
seealso:
  - module: huaweicloud.iec.edgecloud
  - module: huaweicloud.iec.deployment_info
  - module: huaweicloud.iec.edgecloud_info
"""

EXAMPLES = r"""
- name: Plan an edge cloud in two cities, without deploying it yet
  huaweicloud.iec.deployment:
    name: web
    stack:
      flavor: s6.small.1
      image: CentOS 7.6 64bit
      vpc: edge-system-vpc
      root_volume: {size: 40, volume_type: SAS}
      key_name: deploy
    coverage:
      policy: centralize
      level: city
      sites:
        - {site: xian, count: 1}
        - {site: beijing, count: 1}
  register: plan

- name: Look at where IEC would put the instances
  ansible.builtin.debug:
    msg: "{{ plan.deployment.distribution | map(attribute='site_id') | list }}"

- name: Deploy it
  huaweicloud.iec.deployment:
    id: "{{ plan.deployment.id }}"
    state: executed

- name: Add one more instance in Xi'an
  huaweicloud.iec.deployment:
    edgecloud: web
    coverage:
      policy: centralize
      level: city
      sites:
        - {site: xian, count: 1}
    state: executed

- name: Drop a plan that was never executed
  huaweicloud.iec.deployment:
    name: web-next
    state: absent
"""

RETURN = r"""
deployment:
  description:
    - The plan; empty when O(state=absent) and it did not exist. In check mode, the plan as it is, or, for a new
      one, as it would be created (without id).
  returned: always
  type: dict
  contains:
    id:
      description: ID of the plan.
      type: str
      sample: 87b9a88c-499d-11eb-8a8a-fa1640495574
    status:
      description: V(open) (not executed) or V(closed) (executed), as the module read it through IEC's status filter.
      type: str
      sample: open
    name:
      description: Name of the edge cloud the plan creates or expands.
      type: str
    edgecloud_id:
      description: ID of the edge cloud the plan expands or created; empty for an open creation plan.
      type: str
    description:
      description: Description of the edge cloud.
      type: str
    coverage:
      description: The coverage of the plan, in the keys of O(coverage).
      type: dict
    stack:
      description: The template of the plan, in the keys of O(stack), without the password and the user data.
      type: dict
    distribution:
      description:
        - Where IEC places the instances, one entry per site and line (C(site_id), C(area), C(province), C(city),
          C(operator), C(pool_id), C(stack_count)).
      type: list
      elements: dict
edgecloud:
  description:
    - The edge cloud the plan made or expanded (C(id), C(name), C(status), C(success_num), C(failed_num),
      C(fail_reason)), once known; empty otherwise.
  returned: always
  type: dict
"""

import copy

from ansible_collections.huaweicloud.iec.plugins.module_utils import catalog
from ansible_collections.huaweicloud.iec.plugins.module_utils.client import quote
from ansible_collections.huaweicloud.iec.plugins.module_utils.common import run_module
from ansible_collections.huaweicloud.iec.plugins.module_utils.edge_service import (
    ERROR_HINTS,
    NORMALIZERS,
    READY,
    EdgeServiceSet,
    check_edge_service,
    check_system_vpc,
    coverage_body,
    coverage_key,
    coverage_spec,
    curate_plan,
    expansion_stack,
    missing_for_creation,
    references as edge_references,
    sites_text,
    stack_body,
    stack_fields,
    stack_spec,
    stacks_listed,
)
from ansible_collections.huaweicloud.iec.plugins.module_utils.options import strings
from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import IecResource, dig, is_planned, planned, shorten
from ansible_collections.huaweicloud.iec.plugins.module_utils.sets import Member

IMMUTABLE = ("description", "coverage.policy", "coverage.level") + tuple(sorted(stack_fields("")))
EDGECLOUD_RETURNS = ("id", "name", "status", "success_num", "failed_num", "fail_reason")
PLAN = "deployment plan of edge cloud"


def listed(plan, status):
    """A plan as listed (IEC has no GET of one plan), with its status and its edge cloud's stacks as a list."""
    return dict(plan, status=status, edgecloud=stacks_listed(plan.get("edgecloud"))) if plan else plan


class Declaration(IecResource):
    """What a deployment plan is: its fields, references, checks, creation body and view."""
    kind = "deployment"
    identity = ("name", "edgecloud")
    list_query = {"edgecloud": "edgecloud_id"}
    list_filters = {"status": "open"}
    fields = dict(stack_fields("edgecloud.stacks.0."), **{
        "name": "edgecloud.name", "description": "edgecloud.description",
        "coverage.policy": "edgecloud.coverage.coverage_policy", "coverage.level": "edgecloud.coverage.coverage_level"})
    references = dict(edge_references("edgecloud.stacks.0."),
                      edgecloud=catalog.ref("edgecloud", "edgecloud.id"))
    normalizers = NORMALIZERS
    error_hints = dict(ERROR_HINTS, **{
        "IEC.010101": "Too many plans are open: delete those you will not execute (state: absent).",
        "IEC.010100": "The plan is not open any more, or does not exist.",
        "IEC.010910": "Check huaweicloud.iec.quota_info: IEC added no instance, and the plan stays open.",
    })

    def match(self, item, wanted):
        if "edgecloud" in wanted:
            return dig(item, "edgecloud.id") == wanted["edgecloud"]
        return not dig(item, "edgecloud.id") and dig(item, "edgecloud.name") == wanted.get("name")

    def validate(self):
        check_edge_service(self)

    def create_body(self):
        p = self.params
        if p["edgecloud"]:
            body = self.expansion_body()
        else:
            missing = missing_for_creation(p["stack"], p["coverage"])
            if missing:
                self.fail("Deployment plan of edge cloud '%s' does not exist; to create it, give %s."
                          % (p["name"], ", ".join(missing)))
            check_system_vpc(self)
            body = {"name": p["name"], "stack": stack_body(self, p["name"]), "coverage": coverage_body(self)}
        if p["description"] is not None:
            body["description"] = p["description"]
        return body

    def expansion_body(self):
        """An expansion plan: the edge cloud's id, its template (with what the task changes) and the growth."""
        p = self.params
        edgecloud = stacks_listed(self.client.get("/v1/edgeclouds/%s" % quote(self.resolve("edgecloud"))))
        level, name = dig(edgecloud, "coverage.coverage_level"), edgecloud.get("name")
        if not p["coverage"]:
            self.fail("An expansion plan of edge cloud '%s' needs coverage: the places and counts to add." % name)
        if level == "site":
            self.fail("IEC cannot expand edge cloud '%s': its coverage is at level site." % name)
        if p["coverage"]["level"] != level:
            self.fail("An expansion plan must keep the coverage level of edge cloud '%s' (%s); got %s."
                      % (name, level, p["coverage"]["level"]))
        return {"id": edgecloud["id"], "stack": expansion_stack(self, edgecloud), "coverage": coverage_body(self)}

    def curate(self, resource):
        return curate_plan(resource)


class Deployment(EdgeServiceSet):
    """One task over one deployment plan: create it (open), replace it (force), execute it (deploy or expand, then
    one wait for its edge cloud), or delete it."""
    argument_spec = dict(
        stack=stack_spec(),
        coverage=coverage_spec(),
        state=dict(type="str", default="present", choices=["present", "executed", "absent"]),
        force=dict(type="bool", default=False),
        wait=dict(type="bool", default=True),
        wait_timeout=dict(type="int", default=1800),
        **strings("id", "name", "edgecloud", "description"),
    )
    module_kwargs = dict(mutually_exclusive=[("name", "edgecloud")], required_one_of=[("id", "name", "edgecloud")])

    def __init__(self, module, client=None):
        super(Deployment, self).__init__(Declaration(module, client))
        self.target = Member(None, label="edge cloud")     # the edge cloud of the plan, once known

    def run(self):
        self.execute_task(self.work)

    def report(self):
        edgecloud = dict((k, self.target.now.get(k)) for k in EDGECLOUD_RETURNS) if self.target.now else {}
        return {"deployment": self.engine.curate(self.members[0].now) if self.members else {}, "edgecloud": edgecloud}

    def work(self):
        p = self.params
        with self.step("look up the %s '%s'" % (PLAN, p["name"] or p["edgecloud"] or p["id"])):
            if p["state"] == "absent" and p["edgecloud"] and self.engine.resolve("edgecloud", missing_ok=True) is None:
                return      # no such edge cloud, so no plan of it either
            current = self.find()
        self.members = [Member(p["name"] or p["edgecloud"] or dig(current or {}, "edgecloud.name") or p["id"], current,
                               label=PLAN)]
        if p["state"] == "absent":
            self.absent(self.members[0])
        else:
            self.present(self.members[0])

    # --- find -----------------------------------------------------------------------------------

    def by_id(self, ident):
        """A plan by id: IEC has no GET of one plan, so it is listed by id, first among the open ones."""
        for status in ("open", None):
            query = {"id": ident, "status": status} if status else {"id": ident}
            found = self.engine.client.list_all(self.engine.path, self.engine.list_key, query=query)
            if found:
                return listed(found[0], status or "closed")
        return None

    def find(self):
        e, p = self.engine, self.params
        if p["id"]:
            return None if is_planned(p["id"]) else self.by_id(p["id"])
        found = e.find()
        if found is not None or not p["name"]:
            return listed(found, "open")
        # No open plan: if the edge cloud exists, its creation plan was executed already.
        edgecloud = next((c for c in e.list(query={"name": p["name"]}, path="/v1/edgeclouds", list_key="edgeclouds")
                          if c.get("name") == p["name"]), None)
        if edgecloud is None:
            return None
        self.target.now = edgecloud
        closed = e.client.list_all(e.path, e.list_key, query={"edgecloud_id": edgecloud["id"], "status": "closed"})
        plan = listed(closed[0], "closed") if closed else {
            "id": None, "status": "closed", "edgecloud": {"id": edgecloud["id"], "name": edgecloud["name"]}}
        return dict(plan, _executed=True)

    # --- present --------------------------------------------------------------------------------

    def present(self, member):
        p, check = self.params, self.engine.check_mode
        if member.before is None:
            if check and is_planned(p["id"]):
                member.now = {"id": p["id"]}    # a plan an earlier task of this dry run would create
                return
            if p["id"]:
                self.engine.fail("No deployment plan has the id '%s'." % p["id"])
            self.create(member)
        elif member.before["status"] == "open":
            self.compare(member)
        if p["state"] == "executed" and (member.after or member.now).get("status") == "closed":
            ident = dig(member.now, "edgecloud.id")
            if not self.target.now and ident and not is_planned(ident):
                with self.step("read the edge cloud of %s" % self.label(member)):
                    self.target.now = self.engine.client.get("/v1/edgeclouds/%s" % quote(ident))
        elif p["state"] == "executed":
            self.run_plan(member)

    def compare(self, member):
        """An open plan cannot change: a different one fails, or with force is replaced (deleted, created again)."""
        e, current = self.engine, member.before
        want = coverage_body(e)["coverage_sites"] if self.params["coverage"] else None
        have = dig(current, "edgecloud.coverage.coverage_sites")
        locked = e.differences(current, IMMUTABLE)
        if want is not None and coverage_key(want) != coverage_key(have):
            locked["coverage.sites"] = want
        if not locked or self.params["force"]:
            return self.replace(member) if locked else None
        option = "coverage.sites" if "coverage.sites" in locked else sorted(locked)[0]
        have_text, want_text = (sites_text(have), sites_text(want)) if option == "coverage.sites" else (
            shorten(dig(current, e.api_field(option))), shorten(locked[option]))
        e.fail("Cannot change %s of %s from %s to %s: IEC does not allow it. Set force: true to replace it." % (
            option, self.label(member), have_text, want_text))

    def create(self, member):
        with self.step("read the edge cloud of %s" % self.label(member)):
            body = self.engine.create_body()
        if self.engine.check_mode:
            member.now = dict(copy.deepcopy(body), id=planned(self.engine.describe(), self.params["name"]))
            member.changed = True
            return
        answer = self.create_plan(member, body)
        with self.step("read %s" % self.label(member)):
            plan = self.by_id(answer["id"])
        self.note_created(member, plan or {"id": answer["id"], "status": "open", "distribution": answer.get("locations")})

    def replace(self, member):
        with self.step("read the edge cloud of %s" % self.label(member)):
            body = self.engine.create_body()
        if self.engine.check_mode:
            member.changed, member.after = True, copy.deepcopy(body)
            return
        current = member.before
        self.send("delete %s" % self.label(member), "delete", "/v1/deployments/%s" % quote(current["id"]),
                  refused=lambda error: error.status == 404 and self.by_id(current["id"]) is None)
        member.now = None
        self.create(member)

    def run_plan(self, member):
        """Executes the plan (deploy, or expand for a plan of an existing edge cloud), then awaits its edge cloud."""
        plan = member.after or member.now
        action = "expand" if self.params["edgecloud"] or dig(plan, "edgecloud.id") else "deploy"
        if self.engine.check_mode:
            # (A plan this dry run would create is its creation body: shown as the plan it makes, closed.)
            member.changed, member.after = True, dict(plan, status="closed") if "edgecloud" in plan else {
                "id": None, "status": "closed", "edgecloud": dict(plan, id=None)}
            return
        executed = self.execute(member, plan["id"], action, lambda found: self.closed(plan["id"], found))
        self.target.name = dig(plan, "edgecloud.name") or member.name
        self.target.now = dict((k, executed.get(k)) for k in ("id", "name", "status"))
        if self.params["wait"] and self.target.ident:
            self.watch(self.target, READY)
        with self.step("read %s" % self.label(member)):
            member.now = self.by_id(plan["id"]) or dict(plan, status="closed")

    def closed(self, plan_id, found):
        """After an execution that got no clear answer: it happened if the plan is closed now."""
        again = self.by_id(plan_id)
        if again is not None and again.get("status") == "closed":
            found["id"] = dig(again, "edgecloud.id")
            return True
        return False

    # --- absent ---------------------------------------------------------------------------------

    def absent(self, member):
        current = member.before
        if current is None or current.get("_executed"):
            member.now = None
            return      # only the open plans of a name are deleted by it; an executed one only by id
        member.changed = True
        if not self.engine.check_mode:
            self.send("delete %s" % self.label(member), "delete", "/v1/deployments/%s" % quote(current["id"]),
                      refused=lambda error: error.status == 404 and self.by_id(current["id"]) is None)


def main():
    run_module(Deployment)


if __name__ == "__main__":
    main()
