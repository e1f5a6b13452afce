# -*- coding: utf-8 -*-
# Copyright (c) 2025, huaweicloud.iec contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Groups of module options that more than one module takes, each written once.

- strings(): plain text options (names, descriptions, references by name or id), one per name;
- image_filters(): the list filters of images (image_info) and of cloud images (cloud_image_info), with the query
  parameter each one is sent as;
- security_group_rule_options(): the fields of one security group rule (the rules of security_group, and
  security_group_rule);
- site_filters(): where a site is (area, province, city) and its carriers, as site_info and flavor_info filter;
- comma_joined(): the list query of list options IEC takes as one comma-separated value;
- volume_options() and address_pair_options(): a disk, and an allowed address pair, as instance, port and an edge
  service's stack take them.

Each is an argument spec fragment in AnsibleModule's form; the modules document the options themselves.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

from ansible_collections.huaweicloud.iec.plugins.module_utils import catalog

# Filters of both image lists: option -> (query parameter, option spec). IEC sorts either list by sort_key.
_IMAGE_FILTERS = (
    ("id", "id", dict(type="str")),
    ("name", "name", dict(type="str")),
    ("owner", "owner", dict(type="str")),
    ("image_type", "__imagetype", dict(type="str", choices=["gold", "private"])),
    ("visibility", "visibility", dict(type="str", choices=["public", "private"])),
    ("status", "status", dict(type="str", choices=["active", "saving", "killed", "deleted"])),
    ("os_type", "__os_type", dict(type="str", choices=["Linux", "Windows", "Other"])),
    ("is_registered", "__isregistered", dict(type="bool")),
    ("protected", "protected", dict(type="bool")),
    ("virtual_env_type", "virtual_env_type", dict(type="str")),
)
_IMAGE_SORTING = (
    ("sort_key", "sort_key", dict(type="str", choices=["name", "status", "disk_format", "created_at"])),
    ("sort_dir", "sort_dir", dict(type="str", choices=["asc", "desc"])),
)

CARRIERS = ["chinamobile", "chinaunicom", "chinatelecom"]


def image_filters(kind, **options):
    """The argument spec and list query (option -> query parameter) of an image list module.

    kind is the catalog's 'image' or 'cloud_image': its list API's filters (catalog.py) say which of the shared
    filters it takes and which hardware flags: each ``__support_<x>`` parameter is the option ``support_<x>``, a
    boolean but for the GPU types. options are the module's own options (region, id), first in the spec.
    """
    taken = catalog.kind(kind).filters
    spec, query = dict(options), {}
    for option, param, option_spec in _IMAGE_FILTERS:
        if param in taken:
            spec[option], query[option] = copy.deepcopy(option_spec), param
    for param in taken:
        if param.startswith("__support_"):
            option = param[len("__"):]
            spec[option] = dict(type="str" if param.endswith("_gpu_type") else "bool")
            query[option] = param
    for option, param, option_spec in _IMAGE_SORTING:
        spec[option], query[option] = copy.deepcopy(option_spec), param
    return spec, query


def strings(*names):
    """Options of type str, one per name: the text options and the references by name or id most modules take."""
    return dict((name, dict(type="str")) for name in names)


def security_group_rule_options(required=(), **options):
    """The fields of one security group rule as options (those named in required are required), then options."""
    spec = dict(
        direction=dict(type="str", choices=["ingress", "egress"]),
        ethertype=dict(type="str", choices=["IPv4", "IPv6"]),
        port_range_min=dict(type="int"),
        port_range_max=dict(type="int"),
        action=dict(type="str", choices=["allow", "deny"]),
        priority=dict(type="int"),
        **strings("protocol", "remote_ip_prefix", "remote_group", "description"),
    )
    for name in required:
        spec[name]["required"] = True
    spec.update(options)
    return spec


def site_filters(**options):
    """options, then the filters by where a site is and by its carriers, each a list (any of the values)."""
    spec = dict(options)
    spec.update(
        area=dict(type="list", elements="str"),
        province=dict(type="list", elements="str"),
        city=dict(type="list", elements="str"),
        operator=dict(type="list", elements="str", choices=CARRIERS),
    )
    return spec


def comma_joined(*options):
    """list_query entries (resource.IecInfo) for list options sent as one comma-separated value of the same name."""
    return dict((option, (option, ",".join)) for option in options)


def volume_options():
    """A disk: its size (GB) and type; the root_volume and data_volumes of instance and of an edge service's stack."""
    return dict(size=dict(type="int", required=True), volume_type=dict(type="str", required=True))


def address_pair_options():
    """One allowed address pair of a port (port, and the instances of an edge service's stack)."""
    return dict(ip_address=dict(type="str", required=True), mac_address=dict(type="str"))
