#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2025, huaweicloud.iec contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: public_ip
short_description: Manage elastic public IPs of Huawei Cloud Intelligent EdgeCloud (IEC)
version_added: 1.0.0
description:
  - Create an elastic public IP at an edge site, bind it to a port (a virtual IP) or unbind it, and delete it
    (IEC API C(/v1/publicips)).
  - A public IP has no name. It is found by its O(id), by its address (O(public_ip_address)), or by the port it
    is bound to (O(port)). Only the last can create one; when no public IP is bound to O(port), the module
    creates one and binds it, so that running the task again finds it.
  - IEC chooses the address, and puts the public IP on a bandwidth (O(bandwidth)), creating one when the line
    has none of O(bandwidth_type) yet. Bandwidths are managed with M(huaweicloud.iec.bandwidth).
  - A new public IP is being created (C(PENDING_CREATE)) for a while; the module waits until it is C(DOWN)
    (unbound) or C(ACTIVE) (bound).
  - IEC public IPs are IPv4 only; an IPv6 virtual IP reaches the internet through a bandwidth attached to it
    (M(huaweicloud.iec.port), O(huaweicloud.iec.port#module:ipv6_bandwidth)).
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
      - ID of the public IP. With it, O(port) binds the public IP to another port, or unbinds it with V("").
    type: str
  public_ip_address:
    description:
      - The address of the public IP, to find an existing one. A public IP cannot be created with a chosen
        address.
    type: str
  port:
    description:
      - ID of the port the public IP is bound to, usually a virtual IP (see M(huaweicloud.iec.port)); it must be
        at the public IP's site (IEC.020707).
      - Without O(id) or O(public_ip_address), the public IP bound to this port is the one managed, created and
        bound when there is none.
      - V("") unbinds the public IP (found by O(id) or O(public_ip_address)). Unset leaves the binding alone.
    type: str
  site:
    description:
      - Name or ID of the edge site of the public IP (see M(huaweicloud.iec.site_info)).
      - Needed to create a public IP, unless O(port) is given; the public IP is then created at the port's site.
        It cannot change.
    type: str
  line:
    description:
      - ID of the IPv4 line (C(pool_id) in RV(huaweicloud.iec.site_info#module:sites[].pools)) the address comes
        from. API field C(type).
      - IEC takes the site's first line when it is not given, or the line of O(bandwidth) when that is given. It
        cannot change.
    type: str
    aliases: [pool_id]
  ip_version:
    description:
      - IP version of the public IP. IEC supports only V(4), which it also takes when it is not given.
    type: str
    choices: ['4']
  bandwidth:
    description:
      - Name or ID of the bandwidth the new public IP shares, at its site and on its line. Needed when the
        account may not create bandwidths (the bandwidth white list).
      - It cannot change afterwards.
    type: str
  bandwidth_type:
    description:
      - Type of the bandwidth for a new public IP without O(bandwidth), for example V(share) (see
        M(huaweicloud.iec.bandwidth_type_info)). IEC uses the newest bandwidth of this type on the line, and
        creates one when there is none.
    type: str
  wait:
    description:
      - Wait until a new or rebound public IP is C(DOWN) or C(ACTIVE), and until a released one is gone (IEC
        releases a public IP asynchronously).
      - A new public IP with O(port) is always waited for, since IEC binds only a public IP that is no longer
        being created (IEC.020708).
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds to wait.
    type: int
    default: 600
  state:
    description:
      - V(present) makes sure the public IP exists as described, V(absent) releases it.
      - Releasing first unbinds it from its port, which IEC requires (IEC.020712).
    type: str
    choices: [present, absent]
    default: present
notes:
  - The bandwidth a public IP came with stays when the public IP is released; delete it with
    M(huaweicloud.iec.bandwidth) once it carries no public IP.
seealso:
  - module: huaweicloud.iec.public_ip_info
  - module: huaweicloud.iec.port
  - module: huaweicloud.iec.bandwidth
"""

EXAMPLES = r"""
- name: A virtual IP
  huaweicloud.iec.port:
    subnet: web
    ip_address: 192.168.1.100
  register: vip

- name: A public IP for it, at the virtual IP's site, on the China Mobile line
  huaweicloud.iec.public_ip:
    port: "{{ vip.port.id }}"
    line: shanghai_cmcc
  register: eip

- name: Move the public IP to another virtual IP
  huaweicloud.iec.public_ip:
    id: "{{ eip.public_ip.id }}"
    port: "{{ other_vip.port.id }}"

- name: Unbind it, keeping the address
  huaweicloud.iec.public_ip:
    public_ip_address: "{{ eip.public_ip.public_ip_address }}"
    port: ""

- name: Release it
  huaweicloud.iec.public_ip:
    id: "{{ eip.public_ip.id }}"
    state: absent
"""

RETURN = r"""
public_ip:
  description:
    - The public IP. Empty when O(state=absent) and it did not exist.
  returned: always
  type: dict
  contains:
    id:
      description: ID of the public IP.
      type: str
      sample: a943a83e-4920-4b8d-87bb-f777d3dce83a
    status:
      description: C(PENDING_CREATE) while being created, then C(DOWN) when unbound and C(ACTIVE) when bound.
      type: str
      sample: ACTIVE
    public_ip_address:
      description: The public address.
      type: str
      sample: 122.112.0.17
    port_id:
      description: ID of the port the public IP is bound to; empty or null when unbound.
      type: str
      sample: 5dc619ab-2246-4383-8bd7-f37e1e3b89ab
    private_ip_address:
      description: Private address of the port the public IP is bound to.
      type: str
      sample: 192.168.1.100
    type:
      description: ID of the line the address comes from (the O(line) option).
      type: str
      sample: shanghai_cmcc
    ip_version:
      description: IP version, C(4).
      type: int
      sample: 4
    site_id:
      description: ID of the edge site.
      type: str
      sample: e3b52316-05be-11ea-bc35-286ed488d287
    site_info:
      description: Where the site is, as country/area/province/city.
      type: str
      sample: 中国/华中地区/湖北/武汉市
    operator:
      description: The carrier of the line (C(id), C(name), C(i18n_name), C(sa)).
      type: dict
      sample: {id: "3", i18n_name: 中国移动, sa: CMCC}
    bandwidth_id:
      description: ID of the bandwidth of the public IP.
      type: str
      sample: 2c3a040c-7b4e-41a1-8b77-26ea7fe61548
    bandwidth_name:
      description: Name of the bandwidth.
      type: str
      sample: bandwidth-3bvf
    bandwidth_share_type:
      description: Share type of the bandwidth, C(WHOLE) for a shared bandwidth.
      type: str
      sample: WHOLE
    bandwidth_size:
      description: Size of the bandwidth, in Mbit/s.
      type: int
      sample: 300
    create_time:
      description: When the public IP was created.
      type: str
      sample: "2021-01-01T14:29:33Z"
"""

from ansible_collections.huaweicloud.iec.plugins.module_utils import catalog
from ansible_collections.huaweicloud.iec.plugins.module_utils.client import IecApiError, quote
from ansible_collections.huaweicloud.iec.plugins.module_utils.common import run_module
from ansible_collections.huaweicloud.iec.plugins.module_utils.normalize import ip_address
from ansible_collections.huaweicloud.iec.plugins.module_utils.options import strings
from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import IecResource, Wait, planned
from ansible_collections.huaweicloud.iec.plugins.module_utils.rules import (
    bandwidth_line_problem, public_ip_problem, public_ip_site_problem, refuse, site_line_problem, state_argument_spec)

SETTLED = ("ACTIVE", "DOWN")


def text(value):
    """None and '' both mean 'no port'; IEC answers either for an unbound public IP."""
    return "" if value is None else str(value)


class PublicIp(IecResource):
    argument_spec = state_argument_spec(
        default_wait_timeout=600,
        line=dict(type="str", aliases=["pool_id"]),
        ip_version=dict(type="str", choices=["4"]),
        **strings("public_ip_address", "port", "site", "bandwidth", "bandwidth_type"),
    )
    module_kwargs = dict(mutually_exclusive=[("bandwidth", "bandwidth_type")])

    kind = "public_ip"
    identity = ("port", "public_ip_address")
    list_query = {"port": "port_id"}
    references = {"site": catalog.ref("site", "site_id"),
                  "bandwidth": catalog.ref("bandwidth", "bandwidth_id")}
    fields = {"port": "port_id", "line": "type"}
    create_options = ("site", "line", "ip_version", "bandwidth", "bandwidth_type")
    update_options = ("port",)
    late_options = ("port",)
    immutable = ("site", "line", "ip_version", "bandwidth")
    normalizers = {"port": text, "ip_version": text, "public_ip_address": ip_address}
    # Release is asynchronous: Terraform's iec_eip waits after its DELETE until GET no longer finds it.
    waiter = Wait(ready=SETTLED, failed=("ERROR", "BIND_ERROR"), absent=True)
    problems = (public_ip_problem,)
    returns = ("id", "status", "public_ip_address", "port_id", "private_ip_address", "type", "ip_version", "site_id",
               "site_info", "operator", "bandwidth_id", "bandwidth_name", "bandwidth_share_type", "bandwidth_size",
               "create_time")
    error_hints = {"IEC.020601": "The port may have another public IP already.",
                   "IEC.020607": "Check the port's id (huaweicloud.iec.port_info).",
                   "IEC.020707": "A public IP binds only to a port at its own site.",
                   "IEC.020708": "The public IP is still being created; run the task again in a moment.",
                   "IEC.020711": "Choose a line of the site (its pools in huaweicloud.iec.site_info).",
                   "IEC.020713": "The site has no line left for public IPs."}

    def validate(self):
        super(PublicIp, self).validate()
        if not self.params["id"] and self.params["public_ip_address"]:
            # The address finds the public IP wherever it is bound; port then says where it should be.
            self.identity = ("public_ip_address",)
            self.list_query = {}

    def name_of(self, resource=None):
        item = resource or {}
        for value in (item.get("public_ip_address"), item.get("id"), self.params["public_ip_address"],
                      self.params["id"]):
            if value:
                return "public IP %s" % value
        if self.params["port"]:
            return "the public IP of port %s" % self.params["port"]
        return "public IP"

    def planned_update(self, after, changes):
        if "port" in changes:
            if changes["port"]:
                after.update(private_ip_address=planned("private_ip_address"), status="ACTIVE")
            else:
                # Unbound, IEC shows no port and no private address, and the public IP DOWN.
                after.update(port_id=None, private_ip_address=None, status="DOWN")
        return after

    # --- create ---------------------------------------------------------------------------------

    def create_body(self):
        if self.params["public_ip_address"] is not None:
            self.fail("No public IP has the address %s. IEC chooses the address of a new public IP: to create one, "
                      "give port (and site, line or bandwidth as needed) without public_ip_address."
                      % self.params["public_ip_address"])
        body = super(PublicIp, self).create_body()
        port_site = self.bound_port().get("site_id") if self.params["port"] else None
        refuse(self, public_ip_site_problem(self.params, body.get("site_id"), port_site))
        body["site_id"] = body.get("site_id") or port_site
        if body.get("bandwidth_id"):
            bandwidth = self.referenced("bandwidth", body["bandwidth_id"]) or {}
            refuse(self, bandwidth_line_problem(self.params["bandwidth"], bandwidth, body))
            # The public IP goes on the bandwidth's line; IEC's default line may be another one.
            body["type"] = body.get("type") or bandwidth.get("pool_id") or None
        if body.get("type"):
            self.check_line(body["site_id"], body["type"])
        return dict((k, v) for k, v in body.items() if v is not None)

    def bound_port(self):
        """The port to bind, read before anything is created: a new public IP is created at its site."""
        try:
            with self.failing_as("look up the port of"):
                answer = self.client.get("/v1/ports/%s" % quote(self.params["port"]))
        except IecApiError as e:
            if e.status == 404:
                self.fail("No port has the id '%s' (option port)." % self.params["port"])
            raise
        return (answer or {}).get("port") or {}

    def check_line(self, site_id, line):
        site = self.referenced("site", site_id)
        if site is None:
            # The site came from the port: read the site list as the site option would have.
            self.resolve_value("site", site_id, missing_ok=True)
            site = self.referenced("site", site_id) or {}
        refuse(self, site_line_problem(site, site_id, line))

    def create_request(self, body):
        bandwidth = {}
        if "bandwidth_id" in body:
            bandwidth["id"] = body.pop("bandwidth_id")
        if "bandwidth_type" in body:
            bandwidth["bandwidth_type"] = body.pop("bandwidth_type")
        request = {"publicip": body}
        if bandwidth:
            request["bandwidth"] = bandwidth
        return request

    # --- delete ---------------------------------------------------------------------------------

    def before_delete(self, resource):
        if resource.get("status") not in SETTLED and self.params["wait"]:
            resource = self.wait_for(resource[self.id_key])
        if resource.get("port_id"):
            self.send("unbind", lambda: self.client.put(self.item_url(resource[self.id_key]),
                                                        body={"publicip": {"port_id": ""}}))


def main():
    run_module(PublicIp)


if __name__ == "__main__":
    main()
