"""Scale check: one edge cloud of 1,000 instances over 200 sites (--sites 200), then exact counts
through page-number paging of /v1/cloudservers, per-site filters and the quota usage."""
import json
from collections import Counter

import pytest

from conftest import EmulatorProcess, TokenClient
from iec_emulator.accounts import demo_accounts_doc

SITES, PER_SITE = 200, 5


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    doc = demo_accounts_doc()
    doc["domains"][0]["quotas"] = {"instance": 1000, "volume": 1000, "gigabyte": 40000}
    path = tmp_path_factory.mktemp("scale") / "accounts.json"
    path.write_text(json.dumps(doc))
    e = EmulatorProcess(["--async-seconds", "0", "--sites", str(SITES), "--accounts", str(path)])
    yield e
    e.stop()


def ok(resp, status=200):
    code, body = resp
    assert code == status, body
    return body


def test_thousand_instances_over_200_sites(big):
    api = TokenClient(big.url)
    sites = ok(api.get("/v1/sites", limit=1000))["sites"]
    assert len(sites) == SITES
    image = ok(api.get("/v1/images", __imagetype="gold"))["images"][0]
    vpc = ok(api.post("/v1/vpcs", {"vpc": {"name": "vpc-scale", "cidr": "10.40.0.0/16", "mode": "SYSTEM"}}))["vpc"]
    plan = ok(api.post("/v1/deployments", {"edgecloud": {
        "name": "ec-scale",
        "coverage": {"coverage_policy": "centralize", "coverage_level": "site",
                     "coverage_sites": [{"site": s["id"], "demands": [{"demand_count": PER_SITE}]} for s in sites]},
        "stack": {"name": "stack-scale", "resources": [{
            "name": "n", "image_ref": image["id"], "flavor_ref": "s6.small.1", "admin_pass": "Edge-Pass12",
            "net_config": {"vpc_id": vpc["id"], "nic_num": 1}, "root_volume": {"size": 40, "volume_type": "SATA"}}]}}}))
    assert len(plan["locations"]) == SITES and {loc["stack_count"] for loc in plan["locations"]} == {PER_SITE}
    ec_id = ok(api.post("/v1/deployments/%s/deploy" % plan["id"]))["id"]
    ec = ok(api.get("/v1/edgeclouds/%s" % ec_id))
    assert (ec["status"], ec["success_num"], ec["failed_num"], ec["edge_regions"]) == ("inService", 1000, 0, SITES)

    everything = ok(api.get("/v1/cloudservers", limit=1000))
    assert everything["count"] == 1000 and len(everything["servers"]) == 1000
    assert Counter(s["geolocation"]["id"] for s in everything["servers"]) == {s["id"]: PER_SITE for s in sites}
    assert len({s["addresses"][vpc["id"]][0]["addr"] for s in everything["servers"]}) == 1000

    ids = []
    for page in range(1, 11):
        body = ok(api.get("/v1/cloudservers", limit=100, offset=page))
        assert body["count"] == 1000 and len(body["servers"]) == 100
        ids += [s["id"] for s in body["servers"]]
    assert len(set(ids)) == 1000
    assert ok(api.get("/v1/cloudservers", limit=100, offset=11))["servers"] == []
    assert ok(api.get("/v1/cloudservers", site_id=sites[137]["id"]))["count"] == PER_SITE
    assert ok(api.get("/v1/subnets", vpc_id=vpc["id"]))["count"] == SITES
    used = {q["type"]: q["used"] for q in ok(api.get("/v1/edgeclouds/quotas"))["quotas"]["resources"]}
    assert (used["instance"], used["volume"], used["gigabyte"], used["vcpu"]) == (1000, 1000, 40000, 1000)
    # Seed 4.1.1: an edge cloud of site level cannot be expanded.
    code, err = api.post("/v1/deployments", {"edgecloud": {
        "id": ec_id, "coverage": {"coverage_policy": "centralize", "coverage_level": "site",
                                  "coverage_sites": [{"site": sites[0]["id"], "demands": [{"demand_count": 1}]}]},
        "stack": {"name": "stack-scale", "resources": []}}})
    assert (code, err["error_code"]) == (400, "IEC.010800")
