#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2025, huaweicloud.iec contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: bandwidth_info
short_description: List shared bandwidths of Huawei Cloud Intelligent EdgeCloud (IEC)
version_added: 1.0.0
description:
  - Return shared bandwidths (IEC API C(/v1/bandwidths)), one by O(id), or those matching O(site) and O(name).
  - IEC filters by O(site); the module filters by O(name).
  - A bandwidth, name or site that does not exist gives an empty list, not a failure.
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
      - ID of the bandwidth to return. The other options are then ignored.
    type: str
  name:
    description:
      - Name of the bandwidths to return.
    type: str
  site:
    description:
      - Name or ID of the edge site whose bandwidths to return.
    type: str
seealso:
  - module: huaweicloud.iec.bandwidth
  - module: huaweicloud.iec.bandwidth_type_info
"""

EXAMPLES = r"""
- name: The bandwidths of a site
  huaweicloud.iec.bandwidth_info:
    site: shanghai
  register: bandwidths

- name: The bandwidth of a public IP
  huaweicloud.iec.bandwidth_info:
    id: "{{ eip.public_ip.bandwidth_id }}"
  register: bandwidth
"""

RETURN = r"""
bandwidths:
  description: The bandwidths found; empty when none matches.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: ID of the bandwidth.
      type: str
      sample: f123b229-8755-4a9d-a050-7d30ee63afab
    name:
      description: Name of the bandwidth.
      type: str
      sample: bandwidth-3bvf
    size:
      description: Size in Mbit/s.
      type: int
      sample: 500
    status:
      description: C(NORMAL), or C(FREEZED) when frozen.
      type: str
      sample: NORMAL
    share_type:
      description: C(WHOLE) for a shared bandwidth.
      type: str
      sample: WHOLE
    bandwidth_type:
      description: Type of the bandwidth (see M(huaweicloud.iec.bandwidth_type_info)).
      type: str
      sample: share
    charge_mode:
      description: How the bandwidth is billed, C(95peak_plus) (95th percentile of the peak).
      type: str
      sample: 95peak_plus
    site_id:
      description: ID of the edge site.
      type: str
      sample: 6813be76-7322-11ea-9ce0-286ed488d287
    site_info:
      description: Where the site is, as country/area/province/city.
      type: str
      sample: 中国/华南地区/广东/中山市
    pool_id:
      description: ID of the line of the bandwidth.
      type: str
      sample: 5_bgp_site3
    operator:
      description: The carrier of the line (C(id), C(name), C(i18n_name), C(sa)).
      type: dict
      sample: {id: "2", i18n_name: 中国联通, sa: CUCC}
    publicip_info:
      description: The public IPs on the bandwidth (C(publicip_id), C(publicip_address), C(publicip_type), C(ip_version)).
      type: list
      elements: dict
      sample: [{publicip_id: 6aa7c090-d111-40e2-ba2a-2985c833e859, publicip_address: 122.112.0.2,
                publicip_type: 5_bgp_site3, ip_version: 4}]
    create_time:
      description: When the bandwidth was created.
      type: str
      sample: "2021-01-19T02:21:17.213934Z"
    update_time:
      description: When the bandwidth was last changed.
      type: str
      sample: "2021-03-30T01:22:01.679039Z"
"""

from ansible_collections.huaweicloud.iec.plugins.module_utils import catalog
from ansible_collections.huaweicloud.iec.plugins.module_utils.common import run_module
from ansible_collections.huaweicloud.iec.plugins.module_utils.options import strings
from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import IecInfo


class BandwidthInfo(IecInfo):
    argument_spec = strings("id", "name", "site")

    kind = "bandwidth"
    list_query = {"site": "site_id"}
    client_filters = {"name": "name"}
    references = {"site": catalog.ref("site", "site_id")}
    returns = ("id", "name", "size", "status", "share_type", "bandwidth_type", "charge_mode", "site_id", "site_info",
               "pool_id", "operator", "publicip_info", "create_time", "update_time")


def main():
    run_module(BandwidthInfo)


if __name__ == "__main__":
    main()
