#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2025, huaweicloud.iec contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: volume_info
short_description: List the disks (volumes) of Huawei Cloud Intelligent EdgeCloud (IEC) edge instances
version_added: 1.0.0
description:
  - Return the system and data disks of edge instances (IEC API C(GET /v1/cloudvolumes) and
    C(GET /v1/cloudvolumes/{volume_id})). IEC creates and deletes them with their instances
    (M(huaweicloud.iec.instance) options O(huaweicloud.iec.instance#module:root_volume) and
    O(huaweicloud.iec.instance#module:data_volumes)).
  - O(name) and O(status) are filtered by IEC, O(instance) by the module.
  - An id or a name that does not exist gives an empty list, not a failure.
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
      - ID of the one volume to return.
    type: str
  name:
    description:
      - Only volumes with this name.
    type: str
  status:
    description:
      - Only volumes in this state, for example V(in-use) or V(available).
    type: str
  instance:
    description:
      - Only volumes attached to the edge instance with this ID.
    type: str
seealso:
  - module: huaweicloud.iec.instance
  - module: huaweicloud.iec.volume_type_info
"""

EXAMPLES = r"""
- name: The disks of one instance
  huaweicloud.iec.volume_info:
    instance: "{{ web.instance.id }}"
  register: disks

- name: One volume by id
  huaweicloud.iec.volume_info:
    id: 5f9b8c0e-1f3c-4a43-9a3b-0c2f1d6b7e21
  register: one
"""

RETURN = r"""
volumes:
  description: The volumes found; empty when none matches.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: ID of the volume.
      type: str
    name:
      description: Name of the volume.
      type: str
    description:
      description: Description of the volume.
      type: str
    status:
      description: State of the volume, for example V(in-use).
      type: str
      sample: in-use
    size:
      description: Size in GB.
      type: int
      sample: 40
    volume_type:
      description: Volume type, for example V(SAS).
      type: str
      sample: SAS
    bootable:
      description: V(true) for a system disk.
      type: str
    availability_zone:
      description: Availability zone (the site) of the volume.
      type: str
    attachments:
      description: Where the volume is attached (C(server_id), C(device), C(attachment_id), ...).
      type: list
      elements: dict
    encrypted:
      description: Whether the volume is encrypted.
      type: bool
    multiattach:
      description: Whether the volume can be attached to several instances.
      type: bool
    metadata:
      description: Metadata of the volume.
      type: dict
"""

from ansible_collections.huaweicloud.iec.plugins.module_utils.common import run_module
from ansible_collections.huaweicloud.iec.plugins.module_utils.options import strings
from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import IecInfo


class VolumeInfo(IecInfo):
    argument_spec = strings("id", "name", "status", "instance")

    kind = "volume"
    list_query = {"name": "name", "status": "status"}
    returns = ("id", "name", "description", "status", "size", "volume_type", "bootable", "availability_zone",
               "attachments", "encrypted", "multiattach", "metadata")

    def fetch(self):
        items = super(VolumeInfo, self).fetch()
        server = self.params.get("instance")
        if server:
            items = [i for i in items if any(a.get("server_id") == server for a in i.get("attachments") or [])]
        return items


def main():
    run_module(VolumeInfo)


if __name__ == "__main__":
    main()
