"""Check mode of every state module (issue 12): with --check --diff a module sends no request that changes
anything, and its diff is the diff of the real run that follows.

playbooks/check_modes.yml makes the parents for real, then runs each phase (create, update, delete) of the
14 state modules twice on one emulator with the cloud's timing: with --check --diff, then for real with
--diff. The test callback callback_plugins/iec_request_record.py puts every request of the emulator's log
down to the task that sent it and records each task's result, so a case names the module at fault. Values
the check run can only show as "(known after apply: ...)" stand for any value the real run shows.
"""
import json
import os

import pytest

import harness

PLANNED = "(known after apply"
TASK = "Module "  # the name of a task under test in check_modes.yml: "Module vpc"
PHASES = ("create", "update", "delete", "release")
MODULES = ("vpc", "subnet", "security_group", "security_group_rule", "keypair", "port", "public_ip", "bandwidth",
           "network_acl", "route_table", "image", "instance", "deployment", "edgecloud")
# A bandwidth comes with a public IP: the module updates and deletes one, it does not create one; it is deleted
# in the phase "release", after the real delete phase released its public IP.
CASES = [(phase, module) for phase in PHASES[:3] for module in MODULES if module != "bandwidth"] + [
    ("update", "bandwidth"), ("release", "bandwidth")]
# Defects found by these tests, each marked xfail(strict=True) until plugins/ is fixed:
# (phase, module) -> what differs.
KNOWN_MUTATIONS = {}
KNOWN_DIFFS = {}


def cases(known):
    return [pytest.param(phase, module, id="%s-%s" % (phase, module),
                         marks=[pytest.mark.xfail(strict=True, reason=known[(phase, module)])]
                         if (phase, module) in known else [])
            for phase, module in CASES]


def differences(check, real, where="diff"):
    """Where a check-mode value is not the real run's. A planned placeholder matches any value the real run
    shows; so does a value the check run leaves out or shows as None, which it cannot know before IEC answers
    (a status, a MAC address, a creation time). Every value the check run does show must be the real one."""
    if isinstance(check, str) and check.startswith(PLANNED):
        return [] if real not in (None, "", [], {}) else ["%s: planned %r, the run shows %r" % (where, check, real)]
    if check is None and where != "diff":
        return []
    if isinstance(check, dict) and isinstance(real, dict):
        out = []
        for key in sorted(set(check) | set(real)):
            if key not in real:
                out.append("%s.%s: check %r, the run has no such key" % (where, key, check[key]))
            elif key in check:
                out += differences(check[key], real[key], "%s.%s" % (where, key))
        return out
    if isinstance(check, list) and isinstance(real, list) and len(check) == len(real):
        return [p for i, (c, r) in enumerate(zip(check, real)) for p in differences(c, r, "%s[%d]" % (where, i))]
    return [] if check == real else ["%s: check %r, run %r" % (where, check, real)]


@pytest.fixture(scope="module", name="runs")
def fixture_runs(emulators, ansible, scratch):
    """{(phase, 'check'|'real'): {module: record}}, the records of every run of check_modes.yml."""
    emulator = emulators(*harness.CLOUD_TIMING, name="check-modes")
    public_key = harness.ssh_key_pair("reliability-check-modes")[0]
    out = {}

    def play(tag, label, *flags):
        path = os.path.join(str(scratch), "%s.records.json" % label)
        env = dict(emulator.connection_env(), ANSIBLE_CALLBACK_PLUGINS=str(harness.HERE / "callback_plugins"),
                   ANSIBLE_CALLBACKS_ENABLED="iec_request_record", IEC_RECORD_FILE=path,
                   IEC_RECORD_EMULATOR=emulator.url)
        run = ansible.playbook([harness.PLAYBOOKS / "check_modes.yml", "--tags", tag, "-e", "prefix=cm",
                                "-e", "public_key='%s'" % public_key] + list(flags), env=env, label=label)
        assert run.rc == 0, run
        with open(path) as handle:
            return json.load(handle)

    setup = play("setup", "check-modes-setup")
    assert [r["task"] for r in setup if r["failed"]] == [], setup
    for phase in PHASES:
        for how, flags in (("check", ("--check", "--diff")), ("real", ("--diff",))):
            records = play(phase, "check-modes-%s-%s" % (phase, how), *flags)
            out[(phase, how)] = dict((r["task"][len(TASK):], r) for r in records
                                     if r["task"].startswith(TASK) and r["task"][len(TASK):] in MODULES)
    return out


# conftest's emulators fixture is per test; this module-scoped one keeps one emulator for all the cases.
@pytest.fixture(scope="module", name="emulators")
def fixture_emulators(scratch):
    started = []

    def start(*args, name=None):
        emulator = harness.Emulator(scratch / "emulators", *args, name=name)
        started.append(emulator)
        return emulator

    yield start
    for emulator in started:
        emulator.stop()


@pytest.mark.parametrize("phase,module", cases(KNOWN_MUTATIONS))
def test_check_mode_sends_no_change(runs, phase, module):
    check = runs[(phase, "check")][module]
    assert not check["failed"], check["msg"]
    assert [m for m, _p in check["requests"] if m == "GET"], "the check run read nothing"
    assert harness.mutating([{"method": m, "path": p} for m, p in check["requests"]]) == []


@pytest.mark.parametrize("phase,module", cases(KNOWN_DIFFS))
def test_check_mode_diff_is_the_real_diff(runs, phase, module):
    check, real = runs[(phase, "check")][module], runs[(phase, "real")][module]
    assert not check["failed"] and not real["failed"], (check["msg"], real["msg"])
    assert check["changed"] == real["changed"]
    assert differences(check["diff"], real["diff"]) == []
