"""The resource catalog: held to the API specification, and read by every place that needs its facts.

The specification is the emulator's (tests/emulator/iec_emulator/spec/iec-api.json, generated from the seed):
every catalog path must be a real operation path, every answer key one the operation answers with.
"""
import ast
import functools
import importlib
import json
import pathlib
import re
import types

import pytest

from ansible_collections.huaweicloud.iec.plugins.module_utils import catalog, client, inventory_helpers
from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import IecInfo, IecResource, Ref, _Base

ROOT = pathlib.Path(__file__).resolve().parents[4]
SPEC = json.loads((ROOT / "tests/emulator/iec_emulator/spec/iec-api.json").read_text())["operations"]
PAGING = {"limit", "offset", "marker"}
MODULES = sorted(p.stem for p in (ROOT / "plugins/modules").glob("*.py") if p.stem != "__init__")


def template(path):
    """A path with its parameters blanked: '/v1/vpcs/{vpc_id}' -> '/v1/vpcs/{}'."""
    return re.sub(r"\{[^}]*\}", "{}", path)


def operations(method, path):
    return [op for op in SPEC.values() if op["method"] == method and template(op["path"]) == template(path)]


def fields(part):
    return [f["name"] for f in (part or {}).get("fields") or []]


def query_params(kind):
    listing = operations("GET", kind.path)
    return set(q["name"] for q in listing[0]["query_params"]) if listing else set()


def problems(kinds):
    """Every way the kinds disagree with the specification, in words."""
    found = []
    for kind in kinds:
        if not any(template(op["path"]) == template(kind.path) for op in SPEC.values()):
            found.append("%s: no operation has the path %s" % (kind.name, kind.path))
            continue
        item = kind.item_path.format(path=kind.path, id="{id}")
        shows = operations("GET", item)
        item_ops = [op for op in SPEC.values() if template(op["path"]) == template(item)]
        if kind.item_key and not item_ops:
            found.append("%s: no operation has the item path %s" % (kind.name, item))
        if kind.show != bool(shows):
            found.append("%s: show is %s but GET %s is %s"
                         % (kind.name, kind.show, item, "an operation" if shows else "no operation"))
        if shows:
            answer = fields(shows[0]["response"])
            if kind.item_key and answer != [kind.item_key]:
                found.append("%s: GET %s answers %s, not {%s: ...}" % (kind.name, item, answer, kind.item_key))
            if not kind.item_key and len(answer) == 1:
                found.append("%s: GET %s wraps the item in %s" % (kind.name, item, answer[0]))
        listing = operations("GET", kind.path)
        if listing:
            answer = fields(listing[0]["response"])
            if kind.list_key is None and answer != ["(top-level array)"]:
                found.append("%s: the list answer holds %s, list_key is None" % (kind.name, answer))
            if kind.list_key is not None and kind.list_key not in answer:
                found.append("%s: the list answer holds %s, not %s" % (kind.name, answer, kind.list_key))
            params = query_params(kind)
            unknown = sorted(set(kind.filters) - params)
            if unknown or PAGING & set(kind.filters):
                found.append("%s: filters %s are not list filters of GET %s" % (kind.name, unknown or kind.filters, kind.path))
            if kind.paging:
                mode, _size, count = kind.paging
                needs = {"marker", "limit"} if mode == "marker" else {"offset", "limit"}
                if not needs <= params:
                    found.append("%s: pages by %s but GET %s takes %s" % (kind.name, mode, kind.path, sorted(params & PAGING)))
                if count is not None and count not in answer:
                    found.append("%s: the list answer has no %s" % (kind.name, count))
            elif params & PAGING:
                found.append("%s: GET %s pages (%s) but the catalog says it does not" % (kind.name, kind.path, sorted(params & PAGING)))
        elif kind.list_key or kind.paging or kind.filters:
            found.append("%s: there is no GET %s to list, page or filter" % (kind.name, kind.path))
        for create in operations("POST", kind.path):
            body = create["body"] or {}
            wrappers = [f["name"] for f in body.get("fields") or [] if f.get("type") == "object"]
            if kind.envelope and kind.envelope not in fields(body):
                found.append("%s: POST %s takes %s, not {%s: ...}" % (kind.name, kind.path, fields(body), kind.envelope))
            if not kind.envelope and len(fields(body)) == 1 and wrappers:
                found.append("%s: POST %s wraps the body in %s" % (kind.name, kind.path, wrappers[0]))
    return found


def test_the_catalog_agrees_with_the_specification():
    assert problems(catalog.KINDS) == []


@pytest.mark.parametrize("name, change, words", [
    ("vpc", dict(path="/v1/vpc"), "no operation has the path /v1/vpc"),
    ("vpc", dict(list_key="vpc"), "not vpc"),
    ("subnet", dict(item_key="subnets"), "not {subnets: ...}"),
    ("image", dict(item_key="image"), "not {image: ...}"),
    ("vpc", dict(item_key=None), "wraps the item in vpc"),
    ("keypair", dict(list_key="keypairs"), "not keypairs"),
    ("site", dict(filters=("id", "name")), "['name']"),
    ("instance", dict(paging=("marker", 1000, None)), "pages by marker"),
    ("image", dict(paging=("offset", 500, "count")), "has no count"),
    ("volume_type", dict(paging=("offset", 1000, "count")), "takes []"),
    ("port", dict(envelope="ports"), "not {ports: ...}"),
    ("instance", dict(envelope=None), "wraps the body in server"),
    ("site", dict(show=True), "GET /v1/sites/{id} is no operation"),
    ("vpc", dict(show=False), "GET /v1/vpcs/{id} is an operation"),
])
def test_a_wrong_fact_is_found(name, change, words):
    found = problems([catalog.kind(name)._replace(**change)])
    assert found and words in found[0], found


def test_kind_names_its_known_kinds_when_unknown():
    with pytest.raises(KeyError, match="'vpcs' is not in the catalog.*vpc"):
        catalog.kind("vpcs")


# --- readers ---------------------------------------------------------------------------------------------


def test_the_client_pages_as_the_catalog_says():
    assert client.PAGINATION == catalog.pagination()
    assert client.pagination_for("/v1/cloudservers") == ("page", 1000, "count")
    assert client.pagination_for("/v1/cloudimages/cn-north-4") == ("marker", 500, None)
    assert client.pagination_for("/v1/cloudvolumes/volume-types") is None


def test_the_lookups_list_every_kind_they_listed_and_read_the_catalog():
    before = {"sites", "flavors", "images", "instances", "edge_clouds", "deployments", "vpcs", "subnets", "ports",
              "security_groups", "security_group_rules", "network_acls", "route_tables", "public_ips", "bandwidths",
              "volumes", "keypairs"}
    assert before <= set(inventory_helpers.RESOURCE_KINDS)
    for name, (path, list_key, filters) in inventory_helpers.RESOURCE_KINDS.items():
        kind = catalog.lookup_kinds()[name]
        assert (path, list_key, filters) == (kind.path, kind.list_key, kind.filters)
    assert inventory_helpers.resolve_kind("firewalls") == "network_acls"
    assert inventory_helpers.resolve_kind("vpc") == "vpcs"
    assert inventory_helpers.resolve_kind("eips") == "public_ips"
    assert inventory_helpers.SECRET_FIELDS is catalog.SECRET_FIELDS
    assert {"user_data", "OS-EXT-SRV-ATTR:user_data", "admin_pass", "adminPass", "password",
            "private_key"} == catalog.SECRET_FIELDS


def test_the_lookup_documents_every_kind():
    text = (ROOT / "plugins/lookup/resource.py").read_text()
    for name in inventory_helpers.RESOURCE_KINDS:
        assert "V(%s)" % name in text, name


def test_the_inventory_reads_instances_and_sites_from_the_catalog():
    from ansible_collections.huaweicloud.iec.plugins.inventory import iec
    assert iec.INSTANCES is catalog.kind("instance") and iec.SITES is catalog.kind("site")
    assert set(iec.FILTER_KEYS) == set(catalog.kind("instance").filters)


def module_classes():
    for name in MODULES:
        module = importlib.import_module("ansible_collections.huaweicloud.iec.plugins.modules." + name)
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, _Base) and value.__module__ == module.__name__:
                yield name, value


def test_every_engine_class_names_its_kind_and_sends_only_documented_list_parameters():
    for name, cls in module_classes():
        assert cls.kind in catalog.BY_NAME, "%s.%s declares no catalog kind" % (name, cls.__name__)
        params = query_params(catalog.kind(cls.kind))
        # A list_query entry is a parameter name, or (parameter, function of the value) when IEC wants the value
        # in another shape (a port's fixed_ips=ip_address=...).
        sent = set(v[0] if isinstance(v, tuple) else v for v in cls.list_query.values()) | set(cls.list_filters)
        assert sent <= params, "%s sends %s, not list parameters of %s" % (name, sorted(sent - params), cls.kind)


def test_every_reference_is_a_catalog_kind():
    by_place = dict(((k.path, k.list_key), k) for k in catalog.KINDS)
    from ansible_collections.huaweicloud.iec.plugins.module_utils import edge_service
    refs = [(n, o, r) for n, cls in module_classes() for o, r in cls.references.items()]
    refs += [("edge_service", o, r) for o, r in edge_service.references("stacks.0.").items()]
    assert len(refs) >= 40
    for name, option, ref in refs:
        kind = by_place.get((ref.path, ref.list_key))
        assert kind is not None, "%s %s lists %s, no catalog kind" % (name, option, ref.path)
        assert (ref.id_key, ref.name_key, ref.label) == (kind.id_key, kind.name_key, kind.label), (name, option)


def test_ref_builds_the_reference_of_a_kind():
    ref = catalog.ref("vpc", "vpc_id")
    assert isinstance(ref, Ref)
    assert (ref.path, ref.list_key, ref.field, ref.label, ref.query) == ("/v1/vpcs", "vpcs", "vpc_id", "VPC", {})
    assert catalog.ref("image", "image_ref", label="private image", query={"__imagetype": "private"}).query == {
        "__imagetype": "private"}
    assert catalog.ref("keypair", "key_name").id_key == "name"


FAKE = types.SimpleNamespace(params={}, check_mode=False)


def test_kind_fills_the_declaration_and_a_declared_attribute_wins():
    class Pair(IecResource):
        key = "keypair"
        kind = "keypair"

    class Groups(IecInfo):
        key = "security_groups"
        kind = "security_group"
        label = "group"

    class Plan(IecResource):
        key = "deployment"
        kind = "deployment"
        path = "/v1/deployments/special"

    pair, groups, plan = Pair(FAKE), Groups(FAKE), Plan(FAKE)
    assert (pair.path, pair.id_key, pair.list_key, pair.response_key, pair.label) == (
        "/v1/os-keypairs", "name", None, None, "key pair")
    assert (groups.path, groups.list_key, groups.response_key, groups.label) == (
        "/v1/security-groups", "security_groups", "security_group", "group")
    # A create body and its answer are wrapped in {"edgecloud": ...}; the class's own path is kept.
    assert (plan.path, plan.envelope, plan.response_key, plan.list_key) == (
        "/v1/deployments/special", "edgecloud", "edgecloud", "deployments")
    assert groups.item_url("a/b") == "/v1/security-groups/a%2Fb"


def test_the_kind_gives_the_result_key_and_the_option_read_by_id():
    def engine(base, kind, **declared):
        return type("Engine", (base,), dict(declared, kind=kind))(FAKE)

    pair, pairs = engine(IecResource, "keypair"), engine(IecInfo, "keypair")
    assert (pair.key, pair.id_option, pairs.key, pairs.id_option) == ("keypair", "name", "keypairs", "name")
    vpc, vpcs = engine(IecResource, "vpc"), engine(IecInfo, "vpc")
    assert (vpc.key, vpc.id_option, vpcs.key, vpcs.id_option) == ("vpc", "id", "vpcs", "id")
    # IEC lists sites and deployment plans but reads none by id: their info modules filter the list by id.
    assert engine(IecInfo, "site").id_option is None and engine(IecInfo, "deployment").id_option is None
    images = engine(IecInfo, "cloud_image", key="images", id_option="name")
    assert (images.key, images.id_option) == ("images", "name")


# --- no fact written twice ---------------------------------------------------------------------------------

DOCUMENTS = ("DOCUMENTATION", "EXAMPLES", "RETURN")


def code_strings(tree):
    """(line, text) of every string constant of the code, documentation and docstrings left out."""
    skip = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) in DOCUMENTS for t in node.targets):
            skip.add(id(node.value))
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                skip.add(id(first.value))
    return [(n.lineno, n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in skip]


def declarations(tree):
    """Class-level statements of every class: where a module declares what it manages."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            for statement in node.body:
                if isinstance(statement, (ast.Assign, ast.AnnAssign)):
                    yield statement


PLUGINS = sorted(p for p in (ROOT / "plugins").rglob("*.py") if p.name != "catalog.py")
# Files whose every line reads the catalog; in the state modules the class declarations do (the rest of those
# files belongs to the engine and its actions).
WHOLLY = [p for p in PLUGINS if p.parent.name in ("lookup", "inventory") or p.stem.endswith("_info")
          or p.name in ("client.py", "inventory_helpers.py")]
COLLECTIONS = set(k.path for k in catalog.KINDS)


@functools.lru_cache(maxsize=None)
def parsed(path):
    return ast.parse(path.read_text())


def test_no_collection_path_is_written_outside_the_catalog():
    found = []
    for path in PLUGINS:
        tree = parsed(path)
        strings = code_strings(tree) if path in WHOLLY else [
            (n.lineno, n.value) for d in declarations(tree) for n in ast.walk(d)
            if isinstance(n, ast.Constant) and isinstance(n.value, str)]
        for line, text in strings:
            if text in COLLECTIONS or (path in WHOLLY and text.startswith("/v1/")):
                found.append("%s:%d %r" % (path.relative_to(ROOT), line, text))
    assert found == []


def test_references_are_built_by_the_catalog_only():
    calls = []
    for path in PLUGINS:
        if path.name == "resource.py":
            continue
        for node in ast.walk(parsed(path)):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Ref":
                calls.append("%s:%d" % (path.relative_to(ROOT), node.lineno))
    assert calls == []


def test_the_grep_finds_a_path_written_by_hand():
    tree = ast.parse('class Vpc(IecResource):\n    path = "/v1/vpcs"\n')
    assert [n.value for d in declarations(tree) for n in ast.walk(d) if isinstance(n, ast.Constant)] == ["/v1/vpcs"]
    tree = ast.parse('DOCUMENTATION = "GET /v1/vpcs"\n\ndef f():\n    """/v1/x"""\n    return "/v1/vpcs/%s/x"\n')
    assert code_strings(tree) == [(5, "/v1/vpcs/%s/x")]


# --- shared views --------------------------------------------------------------------------------------------

SERVER = {"addresses": {
    "vpc-2": [{"addr": "fd00::5", "version": 6, "OS-EXT-IPS:type": "fixed", "OS-EXT-IPS:port_id": "p2",
               "OS-EXT-IPS-MAC:mac_addr": "fa:16:3e:00:00:02"}],
    "vpc-1": [{"addr": "192.168.0.5", "version": 4, "OS-EXT-IPS:type": "fixed", "OS-EXT-IPS:port_id": "p1",
               "OS-EXT-IPS-MAC:mac_addr": "fa:16:3e:00:00:01"},
              {"addr": "203.0.113.9", "version": 4, "OS-EXT-IPS:type": "floating", "OS-EXT-IPS:port_id": "p1",
               "OS-EXT-IPS-MAC:mac_addr": "fa:16:3e:00:00:01"}]}}


def test_a_servers_addresses_and_nics():
    assert [(a["network_id"], a["addr"], a["version"], a["type"]) for a in catalog.server_addresses(SERVER)] == [
        ("vpc-1", "192.168.0.5", "4", "fixed"), ("vpc-1", "203.0.113.9", "4", "floating"),
        ("vpc-2", "fd00::5", "6", "fixed")]
    assert catalog.server_nics(SERVER) == [
        {"port_id": "p1", "vpc_id": "vpc-1", "mac_address": "fa:16:3e:00:00:01", "ip_address": "192.168.0.5",
         "public_ip_address": "203.0.113.9"},
        {"port_id": "p2", "vpc_id": "vpc-2", "mac_address": "fa:16:3e:00:00:02", "ip_address": "fd00::5",
         "public_ip_address": None}]
    assert catalog.server_nics({}) == [] and catalog.server_addresses(None) == []
