"""What the benchmarks of tests/benchmarks share (not a benchmark itself).

Starting an emulator on a free port (with an accounts file whose quotas fit the run), the HTTP calls to
it and to its test API (/_emulator/...), the collection tree and environment that ansible-playbook and
ansible-inventory run in, timing a command in wall and CPU seconds, and a callback that records each
task of a playbook (its module executions and how long it took).
"""
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VENV_BIN = os.path.join(ROOT, ".venv", "bin")
sys.path.insert(0, os.path.join(ROOT, "tests", "emulator"))
from iec_emulator.accounts import DEMO, demo_accounts_doc  # noqa: E402  pylint: disable=wrong-import-position

RECAP = re.compile(r"^\S+\s+:\s+ok=(\d+)\s+changed=(\d+)\s+unreachable=\d+\s+failed=(\d+)\s+skipped=(\d+)", re.M)
FLAVOR = ("s6.small.1", 1, 1024)  # name, vcpus, ram MiB
ROOT_GB = 40


def request(url, method="GET", body=None, headers=None, timeout=300):
    """One request; answer (headers, decoded JSON body or None). ``headers`` is a dict, or a function
    (method, url, body bytes) -> dict that signs the request. An HTTP error ends the benchmark."""
    data = json.dumps(body).encode() if body is not None else None
    if callable(headers):
        headers = headers(method, url, data)
    prepared = urllib.request.Request(url, data=data, method=method,
                                      headers=dict({"Content-Type": "application/json"}, **(headers or {})))
    try:
        with urllib.request.urlopen(prepared, timeout=timeout) as answer:
            raw = answer.read()
            return answer.headers, (json.loads(raw) if raw else None)
    except urllib.error.HTTPError as e:
        sys.exit("%s %s answered %d: %s" % (method, url, e.code, e.read().decode(errors="replace")[:2000]))


def call(url, method="GET", body=None, headers=None):
    """``request`` answering the body only."""
    return request(url, method, body, headers)[1]


def logged_requests(url, tokens=False):
    """The emulator's request log (without the token requests unless ``tokens``)."""
    entries = call(url + "/_emulator/requests")["requests"]
    return entries if tokens else [entry for entry in entries if entry["path"] != "/v3/auth/tokens"]


def accounts_file(work, instances, subnets):
    """The demo domain with quotas that fit ``instances`` instances of FLAVOR (ROOT_GB disks, a public IP
    each) and ``subnets`` subnets; answer the path of the accounts file written in ``work``."""
    doc = demo_accounts_doc()
    doc["domains"][0]["quotas"] = {
        "instance": instances, "vcpu": instances * FLAVOR[1], "ram": instances * FLAVOR[2],
        "volume": instances, "gigabyte": instances * ROOT_GB, "publicIp": instances, "subnet": max(250, subnets),
        "shareBandwidth": max(50, instances)}
    path = os.path.join(str(work), "accounts.json")
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(doc, handle)
    return path


def start_emulator(*options):
    """Start iec-emulator on a free port with these command-line options; answer (process, URL)."""
    process = subprocess.Popen([os.path.join(VENV_BIN, "iec-emulator"), "--host", "127.0.0.1", "--port", "0"]
                               + [str(option) for option in options], stdout=subprocess.PIPE, text=True)
    line = process.stdout.readline()
    match = re.search(r"listening on (https?://\S+)", line)
    if not match:
        process.kill()
        sys.exit("iec-emulator did not start: %r" % line)
    return process, match.group(1)


def stop_emulator(process):
    process.terminate()
    process.wait(timeout=60)


def finish(emulator, work, keep=False):
    """Stop the emulator; remove the work directory, or say where it was kept."""
    stop_emulator(emulator)
    if keep:
        print("work directory kept: %s" % work)
    else:
        shutil.rmtree(str(work), ignore_errors=True)


def link_collection(work):
    """An ansible_collections tree in ``work`` whose huaweicloud.iec is this checkout; answer its path."""
    collections = os.path.join(str(work), "collections")
    namespace = os.path.join(collections, "ansible_collections", "huaweicloud")
    os.makedirs(namespace)
    os.symlink(ROOT, os.path.join(namespace, "iec"))
    return collections


def playbook_env(collections, url, **extra):
    """The environment of ansible-playbook against the emulator at ``url``: the demo domain's AK/SK."""
    return dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(collections), HUAWEICLOUD_IEC_ENDPOINT=url,
                HUAWEICLOUD_IAM_ENDPOINT=url, HUAWEICLOUD_SDK_AK=DEMO["ak"], HUAWEICLOUD_SDK_SK=DEMO["sk"],
                HUAWEICLOUD_SDK_DOMAIN_ID=DEMO["domain_id"], ANSIBLE_LOCALHOST_WARNING="false",
                ANSIBLE_INVENTORY_UNPARSED_WARNING="false", **extra)


def timed_run(args, env, check=True):
    """Run a command; answer (wall seconds, CPU seconds, completed process). CPU seconds are user + system
    of the command and every process it waited for (module processes), which a machine shared with other
    jobs disturbs less than wall time."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=check)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return seconds, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, done


def run_playbook(args, env, log=None):
    """ansible-playbook with ``args``; a failure ends the benchmark. Answer (wall seconds, CPU seconds,
    recap dict ok/changed/skipped, summed over the hosts); ``log`` (a path) receives the output."""
    seconds, cpu, done = timed_run([os.path.join(VENV_BIN, "ansible-playbook")] + list(args), env, check=False)
    if log:
        with open(str(log), "w", encoding="utf-8") as handle:
            handle.write(done.stdout + done.stderr)
    recaps = RECAP.findall(done.stdout[done.stdout.rfind("PLAY RECAP"):])
    if done.returncode or not recaps or any(int(line[2]) for line in recaps):
        sys.exit("ansible-playbook %s failed:\n%s%s" % (" ".join(args), done.stdout[-3000:], done.stderr[-2000:]))
    # The recap's counts, summed over its hosts (localhost, or the sites of provision_sites too).
    return seconds, cpu, {"ok": sum(int(line[0]) for line in recaps), "changed": sum(int(line[1]) for line in recaps),
                          "skipped": sum(int(line[3]) for line in recaps)}


# A callback that writes one JSON line per task result: whether it was skipped, how many module executions
# it made (a module's result carries 'invocation', per item in a loop; a no_log result is censored, so there
# an action that is not one of ansible-core's module-less actions counts as a module), how many loop items,
# and the seconds from the task's start to this result.
TASK_MIX = """
import json
import os
import time

from ansible.plugins.callback import CallbackBase

ACTION_ONLY = {"add_host", "assert", "debug", "fail", "group_by", "import_role", "import_tasks", "include_role",
               "include_tasks", "include_vars", "meta", "pause", "set_fact", "set_stats", "validate_argument_spec"}


def ran_module(result, action):
    if not isinstance(result, dict) or result.get("skipped"):
        return False
    if "invocation" in result:
        return True
    return bool(result.get("_ansible_no_log") or "censored" in result) and action.split(".")[-1] not in ACTION_ONLY


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "iec_task_mix"
    CALLBACK_NEEDS_ENABLED = True
    started = None

    def v2_playbook_on_task_start(self, task, is_conditional):
        self.started = time.perf_counter()

    def v2_playbook_on_handler_task_start(self, task):
        self.started = time.perf_counter()

    def _record(self, result, skipped):
        res = result._result
        items = res.get("results") if isinstance(res.get("results"), list) else None
        action = result._task.action
        if items is not None:
            modules = sum(1 for item in items if ran_module(item, action))
            skipped = skipped or all(isinstance(item, dict) and item.get("skipped") for item in items)
        else:
            modules = 1 if not skipped and ran_module(res, action) else 0
        line = {"task": result._task.get_name(), "action": result._task.action, "skipped": skipped,
                "modules": modules, "items": len(items) if items is not None else None,
                "seconds": time.perf_counter() - self.started if self.started else None}
        with open(os.environ["IEC_TASK_MIX_FILE"], "a") as out:
            out.write(json.dumps(line) + "\\n")

    def v2_runner_on_ok(self, result):
        self._record(result, False)

    def v2_runner_on_skipped(self, result):
        self._record(result, True)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record(result, False)
"""


def task_mix_env(work, env, name="mix"):
    """``env`` with the TASK_MIX callback enabled; answer (environment, path of the JSON lines file)."""
    plugins = os.path.join(str(work), "callback_plugins")
    if not os.path.isdir(plugins):
        os.makedirs(plugins)
        with open(os.path.join(plugins, "iec_task_mix.py"), "w", encoding="utf-8") as handle:
            handle.write(TASK_MIX)
    mix_file = os.path.join(str(work), "%s.jsonl" % name)
    return dict(env, ANSIBLE_CALLBACK_PLUGINS=plugins, ANSIBLE_CALLBACKS_ENABLED="iec_task_mix",
                IEC_TASK_MIX_FILE=mix_file), mix_file


def read_task_mix(path):
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def slowest_tasks(mix, top=8):
    """The ``top`` tasks that took longest, as one line of text."""
    slowest = sorted((entry for entry in mix if entry["seconds"] is not None), key=lambda e: e["seconds"], reverse=True)
    return "; ".join("%s (%s%s) %.2fs" % (e["task"], e["action"], ", %d modules" % e["modules"] if e["modules"] else "",
                                          e["seconds"]) for e in slowest[:top])


# An interpreter for ansible_python_interpreter that runs each module with this Python and appends the module
# process's CPU seconds (bash's ``times``: user and system of its children) and the module's name to a file.
MODULE_CPU = """#!/bin/bash
"%(python)s" "$@"
rc=$?
times > "%(log)s.$$"
awk -v name="${1##*/}" 'NR == 2 {gsub(/[ms]/, " "); print $1 * 60 + $2 + $3 * 60 + $4, name}' "%(log)s.$$" >> "%(log)s"
rm -f "%(log)s.$$"
exit $rc
"""


def module_cpu_interpreter(work, name):
    """A wrapper interpreter recording each module execution's CPU seconds; answer (its path, the log's path)."""
    log = os.path.join(str(work), "%s-modules.txt" % name)
    path = os.path.join(str(work), "%s-python.sh" % name)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(MODULE_CPU % {"python": os.path.join(VENV_BIN, "python"), "log": log})
    os.chmod(path, 0o755)
    return path, log


def module_cpu(log):
    """(executions, CPU seconds of all module processes, {module: executions}) from a module_cpu_interpreter log."""
    executions, seconds, names = 0, 0.0, {}
    with open(log, encoding="utf-8") as handle:
        for line in handle:
            cpu, name = line.split(None, 1)
            executions += 1
            seconds += float(cpu)
            names[name.strip()] = names.get(name.strip(), 0) + 1
    return executions, seconds, names


def floor_tasks(mix, distinct=True, modules_as_actions=False):
    """The tasks of a floor: a run's mix of work (read_task_mix) done by the cheapest tasks ansible-core has.

    For each task that ran a module, a task running a ping module as many times (a loop of as many items);
    for each task that ran no module (set_fact, assert, debug, include_*...), an ``ansible.builtin.debug``
    task (a loop of as many items as it had); for each skipped task, a skipped task. With ``distinct``, each distinct module of the run is
    stood for by a distinct copy of ping (floor_module_1, floor_module_2... in the floor's library/, see
    floor_playbook), because ansible-playbook builds the AnsiballZ payload of every distinct module once per
    run; without it, ``ansible.builtin.ping`` stands for them all (one build). With ``modules_as_actions``, each
    module execution is an action-only ``debug`` task (an item of a loop where the task had several): the floor
    of a run whose modules start no module process (plugins/plugin_utils/in_process.py runs them in the worker)."""
    names = {}
    tasks = []
    for n, entry in enumerate(mix):
        name = "Task %d (as %s)" % (n, entry["action"])
        module = "ansible.builtin.ping"
        if distinct and entry["modules"]:
            module = names.setdefault(entry["action"], "floor_module_%d" % (len(names) + 1))
        if entry["skipped"]:
            tasks.append({"name": name, "ansible.builtin.debug": {"msg": "never"}, "when": False})
        elif entry["modules"] and modules_as_actions:
            loop = {"loop": list(range(entry["modules"]))} if entry["items"] is not None else {}
            tasks.append(dict({"name": name, "ansible.builtin.debug": {"msg": "module"}}, **loop))
        elif entry["modules"] and entry["items"] is None:
            tasks.append({"name": name, module: {}})
        elif entry["modules"]:
            tasks.append({"name": name, module: {}, "loop": list(range(entry["modules"]))})
        elif entry["items"]:
            tasks.append({"name": name, "ansible.builtin.debug": {"msg": "action only"}, "loop": list(range(entry["items"]))})
        else:
            tasks.append({"name": name, "ansible.builtin.debug": {"msg": "action only"}})
    return tasks


def floor_playbook(work, mix, name, distinct=True, modules_as_actions=False):
    """Write the floor of ``mix`` (floor_tasks) as a playbook in its own directory of ``work``, with a library/
    of ping copies for its distinct modules; answer the playbook's path."""
    import ansible.modules.ping  # pylint: disable=import-outside-toplevel
    folder = os.path.join(str(work), name)
    library = os.path.join(folder, "library")
    os.makedirs(library, exist_ok=True)
    tasks = floor_tasks(mix, distinct, modules_as_actions)
    with open(ansible.modules.ping.__file__, encoding="utf-8") as handle:
        ping = handle.read()
    for module in sorted(set(m for task in tasks for m in task if m.startswith("floor_module_"))):
        with open(os.path.join(library, module + ".py"), "w", encoding="utf-8") as handle:
            handle.write(ping.replace("module: ping", "module: %s" % module, 1))
    path = os.path.join(folder, "floor.yml")
    with open(path, "w", encoding="utf-8") as handle:
        json.dump([{"name": "Floor: a run's mix of module and action-only tasks", "hosts": "localhost",
                    "connection": "local", "gather_facts": False, "tasks": tasks}], handle)
    return path


def distinct_modules(mix):
    """How many distinct modules the run of ``mix`` executed."""
    return len(set(entry["action"] for entry in mix if entry["modules"]))
