#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2025, huaweicloud.iec contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: network_acl
short_description: Manage network ACLs of Huawei Cloud Intelligent EdgeCloud (IEC)
version_added: 1.0.0
description:
  - Create, update or delete a network ACL (IEC API C(/v1/firewalls)), associate it with subnets, and manage
    its inbound and outbound rules declaratively.
  - Rules are changed one at a time through C(PUT /v1/firewalls/{id}/firewall-rules), the current API; the
    historical C(update_firewall_rules) API is never used.
  - IEC evaluates the rules of a direction in order, so the order of O(inbound_rules) and O(outbound_rules)
    is kept. A rule that is in the wrong place is deleted and added again where it belongs.
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
      - ID of the network ACL. When given, the ACL is found by it and O(name) can rename it.
    type: str
  name:
    description:
      - Name of the network ACL, 1 to 64 letters, digits, Chinese characters, C(-) or C(_).
      - Without O(id), the name identifies the ACL; two ACLs with that name make the task fail.
    type: str
  description:
    description:
      - Description, at most 64 characters.
    type: str
  admin_state_up:
    description:
      - Whether the network ACL is enabled. IEC enables a new ACL.
    type: bool
  subnets:
    description:
      - Names or IDs of the subnets the network ACL applies to. A subnet can belong to one ACL only.
      - The list replaces the current associations; V([]) disassociates every subnet. Unset leaves them alone.
    type: list
    elements: str
  inbound_rules:
    description:
      - The inbound rules, in the order IEC evaluates them (the ACL's ingress policy).
      - Unset leaves the rules alone; V([]) removes them all (with O(purge_rules=true)).
      - A rule is identified by its protocol, IP version, addresses and ports. A listed rule matching a rule
        of the ACL is updated in place when its action, O(inbound_rules[].enabled), name or description
        differ.
    type: list
    elements: dict
    suboptions: &rule
      action:
        description: What the rule does with matching traffic.
        type: str
        required: true
        choices: [allow, deny, reject]
      protocol:
        description:
          - IP protocol. V(any) matches every protocol. V(icmp) needs O(inbound_rules[].ip_version=4),
            V(icmpv6) needs V(6).
        type: str
        choices: [tcp, udp, icmp, icmpv6, any]
        default: any
      ip_version:
        description: IP version of the addresses.
        type: int
        choices: [4, 6]
        default: 4
      source_ip_address:
        description:
          - Source address, a CIDR (or a single address) of the rule's IP version.
          - Unset or empty means any address (V(0.0.0.0/0) or V(::/0)).
        type: str
      source_port:
        description:
          - Source port or range, V(80) or V(8000-8080), for V(tcp) and V(udp) only. Unset or empty means any port.
        type: str
      destination_ip_address:
        description:
          - Destination address, a CIDR (or a single address) of the rule's IP version.
          - Unset or empty means any address.
        type: str
      destination_port:
        description:
          - Destination port or range, V(443) or V(8000-8080), for V(tcp) and V(udp) only. Unset or empty means any port.
        type: str
      enabled:
        description: Whether the rule is in force.
        type: bool
        default: true
      name:
        description: Name of the rule, at most 64 characters. Unset leaves the name of an existing rule alone.
        type: str
      description:
        description: Description of the rule, at most 64 characters. Unset leaves it alone.
        type: str
  outbound_rules:
    description:
      - The outbound rules, in the order IEC evaluates them (the ACL's egress policy).
      - Same form and behaviour as O(inbound_rules).
    type: list
    elements: dict
    suboptions: *rule
  purge_rules:
    description:
      - Remove the rules of a given direction that O(inbound_rules) or O(outbound_rules) do not list.
      - With V(false), rules that are not listed are kept, after the listed ones.
    type: bool
    default: true
  state:
    description:
      - V(present) makes sure the network ACL exists as described, V(absent) deletes it.
      - Deleting an ACL first disassociates its subnets, which IEC requires.
    type: str
    choices: [present, absent]
    default: present
notes:
  - IEC changes one rule per request, so a long rule list takes one request per added, changed or removed rule.
seealso:
  - module: huaweicloud.iec.network_acl_info
"""

EXAMPLES = r"""
- name: A network ACL for the web subnet
  huaweicloud.iec.network_acl:
    name: web-acl
    description: HTTPS in, everything out
    subnets:
      - web
    inbound_rules:
      - action: allow
        protocol: tcp
        destination_port: "443"
        name: https
      - action: allow
        protocol: tcp
        source_ip_address: 192.168.0.0/16
        destination_port: "22"
        name: ssh-from-office
      - action: deny
    outbound_rules:
      - action: allow

- name: Disable the ACL, leaving its rules alone
  huaweicloud.iec.network_acl:
    name: web-acl
    admin_state_up: false

- name: Delete the ACL (its subnets are disassociated first)
  huaweicloud.iec.network_acl:
    name: web-acl
    state: absent
"""

RETURN = r"""
network_acl:
  description:
    - The network ACL. Empty when O(state=absent) and it did not exist.
  returned: always
  type: dict
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
      description: The inbound rules in evaluation order.
      type: list
      elements: dict
      contains: &rules
        id:
          description: ID of the rule; null for a rule that check mode would add.
          type: str
          sample: 438b8821-69a9-11ea-bec0-00e04c9bd2a3
        name:
          description: Name of the rule.
          type: str
          sample: https
        description:
          description: Description of the rule.
          type: str
          sample: ""
        action:
          description: V(allow), V(deny) or V(reject).
          type: str
          sample: allow
        protocol:
          description: V(tcp), V(udp), V(icmp), V(icmpv6) or V(any).
          type: str
          sample: tcp
        ip_version:
          description: 4 or 6.
          type: int
          sample: 4
        source_ip_address:
          description: Source CIDR.
          type: str
          sample: 0.0.0.0/0
        source_port:
          description: Source port or range; empty for any.
          type: str
          sample: ""
        destination_ip_address:
          description: Destination CIDR.
          type: str
          sample: 0.0.0.0/0
        destination_port:
          description: Destination port or range; empty for any.
          type: str
          sample: "443"
        enabled:
          description: Whether the rule is in force.
          type: bool
          sample: true
    outbound_rules:
      description: The outbound rules in evaluation order.
      type: list
      elements: dict
      contains: *rules
"""

import functools

from ansible_collections.huaweicloud.iec.plugins.module_utils import catalog
from ansible_collections.huaweicloud.iec.plugins.module_utils.client import quote
from ansible_collections.huaweicloud.iec.plugins.module_utils.common import run_module
from ansible_collections.huaweicloud.iec.plugins.module_utils.options import strings
from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import ChildList, IecResource, dig, order_steps
from ansible_collections.huaweicloud.iec.plugins.module_utils.rules import (
    POLICIES, RULE_FIELDS, acl_lists, acl_problem, acl_rule, acl_rule_key, check_rule, ids_of, state_argument_spec)


def subnet_ids(value):
    return None if value is None else sorted(ids_of(value))


def read_rules(option):
    def read(engine, resource):
        return dig(resource, POLICIES[option] + ".firewall_rules") or []
    return read


def rule_body(rule, operate_type):
    body = dict((k, rule.get(k)) for k in RULE_FIELDS)
    body["name"] = body["name"] or ""
    body["description"] = body["description"] or ""
    body["enabled"] = True if body["enabled"] is None else body["enabled"]
    body["operate_type"] = operate_type
    # The seed marks id required; it is empty when a rule is added.
    body["id"] = "" if operate_type == "add" else rule["id"]
    return body


def apply_rules(option):
    policy_key = POLICIES[option]

    def apply(engine, resource, plan):
        policy_id = dig(resource, policy_key + ".id")
        path = "/v1/firewalls/%s/firewall-rules" % quote(resource["id"])
        known = set(r.get("id") for r in read_rules(option)(engine, resource))

        def send(rule, operate_type, anchor=None):
            policy = {"id": policy_id, "firewall_rules": [rule_body(rule, operate_type)]}
            if anchor:
                policy["insert_" + anchor[0]] = anchor[1]
            answer = engine.client.put(path, body={"firewall": {policy_key: policy}})
            rules = dig(answer, "firewall.%s.firewall_rules" % policy_key) or []
            new = [r.get("id") for r in rules if r.get("id") not in known]
            if operate_type == "add" and len(new) != 1:
                fresh = engine.get(resource["id"])
                new = [r.get("id") for r in read_rules(option)(engine, fresh) if r.get("id") not in known]
            if operate_type == "add":
                if len(new) != 1:
                    engine.fail("IEC did not say which rule it added to %s of %s." % (
                        option, engine.name_of(resource)))
                known.add(new[0])
                return new[0]
            return None

        for rule in plan.removes:
            send(rule, "delete")
        for _old, new in plan.updates:
            send(new, "modify")
        removed = set(r["id"] for r in plan.removes)
        current_ids = [r.get("id") for r in read_rules(option)(engine, resource) if r.get("id") not in removed]
        result = [dict(r) for r in plan.result]
        moves, adds = order_steps(current_ids, result)
        for ident in moves:
            send(next(r for r in result if r.get("id") == ident), "delete")
        for index, anchor in adds:
            if anchor and anchor[1] is None:
                anchor = ("after", result[index - 1]["id"])
            result[index]["id"] = send(result[index], "add", anchor)
    return apply


RULE_OPTIONS = dict(
    action=dict(type="str", required=True, choices=["allow", "deny", "reject"]),
    protocol=dict(type="str", default="any", choices=["tcp", "udp", "icmp", "icmpv6", "any"]),
    ip_version=dict(type="int", default=4, choices=[4, 6]),
    enabled=dict(type="bool", default=True),
    **strings("source_ip_address", "source_port", "destination_ip_address", "destination_port", "name", "description"),
)


class NetworkAcl(IecResource):
    argument_spec = state_argument_spec(
        admin_state_up=dict(type="bool"),
        subnets=dict(type="list", elements="str"),
        inbound_rules=dict(type="list", elements="dict", options=RULE_OPTIONS),
        outbound_rules=dict(type="list", elements="dict", options=RULE_OPTIONS),
        purge_rules=dict(type="bool", default=True),
        **strings("name", "description"),
    )
    module_kwargs = dict(required_one_of=[("id", "name")])

    kind = "network_acl"
    identity = ("name",)
    list_query = {"name": "name"}
    list_is_complete = False
    references = {"subnets": catalog.ref("subnet", "subnets")}
    create_options = ("name", "description")
    update_options = ("name", "description", "admin_state_up", "subnets")
    late_options = ("admin_state_up", "subnets")
    normalizers = {"subnets": subnet_ids}
    # PUT /v1/firewalls/{id} answers {id, status} only (seed 4.11.4, SDK and golangsdk UpdateFirewallResp):
    # the network ACL is read again before its rules are planned against it and before it is returned.
    read_after_update = True
    problems = (acl_problem,)
    returns = ("id", "name", "description", "admin_state_up", "status", "subnets")
    derived = (acl_lists,)
    children = tuple(
        ChildList(option, key=acl_rule_key, normalize=acl_rule, read=read_rules(option), apply=apply_rules(option),
                  purge_option="purge_rules", ordered=True, check=functools.partial(check_rule, option))
        for option in ("inbound_rules", "outbound_rules"))

    def update_body(self, current, changes):
        # IEC's update needs the name every time, and the subnets as objects.
        body = {"name": changes.get("name", current.get("name"))}
        for option in ("description", "admin_state_up"):
            if option in changes:
                body[option] = changes[option]
        if "subnets" in changes:
            body["subnets"] = [{"id": ident} for ident in changes["subnets"]]
        return body

    def before_delete(self, resource):
        if resource.get("subnets"):
            body = {"firewall": {"name": resource["name"], "subnets": []}}
            self.send("disassociate the subnets of", lambda: self.client.put(self.item_url(resource["id"]), body=body))


def main():
    run_module(NetworkAcl)


if __name__ == "__main__":
    main()
