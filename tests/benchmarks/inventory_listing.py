"""Benchmark of the huaweicloud.iec.iec inventory against the emulator (not a test).

In one run, on one freshly started emulator (--sites N, --async-seconds 0, quotas raised through an
accounts file so that --instances fit):

* seed the instances through the API (POST /v1/cloudservers: ``count`` up to 50, the seed's maximum,
  at up to 8 coverage sites per request, one subnet per site) and print how long that took;
* count the IEC requests of one uncached ``ansible-inventory --list`` (emulator request log), with an
  injected latency on the instance listing so that the completion times show whether the pages after
  the first one were fetched concurrently or one after the other;
* time ``ansible-inventory --list`` through the plugin, uncached, against a static YAML inventory that
  holds the same hosts, groups and variables (what the plugin costs over reading a file);
* time the plugin with a warm cache against the plugin uncached;
* time the plugin with the ``compose``, ``groups`` and ``keyed_groups`` of docs/inventory.md (read from
  the document) against a script inventory that prints the same ``--list`` JSON, the cheapest way
  ansible-core takes in the same result (goal of issue 14: <= 1.3 at 10,000 hosts), in wall and CPU time;
* with --profile, profile that constructed listing (cProfile) and print its top entries (by cumulative
  time; then those of the plugin's own files by cumulative and by own time) and the plugin's own share,
  for this tree and for the whole collection at --profile-before (a git revision: before issue 14's work);
* with --skip-static, leave out the static YAML and cache comparisons (slow at 10,000 hosts).

Ratios are printed, never compared with a threshold. Run from the repository root:

    .venv/bin/python tests/benchmarks/inventory_listing.py --instances 10000 --sites 200 --repeat 3 --profile

The collection is copied by scripts/build.sh into a temporary ansible_collections tree, as the demo does.
"""
import argparse
import json
import os
import pathlib
import pstats
import re
import statistics
import subprocess
import sys
import tempfile
import time

import yaml

from benchlib import (DEMO, FLAVOR, ROOT_GB, VENV_BIN, accounts_file, call, finish, logged_requests, request,
                      start_emulator, timed_run)

ROOT = pathlib.Path(__file__).resolve().parents[2]
INSTANCES_PATH = "/v1/cloudservers"
MAX_COUNT = 50  # seed 4.2.2: count is 1 to 50 (instances per coverage site of one request)
MAX_NICS = 8  # the emulator's NIC limit per instance: one subnet per coverage site, so 8 sites per request
PROBE_LATENCY_MS = 1000


def token(url):
    headers, dummy = request(url + "/v3/auth/tokens", "POST", {"auth": {
        "identity": {"methods": ["password"], "password": {"user": {
            "name": DEMO["user"], "password": DEMO["password"], "domain": {"name": DEMO["domain_name"]}}}},
        "scope": {"domain": {"name": DEMO["domain_name"]}}}})
    return {"X-Auth-Token": headers["X-Subject-Token"]}


def spread(total, sites):
    """How many instances each site gets: as even as possible, the first sites one more."""
    share, rest = divmod(total, len(sites))
    return [(site, share + (1 if i < rest else 0)) for i, site in enumerate(sites)]


def seed_instances(url, auth, total):
    """Create ``total`` instances over every site; return (sites used, create requests, seconds spent in
    the creation requests and the first request after them, which makes the creations final).

    ``auth``: headers (a token) or a function that signs each request (see ``call``)."""
    body = call(url + "/v1/sites?limit=1000", headers=auth)
    sites = body["sites"]
    body = call(url + "/v1/images?__imagetype=gold", headers=auth)
    image = body["images"][0]["id"]
    body = call(url + "/v1/vpcs", "POST", {"vpc": {"name": "bench", "cidr": "10.0.0.0/8", "mode": "CUSTOMER"}}, auth)
    vpc = body["vpc"]["id"]
    remaining = [(site, wanted) for site, wanted in spread(total, sites) if wanted]
    subnets = {}
    for n, (site, wanted) in enumerate(remaining):
        third, fourth = n // 16, (n % 16) * 16  # a /20 per site: room for 4,000 instances there
        body = call(url + "/v1/subnets", "POST", {"subnet": {
            "name": "bench-%d" % n, "cidr": "10.%d.%d.0/20" % (third, fourth), "gateway_ip": "10.%d.%d.1" % (third, fourth),
            "vpc_id": vpc, "site_id": site["id"]}}, auth)
        subnets[site["id"]] = body["subnet"]["id"]

    requests = 0
    started = time.perf_counter()
    while remaining:
        # One request: up to MAX_NICS sites that all take the same count this round.
        count = min(MAX_COUNT, remaining[0][1])
        group = [site for site, wanted in remaining if min(MAX_COUNT, wanted) == count][:MAX_NICS]
        call(url + INSTANCES_PATH, "POST", {"server": {
            "name": "bench-%04d" % requests, "image_ref": image, "flavor_ref": FLAVOR[0], "admin_pass": "Edge-Pass12",
            "net_config": {"vpc_id": vpc, "subnets": [{"id": subnets[site["id"]]} for site in group]},
            "bandwidth": {"sharetype": "WHOLE"}, "root_volume": {"size": ROOT_GB, "volume_type": "SATA"},
            "count": count, "coverage": {"coverage_policy": "centralize", "coverage_level": "site",
                                         "coverage_sites": [{"site": site["id"], "demands": [{}]} for site in group]}}}, auth)
        requests += 1
        done = set(site["id"] for site in group)
        remaining = [(site, wanted - count if site["id"] in done else wanted) for site, wanted in remaining]
        remaining = [(site, wanted) for site, wanted in remaining if wanted]
    # With --async-seconds 0 the creations become final at the next request: make it now, not in a listing.
    body = call(url + INSTANCES_PATH + "?limit=1", headers=auth)
    creating = time.perf_counter() - started
    if body["count"] != total:
        sys.exit("seeded %d instances, the emulator lists %d" % (total, body["count"]))
    return len(subnets), requests, creating


def waves(entries, gap):
    """Group completion times that lie less than ``gap`` seconds apart."""
    times = sorted(entry["time"] for entry in entries)
    groups = []
    for moment in times:
        if groups and moment - groups[-1][-1] < gap:
            groups[-1].append(moment)
        else:
            groups.append([moment])
    return [len(group) for group in groups]


def timed(args, env, repeat, cpu=None):
    """Median wall seconds, the runs, the last output; ``cpu`` (a list) receives each run's CPU seconds."""
    runs = []
    output = None
    for dummy in range(repeat):
        seconds, used, done = timed_run(args, env)
        runs.append(seconds)
        output = done.stdout
        if cpu is not None:
            cpu.append(used)
    return statistics.median(runs), runs, output


def documented_constructed():
    """The compose, groups and keyed_groups of the constructed example in docs/inventory.md."""
    text = (ROOT / "docs" / "inventory.md").read_text(encoding="utf-8")
    for block in re.findall(r"```yaml\n(.*?)```", text, re.S):
        config = yaml.safe_load(block)
        if isinstance(config, dict) and "keyed_groups" in config:
            return dict((key, config[key]) for key in ("compose", "groups", "keyed_groups") if key in config)
    sys.exit("docs/inventory.md has no YAML example with keyed_groups")


def profile(inventory_args, env, work, label, top=15):
    """Run ansible-inventory under cProfile; print the top entries and the plugin's share."""
    out = work / ("%s.prof" % label)
    subprocess.run([os.path.join(VENV_BIN, "python"), "-m", "cProfile", "-o", str(out)] + inventory_args, env=env, check=True,
                   capture_output=True)
    stats = pstats.Stats(str(out))
    total = max(entry[3] for entry in stats.stats.values())  # cumulative time of the outermost frame

    def cumulative(pattern):
        return sum(entry[3] for key, entry in stats.stats.items() if re.search(pattern, "%s:%d(%s)" % key))

    parse = cumulative(r"plugins/inventory/iec\.py:\d+\(parse\)")
    constructed = cumulative(r"plugins/inventory/__init__\.py:\d+\((_set_composite_vars|_add_host_to_composed_groups|_add_host_to_keyed_groups)\)")
    print("profile %s: %.1f s profiled; iec plugin parse() %.1f s (%.0f%%), of which ansible-core's constructed "
          "methods %.1f s (%.0f%% of the run); the rest (ansible-core: start, templating, --list output) %.0f%%"
          % (label, total, parse, 100 * parse / total, constructed, 100 * constructed / total, 100 * (total - parse) / total))

    def table(title, column, keep):
        rows = [item for item in sorted(stats.stats.items(), key=lambda item: item[1][column], reverse=True) if keep(*item[0][::2])]
        if not rows:
            return
        print("  top %d by %s%s:" % (top, "cumulative time" if column == 3 else "own time (tottime)", title))
        print("  %10s %10s %8s  %s" % ("cumulative", "own", "calls", "function"))
        shown = 0
        for (filename, line, name), (dummy, calls, own, cum, dummy2) in rows:
            where = re.sub(r".*/(site-packages|ansible_collections)/", "", filename)
            print("  %10.2f %10.2f %8d  %s:%d(%s)" % (cum, own, calls, where, line, name))
            shown += 1
            if shown >= top:
                break

    def everything(filename, name):
        return not ("site-packages/ansible/cli" in filename or name in ("<module>", "<built-in method builtins.exec>")
                    or filename == "~" and "exec" in name)

    table("", 3, everything)
    for column in (3, 2):
        table(", the plugin's own files (huaweicloud/iec/plugins)", column, lambda filename, name: "huaweicloud/iec/plugins/" in filename)


def static_inventory(listed, path, form):
    """The hosts, variables and groups of an ``ansible-inventory --list`` answer as a YAML inventory.

    ``form`` json writes it in JSON, which is YAML too and which ansible-core reads much faster (2.19
    tags every YAML scalar with its origin, then deep-copies the tagged data)."""
    hostvars = listed["_meta"]["hostvars"]
    children = {}
    for group, body in listed.items():
        if group not in ("_meta", "all") and body.get("hosts"):
            children[group] = {"hosts": dict((host, None) for host in body["hosts"])}
    data = {"all": {"hosts": hostvars, "children": children}}
    with open(path, "w", encoding="utf-8") as handle:
        if form == "json":
            json.dump(data, handle)
        else:
            yaml.dump(data, handle, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), default_flow_style=False)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", maxsplit=1)[0])
    parser.add_argument("--instances", type=int, default=10000)
    parser.add_argument("--sites", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--static-format", choices=("yaml", "json"), default="yaml",
                        help="how the static inventory file (static.yml) is written; json is YAML read by a faster path")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (inventories, static YAML)")
    parser.add_argument("--skip-static", action="store_true", help="no static YAML or cache comparison")
    parser.add_argument("--profile", action="store_true", help="profile the constructed listing (cProfile)")
    parser.add_argument("--profile-before", default="6300369",
                        help="git revision whose inventory plugin is profiled too, for comparison ('' skips)")
    options = parser.parse_args()

    work = pathlib.Path(tempfile.mkdtemp(prefix="iec-inventory-bench-"))
    collections = work / "collections"
    subprocess.run(["bash", str(ROOT / "scripts" / "build.sh"), str(collections / "ansible_collections" / "huaweicloud" / "iec")],
                   check=True, capture_output=True)
    emulator, url = start_emulator("--async-seconds", "0", "--sites", options.sites,
                                   "--accounts", accounts_file(work, options.instances, options.sites))
    try:
        started = time.perf_counter()
        site_count, create_requests, creating = seed_instances(url, token(url), options.instances)
        seeding = time.perf_counter() - started
        print("seeded %d instances at %d sites in %.1f s, %.1f s of it in %d POST %s (--async-seconds 0)"
              % (options.instances, site_count, seeding, creating, create_requests, INSTANCES_PATH), flush=True)

        connection = {"endpoint": url, "access_key": DEMO["ak"], "secret_key": DEMO["sk"], "domain_id": DEMO["domain_id"]}
        plain = work / "plain.iec.yml"
        plain.write_text(json.dumps(dict(connection, plugin="huaweicloud.iec.iec")))
        cached = work / "cached.iec.yml"
        cached.write_text(json.dumps(dict(connection, plugin="huaweicloud.iec.iec", cache=True,
                                          cache_plugin="ansible.builtin.jsonfile",
                                          cache_connection=str(work / "cache"), cache_timeout=3600)))
        env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(collections),
                   ANSIBLE_INVENTORY_ENABLED="huaweicloud.iec.iec,ansible.builtin.yaml",
                   ANSIBLE_LOCALHOST_WARNING="false", ANSIBLE_INVENTORY_UNPARSED_WARNING="false")
        inventory = [os.path.join(VENV_BIN, "ansible-inventory"), "--list", "-i"]

        # Request count of one uncached listing; the injected latency (before the emulator's lock) makes
        # concurrent page requests finish together and serial ones PROBE_LATENCY_MS apart.
        call(url + "/_emulator/faults", "PUT", {"latency_ms": PROBE_LATENCY_MS, "methods": ["GET"], "path_prefix": INSTANCES_PATH})
        call(url + "/_emulator/requests", "DELETE")
        subprocess.run(inventory + [str(plain)], env=env, check=True, capture_output=True)
        listing = logged_requests(url, tokens=True)
        call(url + "/_emulator/faults", "DELETE")
        pages = [entry for entry in listing if entry["path"] == INSTANCES_PATH]
        by_path = {}
        for entry in listing:
            by_path[entry["method"] + " " + entry["path"]] = by_path.get(entry["method"] + " " + entry["path"], 0) + 1
        page_waves = waves(pages, PROBE_LATENCY_MS / 2000.0)
        # The emulator handles one request at a time (one lock), so a loaded machine spreads the
        # completions: pages finishing out of offset order also prove they were in flight together.
        offsets = [int(entry["query"].get("offset", 0)) for entry in pages]
        if len(pages) < 3:
            verdict = "%d page(s): the first one is always alone, nothing to overlap" % len(pages)
        elif len(page_waves) < len(pages) or offsets != sorted(offsets):
            verdict = "pages after the first sent concurrently"
        else:
            verdict = "no sign of concurrency: pages may have been sent serially"

        plugin_time, plugin_runs, listed = timed(inventory + [str(plain)], env, options.repeat)
        listed = json.loads(listed)
        hosts = len(listed["_meta"]["hostvars"])
        groups = len([group for group in listed if group != "_meta"])

        if not options.skip_static:
            static_path = work / "static.yml"
            static_inventory(listed, static_path, options.static_format)
            static_time, static_runs, static_listed = timed(inventory + [str(static_path)], env, options.repeat)
            if len(json.loads(static_listed)["_meta"]["hostvars"]) != hosts:
                sys.exit("the static inventory does not list the same hosts")

            subprocess.run(inventory + [str(cached)], env=env, check=True, capture_output=True)  # warm the cache
            call(url + "/_emulator/requests", "DELETE")
            cached_time, cached_runs, dummy = timed(inventory + [str(cached)], env, options.repeat)
            cached_requests = len(logged_requests(url, tokens=True))

        # The constructed example of docs/inventory.md against a script inventory printing the same --list JSON.
        constructed = work / "constructed.iec.yml"
        constructed.write_text(json.dumps(dict(connection, plugin="huaweicloud.iec.iec", **documented_constructed())))
        constructed_cpu, script_cpu = [], []
        constructed_time, constructed_runs, constructed_listed = timed(inventory + [str(constructed)], env, options.repeat,
                                                                       constructed_cpu)
        (work / "constructed.json").write_text(constructed_listed)
        script = work / "script_inventory.py"
        script.write_text("#!%s\nimport sys\nif '--host' in sys.argv:\n    print('{}')\nelse:\n"
                          "    sys.stdout.write(open(%r).read())\n" % (sys.executable, str(work / "constructed.json")))
        script.chmod(0o755)
        script_env = dict(env, ANSIBLE_INVENTORY_ENABLED="ansible.builtin.script")
        script_time, script_runs, script_listed = timed(inventory + [str(script)], script_env, options.repeat, script_cpu)
        if json.loads(script_listed) != json.loads(constructed_listed):
            sys.exit("the script inventory does not list what the plugin listed")
        constructed_groups = len([group for group in json.loads(constructed_listed) if group != "_meta"])

        def runs(values):
            return ", ".join("%.2f" % value for value in values)

        static_note = "" if options.skip_static else " (static inventory written as %s, %.1f MB)" % (
            options.static_format, static_path.stat().st_size / 1e6)
        print("hosts %d, groups %d%s" % (hosts, groups, static_note))
        print("IEC requests of one uncached listing: %d (%s)"
              % (len(listing), ", ".join("%s x%d" % item for item in sorted(by_path.items()))))
        print("  instance pages (offset, limit): %s" % ", ".join(
            "%s/%s" % (entry["query"].get("offset"), entry["query"].get("limit")) for entry in pages))
        print("  instance pages finishing together (%d ms latency injected): %s -> %s"
              % (PROBE_LATENCY_MS, page_waves, verdict))
        if not options.skip_static:
            print("IEC requests of %d cached listings: %d" % (options.repeat, cached_requests))
            print("median of %d, seconds: plugin uncached %.2f [%s], static YAML %.2f [%s], plugin cached %.2f [%s]"
                  % (options.repeat, plugin_time, runs(plugin_runs), static_time, runs(static_runs), cached_time, runs(cached_runs)))
            print("plugin uncached / static YAML: %.2f" % (plugin_time / static_time))
            print("plugin cached / plugin uncached: %.2f" % (cached_time / plugin_time))
            print("plugin cached / static YAML: %.2f" % (cached_time / static_time))
        print("constructed (compose, groups, keyed_groups of docs/inventory.md): %d hosts, %d groups" % (hosts, constructed_groups))
        print("median of %d, seconds: plugin %.2f [%s] (CPU %s), script inventory of the same --list JSON %.2f [%s] (CPU %s)"
              % (options.repeat, constructed_time, runs(constructed_runs), runs(constructed_cpu), script_time,
                 runs(script_runs), runs(script_cpu)))
        print("constructed plugin / script inventory: %.2f wall, %.2f CPU (goal <= 1.3 at 10,000 hosts)"
              % (constructed_time / script_time, statistics.median(constructed_cpu) / statistics.median(script_cpu)))
        if options.profile:
            profile(inventory + [str(constructed)], env, work, "plugin-constructed")
            if options.profile_before:
                # The collection as it was at that revision (plugin and module_utils), from git archive.
                before = work / "before" / "ansible_collections" / "huaweicloud" / "iec"
                before.mkdir(parents=True)
                archive = subprocess.run(["git", "-C", str(ROOT), "archive", options.profile_before], capture_output=True, check=False)
                if archive.returncode:
                    print("no revision %s to profile: %s" % (options.profile_before, archive.stderr.decode(errors="replace").strip()))
                else:
                    subprocess.run(["tar", "-x", "-C", str(before)], input=archive.stdout, check=True)
                    profile(inventory + [str(constructed)], dict(env, ANSIBLE_COLLECTIONS_PATH=str(work / "before")), work,
                            "plugin-constructed-at-%s" % options.profile_before)
            profile(inventory + [str(script)], script_env, work, "script-inventory")
    finally:
        finish(emulator, work, options.keep)


if __name__ == "__main__":
    main()
