#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2025, huaweicloud.iec contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: vpc_info
short_description: List VPCs of Huawei Cloud Intelligent EdgeCloud (IEC)
version_added: 1.0.0
description:
  - Return the VPCs of the account, the one with a given O(id), or the one named O(name)
    (IEC API C(/v1/vpcs)).
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
      - ID of the VPC to return.
    type: str
  name:
    description:
      - Name of the VPC to return; IEC filters on it.
    type: str
seealso:
  - module: huaweicloud.iec.vpc
"""

EXAMPLES = r"""
- name: All VPCs
  huaweicloud.iec.vpc_info:
  register: all_vpcs

- name: One VPC by name
  huaweicloud.iec.vpc_info:
    name: edge-vpc
  register: found

- name: Show its range
  ansible.builtin.debug:
    msg: "{{ found.vpcs[0].cidr }}"
  when: found.vpcs | length > 0
"""

RETURN = r"""
vpcs:
  description: The VPCs found; empty when none matches.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: ID of the VPC.
      type: str
      sample: ab96424b-aba2-4b08-b534-25e2dbd89519
    name:
      description: Name of the VPC.
      type: str
      sample: edge-vpc
    cidr:
      description: Address range of the VPC.
      type: str
      sample: 192.168.0.0/16
    mode:
      description: V(SYSTEM) (IEC plans the subnets) or V(CUSTOMER).
      type: str
      sample: CUSTOMER
    subnet_num:
      description: Number of subnets in the VPC.
      type: int
      sample: 2
"""

from ansible_collections.huaweicloud.iec.plugins.module_utils.common import run_module
from ansible_collections.huaweicloud.iec.plugins.module_utils.options import strings
from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import IecInfo


class VpcInfo(IecInfo):
    argument_spec = strings("id", "name")

    kind = "vpc"
    list_query = {"name": "name"}
    client_filters = {"name": "name"}
    returns = ("id", "name", "cidr", "mode", "subnet_num")


def main():
    run_module(VpcInfo)


if __name__ == "__main__":
    main()
