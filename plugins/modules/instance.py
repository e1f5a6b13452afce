#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2025, huaweicloud.iec contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: instance
short_description: Manage edge instances of Huawei Cloud Intelligent EdgeCloud (IEC)
version_added: 1.0.0
description:
  - Create, update, start, stop, reboot, rebuild and delete edge instances at one edge site
    (IEC API C(/v1/cloudservers)). Instances are created with site-level coverage, so each lands exactly at
    O(site).
  - An instance is found by O(id), or by O(name) and O(site). With O(count) the module manages the set of instances
    C(<name>-0001) to C(<name>-<count>) at O(site) together, like C(exact_count) elsewhere (see O(count)).
  - IEC creates, stops, starts, reboots and deletes asynchronously. With O(wait=true) the module polls the
    instances (all of them in the same rounds, so many instances take about as long as one) until they settle.
    An instance that ends in C(ERROR) fails the task (with IEC's reason when it gives one), and the result still
    reports every instance.
  - The name, the description and the NICs (O(subnets)) change in place. Another O(image) is applied only
    with O(rebuild=true) (IEC's change-OS, which wipes the system disk); otherwise the module warns and leaves
    the instance alone. Flavor, volumes, key pair and public IPs cannot change after creation.
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
    details:
      - The diff never holds O(admin_pass) or O(user_data).
options:
  name:
    description:
      - Name of the instance, 1 to 48 letters (Chinese characters included), digits, C(-) and C(_). With
        O(count), the base of the names C(<name>-<nnnn>), which must fit in 48 characters with the suffix (so
        O(name) has at most 43).
      - With O(id), the name to rename the instance to (1 to 64 characters, C(.) allowed as well).
    type: str
  id:
    description:
      - ID of an existing instance. It is then found by id, and O(name) renames it.
    type: str
  site:
    description:
      - The edge site, by name (for example V(guangzhou)) or id. Required to find or create by name.
    type: str
  flavor:
    description:
      - The flavor, by name or id (for example V(c6.large.2)); see M(huaweicloud.iec.flavor_info). Required to create.
    type: str
  image:
    description:
      - The system image, by name or id; see M(huaweicloud.iec.image_info). Required to create.
      - For an existing instance, another image than the one it runs is applied only with O(rebuild=true).
    type: str
  rebuild:
    description:
      - When O(image) differs from the instance's image, change the operating system (IEC change-OS). The
        instance is stopped first if it runs (and the task waits until it is C(SHUTOFF), since IEC changes the
        operating system of stopped instances only), its system disk is wiped, and it is started again afterwards unless
        O(state=stopped). O(key_name), O(admin_pass) and O(user_data) are applied to the new system.
      - Without it, such a difference gives a warning and no change.
    type: bool
    default: false
  vpc:
    description:
      - The VPC of the instance's NICs, by name or id. Required to create.
    type: str
  subnets:
    description:
      - The subnets of the instance's NICs, by name or id, one NIC each; the first is the primary NIC.
        Required to create.
      - For an existing instance, NICs in subnets that are not listed are deleted and NICs are added for the
        subnets that have none, in O(vpc) with O(security_groups).
    type: list
    elements: str
  security_groups:
    description:
      - Security groups of the NICs, by name or id. Without it, IEC uses the default security group.
      - Used at creation and for NICs added later; not compared afterwards.
    type: list
    elements: str
  root_volume:
    description:
      - The system disk. Required to create; not compared afterwards.
    type: dict
    suboptions:
      size:
        description: Size in GB, 40 to 100.
        type: int
        required: true
      volume_type:
        description: Volume type offered at the site, for example V(SAS); see M(huaweicloud.iec.volume_type_info).
        type: str
        required: true
  data_volumes:
    description:
      - Up to 2 data disks created with the instance. Not compared afterwards.
    type: list
    elements: dict
    suboptions:
      size:
        description: Size in GB, 1 to 500.
        type: int
        required: true
      volume_type:
        description: Volume type offered at the site.
        type: str
        required: true
  public_ip_pools:
    description:
      - Lines (pool ids of the site, for example V(guangzhou_cmcc); see RV(huaweicloud.iec.site_info#module:sites[].pools))
        to give the instance a public IP on, one public IP per line. No more lines than NICs.
      - Without it and without O(bandwidth), the instance gets no public IP.
      - IEC binds public IPs only when the creation request holds a bandwidth, so the module always sends one
        with the lines (as Terraform's C(bind_eip) does).
    type: list
    elements: str
  bandwidth:
    description:
      - The shared bandwidth the public IPs join.
      - Without O(public_ip_pools), the instance gets one public IP on the site's default line, on its first NIC.
    type: dict
    suboptions:
      size:
        description: Bandwidth in Mbit/s.
        type: int
      ids:
        description: IDs of existing shared bandwidths, one per line of O(public_ip_pools) (one for the default line).
        type: list
        elements: str
      bandwidth_types:
        description:
          - Bandwidth types, one per line, used when O(bandwidth.ids) is not given; IEC uses the newest bandwidth
            of the type, or creates one.
        type: list
        elements: str
  key_name:
    description:
      - Name of the key pair to log in with (see M(huaweicloud.iec.keypair)). Used at creation and rebuild.
    type: str
  admin_pass:
    description:
      - Initial password of C(root) (Linux) or C(Administrator) (Windows), when not logging in with a key pair.
        IEC cannot set it after creation. Used at creation and rebuild; never logged nor returned.
      - 8 to 26 characters with three of upper case letters, lower case letters, digits and the special
        characters C(!@$%^-_=+[{}]:,./?), and neither C(root) nor C(Administrator), forwards or backwards.
    type: str
  user_data:
    description:
      - User data for cloud-init (a script, a cloud-config document), as plain text. The module encodes it in
        base64, as IEC expects; encoded, it must stay under 65535 characters. Used at creation and rebuild;
        never logged nor returned.
    type: str
  description:
    description:
      - Description of the instance, at most 85 characters, without C(<) or C(>). Set after creation and changed
        in place.
      - IEC refuses updates while an instance is being built, so a new instance gets its description once it
        is C(ACTIVE); the task waits for that even with O(wait=false).
    type: str
  with_prefix:
    description:
      - Let IEC put its prefix in front of the name (for example C(IEC-ZS01-web)). By default the name is kept
        as written, so that later runs find the instance by it.
      - With O(with_prefix=false), an instance whose name came back prefixed all the same (Terraform records that
        IEC may add C(IEC-xxx-) whatever is asked) is renamed to O(name) once it is C(ACTIVE), and a later run
        finds an instance named C(IEC-xxx-<name>) and renames it rather than creating a twin.
    type: bool
    default: false
  count:
    description:
      - How many instances of this definition to have at O(site), as one set named C(<name>-0001) to
        C(<name>-<count>) (four digits, the suffix IEC itself gives to a set). The suffix is always there, also
        for O(count=1), so raising O(count=1) to O(count=2) keeps C(<name>-0001) and adds C(<name>-0002).
      - Without O(count), the task manages the one instance named exactly O(name), without a suffix; that
        instance is never a member of a set.
      - Missing members are created. A set of which no member exists is created with one request, so IEC
        checks the quota for all of them at once and creates either all or none; when only some members are
        missing they are created one by one. All are then awaited together.
      - Instances named C(<name>-<nnnn>) above O(count) are deleted, so lowering O(count) shrinks the set and
        O(count=0) deletes all of it.
      - With O(state=absent), every instance named C(<name>-<nnnn>) at O(site) is deleted, whatever the value of
        O(count).
      - 0 to 50, the most one creation request of IEC takes. Not with O(id).
    type: int
  state:
    description:
      - V(present) makes sure the instance exists, in whatever power state it is.
      - V(started) and V(stopped) also power it on or off; V(restarted) reboots it (always a change).
      - V(absent) deletes it, with its public IPs and disks (IEC deletes them together).
    type: str
    choices: [present, started, stopped, restarted, absent]
    default: present
  hard:
    description:
      - With O(state=stopped) or O(state=restarted), power off or reset at once (C(HARD)) instead of asking the
        operating system (C(SOFT)).
    type: bool
    default: false
  wait:
    description:
      - Wait until the instances are C(ACTIVE) (or C(SHUTOFF) when stopped), or gone when deleted.
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds to wait, for all instances of the task together.
    type: int
    default: 900
notes:
  - "IEC creates instances with the prefix of its naming scheme unless asked not to; this module asks not to
    (O(with_prefix=false)) so that names stay stable. With O(with_prefix=true), find the instance by O(id) later."
seealso:
  - module: huaweicloud.iec.instance_info
  - module: huaweicloud.iec.site_info
  - module: huaweicloud.iec.flavor_info
  - module: huaweicloud.iec.keypair
"""

EXAMPLES = r"""
- name: One web server at the Guangzhou site, with a China Mobile public IP
  huaweicloud.iec.instance:
    name: web
    site: guangzhou
    flavor: c6.large.2
    image: CentOS 7.6 64bit
    vpc: edge-vpc
    subnets: [edge-subnet]
    security_groups: [web]
    root_volume: {size: 40, volume_type: SAS}
    data_volumes:
      - {size: 100, volume_type: SAS}
    public_ip_pools: [guangzhou_cmcc]
    bandwidth: {size: 10}
    key_name: deploy
    user_data: |
      #cloud-config
      packages: [nginx]
    state: started
  register: web

- name: Twenty workers at one site, created with one request (worker-0001 ... worker-0020)
  huaweicloud.iec.instance:
    name: worker
    count: 20
    site: guangzhou
    flavor: s6.small.1
    image: CentOS 7.6 64bit
    vpc: edge-vpc
    subnets: [edge-subnet]
    root_volume: {size: 40, volume_type: SAS}
    key_name: deploy
  register: workers

- name: Shrink the workers to five (worker-0006 ... worker-0020 are deleted)
  huaweicloud.iec.instance:
    name: worker
    count: 5
    site: guangzhou

- name: Keep no worker at all, the set being empty rather than gone from the playbook
  huaweicloud.iec.instance:
    name: worker
    count: 0
    site: guangzhou

- name: Delete every worker-<nnnn> at the site, however many there are
  huaweicloud.iec.instance:
    name: worker
    count: 0
    site: guangzhou
    state: absent

- name: Stop it, pulling the plug
  huaweicloud.iec.instance:
    name: web
    site: guangzhou
    state: stopped
    hard: true

- name: Reinstall it with another image
  huaweicloud.iec.instance:
    name: web
    site: guangzhou
    image: Ubuntu 20.04 server 64bit
    rebuild: true
    key_name: deploy

- name: Rename it, found by id
  huaweicloud.iec.instance:
    id: "{{ web.instance.id }}"
    name: web-old
    description: retired

- name: Delete it
  huaweicloud.iec.instance:
    name: web-old
    site: guangzhou
    state: absent
"""

RETURN = r"""
instance:
  description:
    - The instance; with O(count), the first member of RV(instances). Empty when there is none (O(state=absent)
      and nothing existed, or O(count=0)).
  returned: always
  type: dict
  contains:
    id:
      description: ID of the instance.
      type: str
      sample: 7c2f64b3-5c8a-4f0b-8b63-3a9a1b9c2d10
    name:
      description: Name of the instance.
      type: str
      sample: web
    description:
      description: Description of the instance.
      type: str
    status:
      description: Status, for example V(BUILD), V(ACTIVE), V(SHUTOFF), V(ERROR).
      type: str
      sample: ACTIVE
    site_id:
      description: ID of the site the instance is at.
      type: str
    flavor:
      description: The flavor (C(id), C(name), C(vcpus), C(ram)).
      type: dict
    image_id:
      description: ID of the image the instance runs, when IEC reports it.
      type: str
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
      description:
        - The NICs (ports) of the instance, each with C(port_id), C(vpc_id), C(mac_address), C(ip_address) and
          C(public_ip_address) (null without a public IP).
        - In check mode, when O(subnets) would change the NICs, the planned list of C(subnet_id) entries instead.
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
      description: ID of the edge cloud the instance belongs to, if any.
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
instances:
  description:
    - Every instance the task manages, in name order (one without O(count); the members up to O(count) with
      it, or the members deleted with O(state=absent)); the same keys as RV(instance).
    - Also returned when the task fails while waiting, so that no instance goes unreported.
  returned: always
  type: list
  elements: dict
"""

import re

from ansible_collections.huaweicloud.iec.plugins.module_utils import catalog
from ansible_collections.huaweicloud.iec.plugins.module_utils.client import IecApiError, quote
from ansible_collections.huaweicloud.iec.plugins.module_utils.common import run_module
from ansible_collections.huaweicloud.iec.plugins.module_utils.edge_service import encode_user_data, password_problem
from ansible_collections.huaweicloud.iec.plugins.module_utils.options import strings, volume_options
from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import ChildList, IecResource, dig, is_planned
from ansible_collections.huaweicloud.iec.plugins.module_utils.servers import (
    FAILED, POWER, ServerSet, fault_text, image_differs, image_name_of, image_of, member_name, read_nics, unprefixed, vpc_of)
from ansible_collections.huaweicloud.iec.plugins.module_utils.sets import Goal

NAME_RE = re.compile(u"^[\u4e00-\u9fa5A-Za-z0-9_-]{1,48}$")
RENAME_RE = re.compile(u"^[\u4e00-\u9fa5A-Za-z0-9_.-]{1,64}$")


class Instance(IecResource):
    """The declaration: what an instance is, its checks, its creation body and its view."""
    kind = "instance"
    references = {
        "site": catalog.ref("site", "site_id"),
        "flavor": catalog.ref("flavor", "flavor_ref"),
        "image": catalog.ref("image", "image_ref"),
        "vpc": catalog.ref("vpc", "vpc_id"),
        "subnets": catalog.ref("subnet", "subnets"),
        "security_groups": catalog.ref("security_group", "security_groups"),
    }
    children = (ChildList("subnets", key=lambda n: n["subnet_id"], read=read_nics, apply=None, result_key="nics",
                          desired=lambda engine, value: [{"subnet_id": s} for s in engine.resolve("subnets")]),)
    returns = ("id", "name", "description", "status", "site_id", "flavor", "image_id", "key_name", "addresses",
               "nics", "security_groups", "volumes_attached", "geolocation", "edgecloud_id", "fault", "created")

    def validate(self):
        p = self.params
        count, name = p["count"], p["name"]
        if count is not None and not 0 <= count <= 50:
            self.fail("count must be 0 to 50 (the most IEC creates in one request); got %d." % count)
        if name is None and not p["id"]:
            self.fail("Give name and site, or id, to find the instance.")
        if p["id"] and count is not None:
            self.fail("count cannot be used with id; give name and site to manage a set of instances.")
        if name is not None:
            if p["id"]:
                if not RENAME_RE.match(name):
                    self.fail("name must be 1 to 64 letters, digits, '-', '_' or '.'; got '%s'." % name)
            else:
                # Every member's suffix has four digits: the name of the last one is as long as any.
                longest = name if count is None else member_name(name, max(count, 1))
                if not NAME_RE.match(longest):
                    self.fail("name must be 1 to 48 letters, digits, '-' or '_'%s; got '%s'." % (
                        "" if count is None else " with the suffix -%04d of count" % max(count, 1), longest))
                if not p["site"]:
                    self.fail("site is required to find the instance by name; give site (name or id), or id.")
        desc = p["description"]
        if desc is not None and (len(desc) > 85 or "<" in desc or ">" in desc):
            self.fail("description must be at most 85 characters without '<' or '>'; it has %d." % len(desc))
        self.validate_volumes()
        self.validate_access()

    def validate_volumes(self):
        root, data = self.params["root_volume"], self.params["data_volumes"] or []
        if root and not 40 <= root["size"] <= 100:
            self.fail("root_volume.size must be 40 to 100 GB; got %d." % root["size"])
        if len(data) > 2:
            self.fail("data_volumes holds %d disks; an edge instance takes at most 2." % len(data))
        for i, vol in enumerate(data):
            if not 1 <= vol["size"] <= 500:
                self.fail("data_volumes[%d].size must be 1 to 500 GB; got %d." % (i, vol["size"]))

    def validate_access(self):
        p = self.params
        if p["admin_pass"] is not None and password_problem(p["admin_pass"]):
            self.fail("admin_pass %s." % password_problem(p["admin_pass"]))
        if p["user_data"] is not None and len(encode_user_data(p["user_data"])) >= 65535:
            self.fail("user_data is %d characters once base64-encoded; IEC takes less than 65535."
                      % len(encode_user_data(p["user_data"])))
        pools, subnets = p["public_ip_pools"] or [], p["subnets"]
        if subnets is not None and len(pools) > len(subnets):
            self.fail("public_ip_pools names %d lines but the instance has %d NICs; IEC allows at most one "
                      "line per NIC." % (len(pools), len(subnets)))
        lines = len(pools) or 1     # without public_ip_pools, the site's default line
        for option in ("ids", "bandwidth_types"):
            given = (p["bandwidth"] or {}).get(option)
            if given and len(given) != lines:
                self.fail("bandwidth.%s must give one entry per line of public_ip_pools (%d); got %d."
                          % (option, lines, len(given)))

    def check_creatable(self, missing):
        """Fails naming the options a creation lacks, or what IEC would refuse only after the POST."""
        p = self.params
        lacking = [o for o in ("site", "flavor", "image", "vpc", "subnets", "root_volume") if not p[o]]
        if lacking:
            what = ("Instances '%s' to '%s' do not exist; to create them" % (missing[0].name, missing[-1].name)
                    if p["count"] else "Instance '%s' does not exist; to create it" % missing[0].name)
            self.fail("%s, give %s." % (what, ", ".join(lacking)))
        self.check_references()

    def check_references(self):
        """What IEC would only refuse after the creation request, read with GETs before it: the subnets must
        be at the site, the key pair must exist in the domain, and the volume types must be IEC's and sold at
        the site."""
        p = self.params
        site = self.resolve("site")
        site_name = (self.referenced("site", site) or {}).get("name") or p["site"]
        for value, ident in zip(p["subnets"], self.resolve("subnets")):
            at = (self.referenced("subnets", ident) or {}).get("site_id")
            if at and at != site:
                other = (self.referenced("site", at) or {}).get("name") or at
                self.fail("subnet '%s' is at site '%s', not at site '%s' (option site); give subnets of site '%s', "
                          "or create one there with huaweicloud.iec.subnet." % (value, other, p["site"], site_name))
        self.check_key_name()
        volumes = [("root_volume", p["root_volume"])] + [
            ("data_volumes[%d]" % i, v) for i, v in enumerate(p["data_volumes"] or [])]
        known = [t.get("name") for t in self.client.list_all("/v1/cloudvolumes/volume-types", "volume_types")]
        for where, volume in volumes:
            if volume["volume_type"] not in known:
                self.fail("%s.volume_type '%s' is not a volume type of IEC; give one of %s." % (
                    where, volume["volume_type"], ", ".join(sorted(k for k in known if k))))
        for vtype in sorted(set(v["volume_type"] for _w, v in volumes)):
            # The site list filtered by volume type (seed 4.6.1) answers whether the site sells it.
            if not self.client.list_all("/v1/sites", "sites", query={"id": site, "volume_type": vtype}):
                self.fail("Site '%s' offers no %s volumes (volume_type); give another volume type or site."
                          % (p["site"], vtype))

    def check_key_name(self):
        """Fails when key_name names no key pair of the domain (GET /v1/os-keypairs/{name})."""
        name = self.params["key_name"]
        if name is None or self.check_mode:
            return  # in a dry run, the key pair may be one an earlier task creates (see resource.planned)
        try:
            self.client.get("/v1/os-keypairs/%s" % quote(name))
        except IecApiError as e:
            if e.status != 404:
                raise
            self.fail("No key pair is named '%s' (option key_name); create it with huaweicloud.iec.keypair, or give "
                      "the name of a key pair of this account." % name)

    def create_body(self):
        p = self.params
        demand = {"pool_ids": list(p["public_ip_pools"])} if p["public_ip_pools"] else {}
        server = {
            "name": p["name"], "with_prefix": p["with_prefix"], "count": 1,
            "image_ref": self.resolve("image"), "flavor_ref": self.resolve("flavor"),
            "net_config": {"vpc_id": self.resolve("vpc"), "subnets": [{"id": s} for s in self.resolve("subnets")]},
            "root_volume": dict(p["root_volume"]),
            "coverage": {"coverage_policy": "centralize", "coverage_level": "site",
                         "coverage_sites": [{"site": self.resolve("site"), "demands": [demand]}]},
        }
        if p["data_volumes"]:
            server["data_volumes"] = [dict(v) for v in p["data_volumes"]]
        if p["security_groups"] is not None:
            server["security_groups"] = [{"id": g} for g in self.resolve("security_groups")]
        if p["bandwidth"] or p["public_ip_pools"]:
            # IEC binds public IPs only when the body has a bandwidth (golangsdk servers: "If this parameter
            # does not exist, no EIP is bound"); Terraform's bind_eip sends {"sharetype": "WHOLE"}.
            server["bandwidth"] = dict([(k, v) for k, v in (p["bandwidth"] or {}).items() if v is not None], sharetype="WHOLE")
        for option in ("key_name", "admin_pass"):
            if p[option] is not None:
                server[option] = p[option]
        if p["user_data"] is not None:
            server["user_data"] = encode_user_data(p["user_data"])
        return server

    def curate(self, resource):
        if not resource:
            return {}
        view = super(Instance, self).curate(resource)
        view["image_id"] = image_of(resource) or resource.get("image_ref")
        view["image_name"] = image_name_of(resource)
        if is_planned(view.get("id")) and resource.get("image_ref"):
            # A creation planned in check mode is shown as IEC will show it: by the image's name (metadata),
            # for IEC's servers report no image id.
            view["image_id"] = None
            view["image_name"] = (self.referenced("image", resource["image_ref"]) or {}).get("name")
        if view.get("site_id") is None:
            view["site_id"] = dig(resource, "geolocation.id") or self.resolve("site")
        if not isinstance(view.get("flavor"), dict) and resource.get("flavor_ref"):
            view["flavor"] = {"id": resource["flavor_ref"]}
        view["volumes_attached"] = resource.get("os-extended-volumes:volumes_attached", view.get("volumes_attached"))
        if view.get("nics") is None and not is_planned(view.get("id")):
            # (A creation planned in check mode has no NICs to show yet: they are known after apply.)
            view["nics"] = catalog.server_nics(resource)
        return view


class InstanceSet(ServerSet):
    """One task over the instance(s) it names (see ServerSet), with the instance's own actions: updates, NICs,
    rebuilds, and the updates IEC takes only once a new instance is ACTIVE."""
    argument_spec = dict(
        rebuild=dict(type="bool", default=False),
        subnets=dict(type="list", elements="str"),
        security_groups=dict(type="list", elements="str"),
        root_volume=dict(type="dict", options=volume_options()),
        data_volumes=dict(type="list", elements="dict", options=volume_options()),
        public_ip_pools=dict(type="list", elements="str"),
        bandwidth=dict(type="dict", options=dict(size=dict(type="int"), ids=dict(type="list", elements="str"),
                                                 bandwidth_types=dict(type="list", elements="str"))),
        key_name=dict(type="str", no_log=False),
        admin_pass=dict(type="str", no_log=True),
        user_data=dict(type="str", no_log=True),
        with_prefix=dict(type="bool", default=False),
        count=dict(type="int"),
        state=dict(type="str", default="present", choices=["present", "started", "stopped", "restarted", "absent"]),
        hard=dict(type="bool", default=False),
        wait=dict(type="bool", default=True),
        wait_timeout=dict(type="int", default=900),
        **strings("name", "id", "site", "flavor", "image", "vpc", "description"),
    )
    module_kwargs = dict(required_one_of=[("name", "id")], mutually_exclusive=[("admin_pass", "key_name")])

    def __init__(self, module, client=None):
        super(InstanceSet, self).__init__(Instance(module, client))

    def present(self):
        missing = [m for m in self.members if m.before is None]
        if missing:
            self.engine.check_creatable(missing)
            self.create(missing, self.engine.create_body())
        for member in self.members:
            if member.before is not None:
                self.update(member)
        if self.params["count"] is not None:
            self.shrink()
        if not self.engine.check_mode:
            self.settle()
        self.power()

    def update(self, member):
        e, p, current = self.engine, self.params, member.before
        changes = e.differences(current, ("description",))
        # The name is the identity: it renames only with id, or to drop the prefix IEC put in front of it.
        name = p["name"] if p["id"] else member.name
        if name and name != current.get("name") and (p["id"] or (not p["with_prefix"] and unprefixed(current.get("name"), name))):
            changes["name"] = name
        nics = e.plan_all_children(current).get("subnets")
        if e.check_mode:
            if changes or (nics and nics.changed):
                member.plan(**dict(changes, **({"nics": nics.result} if nics and nics.changed else {})))
        else:
            if changes:
                answer = self.send(self.words("update", [member]), "put", e.item_url(current["id"]), {"server": changes})
                member.now = dict(current, **changes)
                member.now.update(e.extract(answer) or {})
            if nics and nics.changed:
                self.apply_nics(member, nics)
            member.changed = member.changed or bool(changes)
        self.rebuild(member)

    def apply_nics(self, member, plan):
        """Detaches and attaches NICs (seed 4.2.10, 4.2.11); each request is looked up when it got no answer."""
        e, server = self.engine, member.now
        path = "/v1/cloudservers/%s/nics" % quote(server["id"])
        words = self.words("update the NICs of", [member])
        if plan.removes:
            ports = [n["port_id"] for n in plan.removes]
            self.send(words, "post", path + "/delete", {"nics": [{"id": n} for n in ports]},
                      lookup=lambda: not [n for n in read_nics(e, server) if n["port_id"] in ports])
        with self.step(words):
            vpc = e.resolve("vpc") or vpc_of(e, server)
        groups = e.resolve("security_groups")
        groups = [g["id"] for g in server.get("security_groups") or [] if g.get("id")] if groups is None else groups
        for subnet in [n["subnet_id"] for n in plan.adds]:
            body = {"vpc_id": vpc, "subnet_id": subnet, "nic_num": 1, "security_groups": [{"id": g} for g in groups]}
            self.send(words, "post", path, body, lookup=lambda added=subnet: added in [n["subnet_id"] for n in read_nics(e, server)])
        member.changed = True
        with self.step(words):
            member.now = e.get(server["id"]) or server

    def rebuild(self, member):
        """Another image: a warning, or with rebuild IEC's change-OS, which takes stopped instances only
        (IEC.010222): the instance is stopped first and awaited SHUTOFF, whatever wait says."""
        e, p, current = self.engine, self.params, member.before
        image = e.resolve("image") if p["image"] else None
        wanted_name = (e.referenced("image", image) or {}).get("name") if image else None
        if not image or not image_differs(current, image, wanted_name):
            return
        if not p["rebuild"]:
            e.warn("Instance '%s' runs image %s, not %s; set rebuild: true to change its operating system "
                   "(the system disk is wiped). Nothing was changed for the image." % (
                       current.get("name"), image_of(current) or image_name_of(current),
                       "%s (%s)" % (wanted_name, image) if wanted_name else image))
            return
        if e.check_mode:
            return member.plan(image_id=image)
        e.check_key_name()   # before the instance is stopped
        if member.now.get("status") != "SHUTOFF":
            self.act([member], self.words("stop", [member]), "/v1/cloudservers/action",
                     {"os-stop": {"servers": [{"id": member.ident}], "type": "HARD" if p["hard"] else "SOFT"}},
                     Goal(ready=("SHUTOFF",), failed=FAILED, reason=fault_text), lookup=lambda: self.applied([member], POWER["stopped"][3]))
        body = {"image_id": image}
        for option, value in (("key_name", p["key_name"]), ("admin_pass", p["admin_pass"])):
            if value is not None:
                body[option] = value
        if p["user_data"] is not None:
            body["metadata"] = {"user_data": encode_user_data(p["user_data"])}
        words = self.words("rebuild", [member])
        self.send(words, "post", "/v1/cloudservers/%s/change-os" % quote(member.ident), body)
        member.changed = True
        with self.step(words):
            member.now = e.get(member.ident) or member.now

    def later_updates(self, member):
        """What IEC takes only once a new instance is ACTIVE (it refuses updates while BUILD, IEC.010406): the
        description (the creation body has none) and the name when IEC prefixed it."""
        p, server, body = self.params, member.now, {}
        if p["description"] is not None and server.get("description") != p["description"]:
            body["description"] = p["description"]
        if not p["with_prefix"] and unprefixed(server.get("name"), member.name):
            body["name"] = member.name
        return body

    def settle(self):
        """Creations, updates and rebuilds settle in one shared wait (new instances also without wait when
        they have later updates); then the later updates go out."""
        changed = [m for m in self.members if m.changed]
        later = [m for m in changed if m.created and self.later_updates(m)]
        waiting = changed if self.params["wait"] else later
        # A rebuilt instance may settle stopped; ACTIVE or SHUTOFF both end a rebuild.
        self.wait(waiting, Goal(ready=("ACTIVE", "SHUTOFF"), failed=FAILED, reason=fault_text))
        for member in [m for m in waiting if m.created]:
            body = self.later_updates(member)
            if body and member.now.get("status") in ("ACTIVE", "SHUTOFF"):
                answer = self.send(self.words("update", [member]), "put", self.engine.item_url(member.ident), {"server": body})
                answer = self.engine.extract(answer)
                member.now.update(answer if isinstance(answer, dict) and answer.get("id") else body)


def main():
    run_module(InstanceSet)


if __name__ == "__main__":
    main()
