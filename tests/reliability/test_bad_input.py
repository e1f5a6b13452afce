"""Invalid input across modules, roles, look-ups, the inventory plugin and provision.yml (bad_input_cases.py):
each case fails, its message holds the words that make it actionable, and the emulator saw no mutating
request for any of them. All cases run once (module fixture); the two tests read that run."""
import collections
import copy
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

import harness
import scenarios
from bad_input_cases import CASES

WORKERS = 3  # hosts of the generated playbook, each running its share of the cases (strategy free)


def fill(value, names):
    """Substitutes {alpha[...]} / {beta[...]} in every string of a case."""
    if isinstance(value, str):
        return value.format_map(names)
    if isinstance(value, list):
        return [fill(v, names) for v in value]
    if isinstance(value, dict):
        return dict((k, fill(v, names)) for k, v in value.items())
    return value


def timed(function, *args):
    begin = time.time()
    outcome = function(*args)
    outcome.update(begin=begin, end=time.time())
    return outcome


def run_inventory_case(ansible, scratch, env, case):
    (scratch / "bad-input").mkdir(exist_ok=True)
    path = harness.write_yaml(scratch / "bad-input" / ("%s.iec.yml" % case.id),
                              dict({"plugin": "huaweicloud.iec.iec"}, **case.args))
    env = dict(env, ANSIBLE_INVENTORY_ENABLED="huaweicloud.iec.iec", ANSIBLE_INVENTORY_UNPARSED_FAILED="true")
    run = ansible.inventory(["-i", path, "--list"], env=env, label=case.id)
    return {"failed": run.rc != 0, "msg": run.output}


def run_provision_case(ansible, scratch, env, case, public_key):
    data = scenarios.Provision("rel-bad", [("shanghai", "192.168.1.0/24", 1)], public_key=public_key).vars()
    for key, value in case.args.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    path = harness.write_yaml(scratch / "bad-input" / ("%s.vars.yml" % case.id), data)
    run = ansible.playbook(["huaweicloud.iec.provision", "-e", "edge_vars_file=%s" % path], env=env, label=case.id)
    return {"failed": run.rc != 0, "msg": run.output}


@pytest.fixture(scope="module")
def outcome(two_domains, ansible, scratch):
    """Runs every case once. Module, role and look-up cases run in one playbook against the two-domain
    emulator; inventory and provision cases (which name no resource of the setup) run one after the other
    against an emulator of their own, in parallel with the playbook, so that each request is attributable."""
    names = {"alpha": dict(two_domains.alpha, domain_id=harness.ALPHA["domain_id"]),
             "beta": dict(two_domains.beta, domain_id=harness.BETA["domain_id"])}
    cases = [c._replace(args=fill(copy.deepcopy(c.args), names), keywords=tuple(fill(list(c.keywords), names)))
             for c in CASES]
    public_key = harness.ssh_key_pair("reliability-bad-input")[0]
    emulator = two_domains.emulator
    side = harness.Emulator(scratch / "emulators", *harness.CLOUD_TIMING, name="bad-input-side",
                            accounts=harness.accounts_doc(harness.ALPHA, harness.BETA))
    try:
        emulator.clear_log()
        side_env = side.connection_env(harness.ALPHA)

        def one_by_one():
            out = {}
            for case in cases:
                if case.kind == "inventory":
                    out[case.id] = timed(run_inventory_case, ansible, scratch, side_env, case)
                elif case.kind == "provision":
                    out[case.id] = timed(run_provision_case, ansible, scratch, side_env, case, public_key)
            return out

        with ThreadPoolExecutor(2) as pool:
            playbook = pool.submit(harness.run_cases, ansible, scratch / "bad-input", two_domains.env(),
                                   [c for c in cases if c.kind in ("module", "role", "lookup")], WORKERS)
            sequential = pool.submit(one_by_one)
            results = dict(playbook.result(), **sequential.result())
        logs = {"playbook": emulator.log(), "inventory and provision": side.log()}
    finally:
        side.stop()
    for log in logs.values():
        harness.record_log(log)
    kinds = collections.Counter(c.kind for c in cases)
    harness.FIGURES.add("bad_input_cases", len(cases))
    harness.FIGURES.note("bad input: %d cases (%s), %d requests, %d of them mutating" % (
        len(cases), ", ".join("%d %s" % (n, k) for k, n in sorted(kinds.items())),
        sum(len(log) for log in logs.values()), sum(len(harness.mutating(log)) for log in logs.values())))
    return cases, results, logs


def test_at_least_100_distinct_cases():
    assert len(CASES) >= 100 and len(set(c.id for c in CASES)) == len(CASES)
    assert set(c.kind for c in CASES) == {"module", "role", "lookup", "inventory", "provision"}


def test_each_invalid_input_fails_with_an_actionable_message(outcome):
    cases, results, _log = outcome
    problems = []
    for case in cases:
        result = results.get(case.id)
        if result is None:
            problems.append("%s: no result" % case.id)
        elif not result["failed"]:
            problems.append("%s: did not fail" % case.id)
        else:
            text = result["msg"].lower()
            missing = [k for k in case.keywords if k.lower() not in text]
            if missing:
                problems.append("%s: message lacks %s: %s" % (case.id, missing, result["msg"][-600:].strip()))
    harness.FIGURES.add("bad_input_cases_passed", len(cases) - len(problems))
    assert not problems, "\n".join(problems)


def test_no_invalid_input_sends_a_mutating_request(outcome):
    cases, results, logs = outcome
    kinds = dict((c.id, c.kind) for c in cases)
    changes = []
    for label, log in logs.items():
        for entry in harness.mutating(log):
            # Candidates: the cases running at that moment (one per worker of the playbook; exactly one for the
            # cases run one by one).
            running = [cid for cid in harness.cases_at(results, entry["time"])
                       if (kinds[cid] in ("inventory", "provision")) == (label != "playbook")]
            changes.append("%s %s -> %s while %s ran" % (
                entry["method"], entry["path"], entry["status"], " or ".join(running) or "?"))
    assert changes == [], "\n".join(changes)
