#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2025, huaweicloud.iec contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: route_table_info
short_description: List route tables of Huawei Cloud Intelligent EdgeCloud (IEC)
version_added: 1.0.0
description:
  - Return route tables (IEC API C(/v1/routetables)), one by O(id), or those matching O(name) and O(vpc).
  - A route table read by O(id) comes with its subnets and routes; the list API gives neither.
  - A name, VPC or ID that does not exist gives an empty list, not a failure.
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
      - ID of the route table to return, with its subnets and routes.
    type: str
  name:
    description:
      - Name of the route tables to return.
    type: str
  vpc:
    description:
      - Name or ID of the VPC whose route tables to return, the default one included.
    type: str
seealso:
  - module: huaweicloud.iec.route_table
"""

EXAMPLES = r"""
- name: List the route tables of a VPC
  huaweicloud.iec.route_table_info:
    vpc: edge-vpc
  register: tables

- name: Read one route table with its routes
  huaweicloud.iec.route_table_info:
    id: "{{ tables.route_tables[0].id }}"
  register: table
"""

RETURN = r"""
route_tables:
  description: The route tables found; empty when none matches.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: ID of the route table.
      type: str
      sample: 3d42a0d4-a980-4613-ae76-a2cddecff054
    name:
      description: Name of the route table.
      type: str
      sample: via-gateway
    vpc_id:
      description: ID of the VPC.
      type: str
      sample: 0dc8cb1b-0e6a-4c1a-8f14-1bc4b0d6a1a4
    description:
      description: Description.
      type: str
      sample: ""
    default:
      description: Whether this is the VPC's default route table.
      type: bool
      sample: false
    subnets:
      description: IDs of the associated subnets; only when read by O(id).
      type: list
      elements: str
      sample: [f8a0b5ca-4cd7-4bd5-b6a5-3c7ecd5a4c6d]
    routes:
      description:
        - The routes (C(type), C(destination), C(nexthop), C(description)), without the system routes; only
          when read by O(id).
      type: list
      elements: dict
      sample:
        - type: vip
          destination: 172.16.0.0/16
          nexthop: 192.168.1.100
          description: office
"""

from ansible_collections.huaweicloud.iec.plugins.module_utils import catalog
from ansible_collections.huaweicloud.iec.plugins.module_utils.common import run_module
from ansible_collections.huaweicloud.iec.plugins.module_utils.options import strings
from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import IecInfo
from ansible_collections.huaweicloud.iec.plugins.module_utils.rules import listed_route_table_lists, with_routes


class RouteTableInfo(IecInfo):
    argument_spec = strings("id", "name", "vpc")

    kind = "route_table"
    list_query = {"name": "name", "vpc": "vpc_id"}
    references = {"vpc": catalog.ref("vpc", "vpc_id")}
    returns = ("id", "name", "vpc_id", "description", "default")
    derived = (listed_route_table_lists,)

    def on_read(self, resource):
        return with_routes(self, resource)


def main():
    run_module(RouteTableInfo)


if __name__ == "__main__":
    main()
