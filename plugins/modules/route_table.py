#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2025, huaweicloud.iec contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: route_table
short_description: Manage route tables of Huawei Cloud Intelligent EdgeCloud (IEC)
version_added: 1.0.0
description:
  - Create, update or delete a custom route table of a VPC (IEC API C(/v1/routetables)), manage its routes
    declaratively, and associate subnets with it.
  - Routes are added, changed and deleted in batches through C(add-routes), C(update-routes) and C(delete-routes).
    System routes (type C(local)) are never touched.
  - A subnet not associated with a custom route table uses the VPC's default route table.
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
  id:
    description:
      - ID of the route table. When given, the table is found by it and O(name) can rename it.
    type: str
  name:
    description:
      - Name of the route table, 1 to 64 letters, digits, Chinese characters, C(-), C(_) or C(.).
      - Without O(id), the name and O(vpc) identify the route table.
    type: str
  vpc:
    description:
      - Name or ID of the VPC the route table belongs to. Needed to create a route table; cannot change.
    type: str
  description:
    description:
      - Description, at most 255 characters, without C(<) or C(>).
    type: str
  routes:
    description:
      - The routes of the table, identified by their destination.
      - Unset leaves the routes alone; V([]) removes them all (with O(purge_routes=true)).
    type: list
    elements: dict
    suboptions:
      type:
        description:
          - V(ecs) sends the traffic to an edge instance, V(vip) to a virtual IP.
        type: str
        required: true
        choices: [ecs, vip]
      destination:
        description:
          - Destination CIDR. It cannot lie within a system route (the VPC's own range, for example).
        type: str
        required: true
      nexthop:
        description:
          - The ID of the edge instance for O(routes[].type=ecs), the IP address of the virtual IP for V(vip).
        type: str
        required: true
      description:
        description:
          - Description of the route, at most 255 characters, without C(<) or C(>). Unset leaves it alone.
        type: str
  purge_routes:
    description:
      - Delete the routes O(routes) does not list.
    type: bool
    default: true
  subnets:
    description:
      - Names or IDs of the subnets of the VPC associated with the route table. A subnet is associated with
        one route table at most; associating it here moves it from another custom table.
      - The list is the whole set; V([]) disassociates every subnet. Unset leaves the associations alone.
    type: list
    elements: str
  state:
    description:
      - V(present) makes sure the route table exists as described, V(absent) deletes it.
      - Deleting first disassociates its subnets, which IEC requires.
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: huaweicloud.iec.route_table_info
"""

EXAMPLES = r"""
- name: Route the office network through a virtual IP
  huaweicloud.iec.route_table:
    name: via-gateway
    vpc: edge-vpc
    routes:
      - type: vip
        destination: 172.16.0.0/16
        nexthop: 192.168.1.100
        description: office
    subnets:
      - web

- name: Add a route, keeping the others
  huaweicloud.iec.route_table:
    name: via-gateway
    vpc: edge-vpc
    routes:
      - type: ecs
        destination: 10.20.0.0/16
        nexthop: 7d1d3c2a-a2a2-4b8e-9c1b-5e0f3c1b1f0e
    purge_routes: false

- name: Delete the route table
  huaweicloud.iec.route_table:
    name: via-gateway
    vpc: edge-vpc
    state: absent
"""

RETURN = r"""
route_table:
  description:
    - The route table. Empty when O(state=absent) and it did not exist.
  returned: always
  type: dict
  contains:
    id:
      description: ID of the route table.
      type: str
      sample: 3d42a0d4-a980-4613-ae76-a2cddecff054
    name:
      description: Name of the route table.
      type: str
      sample: via-gateway
    vpc_id:
      description: ID of the VPC.
      type: str
      sample: 0dc8cb1b-0e6a-4c1a-8f14-1bc4b0d6a1a4
    description:
      description: Description.
      type: str
      sample: ""
    default:
      description: Whether this is the VPC's default route table.
      type: bool
      sample: false
    subnets:
      description: IDs of the subnets associated with the route table.
      type: list
      elements: str
      sample: [f8a0b5ca-4cd7-4bd5-b6a5-3c7ecd5a4c6d]
    routes:
      description: The routes of the table, without the system routes.
      type: list
      elements: dict
      contains:
        type:
          description: V(ecs) or V(vip).
          type: str
          sample: vip
        destination:
          description: Destination CIDR.
          type: str
          sample: 172.16.0.0/16
        nexthop:
          description: Instance ID or virtual IP address.
          type: str
          sample: 192.168.1.100
        description:
          description: Description of the route.
          type: str
          sample: office
"""

from ansible_collections.huaweicloud.iec.plugins.module_utils import catalog
from ansible_collections.huaweicloud.iec.plugins.module_utils.client import quote
from ansible_collections.huaweicloud.iec.plugins.module_utils.common import run_module
from ansible_collections.huaweicloud.iec.plugins.module_utils.options import strings
from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import ChildList, IecResource
from ansible_collections.huaweicloud.iec.plugins.module_utils.rules import (
    check_route,
    ids_of,
    route,
    route_body,
    route_table_lists,
    route_table_problem,
    state_argument_spec,
    with_routes,
)


def apply_routes(engine, resource, plan):
    base = "/v1/routetables/%s/" % quote(resource["id"])
    if plan.removes:
        engine.client.post(base + "delete-routes", body={"routes": [{"destination": r["destination"]} for r in plan.removes]})
    if plan.updates:
        engine.client.post(base + "update-routes", body={"routes": [route_body(new) for _old, new in plan.updates]})
    if plan.adds:
        engine.client.post(base + "add-routes", body={"routes": [route_body(r) for r in plan.adds]})


def apply_subnets(engine, resource, plan):
    base = "/v1/routetables/%s/" % quote(resource["id"])
    if plan.removes:
        engine.client.post(base + "disassociate-subnets", body={"subnet_ids": [s["id"] for s in plan.removes]})
    if plan.adds:
        engine.client.post(base + "associate-subnets", body={"subnet_ids": [s["id"] for s in plan.adds]})


def subnet_list(value):
    return [{"id": ident} for ident in ids_of(value)]


class RouteTable(IecResource):
    argument_spec = state_argument_spec(
        routes=dict(type="list", elements="dict", options=dict(
            type=dict(type="str", required=True, choices=["ecs", "vip"]),
            destination=dict(type="str", required=True),
            nexthop=dict(type="str", required=True),
            description=dict(type="str"),
        )),
        purge_routes=dict(type="bool", default=True),
        subnets=dict(type="list", elements="str"),
        **strings("name", "vpc", "description"),
    )
    module_kwargs = dict(required_one_of=[("id", "name")])

    kind = "route_table"
    identity = ("name", "vpc")
    list_query = {"name": "name", "vpc": "vpc_id"}
    list_is_complete = False
    references = {"vpc": catalog.ref("vpc", "vpc_id"),
                  "subnets": catalog.ref("subnet", "subnets")}
    create_options = ("name", "vpc", "description")
    update_options = ("name", "description")
    immutable = ("vpc",)
    problems = (route_table_problem,)
    returns = ("id", "name", "vpc_id", "description", "default")
    derived = (route_table_lists,)
    children = (
        ChildList("routes", key=lambda r: r["destination"], normalize=route, read=lambda e, r: r.get("routes") or [],
                  apply=apply_routes, purge_option="purge_routes", check=check_route, appended=True),
        ChildList("subnets", key=lambda s: s["id"], read=lambda e, r: subnet_list(r.get("subnets")),
                  apply=apply_subnets, desired=lambda e, value: subnet_list(e.resolve("subnets"))),
    )

    def validate(self):
        super(RouteTable, self).validate()
        if self.params["state"] == "present" and not self.params["id"] and not self.params["vpc"]:
            self.fail("Give vpc (the route table's VPC, by name or id) with name, or the route table's id.")

    def on_read(self, resource):
        return with_routes(self, resource)

    def before_delete(self, resource):
        if resource.get("subnets") and not resource.get("default"):
            body = {"subnet_ids": [s["id"] for s in resource["subnets"]]}
            self.send("disassociate the subnets of", lambda: self.client.post(
                "/v1/routetables/%s/disassociate-subnets" % quote(resource["id"]), body=body))


def main():
    run_module(RouteTable)


if __name__ == "__main__":
    main()
