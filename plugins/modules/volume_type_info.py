#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2025, huaweicloud.iec contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: volume_type_info
short_description: List the disk (volume) types of Huawei Cloud Intelligent EdgeCloud (IEC)
version_added: 1.0.0
description:
  - Return the volume types edge instances' system and data disks can use (IEC API
    C(GET /v1/cloudvolumes/volume-types)), with whether any site still sells them.
  - Which sites offer a type is answered by M(huaweicloud.iec.site_info) with O(huaweicloud.iec.site_info#module:volume_type).
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
  name:
    description:
      - Name of the volume type to return, for example V(SAS). Compared exactly.
    type: str
  status:
    description:
      - Only volume types in this state. V(normal) is sold at one site at least; V(sellout) is sold out everywhere.
    type: str
    choices: [normal, sellout]
seealso:
  - module: huaweicloud.iec.site_info
  - module: huaweicloud.iec.instance
"""

EXAMPLES = r"""
- name: Volume types that can still be bought
  huaweicloud.iec.volume_type_info:
    status: normal
  register: types
"""

RETURN = r"""
volume_types:
  description: The volume types found; empty when none matches.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: ID of the volume type.
      type: str
    name:
      description: Name of the volume type, as instances give it in C(volume_type).
      type: str
      sample: SAS
    status:
      description: V(normal) or V(sellout).
      type: str
      sample: normal
"""

from ansible_collections.huaweicloud.iec.plugins.module_utils.common import run_module
from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import IecInfo


class VolumeTypeInfo(IecInfo):
    argument_spec = dict(
        name=dict(type="str"),
        status=dict(type="str", choices=["normal", "sellout"]),
    )

    kind = "volume_type"
    client_filters = {"name": "name", "status": "status"}
    returns = ("id", "name", "status")


def main():
    run_module(VolumeTypeInfo)


if __name__ == "__main__":
    main()
