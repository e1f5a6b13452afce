#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2025, huaweicloud.iec contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: bandwidth
short_description: Resize, rename or delete shared bandwidths of Huawei Cloud Intelligent EdgeCloud (IEC)
version_added: 1.0.0
description:
  - Change the size or the name of a shared bandwidth, or delete it (IEC API C(/v1/bandwidths)).
  - IEC has no API to create a bandwidth. A bandwidth comes with the first public IP of its type on a line
    (M(huaweicloud.iec.public_ip), O(huaweicloud.iec.public_ip#module:bandwidth_type)), and later public IPs of
    that line share it.
  - A bandwidth is found by its O(id), or else by O(name) and O(site) together.
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
      - ID of the bandwidth. With it, O(name) renames the bandwidth.
    type: str
  name:
    description:
      - Name of the bandwidth, 1 to 64 characters.
      - Without O(id), the name and O(site) identify the bandwidth.
    type: str
  site:
    description:
      - Name or ID of the edge site of the bandwidth (see M(huaweicloud.iec.site_info)). It cannot change.
    type: str
  size:
    description:
      - Size of the bandwidth in Mbit/s, from V(300) to V(2000). IEC bills it at the 95th percentile of the peak.
      - A larger size may exceed the bandwidth size quota (IEC.020817).
    type: int
  state:
    description:
      - V(present) makes sure the bandwidth is as described; it must exist.
      - V(absent) deletes it. A bandwidth that still carries public IPs cannot be deleted; release them first
        with M(huaweicloud.iec.public_ip).
    type: str
    choices: [present, absent]
    default: present
notes:
  - A bandwidth that is C(FREEZED), usually because the account is in arrears, can be neither changed nor deleted
    (IEC.020810).
seealso:
  - module: huaweicloud.iec.bandwidth_info
  - module: huaweicloud.iec.bandwidth_type_info
  - module: huaweicloud.iec.public_ip
"""

EXAMPLES = r"""
- name: A public IP, which brings a bandwidth with it
  huaweicloud.iec.public_ip:
    port: "{{ vip.port.id }}"
  register: eip

- name: Give its bandwidth a name and 500 Mbit/s
  huaweicloud.iec.bandwidth:
    id: "{{ eip.public_ip.bandwidth_id }}"
    name: web-bandwidth
    size: 500

- name: Resize it, found by name
  huaweicloud.iec.bandwidth:
    name: web-bandwidth
    site: shanghai
    size: 800

- name: Release the public IP, then delete the bandwidth
  huaweicloud.iec.public_ip:
    id: "{{ eip.public_ip.id }}"
    state: absent

- name: Delete the bandwidth
  huaweicloud.iec.bandwidth:
    name: web-bandwidth
    site: shanghai
    state: absent
"""

RETURN = r"""
bandwidth:
  description:
    - The bandwidth. Empty when O(state=absent) and it did not exist.
  returned: always
  type: dict
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
from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import IecResource
from ansible_collections.huaweicloud.iec.plugins.module_utils.rules import state_argument_spec

SIZE_RANGE = (300, 2000)


class Bandwidth(IecResource):
    argument_spec = state_argument_spec(size=dict(type="int"), **strings("name", "site"))

    kind = "bandwidth"
    identity = ("name", "site")
    list_query = {"site": "site_id"}
    references = {"site": catalog.ref("site", "site_id")}
    update_options = ("name", "size")
    immutable = ("site",)
    set_by_update = ("update_time",)
    returns = ("id", "name", "size", "status", "share_type", "bandwidth_type", "charge_mode", "site_id", "site_info",
               "pool_id", "operator", "publicip_info", "create_time", "update_time")
    error_hints = {"IEC.020809": "IEC accepts sizes from 300 to 2000 Mbit/s; ask support for another size.",
                   "IEC.020810": "The bandwidth is frozen; check that the account is not in arrears.",
                   "IEC.020817": "The bandwidth size quota is used up; choose a smaller size or ask for more quota."}

    def validate(self):
        p = self.params
        if not p["id"] and not (p["name"] and p["site"]):
            self.fail("Give name and site together to find the bandwidth, or its id (the bandwidth_id of its public "
                      "IPs).")
        if p["name"] is not None and not 1 <= len(p["name"]) <= 64:
            self.fail("name must be 1 to 64 characters long; it has %d." % len(p["name"]))
        if p["size"] is not None and not SIZE_RANGE[0] <= p["size"] <= SIZE_RANGE[1]:
            self.fail("size must be %d to %d (Mbit/s), got %d." % (SIZE_RANGE + (p["size"],)))

    def create_body(self):
        p = self.params
        self.fail("No bandwidth is named '%s' at site %s. IEC has no API to create a bandwidth: one comes with a "
                  "public IP (huaweicloud.iec.public_ip with bandwidth_type)." % (p["name"], p["site"]))

    def inspect(self, current):
        if self.params["state"] == "absent" and current.get("publicip_info"):
            # IEC refuses (seed 4.13.4); saying so here also keeps check mode from promising a deletion.
            self.fail("The %s still carries the public IPs %s; release them first (huaweicloud.iec.public_ip, "
                      "state: absent)." % (self.name_of(current), ", ".join(
                          str(i.get("publicip_address") or i.get("publicip_id")) for i in current["publicip_info"])),
                      bandwidth=self.curate(current))
        return current


def main():
    run_module(Bandwidth)


if __name__ == "__main__":
    main()
