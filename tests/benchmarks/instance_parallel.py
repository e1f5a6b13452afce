#!/usr/bin/env python
"""Benchmark (not a test): 20 instances in one task against one instance, as a ratio of wall times.

Starts its own iec-emulator with --async-seconds S (creation takes S seconds on the emulator clock), builds a
throw-away ansible_collections tree pointing at this checkout, creates a VPC and a subnet, then runs
huaweicloud.iec.instance with ansible-playbook: once for one instance, once with count: 20, each waiting
until ACTIVE, each deleted afterwards. Since the 20 are created by one request and awaited in shared polling
rounds, the ratio should be close to 1, where waiting one after another would give about 20.

    .venv/bin/python tests/benchmarks/instance_parallel.py [--async-seconds 5] [--count 20] [--rounds 1]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

from benchlib import start_emulator, stop_emulator

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.dirname(sys.executable)

PLAY = """
- hosts: localhost
  gather_facts: false
  tasks:
    - name: create
      huaweicloud.iec.instance:
        endpoint: %(url)s
        access_key: %(ak)s
        secret_key: %(sk)s
        domain_id: %(domain)s
        name: %(name)s
        count: %(count)d
        site: %(site)s
        flavor: s6.small.1
        image: Ubuntu 20.04 server 64bit
        vpc: bench-vpc
        subnets: [bench-subnet]
        root_volume: {size: 40, volume_type: SAS}
        wait_timeout: 600
        state: %(state)s
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--async-seconds", type=float, default=5.0)
    ap.add_argument("--count", type=int, default=20)
    args = ap.parse_args()

    proc, url = start_emulator("--async-seconds", args.async_seconds)
    scratch = tempfile.mkdtemp(prefix="iec-bench-")
    try:
        os.makedirs(os.path.join(scratch, "ansible_collections", "huaweicloud"))
        os.symlink(ROOT, os.path.join(scratch, "ansible_collections", "huaweicloud", "iec"))
        sys.path.insert(0, scratch)
        from ansible_collections.huaweicloud.iec.plugins.module_utils.client import IecClient
        from iec_emulator.accounts import DEMO
        client = IecClient(dict(endpoint=url, access_key=DEMO["ak"], secret_key=DEMO["sk"], domain_id=DEMO["domain_id"]))
        site = client.list_all("/v1/sites", "sites", query={"volume_type": "SAS"})[0]
        vpc = client.post("/v1/vpcs", {"vpc": {"name": "bench-vpc", "cidr": "10.9.0.0/16", "mode": "CUSTOMER"}})["vpc"]
        client.post("/v1/subnets", {"subnet": {"name": "bench-subnet", "cidr": "10.9.0.0/22", "gateway_ip": "10.9.0.1",
                                               "vpc_id": vpc["id"], "site_id": site["id"]}})
        env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=scratch, ANSIBLE_LOCALHOST_WARNING="false",
                   ANSIBLE_INVENTORY_UNPARSED_WARNING="false")

        def run(name, count, state):
            path = os.path.join(scratch, "play.yml")
            with open(path, "w") as fh:
                fh.write(PLAY % dict(url=url, ak=DEMO["ak"], sk=DEMO["sk"], domain=DEMO["domain_id"], name=name,
                                     count=count, site=site["id"], state=state))
            started = time.monotonic()
            out = subprocess.run([os.path.join(BIN, "ansible-playbook"), path], env=env, capture_output=True, text=True,
                                 check=False)
            took = time.monotonic() - started
            if out.returncode != 0:
                sys.exit("ansible-playbook failed:\n" + out.stdout[-3000:])
            return took

        one = run("bench-one", 1, "present")
        many = run("bench-many", args.count, "present")
        run("bench-one", 1, "absent")
        run("bench-many", args.count, "absent")
        print(json.dumps({"async_seconds": args.async_seconds, "one_instance_s": round(one, 2),
                          "count": args.count, "many_instances_s": round(many, 2),
                          "ratio_many_over_one": round(many / one, 2),
                          "sequential_estimate_ratio": args.count}, indent=1))
    finally:
        stop_emulator(proc)


if __name__ == "__main__":
    main()
