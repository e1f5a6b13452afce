# -*- coding: utf-8 -*-
# Copyright (c) 2025, huaweicloud.iec contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The catalog of IEC resources: every fact about a kind of resource that more than one place needs, written once.

For each kind: where its collection is (path) and one item (item_path), which key of an answer holds one item
(item_key) or the list (list_key), which request wrapper a create or update body uses (envelope), its id and
name fields, how its list pages, which query parameters its list API filters by, which fields hold secrets, the
words of messages (label) and the kind's name in the look-ups (lookup, aliases).

Readers: the client (pagination_for), the resource engine (a module declares kind = 'vpc'), references between
modules (ref()), the look-ups and the inventory (inventory_helpers.RESOURCE_KINDS, SECRET_FIELDS), and the
shared views of answers (server_addresses(), server_nics()). Everything here is data checked against the API
specification by tests/unit/plugins/module_utils/test_catalog.py.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import collections


FIELDS = ("name", "path", "label", "list_key", "item_key", "envelope", "id_key", "name_key", "item_path", "show",
          "paging", "filters", "secrets", "lookup", "aliases")


class Kind(collections.namedtuple("Kind", FIELDS, defaults=(None, None, None, "id", "name", "{path}/{id}", True,
                                                            None, (), (), None, ()))):
    """One kind of IEC resource; see the module docstring for the fields.

    paging: (mode, max page size, key of the total in the answer) as the client pages: mode 'offset' (offset
    counts items, from 0), 'page' (offset counts pages, from 1) or 'marker' (the last id seen); None when the
    list does not page; the modes and the largest pages come from the limit/offset/marker query parameters of
    the API reference (list_bandwidth_types states no maximum in the seed; the SDK gives 0-1000).
    filters: query parameters the list API filters by (paging and sorting aside).
    show: whether IEC reads one item by id (GET item_path); sites, flavors, deployment plans and cloud images, for
    instance, are only listed (an info module then filters the list by id).
    """

    __slots__ = ()

    def declaration(self):
        """The engine's declaration attributes this kind stands for (see _Base in resource.py)."""
        return dict(path=self.path, item_path=self.item_path, list_key=self.list_key, response_key=self.item_key,
                    envelope=self.envelope, id_key=self.id_key, label=self.label)

    def __repr__(self):
        return "Kind(%r)" % self.name


OFFSET = ("offset", 1000, "count")
PAGE = ("page", 1000, "count")

KINDS = (
    Kind("site", "/v1/sites", "site", show=False, list_key="sites", paging=OFFSET,
         filters=("id", "area", "province", "city", "flavor", "volume_type"), lookup="sites"),
    Kind("flavor", "/v1/cloudservers/flavors", "flavor", show=False, list_key="flavors", paging=PAGE,
         filters=("id", "name", "area", "province", "city", "operator", "site_ids"), lookup="flavors"),
    Kind("image", "/v1/images", "image", list_key="images", paging=("offset", 500, "total"),
         filters=("id", "name", "status", "visibility", "protected", "virtual_env_type", "__imagetype", "__os_type",
                  "__isregistered", "__support_arm", "__support_kvm", "__support_amd", "__support_gpu_t4",
                  "__support_kvm_gpu_type", "__support_kvm_ascend_310", "__support_kvm_hi1822_hiovs"),
         lookup="images"),
    Kind("cloud_image", "/v1/cloudimages/{region_id}", "cloud image", show=False, list_key="images",
         paging=("marker", 500, None),
         filters=("id", "name", "owner", "status", "visibility", "protected", "virtual_env_type", "__imagetype",
                  "__os_type", "__isregistered", "__support_kvm", "__support_kvm_gpu_type", "__support_kvm_infiniband",
                  "__support_diskintensive", "__support_highperformance", "__support_largememory", "__support_xen",
                  "__support_xen_gpu_type", "__support_xen_hana")),
    Kind("instance", "/v1/cloudservers", "instance", list_key="servers", item_key="server", envelope="server",
         paging=PAGE, filters=("id", "name", "status", "site_id", "area", "province", "city", "edgecloud_id"),
         secrets=("OS-EXT-SRV-ATTR:user_data", "user_data", "admin_pass", "adminPass"), lookup="instances",
         aliases=("servers", "cloudservers")),
    Kind("edgecloud", "/v1/edgeclouds", "edge cloud", list_key="edgeclouds", envelope="edgecloud", paging=OFFSET,
         filters=("id", "name"), secrets=("user_data", "password"), lookup="edge_clouds",
         aliases=("edge_cloud", "edgeclouds", "edge_services")),
    Kind("deployment", "/v1/deployments", "deployment plan", show=False, list_key="deployments",
         envelope="edgecloud", paging=OFFSET, filters=("id", "edgecloud_id", "status"),
         secrets=("user_data", "password"), lookup="deployments"),
    Kind("vpc", "/v1/vpcs", "VPC", list_key="vpcs", item_key="vpc", envelope="vpc", paging=OFFSET,
         filters=("id", "name"), lookup="vpcs"),
    Kind("subnet", "/v1/subnets", "subnet", list_key="subnets", item_key="subnet", envelope="subnet", paging=OFFSET,
         filters=("site_id", "vpc_id"), lookup="subnets"),
    Kind("port", "/v1/ports", "port", list_key="ports", item_key="port", envelope="port", paging=OFFSET,
         filters=("id", "name", "network_id", "device_id", "device_owner", "status", "mac_address", "admin_state_up",
                  "security_groups", "fixed_ips"), lookup="ports"),
    Kind("security_group", "/v1/security-groups", "security group", list_key="security_groups",
         item_key="security_group", envelope="security_group", paging=OFFSET, lookup="security_groups",
         aliases=("security-groups",)),
    Kind("security_group_rule", "/v1/security-group-rules", "security group rule", list_key="security_group_rules",
         item_key="security_group_rule", envelope="security_group_rule", paging=OFFSET,
         filters=("security_group_id",), lookup="security_group_rules", aliases=("security-group-rules",)),
    Kind("network_acl", "/v1/firewalls", "network ACL", list_key="firewalls", item_key="firewall", envelope="firewall",
         paging=OFFSET, filters=("id", "name"), lookup="network_acls", aliases=("firewalls",)),
    Kind("route_table", "/v1/routetables", "route table", list_key="routetables", item_key="routetable",
         envelope="routetable", paging=OFFSET, filters=("id", "name", "vpc_id"), lookup="route_tables",
         aliases=("routetables",)),
    Kind("public_ip", "/v1/publicips", "public IP", list_key="publicips", item_key="publicip", envelope="publicip",
         paging=OFFSET, filters=("site_id", "port_id"), lookup="public_ips", aliases=("publicips", "eips")),
    Kind("bandwidth", "/v1/bandwidths", "bandwidth", list_key="bandwidths", item_key="bandwidth",
         envelope="bandwidth", paging=OFFSET, filters=("site_id",), lookup="bandwidths"),
    Kind("bandwidth_type", "/v1/share-bandwidth-types", "bandwidth type", show=False,
         list_key="share_bandwidth_types", paging=OFFSET, filters=("site_id", "bandwidth_type"),
         lookup="bandwidth_types", aliases=("share-bandwidth-types",)),
    Kind("volume", "/v1/cloudvolumes", "volume", list_key="volumes", item_key="volume", paging=OFFSET,
         filters=("name", "status"), lookup="volumes", aliases=("cloudvolumes",)),
    Kind("volume_type", "/v1/cloudvolumes/volume-types", "volume type", show=False, list_key="volume_types",
         lookup="volume_types"),
    # A key pair's name is its id; its list answer is the array itself.
    Kind("keypair", "/v1/os-keypairs", "key pair", id_key="name", paging=("offset", 1000, None), filters=("name",),
         secrets=("private_key",), lookup="keypairs", aliases=("os-keypairs",)),
    Kind("quota", "/v1/edgeclouds/quotas", "quota", show=False, list_key="quotas"),
    Kind("metric", "/v1/batch-query-metric-data", "metric", show=False),
)

BY_NAME = dict((k.name, k) for k in KINDS)


def kind(name):
    """The Kind of that name ('vpc'); KeyError names the known ones."""
    if name not in BY_NAME:
        raise KeyError("IEC resource kind %r is not in the catalog (known: %s)" % (name, ", ".join(sorted(BY_NAME))))
    return BY_NAME[name]


def ref(name, field, label=None, query=None):
    """A reference option naming a resource of kind name (by name or id), sent to IEC in field.

    Built from the catalog: where the candidates are listed, their id and name fields and the words of messages.
    """
    # resource.py reads the catalog, so Ref is imported when a module first builds one.
    from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import Ref
    entry = kind(name)
    return Ref(entry.path, entry.list_key, field, label=label or entry.label, name_key=entry.name_key,
               id_key=entry.id_key, query=query)


def pagination():
    """List path (a template for cloud images) -> (mode, max page size, count key), for the client."""
    return dict((k.path, k.paging) for k in KINDS if k.paging)


# Fields of API answers that hold secrets: user data (cloud-init often carries credentials), passwords and
# private keys, at any depth. IEC lists return user data (an instance's OS-EXT-SRV-ATTR:user_data, a deployment's
# resource_opts.user_data) to anyone who can list.
SECRET_FIELDS = frozenset(field for k in KINDS for field in k.secrets)


def lookup_kinds():
    """Look-up name ('vpcs') -> Kind, for the kinds the look-ups and the inventory list."""
    return dict((k.lookup, k) for k in KINDS if k.lookup)


def lookup_aliases():
    """Other spellings of the look-up names: the kind's own name ('vpc') and the API's names ('firewalls')."""
    aliases = {}
    for k in KINDS:
        if k.lookup:
            for alias in (k.name,) + k.aliases:
                if alias != k.lookup:
                    aliases[alias] = k.lookup
    return aliases


# --- shared views of answers -----------------------------------------------------------------------------


def server_addresses(server):
    """An instance's addresses, one flat entry per address (addr, version, type fixed/floating, network_id,
    mac_addr, port_id), in the order of the networks' ids."""
    found = []
    for network_id, entries in sorted(((server or {}).get("addresses") or {}).items()):
        for entry in entries or []:
            found.append({
                "addr": entry.get("addr"),
                "version": str(entry.get("version", "")),
                "type": entry.get("OS-EXT-IPS:type"),
                "network_id": network_id,
                "mac_addr": entry.get("OS-EXT-IPS-MAC:mac_addr"),
                "port_id": entry.get("OS-EXT-IPS:port_id"),
            })
    return found


def server_nics(server):
    """An instance's NICs: one entry per port (port_id, vpc_id, mac_address, ip_address, public_ip_address)."""
    nics = {}
    for address in server_addresses(server):
        nic = nics.setdefault(address["port_id"], {"port_id": address["port_id"], "vpc_id": address["network_id"],
                                                   "mac_address": address["mac_addr"], "ip_address": None,
                                                   "public_ip_address": None})
        nic["public_ip_address" if address["type"] == "floating" else "ip_address"] = address["addr"]
    return list(nics.values())
