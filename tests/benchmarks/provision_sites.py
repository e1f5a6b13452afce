"""Benchmark of huaweicloud.iec.provision at many sites against the emulator (not a test).

In one run, on one freshly started emulator whose creations take as long as IEC's (the emulator's own
profile, iec_emulator/timing.py: an instance 45 s +/- 30 %, a subnet 6 s, a public IP 4 s; --time-scale
makes them shorter, --async-seconds makes every one take the same time), quotas raised through an
accounts file so that every instance fits:

* provision an edge of 1 site, then an edge of --sites sites (another edge name, same emulator), each with
  --count instances per site, a subnet per site and public IPs; both timed, with the IEC requests each
  sent (emulator request log, token requests left out) and the tasks that took longest;
* with --noop, provision the large edge a second time: changed=0, and how long a run that only reads takes;
* with --module-processes, every module runs in a module process of its own (iec_in_process=false), as
  ansible-core runs any module, instead of in the task's worker (plugins/plugin_utils/in_process.py);
* with --as-hosts, the large edge is built by huaweicloud.iec.provision_sites instead, its sites the hosts of
  an inventory (docs/roles.md, "Many sites as hosts"), with --forks sites at a time.

It prints the times, the ratio large / one site, the requests per site and the number of creation waits the
large run's time amounts to, and holds each run against what the issue asks of it, "one creation wait plus
the per-task cost": the run's floor (benchlib.floor_playbook: the run's own mix of module executions,
distinct modules, action-only and skipped tasks, done by ping and debug tasks, run on this machine right
after it) plus the shared waits of the 1-site run (one wait for the subnets, one for the instances).
Nothing is compared with a threshold. Run from the repository root:

    .venv/bin/python tests/benchmarks/provision_sites.py --sites 200 --count 2

Without the shared waits of the roles (subnets and instances of all sites awaited together) the large run
would take about --sites times two creation waits; with them, two waits (subnets, then instances) plus
Ansible's cost of the tasks of every site.
"""
import argparse
import collections
import os
import tempfile

import yaml

from benchlib import (FLAVOR, ROOT_GB, accounts_file, call, distinct_modules, floor_playbook, link_collection, logged_requests,
                      playbook_env, read_task_mix, run_playbook, slowest_tasks, finish, start_emulator, task_mix_env)
from iec_emulator.catalog import Catalog  # pylint: disable=wrong-import-order
from iec_emulator.timing import PROFILE  # pylint: disable=wrong-import-order


def vars_file(work, name, site_names, count):
    """An edge vars file like examples/edge.yml, with a /24 of 10.0.0.0/8 per site."""
    path = os.path.join(work, "%s.yml" % name)
    with open(path, "w", encoding="utf-8") as handle:
        yaml.safe_dump({
            "edge_name": name, "edge_mode": "instances", "edge_vpc_cidr": "10.0.0.0/8",
            "edge_sites": [{"site": site, "cidr": "10.%d.%d.0/24" % (i // 256, i % 256), "count": count}
                           for i, site in enumerate(site_names)],
            "edge_flavor": FLAVOR[0], "edge_image": "Ubuntu 22.04 server 64bit", "edge_root_volume_type": "SAS",
            "edge_root_volume_size": ROOT_GB, "edge_bandwidth_size": 5, "edge_keypair_name": "%s-key" % name,
            "edge_public_key": "", "edge_private_key_file": os.path.join(work, "%s-key.pem" % name),
            "edge_security_rules": [{"direction": "ingress", "protocol": "tcp", "port_range_min": 22,
                                     "port_range_max": 22, "remote_ip_prefix": "0.0.0.0/0"}],
        }, handle)
    return path


def sites_inventory(work, site_names, count):
    """An inventory of the sites as hosts of the group edge_sites, as docs/roles.md shows it; answer its path."""
    path = os.path.join(work, "sites.yml")
    with open(path, "w", encoding="utf-8") as handle:
        yaml.safe_dump({"edge_sites": {"hosts": dict(
            (site, {"edge_site_cidr": "10.%d.%d.0/24" % (i // 256, i % 256), "edge_site_count": count})
            for i, site in enumerate(site_names))}}, handle)
    return path


def provision(edge, env, url, work, label, inventory=None, forks=None, extra=()):
    """Run huaweicloud.iec.provision on one vars file (huaweicloud.iec.provision_sites with forks when given the
    inventory of its sites); answer (seconds, changed, requests by method, task mix)."""
    call(url + "/_emulator/requests", "DELETE")
    counted, mix_file = task_mix_env(work, env, label)
    args = ["huaweicloud.iec.provision", "-e", "edge_vars_file=%s" % edge]
    if inventory:
        args = ["-i", inventory, "huaweicloud.iec.provision_sites", "-e", "edge_vars_file=%s" % edge, "--forks", str(forks)]
    seconds, dummy, recap = run_playbook(args + list(extra), counted, log=os.path.join(work, "%s.log" % label))
    methods = collections.Counter(r["method"] for r in logged_requests(url))
    return seconds, recap["changed"], methods, read_task_mix(mix_file)


def per_task(mix):
    """The mix with one entry per task: the results of the hosts of a play (provision_sites) merged, the task
    lasting until its last host's result, its module executions and items summed."""
    merged = []
    for entry in mix:
        last = merged[-1] if merged else None
        if last is not None and last["task"] == entry["task"] and last.get("hosts"):
            last["hosts"] += 1
            last["seconds"] = max(last["seconds"] or 0, entry["seconds"] or 0)
            last["modules"] += entry["modules"]
            last["skipped"] = last["skipped"] and entry["skipped"]
            if entry["items"] is not None or last["items"] is not None:
                last["items"] = (last["items"] or 0) + (entry["items"] or 0)
        else:
            merged.append(dict(entry, hosts=1))
    return merged


def describe(label, sites, run):
    seconds, changed, methods, mix = run
    mix = per_task(mix)
    total = sum(methods.values())
    print("%-22s %7.1fs  changed=%-4d %6d IEC requests (%s), %.1f per site; %d tasks, %d module executions"
          % (label, seconds, changed, total, ", ".join("%s %d" % kv for kv in sorted(methods.items())), total / sites,
             len(mix), sum(entry["modules"] for entry in mix)), flush=True)
    print("  slowest tasks: %s" % slowest_tasks(mix, 5), flush=True)
    print("  where the time goes: %s" % composition(mix), flush=True)


def is_wait(entry):
    return entry["task"].split(" : ")[-1].startswith("Wait")


def wait_seconds(mix):
    """Seconds of the run's shared wait tasks (subnets of all sites, instances of all sites)."""
    return sum(e["seconds"] or 0 for e in mix if is_wait(e))


def against_floor(label, run, waits, work, env):
    """Print the run against one wait per kind plus the floor of its own mix, and against the waits plus the
    floor where every module execution is an action-only task (what the run's tasks cost at the least when
    their modules start no process, as plugins/plugin_utils/in_process.py runs them); answer the first ratio."""
    seconds, mix = run[0], run[3]
    name = "floor-" + label.split()[0] + "-%d" % len(mix)
    floor_seconds = run_playbook([floor_playbook(work, mix, name)], env)[0]
    actions_seconds = run_playbook([floor_playbook(work, mix, name + "-actions", modules_as_actions=True)], env)[0]
    ratio = seconds / (waits + floor_seconds)
    print("%-22s %7.1fs against waits %.1fs + floor %.1fs (%d module executions of %d distinct modules, %d tasks) = %.1fs: "
          "%.2f; against waits + the floor of action-only tasks %.1fs = %.1fs: %.2f"
          % (label, seconds, waits, floor_seconds, sum(e["modules"] for e in mix), distinct_modules(mix), len(mix),
             waits + floor_seconds, ratio, actions_seconds, waits + actions_seconds, seconds / (waits + actions_seconds)),
          flush=True)
    return ratio


def composition(mix):
    """The run's seconds as waits (the shared wait tasks), loops over the sites or instances, and the other tasks."""
    waits = wait_seconds(mix)
    loops = [e for e in mix if e["items"] and not is_wait(e)]
    rest = sum(e["seconds"] or 0 for e in mix) - waits - sum(e["seconds"] or 0 for e in loops)
    return "waits %.1fs; loops %.1fs (%s); %d other tasks %.1fs" % (
        waits, sum(e["seconds"] or 0 for e in loops),
        ", ".join("%s: %d items %.1fs" % (e["task"].split(" : ")[-1], e["items"], e["seconds"] or 0) for e in loops),
        len(mix) - len(loops) - len([e for e in mix if is_wait(e)]), rest)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", maxsplit=1)[0])
    parser.add_argument("--sites", type=int, default=200, help="sites of the large edge")
    parser.add_argument("--count", type=int, default=2, help="instances per site")
    parser.add_argument("--time-scale", type=float, default=1.0,
                        help="the emulator's clock runs this many times faster than wall time (1: as IEC takes)")
    parser.add_argument("--async-seconds", type=float, default=None,
                        help="every creation takes exactly this long (default: the emulator's profile of IEC's durations)")
    parser.add_argument("--seed", type=int, default=14, help="seed of the emulator's delay jitter")
    parser.add_argument("--noop", action="store_true", help="provision the large edge a second time")
    parser.add_argument("--keep", action="store_true", help="keep the work directory (playbook logs, task timings)")
    parser.add_argument("--as-hosts", action="store_true",
                        help="build the large edge with huaweicloud.iec.provision_sites, its sites the hosts of an inventory")
    parser.add_argument("--forks", type=int, default=5, help="forks of the --as-hosts run (ansible-core's default: 5)")
    parser.add_argument("--module-processes", action="store_true",
                        help="run the modules in module processes of their own (iec_in_process=false), as ansible-core "
                             "runs any module, instead of in the task's worker")
    options = parser.parse_args()

    catalog_sites = options.sites + 1
    site_names = [s["site"]["name"] for s in Catalog(catalog_sites).sites]
    work = tempfile.mkdtemp(prefix="iec-sites-bench-")
    instances = (options.sites + 1) * options.count
    timing = ["--time-scale", options.time_scale, "--seed", options.seed]
    if options.async_seconds is not None:
        timing += ["--async-seconds", options.async_seconds]
        wait = options.async_seconds / options.time_scale
    else:
        wait = PROFILE["instance.create"][0] / options.time_scale
    emulator, url = start_emulator("--sites", catalog_sites, "--accounts", accounts_file(work, instances, options.sites + 11),
                                   *timing)
    try:
        env = playbook_env(link_collection(work), url)
        extra = ["-e", "iec_in_process=false"] if options.module_processes else []
        print("emulator: an instance creation takes %.0fs%s, %d instances per site"
              % (wait, " (+/- 30 %%, the emulator's profile at time scale %g)" % options.time_scale
                 if options.async_seconds is None else " (--async-seconds)", options.count), flush=True)
        one = provision(vars_file(work, "b1", site_names[-1:], options.count), env, url, work, "one", extra=extra)
        describe("provision, 1 site", 1, one)
        large_edge = vars_file(work, "b%d" % options.sites, site_names[:options.sites], options.count)
        inventory = sites_inventory(work, site_names[:options.sites], options.count) if options.as_hosts else None
        large = provision(large_edge, env, url, work, "large", inventory, options.forks, extra)
        label = ("provision_sites, %d sites as hosts, %d forks" % (options.sites, options.forks) if options.as_hosts
                 else "provision, %d sites" % options.sites)
        describe(label, options.sites, large)
        print("%d sites / 1 site: %.2f (time), %.2f (requests per site)"
              % (options.sites, large[0] / one[0], sum(large[2].values()) / options.sites / sum(one[2].values())))
        print("%d-site run = %.1f instance creation waits; per site beyond the first: %.2fs"
              % (options.sites, large[0] / wait, (large[0] - one[0]) / max(1, options.sites - 1)), flush=True)
        # The goal: one creation wait plus the per-task cost. The waits of the 1-site run are what one wait of
        # each kind costs; the floor of each run's own mix is what its tasks cost at the least.
        one_wait = wait_seconds(one[3])
        print("against one wait of each kind (the 1-site run's waits, %.1fs) plus the floor of the run's own tasks "
              "(goal: about 1):" % one_wait, flush=True)
        against_floor("provision, 1 site", one, one_wait, work, env)
        if options.as_hosts:
            # Its tasks ran at many hosts at once: a floor on one host would not be the same mix.
            print("(the %d-site run as hosts has no floor of its own: its module executions ran %d at a time)"
                  % (options.sites, options.forks))
        else:
            against_floor("provision, %d sites" % options.sites, large, one_wait, work, env)
        if options.noop:
            describe("again (no-op), %d" % options.sites, options.sites,
                     provision(large_edge, env, url, work, "noop", inventory, options.forks, extra))
    finally:
        finish(emulator, work, options.keep)


if __name__ == "__main__":
    main()
