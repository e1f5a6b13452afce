#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2025, huaweicloud.iec contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: edgecloud_info
short_description: List edge services (edge clouds) of Huawei Cloud Intelligent EdgeCloud (IEC)
version_added: 1.0.0
description:
  - Return one edge cloud by O(id), or the edge clouds matching O(name) and O(status) (IEC API
    C(GET /v1/edgeclouds)), each read in full (C(GET /v1/edgeclouds/{id})), since the list leaves out the template
    and the reason of a failure.
  - IEC filters by O(name) (exact); the module filters by O(status).
  - An id or a name that matches nothing gives an empty list, not a failure.
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
      - ID of the one edge cloud to return.
    type: str
  name:
    description:
      - Only the edge cloud with this name.
    type: str
  status:
    description:
      - Only edge clouds in this state.
    type: str
    choices: [creating, scheduling, updating, inService, failed, deleting, delFailed]
  instances:
    description:
      - Also list the instances of each edge cloud (one more request per edge cloud), under
        RV(edgeclouds[].instances).
    type: bool
    default: false
seealso:
  - module: huaweicloud.iec.edgecloud
  - module: huaweicloud.iec.deployment_info
"""

EXAMPLES = r"""
- name: Every edge cloud of the account
  huaweicloud.iec.edgecloud_info:
  register: all_edgeclouds

- name: The failed ones, with the reason
  huaweicloud.iec.edgecloud_info:
    status: failed
  register: failed

- name: One edge cloud with its instances
  huaweicloud.iec.edgecloud_info:
    name: web
    instances: true
  register: web

- name: Its public addresses
  ansible.builtin.debug:
    msg: "{{ web.edgeclouds[0].instances | map(attribute='public_ips') | flatten }}"
"""

RETURN = r"""
edgeclouds:
  description: The edge clouds, in the order IEC lists them; empty when none matches.
  returned: always
  type: list
  elements: dict
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
    failed_num:
      description: Instances IEC failed to create.
      type: int
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
        - The coverage (C(policy), C(level), C(sites)); C(sites) holds one entry per demand with C(site), C(count)
          and, when IEC reports it, C(i18n_site).
      type: dict
    stack:
      description:
        - The template of the instances, in the keys of the M(huaweicloud.iec.edgecloud) option C(stack) (ids
          instead of names), without the password and the user data.
      type: dict
    instances:
      description:
        - With O(instances=true), its instances, each with C(id), C(name), C(status), C(site_id), C(city),
          C(private_ips) and C(public_ips).
      type: list
      elements: dict
      returned: when O(instances=true)
"""

from ansible_collections.huaweicloud.iec.plugins.module_utils import catalog
from ansible_collections.huaweicloud.iec.plugins.module_utils.common import run_module
from ansible_collections.huaweicloud.iec.plugins.module_utils.edge_service import (
    SERVER_GONE,
    curate_edgecloud,
    curate_server,
)
from ansible_collections.huaweicloud.iec.plugins.module_utils.options import strings
from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import IecInfo

SERVERS = catalog.kind("instance")


class EdgeCloudInfo(IecInfo):
    argument_spec = dict(
        status=dict(type="str", choices=["creating", "scheduling", "updating", "inService", "failed", "deleting",
                                         "delFailed"]),
        instances=dict(type="bool", default=False),
        **strings("id", "name"),
    )

    kind = "edgecloud"
    list_query = {"name": "name"}
    client_filters = {"status": "status"}

    def fetch(self):
        items = super(EdgeCloudInfo, self).fetch()
        if not self.params["id"]:
            # The list leaves out the template and the reason of a failure: read each one in full.
            items = [item for item in (self.get(i["id"]) for i in items) if item is not None]
        if self.params["instances"]:
            for item in items:
                item["_servers"] = self.client.list_all(SERVERS.path, SERVERS.list_key, query={"edgecloud_id": item["id"]})
        return items

    def curate(self, resource):
        view = curate_edgecloud(resource)
        if "_servers" in resource:
            view["instances"] = [curate_server(s) for s in resource["_servers"] if s.get("status") not in SERVER_GONE]
        return view


def main():
    run_module(EdgeCloudInfo)


if __name__ == "__main__":
    main()
