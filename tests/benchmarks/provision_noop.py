"""Benchmark of a no-op huaweicloud.iec.provision against the emulator (not a test).

In one run, on one freshly started emulator:

* provision once (examples/edge.yml, untimed), so that the next runs have nothing to do;
* the second, no-op provision, timed, and the IEC requests it sends (from the emulator's request log,
  with their methods: they should all be GET);
* a baseline playbook with as many tasks as the no-op provision ran (ok + skipped in its recap), each an
  ``ansible.builtin.ping`` on localhost: what Ansible costs for that many tasks doing nothing remote.

The ratio no-op provision / baseline is printed, never compared with a threshold. Run from the
repository root:

    .venv/bin/python tests/benchmarks/provision_noop.py --repeat 3 [--vars examples/edge.yml]
"""
import argparse
import collections
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
RECAP = re.compile(r"localhost\s+:\s+ok=(\d+)\s+changed=(\d+)\s+unreachable=\d+\s+failed=(\d+)\s+skipped=(\d+)")


def call(url, method="GET"):
    with urllib.request.urlopen(urllib.request.Request(url, method=method), timeout=60) as answer:
        raw = answer.read()
    return json.loads(raw) if raw else None


def start_emulator():
    process = subprocess.Popen([str(VENV_BIN / "iec-emulator"), "--host", "127.0.0.1", "--port", "0",
                                "--async-seconds", "0"], stdout=subprocess.PIPE, text=True)
    line = process.stdout.readline()
    match = re.search(r"listening on (https?://\S+)", line)
    if not match:
        process.kill()
        sys.exit("iec-emulator did not start: %r" % line)
    return process, match.group(1)


def playbook(args, env):
    """Run ansible-playbook; answer (seconds, ok, changed, skipped)."""
    started = time.perf_counter()
    done = subprocess.run([str(VENV_BIN / "ansible-playbook")] + args, env=env, capture_output=True, text=True,
                          check=False)
    seconds = time.perf_counter() - started
    match = RECAP.search(done.stdout)
    if done.returncode or not match or int(match.group(3)):
        sys.exit("ansible-playbook %s failed:\n%s%s" % (" ".join(args), done.stdout[-3000:], done.stderr[-2000:]))
    ok, changed, skipped = int(match.group(1)), int(match.group(2)), int(match.group(4))
    return seconds, ok, changed, skipped


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", maxsplit=1)[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--vars", default=str(ROOT / "examples" / "edge.yml"), help="the edge vars file")
    options = parser.parse_args()

    sys.path.insert(0, str(ROOT / "tests" / "emulator"))
    from iec_emulator.accounts import DEMO

    work = pathlib.Path(tempfile.mkdtemp(prefix="iec-provision-bench-"))
    namespace = work / "collections" / "ansible_collections" / "huaweicloud"
    namespace.mkdir(parents=True)
    os.symlink(ROOT, namespace / "iec")
    emulator, url = start_emulator()
    try:
        env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(work / "collections"), IEC_DEMO_DIR=str(work),
                   HUAWEICLOUD_IEC_ENDPOINT=url, HUAWEICLOUD_IAM_ENDPOINT=url, HUAWEICLOUD_SDK_AK=DEMO["ak"],
                   HUAWEICLOUD_SDK_SK=DEMO["sk"], HUAWEICLOUD_SDK_DOMAIN_ID=DEMO["domain_id"],
                   ANSIBLE_LOCALHOST_WARNING="false", ANSIBLE_INVENTORY_UNPARSED_WARNING="false")
        provision = ["huaweicloud.iec.provision", "-e", "edge_vars_file=%s" % os.path.abspath(options.vars)]
        first = playbook(provision, env)

        call(url + "/_emulator/requests", "DELETE")
        noop = playbook(provision, env)
        requests = [r for r in call(url + "/_emulator/requests")["requests"] if r["path"] != "/v3/auth/tokens"]
        methods = collections.Counter(r["method"] for r in requests)
        tasks = noop[1] + noop[3]
        noop_times = [noop[0]] + [playbook(provision, env)[0] for dummy in range(options.repeat - 1)]

        baseline = work / "baseline.yml"
        baseline.write_text(json.dumps([{
            "name": "Baseline: as many trivial tasks as the no-op provision", "hosts": "localhost",
            "connection": "local", "gather_facts": False,
            "tasks": [{"name": "Task %d" % i, "ansible.builtin.ping": {}} for i in range(tasks)]}]))
        baseline_times = [playbook([str(baseline)], env)[0] for dummy in range(options.repeat)]

        print("first provision: %.1fs, changed=%d" % (first[0], first[2]))
        print("no-op provision: changed=%d, %d tasks (ok %d, skipped %d), %d IEC requests (%s)"
              % (noop[2], tasks, noop[1], noop[3], len(requests),
                 ", ".join("%s %d" % kv for kv in sorted(methods.items()))))
        print("no-op provision median %.2fs, baseline (%d x ansible.builtin.ping) median %.2fs"
              % (statistics.median(noop_times), tasks, statistics.median(baseline_times)))
        print("no-op provision / baseline: %.2f" % (statistics.median(noop_times) / statistics.median(baseline_times)))
        playbook(["huaweicloud.iec.teardown", "-e", "edge_vars_file=%s" % os.path.abspath(options.vars)], env)
    finally:
        emulator.terminate()
        emulator.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
