"""Isolation between domains, token expiry on the emulator clock, persistence under kill -9,
concurrent creators, faults, the request log and TLS."""
import json
import random
import subprocess
import threading

import pytest
import requests

from conftest import EmulatorProcess, TokenClient

TWO_DOMAINS = {"domains": [
    {"name": "alpha", "id": "a" * 32, "users": [{"name": "ann", "password": "pw-a"}],
     "access_keys": [{"ak": "ALPHAAK0000000000001", "sk": "alpha-secret"}]},
    {"name": "beta", "id": "b" * 32, "users": [{"name": "bob", "password": "pw-b"}],
     "access_keys": [{"ak": "BETAAK00000000000001", "sk": "beta-secret"}], "quotas": {"vpc": 2}},
]}


@pytest.fixture(scope="module")
def two(tmp_path_factory):
    p = tmp_path_factory.mktemp("acc") / "accounts.yaml"
    import yaml
    p.write_text(yaml.safe_dump(TWO_DOMAINS))
    emu = EmulatorProcess(["--accounts", str(p), "--async-seconds", "30", "--token-ttl", "3600"])
    yield emu
    emu.stop()


def vpc_body(name, cidr="10.0.0.0/16"):
    return {"vpc": {"name": name, "cidr": cidr, "mode": "CUSTOMER"}}


def test_domains_are_isolated(two):
    a = TokenClient(two.url, "ann", "pw-a", "alpha")
    b = TokenClient(two.url, "bob", "pw-b", "beta")
    st, vpc = a.post("/v1/vpcs", vpc_body("same-name"))
    assert st == 200
    vid = vpc["vpc"]["id"]
    assert b.get("/v1/vpcs/" + vid) == (404, {"error_code": "IEC.020104", "error_msg": "the vpc is not found"})
    assert b.get("/v1/vpcs")[1]["count"] == 0
    st = b.put("/v1/vpcs/" + vid, {"vpc": {"name": "stolen"}})[0]
    assert st == 404
    assert b.delete("/v1/vpcs/" + vid)[0] == 404
    # Names are unique per domain only.
    assert b.post("/v1/vpcs", vpc_body("same-name"))[0] == 200
    assert a.get("/v1/vpcs/" + vid)[1]["vpc"]["name"] == "same-name"
    # A key pair name is an id too.
    assert a.post("/v1/os-keypairs", {"name": "k"})[0] == 201
    assert b.get("/v1/os-keypairs/k")[0] == 404


def test_quota_override_and_exhaustion(two):
    b = TokenClient(two.url, "bob", "pw-b", "beta")
    have = b.get("/v1/vpcs")[1]["count"]
    for i in range(2 - have):
        assert b.post("/v1/vpcs", vpc_body("q%d" % i))[0] == 200
    st, out = b.post("/v1/vpcs", vpc_body("over"))
    assert (st, out["error_code"]) == (400, "IEC.020401")
    quotas = {r["type"]: r for r in b.get("/v1/edgeclouds/quotas")[1]["quotas"]["resources"]}
    assert (quotas["vpc"]["quota"], quotas["vpc"]["used"]) == (2, 2)


@pytest.fixture
def frozen(two):
    """The clock of `two` stands still but for advance(): a slow machine cannot move a token or a subnet on."""
    two.freeze()
    yield two
    two.freeze(False)


def test_token_errors_and_expiry(two, frozen):
    a = TokenClient(two.url, "ann", "pw-a", "alpha")
    assert a.get("/v1/vpcs")[0] == 200
    plain = requests.get(two.url + "/v1/vpcs", timeout=10)
    assert (plain.status_code, plain.json()["error_code"]) == (401, "IEC.000002")
    assert plain.headers["X-Request-Id"]
    bad = requests.get(two.url + "/v1/vpcs", headers={"X-Auth-Token": a.token[:-2] + "00"}, timeout=10)
    assert (bad.status_code, bad.json()["error_code"]) == (401, "IEC.000003")
    two.advance(3599)
    assert a.get("/v1/vpcs")[0] == 200
    two.advance(2)
    st, out = a.get("/v1/vpcs")
    assert (st, out["error_code"]) == (401, "IEC.000004")
    wrong = requests.post(two.url + "/v3/auth/tokens", json={"auth": {"identity": {"methods": ["password"], "password": {
        "user": {"name": "ann", "password": "nope", "domain": {"name": "alpha"}}}}, "scope": {"domain": {"name": "alpha"}}}}, timeout=10)
    assert wrong.status_code == 401 and "X-Subject-Token" not in wrong.headers
    # A project-scoped token carries no domain: IEC refuses it (seed IEC.000009).
    proj = requests.post(two.url + "/v3/auth/tokens", json={"auth": {"identity": {"methods": ["password"], "password": {
        "user": {"name": "ann", "password": "pw-a", "domain": {"name": "alpha"}}}}, "scope": {"project": {"name": "cn-north-4"}}}}, timeout=10)
    assert proj.status_code == 201
    r = requests.get(two.url + "/v1/vpcs", headers={"X-Auth-Token": proj.headers["X-Subject-Token"]}, timeout=10)
    assert (r.status_code, r.json()["error_code"]) == (401, "IEC.000009")


def test_async_subnet_follows_the_clock(two, frozen):
    a = TokenClient(two.url, "ann", "pw-a", "alpha")
    site = a.get("/v1/sites", limit=1)[1]["sites"][0]["id"]
    vpc = a.post("/v1/vpcs", vpc_body("async", "172.16.0.0/16"))[1]["vpc"]
    ok = a.post("/v1/subnets", {"subnet": {"name": "ok", "cidr": "172.16.1.0/24", "gateway_ip": "172.16.1.1",
                                           "vpc_id": vpc["id"], "site_id": site}})[1]["subnet"]
    bad = a.post("/v1/subnets", {"subnet": {"name": "please-fail-me", "cidr": "172.16.2.0/24",
                                            "gateway_ip": "172.16.2.1", "vpc_id": vpc["id"], "site_id": site}})[1]["subnet"]
    two.advance(29)
    assert a.get("/v1/subnets/" + ok["id"])[1]["subnet"]["status"] == "UNKNOWN"
    two.advance(1)
    assert a.get("/v1/subnets/" + ok["id"])[1]["subnet"]["status"] == "ACTIVE"
    assert a.get("/v1/subnets/" + bad["id"])[1]["subnet"]["status"] == "ERROR"
    st, out = a.delete("/v1/vpcs/" + vpc["id"])
    assert (st, out["error_code"]) == (409, "IEC.020113")


def test_persistence_survives_kill_9(tmp_path):
    state = str(tmp_path / "emu.state.json")
    rng = random.Random(7)
    created = set()
    for round_ in range(6):
        emu = EmulatorProcess(["--state-file", state, "--async-seconds", "0"])
        try:
            api = TokenClient(emu.url)
            listed = {v["id"] for v in api.get("/v1/vpcs", limit=1000)[1]["vpcs"]}
            # Every VPC whose creation was acknowledged before a kill is there after the restart.
            assert created <= listed
            created = listed
            stop = threading.Event()
            acked = []

            def writer():
                i = 0
                while not stop.is_set():
                    try:
                        st, out = api.post("/v1/vpcs", vpc_body("r%d-%d" % (round_, i), "10.%d.0.0/16" % (i % 250)))
                    except requests.RequestException:
                        return
                    if st == 200:
                        acked.append(out["vpc"]["id"])
                    i += 1
                    if i >= 40:
                        return

            t = threading.Thread(target=writer)
            t.start()
            # Kill at a random moment while the writer is running.
            deadline_requests = rng.randint(3, 30)
            while len(acked) < deadline_requests and t.is_alive():
                t.join(0.005)
            emu.kill()
            stop.set()
            t.join(10)
            created |= set(acked)
        finally:
            emu.stop()
    emu = EmulatorProcess(["--state-file", state])
    try:
        api = TokenClient(emu.url)
        final = {v["id"] for v in api.get("/v1/vpcs", limit=1000)[1]["vpcs"]}
        assert created <= final and len(final) == len(created | final)
    finally:
        emu.stop()
    json.load(open(state))  # the file is whole


def test_fifty_concurrent_creators(emulator, api):
    emulator.reset()
    site = api.get("/v1/sites", limit=1)[1]["sites"][0]["id"]
    vpc = api.post("/v1/vpcs", vpc_body("conc", "10.0.0.0/8"))[1]["vpc"]
    results, errors = [], []
    barrier = threading.Barrier(50)

    def creator(i):
        c = TokenClient(emulator.url)
        barrier.wait()
        for j in range(4):
            st, out = c.post("/v1/ports" if j % 2 else "/v1/security-groups",
                             {"port": {"device_owner": "neutron:VIP_PORT", "network_id": sub["id"]}} if j % 2
                             else {"security_group": {"name": "sg-%d-%d" % (i, j)}})
            (results if st == 200 else errors).append((st, out))

    sub = api.post("/v1/subnets", {"subnet": {"name": "conc", "cidr": "10.1.0.0/16", "gateway_ip": "10.1.0.1",
                                              "vpc_id": vpc["id"], "site_id": site}})[1]["subnet"]
    threads = [threading.Thread(target=creator, args=(i,)) for i in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors[:3]
    assert len(results) == 200
    ports = api.get("/v1/ports", limit=1000)[1]["ports"]
    sgs = api.get("/v1/security-groups", limit=1000)[1]["security_groups"]
    assert len(ports) == 100 and len({p["id"] for p in ports}) == 100
    assert len({p["fixed_ips"][0]["ip_address"] for p in ports}) == 100
    assert len({p["mac_address"] for p in ports}) == 100
    assert len([g for g in sgs if g["name"] != "default"]) == 100
    assert all(r["status"] != 500 for r in emulator.requests())


def test_faults_and_request_log(emulator, api):
    emulator.reset()
    emulator.hook("PUT", "faults", {"error_rate": 1.0, "error_statuses": [429], "retry_after_s": 3,
                                    "methods": ["GET"], "path_prefix": "/v1/vpcs", "seed": 1})
    r = api.s.get(emulator.url + "/v1/vpcs", timeout=10)
    assert (r.status_code, r.headers["Retry-After"]) == (429, "3")
    # POSTs and other paths are untouched; a faulted request is never applied.
    assert api.post("/v1/vpcs", vpc_body("f"))[0] == 200
    assert api.get("/v1/sites", limit=1)[0] == 200
    emulator.hook("PUT", "faults", {"drop_rate": 1.0, "methods": ["GET"]})
    with pytest.raises(requests.ConnectionError):
        requests.get(emulator.url + "/v1/vpcs", headers={"X-Auth-Token": api.token}, timeout=10)
    emulator.hook("PUT", "faults", {"error_rate": 1.0, "error_statuses": [503], "methods": ["POST"]})
    st = api.post("/v1/vpcs", vpc_body("never"))[0]
    assert st == 503
    emulator.hook("DELETE", "faults")
    names = [v["name"] for v in api.get("/v1/vpcs")[1]["vpcs"]]
    assert names == ["f"]
    log = emulator.requests()
    assert [(e["method"], e["status"]) for e in log if e["path"] == "/v1/vpcs"] == [
        ("GET", 429), ("POST", 200), ("GET", None), ("POST", 503), ("GET", 200)]
    assert set(log[0]) >= {"method", "path", "query", "status", "domain_id", "operation"}
    api.get("/v1/sites", token="secret-value", limit=2)
    entry = emulator.requests()[-1]
    assert entry["query"] == {"token": "***", "limit": "2"} and entry["operation"] == "list_sites"
    emulator.clear_requests()
    assert emulator.requests() == []
    with pytest.raises(requests.HTTPError):
        emulator.hook("PUT", "faults", {"eror_rate": 1})


def test_tls(tmp_path, emulator_factory):
    key, cert = tmp_path / "k.pem", tmp_path / "c.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
    emu = emulator_factory("--tls-cert", str(cert), "--tls-key", str(key))
    assert emu.url.startswith("https://")
    r = requests.get(emu.url + "/v1/sites", verify=str(cert), timeout=10)
    assert (r.status_code, r.json()["error_code"]) == (401, "IEC.000002")


def test_sites_scale(emulator_factory):
    emu = emulator_factory("--sites", "500")
    api = TokenClient(emu.url)
    st, body = api.get("/v1/sites", limit=1000)
    assert body["count"] == 500 and len({s["id"] for s in body["sites"]}) == 500
    page = api.get("/v1/sites", limit=100, offset=450)[1]["sites"]
    assert len(page) == 50 and page[0]["id"] == body["sites"][450]["id"]
    ops = {p["operator"]["name"] for s in body["sites"] for p in s["pools"]}
    assert ops == {"chinamobile", "chinaunicom", "chinatelecom"}
