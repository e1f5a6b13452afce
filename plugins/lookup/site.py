# -*- coding: utf-8 -*-
# Copyright: Huawei Cloud IEC Ansible contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: site
short_description: Find Huawei Cloud IEC edge sites by place and carrier
version_added: 1.0.0
description:
  - Returns the edge sites (C(GET /v1/sites)) in an area, province or city and served by a carrier,
    as the API returns them (V(id), V(name), V(city), V(pools), ...).
  - With O(count), returns that many distinct sites, so that a playbook can spread instances over
    several sites without naming them.
  - Sites are returned sorted by name, then id, so that the same account gives the same answer.
author:
  - Huawei Cloud IEC Ansible contributors (@huaweicloud)
extends_documentation_fragment:
  - huaweicloud.iec.connection.PLUGINS
options:
  _terms:
    description: Site names or ids; without any, every site that matches the other options.
    type: list
    elements: str
  area:
    description: Areas (for example V(south), V(central)); any of them. Sent to the API.
    type: list
    elements: str
  province:
    description: Provinces (for example V(guangdong)); any of them. Sent to the API.
    type: list
    elements: str
  city:
    description: Cities (for example V(changsha)); any of them. Sent to the API.
    type: list
    elements: str
  operator:
    description:
      - Carriers (V(chinamobile), V(chinaunicom), V(chinatelecom)); a site qualifies when one of its IP
        lines (V(pools)) belongs to one of them.
    type: list
    elements: str
  status:
    description:
      - Site states to accept, for example V([Normal, Promotion]) to leave out sites that are sold out
        or going offline. Without it, any state.
    type: list
    elements: str
  count:
    description:
      - How many distinct sites to return. Fewer matching sites than this is a miss (see O(on_missing)).
      - Without it, every matching site.
    type: int
  on_missing:
    description:
      - What to do when no site matches, a name or id matches nothing, or fewer sites than O(count) match.
      - V(error) fails the task, V(warn) warns and returns what was found, V(skip) returns what was found.
    type: str
    default: error
    choices: [error, warn, skip]
"""

EXAMPLES = r"""
- name: Three sites in East China served by China Unicom
  ansible.builtin.set_fact:
    target_sites: "{{ query('huaweicloud.iec.site', area='east', operator='chinaunicom',
                            status=['Normal', 'Promotion'], count=3) | map(attribute='id') }}"

- name: The id of the site called changsha
  ansible.builtin.debug:
    msg: "{{ lookup('huaweicloud.iec.site', 'changsha').id }}"

- name: The carriers of the site called changsha, as site_info gives them
  ansible.builtin.debug:
    msg: "{{ lookup('huaweicloud.iec.site', 'changsha').operators }}"
"""

RETURN = r"""
_raw:
  description:
    - The matching sites, as C(GET /v1/sites) returns them (V(id), V(name), V(area), V(province), V(city),
      V(status), V(pools), ...), each with the key V(operators) that M(huaweicloud.iec.site_info) has too.
  type: list
  elements: dict
  contains:
    operators:
      description: The carriers of the site's IP lines, sorted, each once.
      type: list
      elements: str
      sample: [chinamobile, chinaunicom]
"""

from ansible.errors import AnsibleLookupError
from ansible.plugins.lookup import LookupBase
from ansible.utils.display import Display

from ansible_collections.huaweicloud.iec.plugins.module_utils.client import IecClient
from ansible_collections.huaweicloud.iec.plugins.module_utils.inventory_helpers import (
    client_options,
    list_resources,
    lookup_errors,
    missing,
    selected,
)
from ansible_collections.huaweicloud.iec.plugins.module_utils.normalize import site_operators

display = Display()


def _operators(site):
    return set(o.lower() for o in site_operators(site))


class LookupModule(LookupBase):

    def run(self, terms, variables=None, **kwargs):
        self.set_options(var_options=variables, direct=kwargs)
        on_missing = self.get_option("on_missing")
        count = self.get_option("count")
        if count is not None and count < 1:
            raise AnsibleLookupError("count must be at least 1, got %d" % count)
        # The API takes comma-separated places and ignores their case.
        filters = dict((key, ",".join(self.get_option(key))) for key in ("area", "province", "city")
                       if self.get_option(key))
        if self.get_option("status"):
            filters["status"] = self.get_option("status")
        operators = set(o.lower() for o in self.get_option("operator") or [])
        with lookup_errors("site", AnsibleLookupError):
            client = IecClient(client_options(self.get_option), warn=display.warning)
            sites = list_resources(client, "sites", filters)
            if operators:
                sites = [s for s in sites if _operators(s) & operators]
            sites.sort(key=lambda s: (str(s.get("name")), str(s.get("id"))))
            for site in sites:
                # The carriers of the site's IP lines, as huaweicloud.iec.site_info gives them.
                site["operators"] = site_operators(site)
            wanted = self._describe(filters, operators)
            sites = selected(sites, terms, "site", wanted, on_missing, display.warning)
            if count is not None:
                if len(sites) < count:
                    missing(on_missing, "Only %d IEC site(s)%s, %d asked for"
                            % (len(sites), wanted, count), display.warning)
                sites = sites[:count]
        return sites

    @staticmethod
    def _describe(filters, operators):
        parts = ["%s %s" % (key, value) for key, value in sorted(filters.items())]
        if operators:
            parts.append("operator %s" % ",".join(sorted(operators)))
        return (" with " + ", ".join(parts)) if parts else ""
