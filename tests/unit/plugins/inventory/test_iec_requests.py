"""The inventory through the real client, with only the HTTP transport faked.

These tests count what reaches the wire: the request budget of a large fleet and the
pagination the client does for the plugin.
"""
import threading
from urllib.parse import parse_qs, urlsplit

import pytest

from inventory_fixtures import load_fixture, make_server

SITE_COUNT = 200


def site(index):
    template = load_fixture("list_sites.json")["sites"][1]
    return dict(template, id="5173e000-0000-4000-8000-%012d" % index, name="site-%03d" % index,
                city="city-%03d" % index, province="province-%02d" % (index % 31), area=("south", "north")[index % 2],
                pools=[])


class FakeIec:
    """Answers GET /v1/cloudservers (page-number offset, limit <= 1000) and GET /v1/sites."""

    def __init__(self, servers, sites, err_sites=()):
        self.servers = servers
        self.sites = sites
        self.err_sites = list(err_sites)
        self.seen = []
        self.lock = threading.Lock()

    def send(self, prepared, transport=None):
        url = urlsplit(prepared.url)
        query = dict((k, v[0]) for k, v in parse_qs(url.query).items())
        with self.lock:
            self.seen.append((prepared.method, url.path, query))
        assert prepared.headers.get("Authorization", "").startswith("SDK-HMAC-SHA256")
        limit = int(query.get("limit", 25))
        assert limit <= 1000
        if url.path == "/v1/cloudservers":
            matching = [s for s in self.servers if all(s.get(k) == v for k, v in query.items()
                                                       if k not in ("limit", "offset"))]
            page = max(int(query.get("offset", 0)), 1)
            body = {"count": len(matching), "servers": matching[(page - 1) * limit:page * limit]}
            if self.err_sites:
                body["err_sites"] = self.err_sites
        elif url.path == "/v1/sites":
            offset = int(query.get("offset", 0))
            body = {"count": len(self.sites), "sites": self.sites[offset:offset + limit]}
        else:
            raise AssertionError("unexpected request %s %s" % (prepared.method, url.path))
        from iec_fakes import http_answer
        return http_answer(200, body, {"Content-Type": "application/json", "X-Request-Id": "req-%d" % len(self.seen)})


@pytest.fixture
def real_client(monkeypatch):
    """The plugin's own IecClient, remembered so tests can read its request_count."""
    from ansible_collections.huaweicloud.iec.plugins.inventory import iec
    from ansible_collections.huaweicloud.iec.plugins.module_utils.client import IecClient

    made = []

    class Recorded(IecClient):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            made.append(self)

    monkeypatch.setattr(iec, "IecClient", Recorded)
    return made


def serve(monkeypatch, fake):
    from iec_fakes import serve_http
    serve_http(monkeypatch, fake.send)


def fleet(count, sites):
    servers = []
    for index in range(count):
        servers.append(make_server(index, site=sites[index % len(sites)]))
    return servers


def test_ten_thousand_instances_at_200_sites_in_eleven_requests(monkeypatch, real_client, run_inventory):
    sites = [site(i) for i in range(SITE_COUNT)]
    fake = FakeIec(fleet(10000, sites), sites)
    serve(monkeypatch, fake)

    inventory, warnings = run_inventory({"endpoint": "https://iec.test", "workers": 8})

    assert len(inventory.hosts) == 10000
    assert len([g for g in inventory.groups if g.startswith("iec_site_")]) == SITE_COUNT
    (client,) = real_client
    assert client.request_count == 11
    listings = [q for (m, p, q) in fake.seen if p == "/v1/cloudservers"]
    assert sorted(int(q["offset"]) for q in listings) == list(range(1, 11))
    assert {q["limit"] for q in listings} == {"1000"}
    assert [p for (m, p, q) in fake.seen].count("/v1/sites") == 1
    assert warnings == []


def test_pages_are_complete_and_not_duplicated_at_an_uneven_size(monkeypatch, real_client, run_inventory):
    sites = [site(i) for i in range(3)]
    fake = FakeIec(fleet(2501, sites), sites)
    serve(monkeypatch, fake)

    inventory, _unused = run_inventory({"endpoint": "https://iec.test", "resolve_sites": False})

    assert len(inventory.hosts) == 2501
    assert real_client[0].request_count == 3


def test_server_side_filters_are_sent_as_query_parameters(monkeypatch, real_client, run_inventory):
    sites = [site(0)]
    servers = fleet(4, sites)
    servers[1]["status"] = "SHUTOFF"
    fake = FakeIec(servers, sites)
    serve(monkeypatch, fake)

    inventory, _unused = run_inventory({"endpoint": "https://iec.test", "filters": {"status": "ACTIVE"},
                                        "resolve_sites": False})

    assert len(inventory.hosts) == 3
    assert fake.seen[0][2]["status"] == "ACTIVE"


def test_err_sites_in_the_answer_warn_through_the_client(monkeypatch, real_client, run_inventory):
    sites = [site(0)]
    fake = FakeIec(fleet(2, sites), sites, err_sites=["site-x"])
    serve(monkeypatch, fake)

    inventory, warnings = run_inventory({"endpoint": "https://iec.test", "resolve_sites": False})

    assert len(inventory.hosts) == 2
    assert len(warnings) == 1 and "site-x" in warnings[0]


def test_err_sites_fail_the_inventory_with_strict_sites(monkeypatch, real_client, run_inventory):
    from ansible.errors import AnsibleError

    sites = [site(0)]
    serve(monkeypatch, FakeIec(fleet(2, sites), sites, err_sites=["site-x"]))

    with pytest.raises(AnsibleError, match="strict_sites.*site-x"):
        run_inventory({"endpoint": "https://iec.test", "strict_sites": True})
