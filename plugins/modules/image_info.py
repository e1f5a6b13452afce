#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2025, huaweicloud.iec contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: image_info
short_description: List edge images of Huawei Cloud Intelligent EdgeCloud (IEC)
version_added: 1.0.0
description:
  - Return one edge image by O(id) (IEC API C(GET /v1/images/{image_id}), with its region details), or the public
    and private images matching the filters of C(GET /v1/images), reading every page. Every filter is applied by
    IEC, as seed section 4.15.3 lists them.
  - IEC leaves deleted images out unless asked for them with O(status=deleted).
  - An id or filters that match nothing give an empty list, not a failure.
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
      - ID of the one image to return.
    type: str
  name:
    description:
      - Only the images with this exact name.
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
      - Only images in this state (C(saving), C(deleted), C(killed) or C(active)).
    type: str
    choices: [active, saving, killed, deleted]
  os_type:
    description:
      - Only images of this operating system type (C(__os_type)).
    type: str
    choices: [Linux, Windows, Other]
  is_registered:
    description:
      - Only images that are (or are not) registered, that is usable (C(__isregistered)). Ignored by IEC for public
        images.
    type: bool
  protected:
    description:
      - Only protected (or unprotected) images.
    type: bool
  virtual_env_type:
    description:
      - Only images for this environment; IEC has system disk images, V(FusionCompute).
    type: str
  support_kvm:
    description:
      - Only images that support KVM (C(__support_kvm)).
    type: bool
  support_kvm_gpu_type:
    description:
      - Only images for this GPU type under KVM, V(V100_vGPU) or V(RTX5000) (C(__support_kvm_gpu_type)).
    type: str
  support_kvm_ascend_310:
    description:
      - Only images that support AI acceleration (C(__support_kvm_ascend_310)).
    type: bool
  support_kvm_hi1822_hiovs:
    description:
      - Only images that support enhanced computing (C(__support_kvm_hi1822_hiovs)).
    type: bool
  support_arm:
    description:
      - Only images for the ARM architecture (C(__support_arm)).
    type: bool
  support_gpu_t4:
    description:
      - Only images that support the GPU T4 (C(__support_gpu_t4)).
    type: bool
  support_amd:
    description:
      - Only images for the AMD architecture (C(__support_amd)).
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
  - module: huaweicloud.iec.cloud_image_info
"""

EXAMPLES = r"""
- name: The public Linux images
  huaweicloud.iec.image_info:
    image_type: gold
    os_type: Linux
  register: public_linux

- name: The account's own images, by name
  huaweicloud.iec.image_info:
    visibility: private
    sort_key: name
    sort_dir: asc
  register: mine

- name: One image with its regions
  huaweicloud.iec.image_info:
    id: 633724a7-4a4e-11eb-8f73-fa1640aee23e
  register: one
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
      sample: 633724a7-4a4e-11eb-8f73-fa1640aee23e
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
      description: V(private) or V(gold) (public).
      type: str
    data_source:
      description: Where a private image comes from, C(instance:<instance id>) or C(ims:<image id>:<region>).
      type: str
    relation_job_id:
      description: ID of the job that built the image.
      type: str
    os_type:
      description: V(Linux), V(Windows) or V(Other).
      type: str
    os_version:
      description: Operating system and version.
      type: str
    platform:
      description: Platform, for example V(CentOS).
      type: str
    min_disk:
      description: Smallest system disk, in GB.
      type: int
    min_ram:
      description: Smallest memory, in MB.
      type: int
    disk_format:
      description: Format of the image, for example V(zvhd2).
      type: str
    hw_firmware_type:
      description: Boot mode, V(bios) or V(uefi).
      type: str
    owner:
      description: Domain (account) that owns the image.
      type: str
    protected:
      description: Whether the image is protected.
      type: bool
    is_registered:
      description: Whether the image is registered (usable).
      type: bool
    deleted:
      description: Whether the image is deleted.
      type: bool
    deleted_at:
      description: Deletion time (UTC), empty when not deleted.
      type: str
    virtual_env_type:
      description: Environment of the image, V(FusionCompute).
      type: str
    support_kvm:
      description: V(true) when the image supports KVM.
      type: str
    support_kvm_gpu_type:
      description: GPU type under KVM, when any.
      type: str
    support_kvm_ascend_310:
      description: V(true) when the image supports AI acceleration.
      type: str
    support_kvm_hi1822_hiovs:
      description: V(true) when the image supports enhanced computing.
      type: str
    support_arm:
      description: V(true) for an ARM image.
      type: str
    support_gpu_t4:
      description: V(true) when the image supports the GPU T4.
      type: str
    support_amd:
      description: V(true) for an AMD image.
      type: str
    origin_region_info:
      description: The source of a registered image (C(region_id), C(image_id)); only with O(id).
      type: dict
    edge_region_info:
      description: The edge regions the image is in (C(region_id), C(image_id)); only with O(id).
      type: list
      elements: dict
    created_at:
      description: Creation time (UTC).
      type: str
    updated_at:
      description: Time of the last change (UTC).
      type: str
"""

from ansible_collections.huaweicloud.iec.plugins.module_utils.common import run_module
from ansible_collections.huaweicloud.iec.plugins.module_utils.options import image_filters
from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import IecInfo


class ImageInfo(IecInfo):
    argument_spec, list_query = image_filters("image")

    kind = "image"
    returns = ("id", "name", "status", "visibility", ("image_type", "__imagetype"), "data_source", "relation_job_id",
               ("os_type", "__os_type"), ("os_version", "__os_version"), ("platform", "__platform"), "min_disk",
               "min_ram", "disk_format", "hw_firmware_type", "owner", "protected", ("is_registered", "__isregistered"),
               "deleted", "deleted_at", "virtual_env_type", ("support_kvm", "__support_kvm"),
               ("support_kvm_gpu_type", "__support_kvm_gpu_type"), ("support_kvm_ascend_310", "__support_kvm_ascend_310"),
               ("support_kvm_hi1822_hiovs", "__support_kvm_hi1822_hiovs"), ("support_arm", "__support_arm"),
               ("support_gpu_t4", "__support_gpu_t4"), ("support_amd", "__support_amd"), "origin_region_info",
               "edge_region_info", "created_at", "updated_at")


def main():
    run_module(ImageInfo)


if __name__ == "__main__":
    main()
