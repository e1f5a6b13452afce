#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2025, huaweicloud.iec contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: image
short_description: Manage private edge images of Huawei Cloud Intelligent EdgeCloud (IEC)
version_added: 1.0.0
description:
  - Create a private edge image from the system disk of an edge instance (IEC API C(POST /v1/images/create)),
    register an image of the central Image Management Service (IMS) of a Huawei Cloud region as an edge image
    (C(POST /v1/images/register)), retry the job of an image that failed, or delete a private image.
  - An image made from an instance is found by O(name) among the account's private images; a registered image by
    its source, O(ims_image_id) (and O(region)); any image by O(id).
  - IEC builds an image asynchronously (C(queued), C(saving), then C(active)). With O(wait=true) the module waits
    until it is C(active); an image that ends C(killed) fails the task naming the job that failed. The job of a
    killed image runs again with O(retry=true) (C(POST /v1/{domain_id}/jobs/{job_id}/action)).
  - The source of an existing image cannot change; another O(instance) fails the task.
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
  name:
    description:
      - Name of the private image made from O(instance), 1 to 128 letters (Chinese characters included), digits,
        spaces, C(-), C(.) and C(_), neither starting nor ending with a space.
      - Without O(instance), it finds an existing private image, to delete it or retry its job.
      - Not with O(ims_image_id); a registered image takes the name of its source.
    type: str
  id:
    description:
      - ID of an existing image.
    type: str
  instance:
    description:
      - The edge instance, by name or id, whose system disk becomes the image. It must be C(ACTIVE) or C(SHUTOFF).
        Required to create an image by O(name).
    type: str
  ims_image_id:
    description:
      - ID (at most 36 characters) of a private IMS image of the region O(region) to register as an edge image;
        see M(huaweicloud.iec.cloud_image_info). Needs O(region).
    type: str
  region:
    description:
      - The Huawei Cloud region of O(ims_image_id), for example V(cn-north-4); it must be one that IEC-IMS serves.
    type: str
  retry:
    description:
      - When the image is C(killed) (its job failed), run the job again and wait for the image.
      - Without it, a killed image fails the task.
    type: bool
    default: false
  state:
    description:
      - V(present) makes sure the image exists and is usable; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  wait:
    description:
      - Wait until a new or retried image is C(active). An image still being built is also awaited before it is
        deleted, since IEC refuses that earlier.
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds to wait.
    type: int
    default: 1800
notes:
  - Only private images can be deleted; public (C(gold)) images belong to IEC.
seealso:
  - module: huaweicloud.iec.image_info
  - module: huaweicloud.iec.cloud_image_info
  - module: huaweicloud.iec.instance
"""

EXAMPLES = r"""
- name: An image of a configured instance
  huaweicloud.iec.image:
    name: web-golden
    instance: web
  register: golden

- name: Use it for new instances
  huaweicloud.iec.instance:
    name: web2
    site: guangzhou
    image: "{{ golden.image.id }}"
    flavor: s6.small.1
    vpc: edge-vpc
    subnets: [edge-subnet]
    root_volume: {size: 40, volume_type: SAS}

- name: Register a private image of the Beijing-4 region
  huaweicloud.iec.image:
    ims_image_id: 940246bd-f7f4-4341-a523-48ecc67e3642
    region: cn-north-4

- name: Run the failed job of an image again
  huaweicloud.iec.image:
    name: web-golden
    retry: true

- name: Delete the image
  huaweicloud.iec.image:
    name: web-golden
    state: absent
"""

RETURN = r"""
image:
  description:
    - The image; empty when O(state=absent) and it did not exist. In check mode, a new image is shown as it would be
      asked for (C(name) and C(data_source)).
  returned: always
  type: dict
  contains:
    id:
      description: ID of the image.
      type: str
      sample: 25715939-e38a-11ea-860f-fa1640495574
    name:
      description: Name of the image.
      type: str
      sample: web-golden
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
      description: Where the image comes from, C(instance:<instance id>) or C(ims:<image id>:<region>).
      type: str
    relation_job_id:
      description: ID of the job that builds the image.
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
    origin_region_info:
      description: The source of a registered image (C(region_id), C(image_id)).
      type: dict
    edge_region_info:
      description: The edge regions the image is in (C(region_id), C(image_id)).
      type: list
      elements: dict
    created_at:
      description: Creation time (UTC).
      type: str
    updated_at:
      description: Time of the last change (UTC).
      type: str
"""

from ansible_collections.huaweicloud.iec.plugins.module_utils import catalog
from ansible_collections.huaweicloud.iec.plugins.module_utils.client import quote
from ansible_collections.huaweicloud.iec.plugins.module_utils.common import run_module
from ansible_collections.huaweicloud.iec.plugins.module_utils.options import strings
from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import IecResource, Wait, is_planned
from ansible_collections.huaweicloud.iec.plugins.module_utils.rules import (
    image_problem, ims_source_matches, job_of, killed, planned_image, source_instance, state_argument_spec)

BUILDING = ("queued", "saving")


class Image(IecResource):
    argument_spec = state_argument_spec(
        default_wait_timeout=1800,
        retry=dict(type="bool", default=False),
        **strings("name", "instance", "ims_image_id", "region"),
    )
    module_kwargs = dict(
        required_one_of=[("id", "name", "ims_image_id")],
        mutually_exclusive=[("name", "ims_image_id"), ("instance", "ims_image_id")],
        required_together=[("ims_image_id", "region")],
    )

    kind = "image"
    list_filters = {"__imagetype": "private"}
    identity = ("name",)
    list_query = {"name": "name"}
    immutable = ("instance",)
    references = {"instance": catalog.ref("instance", "data_source")}
    normalizers = {"instance": source_instance}
    waiter = Wait(field="status", ready=("active",), failed=("killed",), reason=killed, gone=("deleted",),
                  after=("create",), absent=True)
    error_hints = {"IEC.010406": "The instance must be ACTIVE or SHUTOFF, with no task running, to make an image of it.",
                   "IEC.030202": "The image is deleted already."}
    problems = (image_problem,)
    returns = ("id", "name", "status", "visibility", ("image_type", "__imagetype"), "data_source", "relation_job_id",
               ("os_type", "__os_type"), ("os_version", "__os_version"), ("platform", "__platform"), "min_disk",
               "min_ram", "disk_format", "hw_firmware_type", "owner", "protected", ("is_registered", "__isregistered"),
               "origin_region_info", "edge_region_info", "created_at", "updated_at")

    def validate(self):
        super(Image, self).validate()
        self.create_path = "/v1/images/register" if self.params["ims_image_id"] else "/v1/images/create"
        if self.params["ims_image_id"]:
            # A registered image is found by its source: data_source 'ims:<IMS image id>:<region>'.
            self.identity, self.list_is_complete = ("ims_image_id",), False

    # --- find -----------------------------------------------------------------------------------

    def match(self, item, wanted):
        if "ims_image_id" not in wanted:
            return super(Image, self).match(item, wanted)
        return ims_source_matches(item.get("data_source"), wanted["ims_image_id"], self.params["region"])

    def on_read(self, resource):
        return None if resource.get("status") == "deleted" else resource

    # --- create ---------------------------------------------------------------------------------

    def create_body(self):
        p = self.params
        if p["ims_image_id"]:
            return {"image_id": p["ims_image_id"], "region_id": p["region"]}
        if not p["instance"]:
            self.fail("Image '%s' does not exist; to create it, give instance (or ims_image_id and region to register "
                      "an IMS image)." % p["name"])
        return {"name": p["name"], "instance_id": self.resolve("instance")}

    def created(self, answer):
        image = self.get(answer["image_id"])
        return image or {"id": answer["image_id"], "name": self.params["name"], "status": "queued",
                         "relation_job_id": answer.get("job_id")}

    def curate(self, resource):
        # What check mode shows of an image it would make: no id, or the placeholder of a dry run.
        if resource and (resource.get("id") is None or is_planned(resource["id"])) and planned_image(resource):
            return super(Image, self).curate(planned_image(resource))
        view = super(Image, self).curate(resource)
        if resource and view.get("relation_job_id") is None and job_of(resource):
            view["relation_job_id"] = job_of(resource)
        return view

    # --- an image that exists -------------------------------------------------------------------

    def inspect(self, current):
        if self.params["state"] == "absent":
            return current
        if current.get("status") in BUILDING and self.params["wait"]:
            current = self.wait_for(current["id"])
        if current.get("status") == "killed":
            if not self.params["retry"]:
                self.fail("Image '%s' is killed: %s." % (current.get("name"), killed(current)), image=self.curate(current))
            current = self.retry(current)
        return current

    def retry(self, image):
        self.changed(image, dict(image, status="active"))
        if self.check_mode:
            return image
        domain = self.client.domain_id
        if not domain:
            self.fail("Retrying the job of image '%s' needs the account's domain id: set domain_id." % image.get("name"))
        self.send("retry the job of", lambda: self.client.post(
            "/v1/%s/jobs/%s/action" % (quote(domain), quote(job_of(image))), body={"action": "retry"}))
        if self.params["wait"]:
            return self.wait_for(image["id"])
        return self.get(image["id"]) or image

    def before_delete(self, resource):
        if resource.get("status") in BUILDING:
            resource.update(self.wait(resource["id"], Wait(ready=("active", "killed"))))


def main():
    run_module(Image)


if __name__ == "__main__":
    main()
