#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2025, huaweicloud.iec contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: security_group
short_description: Manage security groups of Huawei Cloud Intelligent EdgeCloud (IEC) and their rules
version_added: 1.0.0
description:
  - Create or delete an edge security group, and manage its rules as a list (IEC API
    C(/v1/security-groups) and C(/v1/security-group-rules)).
  - A security group is found by its O(id), or else by its O(name).
  - When O(rules) is given, the group's rules are made to match it; rules are compared in a normalised form
    so that spellings IEC stores differently never show as a change (see O(rules)).
  - IEC gives every new group two rules allowing all outgoing IPv4 and IPv6 traffic. With O(rules) and
    O(purge_rules=true) they are removed unless O(rules) lists them.
  - IEC cannot change a group's name or description in place; use another name for another group.
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
      - ID of the security group.
    type: str
  name:
    description:
      - Name of the security group, 1 to 64 characters. V(default) is the group IEC makes for every account;
        its rules can be managed, but it cannot be created or deleted.
    type: str
  description:
    description:
      - Description of the security group, at most 64 characters. It cannot change after creation.
    type: str
  rules:
    description:
      - The rules the group should have. Not given, the rules are left as they are; V([]) with
        O(purge_rules=true) removes every rule.
      - A rule is identified by all its fields but O(rules[].description). A listed rule that differs from
        an existing one only in its description is deleted and created again (IEC cannot update rules).
      - Rules are compared after normalisation, as IEC stores them. Protocol names are case-insensitive
        and protocol numbers 1, 6, 17 and 58 are V(icmp), V(tcp), V(udp) and V(icmpv6); V(any), V(all),
        V(-1) or no protocol all mean every protocol. A single port may be given as O(rules[].port_range_min)
        alone; V(1) to V(65535) for TCP or UDP means every port, as no port range does. A bare address in
        O(rules[].remote_ip_prefix) is its V(/32) (or V(/128)) and V(0.0.0.0/0) or V(::/0) mean any address,
        as no prefix does. O(rules[].ethertype) defaults to the family of the remote address, or to V(IPv6)
        for V(icmpv6), else V(IPv4).
    type: list
    elements: dict
    suboptions:
      direction:
        description:
          - V(ingress) (incoming) or V(egress) (outgoing).
        type: str
        required: true
        choices: [ingress, egress]
      ethertype:
        description:
          - IP version the rule applies to.
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
          - Last port, 1 to 65535, not below O(rules[].port_range_min).
        type: int
      remote_ip_prefix:
        description:
          - Address or CIDR of the other end. Cannot be given with O(rules[].remote_group).
        type: str
      remote_group:
        description:
          - Name or ID of the security group of the other end. The group's own name means the group itself.
          - Cannot be given with O(rules[].remote_ip_prefix).
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
          - Description of the rule, at most 64 characters.
        type: str
  purge_rules:
    description:
      - With O(rules), delete the group's rules that O(rules) does not list.
      - V(false) only adds the missing rules.
    type: bool
    default: true
  wait_timeout:
    description:
      - With O(state=absent), how many seconds to keep sending the deletion while IEC answers HTTP 409 (the group
        is still held, for example by the ports of an instance being deleted), as Terraform's
        C(huaweicloud_iec_security_group) does for its 10-minute delete timeout.
      - A group still in use (IEC.020202) fails at once.
    type: int
    default: 600
  state:
    description:
      - V(present) makes sure the group exists as described, V(absent) deletes it with its rules.
      - IEC refuses to delete a group still used by instances or ports, or named in another group's rules.
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: huaweicloud.iec.security_group_info
  - module: huaweicloud.iec.security_group_rule
"""

EXAMPLES = r"""
- name: A group for web servers, and nothing else
  huaweicloud.iec.security_group:
    name: web
    description: HTTP(S) and SSH from the office
    rules:
      - direction: ingress
        protocol: tcp
        port_range_min: 443
      - direction: ingress
        protocol: tcp
        port_range_min: 80
      - direction: ingress
        protocol: tcp
        port_range_min: 22
        remote_ip_prefix: 203.0.113.7
      - direction: ingress
        remote_group: web
      - direction: egress
      - direction: egress
        ethertype: IPv6

- name: Add one rule, keeping the others
  huaweicloud.iec.security_group:
    name: web
    rules:
      - direction: ingress
        protocol: icmp
    purge_rules: false

- name: Delete the group
  huaweicloud.iec.security_group:
    name: web
    state: absent
"""

RETURN = r"""
security_group:
  description:
    - The security group. Empty when O(state=absent) and it did not exist.
  returned: always
  type: dict
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
      description:
        - The rules of the group, normalised as described in O(rules). In check mode a rule about to be
          created has no RV(security_group.security_group_rules[].id).
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
          sample: ""
"""

from ansible_collections.huaweicloud.iec.plugins.module_utils import catalog
from ansible_collections.huaweicloud.iec.plugins.module_utils.common import run_module
from ansible_collections.huaweicloud.iec.plugins.module_utils.normalize import (
    RULE_FIELDS,
    security_group_rule,
    security_group_rule_key,
    security_group_rule_problem,
    security_group_rules,
)
from ansible_collections.huaweicloud.iec.plugins.module_utils.options import security_group_rule_options, strings
from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import ChildList, IecResource
from ansible_collections.huaweicloud.iec.plugins.module_utils.rules import state_argument_spec

RULES_PATH = "/v1/security-group-rules"


def rule_body(group_id, rule):
    body = dict((k, rule.get(k)) for k in RULE_FIELDS if rule.get(k) is not None)
    body["security_group_id"] = group_id
    return {"security_group_rule": body}


def apply_rules(engine, group, plan):
    """Adds before removals, so that traffic allowed before and after is never cut in between; a rule
    that only changes its description is deleted first, since IEC may refuse a twin."""
    client = engine.client
    for old, new in plan.updates:
        client.delete("%s/%s" % (RULES_PATH, client.quote(old["id"])))
        client.post(RULES_PATH, body=rule_body(group["id"], new))
    for rule in plan.adds:
        client.post(RULES_PATH, body=rule_body(group["id"], rule))
    for rule in plan.removes:
        client.delete("%s/%s" % (RULES_PATH, client.quote(rule["id"])))


DEFAULT_KEPT = ("The security group 'default' cannot be deleted: IEC keeps one for every account (IEC.020311). "
                "Leave it, or manage its rules with state: present.")


class SecurityGroup(IecResource):
    argument_spec = state_argument_spec(
        rules=dict(type="list", elements="dict", options=security_group_rule_options(required=["direction"])),
        purge_rules=dict(type="bool", default=True),
        wait_timeout=dict(type="int", default=600),
        **strings("name", "description"),
    )
    module_kwargs = dict(required_one_of=[("id", "name")])

    kind = "security_group"
    create_options = ("name", "description")
    immutable = ("description",)
    returns = ("id", "name", "description", "security_group_rules")
    derived = (security_group_rules,)
    references = {"rules.remote_group": catalog.ref("security_group", "remote_group_id")}
    # Terraform's waitForSecurityGroupDelete sends the DELETE again while IEC answers 409.
    delete_retry_codes = (409,)
    error_hints = {"IEC.020202": "Detach it from instances and ports, and remove the rules of other groups "
                                 "that name it, first.",
                   "IEC.020310": "Every account has its own default group; manage its rules instead.",
                   "IEC.020311": "The default group cannot be deleted."}

    children = (ChildList("rules", key=security_group_rule_key, normalize=security_group_rule,
                          read=lambda engine, group: group.get("security_group_rules") or [],
                          desired=lambda engine, rules: [engine.rule_form(r) for r in rules],
                          apply=apply_rules, purge_option="purge_rules", result_key="security_group_rules", appended=True,
                          check=lambda index, rule: security_group_rule_problem(rule, where="rules[%d]" % index)),)

    def validate(self):
        name, description = self.params["name"], self.params["description"]
        if name is not None and not 1 <= len(name) <= 64:
            self.fail("name must be 1 to 64 characters long; '%s' has %d." % (name, len(name)))
        if description is not None and len(description) > 64:
            self.fail("description must be at most 64 characters long; it has %d." % len(description))
        if self.params["state"] == "absent" and name == "default":
            self.fail(DEFAULT_KEPT)

    def inspect(self, current):
        if self.params["state"] == "absent" and current.get("name") == "default":
            # Given by id: refused as soon as the look-up shows it is the default group, before any DELETE.
            self.fail(DEFAULT_KEPT)
        return current

    def rule_form(self, rule):
        """A rule the user wrote, its remote_group as an id: the group itself by its own name, else a listed group."""
        rule = dict(rule)
        remote, own = rule.pop("remote_group", None), self.children_of.get("id")
        if remote is not None:
            own_name = remote in (self.params["name"], own)
            rule["remote_group_id"] = (own or remote) if own_name else self.resolve_value("rules.remote_group", remote)
        return security_group_rule(rule)


def main():
    run_module(SecurityGroup)


if __name__ == "__main__":
    main()
