"""huaweicloud.iec.provision_sites as docs/roles.md ("The sites as hosts") shows it: that section's inventory
and command, run with three forks against an emulator whose creations take time. The sites are built at
once (the creations of every site sent before the first wait), nothing is made twice, the instances join
the inventory, and a second run changes nothing and only reads."""
import re
import shlex

import yaml

import harness

DOC = harness.ROOT / "docs" / "roles.md"
FORKS = 3
EDGE = "relsites"


def doc_section():
    """The inventory (YAML) and the command of the section, as written."""
    text = DOC.read_text()
    section = text[text.index("### The sites as hosts"):]
    section = section[:section.index("\n## ")]
    inventory = re.search(r"```yaml\n# sites\.yml\n(.*?)```", section, re.S).group(1)
    command = re.search(r"```sh\n(ansible-playbook [^\n]*)\n```", section).group(1)
    return yaml.safe_load(inventory), shlex.split(command)


def vars_file(path, scratch):
    """examples/edge.yml with this test's edge name and key pair, and without edge_sites (not read)."""
    edge = yaml.safe_load((harness.ROOT / "examples" / "edge.yml").read_text())
    edge.pop("edge_sites")
    edge.update(edge_name=EDGE, edge_keypair_name=EDGE + "-key", edge_private_key_file=str(scratch / (EDGE + ".pem")))
    path.write_text(yaml.safe_dump(edge))


def test_sites_as_hosts_with_forks(emulators, ansible, scratch):
    inventory, command = doc_section()
    work = scratch / "sites-as-hosts"
    work.mkdir()
    (work / "sites.yml").write_text(yaml.safe_dump(inventory))
    vars_file(work / "my-edge.yml", scratch)
    assert command[0] == "ansible-playbook"
    args = [str(work / a) if a in ("sites.yml", "my-edge.yml") else a for a in command[1:]]
    args = [a.replace("my-edge.yml", str(work / "my-edge.yml")) for a in args]
    args[args.index("--forks") + 1] = str(FORKS)
    sites = inventory["edge_sites"]["hosts"]
    assert len(sites) >= FORKS

    # Creations take two seconds on the emulator's clock: the waits have something to wait for.
    emulator = emulators("--async-seconds", "2")
    # The roles read every second while waiting (their default is 3 and 5 seconds).
    fast = ["-e", "edge_network_wait_delay=1", "-e", "edge_instances_wait_delay=1"]
    run = ansible.playbook(args + fast, env=emulator.connection_env(), label="sites-as-hosts")
    log = emulator.log()
    harness.record_log(log)
    assert run.rc == 0, run

    api = emulator.api()
    site_ids = dict((s["name"], s["id"]) for s in api.sites())
    wanted = {}
    for host, hostvars in sites.items():
        site = hostvars.get("edge_site", host)
        for n in range(1, int(hostvars.get("edge_site_count", 1)) + 1):
            wanted["%s-%s-%04d" % (EDGE, site, n)] = site_ids[site]
    instances = [i for i in api.list("instances") if i["name"].startswith(EDGE + "-")]
    assert sorted(i["name"] for i in instances) == sorted(wanted)
    assert all(i["status"] == "ACTIVE" for i in instances), [(i["name"], i["status"]) for i in instances]
    assert all(i["geolocation"]["id"] == wanted[i["name"]] for i in instances)
    assert harness.names(api.list("vpcs")) == [EDGE + "-vpc"]
    subnets = [s for s in api.list("subnets") if s["name"].startswith(EDGE + "-")]
    assert len(subnets) == len(sites) and all(s["status"] == "ACTIVE" for s in subnets)
    assert harness.duplicates(api.list("security_groups")) == []
    assert [k["name"] for k in api.list("keypairs")] == [EDGE + "-key"]

    # One creation request per site with instances, and all of them sent before the wait read any instance
    # (the wait lists the instances named <edge_name>-*, the instance module those of one site's set).
    posts = [i for i, e in enumerate(log) if e["method"] == "POST" and e["path"] == "/v1/cloudservers"]
    assert len(posts) == len([h for h in sites.values() if int(h.get("edge_site_count", 1)) > 0])
    waits = [i for i, e in enumerate(log) if e["method"] == "GET" and e["path"] == "/v1/cloudservers"
             and (e.get("query") or {}).get("name") in (EDGE + "-", [EDGE + "-"])]
    assert waits and max(posts) < min(waits), (posts, waits)
    # One host waits for the instances of every site of the play (edge_instances_wait_play): each round is one
    # listing of all sites, not one listing per site.
    assert not [e for e in (log[i] for i in waits) if "site_id" in (e.get("query") or {})], [log[i] for i in waits]
    subnet_posts = [i for i, e in enumerate(log) if e["method"] == "POST" and e["path"] == "/v1/subnets"]
    assert len(subnet_posts) == len(sites) and max(subnet_posts) < min(posts)

    # Again, in a playbook that imports it and reads the groups the instances joined: nothing changes,
    # only reads.
    (work / "again.yml").write_text(yaml.safe_dump([
        {"ansible.builtin.import_playbook": "huaweicloud.iec.provision_sites"},
        {"name": "The groups", "hosts": "localhost", "gather_facts": False, "tasks": [
            {"name": "Write them", "ansible.builtin.copy": {
                "dest": str(work / "groups.yml"),
                "content": "{{ groups | dict2items | selectattr('key', 'match', '^edge') | items2dict | to_nice_yaml }}"},
             "changed_when": False}]}]))
    emulator.clear_log()
    again_args = [str(work / "again.yml") if a == "huaweicloud.iec.provision_sites" else a for a in args]
    again = ansible.playbook(again_args + fast, env=emulator.connection_env(), label="sites-as-hosts-again")
    second = emulator.log()
    harness.record_log(second)
    assert again.rc == 0, again
    assert harness.mutating(second) == []
    recaps = re.findall(r"^(\S+)\s+: ok=\d+\s+changed=(\d+)", again.output, re.M)
    assert sorted(h for h, dummy in recaps) == sorted(list(sites) + ["localhost"]), recaps
    assert all(changed == "0" for dummy, changed in recaps), recaps
    groups = yaml.safe_load((work / "groups.yml").read_text())
    assert sorted(groups["edge"]) == sorted(wanted)
    for name, site_id in wanted.items():
        site = [s for s, i in site_ids.items() if i == site_id][0]
        assert name in groups["edge_" + re.sub("[^A-Za-z0-9_]", "_", site)]
    harness.FIGURES.add("runs_converged")


def test_shared_wait_gives_up_naming_what_is_pending(emulators, ansible, scratch):
    """Subnets that take longer than edge_network_wait_timeout stop the run, each named with its status."""
    work = scratch / "sites-timeout"
    work.mkdir()
    edge = yaml.safe_load((harness.ROOT / "examples" / "edge.yml").read_text())
    edge.update(edge_name="relwait", edge_keypair_name="relwait-key", edge_private_key_file=str(work / "k.pem"))
    (work / "edge.yml").write_text(yaml.safe_dump(edge))
    emulator = emulators("--async-seconds", "600")
    run = ansible.playbook(["huaweicloud.iec.provision", "-e", "edge_vars_file=%s" % (work / "edge.yml"),
                            "-e", "edge_network_wait_timeout=2", "-e", "edge_network_wait_delay=1"],
                           env=emulator.connection_env(), label="sites-timeout")
    assert run.rc != 0, run
    message = re.search(r"2 of 2 subnets are not ACTIVE - (.*?) \(the wait gives up after 2\s+seconds", run.output, re.S)
    assert message, run
    for site in ("shanghai", "guangzhou"):
        assert re.search(r"'relwait-vpc-%s' \(\S+\) is UNKNOWN" % site, message.group(1)), message.group(1)
    # Every subnet was asked for before the wait, and no instance was.
    log = emulator.log()
    assert len([e for e in log if e["method"] == "POST" and e["path"] == "/v1/subnets"]) == 2
    assert [e for e in log if e["method"] == "POST" and e["path"] == "/v1/cloudservers"] == []
