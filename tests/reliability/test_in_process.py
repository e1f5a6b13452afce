"""The modules run in the task's worker process (plugins/plugin_utils/in_process.py) and answer exactly what
they answer in module processes (``iec_in_process: false``): the same results, diffs, failures, no_log
censoring and task environment, and the same requests to IEC. A run with a module interpreter that does not
exist proves that no module process was started; the same run with ``iec_in_process: false`` fails on it."""
import json
import re

import harness

PLAYBOOK = harness.PLAYBOOKS / "in_process.yml"
MISSING_PYTHON = "/nonexistent/bin/python3"
VOLATILE = [
    (re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), "<id>"),
    (re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z?"), "<time>"),
    (re.compile(r"http://127\.0\.0\.1:\d+"), "<emulator>"),
    # A key pair IEC generates differs from run to run.
    (re.compile(r"-----BEGIN [A-Z ]+-----.*?-----END [A-Z ]+-----"), "<private key>"),
    (re.compile(r"ssh-rsa [A-Za-z0-9+/=]+"), "<public key>"),
    (re.compile(r"SHA256:[A-Za-z0-9+/=]+"), "<fingerprint>"),
]


def normalized(value):
    text = json.dumps(value, sort_keys=True)
    for pattern, replacement in VOLATILE:
        text = pattern.sub(replacement, text)
    return json.loads(text)


def requests_sent(emulator):
    """(method, path with ids replaced) of each request but the token requests, in order."""
    return [(entry["method"], normalized(entry["path"])) for entry in emulator.log()
            if entry["path"] != "/v3/auth/tokens"]


def run(ansible, emulator, scratch, label, in_process, interpreter=None):
    results = scratch / ("%s.json" % label)
    env = emulator.connection_env()
    del env["HUAWEICLOUD_IEC_ENDPOINT"]  # each task names it, but one that finds it in its `environment`
    args = [PLAYBOOK, "-e", "prefix=inproc", "-e", "results_file=%s" % results, "-e", "site_endpoint=%s" % emulator.url,
            "-e", "iec_in_process=%s" % in_process]
    if interpreter:
        args += ["-e", "module_python=%s" % interpreter]
    return ansible.playbook(args, env=env, label=label), results


def test_in_process_answers_as_a_module_process(emulators, ansible, scratch):
    worker = emulators(*harness.CLOUD_TIMING, name="in-process")
    process = emulators(*harness.CLOUD_TIMING, name="module-process")

    in_worker, worker_results = run(ansible, worker, scratch, "in-process", True, interpreter=MISSING_PYTHON)
    assert in_worker.rc == 0, in_worker
    in_processes, process_results = run(ansible, process, scratch, "module-process", False)
    assert in_processes.rc == 0, in_processes

    ours, theirs = (normalized(json.loads(path.read_text())) for path in (worker_results, process_results))
    assert ours == theirs
    assert ours["vpc_check"]["changed"] and ours["vpc_check"]["diff"]["after"]["name"] == "inproc-vpc"
    assert ours["vpc_create"]["changed"] and [r["changed"] for r in ours["sg_loop"]["results"]] == [True, False]
    assert ours["keypair"]["changed"] and ours["keypair"]["keypair"]["private_key"].startswith("<private key>")
    assert "PRIVATE KEY" not in in_worker.output and "PRIVATE KEY" not in in_processes.output  # no_log
    assert [s["name"] for s in ours["sites"]["sites"]] == ["shanghai"]
    assert ours["no_site"]["failed"] and "atlantis" in ours["no_site"]["msg"]
    assert ours["bad_cidr"]["failed"] and "cidr" in ours["bad_cidr"]["msg"]
    assert requests_sent(worker) == requests_sent(process)


def test_iec_in_process_false_runs_module_processes(emulators, ansible, scratch):
    emulator = emulators(*harness.CLOUD_TIMING, name="no-in-process")
    result, dummy = run(ansible, emulator, scratch, "no-in-process", False, interpreter=MISSING_PYTHON)
    assert result.rc != 0
    assert MISSING_PYTHON in result.output
    assert requests_sent(emulator) == []
