#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2025, huaweicloud.iec contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: port_info
short_description: List ports and virtual IPs of Huawei Cloud Intelligent EdgeCloud (IEC)
version_added: 1.0.0
description:
  - Return ports (IEC API C(/v1/ports)), that is virtual IPs, the NICs of edge instances and the ports IEC uses
    itself.
  - One port by O(id), or the ports matching every filter given; IEC applies the filters.
  - A port, subnet or security group that does not exist gives an empty list, not a failure.
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
      - ID of the port to return. The other options are then ignored.
    type: str
  subnet:
    description:
      - Name or ID of the subnet whose ports to return.
    type: str
  ip_address:
    description:
      - Return the port with this fixed IP address.
    type: str
    aliases: [fixed_ip]
  device_id:
    description:
      - Return the ports of this device, for example the NICs of an edge instance given by its ID.
    type: str
  device_owner:
    description:
      - Return the ports of this kind of owner, for example V(neutron:VIP_PORT) for virtual IPs.
    type: str
  security_group:
    description:
      - Name or ID of a security group; return the ports in it.
    type: str
  mac_address:
    description:
      - Return the port with this MAC address.
    type: str
seealso:
  - module: huaweicloud.iec.port
"""

EXAMPLES = r"""
- name: List the virtual IPs of a subnet
  huaweicloud.iec.port_info:
    subnet: web
    device_owner: neutron:VIP_PORT
  register: vips

- name: Find the port of an address
  huaweicloud.iec.port_info:
    subnet: web
    ip_address: 192.168.1.100
  register: vip

- name: The NICs of an edge instance
  huaweicloud.iec.port_info:
    device_id: "{{ instance_id }}"
  register: nics
"""

RETURN = r"""
ports:
  description: The ports found; empty when none matches.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: ID of the port.
      type: str
      sample: dcbd71e9-c325-4e10-b1c2-57136daf413f
    name:
      description: Name of the port, often empty.
      type: str
      sample: ""
    status:
      description: C(ACTIVE), C(BUILD) or C(DOWN).
      type: str
      sample: DOWN
    subnet_id:
      description: ID of the port's subnet, as M(huaweicloud.iec.subnet_info) returns it (the port's C(network_id)).
      type: str
      sample: 3e361542-55aa-470c-a8a7-a438fa154f7d
    ip_address:
      description: The port's fixed IP address.
      type: str
      sample: 192.168.1.100
    fixed_ips:
      description:
        - The fixed IPs as IEC returns them (C(subnet_id), C(ip_address)); a port has one.
        - Their C(subnet_id) is the subnet's C(neutron_subnet_id) (C(neutron_subnet_id_v6) for an IPv6 address),
          not the subnet's ID.
      type: list
      elements: dict
      sample: [{subnet_id: 5b0f0c2a-3c1d-4a7e-9f57-8e2b1d6c4a10, ip_address: 192.168.1.100}]
    mac_address:
      description: MAC address.
      type: str
      sample: fa:16:3e:2d:3f:61
    network_id:
      description: ID of the subnet's network in the OpenStack Neutron API, which is also the IEC subnet ID.
      type: str
      sample: 3e361542-55aa-470c-a8a7-a438fa154f7d
    device_id:
      description: ID of the device holding the port (an instance), empty for a virtual IP.
      type: str
      sample: ""
    device_owner:
      description: What owns the port, C(neutron:VIP_PORT) for a virtual IP.
      type: str
      sample: neutron:VIP_PORT
    security_groups:
      description: IDs of the port's security groups.
      type: list
      elements: str
      sample: [2d3c8a22-75a1-4c2e-9e38-d47ae5b1e0c4]
    allowed_address_pairs:
      description: The allowed address pairs (C(ip_address), C(mac_address)).
      type: list
      elements: dict
      sample: [{ip_address: 1.1.1.1/0, mac_address: "fa:16:3e:2d:3f:61"}]
    site_id:
      description: ID of the edge site of the port.
      type: str
      sample: 6813be76-7322-11ea-9ce0-286ed488d287
    ipv6_bandwidth_id:
      description: ID of the bandwidth attached to an IPv6 port; empty when none is.
      type: str
      sample: ""
"""

from ansible_collections.huaweicloud.iec.plugins.module_utils import catalog
from ansible_collections.huaweicloud.iec.plugins.module_utils.common import run_module
from ansible_collections.huaweicloud.iec.plugins.module_utils.options import strings
from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import IecInfo
from ansible_collections.huaweicloud.iec.plugins.module_utils.rules import fixed_ips_filter, port_view


class PortInfo(IecInfo):
    argument_spec = dict(
        ip_address=dict(type="str", aliases=["fixed_ip"]),
        **strings("id", "subnet", "device_id", "device_owner", "security_group", "mac_address"),
    )

    kind = "port"
    # A port's network_id is the IEC subnet id; its fixed_ips[].subnet_id is the subnet's neutron_subnet_id.
    list_query = {"device_id": "device_id", "device_owner": "device_owner", "security_group": "security_groups",
                  "mac_address": "mac_address", "subnet": "network_id", "ip_address": ("fixed_ips", fixed_ips_filter)}
    references = {"subnet": catalog.ref("subnet", "subnet_id"),
                  "security_group": catalog.ref("security_group", "security_groups")}
    returns = ("id", "name", "status", "subnet_id", "ip_address", "fixed_ips", "mac_address", "network_id",
               "device_id", "device_owner", "security_groups", "allowed_address_pairs", "site_id", "ipv6_bandwidth_id")
    derived = (port_view,)


def main():
    run_module(PortInfo)


if __name__ == "__main__":
    main()
