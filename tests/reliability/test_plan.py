"""The dry run of a whole edge (docs/plan.md): provision.yml --check --diff on an empty account succeeds without
a request that changes anything, and its plan (the huaweicloud.iec.summary callback) lists exactly what the real
run then creates, with the values the real run shows; a change planned in check mode is the change made."""
import json
import os
import shlex

import harness
import scenarios

SITES = [("shanghai", "192.168.1.0/24", 2), ("guangzhou", "192.168.2.0/24", 1)]
PLANNED = "(known after apply: "
COMPARED = ("vpc", "subnet", "security_group", "instance")


def documented():
    """The commands of docs/plan.md, as (environment, ansible-playbook arguments): the plan, then the real run."""
    out = []
    for line in (harness.ROOT / "docs" / "plan.md").read_text().splitlines():
        if line.startswith("ANSIBLE_CALLBACKS_ENABLED="):
            words = shlex.split(line)
            at = words.index("ansible-playbook")
            out.append((dict(w.split("=", 1) for w in words[:at]), words[at + 1:]))
    assert len(out) == 2 and "--check" in out[0][1] and "--check" not in out[1][1], out
    return out


def summarise(ansible, emulator, args, workdir, label, env=None):
    """Runs a playbook with the summary callback and answers the run and its summary file (relative to the
    folder Ansible runs in, workdir)."""
    env = dict(env or {"ANSIBLE_CALLBACKS_ENABLED": "huaweicloud.iec.summary", "IEC_SUMMARY_FILE": label + ".json"})
    path = os.path.join(str(workdir), env["IEC_SUMMARY_FILE"])
    run = ansible.playbook(args, env=dict(emulator.connection_env(), **env), label=label)
    assert run.rc == 0, run
    with open(path) as handle:
        return run, json.load(handle)


def agrees(plan, real, where="after"):
    """Problems where a planned value is not the real one. A placeholder stands for an id; None, [] and {} for
    values known only after apply; planned list items are each found among the real ones (IEC adds its own,
    such as a new security group's egress rules)."""
    if isinstance(plan, str) and plan.startswith(PLANNED):
        return [] if isinstance(real, str) and real and not real.startswith(PLANNED) else [
            "%s: %r for the placeholder %r" % (where, real, plan)]
    if plan in (None, [], {}):
        return []
    if isinstance(plan, dict):
        if not isinstance(real, dict):
            return ["%s: %r planned, %r made" % (where, plan, real)]
        return [p for k in sorted(plan) for p in agrees(plan[k], real.get(k), "%s.%s" % (where, k))]
    if isinstance(plan, list) and plan and isinstance(plan[0], dict):
        if not isinstance(real, list):
            return ["%s: %r planned, %r made" % (where, plan, real)]
        return ["%s: %r planned, not among %r" % (where, item, real) for item in plan
                if all(agrees(item, other) for other in real)]
    return [] if plan == real else ["%s: %r planned, %r made" % (where, plan, real)]


def listed(summary, what):
    return sorted((e["kind"], e["name"]) for e in summary[what])


def test_the_plan_of_provision_is_what_the_real_run_creates(emulators, ansible, scratch):
    emulator = emulators("--async-seconds", "0", name="plan")
    spec = scenarios.Provision("relp", SITES, public_key=harness.ssh_key_pair("reliability-plan")[0])
    vars_file = spec.write(os.path.join(str(scratch), "plan.vars.yml"))
    provision = ["huaweicloud.iec.provision", "-e", "edge_vars_file=%s" % vars_file]
    (plan_env, plan_args), (apply_env, apply_args) = documented()
    emulator.clear_log()

    _run, plan = summarise(ansible, emulator, plan_args + provision[1:], scratch, "plan-check", plan_env)
    assert harness.mutating(emulator.log()) == []
    assert plan["check_mode"] is True
    have = emulator.api().snapshot(["vpcs", "subnets", "security_groups", "keypairs", "instances"])
    assert [i["name"] for items in have.values() for i in items if i["name"].startswith("relp")] == []

    _run, real = summarise(ansible, emulator, apply_args + provision[1:], scratch, "plan-apply", apply_env)
    assert real["check_mode"] is False and spec.problems(emulator.api()) == []
    expected = sorted([("vpc", "relp-vpc"), ("security_group", "relp-sg")]
                      + [("subnet", "relp-vpc-%s" % s) for s, _c, _n in SITES]
                      + [("instance", name) for name in spec.instance_names()])
    assert listed(plan, "created") == listed(real, "created") == expected
    # The key pair task hides its result (no_log): both list it by its name, as created or changed.
    assert listed(plan, "changed") == listed(real, "changed") == [("keypair", "relp-key")]
    assert plan["deleted"] == real["deleted"] == []
    assert all(e["id"].startswith(PLANNED) for e in plan["created"])
    assert not any(e["id"].startswith(PLANNED) for e in real["created"])
    made = dict(((e["kind"], e["name"]), e) for e in real["created"])
    problems = []
    for entry in plan["created"]:
        if entry["kind"] in COMPARED:
            problems += agrees(entry["diff"]["after"], made[(entry["kind"], entry["name"])]["diff"]["after"],
                               "%s %s" % (entry["kind"], entry["name"]))
    assert problems == []

    # Run again: the plan is empty, and so is the run.
    _run, again = summarise(ansible, emulator, provision + ["--check"], scratch, "plan-again")
    assert again["created"] == again["deleted"] == [] and listed(again, "changed") == []

    # Changes: the check-mode diff of each is the real run's, and the plan lists what changes, no more.
    changes = [harness.PLAYBOOKS / "plan_changes.yml", "-e", "prefix=relp", "-e", "site=shanghai"]
    emulator.clear_log()
    _run, plan = summarise(ansible, emulator, changes + ["--check", "--diff"], scratch, "plan-changes-check")
    assert harness.mutating(emulator.log()) == []
    _run, real = summarise(ansible, emulator, changes + ["--diff"], scratch, "plan-changes-apply")
    assert listed(plan, "changed") == listed(real, "changed") == sorted(
        [("instance", "relp-shanghai-0001"), ("subnet", "relp-vpc-shanghai"), ("security_group", "relp-sg")])
    assert plan["created"] == real["created"] == [] and plan["deleted"] == real["deleted"] == []
    done = dict(((e["kind"], e["name"]), e) for e in real["changed"])
    for entry in plan["changed"]:
        other = done[(entry["kind"], entry["name"])]
        assert entry["keys"] == other["keys"], (entry["kind"], entry["keys"], other["keys"])
        if entry["kind"] != "security_group":
            # (a new rule's id and defaults are known after apply; its keys are compared above)
            assert entry["diff"] == other["diff"], entry["kind"]
    assert [e["keys"] for e in plan["changed"] if e["kind"] == "instance"] == [["description"]]
