#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2025, huaweicloud.iec contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: vpc
short_description: Manage VPCs of Huawei Cloud Intelligent EdgeCloud (IEC)
version_added: 1.0.0
description:
  - Create, rename, resize or delete an edge virtual private cloud (IEC API C(/v1/vpcs)).
  - A VPC is found by its O(id), or else by its O(name), which IEC keeps unique in an account.
  - Options that are not given are left as they are.
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
      - ID of the VPC. With it, O(name) renames the VPC.
      - Without it, the VPC is found by O(name).
    type: str
  name:
    description:
      - Name of the VPC, 1 to 64 letters, digits, Chinese characters, V(_), V(-) or V(.).
      - Unique in the account.
    type: str
  cidr:
    description:
      - Address range of the VPC, for example V(192.168.0.0/16). Subnets are carved out of it.
      - Must lie in V(10.0.0.0/8), V(172.16.0.0/12) or V(192.168.0.0/16), with a prefix no longer than
        V(/24); in O(mode=SYSTEM), no longer than V(/16).
      - Required to create a VPC. Changing it resizes the VPC in place; the new range must still hold
        every subnet of the VPC.
    type: str
  mode:
    description:
      - V(SYSTEM) lets IEC create the subnets the VPC needs, at the sites where instances are created;
        you cannot create subnets in it yourself.
      - V(CUSTOMER) leaves the subnets to you (see M(huaweicloud.iec.subnet)).
      - Required to create a VPC. It cannot change afterwards.
    type: str
    choices: [SYSTEM, CUSTOMER]
  force:
    description:
      - With O(state=absent), delete the subnets of the VPC first. IEC refuses to delete a VPC that
        still has subnets (IEC.020113).
      - Subnets still used by instances or virtual IPs cannot be deleted, and the task fails naming why.
      - IEC deletes a subnet asynchronously; the module waits until every subnet it deleted is gone, then
        deletes the VPC (see O(wait_timeout)).
      - A VPC in O(mode=SYSTEM) has only the subnets IEC planned, which IEC removes itself once no instance or
        virtual IP uses them, and which nobody may delete (IEC.020107). Deleting such a VPC while it still has
        subnets fails, with or without O(force), naming them, before any request that changes anything.
    type: bool
    default: false
  wait_timeout:
    description:
      - With O(state=absent), how many seconds to wait for the subnets O(force) deleted to be gone, and for
        IEC to accept the deletion of the VPC, which it refuses (IEC.020113) while a deleted subnet is still
        being removed.
      - Without O(force), a subnet still listed in the VPC fails the task at once with IEC's refusal; subnets
        already gone from the list are waited for.
    type: int
    default: 600
  state:
    description:
      - V(present) makes sure the VPC exists as described, V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: huaweicloud.iec.vpc_info
  - module: huaweicloud.iec.subnet
"""

EXAMPLES = r"""
- name: A VPC whose subnets I plan myself
  huaweicloud.iec.vpc:
    name: edge-vpc
    cidr: 192.168.0.0/16
    mode: CUSTOMER
  register: vpc

- name: Grow it and rename it, by id
  huaweicloud.iec.vpc:
    id: "{{ vpc.vpc.id }}"
    name: edge-vpc-main
    cidr: 192.168.0.0/16

- name: Delete it with its subnets
  huaweicloud.iec.vpc:
    name: edge-vpc-main
    state: absent
    force: true
"""

RETURN = r"""
vpc:
  description:
    - The VPC. Empty when O(state=absent) and it did not exist.
  returned: always
  type: dict
  contains:
    id:
      description: ID of the VPC.
      type: str
      sample: ab96424b-aba2-4b08-b534-25e2dbd89519
    name:
      description: Name of the VPC.
      type: str
      sample: edge-vpc
    cidr:
      description: Address range of the VPC.
      type: str
      sample: 192.168.0.0/16
    mode:
      description: V(SYSTEM) or V(CUSTOMER).
      type: str
      sample: CUSTOMER
    subnet_num:
      description: Number of subnets in the VPC.
      type: int
      sample: 2
"""

from ansible_collections.huaweicloud.iec.plugins.module_utils.client import IecApiError, quote
from ansible_collections.huaweicloud.iec.plugins.module_utils.common import run_module
from ansible_collections.huaweicloud.iec.plugins.module_utils.normalize import cidr, name_problem
from ansible_collections.huaweicloud.iec.plugins.module_utils.options import strings
from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import IecResource, Wait
from ansible_collections.huaweicloud.iec.plugins.module_utils.rules import refuse, state_argument_spec, vpc_cidr_problem

SUBNET_GONE = Wait(path="/v1/subnets/{id}", absent=True)


class Vpc(IecResource):
    argument_spec = state_argument_spec(
        mode=dict(type="str", choices=["SYSTEM", "CUSTOMER"]),
        force=dict(type="bool", default=False),
        wait_timeout=dict(type="int", default=600),
        **strings("name", "cidr"),
    )
    module_kwargs = dict(required_one_of=[("id", "name")])

    kind = "vpc"
    list_query = {"name": "name"}
    create_options = ("name", "cidr", "mode")
    required_to_create = create_options
    update_options = ("name", "cidr")
    immutable = ("mode",)
    normalizers = {"cidr": cidr}
    returns = ("id", "name", "cidr", "mode", "subnet_num")
    error_hints = {"IEC.020113": "Delete its subnets first, or set force: true to delete them with it.",
                   "IEC.020105": "VPC names are unique in an account; choose another name.",
                   "IEC.020115": "The range must hold every subnet of the VPC."}

    # IEC refuses the VPC while it removes subnets (IEC.020113): Terraform's iec_vpc pauses before its DELETE for
    # that reason ("Prevent delete failure"); the DELETE is sent again until wait_timeout.
    delete_retry_codes = ("IEC.020113",)

    def validate(self):
        refuse(self, name_problem("name", self.params["name"]), vpc_cidr_problem(self.params["cidr"], self.params["mode"]))

    def inspect(self, current):
        if self.params["mode"] is None:
            # The range's rule depends on the mode: the VPC's own when the task leaves it out.
            refuse(self, vpc_cidr_problem(self.params["cidr"], current.get("mode")))
        return current

    def subnets(self, resource):
        with self.failing_as("list the subnets of"):
            return self.client.list_all("/v1/subnets", "subnets", query={"vpc_id": resource["id"]})

    def before_delete(self, resource):
        self.deleted_subnets = set()
        if resource.get("mode") == "SYSTEM":
            # Its subnets are IEC's (or gone by now): force has nothing to delete.
            if resource.get("subnet_num", 1):
                self.system_subnets_left(resource)
            return
        if self.params["force"] and resource.get("subnet_num", 1):
            self.delete_subnets(resource, self.subnets(resource))

    def retrying_delete(self, resource, error):
        """A subnet still listed that this task did not delete is not going away: without force that is IEC's
        refusal, reported at once; with force the subnet is deleted too. Otherwise the DELETE is sent again."""
        if resource.get("mode") == "SYSTEM":
            raise error
        others = [s for s in self.subnets(resource) if s["id"] not in self.deleted_subnets]
        if others and not self.params["force"]:
            raise error
        self.delete_subnets(resource, others)

    def delete_subnets(self, resource, subnets):
        """Delete the subnets, then wait until each answers 404: IEC removes a subnet asynchronously (Terraform's
        iec_vpc_subnet waits for the 404 after its DELETE) and refuses the VPC meanwhile (IEC.020113)."""
        for subnet in subnets:
            path = "/v1/subnets/%s" % quote(subnet["id"])
            try:
                self.send("delete subnet '%s' of" % subnet.get("name"), lambda: self.client.delete(path))
            except IecApiError as e:
                if e.status != 404:
                    raise
            self.deleted_subnets.add(subnet["id"])
        pending = self.poll([s["id"] for s in subnets], SUBNET_GONE, True, "wait for the subnets to be deleted of")[0]
        pending = [s for s in subnets if s["id"] not in pending]
        if pending:
            self.fail("Timed out after %s seconds waiting for the subnets of %s to be deleted: %s are still there. "
                      "Raise wait_timeout." % (self.params["wait_timeout"], self.name_of(resource),
                                               ", ".join(sorted("'%s'" % (s.get("name") or s["id"]) for s in pending))))

    def system_subnets_left(self, resource):
        """A SYSTEM-mode VPC whose subnets are still there: fail, saying why, before IEC refuses.

        Seed 4.7.2, CreateVpcOption.mode: "SYSTEM：该类型网络，系统会自动按照实际需要创建足够的子网" - IEC plans
        the subnets of a SYSTEM-mode VPC and removes them once nothing uses them; nobody else may delete them
        (IEC.020107, "customer has no right to handle system resource"), so force cannot either, and the VPC
        is refused while they exist (4.7.5, IEC.020113)."""
        subnets = self.subnets(resource)
        if not subnets:
            return
        self.fail("Cannot delete %s: it is in SYSTEM mode and IEC still keeps %d subnet%s in it (%s) for what "
                  "uses %s. IEC removes the subnets of a SYSTEM-mode VPC itself once no instance or virtual IP "
                  "uses them, and lets nobody delete them (IEC.020107), force included. Delete the edge clouds, "
                  "instances and virtual IPs in the VPC first." % (
                      self.name_of(resource), len(subnets), "" if len(subnets) == 1 else "s",
                      ", ".join(sorted(str(s.get("name") or s.get("id")) for s in subnets)),
                      "it" if len(subnets) == 1 else "them"))


def main():
    run_module(Vpc)


if __name__ == "__main__":
    main()
