#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2025, huaweicloud.iec contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: subnet
short_description: Manage subnets of Huawei Cloud Intelligent EdgeCloud (IEC)
version_added: 1.0.0
description:
  - Create, update or delete a subnet of a VPC at an edge site (IEC API C(/v1/subnets)).
  - A subnet is found by its O(id), or else by O(vpc), O(site) and O(name) together.
  - A new subnet is attached to the VPC's router asynchronously; with O(wait=true) the module waits
    until its status is C(ACTIVE).
  - IEC deletes a subnet asynchronously too, and refuses to delete its VPC until it is gone (IEC.020113); with
    O(wait=true) the module waits until the subnet is gone.
  - Only subnets of VPCs in C(CUSTOMER) mode can be created, changed or deleted; IEC plans the subnets
    of C(SYSTEM)-mode VPCs itself (IEC.020107).
  - Options that are not given are left as they are.
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
      - ID of the subnet. With it, O(name) renames the subnet.
    type: str
  name:
    description:
      - Name of the subnet, 1 to 64 letters, digits, Chinese characters, V(_), V(-) or V(.).
    type: str
  vpc:
    description:
      - Name or ID of the VPC the subnet belongs to. The VPC must be in C(CUSTOMER) mode.
      - Required to create a subnet.
    type: str
  site:
    description:
      - Name or ID of the edge site the subnet is at (see M(huaweicloud.iec.site_info)).
      - Required to create a subnet.
    type: str
  cidr:
    description:
      - IPv4 range of the subnet inside the VPC's range, with a prefix of at most V(/28), for example
        V(192.168.1.0/24).
      - Required to create a subnet; it cannot change afterwards.
    type: str
  gateway_ip:
    description:
      - Gateway address, inside O(cidr) and neither its network nor its broadcast address.
      - Defaults to the first address of O(cidr) when the subnet is created; it cannot change afterwards.
    type: str
  dhcp_enable:
    description:
      - Whether DHCP is on. IEC turns it on when a subnet is created without it.
      - Without DHCP, new instances get no address and cloud-init cannot set their passwords.
    type: bool
  primary_dns:
    description:
      - First DNS server, an IPv4 address.
    type: str
  secondary_dns:
    description:
      - Second DNS server, an IPv4 address.
    type: str
  dns_list:
    description:
      - All DNS servers, in order, when you want more than two (API field C(dnsList)).
      - It must contain O(primary_dns) and O(secondary_dns) when they are given.
      - When it is not given and the primary or secondary server changes, the list is kept in line with them.
    type: list
    elements: str
  ipv6_enable:
    description:
      - V(true) adds an IPv6 range to the subnet, using the IPv6 line O(pool_id).
      - IPv6 cannot be switched off again; V(false) on a subnet with IPv6 fails.
    type: bool
  pool_id:
    description:
      - ID of the site's IPv6 line (its C(pool_id) in M(huaweicloud.iec.site_info)), needed with
        O(ipv6_enable=true).
    type: str
  wait:
    description:
      - Wait until the subnet is C(ACTIVE) after creating or changing it, and until it is gone after deleting it.
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds to wait.
    type: int
    default: 600
  state:
    description:
      - V(present) makes sure the subnet exists as described, V(absent) deletes it.
      - Subnets still used by instances or virtual IPs cannot be deleted (IEC.020008, IEC.020009).
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: huaweicloud.iec.subnet_info
  - module: huaweicloud.iec.vpc
"""

EXAMPLES = r"""
- name: A subnet at the Shanghai site
  huaweicloud.iec.subnet:
    vpc: edge-vpc
    site: shanghai
    name: web
    cidr: 192.168.1.0/24
    primary_dns: 100.125.1.250
    secondary_dns: 8.8.8.8
  register: subnet

- name: Turn on IPv6 on it
  huaweicloud.iec.subnet:
    id: "{{ subnet.subnet.id }}"
    ipv6_enable: true
    pool_id: shanghai_ctcc_v6

- name: Delete it
  huaweicloud.iec.subnet:
    vpc: edge-vpc
    site: shanghai
    name: web
    state: absent
"""

RETURN = r"""
subnet:
  description:
    - The subnet. Empty when O(state=absent) and it did not exist.
  returned: always
  type: dict
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
      description: C(ACTIVE) (attached to the router), C(UNKNOWN) (not yet) or C(ERROR).
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
"""

import ipaddress

from ansible_collections.huaweicloud.iec.plugins.module_utils import catalog
from ansible_collections.huaweicloud.iec.plugins.module_utils.common import run_module
from ansible_collections.huaweicloud.iec.plugins.module_utils.normalize import cidr, ip_address, ip_list
from ansible_collections.huaweicloud.iec.plugins.module_utils.options import strings
from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import IecResource, Wait
from ansible_collections.huaweicloud.iec.plugins.module_utils.rules import refuse, state_argument_spec, subnet_problems, subnet_vpc_problem


class Subnet(IecResource):
    argument_spec = state_argument_spec(
        default_wait_timeout=600,
        dhcp_enable=dict(type="bool"),
        dns_list=dict(type="list", elements="str"),
        ipv6_enable=dict(type="bool"),
        **strings("name", "vpc", "site", "cidr", "gateway_ip", "primary_dns", "secondary_dns", "pool_id"),
    )
    module_kwargs = dict(required_one_of=[("id", "name")])

    kind = "subnet"
    identity = ("vpc", "site", "name")
    list_query = {"vpc": "vpc_id", "site": "site_id"}
    references = {"vpc": catalog.ref("vpc", "vpc_id"),
                  "site": catalog.ref("site", "site_id")}
    fields = {"dns_list": "dnsList"}
    create_options = ("name", "vpc", "site", "cidr", "gateway_ip", "dhcp_enable", "primary_dns", "secondary_dns",
                      "dns_list")
    update_options = ("name", "dhcp_enable", "primary_dns", "secondary_dns", "dns_list", "ipv6_enable")
    late_options = ("ipv6_enable",)
    required_to_create = ("name", "vpc", "site", "cidr")
    immutable = ("cidr", "gateway_ip")
    normalizers = {"cidr": cidr, "gateway_ip": ip_address, "primary_dns": ip_address, "secondary_dns": ip_address,
                   "dns_list": ip_list}
    read_after_update = True
    # Deletion is asynchronous: Terraform's iec_vpc_subnet waits for the 404 after its DELETE.
    waiter = Wait(ready=("ACTIVE",), failed=("ERROR",), absent=True)
    problems = (subnet_problems,)
    returns = ("id", "name", "cidr", "gateway_ip", "dhcp_enable", "primary_dns", "secondary_dns",
               ("dns_list", "dnsList"), "status", "vpc_id", "site_id", "site_info", "neutron_network_id", "neutron_subnet_id", "ipv6_enable",
               "cidr_v6", "gateway_ip_v6", "pool_id", "neutron_subnet_id_v6")
    error_hints = {"IEC.020107": "The subnets of a SYSTEM-mode VPC are IEC's to manage.",
                   "IEC.020007": "Another subnet of the VPC overlaps this range; choose a free one.",
                   "IEC.020008": "Delete the instances or ports using the subnet first.",
                   "IEC.020009": "Delete the virtual IPs in the subnet first."}

    def create_body(self):
        refuse(self, subnet_vpc_problem(self.params["cidr"], self.referenced("vpc", self.resolve("vpc")) or {}))
        body = super(Subnet, self).create_body()
        if body.get("gateway_ip") is None:
            body["gateway_ip"] = str(next(ipaddress.ip_network(self.params["cidr"]).hosts()))
        return body

    def inspect(self, current):
        if self.params["ipv6_enable"] is False and current.get("ipv6_enable"):
            self.fail("IPv6 is on in %s and IEC cannot switch it off (IEC.020409); leave ipv6_enable out or "
                      "set it to true." % self.name_of(current))
        return current

    def update_body(self, current, changes):
        body = super(Subnet, self).update_body(current, changes)
        if changes.get("ipv6_enable"):
            body["pool_id"] = self.params["pool_id"]
        dns = ("primary_dns", "secondary_dns")
        if "dns_list" not in changes and any(o in changes for o in dns) and current.get("dnsList"):
            old = [current.get(o) for o in dns]
            new = [changes.get(o, current.get(o)) for o in dns]
            body["dnsList"] = [x for x in new if x] + [x for x in current["dnsList"] if x not in old + new]
        return body


def main():
    run_module(Subnet)


if __name__ == "__main__":
    main()
