"""Life cycles of the compute and edge-service families on the emulator clock.

The emulator runs with --async-seconds 30 and a frozen clock: nothing changes until a test advances
the clock, so every intermediate state is observed exactly, without sleeping."""
import json

import pytest

from conftest import TokenClient

D = 30


@pytest.fixture(scope="module")
def emu(emulator_module_factory):
    return emulator_module_factory("--async-seconds", str(D))


@pytest.fixture(scope="module")
def emulator_module_factory(tmp_path_factory):
    from conftest import EmulatorProcess
    started = []

    def start(*args):
        e = EmulatorProcess(list(args))
        started.append(e)
        return e
    yield start
    for e in started:
        e.stop()


@pytest.fixture(autouse=True)
def fresh(emu):
    emu.reset()
    emu.freeze()
    yield


@pytest.fixture
def api(emu):
    return TokenClient(emu.url)


def ok(resp, status=200):
    code, body = resp
    assert code == status, body
    return body


def network(api, site_index=0):
    sites = ok(api.get("/v1/sites", limit=1000))["sites"]
    site = sites[site_index]
    vpc = ok(api.post("/v1/vpcs", {"vpc": {"name": "vpc-lc", "cidr": "192.168.0.0/16", "mode": "CUSTOMER"}}))["vpc"]
    sub = ok(api.post("/v1/subnets", {"subnet": {"name": "sub-lc", "cidr": "192.168.7.0/24", "gateway_ip": "192.168.7.1",
                                                 "vpc_id": vpc["id"], "site_id": site["id"]}}))["subnet"]
    image = next(i for i in ok(api.get("/v1/images", __imagetype="gold"))["images"] if i["name"].startswith("CentOS"))
    return {"sites": sites, "site": site, "vpc": vpc, "subnet": sub, "image": image}


def server_body(n, name="lc", count=1, bandwidth=True, data=True):
    s = {"name": name, "image_ref": n["image"]["id"], "flavor_ref": "s6.medium.2", "admin_pass": "Edge-Pass12",
         "net_config": {"vpc_id": n["vpc"]["id"], "subnets": [{"id": n["subnet"]["id"]}]},
         "root_volume": {"size": 40, "volume_type": "SAS"}, "count": count,
         "coverage": {"coverage_policy": "centralize", "coverage_level": "site",
                      "coverage_sites": [{"site": n["site"]["id"], "demands": [{}]}]}}
    if bandwidth:
        s["bandwidth"] = {"sharetype": "WHOLE"}
    if data:
        s["data_volumes"] = [{"size": 20, "volume_type": "SATA"}]
    return {"server": s}


def show(api, sid):
    return api.get("/v1/cloudservers/%s" % sid)


def status(api, sid):
    code, body = show(api, sid)
    return body["server"]["status"] if code == 200 else code


def test_build_to_active(api, emu):
    n = network(api)
    made = ok(api.post("/v1/cloudservers", server_body(n)), 202)
    sid = made["server_ids"][0]
    s = ok(show(api, sid))["server"]
    assert (s["status"], s["OS-EXT-STS:task_state"], s["progress"]) == ("BUILD", "spawning", 0)
    vols = ok(api.get("/v1/cloudvolumes"))["volumes"]
    assert sorted(v["status"] for v in vols) == ["creating", "creating"]
    eips = ok(api.get("/v1/publicips"))["publicips"]
    assert [e["status"] for e in eips] == ["PENDING_CREATE"]
    emu.advance(D - 1)
    assert status(api, sid) == "BUILD"
    emu.advance(1)
    s = ok(show(api, sid))["server"]
    assert (s["status"], s["OS-EXT-STS:vm_state"], s["OS-EXT-STS:power_state"], s["progress"]) == ("ACTIVE", "active", 1, 100)
    assert s["OS-SRV-USG:launched_at"]
    assert sorted(v["status"] for v in ok(api.get("/v1/cloudvolumes"))["volumes"]) == ["in-use", "in-use"]
    eip = ok(api.get("/v1/publicips"))["publicips"][0]
    port = ok(api.get("/v1/ports", device_id=sid))["ports"][0]
    assert (eip["status"], eip["port_id"], port["status"]) == ("ACTIVE", port["id"], "ACTIVE")
    assert eip["private_ip_address"] == port["fixed_ips"][0]["ip_address"]


def test_status_filter_outside_the_seed_list_answers_an_empty_list(api, emu):
    # Seed 4.2.1: "非上面范围的status字段将返回空列表" - not an error.
    n = network(api)
    ok(api.post("/v1/cloudservers", server_body(n, bandwidth=False)), 202)
    emu.advance(D)
    assert ok(api.get("/v1/cloudservers", status="ACTIVE"))["servers"]
    assert ok(api.get("/v1/cloudservers", status="NOT-A-STATUS"))["servers"] == []


def test_stop_start_reboot(api, emu):
    n = network(api)
    sid = ok(api.post("/v1/cloudservers", server_body(n, bandwidth=False)), 202)["server_ids"][0]
    emu.advance(D)
    ok(api.post("/v1/cloudservers/action", {"os-stop": {"servers": [{"id": sid}], "type": "SOFT"}}))
    s = ok(show(api, sid))["server"]
    assert (s["status"], s["OS-EXT-STS:task_state"]) == ("ACTIVE", "powering-off")
    # A second action while one is running is refused, and changes nothing.
    code, err = api.post("/v1/cloudservers/action", {"reboot": {"servers": [{"id": sid}], "type": "SOFT"}})
    assert (code, err["error_code"]) == (400, "IEC.010406")
    emu.advance(D)
    s = ok(show(api, sid))["server"]
    assert (s["status"], s["OS-EXT-STS:power_state"], s["OS-EXT-STS:task_state"]) == ("SHUTOFF", 4, "")
    assert ok(api.get("/v1/cloudservers", status="SHUTOFF"))["count"] == 1
    code, err = api.post("/v1/cloudservers/action", {"os-stop": {"servers": [{"id": sid}]}})
    assert (code, err["error_code"]) == (400, "IEC.010406")
    ok(api.post("/v1/cloudservers/action", {"os-start": {"servers": [{"id": sid}]}}))
    assert status(api, sid) == "SHUTOFF"
    emu.advance(D)
    assert status(api, sid) == "ACTIVE"
    ok(api.post("/v1/cloudservers/action", {"reboot": {"servers": [{"id": sid}], "type": "SOFT"}}))
    assert status(api, sid) == "REBOOT"
    # Seed 4.2.1: the ACTIVE filter also finds instances that are rebooting.
    assert ok(api.get("/v1/cloudservers", status="ACTIVE"))["count"] == 1
    emu.advance(D)
    assert status(api, sid) == "ACTIVE"
    ok(api.post("/v1/cloudservers/action", {"reboot": {"servers": [{"id": sid}], "type": "HARD"}}))
    assert status(api, sid) == "HARD_REBOOT"
    emu.advance(D)
    assert status(api, sid) == "ACTIVE"


def test_change_os_rebuild(api, emu):
    n = network(api)
    sid = ok(api.post("/v1/cloudservers", server_body(n, bandwidth=False)), 202)["server_ids"][0]
    emu.advance(D)
    # Spaces go as %20 (the SDK's encoding; the emulator keeps '+' literally).
    ubuntu = ok(api.call("GET", "/v1/images?name=Ubuntu%2022.04%20server%2064bit"))["images"][0]
    code, err = api.post("/v1/cloudservers/%s/change-os" % sid, {"image_id": ubuntu["id"]})
    assert (code, err["error_code"]) == (409, "IEC.010222")  # only stopped instances change OS
    ok(api.post("/v1/cloudservers/action", {"os-stop": {"servers": [{"id": sid}]}}))
    emu.advance(D)
    ok(api.post("/v1/cloudservers/%s/change-os" % sid, {"image_id": ubuntu["id"]}))
    s = ok(show(api, sid))["server"]
    assert (s["status"], s["metadata"]["image_name"]) == ("REBUILD", "CentOS 7.6 64bit")
    emu.advance(D)
    s = ok(show(api, sid))["server"]
    assert (s["status"], s["metadata"]["image_name"]) == ("ACTIVE", "Ubuntu 22.04 server 64bit")


def test_failure_has_a_fault(api, emu):
    n = network(api)
    sid = ok(api.post("/v1/cloudservers", server_body(n, name="bad-fail-me")), 202)["server_ids"][0]
    assert status(api, sid) == "BUILD"
    emu.advance(D)
    s = ok(show(api, sid))["server"]
    assert s["status"] == "ERROR" and s["OS-EXT-STS:vm_state"] == "error"
    # No source documents a server "fault" object (seed 4.2.3, SDK InstanceDetail, golangsdk servers):
    # the emulator keeps the reason internally and the answer does not carry it.
    assert "fault" not in s
    listed = ok(api.get("/v1/cloudservers", status="ERROR"))
    assert listed["count"] == 1 and listed["servers"][0]["id"] == sid
    assert ok(api.get("/v1/cloudservers", status="ACTIVE"))["count"] == 0


def test_delete_removes_public_ips_volumes_and_ports(api, emu):
    n = network(api)
    keep = ok(api.post("/v1/cloudservers", server_body(n, name="keep")), 202)["server_ids"][0]
    sid = ok(api.post("/v1/cloudservers", server_body(n, name="gone")), 202)["server_ids"][0]
    code, err = api.post("/v1/cloudservers/delete", {"servers": [{"id": sid}]})
    assert (code, err["error_code"]) == (400, "IEC.010203")  # still BUILD
    emu.advance(D)
    assert ok(api.get("/v1/publicips"))["count"] == 2
    assert ok(api.get("/v1/cloudvolumes"))["count"] == 4
    ok(api.post("/v1/cloudservers/delete", {"servers": [{"id": sid}]}), 202)
    s = ok(show(api, sid))["server"]
    assert s["OS-EXT-STS:task_state"] == "deleting"
    assert ok(api.get("/v1/publicips"))["count"] == 2
    emu.advance(D)
    assert show(api, sid)[0] == 404 and show(api, sid)[1]["error_code"] == "IEC.010200"
    eips = ok(api.get("/v1/publicips"))["publicips"]
    ports = {p["id"] for p in ok(api.get("/v1/ports", device_id=keep))["ports"]}
    assert len(eips) == 1 and eips[0]["port_id"] in ports
    vols = ok(api.get("/v1/cloudvolumes"))["volumes"]
    assert len(vols) == 2 and all(v["attachments"][0]["server_id"] == keep for v in vols)
    assert ok(api.get("/v1/ports", device_id=sid))["ports"] == []
    bw = ok(api.get("/v1/bandwidths"))["bandwidths"]
    assert [len(b["publicip_info"]) for b in bw] == [1]
    assert ok(api.get("/v1/cloudservers"))["count"] == 1


def deployment(n, vpc, cities, name=None, ec_id=None, demand=1):
    return {"edgecloud": dict({"name": name} if name else {"id": ec_id}, **{
        "coverage": {"coverage_policy": "centralize", "coverage_level": "city",
                     "coverage_sites": [{"site": c, "demands": [{"demand_count": demand}]} for c in cities]},
        "stack": {"name": "stack-lc", "resources": [{
            "name": "edge", "image_ref": n["image"]["id"], "flavor_ref": "c6.large.2", "admin_pass": "Edge-Pass12",
            "net_config": {"vpc_id": vpc["id"], "nic_num": 1}, "bandwidth": {"sharetype": "WHOLE"},
            "root_volume": {"size": 40, "volume_type": "SATA"}, "count": 1}]}})}


def test_edge_cloud_three_sites_expand_delete(api, emu):
    n = network(api)
    vpc = ok(api.post("/v1/vpcs", {"vpc": {"name": "vpc-sys", "cidr": "10.30.0.0/16", "mode": "SYSTEM"}}))["vpc"]
    cities = [s["city"] for s in n["sites"][:3]]
    plan = ok(api.post("/v1/deployments", deployment(n, vpc, cities, name="ec-lc")))
    assert len(plan["locations"]) == 3 and all(loc["stack_count"] == 1 for loc in plan["locations"])
    run = ok(api.post("/v1/deployments/%s/deploy" % plan["id"]))
    assert run["status"] == "creating"
    ec_id = run["id"]
    # The plan is closed: executing it again is refused.
    code, err = api.post("/v1/deployments/%s/deploy" % plan["id"])
    assert (code, err["error_code"]) == (404, "IEC.010100")
    ec = ok(api.get("/v1/edgeclouds/%s" % ec_id))
    assert (ec["status"], ec["success_num"], ec["failed_num"]) == ("creating", 0, 0)
    code, err = api.post("/v1/deployments", deployment(n, vpc, cities, name="ec-lc"))
    assert (code, err["error_code"]) == (409, "IEC.010008")  # the edge cloud name is taken
    grow = ok(api.post("/v1/deployments", deployment(n, vpc, cities, ec_id=ec_id)))
    code, err = api.post("/v1/deployments/%s/expand" % grow["id"])
    assert (code, err["error_code"]) == (400, "IEC.010002")  # still creating
    servers = ok(api.get("/v1/cloudservers", edgecloud_id=ec_id))["servers"]
    assert sorted(s["status"] for s in servers) == ["BUILD"] * 3
    emu.advance(D)
    ec = ok(api.get("/v1/edgeclouds/%s" % ec_id))
    assert (ec["status"], ec["success_num"], ec["failed_num"], ec["edge_regions"]) == ("inService", 3, 0, 3)
    ok(api.post("/v1/deployments/%s/expand" % grow["id"]))
    assert ok(api.get("/v1/edgeclouds/%s" % ec_id))["status"] == "updating"
    emu.advance(D)
    ec = ok(api.get("/v1/edgeclouds/%s" % ec_id))
    assert (ec["status"], ec["success_num"]) == ("inService", 6)
    assert [cs["demands"][0]["demand_count"] for cs in ec["coverage"]["coverage_sites"]] == [2, 2, 2]
    servers = ok(api.get("/v1/cloudservers", edgecloud_id=ec_id))["servers"]
    per_site = {}
    for s in servers:
        per_site.setdefault(s["geolocation"]["id"], []).append(s["name"])
        assert s["edgecloud_name"] == "ec-lc" and s["status"] == "ACTIVE"
    assert sorted(len(v) for v in per_site.values()) == [2, 2, 2]
    assert all(sorted(x[-9:] for x in names) == ["edge-0001", "edge-0002"] for names in per_site.values())
    assert ok(api.get("/v1/publicips"))["count"] == 6
    # Each site got its system subnet from the VPC, and the instances' addresses come from it.
    subnets = ok(api.get("/v1/subnets", vpc_id=vpc["id"]))["subnets"]
    assert len(subnets) == 3
    quotas = {q["type"]: q["used"] for q in ok(api.get("/v1/edgeclouds/quotas"))["quotas"]["resources"]}
    assert (quotas["edgeclouds"], quotas["instance"], quotas["vcpu"], quotas["volume"]) == (1, 6, 12, 6)
    ok(api.delete("/v1/edgeclouds/%s" % ec_id), 202)
    assert ok(api.get("/v1/edgeclouds/%s" % ec_id))["status"] == "deleting"
    emu.advance(D)
    code, err = api.get("/v1/edgeclouds/%s" % ec_id)
    assert (code, err["error_code"]) == (404, "IEC.010000")
    assert ok(api.get("/v1/cloudservers"))["count"] == 0
    assert ok(api.get("/v1/publicips"))["count"] == 0
    assert ok(api.get("/v1/cloudvolumes"))["count"] == 0
    assert ok(api.get("/v1/edgeclouds"))["count"] == 0
    # The system subnets went with their last instance, so the system VPC can be deleted now.
    assert ok(api.get("/v1/subnets", vpc_id=vpc["id"]))["count"] == 0
    ok(api.delete("/v1/vpcs/%s" % vpc["id"]), 204)


def subnet_names(api, vpc):
    return sorted(s["name"] for s in ok(api.get("/v1/subnets", vpc_id=vpc["id"]))["subnets"])


def refused(resp, status, code):
    got, body = resp
    assert (got, body.get("error_code")) == (status, code), body


def test_system_subnets_go_with_their_last_user_when_it_is_gone(api, emu):
    # Seed 4.7.2: in a SYSTEM-mode VPC "系统会自动按照实际需要创建足够的子网" (IEC creates the subnets the
    # actual need calls for); the customer may not handle them (IEC.020107) and a VPC with subnets cannot be
    # deleted (4.7.5, IEC.020113). So IEC removes a subnet it planned once nothing uses it - and not before.
    n = network(api)
    vpc = ok(api.post("/v1/vpcs", {"vpc": {"name": "vpc-sys", "cidr": "10.33.0.0/16", "mode": "SYSTEM"}}))["vpc"]
    cities = [s["city"] for s in n["sites"][:3]]
    ec_id = ok(api.post("/v1/deployments/%s/deploy" % ok(api.post(
        "/v1/deployments", deployment(n, vpc, cities, name="ec-sub")))["id"]))["id"]
    emu.advance(D)
    subnets = ok(api.get("/v1/subnets", vpc_id=vpc["id"]))["subnets"]
    assert len(subnets) == 3
    refused(api.delete("/v1/subnets/%s" % subnets[0]["id"]), 400, "IEC.020107")
    refused(api.delete("/v1/vpcs/%s" % vpc["id"]), 409, "IEC.020113")
    # A virtual IP on the first site's subnet uses it too.
    vip = ok(api.post("/v1/ports", {"port": {"network_id": subnets[0]["neutron_network_id"],
                                             "device_owner": "neutron:VIP_PORT"}}))["port"]
    servers = ok(api.get("/v1/cloudservers", edgecloud_id=ec_id))["servers"]
    ok(api.post("/v1/cloudservers/delete", {"servers": [{"id": s["id"]} for s in servers]}), 202)
    # The instances are deleted asynchronously: until they are gone, their subnets stay.
    emu.advance(D - 1)
    assert {status(api, s["id"]) for s in servers} == {"ACTIVE"}
    assert len(subnet_names(api, vpc)) == 3
    refused(api.delete("/v1/vpcs/%s" % vpc["id"]), 409, "IEC.020113")
    emu.advance(1)
    assert {status(api, s["id"]) for s in servers} == {404}
    # The subnets without a user went with the instances; the virtual IP keeps the first one.
    assert subnet_names(api, vpc) == [subnets[0]["name"]]
    refused(api.delete("/v1/vpcs/%s" % vpc["id"]), 409, "IEC.020113")
    ok(api.delete("/v1/edgeclouds/%s" % ec_id), 202)
    emu.advance(D)
    assert subnet_names(api, vpc) == [subnets[0]["name"]]
    ok(api.delete("/v1/ports/%s" % vip["id"]), 204)
    assert subnet_names(api, vpc) == []
    ok(api.delete("/v1/vpcs/%s" % vpc["id"]), 204)


def test_a_system_subnet_goes_with_the_last_nic_removed(api, emu):
    # An instance of a CUSTOMER-mode VPC gets a NIC in a SYSTEM-mode VPC: IEC plans a subnet there for it,
    # and removes it with that NIC (nothing else uses it), so the SYSTEM-mode VPC can be deleted again.
    n = network(api)
    sid = ok(api.post("/v1/cloudservers", server_body(n, bandwidth=False, data=False)), 202)["server_ids"][0]
    emu.advance(D)
    vpc = ok(api.post("/v1/vpcs", {"vpc": {"name": "vpc-sys", "cidr": "10.34.0.0/16", "mode": "SYSTEM"}}))["vpc"]
    group = ok(api.get("/v1/security-groups"))["security_groups"][0]
    ok(api.post("/v1/cloudservers/%s/nics" % sid, {"vpc_id": vpc["id"], "nic_num": 1,
                                                   "security_groups": [{"id": group["id"]}]}))
    subnets = ok(api.get("/v1/subnets", vpc_id=vpc["id"]))["subnets"]
    assert len(subnets) == 1
    nic = [p for p in ok(api.get("/v1/ports", device_id=sid))["ports"]
           if p["network_id"] == subnets[0]["id"]]
    assert len(nic) == 1
    refused(api.delete("/v1/vpcs/%s" % vpc["id"]), 409, "IEC.020113")
    ok(api.post("/v1/cloudservers/%s/nics/delete" % sid, {"nics": [{"id": nic[0]["id"]}]}))
    assert subnet_names(api, vpc) == []
    ok(api.delete("/v1/vpcs/%s" % vpc["id"]), 204)
    # The instance keeps its own NIC and its customer subnet.
    assert [p["network_id"] for p in ok(api.get("/v1/ports", device_id=sid))["ports"]] == [n["subnet"]["id"]]
    assert subnet_names(api, n["vpc"]) == ["sub-lc"]


def test_edge_cloud_failure(api, emu):
    n = network(api)
    vpc = ok(api.post("/v1/vpcs", {"vpc": {"name": "vpc-sys", "cidr": "10.31.0.0/16", "mode": "SYSTEM"}}))["vpc"]
    cities = [s["city"] for s in n["sites"][:3]]
    plan = ok(api.post("/v1/deployments", deployment(n, vpc, cities, name="ec-fail-me")))
    ec_id = ok(api.post("/v1/deployments/%s/deploy" % plan["id"]))["id"]
    emu.advance(D)
    ec = ok(api.get("/v1/edgeclouds/%s" % ec_id))
    assert (ec["status"], ec["success_num"], ec["failed_num"]) == ("failed", 0, 3)
    assert ec["fail_reason"]["fail_code"] == "IEC.010900" and "3 of 3" in ec["fail_reason"]["fail_message"]
    listed = ok(api.get("/v1/edgeclouds"))["edgeclouds"][0]
    assert (listed["status"], listed["failed_num"]) == ("failed", 3)
    grow = ok(api.post("/v1/deployments", deployment(n, vpc, cities, ec_id=ec_id)))
    code, err = api.post("/v1/deployments/%s/expand" % grow["id"])
    assert (code, err["error_code"]) == (400, "IEC.010009")
    ok(api.delete("/v1/edgeclouds/%s" % ec_id), 202)
    emu.advance(D)
    assert ok(api.get("/v1/edgeclouds"))["count"] == 0 and ok(api.get("/v1/cloudservers"))["count"] == 0


def test_image_lifecycle(api, emu):
    n = network(api)
    sid = ok(api.post("/v1/cloudservers", server_body(n, bandwidth=False)), 202)["server_ids"][0]
    emu.advance(D)
    made = ok(api.post("/v1/images/create", {"name": "img-lc", "instance_id": sid}))
    assert ok(api.get("/v1/images/%s" % made["image_id"]))["status"] == "queued"
    emu.advance(D / 2)
    assert ok(api.get("/v1/images/%s" % made["image_id"]))["status"] == "saving"
    assert ok(api.get("/v1/images", status="saving"))["total"] == 1
    emu.advance(D / 2)
    assert ok(api.get("/v1/images/%s" % made["image_id"]))["status"] == "active"
    bad = ok(api.post("/v1/images/create", {"name": "img-fail-me", "instance_id": sid}))
    emu.advance(D)
    assert ok(api.get("/v1/images/%s" % bad["image_id"]))["status"] == "killed"
    dom = ok(api.get("/v1/images/%s" % bad["image_id"]))["owner"]
    ok(api.post("/v1/%s/jobs/%s/action" % (dom, bad["job_id"]), {"action": "retry"}), 204)
    assert ok(api.get("/v1/images/%s" % bad["image_id"]))["status"] == "queued"
    emu.advance(D)
    assert ok(api.get("/v1/images/%s" % bad["image_id"]))["status"] == "active"
    # The new image can be used to create instances.
    body = server_body(n, name="from-image", bandwidth=False)
    body["server"]["image_ref"] = made["image_id"]
    new = ok(api.post("/v1/cloudservers", body), 202)["server_ids"][0]
    assert ok(show(api, new))["server"]["metadata"]["image_name"] == "img-lc"


def test_quota_exhaustion_creates_nothing(emulator_module_factory, tmp_path):
    from iec_emulator.accounts import DEMO, demo_accounts_doc
    doc = demo_accounts_doc()
    doc["domains"][0]["quotas"] = {"instance": 3, "edgeclouds": 1}
    path = tmp_path / "accounts.json"
    path.write_text(json.dumps(doc))
    emu = emulator_module_factory("--async-seconds", "0", "--accounts", str(path))
    api = TokenClient(emu.url)
    n = network(api)
    ok(api.post("/v1/cloudservers", server_body(n, name="two", count=2)), 202)
    before = {p: ok(api.get(p))["count"] for p in ("/v1/cloudservers", "/v1/publicips", "/v1/cloudvolumes", "/v1/ports")}
    emu.clear_requests()
    code, err = api.post("/v1/cloudservers", server_body(n, name="more", count=2))
    assert (code, err["error_code"]) == (400, "IEC.010910")
    log = emu.requests()
    assert [(r["method"], r["path"], r["status"]) for r in log] == [("POST", "/v1/cloudservers", 400)]
    after = {p: ok(api.get(p))["count"] for p in before}
    assert after == before
    quotas = {q["type"]: (q["used"], q["quota"]) for q in ok(api.get("/v1/edgeclouds/quotas"))["quotas"]["resources"]}
    assert quotas["instance"] == (2, 3) and quotas["volume"][0] == 4
    # The same quota holds for edge clouds: 2 more instances through a deployment are refused too.
    vpc = ok(api.post("/v1/vpcs", {"vpc": {"name": "vpc-sys", "cidr": "10.32.0.0/16", "mode": "SYSTEM"}}))["vpc"]
    plan = ok(api.post("/v1/deployments", deployment(n, vpc, [n["sites"][1]["city"], n["sites"][2]["city"]], name="ec-q")))
    code, err = api.post("/v1/deployments/%s/deploy" % plan["id"])
    assert (code, err["error_code"]) == (400, "IEC.010910")
    assert ok(api.get("/v1/edgeclouds"))["count"] == 0 and ok(api.get("/v1/subnets", vpc_id=vpc["id"]))["count"] == 0
    assert ok(api.get("/v1/deployments", status="open"))["count"] == 1
    assert ok(api.get("/v1/cloudservers"))["count"] == 2
    assert DEMO["domain_id"] == ok(api.get("/v1/cloudservers"))["servers"][0]["domain_id"]


def test_page_number_pagination(api, emu):
    n = network(api)
    ok(api.post("/v1/cloudservers", server_body(n, name="pg", count=50, bandwidth=False, data=False)), 202)
    ok(api.post("/v1/cloudservers", server_body(n, name="pz", count=10, bandwidth=False, data=False)), 202)
    default = ok(api.get("/v1/cloudservers"))
    assert default["count"] == 60 and len(default["servers"]) == 25  # seed 4.2.1: 25 per page by default
    pages = {}
    for offset in (0, 1, 2, 3, 4):
        body = ok(api.get("/v1/cloudservers", limit=25, offset=offset))
        assert body["count"] == 60 and body["err_sites"] == []
        pages[offset] = [s["id"] for s in body["servers"]]
    assert pages[0] == pages[1] and [len(pages[k]) for k in (1, 2, 3, 4)] == [25, 25, 10, 0]
    ids = pages[1] + pages[2] + pages[3]
    assert len(set(ids)) == 60
    assert ok(api.get("/v1/cloudservers", limit=1000))["count"] == 60
    assert len(ok(api.get("/v1/cloudservers", limit=1000))["servers"]) == 60
    assert ok(api.get("/v1/cloudservers", name="pz", limit=4, offset=3))["servers"][0]["name"].endswith("pz-0009")
    code, err = api.get("/v1/cloudservers", offset=-1)
    assert (code, err["error_code"]) == (400, "IEC.000006")
    flavors = [f["id"] for f in ok(api.get("/v1/cloudservers/flavors"))["flavors"]]
    assert len(flavors) == 8
    got = [ok(api.get("/v1/cloudservers/flavors", limit=3, offset=k)) for k in (1, 2, 3, 4)]
    assert [g["count"] for g in got] == [8, 8, 8, 8]
    assert [[f["id"] for f in g["flavors"]] for g in got] == [flavors[0:3], flavors[3:6], flavors[6:8], []]
    assert [f["id"] for f in ok(api.get("/v1/cloudservers/flavors", limit=3))["flavors"]] == flavors[:3]


def test_err_sites(api, emu):
    n = network(api)
    ok(api.post("/v1/cloudservers", server_body(n, name="here", count=2, bandwidth=False)), 202)
    emu.hook("PUT", "faults", {"err_sites": [n["site"]["id"]]})
    try:
        body = ok(api.get("/v1/cloudservers"))
        assert (body["count"], body["servers"], body["err_sites"]) == (0, [], [n["site"]["id"]])
    finally:
        emu.hook("DELETE", "faults")
    assert ok(api.get("/v1/cloudservers"))["count"] == 2


def test_metric_from_is_rounded_down(api, emu):
    n = network(api)
    sid = ok(api.post("/v1/cloudservers", server_body(n, bandwidth=False)), 202)["server_ids"][0]
    body = {"metrics": [{"namespace": "SYS.IEC", "metric_name": "network_incoming_bits_rate",
                         "dimensions": [{"name": "instance_id", "value": sid}]}],
            "period": "3600", "filter": "max", "from": 1700001000000, "to": 1700010000000}
    out = ok(api.post("/v1/batch-query-metric-data", body))
    points = out[0]["datapoints"]
    assert out[0]["unit"] == "bit/s" and [p["timestamp"] for p in points][:2] == [1699999200000, 1700002800000]
    assert len(points) == 3 and all(set(p) == {"max", "timestamp"} for p in points)
