#!/usr/bin/env python3
"""Benchmark of the huaweicloud.iec.iec inventory against the emulator (not a test).

In one run, on one freshly started emulator with --sites 200:

* ``ansible-inventory --list`` through the plugin, uncached, against a static YAML inventory that
  holds the same hosts, groups and variables (what the plugin costs over reading a file);
* the plugin with a warm cache against the plugin uncached;
* the IEC requests an uncached listing sends (from the emulator's request log).

Ratios are printed, never compared with a threshold. Run from the repository root:

    .venv/bin/python tests/benchmarks/inventory_listing.py --instances 10000 --repeat 3

Instances are created through the API (POST /v1/cloudservers, up to --batch per request with
``count``); creating tens of thousands that way is slow, so --instances trades size for time.
"""
import argparse
import json
import os
import pathlib
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[2]
VENV_BIN = ROOT / ".venv" / "bin"


def call(url, method="GET", body=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method,
                                     headers=dict({"Content-Type": "application/json"}, **(headers or {})))
    with urllib.request.urlopen(request, timeout=120) as answer:
        raw = answer.read()
        return answer.headers, (json.loads(raw) if raw else None)


def start_emulator(sites):
    process = subprocess.Popen([str(VENV_BIN / "iec-emulator"), "--host", "127.0.0.1", "--port", "0",
                                "--async-seconds", "0", "--sites", str(sites)],
                               stdout=subprocess.PIPE, text=True)
    line = process.stdout.readline()
    match = re.search(r"listening on (https?://\S+)", line)
    if not match:
        process.kill()
        sys.exit("iec-emulator did not start: %r" % line)
    return process, match.group(1)


def token(url):
    sys.path.insert(0, str(ROOT / "tests" / "emulator"))
    from iec_emulator.accounts import DEMO

    headers, _ = call(url + "/v3/auth/tokens", "POST", {"auth": {
        "identity": {"methods": ["password"], "password": {"user": {
            "name": DEMO["user"], "password": DEMO["password"], "domain": {"name": DEMO["domain_name"]}}}},
        "scope": {"domain": {"name": DEMO["domain_name"]}}}})
    return DEMO, {"X-Auth-Token": headers["X-Subject-Token"]}


def seed_instances(url, auth, total, batch):
    """Spread ``total`` instances over every site, ``batch`` per create request."""
    _, sites = call(url + "/v1/sites?limit=1000", headers=auth)
    sites = sites["sites"]
    _, images = call(url + "/v1/images?limit=1", headers=auth)
    _, flavors = call(url + "/v1/cloudservers/flavors?limit=1", headers=auth)
    _, vpc = call(url + "/v1/vpcs", "POST", {"vpc": {"name": "bench", "cidr": "10.0.0.0/8", "mode": "CUSTOMER"}}, auth)
    _, sg = call(url + "/v1/security-groups", "POST", {"security_group": {"name": "bench"}}, auth)
    subnets = {}
    made = 0
    index = 0
    while made < total:
        site = sites[index % len(sites)]
        if site["id"] not in subnets:
            n = len(subnets)
            _, subnet = call(url + "/v1/subnets", "POST", {"subnet": {
                "name": "bench-%d" % n, "cidr": "10.%d.%d.0/24" % (n // 256, n % 256),
                "gateway_ip": "10.%d.%d.1" % (n // 256, n % 256), "vpc_id": vpc["vpc"]["id"], "site_id": site["id"]}}, auth)
            subnets[site["id"]] = subnet["subnet"]["id"]
        count = min(batch, total - made)
        call(url + "/v1/cloudservers", "POST", {"server": {
            "name": "bench-%05d" % made, "image_ref": images["images"][0]["id"], "flavor_ref": flavors["flavors"][0]["id"],
            "net_config": {"vpc_id": vpc["vpc"]["id"], "subnets": [{"id": subnets[site["id"]]}]},
            "bandwidth": {"sharetype": "WHOLE", "size": 10}, "root_volume": {"volume_type": "SAS", "size": 40},
            "count": count, "security_groups": [{"id": sg["security_group"]["id"]}],
            "coverage": {"coverage_policy": "centralize", "coverage_level": "site", "coverage_sites": [
                {"site": site["id"], "demands": [{"pool_id": (site.get("pools") or [{}])[0].get("pool_id", "")}]}]}}}, auth)
        made += count
        index += 1
    return len(sites)


def timed(args, env, repeat):
    runs = []
    output = None
    for _ in range(repeat):
        started = time.perf_counter()
        output = subprocess.run(args, env=env, check=True, capture_output=True, text=True).stdout
        runs.append(time.perf_counter() - started)
    return statistics.median(runs), output


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--instances", type=int, default=10000)
    parser.add_argument("--sites", type=int, default=200)
    parser.add_argument("--batch", type=int, default=50, help="instances per create request (count)")
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()

    work = pathlib.Path(tempfile.mkdtemp(prefix="iec-inventory-bench-"))
    collections = work / "collections" / "ansible_collections" / "huaweicloud"
    collections.mkdir(parents=True)
    os.symlink(ROOT, collections / "iec")
    emulator, url = start_emulator(options.sites)
    try:
        demo, auth = token(url)
        started = time.perf_counter()
        site_count = seed_instances(url, auth, options.instances, options.batch)
        seeding = time.perf_counter() - started

        connection = {"endpoint": url, "access_key": demo["ak"], "secret_key": demo["sk"], "domain_id": demo["domain_id"]}
        plain = work / "plain.iec.yml"
        plain.write_text(json.dumps(dict(connection, plugin="huaweicloud.iec.iec")))
        cached = work / "cached.iec.yml"
        cached.write_text(json.dumps(dict(connection, plugin="huaweicloud.iec.iec", cache=True,
                                          cache_plugin="ansible.builtin.jsonfile",
                                          cache_connection=str(work / "cache"), cache_timeout=3600)))
        env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(work / "collections"),
                   ANSIBLE_INVENTORY_ENABLED="huaweicloud.iec.iec,ansible.builtin.yaml",
                   ANSIBLE_LOCALHOST_WARNING="false", ANSIBLE_INVENTORY_UNPARSED_WARNING="false")
        inventory = [str(VENV_BIN / "ansible-inventory"), "--list", "-i"]

        call(url + "/_emulator/requests", "DELETE")
        subprocess.run(inventory + [str(plain)], env=env, check=True, capture_output=True)
        _, log = call(url + "/_emulator/requests")
        entries = log if isinstance(log, list) else log.get("requests", [])
        listing = [e for e in entries if "/v1/" in json.dumps(e)]

        plugin_time, listed = timed(inventory + [str(plain)], env, options.repeat)
        listed = json.loads(listed)
        hosts = len(listed["_meta"]["hostvars"])

        # The same hosts, groups and variables as a static YAML inventory.
        static = {"all": {"hosts": dict((h, v) for h, v in listed["_meta"]["hostvars"].items()), "children": {}}}
        for group, body in listed.items():
            if group not in ("_meta", "all") and body.get("hosts"):
                static["all"]["children"][group] = {"hosts": dict((h, None) for h in body["hosts"])}
        static_path = work / "static.yml"
        static_path.write_text(json.dumps(static))  # JSON is YAML
        static_time, _ = timed(inventory + [str(static_path)], env, options.repeat)

        subprocess.run(inventory + [str(cached)], env=env, check=True, capture_output=True)  # warm the cache
        call(url + "/_emulator/requests", "DELETE")
        cached_time, _ = timed(inventory + [str(cached)], env, options.repeat)
        _, log = call(url + "/_emulator/requests")
        cached_requests = len(log if isinstance(log, list) else log.get("requests", []))

        print("instances %d at %d sites (seeded in %.1fs through the API, %d per request)"
              % (hosts, site_count, seeding, options.batch))
        print("IEC requests of one uncached listing: %d" % len(listing))
        print("IEC requests of one cached listing: %d" % cached_requests)
        print("plugin uncached / static YAML: %.2f" % (plugin_time / static_time))
        print("plugin cached / static YAML: %.2f" % (cached_time / static_time))
        print("plugin uncached / plugin cached: %.2f" % (plugin_time / cached_time))
    finally:
        emulator.terminate()
        emulator.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
