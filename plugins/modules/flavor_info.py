#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2025, huaweicloud.iec contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: flavor_info
short_description: List the edge instance flavors of Huawei Cloud Intelligent EdgeCloud (IEC)
version_added: 1.0.0
description:
  - Return the flavors (vCPUs, memory, extra specifications) edge instances can be created with
    (IEC API C(GET /v1/cloudservers/flavors)), optionally only those offered at given sites or places.
  - Every filter is applied by IEC except O(min_vcpus) and O(min_ram), which the module applies.
  - Filters that match nothing give an empty list, not a failure.
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
      - ID of the flavor to return.
    type: str
  name:
    description:
      - Name of the flavor to return, for example V(c6.large.2).
    type: str
  sites:
    description:
      - Only flavors offered at all of these sites, each given by name or id.
      - A site name that does not exist gives an empty list.
    type: list
    elements: str
  area:
    description:
      - Only flavors offered in one of these areas (for example V(south)).
    type: list
    elements: str
  province:
    description:
      - Only flavors offered in one of these provinces.
    type: list
    elements: str
  city:
    description:
      - Only flavors offered in one of these cities.
    type: list
    elements: str
  operator:
    description:
      - Only flavors offered with one of these carriers.
    type: list
    elements: str
    choices: [chinamobile, chinaunicom, chinatelecom]
  min_vcpus:
    description:
      - Only flavors with at least this many vCPUs.
    type: int
  min_ram:
    description:
      - Only flavors with at least this much memory, in MB.
    type: int
seealso:
  - module: huaweicloud.iec.site_info
  - module: huaweicloud.iec.instance
"""

EXAMPLES = r"""
- name: Flavors with 4 vCPUs or more at the Guangzhou site
  huaweicloud.iec.flavor_info:
    sites: [guangzhou]
    min_vcpus: 4
  register: big

- name: Is the flavor c6.large.2 offered in the south?
  huaweicloud.iec.flavor_info:
    name: c6.large.2
    area: [south]
  register: found
"""

RETURN = r"""
flavors:
  description: The flavors found, in the order IEC lists them; empty when none matches.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: ID of the flavor.
      type: str
      sample: c6.large.2
    name:
      description: Name of the flavor.
      type: str
      sample: c6.large.2
    vcpus:
      description: Number of vCPUs (IEC returns it as a string; here it is a number).
      type: int
      sample: 2
    ram:
      description: Memory in MB.
      type: int
      sample: 4096
    disk:
      description: System disk size the flavor asks for; IEC does not use it and reports V(0) or the minimum.
      type: str
    os_extra_specs:
      description: Extra specifications (C(ecs:performancetype), C(info:cpu:name), GPU details, ...).
      type: dict
    os_flavor_access_is_public:
      description: Whether every account can use the flavor.
      type: bool
"""

from ansible_collections.huaweicloud.iec.plugins.module_utils import catalog
from ansible_collections.huaweicloud.iec.plugins.module_utils.common import run_module
from ansible_collections.huaweicloud.iec.plugins.module_utils.normalize import as_int
from ansible_collections.huaweicloud.iec.plugins.module_utils.options import comma_joined, site_filters, strings
from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import IecInfo


class FlavorInfo(IecInfo):
    argument_spec = site_filters(
        sites=dict(type="list", elements="str"),
        min_vcpus=dict(type="int"),
        min_ram=dict(type="int"),
        **strings("id", "name"),
    )

    kind = "flavor"
    references = {"sites": catalog.ref("site", "site_ids")}
    list_query = dict(id="id", name="name", sites=("site_ids", ",".join),
                      **comma_joined("area", "province", "city", "operator"))
    returns = ("id", "name", "vcpus", "ram", "disk", "os_extra_specs", "os_flavor_access_is_public")

    def fetch(self):
        items = super(FlavorInfo, self).fetch()
        for option, field in (("min_vcpus", "vcpus"), ("min_ram", "ram")):
            if self.params.get(option) is not None:
                items = [i for i in items if isinstance(as_int(i.get(field)), int)
                         and as_int(i.get(field)) >= self.params[option]]
        return items

    def curate(self, resource):
        view = super(FlavorInfo, self).curate(resource)
        view["vcpus"] = as_int(view.get("vcpus"))
        view["ram"] = as_int(view.get("ram"))
        return view


def main():
    run_module(FlavorInfo)


if __name__ == "__main__":
    main()
