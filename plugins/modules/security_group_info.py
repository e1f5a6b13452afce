#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2025, huaweicloud.iec contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: security_group_info
short_description: List security groups of Huawei Cloud Intelligent EdgeCloud (IEC) with their rules
version_added: 1.0.0
description:
  - Return the security groups of the account with their rules, the one with a given O(id), or those
    named O(name) (IEC API C(/v1/security-groups)).
  - Rules are normalised as M(huaweicloud.iec.security_group) compares them.
  - Nothing found gives an empty list, not a failure.
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
      - ID of the security group to return.
    type: str
  name:
    description:
      - Name of the security groups to return.
    type: str
seealso:
  - module: huaweicloud.iec.security_group
  - module: huaweicloud.iec.security_group_rule_info
"""

EXAMPLES = r"""
- name: All security groups
  huaweicloud.iec.security_group_info:
  register: groups

- name: The default group of the account
  huaweicloud.iec.security_group_info:
    name: default
  register: default_group
"""

RETURN = r"""
security_groups:
  description: The security groups found; empty when none matches.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: ID of the security group.
      type: str
      sample: 99d9d709-8478-4b46-9f3f-2206b1023fd3
    name:
      description: Name of the security group.
      type: str
      sample: web
    description:
      description: Description of the security group.
      type: str
      sample: HTTP(S) and SSH from the office
    security_group_rules:
      description: The rules of the group, normalised.
      type: list
      elements: dict
      contains:
        id:
          description: ID of the rule.
          type: str
          sample: d5002101-3d35-4bcd-b13b-56f123686c97
        direction:
          description: V(ingress) or V(egress).
          type: str
          sample: ingress
        ethertype:
          description: V(IPv4) or V(IPv6).
          type: str
          sample: IPv4
        protocol:
          description: Protocol in lower case; null for every protocol.
          type: str
          sample: tcp
        port_range_min:
          description: First port; null for every port.
          type: int
          sample: 443
        port_range_max:
          description: Last port; null for every port.
          type: int
          sample: 443
        remote_ip_prefix:
          description: CIDR of the other end; null for any address or when a group is the other end.
          type: str
          sample: 0.0.0.0/0
        remote_group_id:
          description: ID of the security group of the other end.
          type: str
          sample: null
        action:
          description: V(allow) or V(deny).
          type: str
          sample: allow
        priority:
          description: Priority, 1 (the highest) to 100.
          type: int
          sample: 1
        description:
          description: Description of the rule.
          type: str
          sample: ""
"""

from ansible_collections.huaweicloud.iec.plugins.module_utils.common import run_module
from ansible_collections.huaweicloud.iec.plugins.module_utils.normalize import security_group_rules
from ansible_collections.huaweicloud.iec.plugins.module_utils.options import strings
from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import IecInfo


class SecurityGroupInfo(IecInfo):
    argument_spec = strings("id", "name")

    kind = "security_group"
    client_filters = {"name": "name"}
    returns = ("id", "name", "description")
    derived = (security_group_rules,)


def main():
    run_module(SecurityGroupInfo)


if __name__ == "__main__":
    main()
