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

from ansible_collections.huaweicloud.iec.plugins.module_utils import catalog
from ansible_collections.huaweicloud.iec.plugins.module_utils.client import IecApiError, quote
from ansible_collections.huaweicloud.iec.plugins.module_utils.common import IecModule
from ansible_collections.huaweicloud.iec.plugins.module_utils.edge_service import (
    EDGECLOUD_NAME_RE,
    ERROR_HINTS,
    NORMALIZERS,
    check_coverage,
    check_description,
    check_stack,
    check_system_vpc,
    coverage_body,
    coverage_spec,
    curate_plan,
    edgecloud_failure,
    first_stack,
    missing_for_creation,
    references as edge_references,
    stack_body,
    stack_fields,
    stack_spec,
)
from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import IecResource, Wait, dig


class EdgeCloudWatch(IecResource):
    """The edge cloud a plan creates or expands, awaited after the execution."""

    key = "edgecloud"
    kind = "edgecloud"
    waiter = Wait(field="status", ready=("inService",), failed=("failed",), reason=edgecloud_failure)
    returns = ("id", "name", "status", "success_num", "failed_num", "fail_reason")


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


class Deployment(IecResource):
    key = "deployment"
    kind = "deployment"
    identity = ("name", "edgecloud")
    list_query = {"edgecloud": "edgecloud_id"}
    list_filters = {"status": "open"}
    immutable = ("description", "coverage.policy", "coverage.level", "coverage.sites") + tuple(sorted(stack_fields("")))
    fields = dict(stack_fields("edgecloud.stacks.0."), **{
        "name": "edgecloud.name", "description": "edgecloud.description",
        "coverage.policy": "edgecloud.coverage.coverage_policy", "coverage.level": "edgecloud.coverage.coverage_level",
        "coverage.sites": "edgecloud.coverage.coverage_sites"})
    references = dict(edge_references("edgecloud.stacks.0."),
                      edgecloud=catalog.ref("edgecloud", "edgecloud.id"))
    normalizers = dict(NORMALIZERS, **{"coverage.sites": coverage_key})
    replace_option = "force"
    error_hints = dict(ERROR_HINTS, **{
        "IEC.010101": "Too many plans are open: delete those you will not execute (state: absent).",
        "IEC.010100": "The plan is not open any more, or does not exist.",
        "IEC.010910": "Check huaweicloud.iec.quota_info: IEC added no instance, and the plan stays open.",
    })

    def __init__(self, module, client=None):
        super(Deployment, self).__init__(module, client)
        self.result["edgecloud"] = {}
        self.target = None
        self.raw = None

    def fail(self, msg, **kwargs):
        # An execution that fails while awaited has changed something all the same; report both resources.
        kwargs.setdefault("changed", self.result["changed"])
        kwargs.setdefault("edgecloud", self.result["edgecloud"])
        kwargs.setdefault(self.key, self.result[self.key])
        super(Deployment, self).fail(msg, **kwargs)

    # --- reading --------------------------------------------------------------------------------

    def extract(self, answer):
        # Plans carry their edge cloud under 'edgecloud', the request envelope: keep the plan whole.
        if isinstance(answer, dict) and isinstance(dig(answer, "edgecloud.stacks"), dict):
            answer = dict(answer, edgecloud=dict(answer["edgecloud"], stacks=[answer["edgecloud"]["stacks"]]))
        return answer

    def list(self, query=None, path=None, list_key=None):
        items = super(Deployment, self).list(query, path, list_key)
        if path is None:
            items = [dict(self.extract(i), status="open") for i in items]
        return items

    def get(self, ident, template=None):
        if template is not None:
            return super(Deployment, self).get(ident, template)
        # IEC has no GET of one plan: list by id, once among the open plans to learn the status.
        for status in ("open", None):
            query = {"id": ident, "status": status} if status else {"id": ident}
            found = self.client.list_all(self.path, self.list_key, query=query)
            if found:
                return dict(self.extract(found[0]), status=status or "closed")
        return None

    def match(self, item, wanted):
        if "edgecloud" in wanted:
            return dig(item, "edgecloud.id") == wanted["edgecloud"]
        return not dig(item, "edgecloud.id") and dig(item, "edgecloud.name") == wanted.get("name")

    def wanted(self, option):
        if option == "coverage.sites":
            return coverage_body(self)["coverage_sites"] if self.param("coverage") else None
        return super(Deployment, self).wanted(option)

    def expanded(self):
        """The edge cloud an expansion plan is for (read once)."""
        if self.target is None and self.params["edgecloud"]:
            self.doing = "read the edge cloud of"
            answer = self.client.get("/v1/edgeclouds/%s" % quote(self.resolve("edgecloud")))
            self.target = dict(answer, stacks=[first_stack(answer.get("stacks"))])
        return self.target

    def find(self):
        found = super(Deployment, self).find()
        if found is not None or not self.params["name"]:
            return found
        # No open plan: if the edge cloud exists, its creation plan was executed already.
        edgeclouds = self.client.list_all("/v1/edgeclouds", "edgeclouds", query={"name": self.params["name"]})
        edgecloud = next((e for e in edgeclouds if e.get("name") == self.params["name"]), None)
        if edgecloud is None:
            return None
        self.result["edgecloud"] = self.edgecloud_view(edgecloud)
        closed = self.client.list_all(self.path, self.list_key, query={"edgecloud_id": edgecloud["id"],
                                                                       "status": "closed"})
        plan = dict(self.extract(closed[0]), status="closed") if closed else {
            "id": None, "status": "closed", "edgecloud": {"id": edgecloud["id"], "name": edgecloud["name"]}}
        plan["_executed"] = True
        return plan

    # --- checks ---------------------------------------------------------------------------------

    def validate(self):
        p = self.params
        if p["name"] is not None and not EDGECLOUD_NAME_RE.match(p["name"]):
            self.fail("name must be 1 to 32 letters, digits, '-' or '_'; got '%s'." % p["name"])
        check_description(self.fail, p["description"])
        check_stack(self.fail, p["stack"])
        check_coverage(self.fail, p["coverage"])

    def create_body(self):
        p = self.params
        if p["edgecloud"]:
            edgecloud = self.expanded()
            level = dig(edgecloud, "coverage.coverage_level")
            if not p["coverage"]:
                self.fail("An expansion plan of edge cloud '%s' needs coverage: the places and counts to add."
                          % edgecloud.get("name"))
            if level == "site":
                self.fail("IEC cannot expand edge cloud '%s': its coverage is at level site." % edgecloud.get("name"))
            if p["coverage"]["level"] != level:
                self.fail("An expansion plan must keep the coverage level of edge cloud '%s' (%s); got %s."
                          % (edgecloud.get("name"), level, p["coverage"]["level"]))
            stack = stack_body(self, edgecloud["name"], base=first_stack(edgecloud.get("stacks")))
            if dig(edgecloud, "stacks.0.resources.0.admin_pass") and not stack["resources"][0].get("admin_pass") \
                    and not stack["resources"][0].get("key_name"):
                self.fail("Give stack.admin_pass: IEC masks the password of the template of edge cloud '%s', and the "
                          "new instances need it." % edgecloud.get("name"))
            body = {"id": edgecloud["id"], "stack": stack, "coverage": coverage_body(self)}
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

    def created(self, answer):
        plan = self.get(answer["id"])
        if plan is None:
            plan = {"id": answer["id"], "status": "open", "distribution": answer.get("locations")}
        return plan

    # --- the run --------------------------------------------------------------------------------

    def create(self):
        self.raw = super(Deployment, self).create()
        return self.raw

    def update(self, current):
        if current.get("status") == "open":
            changed = self.differences(current, ("coverage.sites",))
            if changed and not self.params["force"]:
                have = sites_text(dig(current, "edgecloud.coverage.coverage_sites"))
                self.fail("Cannot change coverage.sites of %s from %s to %s: IEC does not allow it. Set force: true to "
                          "replace it." % (self.name_of(current), have, sites_text(changed["coverage.sites"])))
            current = super(Deployment, self).update(current)
        # A closed plan was executed and cannot change any more: nothing to compare.
        self.raw = current
        return current

    def present(self):
        super(Deployment, self).present()
        if self.params["state"] == "executed":
            if self.raw.get("status") == "closed":
                ident = dig(self.raw, "edgecloud.id")
                if not self.result["edgecloud"] and ident:
                    self.result["edgecloud"] = self.edgecloud_view(self.client.get("/v1/edgeclouds/%s" % quote(ident)))
            else:
                self.execute(self.raw)

    def absent(self):
        if self.params["edgecloud"] and self.resolve("edgecloud", missing_ok=True) is None:
            return      # no such edge cloud, so no plan of it either
        current = self.find()
        if current is None or current.get("_executed"):
            return      # only the open plans of a name are deleted by it; an executed one only by id
        self.changed(current, None)
        if not self.check_mode:
            self.delete(current)
        self.result[self.key] = self.curate(current)

    def execute(self, plan):
        expansion = bool(self.params["edgecloud"] or dig(plan, "edgecloud.id"))
        action = "expand" if expansion else "deploy"
        before = self.result["diff"]["before"] if self.result["changed"] else self.for_diff(plan)
        after = dict(self.for_diff(plan), status="closed")
        self.result["changed"] = True
        self.result["diff"] = dict(before=before, after=after)
        if self.check_mode:
            return
        self.doing = action
        path = "/v1/deployments/%s/%s" % (quote(plan["id"]), action)
        try:
            answer = self.client.post(path)
        except IecApiError as e:
            if not e.ambiguous:
                raise
            # The execution may have happened: a plan that is closed now was executed.
            again = self.get(plan["id"])
            if again is None or again.get("status") != "closed":
                answer = self.client.post(path)
            else:
                answer = {"id": dig(again, "edgecloud.id")}
        edgecloud = {"id": answer.get("id"), "name": answer.get("name"), "status": answer.get("status")}
        self.result["edgecloud"] = self.edgecloud_view(edgecloud)
        if self.params["wait"] and edgecloud["id"]:
            watch = EdgeCloudWatch(self.module, self.client)
            watch._clock, watch._sleep, watch.fail = self._clock, self._sleep, self.fail
            edgecloud = watch.wait_for(edgecloud["id"])
            self.result["edgecloud"] = self.edgecloud_view(edgecloud)
        executed = self.get(plan["id"]) or dict(plan, status="closed")
        self.result[self.key] = self.curate(executed)
        self.result["diff"]["after"] = self.for_diff(executed)

    # --- results --------------------------------------------------------------------------------

    def edgecloud_view(self, edgecloud):
        return dict((k, edgecloud.get(k)) for k in EdgeCloudWatch.returns) if edgecloud else {}

    def name_of(self, resource=None):
        name = self.params["name"] or self.params["edgecloud"] or dig(resource or {}, "edgecloud.name")
        if name:
            return "deployment plan of edge cloud '%s'" % name
        return super(Deployment, self).name_of(resource)

    def curate(self, resource):
        return curate_plan(resource)


def main():
    module = IecModule(
        argument_spec=dict(
            id=dict(type="str"),
            name=dict(type="str"),
            edgecloud=dict(type="str"),
            description=dict(type="str"),
            stack=stack_spec(),
            coverage=coverage_spec(),
            state=dict(type="str", default="present", choices=["present", "executed", "absent"]),
            force=dict(type="bool", default=False),
            wait=dict(type="bool", default=True),
            wait_timeout=dict(type="int", default=1800),
        ),
        mutually_exclusive=[("name", "edgecloud")],
        required_one_of=[("id", "name", "edgecloud")],
        supports_check_mode=True,
    )
    Deployment(module).run()


if __name__ == "__main__":
    main()
