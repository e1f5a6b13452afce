#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2025, huaweicloud.iec contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: port
short_description: Manage ports and virtual IPs of Huawei Cloud Intelligent EdgeCloud (IEC)
version_added: 1.0.0
description:
  - Create or delete a virtual IP (a port with C(device_owner) C(neutron:VIP_PORT), IEC API C(/v1/ports)), and set
    the security groups and allowed address pairs of any port, the NICs of edge instances included.
  - A port is found by its O(id), or else by O(subnet) and O(ip_address) together. IEC ports have no name
    that the API can set, so the address is what identifies a virtual IP.
  - A port created here is always a virtual IP, the only kind the IEC API creates. The NICs of edge instances
    come and go with their instances (M(huaweicloud.iec.instance)).
  - The create API takes neither security groups nor address pairs nor a bandwidth; the module sets them right
    after creating the port, in the same task.
  - An IPv6 virtual IP reaches the internet through a bandwidth attached to it (O(ipv6_bandwidth)); IPv4
    addresses use a public IP (M(huaweicloud.iec.public_ip)).
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
      - ID of the port. Needed for ports whose address IEC chose, and for the NICs of edge instances.
    type: str
  subnet:
    description:
      - Name or ID of the subnet the port is in (see M(huaweicloud.iec.subnet_info)). Subnet names need not be
        unique; give the ID when several subnets share the name.
      - With O(ip_address), it identifies the port. Needed to create a port; it cannot change.
    type: str
  ip_address:
    description:
      - The port's fixed IP address, IPv4 or IPv6, inside the range of O(subnet) (C(cidr), or C(cidr_v6) for a
        subnet with IPv6). It cannot be the subnet's network, broadcast or gateway address, or an address in use
        (IEC.020616).
      - With O(subnet), it identifies the port. Needed to create a port; a port has one fixed IP, which cannot
        change.
    type: str
    aliases: [fixed_ip]
  security_groups:
    description:
      - Names or IDs of the security groups of the port. The list is the whole set; V([]) removes every group.
    type: list
    elements: str
  allowed_address_pairs:
    description:
      - IP/MAC pairs that may send traffic through the port besides its own address, identified by their
        O(allowed_address_pairs[].ip_address). Unset leaves the pairs alone.
      - To let an instance's NIC carry a virtual IP, give the NIC the pair V(1.1.1.1/0), which turns off its
        source and destination check. A virtual IP's own pairs hold the addresses of the instance NICs behind it.
      - For a pair covering a large range (a prefix shorter than V(/24)), give the port a security group of its
        own.
    type: list
    elements: dict
    suboptions:
      ip_address:
        description:
          - An IP address or CIDR. V(0.0.0.0/0) is not allowed.
        type: str
        required: true
      mac_address:
        description:
          - The MAC address, for example V(fa:16:3e:2d:3f:61). IEC uses the port's own MAC address when it is not
            given; unset leaves the MAC address of an existing pair alone.
        type: str
  purge_allowed_address_pairs:
    description:
      - Remove the pairs O(allowed_address_pairs) does not list.
    type: bool
    default: true
  ipv6_bandwidth:
    description:
      - Name or ID of the bandwidth attached to the port, for IPv6 virtual IPs and IPv6 private addresses only
        (IEC.020613). See M(huaweicloud.iec.bandwidth_info).
      - Another bandwidth replaces the attached one (detached, then attached); V("") detaches it. Unset leaves
        it alone.
    type: str
  wait:
    description:
      - Wait until a new port is C(ACTIVE) or C(DOWN) (a virtual IP that no instance holds is C(DOWN)), not
        C(BUILD).
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds to wait.
    type: int
    default: 600
  state:
    description:
      - V(present) makes sure the port exists as described, V(absent) deletes it.
      - Deleting first detaches its IPv6 bandwidth, which IEC requires.
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: huaweicloud.iec.port_info
  - module: huaweicloud.iec.public_ip
  - module: huaweicloud.iec.bandwidth_info
"""

EXAMPLES = r"""
- name: A virtual IP for two web servers, with its own security group
  huaweicloud.iec.port:
    subnet: web
    ip_address: 192.168.1.100
    security_groups: [web]
    allowed_address_pairs:
      - ip_address: 192.168.1.11
      - ip_address: 192.168.1.12
  register: vip

- name: Let an instance NIC carry the virtual IP
  huaweicloud.iec.port:
    id: "{{ nic_port_id }}"
    allowed_address_pairs:
      - ip_address: 1.1.1.1/0
    purge_allowed_address_pairs: false

- name: An IPv6 virtual IP reachable from the internet through a bandwidth
  huaweicloud.iec.port:
    subnet: web
    ip_address: 2407:c080:0:1::100
    ipv6_bandwidth: bandwidth-3bvf

- name: Detach the bandwidth again
  huaweicloud.iec.port:
    subnet: web
    ip_address: 2407:c080:0:1::100
    ipv6_bandwidth: ""

- name: Delete the virtual IP
  huaweicloud.iec.port:
    subnet: web
    ip_address: 192.168.1.100
    state: absent
"""

RETURN = r"""
port:
  description:
    - The port. Empty when O(state=absent) and it did not exist.
  returned: always
  type: dict
  contains:
    id:
      description: ID of the port.
      type: str
      sample: dcbd71e9-c325-4e10-b1c2-57136daf413f
    name:
      description: Name of the port, often empty.
      type: str
      sample: ""
    status:
      description: C(ACTIVE), C(BUILD) or C(DOWN).
      type: str
      sample: DOWN
    subnet_id:
      description:
        - ID of the port's subnet, as M(huaweicloud.iec.subnet) returns it (IEC reports it as the port's
          C(network_id)).
      type: str
      sample: 3e361542-55aa-470c-a8a7-a438fa154f7d
    ip_address:
      description: The port's fixed IP address.
      type: str
      sample: 192.168.1.100
    fixed_ips:
      description:
        - The fixed IPs as IEC returns them (C(subnet_id), C(ip_address)); a port has one.
        - Their C(subnet_id) is the subnet's C(neutron_subnet_id) (C(neutron_subnet_id_v6) for an IPv6 address),
          not the subnet's ID.
      type: list
      elements: dict
      sample: [{subnet_id: 5b0f0c2a-3c1d-4a7e-9f57-8e2b1d6c4a10, ip_address: 192.168.1.100}]
    mac_address:
      description: MAC address, chosen by IEC.
      type: str
      sample: fa:16:3e:2d:3f:61
    network_id:
      description: ID of the subnet's network in the OpenStack Neutron API, which is also the IEC subnet ID.
      type: str
      sample: 3e361542-55aa-470c-a8a7-a438fa154f7d
    device_id:
      description: ID of the device holding the port (an instance), empty for a virtual IP.
      type: str
      sample: ""
    device_owner:
      description: C(neutron:VIP_PORT) for a virtual IP; IEC sets it.
      type: str
      sample: neutron:VIP_PORT
    security_groups:
      description: IDs of the port's security groups.
      type: list
      elements: str
      sample: [2d3c8a22-75a1-4c2e-9e38-d47ae5b1e0c4]
    allowed_address_pairs:
      description: The allowed address pairs (C(ip_address), C(mac_address)).
      type: list
      elements: dict
      sample: [{ip_address: 192.168.1.11, mac_address: "fa:16:3e:2d:3f:61"}]
    site_id:
      description: ID of the edge site of the port.
      type: str
      sample: 6813be76-7322-11ea-9ce0-286ed488d287
    ipv6_bandwidth_id:
      description: ID of the bandwidth attached to an IPv6 port; empty when none is.
      type: str
      sample: ""
"""

from ansible_collections.huaweicloud.iec.plugins.module_utils import catalog
from ansible_collections.huaweicloud.iec.plugins.module_utils.client import quote
from ansible_collections.huaweicloud.iec.plugins.module_utils.common import run_module
from ansible_collections.huaweicloud.iec.plugins.module_utils.normalize import ip_address
from ansible_collections.huaweicloud.iec.plugins.module_utils.options import address_pair_options, strings
from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import ChildList, IecResource, Wait
from ansible_collections.huaweicloud.iec.plugins.module_utils.rules import (
    address_pair, fixed_ips_filter, flatten, is_ipv6, neutron_subnet_of, pair_problem, port_address_problem, port_view,
    port_problem, refuse, state_argument_spec)

VIP_OWNER = "neutron:VIP_PORT"


def apply_pairs(engine, port, plan):
    # IEC replaces the whole list; the plan's result keeps the pairs left alone and their MAC addresses.
    pairs = [dict((k, v) for k, v in p.items() if v is not None) for p in plan.result]
    engine.client.put("/v1/ports/%s" % quote(port["id"]), body={"port": {"allowed_address_pairs": pairs}})


def set_ipv6_bandwidth(engine, port, bandwidth_id):
    base = "/v1/vports/%s/bandwidth/" % quote(port["id"])
    if port.get("ipv6_bandwidth_id"):
        engine.client.post(base + "detach")
    if bandwidth_id:
        engine.client.post(base + "attach", body={"bandwidth_id": bandwidth_id})


class Port(IecResource):
    argument_spec = state_argument_spec(
        default_wait_timeout=600,
        ip_address=dict(type="str", aliases=["fixed_ip"]),
        security_groups=dict(type="list", elements="str"),
        allowed_address_pairs=dict(type="list", elements="dict", options=address_pair_options()),
        purge_allowed_address_pairs=dict(type="bool", default=True),
        **strings("subnet", "ipv6_bandwidth"),
    )

    kind = "port"
    identity = ("subnet", "ip_address")
    list_query = {"subnet": "network_id", "ip_address": ("fixed_ips", fixed_ips_filter)}
    fields = {"ip_address": "fixed_ips.0.ip_address"}
    references = {"subnet": catalog.ref("subnet", "network_id"),
                  "security_groups": catalog.ref("security_group", "security_groups"),
                  "ipv6_bandwidth": catalog.ref("bandwidth", "ipv6_bandwidth_id")}
    update_options = ("security_groups", "ipv6_bandwidth")
    late_options = ("security_groups", "ipv6_bandwidth")
    setters = {"ipv6_bandwidth": set_ipv6_bandwidth}
    immutable = ("subnet", "ip_address")
    normalizers = {"ip_address": ip_address, "security_groups": lambda v: sorted(v or []),
                   "ipv6_bandwidth": lambda v: v or ""}
    waiter = Wait(ready=("ACTIVE", "DOWN"), after=("create",))
    children = (ChildList("allowed_address_pairs", key=lambda p: p["ip_address"], normalize=address_pair,
                          read=lambda engine, port: port.get("allowed_address_pairs") or [], apply=apply_pairs,
                          purge_option="purge_allowed_address_pairs", check=pair_problem),)
    problems = (port_problem,)
    returns = ("id", "name", "status", "subnet_id", "ip_address", "fixed_ips", "mac_address", "network_id",
               "device_id", "device_owner", "security_groups", "allowed_address_pairs", "site_id",
               "ipv6_bandwidth_id")
    derived = (port_view,)
    error_hints = {"IEC.020616": "Choose a free address of the subnet.",
                   "IEC.020617": "The subnet has no free address left.",
                   "IEC.020612": "Detach the bandwidth first (ipv6_bandwidth: \"\").",
                   "IEC.020613": "Only IPv6 virtual IPs and IPv6 private addresses take a bandwidth."}

    def on_read(self, resource):
        return flatten(resource)

    def created(self, answer):
        return flatten(super(Port, self).created(answer))

    def create_body(self):
        subnet_id = self.wanted("subnet")
        subnet = self.referenced("subnet", subnet_id) or {}
        refuse(self, port_address_problem(self.params["ip_address"], subnet))
        address = ip_address(self.params["ip_address"])
        return {"device_owner": VIP_OWNER, "network_id": subnet.get("neutron_network_id") or subnet_id,
                "fixed_ips": [{"subnet_id": neutron_subnet_of(subnet, address), "ip_address": address}]}

    def inspect(self, current):
        current = flatten(current)
        if self.params["ipv6_bandwidth"] and not is_ipv6(current.get("ip_address")):
            self.fail("ipv6_bandwidth needs an IPv6 port, and %s has the IPv4 address %s (IEC.020613)." % (
                self.name_of(current), current.get("ip_address")))
        return current

    def before_delete(self, resource):
        if resource.get("ipv6_bandwidth_id"):
            self.send("detach the bandwidth of",
                      lambda: self.client.post("/v1/vports/%s/bandwidth/detach" % quote(resource["id"])))

    def name_of(self, resource=None):
        port = resource or {}
        if port.get("ip_address") or port.get(self.id_key):
            return "port %s" % (port.get("ip_address") or port.get(self.id_key))
        if self.params.get("ip_address"):
            return "port %s" % self.params["ip_address"]
        return super(Port, self).name_of(resource)


def main():
    run_module(Port)


if __name__ == "__main__":
    main()
