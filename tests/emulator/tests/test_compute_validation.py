"""Validation of every create/update/action operation of the compute and edge-service families: one
invalid request per kind of documented constraint (required, type, length, range, enum, array size,
pattern, format, references, state), answered with the seed's status and code; the request log shows
that one request with that status, and list calls show that nothing changed."""
import copy
import json

import pytest

from conftest import TokenClient

LONG = "x" * 49


@pytest.fixture(scope="module")
def api(emulator):
    return TokenClient(emulator.url)


def ok(resp, status=200):
    code, body = resp
    assert code == status, body
    return body


@pytest.fixture(scope="module")
def env(api):
    sites = ok(api.get("/v1/sites", limit=1000))["sites"]
    site = sites[0]
    vpc = ok(api.post("/v1/vpcs", {"vpc": {"name": "vpc-val", "cidr": "192.168.0.0/16", "mode": "CUSTOMER"}}))["vpc"]
    sub = ok(api.post("/v1/subnets", {"subnet": {"name": "sub-val", "cidr": "192.168.3.0/24", "gateway_ip": "192.168.3.1",
                                                 "vpc_id": vpc["id"], "site_id": site["id"]}}))["subnet"]
    sysvpc = ok(api.post("/v1/vpcs", {"vpc": {"name": "vpc-val-sys", "cidr": "10.50.0.0/16", "mode": "SYSTEM"}}))["vpc"]
    image = ok(api.get("/v1/images", __imagetype="gold"))["images"][0]
    sg = ok(api.get("/v1/security-groups"))["security_groups"][0]
    e = {"sites": sites, "site": site, "vpc": vpc, "subnet": sub, "sysvpc": sysvpc, "image": image, "sg": sg}
    sid = ok(api.post("/v1/cloudservers", server(e)), 202)["server_ids"][0]
    e["server"] = ok(api.get("/v1/cloudservers/%s" % sid))["server"]  # ACTIVE (--async-seconds 0)
    assert e["server"]["status"] == "ACTIVE"
    e["primary_nic"] = e["server"]["addresses"][vpc["id"]][0]["OS-EXT-IPS:port_id"]
    e["plan"] = ok(api.post("/v1/deployments", deployment(e)))["id"]
    return e


def server(e, **kw):
    s = {"name": "val", "image_ref": e["image"]["id"], "flavor_ref": "s6.small.1", "admin_pass": "Edge-Pass12",
         "net_config": {"vpc_id": e["vpc"]["id"], "subnets": [{"id": e["subnet"]["id"]}]},
         "bandwidth": {"sharetype": "WHOLE"}, "root_volume": {"size": 40, "volume_type": "SAS"},
         "data_volumes": [{"size": 10, "volume_type": "SATA"}], "count": 1, "user_data": "IyEvYmluL3No",
         "coverage": {"coverage_policy": "centralize", "coverage_level": "site",
                      "coverage_sites": [{"site": e["site"]["id"], "demands": [{}]}]}}
    s.update(kw)
    return {"server": s}


def deployment(e, **kw):
    ec = {"name": "ec-val", "description": "validation",
          "coverage": {"coverage_policy": "centralize", "coverage_level": "city",
                       "coverage_sites": [{"site": e["sites"][1]["city"], "demands": [{"demand_count": 1}]}]},
          "stack": {"name": "stack-val", "resources": [{
              "name": "edge", "image_ref": e["image"]["id"], "flavor_ref": "c6.large.2", "admin_pass": "Edge-Pass12",
              "net_config": {"vpc_id": e["sysvpc"]["id"], "nic_num": 1}, "root_volume": {"size": 40, "volume_type": "SATA"},
              "count": 1}]}}
    ec.update(kw)
    return {"edgecloud": ec}


def edit(body, path, value=None, delete=False):
    """A copy of body with the dotted path set (or removed); [n] indexes lists."""
    out = copy.deepcopy(body)
    keys = path.replace("[", ".[").split(".")
    cur = out
    for k in keys[:-1]:
        cur = cur[int(k[1:-1])] if k.startswith("[") else cur[k]
    last = keys[-1]
    if last.startswith("["):
        last = int(last[1:-1])
    if delete:
        del cur[last]
    else:
        cur[last] = value
    return out


S, D = server, deployment
CASES = [
    # id, method, path(e), body(e), status, code
    ("instance-required", "POST", lambda e: "/v1/cloudservers", lambda e: edit(S(e), "server.name", delete=True), 400, "IEC.000007"),
    ("instance-type", "POST", lambda e: "/v1/cloudservers", lambda e: edit(S(e), "server.count", "two"), 400, "IEC.000007"),
    ("instance-length", "POST", lambda e: "/v1/cloudservers", lambda e: edit(S(e), "server.name", LONG), 400, "IEC.000007"),
    ("instance-range-count", "POST", lambda e: "/v1/cloudservers", lambda e: edit(S(e), "server.count", 51), 400, "IEC.000007"),
    ("instance-range-root", "POST", lambda e: "/v1/cloudservers", lambda e: edit(S(e), "server.root_volume.size", 39), 400, "IEC.000007"),
    ("instance-range-data", "POST", lambda e: "/v1/cloudservers", lambda e: edit(S(e), "server.data_volumes[0].size", 501), 400, "IEC.000007"),
    ("instance-enum", "POST", lambda e: "/v1/cloudservers", lambda e: edit(S(e), "server.coverage.coverage_policy", "discrete"), 400, "IEC.000007"),
    ("instance-enum-sharetype", "POST", lambda e: "/v1/cloudservers", lambda e: edit(S(e), "server.bandwidth.sharetype", "PER"), 400, "IEC.000007"),
    ("instance-array-empty", "POST", lambda e: "/v1/cloudservers", lambda e: edit(S(e), "server.coverage.coverage_sites[0].demands", []), 400, "IEC.000007"),
    ("instance-array-two", "POST", lambda e: "/v1/cloudservers",
     lambda e: edit(S(e), "server.coverage.coverage_sites[0].demands", [{}, {}]), 400, "IEC.000007"),
    ("instance-pattern", "POST", lambda e: "/v1/cloudservers", lambda e: edit(S(e), "server.name", "bad name!"), 400, "IEC.010401"),
    ("instance-admin-pass", "POST", lambda e: "/v1/cloudservers", lambda e: edit(S(e), "server.admin_pass", "password1"), 400, "IEC.000007"),
    ("instance-user-data", "POST", lambda e: "/v1/cloudservers", lambda e: edit(S(e), "server.user_data", "not base64!"), 400, "IEC.000007"),
    ("instance-data-volumes", "POST", lambda e: "/v1/cloudservers",
     lambda e: edit(S(e), "server.data_volumes", [{"size": 1, "volume_type": "SATA"}] * 3), 400, "IEC.000007"),
    ("instance-volume-type", "POST", lambda e: "/v1/cloudservers", lambda e: edit(S(e), "server.root_volume.volume_type", "NVME"), 400, "IEC.000007"),
    ("instance-address-pair", "POST", lambda e: "/v1/cloudservers",
     lambda e: edit(S(e), "server.net_config.subnets[0].allowed_address_pairs", [{"ip_address": "0.0.0.0/0"}]), 400, "IEC.000007"),
    ("instance-lines", "POST", lambda e: "/v1/cloudservers",
     lambda e: edit(S(e), "server.coverage.coverage_sites[0].demands[0].pool_ids",
                    [p["pool_id"] for p in e["site"]["pools"] if p["ip_version"] == "4"][:1] * 2), 400, "IEC.000007"),
    ("instance-image", "POST", lambda e: "/v1/cloudservers",
     lambda e: edit(S(e), "server.image_ref", "00000000-0000-0000-0000-000000000000"), 400, "IEC.010641"),
    ("instance-flavor", "POST", lambda e: "/v1/cloudservers", lambda e: edit(S(e), "server.flavor_ref", "x9.huge"), 400, "IEC.010603"),
    ("instance-keypair", "POST", lambda e: "/v1/cloudservers", lambda e: edit(S(e), "server.key_name", "no-such-key"), 404, "IEC.010220"),
    ("instance-sg", "POST", lambda e: "/v1/cloudservers", lambda e: edit(S(e), "server.security_groups", [{"id": "no-such-sg"}]), 404, "IEC.020204"),
    ("instance-vpc", "POST", lambda e: "/v1/cloudservers", lambda e: edit(S(e), "server.net_config.vpc_id", "no-such-vpc"), 404, "IEC.020104"),
    ("instance-subnet", "POST", lambda e: "/v1/cloudservers", lambda e: edit(S(e), "server.net_config.subnets[0].id", "no-such-subnet"), 404, "IEC.020003"),
    ("instance-site", "POST", lambda e: "/v1/cloudservers", lambda e: edit(S(e), "server.coverage.coverage_sites[0].site", "no-such-site"), 404, "IEC.011010"),
    ("instance-site-without-subnet", "POST", lambda e: "/v1/cloudservers",
     lambda e: edit(S(e), "server.coverage.coverage_sites[0].site", e["sites"][1]["id"]), 400, "IEC.010800"),
    ("instance-not-json", "POST", lambda e: "/v1/cloudservers", lambda e: "{not json", 400, "IEC.000010"),
    ("update-length", "PUT", lambda e: "/v1/cloudservers/%s" % e["server"]["id"], lambda e: {"server": {"name": "y" * 65}}, 400, "IEC.000007"),
    ("update-type", "PUT", lambda e: "/v1/cloudservers/%s" % e["server"]["id"], lambda e: {"server": {"name": 7}}, 400, "IEC.000007"),
    ("update-pattern", "PUT", lambda e: "/v1/cloudservers/%s" % e["server"]["id"], lambda e: {"server": {"name": "a b"}}, 400, "IEC.010401"),
    ("update-description", "PUT", lambda e: "/v1/cloudservers/%s" % e["server"]["id"], lambda e: {"server": {"description": "<b>"}}, 400, "IEC.010410"),
    ("update-description-length", "PUT", lambda e: "/v1/cloudservers/%s" % e["server"]["id"],
     lambda e: {"server": {"description": "d" * 86}}, 400, "IEC.000007"),
    ("update-required", "PUT", lambda e: "/v1/cloudservers/%s" % e["server"]["id"], lambda e: {"name": "x"}, 400, "IEC.000007"),
    ("update-missing", "PUT", lambda e: "/v1/cloudservers/no-such-server", lambda e: {"server": {"name": "x"}}, 404, "IEC.010200"),
    ("delete-required", "POST", lambda e: "/v1/cloudservers/delete", lambda e: {}, 400, "IEC.000007"),
    ("delete-missing", "POST", lambda e: "/v1/cloudservers/delete", lambda e: {"servers": [{"id": e["server"]["id"]}, {"id": "nope"}]}, 404, "IEC.010200"),
    ("stop-enum", "POST", lambda e: "/v1/cloudservers/action",
     lambda e: {"os-stop": {"servers": [{"id": e["server"]["id"]}], "type": "SOFTLY"}}, 400, "IEC.000007"),
    ("stop-required", "POST", lambda e: "/v1/cloudservers/action", lambda e: {"os-stop": {"type": "SOFT"}}, 400, "IEC.000007"),
    ("reboot-type-required", "POST", lambda e: "/v1/cloudservers/action", lambda e: {"reboot": {"servers": [{"id": e["server"]["id"]}]}}, 400, "IEC.000007"),
    ("start-state", "POST", lambda e: "/v1/cloudservers/action", lambda e: {"os-start": {"servers": [{"id": e["server"]["id"]}]}}, 400, "IEC.010406"),
    ("start-missing", "POST", lambda e: "/v1/cloudservers/action", lambda e: {"os-start": {"servers": [{"id": "nope"}]}}, 404, "IEC.010200"),
    ("action-unknown", "POST", lambda e: "/v1/cloudservers/action", lambda e: {"os-pause": {"servers": [{"id": e["server"]["id"]}]}}, 400, "IEC.010210"),
    ("change-os-required", "POST", lambda e: "/v1/cloudservers/%s/change-os" % e["server"]["id"], lambda e: {}, 400, "IEC.000007"),
    ("change-os-format", "POST", lambda e: "/v1/cloudservers/%s/change-os" % e["server"]["id"], lambda e: {"image_id": "centos"}, 400, "IEC.010223"),
    ("change-os-image", "POST", lambda e: "/v1/cloudservers/%s/change-os" % e["server"]["id"],
     lambda e: {"image_id": "00000000-0000-0000-0000-000000000000"}, 400, "IEC.010641"),
    ("change-os-length", "POST", lambda e: "/v1/cloudservers/%s/change-os" % e["server"]["id"],
     lambda e: {"image_id": e["image"]["id"], "key_name": "k" * 65}, 400, "IEC.000007"),
    ("change-os-state", "POST", lambda e: "/v1/cloudservers/%s/change-os" % e["server"]["id"], lambda e: {"image_id": e["image"]["id"]}, 409, "IEC.010222"),
    ("add-nics-range", "POST", lambda e: "/v1/cloudservers/%s/nics" % e["server"]["id"],
     lambda e: {"vpc_id": e["vpc"]["id"], "subnet_id": e["subnet"]["id"], "nic_num": 0, "security_groups": [{"id": e["sg"]["id"]}]}, 400, "IEC.000007"),
    ("add-nics-required", "POST", lambda e: "/v1/cloudservers/%s/nics" % e["server"]["id"],
     lambda e: {"vpc_id": e["vpc"]["id"], "nic_num": 1}, 400, "IEC.000007"),
    ("add-nics-max", "POST", lambda e: "/v1/cloudservers/%s/nics" % e["server"]["id"],
     lambda e: {"vpc_id": e["vpc"]["id"], "subnet_id": e["subnet"]["id"], "nic_num": 8, "security_groups": [{"id": e["sg"]["id"]}]}, 400, "IEC.000007"),
    ("add-nics-subnet-needed", "POST", lambda e: "/v1/cloudservers/%s/nics" % e["server"]["id"],
     lambda e: {"vpc_id": e["vpc"]["id"], "nic_num": 1, "security_groups": [{"id": e["sg"]["id"]}]}, 400, "IEC.000007"),
    ("add-nics-vpc", "POST", lambda e: "/v1/cloudservers/%s/nics" % e["server"]["id"],
     lambda e: {"vpc_id": "nope", "subnet_id": e["subnet"]["id"], "nic_num": 1, "security_groups": [{"id": e["sg"]["id"]}]}, 404, "IEC.020104"),
    ("add-nics-sg", "POST", lambda e: "/v1/cloudservers/%s/nics" % e["server"]["id"],
     lambda e: {"vpc_id": e["vpc"]["id"], "subnet_id": e["subnet"]["id"], "nic_num": 1, "security_groups": [{"id": "nope"}]}, 404, "IEC.020204"),
    ("add-nics-subnet", "POST", lambda e: "/v1/cloudservers/%s/nics" % e["server"]["id"],
     lambda e: {"vpc_id": e["vpc"]["id"], "subnet_id": "nope", "nic_num": 1, "security_groups": [{"id": e["sg"]["id"]}]}, 404, "IEC.020003"),
    ("delete-nics-required", "POST", lambda e: "/v1/cloudservers/%s/nics/delete" % e["server"]["id"], lambda e: {}, 400, "IEC.000007"),
    ("delete-nics-unknown", "POST", lambda e: "/v1/cloudservers/%s/nics/delete" % e["server"]["id"], lambda e: {"nics": [{"id": "nope"}]}, 404, "IEC.000022"),
    ("delete-nics-primary", "POST", lambda e: "/v1/cloudservers/%s/nics/delete" % e["server"]["id"],
     lambda e: {"nics": [{"id": e["primary_nic"]}]}, 400, "IEC.000007"),
    ("deployment-required", "POST", lambda e: "/v1/deployments", lambda e: {}, 400, "IEC.000007"),
    ("deployment-length", "POST", lambda e: "/v1/deployments", lambda e: D(e, name="n" * 33), 400, "IEC.000007"),
    ("deployment-pattern", "POST", lambda e: "/v1/deployments", lambda e: D(e, name="bad name"), 400, "IEC.010004"),
    ("deployment-no-name", "POST", lambda e: "/v1/deployments", lambda e: edit(D(e), "edgecloud.name", delete=True), 400, "IEC.010005"),
    ("deployment-name-and-id", "POST", lambda e: "/v1/deployments", lambda e: D(e, id="abc"), 400, "IEC.010303"),
    ("deployment-unknown-id", "POST", lambda e: "/v1/deployments",
     lambda e: edit(edit(D(e), "edgecloud.name", delete=True), "edgecloud.id", "nope"), 404, "IEC.010000"),
    ("deployment-enum-policy", "POST", lambda e: "/v1/deployments", lambda e: edit(D(e), "edgecloud.coverage.coverage_policy", "spread"), 400, "IEC.000007"),
    ("deployment-enum-level", "POST", lambda e: "/v1/deployments", lambda e: edit(D(e), "edgecloud.coverage.coverage_level", "country"), 400, "IEC.000007"),
    ("deployment-range-demand", "POST", lambda e: "/v1/deployments",
     lambda e: edit(D(e), "edgecloud.coverage.coverage_sites[0].demands[0].demand_count", 11), 400, "IEC.000007"),
    ("deployment-range-nics", "POST", lambda e: "/v1/deployments",
     lambda e: edit(D(e), "edgecloud.stack.resources[0].net_config.nic_num", 9), 400, "IEC.000007"),
    ("deployment-length-pass", "POST", lambda e: "/v1/deployments", lambda e: edit(D(e), "edgecloud.stack.resources[0].admin_pass", "Ab1!"), 400, "IEC.000007"),
    ("deployment-count", "POST", lambda e: "/v1/deployments", lambda e: edit(D(e), "edgecloud.stack.resources[0].count", 0), 400, "IEC.010700"),
    ("deployment-customer-vpc", "POST", lambda e: "/v1/deployments",
     lambda e: edit(D(e), "edgecloud.stack.resources[0].net_config.vpc_id", e["vpc"]["id"]), 400, "IEC.010303"),
    ("deployment-location", "POST", lambda e: "/v1/deployments",
     lambda e: edit(D(e), "edgecloud.coverage.coverage_sites[0].site", "atlantis"), 404, "IEC.011010"),
    ("deployment-site-discrete", "POST", lambda e: "/v1/deployments",
     lambda e: edit(edit(edit(D(e), "edgecloud.coverage.coverage_level", "site"), "edgecloud.coverage.coverage_policy", "discrete"),
                    "edgecloud.coverage.coverage_sites[0].site", e["site"]["id"]), 400, "IEC.010800"),
    ("deployment-line-at-area", "POST", lambda e: "/v1/deployments",
     lambda e: edit(edit(edit(D(e), "edgecloud.coverage.coverage_level", "area"), "edgecloud.coverage.coverage_sites[0].site", "east"),
                    "edgecloud.coverage.coverage_sites[0].demands[0].pool_id", e["site"]["pools"][0]["pool_id"]), 400, "IEC.010800"),
    ("deployment-image", "POST", lambda e: "/v1/deployments", lambda e: edit(D(e), "edgecloud.stack.resources[0].image_ref", "nope"), 400, "IEC.010641"),
    ("deployment-flavor", "POST", lambda e: "/v1/deployments", lambda e: edit(D(e), "edgecloud.stack.resources[0].flavor_ref", "nope"), 400, "IEC.010603"),
    ("deploy-unknown", "POST", lambda e: "/v1/deployments/nope/deploy", lambda e: None, 404, "IEC.010100"),
    ("expand-a-deploy-plan", "POST", lambda e: "/v1/deployments/%s/expand" % e["plan"], lambda e: None, 404, "IEC.010100"),
    ("register-length", "POST", lambda e: "/v1/images/register", lambda e: {"image_id": "i" * 37, "region_id": "cn-north-4"}, 400, "IEC.000007"),
    ("register-region", "POST", lambda e: "/v1/images/register", lambda e: {"image_id": "abc", "region_id": "mars-1"}, 400, "IEC.000007"),
    ("register-unknown-image", "POST", lambda e: "/v1/images/register", lambda e: {"image_id": "abc", "region_id": "cn-north-4"}, 400, "IEC.000007"),
    ("create-image-required", "POST", lambda e: "/v1/images/create", lambda e: {"instance_id": e["server"]["id"]}, 400, "IEC.000007"),
    ("create-image-name", "POST", lambda e: "/v1/images/create", lambda e: {"name": " lead", "instance_id": e["server"]["id"]}, 400, "IEC.000007"),
    ("create-image-instance", "POST", lambda e: "/v1/images/create", lambda e: {"name": "img", "instance_id": "nope"}, 404, "IEC.010200"),
    ("retry-enum", "POST", lambda e: "/v1/%s/jobs/abc/action" % e["server"]["domain_id"], lambda e: {"action": "redo"}, 400, "IEC.000007"),
    ("retry-unknown", "POST", lambda e: "/v1/%s/jobs/abc/action" % e["server"]["domain_id"], lambda e: {"action": "retry"}, 404, "IEC.000022"),
    ("retry-other-domain", "POST", lambda e: "/v1/ffffffffffffffffffffffffffffffff/jobs/abc/action", lambda e: {"action": "retry"}, 404, "IEC.000022"),
    ("metric-required", "POST", lambda e: "/v1/batch-query-metric-data", lambda e: {"metrics": [], "period": "300", "filter": "max"}, 400, "IEC.000007"),
    ("metric-period", "POST", lambda e: "/v1/batch-query-metric-data", lambda e: {"metrics": [], "period": "60", "filter": "max", "to": 2}, 400, "IEC.000007"),
    ("metric-filter", "POST", lambda e: "/v1/batch-query-metric-data",
     lambda e: {"metrics": [], "period": "300", "filter": "median", "to": 2}, 400, "IEC.000007"),
    ("metric-window", "POST", lambda e: "/v1/batch-query-metric-data",
     lambda e: {"metrics": [], "period": "300", "filter": "max", "from": 5, "to": 5}, 400, "IEC.000007"),
]

STATE_LISTS = ["/v1/cloudservers?limit=1000", "/v1/cloudvolumes", "/v1/publicips", "/v1/ports", "/v1/subnets",
               "/v1/bandwidths", "/v1/deployments", "/v1/edgeclouds", "/v1/images?__imagetype=private",
               "/v1/security-groups"]


def snapshot(api):
    out = {}
    for path in STATE_LISTS:
        code, body = api.call("GET", path)
        assert code == 200, body
        out[path] = json.dumps(body, sort_keys=True)
    return out


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_invalid_request_changes_nothing(api, emulator, env, case):
    _case_id, method, path_fn, body_fn, status, code = case
    before = snapshot(api)
    emulator.clear_requests()
    path, body = path_fn(env), body_fn(env)
    got, err = api.call(method, path, raw=body if isinstance(body, str) else None, body=None if isinstance(body, str) else body)
    assert (got, err.get("error_code")) == (status, code), err
    assert err["error_msg"]
    log = emulator.requests()
    assert [(r["method"], r["path"], r["status"]) for r in log] == [(method, path, status)]
    assert snapshot(api) == before
