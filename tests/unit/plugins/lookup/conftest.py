"""Run the look-ups through Ansible's plugin loader and the real client, faking only HTTP."""
import copy
import json
import pathlib
import threading
from urllib.parse import parse_qs, urlsplit

import pytest
# controller_process: an autouse fixture, found by pytest among this conftest's names.
from controller_plugins import controller_process, use_collection_loader  # noqa: F401 pylint: disable=unused-import

# Before anything imports a plugin (controller_plugins.py says why).
use_collection_loader()


FIXTURES = pathlib.Path(__file__).parent / "fixtures"


def load_fixture(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


class FakeIec:
    """Serves lists from recorded pages; filters on the query parameters each path documents."""

    def __init__(self):
        self.lists = {
            "/v1/sites": ("sites", "count", load_fixture("list_sites.json")["sites"]),
            "/v1/cloudservers/flavors": ("flavors", "count", load_fixture("list_flavors.json")["flavors"]),
            "/v1/images": ("images", "total", load_fixture("list_images.json")["images"]),
            "/v1/subnets": ("subnets", "count", []),
        }
        self.seen = []
        self.lock = threading.Lock()

    def items(self, path):
        return self.lists[path][2]

    def send(self, prepared, transport=None):
        url = urlsplit(prepared.url)
        query = dict((k, v[0]) for k, v in parse_qs(url.query).items())
        with self.lock:
            self.seen.append((url.path, query))
        key, count_key, items = self.lists[url.path]
        selected = []
        for item in items:
            ok = True
            for name, value in query.items():
                if name in ("limit", "offset"):
                    continue
                wanted = value.lower().split(",") if name in ("area", "province", "city", "operator") else [value]
                actual = str(item.get(name, "")).lower() if name in ("area", "province", "city") else item.get(name)
                if name == "operator":
                    actual = [p["operator"]["name"] for p in item.get("pools", [])] or item.get("operators", [])
                    ok = ok and bool(set(actual) & set(wanted))
                elif name == "site_ids":
                    ok = ok and bool(set(item.get("site_ids", [])) & set(value.split(",")))
                else:
                    ok = ok and (actual in wanted or str(actual).lower() in wanted)
            if ok:
                selected.append(item)
        limit = int(query.get("limit", 1000))
        offset = int(query.get("offset", 0))
        if url.path == "/v1/cloudservers/flavors":
            start = (max(offset, 1) - 1) * limit
        else:
            start = offset
        body = {count_key: len(selected), key: copy.deepcopy(selected[start:start + limit])}
        from iec_fakes import http_answer
        return http_answer(200, body, {"Content-Type": "application/json"})

    def paths(self):
        return [path for path, _unused in self.seen]


@pytest.fixture
def fake_iec(monkeypatch):
    fake = FakeIec()

    from iec_fakes import serve_http
    serve_http(monkeypatch, fake.send)
    for name in ("HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK", "HUAWEICLOUD_SDK_DOMAIN_ID", "HUAWEICLOUD_IEC_ENDPOINT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HUAWEICLOUD_SDK_AK", "AK")
    monkeypatch.setenv("HUAWEICLOUD_SDK_SK", "SK")
    monkeypatch.setenv("HUAWEICLOUD_SDK_DOMAIN_ID", "d1")
    monkeypatch.setenv("HUAWEICLOUD_IEC_ENDPOINT", "https://iec.test")
    return fake


class Warnings(list):
    pass


@pytest.fixture
def run_lookup(monkeypatch):
    """Call a look-up like a template does: run(terms, variables, **options) -> (result, warnings)."""
    from ansible.plugins.loader import lookup_loader

    def run(name, *terms, **options):
        plugin = lookup_loader.get("huaweicloud.iec." + name)
        module = __import__(type(plugin).__module__, fromlist=["display"])
        warnings = Warnings()
        monkeypatch.setattr(module.display, "warning", lambda msg, *a, **kw: warnings.append(msg))
        return plugin.run(list(terms), variables={}, **options), warnings

    return run
