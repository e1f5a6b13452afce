# -*- coding: utf-8 -*-
# Copyright: Huawei Cloud IEC Ansible contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: resource
short_description: List Huawei Cloud IEC resources of any kind
version_added: 1.0.0
description:
  - Lists the resources of one or more kinds (sites, flavors, images, VPCs, subnets, security groups,
    instances, edge services, public IPs, ...) of an IEC account, optionally filtered, and returns them
    as a list of dictionaries, as the API returns them.
  - Filters the API understands for that kind are sent to the server; any other filter is matched on
    the answer, so a filter never silently widens the result.
  - An optional JMESPath O(query) picks fields or items from the list.
  - Fields that hold secrets - user data (C(OS-EXT-SRV-ATTR:user_data), C(user_data)), passwords and private
    keys - are left out of the items, at any depth, so that they never reach a job's output.
author:
  - Huawei Cloud IEC Ansible contributors (@huaweicloud)
requirements:
  - jmespath (only for O(query))
extends_documentation_fragment:
  - huaweicloud.iec.connection.PLUGINS
options:
  _terms:
    description:
      - The kinds to list. Each kind's items are appended to the result.
      - "Kinds: V(sites), V(flavors), V(images), V(instances), V(edge_clouds), V(deployments), V(vpcs),
        V(subnets), V(ports), V(security_groups), V(security_group_rules), V(network_acls),
        V(route_tables), V(public_ips), V(bandwidths), V(bandwidth_types), V(volumes), V(volume_types),
        V(keypairs). Singular spellings and the API's own names (V(cloudservers), V(firewalls),
        V(publicips), ...) are accepted too."
    type: list
    elements: str
    required: true
  filters:
    description:
      - Field values the items must have. A list of values means any of them.
      - A dotted key (V(geolocation.city)) reaches into nested fields. When the field is a list, one
        element equal to the value is enough.
      - "Keys the API filters by are sent as query parameters: for example V(site_id) and V(vpc_id)
        for subnets, V(area), V(province), V(city) for sites, V(status), V(site_id), V(name) for
        instances."
    type: dict
    default: {}
  query:
    description:
      - "A JMESPath expression applied to the list of each kind, for example V([].id) or
        V([?status=='ACTIVE'].{id: id, name: name})."
      - A list result is appended item by item; any other result is appended as one item.
    type: str
  on_missing:
    description:
      - What to do when a kind has no matching item.
      - V(error) fails the task, V(warn) warns and returns nothing for that kind, V(skip) returns
        nothing silently.
    type: str
    default: error
    choices: [error, warn, skip]
"""

EXAMPLES = r"""
- name: Ids of the subnets of one VPC at one site
  ansible.builtin.debug:
    msg: "{{ query('huaweicloud.iec.resource', 'subnets',
                   filters={'vpc_id': vpc_id, 'site_id': site_id}, query='[].id') }}"

- name: Names of the running instances of an edge service
  ansible.builtin.set_fact:
    running: "{{ query('huaweicloud.iec.resource', 'instances',
                       filters={'status': 'ACTIVE', 'edgecloud_id': edgecloud_id},
                       query='[].name') }}"

- name: Every security group and VPC, or nothing if there are none
  ansible.builtin.set_fact:
    network: "{{ query('huaweicloud.iec.resource', 'security_groups', 'vpcs', on_missing='skip') }}"

- name: Sites of South China served by China Unicom (a nested filter, matched on the answer)
  ansible.builtin.debug:
    msg: "{{ query('huaweicloud.iec.resource', 'sites',
                   filters={'area': 'south', 'pools.operator.name': 'chinaunicom'},
                   query='[].name') }}"
"""

RETURN = r"""
_raw:
  description:
    - The items of every kind asked for, as the API returns them, or what O(query) picked from them.
  type: list
  elements: raw
"""

from ansible.errors import AnsibleLookupError
from ansible.module_utils.common.text.converters import to_native
from ansible.plugins.lookup import LookupBase
from ansible.utils.display import Display

from ansible_collections.huaweicloud.iec.plugins.module_utils.client import IecClient
from ansible_collections.huaweicloud.iec.plugins.module_utils.inventory_helpers import (
    RESOURCE_KINDS,
    client_options,
    list_resources,
    lookup_errors,
    missing,
    resolve_kind,
)

try:
    import jmespath
    from jmespath.exceptions import JMESPathError
except ImportError:
    jmespath = None
    JMESPathError = ()

display = Display()


class LookupModule(LookupBase):

    def run(self, terms, variables=None, **kwargs):
        self.set_options(var_options=variables, direct=kwargs)
        expression = self.get_option("query")
        if expression and jmespath is None:
            raise AnsibleLookupError("The query option of huaweicloud.iec.resource needs the Python library "
                                     "jmespath on the controller (pip install jmespath).")
        kinds = []
        for term in terms:
            kind = resolve_kind(term)
            if kind is None:
                raise AnsibleLookupError("Unknown IEC resource kind %r; known kinds: %s"
                                         % (term, ", ".join(sorted(RESOURCE_KINDS))))
            kinds.append(kind)

        filters = self.get_option("filters")
        results = []
        try:
            with lookup_errors("resource", AnsibleLookupError):
                client = IecClient(client_options(self.get_option), warn=display.warning)
                for kind in kinds:
                    items = list_resources(client, kind, filters)
                    if not items:
                        missing(self.get_option("on_missing"),
                                "No IEC %s match %s" % (kind, filters or "(no filters)"), display.warning)
                        continue
                    if expression:
                        picked = jmespath.search(expression, items)
                        if isinstance(picked, list):
                            results.extend(picked)
                        elif picked is not None:
                            results.append(picked)
                    else:
                        results.extend(items)
        except JMESPathError as e:
            raise AnsibleLookupError("Invalid query %r: %s" % (expression, to_native(e)))
        return results
