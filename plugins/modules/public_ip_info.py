#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2025, huaweicloud.iec contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: public_ip_info
short_description: List elastic public IPs of Huawei Cloud Intelligent EdgeCloud (IEC)
version_added: 1.0.0
description:
  - Return elastic public IPs (IEC API C(/v1/publicips)), one by O(id), or those matching every filter given.
  - IEC filters by O(site) and O(port); the module filters by O(public_ip_address) and O(bandwidth).
  - A public IP, site or bandwidth that does not exist gives an empty list, not a failure.
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
      - ID of the public IP to return. The other options are then ignored.
    type: str
  site:
    description:
      - Name or ID of the edge site whose public IPs to return.
    type: str
  port:
    description:
      - ID of a port; return the public IP bound to it.
    type: str
  public_ip_address:
    description:
      - Return the public IP with this address.
    type: str
  bandwidth:
    description:
      - Name or ID of a bandwidth; return its public IPs.
    type: str
seealso:
  - module: huaweicloud.iec.public_ip
"""

EXAMPLES = r"""
- name: The public IPs of a site
  huaweicloud.iec.public_ip_info:
    site: shanghai
  register: eips

- name: The public IP of a virtual IP
  huaweicloud.iec.public_ip_info:
    port: "{{ vip.port.id }}"
  register: eip
"""

RETURN = r"""
public_ips:
  description: The public IPs found; empty when none matches.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: ID of the public IP.
      type: str
      sample: a943a83e-4920-4b8d-87bb-f777d3dce83a
    status:
      description: C(PENDING_CREATE) while being created, then C(DOWN) when unbound and C(ACTIVE) when bound.
      type: str
      sample: ACTIVE
    public_ip_address:
      description: The public address.
      type: str
      sample: 122.112.0.17
    port_id:
      description: ID of the port the public IP is bound to; empty or null when unbound.
      type: str
      sample: 5dc619ab-2246-4383-8bd7-f37e1e3b89ab
    private_ip_address:
      description: Private address of the port the public IP is bound to.
      type: str
      sample: 192.168.1.100
    type:
      description: ID of the line the address comes from.
      type: str
      sample: shanghai_cmcc
    ip_version:
      description: IP version, C(4).
      type: int
      sample: 4
    site_id:
      description: ID of the edge site.
      type: str
      sample: e3b52316-05be-11ea-bc35-286ed488d287
    site_info:
      description: Where the site is, as country/area/province/city.
      type: str
      sample: 中国/华中地区/湖北/武汉市
    operator:
      description: The carrier of the line (C(id), C(name), C(i18n_name), C(sa)).
      type: dict
      sample: {id: "3", i18n_name: 中国移动, sa: CMCC}
    bandwidth_id:
      description: ID of the bandwidth of the public IP.
      type: str
      sample: 2c3a040c-7b4e-41a1-8b77-26ea7fe61548
    bandwidth_name:
      description: Name of the bandwidth.
      type: str
      sample: bandwidth-3bvf
    bandwidth_share_type:
      description: Share type of the bandwidth, C(WHOLE) for a shared bandwidth.
      type: str
      sample: WHOLE
    bandwidth_size:
      description: Size of the bandwidth, in Mbit/s.
      type: int
      sample: 300
    create_time:
      description: When the public IP was created.
      type: str
      sample: "2021-01-01T14:29:33Z"
"""

from ansible_collections.huaweicloud.iec.plugins.module_utils import catalog
from ansible_collections.huaweicloud.iec.plugins.module_utils.common import run_module
from ansible_collections.huaweicloud.iec.plugins.module_utils.normalize import ip_address
from ansible_collections.huaweicloud.iec.plugins.module_utils.options import strings
from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import IecInfo


class PublicIpInfo(IecInfo):
    argument_spec = strings("id", "site", "port", "public_ip_address", "bandwidth")

    kind = "public_ip"
    list_query = {"site": "site_id", "port": "port_id"}
    client_filters = {"public_ip_address": "public_ip_address", "bandwidth": "bandwidth_id"}
    normalizers = {"public_ip_address": ip_address}
    references = {"site": catalog.ref("site", "site_id"),
                  "bandwidth": catalog.ref("bandwidth", "bandwidth_id")}
    returns = ("id", "status", "public_ip_address", "port_id", "private_ip_address", "type", "ip_version", "site_id",
               "site_info", "operator", "bandwidth_id", "bandwidth_name", "bandwidth_share_type", "bandwidth_size",
               "create_time")


def main():
    run_module(PublicIpInfo)


if __name__ == "__main__":
    main()
