"""Benchmark of huaweicloud.iec.provision at many sites against the emulator (not a test).

In one run, on one freshly started emulator whose creations take --async-seconds (tens of seconds, as
IEC's do; quotas raised through an accounts file so that every instance fits):

* provision an edge of 1 site, then an edge of --sites sites (another edge name, same emulator), each with
  --count instances per site, a subnet per site and public IPs; both timed, with the IEC requests each
  sent (emulator request log, token requests left out);
* with --noop, provision the large edge a second time: changed=0, and how long a run that only reads takes.

It prints the times, the ratio large / one site, the requests per site and the number of creation waits the
large run's time amounts to. Nothing is compared with a threshold. Run from the repository root:

    .venv/bin/python tests/benchmarks/provision_sites.py --sites 200 --count 2 --async-seconds 20

Without the shared waits of the roles (subnets and instances of all sites awaited together) the large run
would take about --sites times two creation waits; with them, two waits (subnets, then instances) plus
Ansible's cost of the tasks of every site.
"""
import argparse
import collections
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
VENV_BIN = ROOT / ".venv" / "bin"
sys.path.insert(0, str(ROOT / "tests" / "emulator"))
from iec_emulator.accounts import DEMO, demo_accounts_doc  # noqa: E402  pylint: disable=wrong-import-position
from iec_emulator.catalog import Catalog  # noqa: E402  pylint: disable=wrong-import-position

RECAP = re.compile(r"localhost\s+:\s+ok=(\d+)\s+changed=(\d+)\s+unreachable=\d+\s+failed=(\d+)\s+skipped=(\d+)")
FLAVOR = ("s6.small.1", 1, 1024)  # name, vcpus, ram MiB
ROOT_GB = 40


def call(url, method="GET"):
    with urllib.request.urlopen(urllib.request.Request(url, method=method), timeout=120) as answer:
        raw = answer.read()
    return json.loads(raw) if raw else None


def accounts_file(work, instances, sites):
    """The demo domain with quotas that fit ``instances`` instances with a public IP each, and a subnet a site."""
    doc = demo_accounts_doc()
    doc["domains"][0]["quotas"] = {
        "instance": instances, "vcpu": instances * FLAVOR[1], "ram": instances * FLAVOR[2],
        "volume": instances, "gigabyte": instances * ROOT_GB, "publicIp": instances, "subnet": max(250, sites + 10),
        "shareBandwidth": max(50, instances)}
    path = work / "accounts.json"
    path.write_text(json.dumps(doc))
    return path


def start_emulator(sites, async_seconds, accounts):
    process = subprocess.Popen([str(VENV_BIN / "iec-emulator"), "--host", "127.0.0.1", "--port", "0",
                                "--async-seconds", str(async_seconds), "--sites", str(sites),
                                "--accounts", str(accounts)], stdout=subprocess.PIPE, text=True)
    line = process.stdout.readline()
    match = re.search(r"listening on (https?://\S+)", line)
    if not match:
        process.kill()
        sys.exit("iec-emulator did not start: %r" % line)
    return process, match.group(1)


def vars_file(work, name, site_names, count):
    """An edge vars file like examples/edge.yml, with a /24 of 10.0.0.0/8 per site."""
    path = work / ("%s.yml" % name)
    path.write_text(yaml.safe_dump({
        "edge_name": name, "edge_mode": "instances", "edge_vpc_cidr": "10.0.0.0/8",
        "edge_sites": [{"site": site, "cidr": "10.%d.%d.0/24" % (i // 256, i % 256), "count": count}
                       for i, site in enumerate(site_names)],
        "edge_flavor": FLAVOR[0], "edge_image": "Ubuntu 22.04 server 64bit", "edge_root_volume_type": "SAS",
        "edge_root_volume_size": ROOT_GB, "edge_bandwidth_size": 5, "edge_keypair_name": "%s-key" % name,
        "edge_public_key": "", "edge_private_key_file": str(work / ("%s-key.pem" % name)),
        "edge_security_rules": [{"direction": "ingress", "protocol": "tcp", "port_range_min": 22,
                                 "port_range_max": 22, "remote_ip_prefix": "0.0.0.0/0"}],
    }))
    return path


def provision(edge, env, url, log_dir, label):
    """Run huaweicloud.iec.provision on one vars file; answer (seconds, changed, requests by method)."""
    call(url + "/_emulator/requests", "DELETE")
    started = time.perf_counter()
    done = subprocess.run([str(VENV_BIN / "ansible-playbook"), "huaweicloud.iec.provision", "-e",
                           "edge_vars_file=%s" % edge], env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    (log_dir / ("%s.log" % label)).write_text(done.stdout + done.stderr)
    match = RECAP.search(done.stdout)
    if done.returncode or not match or int(match.group(3)):
        sys.exit("provision of %s failed:\n%s%s" % (edge, done.stdout[-3000:], done.stderr[-2000:]))
    requests = [r for r in call(url + "/_emulator/requests")["requests"] if r["path"] != "/v3/auth/tokens"]
    return seconds, int(match.group(2)), collections.Counter(r["method"] for r in requests)


def describe(label, sites, run):
    seconds, changed, methods = run
    total = sum(methods.values())
    print("%-22s %7.1fs  changed=%-4d %6d IEC requests (%s), %.1f per site"
          % (label, seconds, changed, total, ", ".join("%s %d" % kv for kv in sorted(methods.items())), total / sites),
          flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", maxsplit=1)[0])
    parser.add_argument("--sites", type=int, default=200, help="sites of the large edge")
    parser.add_argument("--count", type=int, default=2, help="instances per site")
    parser.add_argument("--async-seconds", type=float, default=20.0,
                        help="how long the emulator takes to create a subnet or an instance")
    parser.add_argument("--noop", action="store_true", help="provision the large edge a second time")
    parser.add_argument("--keep", action="store_true", help="keep the work directory (playbook logs)")
    options = parser.parse_args()

    catalog_sites = options.sites + 1
    site_names = [s["site"]["name"] for s in Catalog(catalog_sites).sites]
    work = pathlib.Path(tempfile.mkdtemp(prefix="iec-sites-bench-"))
    namespace = work / "collections" / "ansible_collections" / "huaweicloud"
    namespace.mkdir(parents=True)
    os.symlink(ROOT, namespace / "iec")
    instances = (options.sites + 1) * options.count
    emulator, url = start_emulator(catalog_sites, options.async_seconds,
                                   accounts_file(work, instances, options.sites + 1))
    try:
        env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(work / "collections"),
                   HUAWEICLOUD_IEC_ENDPOINT=url, HUAWEICLOUD_IAM_ENDPOINT=url, HUAWEICLOUD_SDK_AK=DEMO["ak"],
                   HUAWEICLOUD_SDK_SK=DEMO["sk"], HUAWEICLOUD_SDK_DOMAIN_ID=DEMO["domain_id"],
                   ANSIBLE_LOCALHOST_WARNING="false", ANSIBLE_INVENTORY_UNPARSED_WARNING="false")
        print("emulator: creations take %.0fs (--async-seconds), %d instances per site"
              % (options.async_seconds, options.count), flush=True)
        one = provision(vars_file(work, "b1", site_names[-1:], options.count), env, url, work, "one")
        describe("provision, 1 site", 1, one)
        large_edge = vars_file(work, "b%d" % options.sites, site_names[:options.sites], options.count)
        large = provision(large_edge, env, url, work, "large")
        describe("provision, %d sites" % options.sites, options.sites, large)
        print("%d sites / 1 site: %.2f (time), %.2f (requests per site)"
              % (options.sites, large[0] / one[0], sum(large[2].values()) / options.sites / sum(one[2].values())))
        print("%d-site run = %.1f creation waits; per site beyond the first: %.2fs"
              % (options.sites, large[0] / options.async_seconds, (large[0] - one[0]) / max(1, options.sites - 1)),
              flush=True)
        if options.noop:
            describe("again (no-op), %d" % options.sites, options.sites, provision(large_edge, env, url, work, "noop"))
    finally:
        emulator.terminate()
        emulator.wait(timeout=60)
        if options.keep:
            print("work directory kept: %s" % work)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
