#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2025, huaweicloud.iec contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: deployment_info
short_description: List deployment plans of edge services of Huawei Cloud Intelligent EdgeCloud (IEC)
version_added: 1.0.0
description:
  - Return the deployment plans (IEC API C(GET /v1/deployments)) matching O(id), O(edgecloud) and O(status), all
    filtered by IEC, reading every page.
  - IEC's plans carry no status of their own; the module learns which are C(open) through IEC's status filter,
    with a second listing when O(status) is not given.
  - An id, an edge cloud or a status that matches nothing gives an empty list, not a failure.
author:
  - Huawei Cloud IEC Ansible contributors (@huaweicloud)
extends_documentation_fragment:
  - huaweicloud.iec.connection.MODULES
attributes:
  check_mode:
    description: Runs in check mode, reporting what would change without sending any request that changes it.
    support: full
    details:
      - The module only reads.
  diff_mode:
    description: Returns the resource before and after the change.
    support: none
options:
  id:
    description:
      - ID of the one plan to return.
    type: str
  edgecloud:
    description:
      - Only the plans of this edge cloud, by name or id; those it was created by and expanded by. An open
        plan that creates a new edge cloud belongs to none yet.
    type: str
  status:
    description:
      - V(open) for plans not executed yet, V(closed) for executed ones.
    type: str
    choices: [open, closed]
seealso:
  - module: huaweicloud.iec.deployment
  - module: huaweicloud.iec.edgecloud_info
"""

EXAMPLES = r"""
- name: Plans waiting to be executed
  huaweicloud.iec.deployment_info:
    status: open
  register: open_plans

- name: How the edge cloud web was built and grown
  huaweicloud.iec.deployment_info:
    edgecloud: web
  register: web_plans
"""

RETURN = r"""
deployments:
  description: The plans, in the order IEC lists them; empty when none matches.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: ID of the plan.
      type: str
      sample: 87b9a88c-499d-11eb-8a8a-fa1640495574
    status:
      description: V(open) (not executed) or V(closed) (executed).
      type: str
      sample: closed
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
      description: The coverage of the plan, in the keys of the M(huaweicloud.iec.deployment) option C(coverage).
      type: dict
    stack:
      description:
        - The template of the plan, in the keys of the M(huaweicloud.iec.deployment) option C(stack), without the
          password and the user data.
      type: dict
    distribution:
      description:
        - Where IEC places the instances, one entry per site and line (C(site_id), C(area), C(province), C(city),
          C(operator), C(pool_id), C(stack_count)).
      type: list
      elements: dict
"""

from ansible_collections.huaweicloud.iec.plugins.module_utils import catalog
from ansible_collections.huaweicloud.iec.plugins.module_utils.common import run_module
from ansible_collections.huaweicloud.iec.plugins.module_utils.edge_service import curate_plan
from ansible_collections.huaweicloud.iec.plugins.module_utils.options import strings
from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import IecInfo


class DeploymentInfo(IecInfo):
    argument_spec = dict(
        status=dict(type="str", choices=["open", "closed"]),
        **strings("id", "edgecloud"),
    )

    kind = "deployment"
    list_query = {"id": "id", "edgecloud": "edgecloud_id", "status": "status"}
    references = {"edgecloud": catalog.ref("edgecloud", "edgecloud_id")}

    def fetch(self):
        items = super(DeploymentInfo, self).fetch()
        status = self.params["status"]
        if status:
            return [dict(i, status=status) for i in items]
        if not items:
            return items
        # Which of them are open, by the same filters plus status=open.
        query = dict((param, self.value(o)) for o, param in self.list_query.items() if self.value(o) is not None)
        query["status"] = "open"
        opened = set(i.get("id") for i in self.list(query=query))
        return [dict(i, status="open" if i.get("id") in opened else "closed") for i in items]

    def curate(self, resource):
        return curate_plan(resource)


def main():
    run_module(DeploymentInfo)


if __name__ == "__main__":
    main()
