#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2025, huaweicloud.iec contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: network_acl_info
short_description: List network ACLs of Huawei Cloud Intelligent EdgeCloud (IEC)
version_added: 1.0.0
description:
  - Return the network ACLs of the account (IEC API C(/v1/firewalls)), one by O(id), or those named O(name).
  - Each ACL is returned with its rules, as M(huaweicloud.iec.network_acl) returns it.
  - A name or ID that does not exist gives an empty list, not a failure.
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
      - ID of the network ACL to return.
    type: str
  name:
    description:
      - Exact name of the network ACLs to return.
    type: str
seealso:
  - module: huaweicloud.iec.network_acl
"""

EXAMPLES = r"""
- name: List all network ACLs
  huaweicloud.iec.network_acl_info:
  register: acls

- name: Read one network ACL by name
  huaweicloud.iec.network_acl_info:
    name: web-acl
  register: web_acl

- name: Show its inbound rules
  ansible.builtin.debug:
    msg: "{{ web_acl.network_acls[0].inbound_rules }}"
  when: web_acl.network_acls | length > 0
"""

RETURN = r"""
network_acls:
  description: The network ACLs found; empty when none matches.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: ID of the network ACL.
      type: str
      sample: c2c5234b-67ff-11ea-a41a-00e04c9bd2a3
    name:
      description: Name of the network ACL.
      type: str
      sample: web-acl
    description:
      description: Description.
      type: str
      sample: HTTPS in, everything out
    admin_state_up:
      description: Whether the network ACL is enabled.
      type: bool
      sample: true
    status:
      description: Status; IEC documents only V(INACTIVE).
      type: str
      sample: INACTIVE
    subnets:
      description: IDs of the subnets the network ACL applies to.
      type: list
      elements: str
      sample: [f8a0b5ca-4cd7-4bd5-b6a5-3c7ecd5a4c6d]
    ingress_policy_id:
      description: ID of the ACL's inbound policy.
      type: str
      sample: 9ea9351c-bf23-4c7a-8a92-bc6bfa6b7725
    egress_policy_id:
      description: ID of the ACL's outbound policy.
      type: str
      sample: dd1b46d8-bff8-41d5-b79d-b96c300371d7
    inbound_rules:
      description:
        - The inbound rules in evaluation order, each with C(id), C(name), C(description), C(action), C(protocol),
          C(ip_version), C(source_ip_address), C(source_port), C(destination_ip_address), C(destination_port)
          and C(enabled), as in RV(network_acls[].inbound_rules) of M(huaweicloud.iec.network_acl).
      type: list
      elements: dict
      sample:
        - id: 438b8821-69a9-11ea-bec0-00e04c9bd2a3
          name: https
          description: ""
          action: allow
          protocol: tcp
          ip_version: 4
          source_ip_address: 0.0.0.0/0
          source_port: ""
          destination_ip_address: 0.0.0.0/0
          destination_port: "443"
          enabled: true
    outbound_rules:
      description: The outbound rules in evaluation order, in the form of RV(network_acls[].inbound_rules).
      type: list
      elements: dict
      sample: []
"""

from ansible_collections.huaweicloud.iec.plugins.module_utils.common import run_module
from ansible_collections.huaweicloud.iec.plugins.module_utils.options import strings
from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import IecInfo
from ansible_collections.huaweicloud.iec.plugins.module_utils.rules import acl_lists


class NetworkAclInfo(IecInfo):
    argument_spec = strings("id", "name")

    kind = "network_acl"
    list_query = {"name": "name"}     # IEC matches names partly...
    client_filters = {"name": "name"}  # ...so the exact match is made here
    returns = ("id", "name", "description", "admin_state_up", "status")
    derived = (acl_lists,)

    def fetch(self):
        items = super(NetworkAclInfo, self).fetch()
        if self.params.get("id"):
            return items
        # The list carries the policies without their rules: read each ACL for them.
        return [acl for acl in (self.get(item["id"]) for item in items) if acl]


def main():
    run_module(NetworkAclInfo)


if __name__ == "__main__":
    main()
