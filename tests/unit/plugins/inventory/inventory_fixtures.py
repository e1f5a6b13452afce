"""Recorded IEC answers (from the seed's response examples) and a fake client serving them."""
import copy
import json
import pathlib


FIXTURES = pathlib.Path(__file__).parent / "fixtures"


def load_fixture(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def seed_server():
    """The one server of the seed's 4.2.1 response example."""
    return load_fixture("list_instances.json")["servers"][0]


def make_server(index, site=None, name=None, public=True, private=True, status="ACTIVE", operator=None):
    """A server shaped like the seed example, placed at a site of list_sites.json."""
    server = copy.deepcopy(seed_server())
    server["id"] = "00000000-0000-4000-8000-%012d" % index
    server["name"] = name if name is not None else "edge-%04d" % index
    server["status"] = status
    network = next(iter(server["addresses"]))
    entries = []
    for entry in server["addresses"][network]:
        if entry["OS-EXT-IPS:type"] == "fixed" and private:
            entries.append(dict(entry, addr="172.16.%d.%d" % (index // 250, index % 250 + 1)))
        if entry["OS-EXT-IPS:type"] == "floating" and public:
            entries.append(dict(entry, addr="188.181.%d.%d" % (index // 250, index % 250 + 1)))
    server["addresses"] = {network: entries} if entries else {}
    if site is not None:
        server["geolocation"] = dict(server["geolocation"], id=site["id"], city=site["city"],
                                     province=site["province"], area=site["area"])
        server["tags"] = [t for t in server["tags"] if not t.split("=")[0] in ("area", "province", "city")]
    if operator is not None:
        server["tags"] = [t for t in server["tags"] if not t.startswith("operator=")] + ["operator=" + operator]
    return server


class FakeClient:
    """Stands in for IecClient: serves servers and sites, records what it was asked."""

    servers = []
    sites = []
    err_sites = []
    instances = []

    def __init__(self, options, warn=None, log=None, err_sites=None):
        self.options = options
        self.warn = warn
        self.on_err_sites = err_sites
        self.calls = []
        FakeClient.instances.append(self)

    def paginate(self, path, items_key, query=None, page_size=None, workers=None):
        assert (path, items_key) == ("/v1/cloudservers", "servers")
        self.calls.append(("paginate", dict(query or {}), workers))
        if self.err_sites:
            self.on_err_sites(path, list(self.err_sites))
        for server in self.servers:
            if all(self._value(server, key) == value for key, value in (query or {}).items()):
                yield copy.deepcopy(server)

    def list_all(self, path, items_key, query=None):
        assert (path, items_key) == ("/v1/sites", "sites")
        self.calls.append(("list_all", path))
        return copy.deepcopy(self.sites)

    @staticmethod
    def _value(server, key):
        if key in ("area", "province", "city"):
            return server["geolocation"][key]
        if key == "site_id":
            return server["geolocation"]["id"]
        return server.get(key)
