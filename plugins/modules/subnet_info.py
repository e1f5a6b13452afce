#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2025, huaweicloud.iec contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: subnet_info
short_description: List subnets of Huawei Cloud Intelligent EdgeCloud (IEC), with their route tables
version_added: 1.0.0
description:
  - Return the subnets of the account, filtered by VPC, site and name, or the one with a given O(id)
    (IEC API C(/v1/subnets)).
  - Each subnet comes with the route table it uses (C(GET /v1/subnets/{id}/routetables)) unless
    O(route_table=false).
  - Nothing found, or a VPC or site that does not exist, gives an empty list, not a failure.
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
      - ID of the subnet to return.
    type: str
  name:
    description:
      - Name of the subnets to return.
    type: str
  vpc:
    description:
      - Name or ID of the VPC whose subnets to return; IEC filters on it.
    type: str
  site:
    description:
      - Name or ID of the site whose subnets to return; IEC filters on it.
    type: str
  route_table:
    description:
      - Also read the route table each subnet uses, one request per subnet.
    type: bool
    default: true
seealso:
  - module: huaweicloud.iec.subnet
"""

EXAMPLES = r"""
- name: The subnets of a VPC at one site
  huaweicloud.iec.subnet_info:
    vpc: edge-vpc
    site: shanghai
  register: found

- name: The route table of a subnet
  huaweicloud.iec.subnet_info:
    id: 99d9d709-8478-4b46-9f3f-2206b1023fd3
  register: one

- name: Show it
  ansible.builtin.debug:
    msg: "{{ one.subnets[0].route_table.name }}"
  when: one.subnets | length > 0
"""

RETURN = r"""
subnets:
  description: The subnets found; empty when none matches.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: ID of the subnet.
      type: str
      sample: 99d9d709-8478-4b46-9f3f-2206b1023fd3
    name:
      description: Name of the subnet.
      type: str
      sample: web
    cidr:
      description: IPv4 range of the subnet.
      type: str
      sample: 192.168.1.0/24
    gateway_ip:
      description: Gateway address.
      type: str
      sample: 192.168.1.1
    dhcp_enable:
      description: Whether DHCP is on.
      type: bool
      sample: true
    primary_dns:
      description: First DNS server.
      type: str
      sample: 100.125.1.250
    secondary_dns:
      description: Second DNS server.
      type: str
      sample: 8.8.8.8
    dns_list:
      description: All DNS servers (API field C(dnsList)).
      type: list
      elements: str
      sample: [100.125.1.250, 8.8.8.8]
    status:
      description: C(ACTIVE), C(UNKNOWN) or C(ERROR).
      type: str
      sample: ACTIVE
    vpc_id:
      description: ID of the VPC.
      type: str
      sample: 4a532e51-0649-41b1-b120-49c60c6b0638
    site_id:
      description: ID of the site.
      type: str
      sample: e3b52316-05be-11ea-bc35-286ed488d287
    site_info:
      description: Where the site is, as country/area/province/city.
      type: str
      sample: 中国/华东地区/上海/上海市
    neutron_network_id:
      description: ID of the network in the OpenStack Neutron API.
      type: str
      sample: 99d9d709-8478-4b46-9f3f-2206b1023fd3
    neutron_subnet_id:
      description: ID of the subnet in the OpenStack Neutron API.
      type: str
      sample: de247b44-26d2-4cb2-9ba0-f62aac73ff1d
    ipv6_enable:
      description: Whether the subnet has an IPv6 range.
      type: bool
      sample: false
    cidr_v6:
      description: IPv6 range, when IPv6 is on.
      type: str
      sample: 2407:c080:0:1::/64
    gateway_ip_v6:
      description: IPv6 gateway, when IPv6 is on.
      type: str
      sample: 2407:c080:0:1::1
    pool_id:
      description: IPv6 line, when IPv6 is on.
      type: str
      sample: shanghai_ctcc_v6
    neutron_subnet_id_v6:
      description: ID of the IPv6 subnet in the OpenStack Neutron API, when IPv6 is on.
      type: str
      sample: 5b6c3c50-0f0e-4f6e-8c39-7f1a37f7b0c2
    route_table:
      description:
        - The route table the subnet uses; null when IEC names none or O(route_table=false).
      type: dict
      contains:
        id:
          description: ID of the route table.
          type: str
          sample: cb44da8b-b4fa-4674-8dc0-15c9ceb5fcc0
        name:
          description: Name of the route table.
          type: str
          sample: rtb-edge-vpc
        vpc_id:
          description: ID of the VPC of the route table.
          type: str
          sample: 4a532e51-0649-41b1-b120-49c60c6b0638
        default:
          description: Whether it is the VPC's default route table.
          type: bool
          sample: true
        description:
          description: Description of the route table.
          type: str
          sample: ""
        subnets:
          description: IDs of the subnets associated with the route table.
          type: list
          elements: str
          sample: [99d9d709-8478-4b46-9f3f-2206b1023fd3]
"""

from ansible_collections.huaweicloud.iec.plugins.module_utils import catalog
from ansible_collections.huaweicloud.iec.plugins.module_utils.client import IecApiError
from ansible_collections.huaweicloud.iec.plugins.module_utils.common import run_module
from ansible_collections.huaweicloud.iec.plugins.module_utils.options import strings
from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import IecInfo

SUBNET_RETURNS = ("id", "name", "cidr", "gateway_ip", "dhcp_enable", "primary_dns", "secondary_dns", "status",
                  "vpc_id", "site_id", "site_info", "neutron_network_id", "neutron_subnet_id", "ipv6_enable",
                  "cidr_v6", "gateway_ip_v6", "pool_id", "neutron_subnet_id_v6")


class SubnetInfo(IecInfo):
    argument_spec = dict(
        route_table=dict(type="bool", default=True),
        **strings("id", "name", "vpc", "site"),
    )

    kind = "subnet"
    references = {"vpc": catalog.ref("vpc", "vpc_id"),
                  "site": catalog.ref("site", "site_id")}
    list_query = {"vpc": "vpc_id", "site": "site_id"}
    client_filters = {"name": "name"}
    returns = SUBNET_RETURNS + (("dns_list", "dnsList"), "route_table")

    def fetch(self):
        items = super(SubnetInfo, self).fetch()
        for item in items:
            item["route_table"] = self.route_table(item["id"]) if self.params["route_table"] else None
        return items

    def route_table(self, ident):
        try:
            answer = self.client.get(self.item_url(ident, "{path}/{id}/routetables"))
        except IecApiError as e:
            if e.status == 404:
                return None
            raise
        table = (answer or {}).get("routetable")
        if not table:
            return None
        view = dict((k, table.get(k)) for k in ("id", "name", "vpc_id", "default", "description"))
        view["subnets"] = [s.get("id") for s in table.get("subnets") or []]
        return view


def main():
    run_module(SubnetInfo)


if __name__ == "__main__":
    main()
