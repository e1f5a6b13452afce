# -*- coding: utf-8 -*-
# Copyright: Huawei Cloud IEC Ansible contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: iec
short_description: Edge instances of Huawei Cloud IEC as a dynamic inventory
version_added: 1.0.0
description:
  - Lists the edge instances of a Huawei Cloud Intelligent EdgeCloud (IEC) account at every site
    (C(GET /v1/cloudservers)) and makes each one a host.
  - Hosts are grouped by site, city, province, area, carrier (operator), edge service (edge cloud),
    status and flavor, and can be grouped further with O(groups) and O(keyed_groups).
  - Reads a YAML configuration file whose name ends with C(.iec.yml) or C(.iec.yaml).
  - Uses the same client and connection options as the modules of this collection. Every connection
    option can also come from an environment variable, which is how AWX and Ansible Automation
    Platform credential types inject them into an inventory source.
  - Pages are fetched at the largest size the API allows, all but the first one concurrently, so
    10,000 instances take ten listing requests.
author:
  - Huawei Cloud IEC Ansible contributors (@huaweicloud)
extends_documentation_fragment:
  - huaweicloud.iec.connection.PLUGINS
  - constructed
  - inventory_cache
options:
  plugin:
    description: Marks this file as a configuration of the P(huaweicloud.iec.iec#inventory) plugin.
    type: str
    required: true
    choices: [huaweicloud.iec.iec]
  filters:
    description:
      - Server-side filters applied to every listing, as query parameters of C(GET /v1/cloudservers).
      - "Keys: V(status), V(site_id), V(area), V(province), V(city), V(edgecloud_id), V(name), V(id)."
      - The API folds transitional states into V(status); for example V(ACTIVE) also returns instances
        that are rebooting or migrating.
    type: dict
    default: {}
  include_filters:
    description:
      - Additional listings whose instances are added to the inventory. Each entry is a dictionary
        of the same keys as O(filters), combined with O(filters); an instance matching any entry is
        included.
      - When given, only the instances matching at least one entry are listed. Each entry costs one
        listing of its own.
    type: list
    elements: dict
    default: []
  exclude_filters:
    description:
      - Listings whose instances are removed from the inventory, even when O(include_filters)
        matched them. Each entry is a dictionary of the same keys as O(filters), combined with
        O(filters), and costs one listing of its own.
    type: list
    elements: dict
    default: []
  hostnames:
    description:
      - How a host is named, as a list of preferences; the first one that gives a non-empty value
        for an instance wins.
      - "An entry is a field: V(name), V(id), V(host_name) (the guest host name), V(private_ipv4),
        V(public_ipv4), V(private_ipv6), V(public_ipv6); or a Jinja2 template over the host variables
        (with their O(hostvars_prefix)), for example V({{ iec_name }}.{{ iec_city }})."
      - When several instances would get the same name, none of them gets it; each is listed under
        its instance id instead and a warning names them. A host is never silently overwritten.
    type: list
    elements: str
    default: [name, id]
  connect_with:
    description:
      - Which address becomes C(ansible_host).
      - "An instance without that address is still listed, without C(ansible_host), and one warning
        names the hosts concerned. Use O(compose) for a fallback such as
        C(ansible_host: iec_public_ipv4 | default(iec_private_ipv4))."
      - V(none) leaves C(ansible_host) unset.
    type: str
    default: public_ipv4
    choices: [public_ipv4, private_ipv4, public_ipv6, private_ipv6, name, host_name, none]
  hostvars_prefix:
    description:
      - Prefix of the host variables that come from IEC, so that they cannot clash with Ansible's own
        variables. C(ansible_host) is never prefixed.
    type: str
    default: iec_
  group:
    description: The group every host of this inventory source belongs to.
    type: str
    default: iec
  default_groups:
    description:
      - Which default groups to build. A host joins C(<group_prefix><kind>_<value>), for example
        C(iec_city_changsha), C(iec_operator_chinaunicom), C(iec_status_active).
      - The site group uses the site name when O(resolve_sites) is true, else the site id; the edge
        cloud group uses the edge service name when there is one.
      - Values are lower-cased and characters other than letters, digits and C(_) become C(_).
    type: list
    elements: str
    default: [site, city, province, area, operator, edgecloud, status, flavor]
    choices: [site, city, province, area, operator, edgecloud, status, flavor]
  group_prefix:
    description: Prefix of the default group names.
    type: str
    default: iec_
  resolve_sites:
    description:
      - List the sites once (C(GET /v1/sites), one request) to add the site name and its carriers to
        each host.
      - Set to V(false) to save that request when site ids are enough.
    type: bool
    default: true
  strict_sites:
    description:
      - IEC answers with C(err_sites) when some sites could not be queried, so the list is partial.
      - With V(false), a warning names those sites and the inventory holds what was returned.
      - With V(true), the inventory fails instead, so that a job never runs against a partial fleet.
    type: bool
    default: false
  workers:
    description:
      - How many pages are fetched at the same time. Bounded so that a large fleet does not trip the
        API's rate limit.
    type: int
    default: 4
"""

EXAMPLES = r"""
# Four inventory files, one per example; each is a file of its own.

# 1. inventory.iec.yml: every instance, credentials from HUAWEICLOUD_SDK_AK / _SK / _DOMAIN_ID.
plugin: huaweicloud.iec.iec

# 2. service.iec.yml: running instances of one edge service in South China, reached on their private address,
# named after the instance and falling back to the id.
plugin: huaweicloud.iec.iec
filters:
  status: ACTIVE
  area: south
  edgecloud_id: 528cb435-4988-11eb-8603-fa1640aee23e
connect_with: private_ipv4
hostnames:
  - name
  - id

# 3. cities.iec.yml: two cities, without the instances still being built; constructed groups and variables.
plugin: huaweicloud.iec.iec
include_filters:
  - city: changsha
  - city: zhongshan
exclude_filters:
  - status: BUILD
compose:
  ansible_host: iec_public_ipv4 | default(iec_private_ipv4)
  ansible_user: "'root'"
groups:
  big: iec_flavor.vcpus >= 8
keyed_groups:
  - key: iec_image_name
    prefix: image
  - key: iec_tag_values.env | default('none')
    prefix: env

# 4. cached.iec.yml: cached for an hour; a partial answer from IEC fails the run.
plugin: huaweicloud.iec.iec
strict_sites: true
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: ~/.cache/iec-inventory
cache_timeout: 3600
"""

import difflib
import functools
import re

import jinja2
from jinja2 import meta as jinja2_meta
from ansible.errors import AnsibleError, AnsibleParserError
from ansible.module_utils.common.text.converters import to_native
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable
from ansible.template import Templar
from ansible.utils.vars import combine_vars

try:  # ansible-core 2.19 and later: the template engine behind Templar
    from ansible._internal._templating._engine import TemplateEngine as _TemplateEngine
except ImportError:  # ansible-core 2.16 to 2.18
    _TemplateEngine = None

from ansible_collections.huaweicloud.iec.plugins.module_utils.client import IecClient, IecError
from ansible_collections.huaweicloud.iec.plugins.module_utils import catalog
from ansible_collections.huaweicloud.iec.plugins.module_utils.inventory_helpers import client_options, without_secrets
from ansible_collections.huaweicloud.iec.plugins.module_utils.normalize import as_int

INSTANCES = catalog.kind("instance")
SITES = catalog.kind("site")
FILTER_KEYS = INSTANCES.filters
FIELD_HOSTNAMES = ("name", "id", "host_name", "private_ipv4", "public_ipv4", "private_ipv6", "public_ipv6")
# Names through which an expression reads variables it does not name: such an expression gets them all.
INDIRECT_NAMES = frozenset(("vars", "hostvars", "lookup", "query", "q"))
# How many host names a warning spells out before it summarises the rest.
WARN_NAMES = 10

_UNSAFE = re.compile(r"[^a-z0-9_]+")


def group_part(value):
    return _UNSAFE.sub("_", str(value).lower()).strip("_")


def _tag_values(tags):
    """IEC keeps placement as C(key=value) strings in C(tags) (area, operator, edgecloud, ...)."""
    values = {}
    for tag in tags or []:
        if isinstance(tag, str) and "=" in tag:
            key, value = tag.split("=", 1)
            values[key] = value
    return values


def _first(addresses, kind, version):
    for entry in addresses:
        if entry["type"] == kind and entry["version"] == version and entry["addr"]:
            return entry["addr"]
    return None


def instance_record(server, sites):
    """Turn one server of C(GET /v1/cloudservers) into the host variables, without prefix.

    C(sites) maps site id to the site of C(GET /v1/sites); it may be empty. The instance itself
    carries its site in C(geolocation) (whose id is the site id) and its placement in C(tags).
    """
    tags = server.get("tags") or []
    tag_values = _tag_values(tags)
    geo = server.get("geolocation") or {}
    site_id = geo.get("id") or tag_values.get("site_id") or tag_values.get("site")
    site = sites.get(site_id) or {}
    operators = sorted({(pool.get("operator") or {}).get("name") for pool in site.get("pools") or []} - {None})
    operator = tag_values.get("operator") or (operators[0] if len(operators) == 1 else None)
    metadata = without_secrets(server.get("metadata") or {})
    flavor = dict(server.get("flavor") or {})
    for key in ("vcpus", "ram", "disk"):
        if key in flavor:
            flavor[key] = as_int(flavor[key])
    addresses = catalog.server_addresses(server)

    def where(key):
        return geo.get(key) or tag_values.get(key) or site.get(key)

    return {
        "id": server.get("id"),
        "name": server.get("name"),
        "status": server.get("status"),
        "description": server.get("description"),
        "created": server.get("created"),
        "updated": server.get("updated"),
        "locked": server.get("locked"),
        "key_name": server.get("key_name"),
        "host_name": server.get("OS-EXT-SRV-ATTR:hostname"),
        "availability_zone": server.get("OS-EXT-AZ:availability_zone"),
        "power_state": server.get("OS-EXT-STS:power_state"),
        "vm_state": server.get("OS-EXT-STS:vm_state"),
        "task_state": server.get("OS-EXT-STS:task_state"),
        "tags": list(tags),
        "tag_values": tag_values,
        "metadata": dict(metadata),
        "flavor": flavor,
        "flavor_id": flavor.get("id"),
        "flavor_name": flavor.get("name"),
        "image_name": metadata.get("image_name"),
        "vpc_id": metadata.get("vpc_id"),
        "security_groups": [group.get("name") or group.get("id") for group in server.get("security_groups") or []],
        "volumes": [volume.get("id") for volume in server.get("os-extended-volumes:volumes_attached") or []],
        "site_id": site_id,
        "site_name": site.get("name"),
        "site_operators": operators,
        "area": where("area"),
        "province": where("province"),
        "city": where("city"),
        "country": where("country"),
        "operator": operator,
        "edgecloud_id": server.get("edgecloud_id") or tag_values.get("edgecloud"),
        "edgecloud_name": server.get("edgecloud_name"),
        "addresses": addresses,
        "private_ipv4": _first(addresses, "fixed", "4"),
        "public_ipv4": _first(addresses, "floating", "4"),
        "private_ipv6": _first(addresses, "fixed", "6"),
        "public_ipv6": _first(addresses, "floating", "6"),
    }


def _group_value(record, kind):
    if kind == "site":
        return record.get("site_name") or record.get("site_id")
    if kind == "edgecloud":
        return record.get("edgecloud_name") or record.get("edgecloud_id")
    if kind == "flavor":
        return record.get("flavor_name") or record.get("flavor_id")
    return record.get(kind)


if _TemplateEngine is not None and hasattr(_TemplateEngine, "_compile_expression"):
    class _CompileOnceEngine(_TemplateEngine):
        """A template engine that compiles each expression once and keeps it for the run.

        ansible-core 2.19 compiles a Jinja2 expression on every evaluation (no cache): with O(compose),
        O(groups) and O(keyed_groups), that was about 70% of ansible-inventory's time at 2,000 hosts, ten
        thousand compilations of the same five expressions. This subclass overrides the engine's compile step
        only (keyed by the expression text and its compile options); evaluation, trust checks and errors stay
        ansible-core's. Copies of the engine share the cache.
        """

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._iec_compiled = {}

        def _compile_expression(self, expression, options):
            try:
                key = (str(expression), options)
                found = self._iec_compiled.get(key)
            except TypeError:  # options not hashable: compile as ansible-core does
                return super()._compile_expression(expression, options)
            if found is None:
                found = self._iec_compiled[key] = super()._compile_expression(expression, options)
            return found

    class _CompileOnceTemplar(Templar):
        """ansible-core's Templar, on the engine above: what the plugin's constructed features run through."""

        def __init__(self, loader=None, variables=None):
            super().__init__(loader=loader, variables=variables)
            self._engine = _CompileOnceEngine(loader=loader, variables=variables)
else:
    _CompileOnceTemplar = None


def constructed_templar(loader):
    """The templar of this plugin: one that compiles each constructed expression once per run where
    ansible-core's engine allows it (2.19 and later), ansible-core's own templar otherwise."""
    if _CompileOnceTemplar is None:
        return Templar(loader=loader)
    return _CompileOnceTemplar(loader=loader)


def _name_list(names):
    names = sorted(names)
    shown = ", ".join(names[:WARN_NAMES])
    if len(names) > WARN_NAMES:
        shown += " and %d more" % (len(names) - WARN_NAMES)
    return shown


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):
    NAME = "huaweicloud.iec.iec"

    @functools.cached_property
    def templar(self):
        """ansible-core 2.19's plugin templar (a cached property of the base class), compiling each
        constructed expression once (``constructed_templar``). ansible-core 2.16 assigns its own in parse()."""
        return constructed_templar(self.loader)

    def verify_file(self, path):
        return super().verify_file(path) and path.endswith((".iec.yml", ".iec.yaml"))

    def parse(self, inventory, loader, path, cache=True):
        super().parse(inventory, loader, path, cache)
        config = self._read_config_data(path)
        self._check_unknown(config)
        self._check_options()

        use_cache = self.get_option("cache")
        cache_key = self.get_cache_key(path)
        records = None
        if use_cache and cache:
            try:
                records = self._cache[cache_key]
            except KeyError:
                records = None
        if records is None:
            records = self._fetch()
            # Written only when the cache missed or was refreshed: writing on a hit would
            # restart its TTL and keep stale hosts alive for ever.
            if use_cache:
                self._cache[cache_key] = records

        self._populate(records)

    def _check_unknown(self, config):
        """ansible-core ignores a key of the file that is no option: a typo (connect_width) would silently
        keep the default. Refuse it, naming the closest option."""
        known = set(self._options) | set(["plugin"])
        for key in sorted(k for k in (config or {}) if k not in known):
            close = difflib.get_close_matches(key, sorted(known), n=1)
            raise AnsibleParserError("%s is not an option of the huaweicloud.iec.iec inventory plugin%s; its options are "
                                     "listed by ansible-doc -t inventory huaweicloud.iec.iec"
                                     % (key, " (did you mean %s?)" % close[0] if close else ""))

    def _check_options(self):
        for option in ("filters",):
            self._check_filter(option, self.get_option(option))
        for option in ("include_filters", "exclude_filters"):
            for entry in self.get_option(option):
                self._check_filter(option, entry)
        for entry in self.get_option("hostnames"):
            if entry not in FIELD_HOSTNAMES and "{{" not in entry and "{%" not in entry:
                raise AnsibleParserError(
                    "hostnames entry %r is neither a field (%s) nor a Jinja2 template"
                    % (entry, ", ".join(FIELD_HOSTNAMES)))
        if self.get_option("workers") < 1:
            raise AnsibleParserError("workers must be at least 1, got %d" % self.get_option("workers"))

    @staticmethod
    def _check_filter(option, filters):
        if not isinstance(filters, dict):
            raise AnsibleParserError("%s entries must be dictionaries, got %r" % (option, filters))
        unknown = sorted(set(filters) - set(FILTER_KEYS))
        if unknown:
            raise AnsibleParserError(
                "%s: unknown filter %s; the instance list filters by %s"
                % (option, ", ".join(unknown), ", ".join(FILTER_KEYS)))

    # -- fetching ---------------------------------------------------------------------------

    def _connection(self):
        options = client_options(self.get_option)
        self.templar.available_variables = self._vars
        for name, value in options.items():
            # Credentials may be written as templates over extra vars, e.g. a vaulted secret.
            if isinstance(value, str) and ("{{" in value or "{%" in value):
                options[name] = self.templar.template(value)
        return options

    def _fetch(self):
        self._partial = []
        try:
            client = IecClient(self._connection(), warn=self.display.warning, err_sites=self._err_sites)
            base = self.get_option("filters")
            includes = self.get_option("include_filters") or [{}]
            servers = {}
            for extra in includes:
                for server in self._list(client, base, extra):
                    servers.setdefault(server.get("id"), server)
            for extra in self.get_option("exclude_filters"):
                for server in self._list(client, base, extra):
                    servers.pop(server.get("id"), None)
            sites = {}
            if servers and self.get_option("resolve_sites"):
                sites = dict((site.get("id"), site) for site in client.list_all(SITES.path, SITES.list_key))
        except IecError as e:
            raise AnsibleError("IEC inventory: %s" % to_native(e))
        if self._partial and self.get_option("strict_sites"):
            raise AnsibleError("IEC inventory: the instance list is partial and strict_sites is true: %s"
                               % " ".join(self._partial))
        return [instance_record(server, sites) for server in servers.values()]

    def _list(self, client, base, extra):
        query = dict(base)
        query.update(extra)
        return client.paginate(INSTANCES.path, INSTANCES.list_key, query=query, workers=self.get_option("workers"))

    def _err_sites(self, path, sites):
        message = ("IEC could not answer GET %s from %d site(s): %s; the inventory is incomplete."
                   % (path, len(sites), ", ".join(sites)))
        self._partial.append(message)
        if not self.get_option("strict_sites"):
            self.display.warning(message)

    # -- building the inventory -------------------------------------------------------------

    def _hostname_for(self, record, hostvars):
        for entry in self.get_option("hostnames"):
            if entry in FIELD_HOSTNAMES:
                value = record.get(entry)
            else:
                self.templar.available_variables = combine_vars(hostvars, self._vars)
                value = self.templar.template(entry)
            if value not in (None, ""):
                return str(value)
        return record["id"]

    def _populate(self, records):
        prefix = self.get_option("hostvars_prefix")
        connect_with = self.get_option("connect_with")
        strict = self.get_option("strict")
        top = self.inventory.add_group(self.get_option("group"))

        # Instances listed in API order are not stable across runs, so work in id order.
        records = sorted(records, key=lambda r: str(r.get("id")))
        prepared = []
        for record in records:
            hostvars = dict((prefix + key, value) for key, value in record.items())
            prepared.append((record, hostvars, self._hostname_for(record, hostvars)))

        wanted = {}
        for record, hostvars, name in prepared:
            wanted.setdefault(name, []).append(record["id"])
        collisions = dict((name, ids) for name, ids in wanted.items() if len(ids) > 1)
        for name, ids in sorted(collisions.items()):
            self.display.warning(
                "IEC inventory: %d instances would be named %r (%s); each is listed under its instance id"
                % (len(ids), name, ", ".join(ids)))

        unreachable = []
        for record, hostvars, name in prepared:
            if name in collisions:
                name = record["id"]
            self.inventory.add_host(name, group=top)
            for key, value in hostvars.items():
                self.inventory.set_variable(name, key, value)
            if connect_with != "none":
                address = record.get(connect_with)
                if address:
                    self.inventory.set_variable(name, "ansible_host", address)
                else:
                    unreachable.append(name)
            self._add_default_groups(name, record)

            self._construct(name, strict)

        if unreachable:
            self.display.warning(
                "IEC inventory: %d host(s) have no %s address, so ansible_host is not set for them: %s"
                % (len(unreachable), connect_with, _name_list(unreachable)))

    def _construct(self, name, strict):
        """compose, groups and keyed_groups for one host, as ansible-core's Constructable does them.

        Constructed features see the host's variables, prefixed as the user sees them. Each expression
        is handed only the variables it names (jinja2.meta): ansible-core wraps every variable it is
        given for lazy templating at each evaluation, about half of an evaluation's cost with the forty
        variables of an IEC host. The variables are read at the same moments as ansible-core reads them
        (compose: before any; groups: once, before them; keyed_groups: again for each entry).
        """
        host = self.inventory.get_host(name)
        compose = self.get_option("compose")
        groups = self.get_option("groups")
        keyed_groups = self.get_option("keyed_groups")
        if isinstance(compose, dict) and compose:
            host_vars = host.get_vars()
            for varname, expression in compose.items():
                self._set_composite_vars({varname: expression}, self._named(host_vars, [expression]), name, strict=strict)
        if isinstance(groups, dict) and groups:
            host_vars = host.get_vars()
            for group, conditional in groups.items():
                self._add_host_to_composed_groups({group: conditional}, self._named(host_vars, [conditional]), name,
                                                  strict=strict, fetch_hostvars=False)
        if isinstance(keyed_groups, list):
            for keyed in keyed_groups:
                if keyed and isinstance(keyed, dict):
                    named = self._named(host.get_vars(), [keyed.get("key")], [keyed.get("parent_group")])
                else:  # ansible-core refuses the entry, with its own message
                    named = host.get_vars()
                self._add_host_to_keyed_groups([keyed], named, name, strict=strict, fetch_hostvars=False)

    def _named(self, variables, expressions, templates=()):
        """The variables the expressions and templates can read: those they name, or all of them when one
        cannot be parsed here or reads variables indirectly (vars, hostvars, look-ups)."""
        wanted = set()
        for text, is_template in [(e, False) for e in expressions] + [(t, True) for t in templates]:
            if text is None:
                continue
            names = self._names_of(text, is_template)
            if names is None:
                return variables
            wanted |= names
        return dict((key, variables[key]) for key in wanted if key in variables)

    def _names_of(self, text, is_template):
        cache = self.__dict__.setdefault("_referenced", {})
        if not isinstance(text, str):
            return None
        key = (str(text), is_template)
        if key not in cache:
            names = None
            try:
                source = key[0] if is_template else "{{ (%s) }}" % key[0]
                names = set(jinja2_meta.find_undeclared_variables(jinja2.Environment().parse(source)))
            except Exception:  # pylint: disable=broad-exception-caught
                # ansible-core reports it when it evaluates the expression.
                names = None
            if names is not None and names & INDIRECT_NAMES:
                names = None
            cache[key] = names
        return cache[key]

    def _add_default_groups(self, host, record):
        prefix = self.get_option("group_prefix")
        for kind in self.get_option("default_groups"):
            value = _group_value(record, kind)
            if value in (None, ""):
                continue
            part = group_part(value)
            if not part:
                continue
            group = self.inventory.add_group("%s%s_%s" % (prefix, kind, part))
            self.inventory.add_host(host, group=group)
