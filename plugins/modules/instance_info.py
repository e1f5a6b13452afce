#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2025, huaweicloud.iec contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: instance_info
short_description: List edge instances of Huawei Cloud Intelligent EdgeCloud (IEC)
version_added: 1.0.0
description:
  - Return one edge instance by O(id), or the instances matching filters (IEC API C(GET /v1/cloudservers)),
    reading every page.
  - All filters are applied by IEC. IEC matches O(name) as a part of the name; set O(exact_name=true) to keep only
    instances named exactly so.
  - When some sites cannot answer, IEC leaves their instances out and names them (C(err_sites)); the module then
    warns, naming those sites, so a partial list is never silent.
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
      - ID of the one instance to return.
    type: str
  name:
    description:
      - Instances whose name contains this text (see O(exact_name)).
    type: str
  exact_name:
    description:
      - Keep only instances named exactly O(name).
    type: bool
    default: false
  status:
    description:
      - Only instances in this state. IEC also counts transitional states (for example V(REBOOT) as V(ACTIVE)).
    type: str
    choices: [ACTIVE, BUILD, DELETED, ERROR, HARD_REBOOT, MIGRATING, PAUSED, REBOOT, REBUILD, RESIZE, REVERT_RESIZE,
              SHUTOFF, SHELVED, SHELVED_OFFLOADED, SOFT_DELETED, SUSPENDED, VERIFY_RESIZE]
  site:
    description:
      - Only instances at this site, by name or id. A site that does not exist gives an empty list.
    type: str
  area:
    description:
      - Only instances in this area (for example V(south)).
    type: str
  province:
    description:
      - Only instances in this province.
    type: str
  city:
    description:
      - Only instances in this city.
    type: str
  edgecloud:
    description:
      - Only instances of this edge cloud (edge service), by name or ID; IEC filters by its ID
        (C(edgecloud_id)). A name that no edge cloud has gives an empty list.
    type: str
seealso:
  - module: huaweicloud.iec.instance
"""

EXAMPLES = r"""
- name: Every instance in the south
  huaweicloud.iec.instance_info:
    area: south
  register: south

- name: The stopped instances at one site
  huaweicloud.iec.instance_info:
    site: guangzhou
    status: SHUTOFF
  register: stopped

- name: The instances of an edge cloud, by its name (or its id, service.edgecloud.id)
  huaweicloud.iec.instance_info:
    edgecloud: web
  register: members
"""

RETURN = r"""
instances:
  description: The instances found; empty when none matches.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: ID of the instance.
      type: str
    name:
      description: Name of the instance.
      type: str
    description:
      description: Description of the instance.
      type: str
    status:
      description: Status, for example V(ACTIVE), V(SHUTOFF), V(ERROR).
      type: str
    site_id:
      description: ID of the site the instance is at.
      type: str
    flavor:
      description: The flavor (C(id), C(name), C(vcpus), C(ram)).
      type: dict
    image_name:
      description: Name of the image the instance runs, from its metadata.
      type: str
    key_name:
      description: Key pair the instance was created with.
      type: str
    addresses:
      description: The addresses of the NICs by VPC, as IEC reports them.
      type: dict
    nics:
      description: The NICs, each with C(port_id), C(vpc_id), C(mac_address), C(ip_address) and C(public_ip_address).
      type: list
      elements: dict
    security_groups:
      description: Security groups of the instance.
      type: list
      elements: dict
    volumes_attached:
      description: Disks attached to the instance (C(id), C(bootIndex), C(device)).
      type: list
      elements: dict
    geolocation:
      description: Area, province, city and country of the site.
      type: dict
    edgecloud_id:
      description: ID of the edge cloud the instance belongs to; empty if none.
      type: str
    edgecloud_name:
      description: Name of that edge cloud.
      type: str
    fault:
      description:
        - Why the instance failed, when its status is V(ERROR) and IEC says why.
        - No IEC source documents a reason in the instance's details (API reference, SDK, Terraform provider), so
          this is usually V(null).
      type: raw
    created:
      description: Creation time (UTC).
      type: str
"""

from ansible_collections.huaweicloud.iec.plugins.module_utils import catalog
from ansible_collections.huaweicloud.iec.plugins.module_utils.common import run_module
from ansible_collections.huaweicloud.iec.plugins.module_utils.options import strings
from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import IecInfo, dig


class InstanceInfo(IecInfo):
    argument_spec = dict(
        exact_name=dict(type="bool", default=False),
        status=dict(type="str", choices=["ACTIVE", "BUILD", "DELETED", "ERROR", "HARD_REBOOT", "MIGRATING", "PAUSED",
                                         "REBOOT", "REBUILD", "RESIZE", "REVERT_RESIZE", "SHUTOFF", "SHELVED",
                                         "SHELVED_OFFLOADED", "SOFT_DELETED", "SUSPENDED", "VERIFY_RESIZE"]),
        **strings("id", "name", "site", "area", "province", "city", "edgecloud"),
    )

    kind = "instance"
    references = {"site": catalog.ref("site", "site_id"),
                  "edgecloud": catalog.ref("edgecloud", "edgecloud_id")}
    list_query = {"name": "name", "status": "status", "site": "site_id", "area": "area", "province": "province",
                  "city": "city", "edgecloud": "edgecloud_id"}
    returns = ("id", "name", "description", "status", "flavor", "key_name", "addresses", "security_groups",
               "geolocation", "edgecloud_id", "edgecloud_name", "fault", "created")

    def fetch(self):
        items = super(InstanceInfo, self).fetch()
        if self.params.get("exact_name") and self.params.get("name") is not None:
            items = [i for i in items if i.get("name") == self.params["name"]]
        return items

    def curate(self, resource):
        view = super(InstanceInfo, self).curate(resource)
        view["site_id"] = dig(resource, "geolocation.id")
        view["image_name"] = dig(resource, "metadata.image_name")
        view["volumes_attached"] = resource.get("os-extended-volumes:volumes_attached")
        view["nics"] = catalog.server_nics(resource)
        return view


def main():
    run_module(InstanceInfo)


if __name__ == "__main__":
    main()
