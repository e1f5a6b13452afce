# -*- coding: utf-8 -*-
# Copyright: Huawei Cloud IEC Ansible contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What the inventory and the look-up plugins share beyond the client.

The client owns HTTP, auth, retries, pagination and errors. This file only knows which
plugin options feed the client, where each kind of resource is listed, and how to match
items on fields the API cannot filter by.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from contextlib import contextmanager

from ansible.module_utils.common.text.converters import to_native

from ansible_collections.huaweicloud.iec.plugins.module_utils import catalog
from ansible_collections.huaweicloud.iec.plugins.module_utils.client import CONNECTION_OPTIONS, IecError


# Look-up kind -> (list path, key of the item list in the answer, query parameters the API filters by), from
# the catalog. A key of None means the answer is the list itself (key pairs). Spellings follow what a user sees
# in the console and in the module names ('vpcs', 'edge_clouds').
RESOURCE_KINDS = dict((name, (k.path, k.list_key, k.filters)) for name, k in catalog.lookup_kinds().items())

# Spellings people type that mean the same kind (the module's kind, 'vpc'); the API's own names are accepted too.
KIND_ALIASES = catalog.lookup_aliases()


def resolve_kind(kind):
    """Return the canonical kind for a user's spelling, or None when it is unknown."""
    name = str(kind).strip().lower()
    name = KIND_ALIASES.get(name, name)
    return name if name in RESOURCE_KINDS else None


def client_options(get_option):
    """Collect the connection options through a plugin's get_option into the client's dict."""
    return dict((name, get_option(name)) for name, _env in CONNECTION_OPTIONS)


def split_filters(kind, filters):
    """Split filters into the API's query parameters and the rest, matched on the answer.

    Sending a filter the API ignores would widen the answer silently, so only documented
    query parameters go to the server.
    """
    server_keys = RESOURCE_KINDS[kind][2]
    query = {}
    local = {}
    for key, value in (filters or {}).items():
        if key in server_keys and not isinstance(value, (list, tuple, dict)):
            query[key] = value
        else:
            local[key] = value
    return query, local


def _field(item, dotted):
    """The value at a dotted path; through a list, the values of every element (flattened)."""
    values = [item]
    for part in dotted.split("."):
        found = []
        for value in values:
            for element in (value if isinstance(value, list) else [value]):
                if isinstance(element, dict) and part in element:
                    found.append(element[part])
        if not found:
            return None
        values = found
    if len(values) == 1:
        return values[0]
    flat = []
    for value in values:
        flat.extend(value if isinstance(value, list) else [value])
    return flat


def _same(actual, wanted):
    if isinstance(wanted, bool) or isinstance(actual, bool):
        return str(actual).lower() == str(wanted).lower()
    return actual == wanted or (actual is not None and str(actual) == str(wanted))


def matches(item, filters):
    """True when the item satisfies every filter.

    A key may be dotted (C(geolocation.city), C(pools.operator.name)); a list of wanted values
    means any of them; when the field is a list, one element equal to a wanted value is enough.
    """
    for key, wanted in (filters or {}).items():
        actual = _field(item, key)
        choices = wanted if isinstance(wanted, (list, tuple)) else [wanted]
        candidates = actual if isinstance(actual, list) else [actual]
        if not any(_same(a, w) for a in candidates for w in choices):
            return False
    return True


# Fields of API answers that hold secrets (user data, passwords, private keys; see the catalog): the plugins leave
# them out at any depth, so that they never reach a job's output, a fact cache or an inventory cache.
SECRET_FIELDS = catalog.SECRET_FIELDS


def without_secrets(value):
    """A copy of an API answer without the SECRET_FIELDS, at any depth."""
    if isinstance(value, dict):
        return dict((k, without_secrets(v)) for k, v in value.items() if k not in SECRET_FIELDS)
    if isinstance(value, list):
        return [without_secrets(v) for v in value]
    return value


def list_resources(client, kind, filters=None, workers=None):
    """List every item of a kind that matches the filters, server-side where the API can; secret fields are
    left out (see SECRET_FIELDS)."""
    path, items_key, _keys = RESOURCE_KINDS[kind]
    query, local = split_filters(kind, filters)
    items = (without_secrets(item) for item in client.paginate(path, items_key, query=query, workers=workers))
    return [item for item in items if matches(item, local)]


class NotFound(Exception):
    """Nothing matched a look-up whose C(on_missing) is error."""


def missing(on_missing, message, warn):
    """Apply an C(on_missing) choice: raise for error, warn for warn, nothing for skip."""
    if on_missing == "error":
        raise NotFound(message)
    if on_missing == "warn":
        warn(message)


def selected(items, terms, label, wanted, on_missing, warn):
    """What a look-up answers: with terms, the items whose id or name is one of them, in the order of the
    terms, each once; without, every item. A term naming nothing, or no item at all, is a missing
    C(label) (see missing()); wanted describes the filters in that message (' with city xian')."""
    if not terms:
        if not items:
            missing(on_missing, "No IEC %s%s" % (label, wanted or " at all"), warn)
        return items
    found = []
    for term in terms:
        hits = [i for i in items if term in (i.get("id"), i.get("name"))]
        if not hits:
            missing(on_missing, "No IEC %s %r%s" % (label, term, wanted), warn)
        found.extend(h for h in hits if h not in found)
    return found


@contextmanager
def lookup_errors(name, error_class):
    """Runs a look-up's requests: a miss (NotFound) fails with its own sentence, an IEC error as
    'huaweicloud.iec.<name>: <error>', both raised as error_class (AnsibleLookupError)."""
    try:
        yield
    except NotFound as e:
        raise error_class(to_native(e))
    except IecError as e:
        raise error_class("huaweicloud.iec.%s: %s" % (name, to_native(e)))
