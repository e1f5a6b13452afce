"""Invalid input across modules, roles, look-ups, the inventory plugin and provision.yml (bad_input_cases.py):
each case fails, its message holds the words that make it actionable, and the emulator saw no mutating
request for any of them."""
import collections
import copy
from concurrent.futures import ThreadPoolExecutor

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


def test_invalid_input_fails_with_an_actionable_message_and_changes_nothing(two_domains, ansible, scratch):
    names = {"alpha": dict(two_domains.alpha, domain_id=harness.ALPHA["domain_id"]),
             "beta": dict(two_domains.beta, domain_id=harness.BETA["domain_id"])}
    cases = [c._replace(args=fill(copy.deepcopy(c.args), names), keywords=tuple(fill(list(c.keywords), names)))
             for c in CASES]
    assert len(cases) >= 100 and len(set(c.id for c in cases)) == len(cases)
    env = two_domains.env()
    public_key = harness.ssh_key_pair("reliability-bad-input")[0]
    emulator = two_domains.emulator
    emulator.clear_log()

    results = {}
    with ThreadPoolExecutor(2) as pool:
        playbook = pool.submit(harness.run_cases, ansible, scratch / "bad-input", env,
                               [c for c in cases if c.kind in ("module", "role", "lookup")], WORKERS)
        others = dict((c.id, pool.submit(run_inventory_case if c.kind == "inventory" else run_provision_case,
                                         ansible, scratch, env, c, *([] if c.kind == "inventory" else [public_key])))
                      for c in cases if c.kind in ("inventory", "provision"))
        results.update(playbook.result())
        results.update(dict((case_id, future.result()) for case_id, future in others.items()))

    log = emulator.log()
    harness.record_log(log)
    problems = []
    for case in cases:
        outcome = results.get(case.id)
        if outcome is None:
            problems.append("%s: no result" % case.id)
        elif not outcome["failed"]:
            problems.append("%s: did not fail" % case.id)
        else:
            text = outcome["msg"].lower()
            missing = [k for k in case.keywords if k.lower() not in text]
            if missing:
                problems.append("%s: message lacks %s: %s" % (case.id, missing, outcome["msg"][-700:]))
    harness.FIGURES.add("bad_input_cases", len(cases))
    harness.FIGURES.add("bad_input_cases_passed", len(cases) - len(problems))
    changes = [(e["method"], e["path"], e["status"]) for e in harness.mutating(log)]
    kinds = collections.Counter(c.kind for c in cases)
    harness.FIGURES.note("bad input: %d cases (%s), %d requests, %d of them mutating" % (
        len(cases), ", ".join("%d %s" % (n, k) for k, n in sorted(kinds.items())), len(log), len(changes)))
    assert not problems, "\n".join(problems) + "\nmutating requests: %s" % changes
    assert changes == [], changes
