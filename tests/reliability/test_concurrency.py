"""20 forks provisioning 20 sites at once (playbooks/fleet.yml): no lost update, no duplicate, no 500."""
import pytest

import harness
import scenarios

SITES = 20


@pytest.fixture(scope="module")
def public_key():
    return harness.ssh_key_pair("reliability-fleet")[0]


def test_20_forks_provision_20_sites_at_once(emulators, ansible, scratch, public_key):
    emulator = emulators("--sites", str(SITES), *harness.CLOUD_TIMING)
    site_names = [s["name"] for s in emulator.api().sites()][:SITES]
    assert len(set(site_names)) == SITES
    fleet = scenarios.Fleet("relc", site_names, count=1, public_key=public_key)
    inventory = fleet.inventory(scratch / "fleet-inventory.yml")
    args = ["-i", inventory, "--forks", str(SITES), harness.PLAYBOOKS / "fleet.yml"]

    run = ansible.playbook(args, env=emulator.connection_env(), label="fleet-20-forks")
    log = emulator.log()
    harness.record_log(log)
    assert run.rc == 0, run
    problems = fleet.problems(emulator.api())
    assert problems == [], problems
    harness.FIGURES.add("runs_converged")
    # The API never failed: no 5xx at all, and no request refused as a conflict (a twin) either.
    assert [e for e in log if e["status"] is not None and e["status"] >= 500] == []
    assert [e for e in log if e["status"] in (409,)] == []
    creations = [e for e in log if e["method"] == "POST" and e["path"] == "/v1/cloudservers"]
    assert len(creations) == SITES
    # The forks really raced on the shared group: some fork read it after another fork had added its rule
    # and before the last one did (read-modify-write interleaved), and still no rule was lost.
    first_subnet = min(i for i, e in enumerate(log) if e["method"] == "POST" and e["path"] == "/v1/subnets")
    rule_posts = [i for i, e in enumerate(log) if i > first_subnet and e["method"] == "POST"
                  and e["path"] == "/v1/security-group-rules"]
    assert len(rule_posts) == SITES
    reads_between = [i for i, e in enumerate(log) if rule_posts[0] < i < rule_posts[-1] and e["method"] == "GET"
                     and e["path"].startswith("/v1/security-groups")]
    assert reads_between, "the forks did not overlap on the shared security group"

    # A second run finds everything in place: it only reads.
    emulator.clear_log()
    again = ansible.playbook(args, env=emulator.connection_env(), label="fleet-20-forks-again")
    assert again.rc == 0, again
    second = emulator.log()
    harness.record_log(second)
    assert harness.mutating(second) == []
    assert "changed=1" not in again.output and "changed=2" not in again.output
    assert fleet.problems(emulator.api()) == []
