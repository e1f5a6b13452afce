#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2025, huaweicloud.iec contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: security_group_rule_info
short_description: List security group rules of Huawei Cloud Intelligent EdgeCloud (IEC)
version_added: 1.0.0
description:
  - Return the security group rules of the account, those of one O(security_group), or the one with a
    given O(id) (IEC API C(/v1/security-group-rules)).
  - Rules are normalised as M(huaweicloud.iec.security_group) compares them.
  - Nothing found, or a security group that does not exist, gives an empty list, not a failure.
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
      - ID of the rule to return.
    type: str
  security_group:
    description:
      - Name or ID of the security group whose rules to return; IEC filters on it.
    type: str
  direction:
    description:
      - Only rules of this direction.
    type: str
    choices: [ingress, egress]
seealso:
  - module: huaweicloud.iec.security_group_rule
  - module: huaweicloud.iec.security_group_info
"""

EXAMPLES = r"""
- name: The incoming rules of a group
  huaweicloud.iec.security_group_rule_info:
    security_group: web
    direction: ingress
  register: incoming
"""

RETURN = r"""
security_group_rules:
  description: The rules found, normalised; empty when none matches.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: ID of the rule.
      type: str
      sample: d5002101-3d35-4bcd-b13b-56f123686c97
    security_group_id:
      description: ID of the security group.
      type: str
      sample: 44eee672-43c5-4820-8ab6-afc585972acf
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
      sample: 22
    port_range_max:
      description: Last port; null for every port.
      type: int
      sample: 22
    remote_ip_prefix:
      description: CIDR of the other end; null for any address or when a group is the other end.
      type: str
      sample: 203.0.113.7/32
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
      sample: SSH from the office
"""

from ansible_collections.huaweicloud.iec.plugins.module_utils import catalog
from ansible_collections.huaweicloud.iec.plugins.module_utils.common import run_module
from ansible_collections.huaweicloud.iec.plugins.module_utils.normalize import RULE_FIELDS, security_group_rule
from ansible_collections.huaweicloud.iec.plugins.module_utils.options import strings
from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import IecInfo


class SecurityGroupRuleInfo(IecInfo):
    argument_spec = dict(
        direction=dict(type="str", choices=["ingress", "egress"]),
        **strings("id", "security_group"),
    )

    kind = "security_group_rule"
    references = {"security_group": catalog.ref("security_group", "security_group_id")}
    list_query = {"security_group": "security_group_id"}
    client_filters = {"direction": "direction"}
    returns = ("id", "security_group_id") + RULE_FIELDS

    def curate(self, resource):
        return super(SecurityGroupRuleInfo, self).curate(security_group_rule(resource))


def main():
    run_module(SecurityGroupRuleInfo)


if __name__ == "__main__":
    main()
