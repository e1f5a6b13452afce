#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2025, huaweicloud.iec contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: site_info
short_description: List the edge sites of Huawei Cloud Intelligent EdgeCloud (IEC)
version_added: 1.0.0
description:
  - Return the edge sites where IEC resources can be created, with their place, status and IP lines (pools)
    (IEC API C(GET /v1/sites)).
  - O(area), O(province), O(city), O(flavor) and O(volume_type) are filtered by IEC; O(name), O(operator) and
    O(status) are filtered by the module.
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
      - ID of the one site to return.
    type: str
  name:
    description:
      - Name of the site to return (for example V(guangzhou)). Compared exactly.
    type: str
  area:
    description:
      - Areas the sites lie in (for example V(south), V(east)); a site in any of them matches.
      - IEC compares them without regard to case.
    type: list
    elements: str
  province:
    description:
      - Provinces the sites lie in (for example V(guangdong)); a site in any of them matches.
    type: list
    elements: str
  city:
    description:
      - Cities the sites lie in (for example V(guangzhou)); a site in any of them matches.
    type: list
    elements: str
  operator:
    description:
      - Carriers; a site matches when one of its IP lines (RV(sites[].pools)) belongs to one of them.
    type: list
    elements: str
    choices: [chinamobile, chinaunicom, chinatelecom]
  flavor:
    description:
      - Only sites that offer this edge instance flavor (for example V(c6.large.2)).
    type: str
  volume_type:
    description:
      - Only sites that support every one of these volume types (for example V(SAS), V(GPSSD)).
    type: list
    elements: str
  status:
    description:
      - Only sites in one of these states. V(Normal) and V(Promotion) are commercial, V(Obt) is open beta,
        V(Gray) is a limited release, V(sellout) has no capacity left and V(Offline) is withdrawn.
      - Without it, sites in any state are returned.
    type: list
    elements: str
    choices: [Normal, Obt, Gray, Offline, Promotion, sellout]
seealso:
  - module: huaweicloud.iec.flavor_info
  - module: huaweicloud.iec.instance
"""

EXAMPLES = r"""
- name: List every site
  huaweicloud.iec.site_info:
  register: all_sites

- name: Sites in the south with a China Mobile line that can take new instances
  huaweicloud.iec.site_info:
    area: [south]
    operator: [chinamobile]
    status: [Normal, Promotion]
  register: south

- name: Create one instance at each of them
  huaweicloud.iec.instance:
    name: "web-{{ item.name }}"
    site: "{{ item.id }}"
    flavor: c6.large.2
    image: CentOS 7.6 64bit
    vpc: edge-vpc
    security_groups: [web]
    key_name: deploy
  loop: "{{ south.sites }}"
  loop_control:
    label: "{{ item.name }}"
"""

RETURN = r"""
sites:
  description: The sites found, in the order IEC lists them; empty when none matches.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: ID of the site.
      type: str
      sample: f5cf7838-2ba9-52d5-8014-8e8857e47837
    name:
      description: Name of the site.
      type: str
      sample: guangzhou
    area:
      description: Area the site lies in.
      type: str
      sample: south
    i18n_area:
      description: Localized name of the area.
      type: str
    province:
      description: Province the site lies in.
      type: str
      sample: guangdong
    i18n_province:
      description: Localized name of the province.
      type: str
    city:
      description: City the site lies in.
      type: str
      sample: guangzhou
    i18n_city:
      description: Localized name of the city.
      type: str
    city_short_name:
      description: Abbreviation of the city.
      type: str
      sample: GZ
    country:
      description: Country the site lies in.
      type: str
      sample: China
    i18n_country:
      description: Localized name of the country.
      type: str
    status:
      description: State of the site, one of V(Normal), V(Obt), V(Gray), V(Offline), V(Promotion), V(sellout).
      type: str
      sample: Normal
    operators:
      description: The carriers of the site's IP lines, sorted, each once.
      type: list
      elements: str
      sample: [chinamobile, chinaunicom]
    pools:
      description: The site's IP lines, as IEC returns them.
      type: list
      elements: dict
      contains:
        id:
          description: ID of the line.
          type: str
        site_id:
          description: ID of the site the line belongs to.
          type: str
        pool_id:
          description: Identifier of the line, used as the line of public IPs and edge clouds.
          type: str
          sample: guangzhou_cmcc
        ip_version:
          description: V(4) for an IPv4 line, V(6) for an IPv6 line.
          type: str
        operator:
          description: The carrier of the line (C(id), C(name), C(i18n_name), C(sa)).
          type: dict
        display_name:
          description: Display name of the line.
          type: str
        allow_share_bandwidth_types:
          description: Shared bandwidth types the line's IPs can join; none when empty.
          type: list
          elements: str
"""

from ansible_collections.huaweicloud.iec.plugins.module_utils.common import run_module
from ansible_collections.huaweicloud.iec.plugins.module_utils.normalize import site_operators
from ansible_collections.huaweicloud.iec.plugins.module_utils.options import comma_joined, site_filters, strings
from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import IecInfo


class SiteInfo(IecInfo):
    argument_spec = site_filters(
        volume_type=dict(type="list", elements="str"),
        status=dict(type="list", elements="str",
                    choices=["Normal", "Obt", "Gray", "Offline", "Promotion", "sellout"]),
        **strings("id", "name", "flavor"),
    )

    kind = "site"
    # IEC takes several places, or volume types, as one comma-separated value.
    list_query = dict(id="id", flavor="flavor", **comma_joined("area", "province", "city", "volume_type"))
    client_filters = {"id": "id", "name": "name"}
    returns = ("id", "name", "area", "i18n_area", "province", "i18n_province", "city", "i18n_city",
               "city_short_name", "country", "i18n_country", "status", "pools")

    def fetch(self):
        items = super(SiteInfo, self).fetch()
        if self.params.get("status"):
            items = [i for i in items if i.get("status") in self.params["status"]]
        if self.params.get("operator"):
            wanted = set(self.params["operator"])
            items = [i for i in items if wanted & set(site_operators(i))]
        return items

    def curate(self, resource):
        view = super(SiteInfo, self).curate(resource)
        view["operators"] = site_operators(resource)
        return view


def main():
    run_module(SiteInfo)


if __name__ == "__main__":
    main()
