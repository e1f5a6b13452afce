"""Isolation: credentials of one domain (ALPHA) neither read nor change another domain's (BETA) resources,
through any module, look-up or the inventory. BETA's resources are the same before and after, and ALPHA's
requests that named them all ended without a change."""
import collections
import json

import harness

Case = collections.namedtuple("Case", "id kind target args expect")

READS = "reads nothing"        # succeeds, and nothing of BETA is in its result
UNCHANGED = "unchanged"        # succeeds with changed=false (absent of something ALPHA cannot see)
REFUSED = "fails"              # fails (an update of an id ALPHA cannot see)
KINDS = ["vpcs", "subnets", "security_groups", "security_group_rules", "network_acls", "route_tables", "keypairs",
         "instances", "volumes", "ports", "public_ips"]


def m(cid, module, args, expect):
    return Case(cid, "module", "huaweicloud.iec." + module, args, expect)


def cases(b):
    return [
        m("vpc_info-id", "vpc_info", {"id": b["vpc"]}, READS),
        m("vpc_info-name", "vpc_info", {"name": "rel-beta-vpc"}, READS),
        m("vpc_info-all", "vpc_info", {}, READS),
        m("subnet_info-id", "subnet_info", {"id": b["subnet"]}, READS),
        m("subnet_info-vpc", "subnet_info", {"vpc": b["vpc"]}, READS),
        m("subnet_info-all", "subnet_info", {}, READS),
        m("security_group_info-id", "security_group_info", {"id": b["security_group"]}, READS),
        m("security_group_info-all", "security_group_info", {}, READS),
        m("security_group_rule_info-id", "security_group_rule_info", {"id": b["rule"]}, READS),
        m("security_group_rule_info-group", "security_group_rule_info", {"security_group": b["security_group"]}, READS),
        m("network_acl_info-id", "network_acl_info", {"id": b["network_acl"]}, READS),
        m("route_table_info-id", "route_table_info", {"id": b["route_table"]}, READS),
        m("route_table_info-vpc", "route_table_info", {"vpc": b["vpc"]}, READS),
        m("keypair_info-name", "keypair_info", {"name": b["keypair"]}, READS),
        m("keypair_info-all", "keypair_info", {}, READS),
        m("instance_info-id", "instance_info", {"id": b["instance"]}, READS),
        m("instance_info-name", "instance_info", {"name": "rel-beta"}, READS),
        m("volume_info-instance", "volume_info", {"instance": b["instance"]}, READS),
        m("volume_info-all", "volume_info", {}, READS),
        m("quota_info", "quota_info", {}, READS),
        Case("lookup-resource-all", "lookup", "huaweicloud.iec.resource",
             {"terms": KINDS, "kwargs": {"on_missing": "skip"}}, READS),
        Case("lookup-resource-by-id", "lookup", "huaweicloud.iec.resource",
             {"terms": ["vpcs"], "kwargs": {"filters": {"id": b["vpc"]}, "on_missing": "skip"}}, READS),
        m("vpc-rename", "vpc", {"id": b["vpc"], "name": "taken-over"}, REFUSED),
        m("vpc-absent-id", "vpc", {"id": b["vpc"], "state": "absent"}, UNCHANGED),
        m("vpc-absent-name", "vpc", {"name": "rel-beta-vpc", "state": "absent"}, UNCHANGED),
        m("subnet-rename", "subnet", {"id": b["subnet"], "name": "taken-over"}, REFUSED),
        m("subnet-absent-id", "subnet", {"id": b["subnet"], "state": "absent"}, UNCHANGED),
        m("subnet-in-beta-vpc", "subnet", {"name": "rel-intruder", "vpc": b["vpc"], "site": "shanghai",
                                           "cidr": "192.168.7.0/24"}, REFUSED),
        m("security_group-rules", "security_group", {"id": b["security_group"], "rules": []}, REFUSED),
        m("security_group-absent-id", "security_group", {"id": b["security_group"], "state": "absent"}, UNCHANGED),
        m("security_group-absent-name", "security_group", {"name": "rel-beta-sg", "state": "absent"}, UNCHANGED),
        m("security_group_rule-absent-id", "security_group_rule", {"id": b["rule"], "state": "absent"}, UNCHANGED),
        m("security_group_rule-in-beta-group", "security_group_rule",
          {"security_group": b["security_group"], "direction": "ingress", "protocol": "tcp", "port_range_min": 3389},
          REFUSED),
        m("network_acl-rename", "network_acl", {"id": b["network_acl"], "name": "taken-over"}, REFUSED),
        m("network_acl-absent-id", "network_acl", {"id": b["network_acl"], "state": "absent"}, UNCHANGED),
        m("network_acl-beta-subnet", "network_acl", {"name": "rel-alpha-acl", "subnets": [b["subnet"]]}, REFUSED),
        m("route_table-absent-id", "route_table", {"id": b["route_table"], "state": "absent"}, UNCHANGED),
        m("route_table-in-beta-vpc", "route_table", {"name": "rel-intruder-rt", "vpc": b["vpc"]}, REFUSED),
        m("keypair-absent", "keypair", {"name": b["keypair"], "state": "absent"}, UNCHANGED),
        m("instance-stop", "instance", {"id": b["instance"], "state": "stopped"}, REFUSED),
        m("instance-absent-id", "instance", {"id": b["instance"], "state": "absent"}, UNCHANGED),
        m("instance-absent-name", "instance", {"name": "rel-beta-vm", "site": "shanghai", "state": "absent"},
          UNCHANGED),
        m("instance-in-beta-subnet", "instance", {
            "name": "rel-intruder-vm", "site": "shanghai", "flavor": "s6.small.1", "image": "Ubuntu 22.04 server 64bit",
            "vpc": b["vpc"], "subnets": [b["subnet"]], "root_volume": {"size": 40, "volume_type": "SAS"}}, REFUSED),
    ]


def beta_view(api):
    """BETA's resources as comparable data: every list, sorted by id."""
    snapshot = api.snapshot(KINDS)
    return dict((kind, sorted(items, key=lambda i: str(i.get("id") or i.get("name")))) for kind, items in snapshot.items())


def test_one_domain_cannot_read_or_change_another_domains_resources(two_domains, ansible, scratch):
    emulator, beta = two_domains.emulator, two_domains.beta
    beta_api = emulator.api(harness.BETA)
    before = beta_view(beta_api)
    beta_ids = set(v for k, v in beta.items() if k != "vpc_name") | set(
        str(i.get("id")) for items in before.values() for i in items if i.get("id"))
    assert len(beta_ids) > 15
    all_cases = cases(beta)
    emulator.clear_log()
    results = harness.run_cases(ansible, scratch / "isolation", two_domains.env(harness.ALPHA), all_cases, workers=3)

    config = harness.write_yaml(scratch / "isolation" / "alpha.iec.yml", {"plugin": "huaweicloud.iec.iec"})
    inventory = ansible.inventory(["-i", config, "--list"], label="isolation-inventory", env=dict(
        two_domains.env(harness.ALPHA, mode="password"), ANSIBLE_INVENTORY_ENABLED="huaweicloud.iec.iec",
        ANSIBLE_INVENTORY_UNPARSED_FAILED="true"))
    log = emulator.log()
    harness.record_log(log)

    problems = []
    for case in all_cases:
        harness.FIGURES.add("isolation_checks")
        outcome = results[case.id]
        seen = sorted(i for i in beta_ids if i in json.dumps(outcome.get("result", {})))
        if case.expect == REFUSED:
            if not outcome["failed"]:
                problems.append("%s: did not fail: %s" % (case.id, outcome))
        elif outcome["failed"]:
            problems.append("%s: failed: %s" % (case.id, outcome["msg"][:300]))
        elif case.expect == UNCHANGED and outcome["changed"]:
            problems.append("%s: reported a change" % case.id)
        if seen:
            problems.append("%s: shows BETA's %s" % (case.id, seen))
    harness.FIGURES.add("isolation_checks")
    assert inventory.rc == 0, inventory
    hosts = json.loads(inventory.output[inventory.output.index("{"):])["_meta"]["hostvars"]
    assert "rel-alpha-vm" in hosts
    if "rel-beta-vm" in hosts or any(i in inventory.output for i in beta_ids):
        problems.append("inventory: shows BETA's instance")
    assert problems == [], "\n".join(problems)

    # Nothing of BETA changed, no mutating request got through, and every request was ALPHA's.
    assert beta_view(beta_api) == before
    assert [e for e in harness.mutating(log) if e["status"] is not None and e["status"] < 400] == []
    assert set(e["domain_id"] for e in log) <= {harness.ALPHA["domain_id"], None}
    # The refusals came from ALPHA's view, not from the API: ALPHA sent no request naming a BETA id at all
    # other than reads that IEC answered as not found.
    touching = [e for e in log if any(i in e["path"] for i in beta_ids)]
    assert all(e["method"] == "GET" and e["status"] == 404 for e in touching), touching
