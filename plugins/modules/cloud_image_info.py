#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2025, huaweicloud.iec contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: cloud_image_info
short_description: List the central (IMS) images of a Huawei Cloud region that IEC can register
version_added: 1.0.0
description:
  - Return the images the account sees in the Image Management Service (IMS) of one Huawei Cloud region (IEC API
    C(GET /v1/cloudimages/{region_id})), reading every page (IEC pages these by marker). Its private images can be
    registered as edge images with M(huaweicloud.iec.image) (O(huaweicloud.iec.image#module:ims_image_id)).
  - Every filter is applied by IEC, as seed section 4.15.6 lists them.
  - Filters that match nothing give an empty list. A region that IEC-IMS does not serve gives an empty list and a
    warning.
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
  region:
    description:
      - The Huawei Cloud region, for example V(cn-north-4).
    type: str
    required: true
  id:
    description:
      - Only the image with this ID.
    type: str
  name:
    description:
      - Only the images with this exact name.
    type: str
  owner:
    description:
      - Only the images of this domain (account).
    type: str
  image_type:
    description:
      - V(gold) for public images, V(private) for the account's own (C(__imagetype)).
    type: str
    choices: [gold, private]
  visibility:
    description:
      - V(public) or V(private).
    type: str
    choices: [public, private]
  status:
    description:
      - Only images in this state.
    type: str
    choices: [active, saving, killed, deleted]
  os_type:
    description:
      - Only images of this operating system type (C(__os_type)).
    type: str
    choices: [Linux, Windows, Other]
  is_registered:
    description:
      - Only images that are (or are not) registered (C(__isregistered)). Ignored by IEC for public images.
    type: bool
  protected:
    description:
      - Only protected (or unprotected) images.
    type: bool
  virtual_env_type:
    description:
      - Only images for this environment, for example V(FusionCompute).
    type: str
  support_kvm:
    description:
      - Only images that support KVM (C(__support_kvm)).
    type: bool
  support_kvm_gpu_type:
    description:
      - Only images for this GPU type under KVM, V(V100_vGPU) or V(RTX5000) (C(__support_kvm_gpu_type)).
    type: str
  support_kvm_infiniband:
    description:
      - Only images that support InfiniBand NICs under KVM (C(__support_kvm_infiniband)).
    type: bool
  support_diskintensive:
    description:
      - Only images that support dense storage (C(__support_diskintensive)).
    type: bool
  support_highperformance:
    description:
      - Only images that support high computing performance (C(__support_highperformance)).
    type: bool
  support_largememory:
    description:
      - Only images that support very large memory (C(__support_largememory)).
    type: bool
  support_xen:
    description:
      - Only images that support XEN (C(__support_xen)).
    type: bool
  support_xen_gpu_type:
    description:
      - Only images for this GPU type under XEN (C(__support_xen_gpu_type)).
    type: str
  support_xen_hana:
    description:
      - Only images that support HANA under XEN (C(__support_xen_hana)).
    type: bool
  sort_key:
    description:
      - Order the images by this field. IEC's default is V(created_at).
    type: str
    choices: [name, status, disk_format, created_at]
  sort_dir:
    description:
      - V(asc) or V(desc) (IEC's default) order of O(sort_key).
    type: str
    choices: [asc, desc]
seealso:
  - module: huaweicloud.iec.image
  - module: huaweicloud.iec.image_info
"""

EXAMPLES = r"""
- name: The private images of Beijing-4 that could become edge images
  huaweicloud.iec.cloud_image_info:
    region: cn-north-4
    image_type: private
  register: central

- name: Register the first one
  huaweicloud.iec.image:
    ims_image_id: "{{ central.images[0].id }}"
    region: cn-north-4
"""

RETURN = r"""
images:
  description: The images, in IEC's order (see O(sort_key)); empty when none matches.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: ID of the image.
      type: str
      sample: 940246bd-f7f4-4341-a523-48ecc67e3642
    name:
      description: Name of the image.
      type: str
      sample: CentOS 7.6 64bit
    status:
      description: V(queued), V(saving), V(active), V(killed) or V(deleted).
      type: str
      sample: active
    visibility:
      description: V(private) or V(public).
      type: str
    image_type:
      description: V(gold), V(private), V(shared) or V(market) (C(__imagetype)).
      type: str
    owner:
      description: Domain (account) that owns the image.
      type: str
    description:
      description: Description of the image (C(__description)).
      type: str
    os_type:
      description: V(Linux), V(Windows) or V(Other).
      type: str
    os_version:
      description: Operating system and version.
      type: str
    os_bit:
      description: V(32) or V(64).
      type: str
    platform:
      description: Platform, for example V(CentOS).
      type: str
    image_size:
      description: Size of the image file, in bytes (C(__image_size)).
      type: str
    min_disk:
      description: Smallest system disk, in GB.
      type: int
    min_ram:
      description: Smallest memory, in MB.
      type: int
    max_ram:
      description: Largest memory, in MB, when set.
      type: str
    disk_format:
      description: Format of the image, for example V(zvhd2).
      type: str
    container_format:
      description: Container format, for example V(bare).
      type: str
    hw_firmware_type:
      description: Boot mode, V(bios) or V(uefi).
      type: str
    is_registered:
      description: V(true) when the image is registered.
      type: str
    protected:
      description: Whether the image is protected (cannot be deleted).
      type: bool
    data_origin:
      description: Where the image comes from; empty for public images (C(__data_origin)).
      type: str
    original_image_name:
      description: ID of the parent image, when any (C(__originalimagename)).
      type: str
    backup_id:
      description: ID of the backup the image was made from, when any (C(__backup_id)).
      type: str
    virtual_env_type:
      description: V(FusionCompute), V(Ironic) or V(DataImage).
      type: str
    enterprise_project_id:
      description: The enterprise project of the image.
      type: str
    support_kvm:
      description: V(true) when the image supports KVM.
      type: str
    support_arm:
      description: V(true) for an ARM image.
      type: str
    support_amd:
      description: V(true) for an AMD image.
      type: str
    tags:
      description: Tags of the image.
      type: list
      elements: str
    created_at:
      description: Creation time (UTC).
      type: str
    updated_at:
      description: Time of the last change (UTC).
      type: str
"""

from ansible_collections.huaweicloud.iec.plugins.module_utils.client import IecApiError, quote
from ansible_collections.huaweicloud.iec.plugins.module_utils.common import run_module
from ansible_collections.huaweicloud.iec.plugins.module_utils.options import image_filters
from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import IecInfo


class CloudImageInfo(IecInfo):
    argument_spec, list_query = image_filters("cloud_image", region=dict(type="str", required=True))

    key = "images"
    kind = "cloud_image"
    returns = ("id", "name", "status", "visibility", ("image_type", "__imagetype"), "owner",
               ("description", "__description"), ("os_type", "__os_type"), ("os_version", "__os_version"),
               ("os_bit", "__os_bit"), ("platform", "__platform"), ("image_size", "__image_size"), "min_disk",
               "min_ram", "max_ram", "disk_format", "container_format", "hw_firmware_type",
               ("is_registered", "__isregistered"), "protected", ("data_origin", "__data_origin"),
               ("original_image_name", "__originalimagename"), ("backup_id", "__backup_id"), "virtual_env_type",
               "enterprise_project_id", ("support_kvm", "__support_kvm"), ("support_arm", "__support_arm"),
               ("support_amd", "__support_amd"), "tags", "created_at", "updated_at")

    def __init__(self, module, client=None):
        super(CloudImageInfo, self).__init__(module, client)
        self.path = self.path.format(region_id=quote(module.params["region"]))

    def fetch(self):
        try:
            return super(CloudImageInfo, self).fetch()
        except IecApiError as e:
            if e.status != 404:
                raise
            # The region is the only thing in the path that can be missing.
            self.warn("IEC has no central images of region '%s' (%s): it is not a region IEC-IMS serves."
                      % (self.params["region"], e))
            return []


def main():
    run_module(CloudImageInfo)


if __name__ == "__main__":
    main()
