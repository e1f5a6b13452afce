#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2025, huaweicloud.iec contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: bandwidth_type_info
short_description: List the shared bandwidth types of Huawei Cloud Intelligent EdgeCloud (IEC) sites
version_added: 1.0.0
description:
  - Return the types of shared bandwidth each edge site offers (IEC API C(/v1/share-bandwidth-types)), the values
    O(huaweicloud.iec.public_ip#module:bandwidth_type) takes.
  - IEC filters by O(site) and O(bandwidth_type). A site or type that does not exist gives an empty list, not a
    failure.
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
  site:
    description:
      - Name or ID of the edge site whose bandwidth types to return.
    type: str
  bandwidth_type:
    description:
      - Return only this type, for example V(share).
    type: str
seealso:
  - module: huaweicloud.iec.public_ip
  - module: huaweicloud.iec.bandwidth_info
"""

EXAMPLES = r"""
- name: The bandwidth types of a site
  huaweicloud.iec.bandwidth_type_info:
    site: shanghai
  register: types

- name: The sites that offer shared bandwidths of type share
  huaweicloud.iec.bandwidth_type_info:
    bandwidth_type: share
  register: share
"""

RETURN = r"""
bandwidth_types:
  description: The bandwidth types found, one per site and type; empty when none matches.
  returned: always
  type: list
  elements: dict
  contains:
    name:
      description: Display name of the type.
      type: str
      sample: 共享带宽
    bandwidth_type:
      description: The type, as public IPs name it in O(huaweicloud.iec.public_ip#module:bandwidth_type).
      type: str
      sample: share
    site_id:
      description: ID of the edge site that offers it.
      type: str
      sample: 6813be76-7322-11ea-9ce0-286ed488d287
"""

from ansible_collections.huaweicloud.iec.plugins.module_utils import catalog
from ansible_collections.huaweicloud.iec.plugins.module_utils.common import run_module
from ansible_collections.huaweicloud.iec.plugins.module_utils.options import strings
from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import IecInfo


class BandwidthTypeInfo(IecInfo):
    argument_spec = strings("site", "bandwidth_type")

    kind = "bandwidth_type"
    list_query = {"site": "site_id", "bandwidth_type": "bandwidth_type"}
    references = {"site": catalog.ref("site", "site_id")}
    returns = ("name", "bandwidth_type", "site_id")


def main():
    run_module(BandwidthTypeInfo)


if __name__ == "__main__":
    main()
