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

import copy
import re

from ansible_collections.huaweicloud.iec.plugins.module_utils import catalog
from ansible_collections.huaweicloud.iec.plugins.module_utils.client import IecApiError, IecError, quote
from ansible_collections.huaweicloud.iec.plugins.module_utils.common import IecModule
from ansible_collections.huaweicloud.iec.plugins.module_utils.edge_service import encode_user_data, password_problem
from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import ChildList, IecResource, ReferenceGone, Wait, dig, is_planned, planned

NAME_RE = re.compile(u"^[\u4e00-\u9fa5A-Za-z0-9_-]{1,48}$")
RENAME_RE = re.compile(u"^[\u4e00-\u9fa5A-Za-z0-9_.-]{1,64}$")
GONE = ("DELETED", "SOFT_DELETED")
POWER = {"started": "ACTIVE", "stopped": "SHUTOFF", "restarted": "ACTIVE"}
# The prefix IEC puts in front of a name (seed 4.2.2 with_prefix: IEC-ZS01-iec; Terraform's server resource:
# "CreateServer will add an prefix "IEC-xxx-" for the instance name").
PREFIX_RE = "IEC-[A-Za-z0-9]+-"


def unprefixed(name, wanted):
    """Whether name is wanted with IEC's prefix in front of it."""
    return bool(name) and name != wanted and re.match("^%s%s$" % (PREFIX_RE, re.escape(wanted)), name) is not None


def member_name(name, number):
    """The name of the member of a set: IEC's own suffix, four digits."""
    return "%s-%04d" % (name, number)


def members_of(servers, name):
    """The instances named <name>-<nnnn> (or IEC-<site code>-<name>-<nnnn>, see PREFIX_RE), as (number, server),
    in name order."""
    pattern = re.compile("^(?:%s)?%s-(\\d{4})$" % (PREFIX_RE, re.escape(name)))
    found = [(int(m.group(1)), s) for s, m in ((s, pattern.match(s.get("name") or "")) for s in servers) if m]
    return sorted(found, key=lambda pair: pair[0])


def image_of(server):
    """The image id an instance runs, from the places IEC may report it (the seed lists none)."""
    for field in ("image.id", "image_id", "metadata.image_id", "metadata.image_ref"):
        value = dig(server or {}, field)
        if value:
            return value
    return None


def read_nics(engine, server):
    ports = engine.client.list_all("/v1/ports", "ports", query={"device_id": server["id"]})
    # A port's network_id is the IEC subnet id; its fixed_ips[].subnet_id is the subnet's neutron_subnet_id.
    return [{"subnet_id": p.get("network_id"), "port_id": p.get("id"),
             "ip_address": (p.get("fixed_ips") or [{}])[0].get("ip_address")} for p in ports]


def apply_nics(engine, server, plan):
    path = "/v1/cloudservers/%s/nics" % quote(server["id"])
    if plan.removes:
        engine.client.post(path + "/delete", body={"nics": [{"id": n["port_id"]} for n in plan.removes]})
    for nic in plan.adds:
        body = {"vpc_id": engine.wanted("vpc") or engine.vpc_of(server), "subnet_id": nic["subnet_id"],
                "nic_num": 1, "security_groups": [{"id": g} for g in engine.security_group_ids(server)]}
        engine.client.post(path, body=body)


def desired_nics(engine, value):
    return [{"subnet_id": subnet} for subnet in engine.resolve("subnets")]


class Instance(IecResource):
    key = "instance"
    kind = "instance"
    identity = ("name",)
    update_options = ("name", "description")
    references = {
        "site": catalog.ref("site", "site_id"),
        "flavor": catalog.ref("flavor", "flavor_ref"),
        "image": catalog.ref("image", "image_ref"),
        "vpc": catalog.ref("vpc", "vpc_id"),
        "subnets": catalog.ref("subnet", "subnets"),
        "security_groups": catalog.ref("security_group", "security_groups"),
    }
    waiter = Wait(field="status", ready=("ACTIVE",), failed=("ERROR", "FAILED"), reason="fault.message",
                  gone=GONE, absent=True)
    children = (ChildList("subnets", key=lambda n: n["subnet_id"], read=read_nics, apply=apply_nics,
                          desired=desired_nics, result_key="nics"),)
    secret_returns = ()
    returns = ("id", "name", "description", "status", "site_id", "flavor", "image_id", "key_name", "addresses",
               "nics", "security_groups", "volumes_attached", "geolocation", "edgecloud_id", "fault", "created")

    def __init__(self, module, client=None, shared=None):
        super(Instance, self).__init__(module, client)
        self._shared = shared
        self.creating = False
        self.created_now = False    # created by this task: later_updates() once ACTIVE
        if shared is not None:
            # Instances of one task share their look-ups (sites, flavors, images...) and listing.
            self._lists, self.resolved, self.cache = shared._lists, shared.resolved, shared.cache
            self.fresh = shared.fresh
        else:
            self.cache = {}

    @property
    def client(self):
        if self._shared is not None:
            return self._shared.client
        return super(Instance, self).client

    def note_created(self, ident):
        # The instances of a task wait together on the lead's clock.
        if self._shared is not None:
            return self._shared.note_created(ident)
        return super(Instance, self).note_created(ident)

    def plan_all_children(self, resource):
        # The NICs of a new instance are those of its creation request; IEC adds them asynchronously,
        # so comparing them right after the creation would add twins.
        if self.creating:
            return {}
        return super(Instance, self).plan_all_children(resource)

    # --- checks before any request ------------------------------------------------------------

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
        root = p["root_volume"]
        if root and not 40 <= root["size"] <= 100:
            self.fail("root_volume.size must be 40 to 100 GB; got %d." % root["size"])
        data = p["data_volumes"] or []
        if len(data) > 2:
            self.fail("data_volumes holds %d disks; an edge instance takes at most 2." % len(data))
        for i, vol in enumerate(data):
            if not 1 <= vol["size"] <= 500:
                self.fail("data_volumes[%d].size must be 1 to 500 GB; got %d." % (i, vol["size"]))
        if p["admin_pass"] is not None:
            problem = password_problem(p["admin_pass"])
            if problem:
                self.fail("admin_pass %s." % problem)
        if p["user_data"] is not None and len(encode_user_data(p["user_data"])) >= 65535:
            self.fail("user_data is %d characters once base64-encoded; IEC takes less than 65535."
                      % len(encode_user_data(p["user_data"])))
        pools, subnets = p["public_ip_pools"] or [], p["subnets"]
        if subnets is not None and len(pools) > len(subnets):
            self.fail("public_ip_pools names %d lines but the instance has %d NICs; IEC allows at most one "
                      "line per NIC." % (len(pools), len(subnets)))
        bw = p["bandwidth"] or {}
        lines = len(pools) or 1     # without public_ip_pools, the site's default line
        for option in ("ids", "bandwidth_types"):
            if bw.get(option) and len(bw[option]) != lines:
                self.fail("bandwidth.%s must give one entry per line of public_ip_pools (%d); got %d."
                          % (option, lines, len(bw[option])))

    def check_creatable(self, last=None):
        """Fails naming the options a creation lacks; with last, for a new set up to that member."""
        missing = [o for o in ("site", "flavor", "image", "vpc", "subnets", "root_volume") if not self.params[o]]
        if missing:
            if last:
                what = "Instances '%s' to '%s' do not exist; to create them" % (member_name(self.params["name"], 1), last)
            else:
                what = "Instance '%s' does not exist; to create it" % self.params["name"]
            self.fail("%s, give %s." % (what, ", ".join(missing)))
        self.check_references()

    def check_references(self):
        """What IEC would only refuse after the creation request, read with GETs before it (once per task):
        the subnets must be at the site, the key pair must exist in the domain, and the volume types must be
        IEC's and sold at the site."""
        if self.cache.get("references_checked"):
            return
        p = self.params
        site = self.resolve("site")
        site_name = (self.referenced("site", site) or {}).get("name") or p["site"]
        for value, ident in zip(p["subnets"], self.resolve("subnets")):
            at = (self.referenced("subnets", ident) or {}).get("site_id")
            if at and at != site:
                other = (self.referenced("site", at) or {}).get("name") or at
                self.fail("subnet '%s' is at site '%s', not at site '%s' (option site); give subnets of site '%s', "
                          "or create one there with huaweicloud.iec.subnet." % (value, other, p["site"], site_name))
        if p["key_name"] is not None:
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
        self.cache["references_checked"] = True

    def check_key_name(self):
        """Fails when key_name names no key pair of the domain (GET /v1/os-keypairs/{name})."""
        name = self.params["key_name"]
        try:
            self.client.get("/v1/os-keypairs/%s" % quote(name))
        except IecApiError as e:
            if e.status != 404:
                raise
            if self.check_mode:
                return  # a dry run: the key pair an earlier task creates (see resource.planned)
            self.fail("No key pair is named '%s' (option key_name); create it with huaweicloud.iec.keypair, or give "
                      "the name of a key pair of this account." % name)

    # --- find -----------------------------------------------------------------------------------

    def site_servers(self):
        """The instances at the site (one listing per task, read again after an ambiguous creation), without
        deleted ones."""
        # The look-up that follows an ambiguous creation (self.creating) must see IEC as it is now.
        if "servers" not in self.cache or self.creating:
            # IEC matches the name filter as a part of the name: the base name of a set lists all its members.
            query = {"site_id": self.resolve("site"), "name": self.base_name()}
            self.cache["servers"] = [s for s in self.list(query=query) if s.get("status") not in GONE]
        return self.cache["servers"]

    def base_name(self):
        """The name the task was given: that of the instance, or the base of a set's names."""
        return (self if self._shared is None else self._shared).params["name"]

    def find(self):
        self.doing = "look up"
        if self.params["id"]:
            server = self.get(self.params["id"])
            return None if server is None or server.get("status") in GONE else server
        matches = [s for s in self.site_servers() if s.get("name") == self.params["name"]]
        if not matches and not self.params["with_prefix"]:
            # Created by an earlier run whose rename did not happen (IEC prefixed the name and the task ended
            # before the instance was ACTIVE): that instance, renamed, rather than a twin.
            matches = [s for s in self.site_servers() if unprefixed(s.get("name"), self.params["name"])]
        if len(matches) > 1:
            self.fail("%d instances are named '%s' at site %s (ids: %s); set id to choose one." % (
                len(matches), self.params["name"], self.params["site"], ", ".join(m["id"] for m in matches)))
        return matches[0] if matches else None

    def vpc_of(self, server):
        ports = read_nics(self, server)
        if ports and ports[0]["subnet_id"]:
            subnet = self.client.get("/v1/subnets/%s" % quote(ports[0]["subnet_id"]))
            return (subnet.get("subnet") or subnet).get("vpc_id")
        return None

    def security_group_ids(self, server):
        wanted = self.resolve("security_groups")
        if wanted is not None:
            return wanted
        return [g["id"] for g in server.get("security_groups") or [] if g.get("id")]

    # --- create ---------------------------------------------------------------------------------

    def create(self):
        self.check_creatable()
        self.creating = True
        try:
            return super(Instance, self).create()
        finally:
            self.creating = False

    def create_body(self):
        p = self.params
        demand = {}
        if p["public_ip_pools"]:
            demand["pool_ids"] = list(p["public_ip_pools"])
        server = {
            "name": p["name"],
            "with_prefix": p["with_prefix"],
            "image_ref": self.resolve("image"),
            "flavor_ref": self.resolve("flavor"),
            "net_config": {"vpc_id": self.resolve("vpc"), "subnets": [{"id": s} for s in self.resolve("subnets")]},
            "root_volume": dict(p["root_volume"]),
            "count": 1,
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
            bw = dict((k, v) for k, v in (p["bandwidth"] or {}).items() if v is not None)
            bw["sharetype"] = "WHOLE"
            server["bandwidth"] = bw
        for option in ("key_name", "admin_pass"):
            if p[option] is not None:
                server[option] = p[option]
        if p["user_data"] is not None:
            server["user_data"] = encode_user_data(p["user_data"])
        return server

    def created(self, answer):
        ids = (answer or {}).get("server_ids") or []
        if not ids:
            raise IecApiError(status=202, method="POST", path=self.path,
                              message="IEC accepted the creation of instance '%s' but returned no server id"
                                      % self.params["name"])
        self.note_created(ids[0])
        # A new instance may answer 404 for a while (eventual consistency): it is known by its id all the same.
        server = self.get(ids[0]) or {"id": ids[0], "name": self.params["name"], "status": "BUILD"}
        self.created_now = True
        return server

    def later_updates(self, server):
        """What IEC takes only once the new instance is ACTIVE (it refuses updates while BUILD, IEC.010406):
        the description (the creation body has none) and the name when IEC prefixed it."""
        body = {}
        if self.params["description"] is not None and server.get("description") != self.params["description"]:
            body["description"] = self.params["description"]
        if not self.params["with_prefix"] and unprefixed(server.get("name"), self.params["name"]):
            body["name"] = self.params["name"]
        return body

    def finish_creation(self, server):
        """Sends later_updates() to an ACTIVE (or SHUTOFF) instance; answers the instance as it now is."""
        body = self.later_updates(server)
        if not body or server.get("status") not in ("ACTIVE", "SHUTOFF"):
            return server
        self.doing = "update"
        answer = self.extract(self.client.put(self.item_url(server["id"]), body={"server": body}))
        out = dict(server)
        out.update(answer if isinstance(answer, dict) and answer.get("id") else body)
        return out

    def on_adopt(self, resource):
        self.warn("The request creating instance '%s' got no clear answer, but the instance exists and was adopted."
                  % resource.get("name"))

    # --- update ---------------------------------------------------------------------------------

    def differences(self, current, options):
        out = super(Instance, self).differences(current, options)
        if not self.params["id"]:
            out.pop("name", None)   # the name is the identity: it renames only with id...
            if "name" in options and not self.params["with_prefix"] and unprefixed(current.get("name"), self.params["name"]):
                out["name"] = self.params["name"]   # ...or to drop the prefix IEC put in front of it
        return out

    def update(self, current):
        resource = super(Instance, self).update(current)
        image = self.resolve("image") if self.params["image"] else None
        wanted_name = (self.referenced("image", image) or {}).get("name") if image else None
        if image and image_differs(current, image, wanted_name):
            have = image_of(current) or image_name_of(current)
            image_label = "%s (%s)" % (wanted_name, image) if wanted_name else image
            if not self.params["rebuild"]:
                self.warn("Instance '%s' runs image %s, not %s; set rebuild: true to change its operating system "
                          "(the system disk is wiped). Nothing was changed for the image." % (
                              current.get("name"), have, image_label))
            else:
                resource = self.rebuild(current, resource, image)
        return resource

    def rebuild(self, current, resource, image):
        before = self.result["diff"]["before"] if self.result["changed"] else self.for_diff(current)
        would = copy.deepcopy(resource)
        would["image_id"] = image
        self.result["changed"] = True
        self.result["diff"] = dict(before=before, after=self.for_diff(would))
        if self.check_mode:
            return would
        self.doing = "rebuild"
        ident = current["id"]
        if self.params["key_name"] is not None:
            self.check_key_name()   # before the instance is stopped
        if resource.get("status") != "SHUTOFF":
            # IEC changes the OS of stopped instances only (IEC.010222): stop it and wait for SHUTOFF,
            # whatever wait says (wait is about the end of the task, not its steps).
            self.doing = "stop"
            self.client.post("/v1/cloudservers/action", body={"os-stop": {
                "servers": [{"id": ident}], "type": "HARD" if self.params["hard"] else "SOFT"}})
            done, failed = self.wait_status([ident], "SHUTOFF")
            if ident in failed:
                self.fail("Could not rebuild %s: it did not stop (%s)." % (
                    self.name_of(resource), fault_text(failed[ident]) if failed[ident] else "it disappeared"))
            resource = done[ident]
        self.doing = "rebuild"
        body = {"image_id": image}
        if self.params["key_name"] is not None:
            body["key_name"] = self.params["key_name"]
        if self.params["user_data"] is not None:
            body["metadata"] = {"user_data": encode_user_data(self.params["user_data"])}
        if self.params["admin_pass"] is not None:
            body["admin_pass"] = self.params["admin_pass"]
        self.client.post("/v1/cloudservers/%s/change-os" % quote(ident), body=body)
        self.cache["rebuilt"] = True
        return self.get(ident) or resource

    # --- power ----------------------------------------------------------------------------------

    def power(self, action, servers, target):
        """One batch request for every server, then wait for all of them together."""
        body = {"servers": [{"id": s["id"]} for s in servers]}
        if action in ("os-stop", "reboot"):
            body["type"] = "HARD" if self.params["hard"] else "SOFT"
        self.doing = {"os-stop": "stop", "os-start": "start", "reboot": "reboot"}[action]
        self.client.post("/v1/cloudservers/action", body={action: body})
        if not self.params["wait"]:
            return dict((s["id"], s) for s in servers), {}
        return self.wait_status([s["id"] for s in servers], target)

    def wait_status(self, idents, target):
        saved = self.waiter
        self.waiter = Wait(field="status", ready=(target,), failed=saved.failed, reason=saved.reason, gone=GONE)
        try:
            return self.wait_many(idents)
        finally:
            self.waiter = saved

    # --- delete ---------------------------------------------------------------------------------

    def delete(self, current):
        self.doing = "delete"
        self.client.post("/v1/cloudservers/delete", body={"servers": [{"id": current["id"]}]})

    # --- curation -------------------------------------------------------------------------------

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
            view["site_id"] = dig(resource, "geolocation.id") or self.resolved.get("site")
        if isinstance(view.get("flavor"), dict) is False and resource.get("flavor_ref"):
            view["flavor"] = {"id": resource["flavor_ref"]}
        view["volumes_attached"] = resource.get("os-extended-volumes:volumes_attached", view.get("volumes_attached"))
        if view.get("nics") is None and not is_planned(view.get("id")):
            # (A creation planned in check mode has no NICs to show yet: they are known after apply.)
            view["nics"] = nics_of(resource)
        return view


def nics_of(server):
    """The NICs of an instance from its addresses: one entry per port, with its fixed and public address."""
    nics = {}
    for vpc_id, addresses in sorted((server.get("addresses") or {}).items()):
        for a in addresses or []:
            port = a.get("OS-EXT-IPS:port_id")
            nic = nics.setdefault(port, {"port_id": port, "vpc_id": vpc_id, "mac_address": a.get("OS-EXT-IPS-MAC:mac_addr"),
                                         "ip_address": None, "public_ip_address": None})
            if a.get("OS-EXT-IPS:type") == "floating":
                nic["public_ip_address"] = a.get("addr")
            else:
                nic["ip_address"] = a.get("addr")
    return list(nics.values())


def image_name_of(server):
    return dig(server or {}, "metadata.image_name") or None


def image_differs(server, image_id, image_name):
    """Whether the instance runs another image; IEC may report only the image's name (metadata.image_name)."""
    have = image_of(server)
    if have:
        return have != image_id
    have_name = image_name_of(server)
    return bool(have_name and image_name and have_name != image_name)


class InstanceSet(object):
    """Runs one task over the instance(s) it names: creations first, then one shared wait, power changes
    in one batch request, deletions in one request; every instance is reported, also on failure."""

    def __init__(self, module, client=None):
        self.module = module
        self.params = module.params
        self.lead = Instance(module, client)
        self.result = dict(changed=False, diff=dict(before={}, after={}), instance={}, instances=[])

    def names(self):
        p = self.params
        if p["count"] is None:
            return [p["name"]]
        return [member_name(p["name"], i) for i in range(1, p["count"] + 1)]

    def engine(self, name):
        class View(object):
            pass
        view = View()
        view.params = dict(self.params, name=name, wait=False)
        view.check_mode = self.module.check_mode
        view.fail_json, view.warn = self.module.fail_json, self.module.warn
        return Instance(view, shared=self.lead)

    def run(self):
        lead = self.lead
        lead.doing = "read"
        try:
            lead.validate()
            if self.params["id"]:
                engines = [Instance(self.module, shared=lead)]
                engines[0].params = dict(self.params, wait=False)
            else:
                engines = [self.engine(n) for n in self.names()]
            if self.params["state"] == "absent":
                self.absent(engines)
            else:
                self.present(engines)
        except ReferenceGone as e:
            self.result["msg"] = e.message
        except IecApiError as e:
            # The instance being created or updated when IEC refused, else the task's own step.
            engine = getattr(self, "active", None) or lead
            lead.fail("Could not %s %s: %s" % (getattr(engine, "doing", lead.doing), engine.name_of(), e),
                      error=e.to_dict(), **self.report())
        except IecError as e:
            lead.fail(str(e), error=e.to_dict(), **self.report())
        self.module.exit_json(**self.finish())

    def report(self):
        servers = [s for s in self.servers if s] if hasattr(self, "servers") else []
        curated = [self.lead.curate(s) for s in servers]
        return dict(instances=curated, instance=curated[0] if curated else {})

    def note(self, engine, before, after):
        if engine.result["changed"]:
            self.result["changed"] = True
        self.befores.append(before)
        self.afters.append(after)

    def finish(self):
        self.result.update(self.report())
        if self.params["count"] is None:
            before, after = (self.befores or [{}])[0], (self.afters or [{}])[0]
        else:
            before = dict((b.get("name"), b) for b in self.befores if b)
            after = dict((a.get("name"), a) for a in self.afters if a)
        self.result["diff"] = dict(before=before, after=after)
        return self.result

    def present(self, engines):
        lead, check = self.lead, self.module.check_mode
        self.servers, self.befores, self.afters = [], [], []
        for engine in engines:
            engine.current = engine.find()
            if engine.current is None and self.params["id"]:
                lead.fail("No instance has the id '%s'." % self.params["id"])
        if len(engines) > 1 and all(e.current is None for e in engines):
            # A whole new set is one request, as IEC intends count for: its quota check covers all of
            # them, and it names them <name>-0001 ... itself.
            self.create_batch(engines)
        for engine in engines:
            if not hasattr(engine, "settled"):
                self.active = engine
                engine.settled = engine.create() if engine.current is None else engine.update(engine.current)
                self.active = None
            self.servers.append(engine.settled)
        if self.params["count"] is not None:
            self.drop_extras(engines)
        # Creations, updates and rebuilds settle together.
        unsettled = [e for e in engines if e.result["changed"] and not check]
        # What IEC takes only once a new instance is ACTIVE (description, a prefixed name): wait for those
        # instances whatever wait says, then send it.
        later = [e for e in unsettled if e.created_now and e.later_updates(e.settled)]
        waiting = unsettled if self.params["wait"] else later
        if waiting:
            done, failed = self.wait_active([e.settled["id"] for e in waiting])
            self.refresh(engines, done, failed)
        # Read again after the wait: the name IEC gave is known once the instance shows.
        for engine in [e for e in waiting if e.created_now]:
            self.active = engine
            engine.settled = engine.finish_creation(engine.settled)
            self.active = None
        self.servers = [e.settled for e in engines]
        for engine in engines:
            # In check mode the result shows each instance as it is; what would change is in diff.after.
            planned = engine.result["diff"]["after"] if check and engine.result["changed"] else None
            engine.would = planned or engine.for_diff(engine.settled)
        self.power_states(engines)
        for engine in engines:
            self.note(engine, engine.for_diff(engine.current), engine.would)

    def create_batch(self, engines):
        lead, check = self.lead, self.module.check_mode
        lead.check_creatable(last=engines[-1].params["name"])
        lead.doing = "create"
        body = lead.create_body()
        body["count"] = len(engines)
        for engine in engines:
            engine.result["changed"] = True
            engine.settled = dict(body, name=engine.params["name"], count=1)
            if check:
                engine.settled["id"] = planned("instance", engine.params["name"])
            if self.params["description"] is not None:
                engine.settled["description"] = self.params["description"]
        if check:
            return
        answer = self.post_batch(body, engines)
        if answer is None:
            return
        ids = (answer or {}).get("server_ids") or []
        for ident in ids:
            lead.note_created(ident)
        # The instances are those of the ids IEC answered, never others found by name. A member is matched by
        # its name (with or without IEC's prefix) when IEC shows it already, else by the order of the ids,
        # which is that of the names IEC gives (<name>-0001 first): a new instance may answer 404 for a while.
        by_name = dict((e.params["name"], e) for e in engines)
        readings, unclaimed = [], list(engines)
        for ident in ids:
            server = lead.get(ident)
            name = (server or {}).get("name")
            engine = by_name.get(name) or next((e for n, e in by_name.items() if unprefixed(name, n)), None)
            if engine in unclaimed:
                unclaimed.remove(engine)
            else:
                engine = None
            readings.append((ident, server, engine))
        for ident, server, engine in readings:
            if engine is None:
                if not unclaimed:
                    continue
                engine = unclaimed.pop(0)
            engine.settled = server or {"id": ident, "name": engine.params["name"], "status": "BUILD"}
            engine.created_now = True
        lost = [e.params["name"] for e in engines if not e.settled.get("id")]
        if lost:
            self.servers = [e.settled for e in engines if e.settled.get("id")]
            lead.fail("IEC created %d instances but none is named %s; they were left as they are." % (
                len(ids), ", ".join(lost)), changed=True, **self.report())

    def post_batch(self, body, engines):
        """POSTs the creation of a whole set and answers IEC's answer, or None when an ambiguous failure was
        resolved by reading the site again: members found there are adopted (IEC creates all of a request or
        none of it) and those missing are left to present(), which creates them one by one. When none is
        there the request is sent again, at most api_retries times, never without that look-up."""
        lead = self.lead
        resends = lead.resend_limit()
        while True:
            try:
                return lead.client.post(lead.path, body={"server": body})
            except IecApiError as e:
                if not e.ambiguous:
                    raise
                lead.doing = "look up"
                lead.cache.pop("servers", None)
                found = [(engine, engine.find()) for engine in engines]
                lead.doing = "create"
                if any(server for _engine, server in found):
                    for engine, server in found:
                        if server is None:
                            del engine.settled
                        else:
                            engine.settled = server
                            engine.on_adopt(server)
                    return None
                if resends <= 0:
                    raise
                resends -= 1

    def wait_active(self, idents):
        # A rebuilt instance may settle stopped; ACTIVE or SHUTOFF both end a rebuild.
        lead = self.lead
        saved = lead.waiter
        lead.waiter = Wait(field="status", ready=("ACTIVE", "SHUTOFF"), failed=saved.failed, reason=saved.reason,
                           gone=GONE)
        try:
            return lead.wait_many(idents)
        finally:
            lead.waiter = saved

    def refresh(self, engines, done, failed):
        for engine in engines:
            ident = engine.settled.get("id")
            if ident in done:
                engine.settled = merged(engine.settled, done[ident])
            elif ident in failed:
                engine.settled = merged(engine.settled, failed[ident] or {"status": "DELETED"})
        self.servers = [e.settled for e in engines]
        if failed:
            reasons = []
            for engine in engines:
                if engine.settled.get("id") in failed:
                    server = failed[engine.settled["id"]]
                    fault = fault_text(server) if server else "it disappeared"
                    reasons.append("'%s' (%s) is %s: %s" % (
                        engine.settled.get("name"), engine.settled.get("id"), (server or {}).get("status", "gone"), fault))
            self.lead.fail("%d of %d instances failed: %s." % (len(failed), len(engines), "; ".join(reasons)),
                           changed=True, **self.report())

    def power_states(self, engines):
        state = self.params["state"]
        if state not in POWER:
            return
        target = POWER[state]
        if state == "restarted":
            todo = list(engines)
            action = "reboot"
        elif state == "started":
            todo = [e for e in engines if e.settled.get("status") != "ACTIVE"]
            action = "os-start"
        else:
            todo = [e for e in engines if e.settled.get("status") != "SHUTOFF"]
            action = "os-stop"
        if self.module.check_mode and state != "restarted":
            # A new instance in check mode would be created running.
            todo = [e for e in todo if not (e.current is None and state == "started")]
        if not todo:
            return
        self.result["changed"] = True
        for engine in todo:
            engine.result["changed"] = True
            if self.module.check_mode:
                engine.would = dict(engine.would, status=target)
        if self.module.check_mode:
            return
        done, failed = self.lead.power(action, [e.settled for e in todo], target)
        self.refresh(engines, done, failed)

    def drop_extras(self, engines):
        lead = self.lead
        extras = [s for n, s in members_of(lead.site_servers(), self.params["name"]) if n > self.params["count"]]
        if not extras:
            return
        self.result["changed"] = True
        for server in extras:
            self.befores.append(lead.for_diff(server))
        if not self.module.check_mode:
            lead.doing = "delete"
            lead.client.post("/v1/cloudservers/delete", body={"servers": [{"id": s["id"]} for s in extras]})
            if self.params["wait"]:
                lead.wait_many([s["id"] for s in extras], absent=True)

    def absent(self, engines):
        lead = self.lead
        self.befores, self.afters = [], []
        if self.params["count"] is None:
            found = [s for s in (e.find() for e in engines) if s]
        else:
            # The whole set, whatever count says: a set is deleted without knowing how large it grew.
            found = [s for _n, s in members_of(lead.site_servers(), self.params["name"])]
        self.servers = found
        if not found:
            return
        self.result["changed"] = True
        self.befores = [lead.for_diff(s) for s in found]
        if self.module.check_mode:
            return
        lead.doing = "delete"
        lead.client.post("/v1/cloudservers/delete", body={"servers": [{"id": s["id"]} for s in found]})
        if self.params["wait"]:
            lead.wait_many([s["id"] for s in found], absent=True)


def merged(old, new):
    out = dict(old or {})
    out.update(new or {})
    return out


def fault_text(server):
    fault = server.get("fault")
    if isinstance(fault, dict):
        return fault.get("message") or fault.get("details") or str(fault)
    return fault or "IEC gave no reason"


def main():
    module = IecModule(
        argument_spec=dict(
            name=dict(type="str"),
            id=dict(type="str"),
            site=dict(type="str"),
            flavor=dict(type="str"),
            image=dict(type="str"),
            rebuild=dict(type="bool", default=False),
            vpc=dict(type="str"),
            subnets=dict(type="list", elements="str"),
            security_groups=dict(type="list", elements="str"),
            root_volume=dict(type="dict", options=dict(size=dict(type="int", required=True),
                                                       volume_type=dict(type="str", required=True))),
            data_volumes=dict(type="list", elements="dict", options=dict(size=dict(type="int", required=True),
                                                                         volume_type=dict(type="str", required=True))),
            public_ip_pools=dict(type="list", elements="str"),
            bandwidth=dict(type="dict", options=dict(size=dict(type="int"), ids=dict(type="list", elements="str"),
                                                     bandwidth_types=dict(type="list", elements="str"))),
            key_name=dict(type="str", no_log=False),
            admin_pass=dict(type="str", no_log=True),
            user_data=dict(type="str", no_log=True),
            description=dict(type="str"),
            with_prefix=dict(type="bool", default=False),
            count=dict(type="int"),
            state=dict(type="str", default="present", choices=["present", "started", "stopped", "restarted", "absent"]),
            hard=dict(type="bool", default=False),
            wait=dict(type="bool", default=True),
            wait_timeout=dict(type="int", default=900),
        ),
        required_one_of=[("name", "id")],
        mutually_exclusive=[("admin_pass", "key_name")],
        supports_check_mode=True,
    )
    InstanceSet(module).run()


if __name__ == "__main__":
    main()
