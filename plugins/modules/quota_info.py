#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2025, huaweicloud.iec contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: quota_info
short_description: Show the quotas of Huawei Cloud Intelligent EdgeCloud (IEC) and how much of them is used
version_added: 1.0.0
description:
  - Return the account's IEC quotas with their limits and current use (IEC API C(GET /v1/edgeclouds/quotas)), so
    that a playbook can check there is room before it creates instances, edge clouds or networks.
  - IEC refuses a creation that would exceed a quota (error C(IEC.010910) for compute resources,
    C(IEC.020401) for network resources) and creates nothing.
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
  type:
    description:
      - Only these resource types, for example V(instance), V(vcpu), V(ram), V(volume), V(gigabyte),
        V(edgeclouds), V(image), V(vpc), V(subnet), V(securityGroup), V(securityGroupRule), V(firewall),
        V(publicIp), V(shareBandwidth), V(vpn). Types are compared exactly, as IEC spells them.
      - Without it, every quota is returned.
    type: list
    elements: str
seealso:
  - module: huaweicloud.iec.instance
"""

EXAMPLES = r"""
- name: Read the quotas of instances, vCPUs and memory
  huaweicloud.iec.quota_info:
    type: [instance, vcpu, ram]
  register: quota

- name: Stop before asking for more instances than the quota leaves
  ansible.builtin.assert:
    that:
      - (quota.quotas | selectattr('type', 'equalto', 'instance') | first).available >= 20
    fail_msg: Not enough instance quota left for 20 more instances.
"""

RETURN = r"""
quotas:
  description: One entry per resource type, in the order IEC lists them; empty when O(type) matches none.
  returned: always
  type: list
  elements: dict
  contains:
    type:
      description: Resource type the quota limits.
      type: str
      sample: instance
    quota:
      description: How many of the resource the account may have.
      type: int
      sample: 120
    used:
      description: How many the account has now.
      type: int
      sample: 3
    available:
      description: What is left, RV(quotas[].quota) minus RV(quotas[].used), never below zero.
      type: int
      sample: 117
    min:
      description: The lowest value the quota can be set to.
      type: int
      sample: 0
    max:
      description: The highest value the quota can be set to.
      type: int
      sample: 20480
"""

from ansible_collections.huaweicloud.iec.plugins.module_utils.common import run_module
from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import IecInfo


class QuotaInfo(IecInfo):
    argument_spec = dict(type=dict(type="list", elements="str"))

    kind = "quota"
    returns = ("type", "quota", "used", "min", "max")

    def fetch(self):
        answer = self.client.get(self.path) or {}
        items = (answer.get("quotas") or {}).get("resources") or []
        wanted = self.params.get("type")
        if wanted:
            items = [i for i in items if i.get("type") in wanted]
        return items

    def curate(self, resource):
        view = super(QuotaInfo, self).curate(resource)
        quota, used = view.get("quota"), view.get("used")
        view["available"] = max(quota - used, 0) if isinstance(quota, int) and isinstance(used, int) else None
        return view


def main():
    run_module(QuotaInfo)


if __name__ == "__main__":
    main()
