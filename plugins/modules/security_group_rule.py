#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2025, huaweicloud.iec contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: security_group_rule
short_description: Manage one rule of a Huawei Cloud Intelligent EdgeCloud (IEC) security group
version_added: 1.0.0
description:
  - Add a rule to a security group, or delete it (IEC API C(/v1/security-group-rules)).
  - A rule has no name. It is found by its O(id), or else by its whole tuple in O(security_group)
    (O(direction), O(ethertype), O(protocol), the ports, the remote end, O(action), O(priority)), compared
    in a normalised form so that spellings IEC stores differently still find it; see
    M(huaweicloud.iec.security_group) for the rules of normalisation.
  - Options not given take their meaning in a rule, not "leave alone" - no O(protocol) means every
    protocol, no ports every port, no remote end any address.
  - To manage all the rules of a group at once, use O(huaweicloud.iec.security_group#module:rules).
author:
  - Huawei Cloud IEC Ansible contributors (@huaweicloud)
extends_documentation_fragment:
  - huaweicloud.iec.connection.MODULES
attributes:
  check_mode:
    description: Runs in check mode, reporting what would change without sending any request that changes it.
    support: full
  diff_mode:
    description: Returns the resource before and after the change.
    support: full
options:
  id:
    description:
      - ID of the rule. Without it, the rule is found by its tuple.
    type: str
  security_group:
    description:
      - Name or ID of the security group the rule belongs to. Required unless O(id) is given.
    type: str
  direction:
    description:
      - V(ingress) (incoming) or V(egress) (outgoing). Required unless O(id) is given.
    type: str
    choices: [ingress, egress]
  ethertype:
    description:
      - IP version. Defaults to the family of O(remote_ip_prefix), or V(IPv6) for V(icmpv6), else V(IPv4).
    type: str
    choices: [IPv4, IPv6]
  protocol:
    description:
      - V(tcp), V(udp), V(icmp), V(icmpv6), an IP protocol number 0 to 255, or V(any) (the default).
    type: str
  port_range_min:
    description:
      - First port, 1 to 65535. Alone, the rule opens this one port.
    type: int
  port_range_max:
    description:
      - Last port, 1 to 65535, not below O(port_range_min).
    type: int
  remote_ip_prefix:
    description:
      - Address or CIDR of the other end. A bare address is its V(/32) (or V(/128)).
      - Cannot be given with O(remote_group).
    type: str
  remote_group:
    description:
      - Name or ID of the security group of the other end. Cannot be given with O(remote_ip_prefix).
    type: str
  action:
    description:
      - V(allow) or V(deny) the traffic. IEC applies V(allow) when not given.
    type: str
    choices: [allow, deny]
  priority:
    description:
      - 1 (the highest, and IEC's default) to 100.
    type: int
  description:
    description:
      - Description of the rule, at most 64 characters. IEC cannot change it after creation.
    type: str
  state:
    description:
      - V(present) makes sure the rule exists, V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: huaweicloud.iec.security_group
  - module: huaweicloud.iec.security_group_rule_info
"""

EXAMPLES = r"""
- name: SSH from one address
  huaweicloud.iec.security_group_rule:
    security_group: web
    direction: ingress
    protocol: tcp
    port_range_min: 22
    remote_ip_prefix: 203.0.113.7

- name: The same rule, written another way, changes nothing
  huaweicloud.iec.security_group_rule:
    security_group: web
    direction: ingress
    protocol: "6"
    port_range_min: 22
    port_range_max: 22
    remote_ip_prefix: 203.0.113.7/32
    ethertype: IPv4

- name: Remove it
  huaweicloud.iec.security_group_rule:
    security_group: web
    direction: ingress
    protocol: tcp
    port_range_min: 22
    remote_ip_prefix: 203.0.113.7
    state: absent
"""

RETURN = r"""
security_group_rule:
  description:
    - The rule, normalised. Empty when O(state=absent) and it did not exist.
  returned: always
  type: dict
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
from ansible_collections.huaweicloud.iec.plugins.module_utils.normalize import (
    RULE_FIELDS,
    security_group_rule,
    security_group_rule_key,
    security_group_rule_problem,
)
from ansible_collections.huaweicloud.iec.plugins.module_utils.options import security_group_rule_options
from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import IecResource
from ansible_collections.huaweicloud.iec.plugins.module_utils.rules import state_argument_spec

RULE_RETURNS = ("id", "security_group_id") + RULE_FIELDS


def rule_text(rule):
    """A rule in words, for messages: 'ingress IPv4 tcp 22 from 203.0.113.7/32'."""
    ports = ""
    if rule.get("port_range_min") is not None:
        low, high = rule["port_range_min"], rule["port_range_max"]
        ports = " %s" % low if low == high else " %s-%s" % (low, high)
    remote = rule.get("remote_ip_prefix") or (rule.get("remote_group_id") and "group " + rule["remote_group_id"])
    return "%s %s %s%s %s %s" % (rule.get("direction"), rule.get("ethertype"), rule.get("protocol") or "any",
                                 ports, "from" if rule.get("direction") == "ingress" else "to", remote or "anywhere")


class SecurityGroupRule(IecResource):
    argument_spec = state_argument_spec(**security_group_rule_options(security_group=dict(type="str")))
    module_kwargs = dict(mutually_exclusive=[("remote_ip_prefix", "remote_group")])

    kind = "security_group_rule"
    identity = ("security_group",)
    list_query = {"security_group": "security_group_id"}
    references = {"security_group": catalog.ref("security_group", "security_group_id"),
                  "remote_group": catalog.ref("security_group", "remote_group_id")}
    immutable = ("description",)
    returns = RULE_RETURNS
    error_hints = {"IEC.020306": "The group has as many rules as IEC allows; put the rule in another group."}

    def validate(self):
        if not self.params["id"]:
            missing = [o for o in ("security_group", "direction") if not self.params[o]]
            if missing:
                self.fail("%s %s required to find or create a rule without its id." % (
                    " and ".join(missing), "is" if len(missing) == 1 else "are"))
            problem = security_group_rule_problem(self.params, where="The rule")
            if problem:
                self.fail(problem)

    def desired(self):
        rule = dict((k, self.params.get(k)) for k in RULE_FIELDS if k != "remote_group_id")
        rule["remote_group_id"] = self.resolve("remote_group")
        return security_group_rule(rule)

    def match(self, item, wanted):
        return (item.get("security_group_id") == wanted["security_group"]
                and security_group_rule_key(security_group_rule(item)) == security_group_rule_key(self.desired()))

    def name_of(self, resource=None):
        if resource and resource.get("direction"):
            return "%s '%s'" % (self.describe(), rule_text(security_group_rule(resource)))
        if self.params.get("direction"):
            return "%s '%s'" % (self.describe(), rule_text(security_group_rule(self.params)))
        return super(SecurityGroupRule, self).name_of(resource)

    def create_body(self):
        body = dict((k, v) for k, v in self.desired().items() if k in RULE_FIELDS and v is not None)
        body["security_group_id"] = self.resolve("security_group")
        return body

    def curate(self, resource):
        return super(SecurityGroupRule, self).curate(security_group_rule(resource) if resource else resource)


def main():
    run_module(SecurityGroupRule)


if __name__ == "__main__":
    main()
