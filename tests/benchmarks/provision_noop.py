"""Benchmark of a no-op huaweicloud.iec.provision against the emulator (not a test).

In one run, on one freshly started emulator:

* provision once (examples/edge.yml, untimed), so that the next runs have nothing to do;
* the second, no-op provision, timed, and the IEC requests it sends (from the emulator's request log,
  with their methods: they should all be GET);
* the floor: a baseline playbook with the same mix of work as the no-op provision, counted from that run
  by a callback (TASK_MIX): for each task that ran a module, a task running ``ansible.builtin.ping`` as
  many times (a loop of as many items); for each task that ran no module (set_fact, assert, debug,
  include_*...), an ``ansible.builtin.debug`` task; for each skipped task, a skipped task. A module
  execution costs several times what an action-only task costs, so the floor must count both.

The ratio no-op provision / floor is printed, never compared with a threshold (goal of issue 14:
<= 1.2, with only GET requests). Run from the repository root:

    .venv/bin/python tests/benchmarks/provision_noop.py --repeat 3 [--vars examples/edge.yml]
"""
import argparse
import collections
import json
import os
import pathlib
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[2]
VENV_BIN = ROOT / ".venv" / "bin"
RECAP = re.compile(r"localhost\s+:\s+ok=(\d+)\s+changed=(\d+)\s+unreachable=\d+\s+failed=(\d+)\s+skipped=(\d+)")


def call(url, method="GET"):
    with urllib.request.urlopen(urllib.request.Request(url, method=method), timeout=60) as answer:
        raw = answer.read()
    return json.loads(raw) if raw else None


def start_emulator():
    process = subprocess.Popen([str(VENV_BIN / "iec-emulator"), "--host", "127.0.0.1", "--port", "0",
                                "--async-seconds", "0"], stdout=subprocess.PIPE, text=True)
    line = process.stdout.readline()
    match = re.search(r"listening on (https?://\S+)", line)
    if not match:
        process.kill()
        sys.exit("iec-emulator did not start: %r" % line)
    return process, match.group(1)


# Writes one JSON line per task result: whether it was skipped, how many module executions it made
# (a module's result carries 'invocation', per item in a loop; a no_log result is censored, so there an
# action that is not one of ansible-core's module-less actions counts as a module), how many loop items.
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
"""


def floor_tasks(mix):
    """The baseline's tasks: the no-op run's mix of work, with ping for modules and debug for the rest."""
    tasks = []
    for n, entry in enumerate(mix):
        name = "Task %d (as %s)" % (n, entry["action"])
        if entry["skipped"]:
            tasks.append({"name": name, "ansible.builtin.debug": {"msg": "never"}, "when": False})
        elif entry["modules"] and entry["items"] is None:
            tasks.append({"name": name, "ansible.builtin.ping": {}})
        elif entry["modules"]:
            tasks.append({"name": name, "ansible.builtin.ping": {}, "loop": list(range(entry["modules"]))})
        else:
            tasks.append({"name": name, "ansible.builtin.debug": {"msg": "action only"}})
    return tasks


def playbook(args, env):
    """Run ansible-playbook; answer (seconds, ok, changed, skipped, CPU seconds of the run: user + system of
    ansible-playbook and its module processes, which a machine shared with other jobs disturbs less)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([str(VENV_BIN / "ansible-playbook")] + args, env=env, capture_output=True, text=True,
                          check=False)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    match = RECAP.search(done.stdout)
    if done.returncode or not match or int(match.group(3)):
        sys.exit("ansible-playbook %s failed:\n%s%s" % (" ".join(args), done.stdout[-3000:], done.stderr[-2000:]))
    ok, changed, skipped = int(match.group(1)), int(match.group(2)), int(match.group(4))
    return seconds, ok, changed, skipped, cpu


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", maxsplit=1)[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--vars", default=str(ROOT / "examples" / "edge.yml"), help="the edge vars file")
    options = parser.parse_args()

    sys.path.insert(0, str(ROOT / "tests" / "emulator"))
    from iec_emulator.accounts import DEMO

    work = pathlib.Path(tempfile.mkdtemp(prefix="iec-provision-bench-"))
    namespace = work / "collections" / "ansible_collections" / "huaweicloud"
    namespace.mkdir(parents=True)
    os.symlink(ROOT, namespace / "iec")
    emulator, url = start_emulator()
    try:
        env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(work / "collections"), IEC_DEMO_DIR=str(work),
                   HUAWEICLOUD_IEC_ENDPOINT=url, HUAWEICLOUD_IAM_ENDPOINT=url, HUAWEICLOUD_SDK_AK=DEMO["ak"],
                   HUAWEICLOUD_SDK_SK=DEMO["sk"], HUAWEICLOUD_SDK_DOMAIN_ID=DEMO["domain_id"],
                   ANSIBLE_LOCALHOST_WARNING="false", ANSIBLE_INVENTORY_UNPARSED_WARNING="false")
        provision = ["huaweicloud.iec.provision", "-e", "edge_vars_file=%s" % os.path.abspath(options.vars)]
        first = playbook(provision, env)

        call(url + "/_emulator/requests", "DELETE")
        plugins = work / "callback_plugins"
        plugins.mkdir()
        (plugins / "iec_task_mix.py").write_text(TASK_MIX)
        mix_file = work / "mix.jsonl"
        counted = dict(env, ANSIBLE_CALLBACK_PLUGINS=str(plugins), ANSIBLE_CALLBACKS_ENABLED="iec_task_mix",
                       IEC_TASK_MIX_FILE=str(mix_file))
        noop = playbook(provision, counted)
        requests = [r for r in call(url + "/_emulator/requests")["requests"] if r["path"] != "/v3/auth/tokens"]
        methods = collections.Counter(r["method"] for r in requests)
        mix = [json.loads(line) for line in mix_file.read_text().splitlines()]
        noop_runs = [noop] + [playbook(provision, env) for dummy in range(options.repeat - 1)]
        noop_times = [run[0] for run in noop_runs]
        noop_cpu = [run[4] for run in noop_runs]

        baseline = work / "baseline.yml"
        baseline.write_text(json.dumps([{
            "name": "Floor: the no-op provision's mix of module and action-only tasks", "hosts": "localhost",
            "connection": "local", "gather_facts": False, "tasks": floor_tasks(mix)}]))
        baseline_runs = [playbook([str(baseline)], env) for dummy in range(options.repeat)]
        baseline_times = [run[0] for run in baseline_runs]
        baseline_cpu = [run[4] for run in baseline_runs]

        executions = sum(entry["modules"] for entry in mix)
        module_tasks = sum(1 for entry in mix if entry["modules"])
        skipped = sum(1 for entry in mix if entry["skipped"])
        action_only = len(mix) - module_tasks - skipped
        by_module = collections.Counter(entry["action"] for entry in mix if entry["modules"])
        print("first provision: %.1fs, changed=%d" % (first[0], first[2]))
        print("no-op provision: changed=%d, recap ok %d skipped %d; %d IEC requests (%s)"
              % (noop[2], noop[1], noop[3], len(requests), ", ".join("%s %d" % kv for kv in sorted(methods.items()))))
        print("no-op provision's mix: %d module executions in %d tasks (%s), %d action-only tasks, %d skipped tasks"
              % (executions, module_tasks, ", ".join("%s %d" % kv for kv in sorted(by_module.items())), action_only, skipped))
        print("no-op provision median %.2fs [%s], floor (%d ping executions in %d tasks, %d debug, %d skipped) median %.2fs [%s]"
              % (statistics.median(noop_times), ", ".join("%.2f" % t for t in noop_times), executions, module_tasks,
                 action_only, skipped, statistics.median(baseline_times), ", ".join("%.2f" % t for t in baseline_times)))
        slowest = sorted((entry for entry in mix if entry["seconds"] is not None), key=lambda e: e["seconds"], reverse=True)
        print("slowest tasks of the no-op provision: %s" % "; ".join(
            "%s (%s%s) %.2fs" % (e["task"], e["action"], ", %d modules" % e["modules"] if e["modules"] else "", e["seconds"])
            for e in slowest[:8]))
        print("CPU seconds: no-op provision median %.2f [%s], floor median %.2f [%s]"
              % (statistics.median(noop_cpu), ", ".join("%.2f" % t for t in noop_cpu), statistics.median(baseline_cpu),
                 ", ".join("%.2f" % t for t in baseline_cpu)))
        print("no-op provision / floor: %.2f wall, %.2f CPU (goal <= 1.2, only GETs: %s)"
              % (statistics.median(noop_times) / statistics.median(baseline_times),
                 statistics.median(noop_cpu) / statistics.median(baseline_cpu), set(methods) <= {"GET"}))
        playbook(["huaweicloud.iec.teardown", "-e", "edge_vars_file=%s" % os.path.abspath(options.vars)], env)
    finally:
        emulator.terminate()
        emulator.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
