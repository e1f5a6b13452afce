# -*- coding: utf-8 -*-
# Copyright: Huawei Cloud IEC Ansible contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: flavor
short_description: Find Huawei Cloud IEC instance flavors by name, size and place
version_added: 1.0.0
description:
  - Returns the edge instance flavors (C(GET /v1/cloudservers/flavors)) with the given names or ids,
    or of a given size, that are offered in an area, province, city, at a carrier or at sites.
  - Flavors are returned as the API returns them (V(id), V(name), V(vcpus), V(ram), ...).
author:
  - Huawei Cloud IEC Ansible contributors (@huaweicloud)
extends_documentation_fragment:
  - huaweicloud.iec.connection.PLUGINS
options:
  _terms:
    description: Flavor names or ids; without any, every flavor that matches the other options.
    type: list
    elements: str
  area:
    description: Areas where the flavor must be offered; any of them. Sent to the API.
    type: list
    elements: str
  province:
    description: Provinces where the flavor must be offered; any of them. Sent to the API.
    type: list
    elements: str
  city:
    description: Cities where the flavor must be offered; any of them. Sent to the API.
    type: list
    elements: str
  operator:
    description: Carriers that must offer the flavor; any of them. Sent to the API.
    type: list
    elements: str
  site_ids:
    description: Sites where the flavor must be offered. Sent to the API.
    type: list
    elements: str
  vcpus:
    description: Exact number of vCPUs.
    type: int
  ram:
    description: Exact memory size in MB.
    type: int
  on_missing:
    description:
      - What to do when a name or id matches no flavor, or nothing matches at all.
      - V(error) fails the task, V(warn) warns and returns what was found, V(skip) returns what was found.
    type: str
    default: error
    choices: [error, warn, skip]
"""

EXAMPLES = r"""
- name: The flavor called c6.large.2, if Changsha offers it
  ansible.builtin.set_fact:
    flavor_id: "{{ lookup('huaweicloud.iec.flavor', 'c6.large.2', city='changsha').id }}"

- name: Every 2 vCPU / 4 GB flavor at two sites
  ansible.builtin.debug:
    msg: "{{ query('huaweicloud.iec.flavor', vcpus=2, ram=4096, site_ids=[site_a, site_b]) | map(attribute='name') }}"
"""

RETURN = r"""
_raw:
  description: The matching flavors, as C(GET /v1/cloudservers/flavors) returns them.
  type: list
  elements: dict
"""

from ansible.errors import AnsibleLookupError
from ansible.plugins.lookup import LookupBase
from ansible.utils.display import Display

from ansible_collections.huaweicloud.iec.plugins.module_utils.client import IecClient
from ansible_collections.huaweicloud.iec.plugins.module_utils.inventory_helpers import (
    client_options,
    list_resources,
    lookup_errors,
    selected,
)

display = Display()


class LookupModule(LookupBase):

    def run(self, terms, variables=None, **kwargs):
        self.set_options(var_options=variables, direct=kwargs)
        on_missing = self.get_option("on_missing")
        # The API takes comma-separated values for places, carriers and sites.
        filters = dict((key, ",".join(self.get_option(key)))
                       for key in ("area", "province", "city", "operator", "site_ids") if self.get_option(key))
        # vcpus and ram are strings in the API's answer; compare them as numbers.
        sizes = dict((key, self.get_option(key)) for key in ("vcpus", "ram") if self.get_option(key) is not None)
        with lookup_errors("flavor", AnsibleLookupError):
            client = IecClient(client_options(self.get_option), warn=display.warning)
            flavors = [f for f in list_resources(client, "flavors", filters)
                       if all(str(f.get(k)) == str(v) for k, v in sizes.items())]
            wanted = self._describe(filters, sizes)
            flavors = selected(flavors, terms, "flavor", wanted, on_missing, display.warning)
        return flavors

    @staticmethod
    def _describe(filters, sizes):
        parts = ["%s %s" % item for item in sorted(filters.items()) + sorted(sizes.items())]
        return (" with " + ", ".join(parts)) if parts else ""
