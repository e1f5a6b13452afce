"""Benchmark of a no-op huaweicloud.iec.provision against the emulator (not a test).

In one run, on one freshly started emulator:

* provision once (examples/edge.yml, untimed), so that the next runs have nothing to do;
* the second, no-op provision, timed, and the IEC requests it sends (from the emulator's request log,
  with their methods: they should all be GET);
* the floor: a baseline playbook with the same mix of work as the no-op provision, counted from that run
  by a callback (benchlib.TASK_MIX; benchlib.floor_tasks): for each task that ran a module, a task running
  a ping module as many times (a loop of as many items); for each task that ran no module (set_fact,
  assert, debug, include_*...), an ``ansible.builtin.debug`` task; for each skipped task, a skipped task. A
  module execution costs several times what an action-only task costs, so the floor must count both. Each
  distinct module of the no-op run is stood for by a distinct copy of ping, since ansible-playbook builds
  the payload of every distinct module once per run; the floor where ``ansible.builtin.ping`` stands for
  all of them (one build) is printed too;
* the same no-op provision with ``iec_in_process=false``: the modules in module processes of their own, as
  ansible-core runs any module, where by default they run in the task's worker (plugins/plugin_utils/in_process.py);
* the floor of a run whose modules start no process: every module execution an action-only ``debug`` task
  (benchlib.floor_tasks, modules_as_actions), the least ansible-playbook can spend on the same tasks.

The ratio no-op provision / floor is printed, never compared with a threshold (goal of issue 14:
<= 1.2, with only GET requests). Run from the repository root:

    .venv/bin/python tests/benchmarks/provision_noop.py --repeat 3 [--vars examples/edge.yml]
"""
import argparse
import collections
import os
import shutil
import statistics
import tempfile

from benchlib import (ROOT, VENV_BIN, call, distinct_modules, finish, floor_playbook, link_collection, logged_requests, module_cpu,
                      module_cpu_interpreter, playbook_env, read_task_mix, run_playbook, slowest_tasks, start_emulator, task_mix_env,
                      timed_run)


CLIENT = "ansible_collections.huaweicloud.iec.plugins.module_utils.client"


def import_cost(name, tree, runs=7):
    """Median CPU seconds that importing ``name`` adds to a Python that imports ansible.module_utils.basic
    (``tree``: a folder for a copy of the collection's plugins). The collection's files are compiled on
    each import, as in a module process (AnsiballZ imports them from a zip, without .pyc): the copy has no
    bytecode and none is written; the standard library and ansible-core keep theirs, as modules do."""
    python = os.path.join(VENV_BIN, "python")
    copy = os.path.join(str(tree), "no-pyc", "ansible_collections", "huaweicloud", "iec")
    if not os.path.isdir(copy):
        shutil.copytree(os.path.join(ROOT, "plugins"), os.path.join(copy, "plugins"),
                        ignore=shutil.ignore_patterns("__pycache__"))
    env = dict(os.environ, PYTHONPATH=os.path.join(str(tree), "no-pyc"), PYTHONDONTWRITEBYTECODE="1")

    def cpu(code):
        return statistics.median(timed_run([python, "-c", code], env)[1] for dummy in range(runs))
    return cpu("import ansible.module_utils.basic, %s" % name) - cpu("import ansible.module_utils.basic")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", maxsplit=1)[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--vars", default=os.path.join(ROOT, "examples", "edge.yml"), help="the edge vars file")
    options = parser.parse_args()

    work = tempfile.mkdtemp(prefix="iec-provision-bench-")
    emulator, url = start_emulator("--async-seconds", "0")
    try:
        tree = link_collection(work)
        env = playbook_env(tree, url, IEC_DEMO_DIR=work)
        provision = ["huaweicloud.iec.provision", "-e", "edge_vars_file=%s" % os.path.abspath(options.vars)]
        first = run_playbook(provision, env)

        call(url + "/_emulator/requests", "DELETE")
        counted, mix_file = task_mix_env(work, env)
        noop = run_playbook(provision, counted)
        requests = logged_requests(url)
        methods = collections.Counter(r["method"] for r in requests)
        mix = read_task_mix(mix_file)
        noop_runs = [noop] + [run_playbook(provision, env) for dummy in range(options.repeat - 1)]
        noop_times = [run[0] for run in noop_runs]
        noop_cpu = [run[1] for run in noop_runs]

        baseline = floor_playbook(work, mix, "floor")
        baseline_runs = [run_playbook([baseline], env) for dummy in range(options.repeat)]
        baseline_times = [run[0] for run in baseline_runs]
        baseline_cpu = [run[1] for run in baseline_runs]
        one_build = floor_playbook(work, mix, "floor-one-build", distinct=False)
        one_build_cpu = [run_playbook([one_build], env)[1] for dummy in range(options.repeat)]
        processes_runs = [run_playbook(provision + ["-e", "iec_in_process=false"], env) for dummy in range(options.repeat)]
        actions = floor_playbook(work, mix, "floor-actions", modules_as_actions=True)
        actions_runs = [run_playbook([actions], env) for dummy in range(options.repeat)]

        executions = sum(entry["modules"] for entry in mix)
        module_tasks = sum(1 for entry in mix if entry["modules"])
        skipped = sum(1 for entry in mix if entry["skipped"])
        action_only = len(mix) - module_tasks - skipped
        by_module = collections.Counter()
        for entry in mix:
            by_module[entry["action"]] += entry["modules"]
        print("first provision: %.1fs, changed=%d" % (first[0], first[2]["changed"]))
        print("no-op provision: changed=%d, recap ok %d skipped %d; %d IEC requests (%s)"
              % (noop[2]["changed"], noop[2]["ok"], noop[2]["skipped"], len(requests),
                 ", ".join("%s %d" % kv for kv in sorted(methods.items()))))
        print("no-op provision's mix: %d module executions in %d tasks (%s; %d distinct modules), %d action-only tasks, "
              "%d skipped tasks" % (executions, module_tasks, ", ".join("%s %d" % kv for kv in sorted(by_module.items()) if kv[1]),
                                    len([kv for kv in by_module.items() if kv[1]]), action_only, skipped))
        print("no-op provision median %.2fs [%s], floor (%d ping executions of %d distinct copies in %d tasks, %d debug, "
              "%d skipped) median %.2fs [%s]"
              % (statistics.median(noop_times), ", ".join("%.2f" % t for t in noop_times), executions, distinct_modules(mix),
                 module_tasks, action_only, skipped, statistics.median(baseline_times),
                 ", ".join("%.2f" % t for t in baseline_times)))
        print("slowest tasks of the no-op provision: %s" % slowest_tasks(mix))
        print("CPU seconds: no-op provision median %.2f [%s], floor median %.2f [%s]"
              % (statistics.median(noop_cpu), ", ".join("%.2f" % t for t in noop_cpu), statistics.median(baseline_cpu),
                 ", ".join("%.2f" % t for t in baseline_cpu)))
        print("no-op provision / floor: %.2f wall, %.2f CPU (goal <= 1.2, only GETs: %s)"
              % (statistics.median(noop_times) / statistics.median(baseline_times),
                 statistics.median(noop_cpu) / statistics.median(baseline_cpu), set(methods) <= {"GET"}))
        print("against the floor with ansible.builtin.ping for every module (one payload build instead of %d): floor CPU median "
              "%.2f [%s], no-op provision / that floor %.2f CPU"
              % (distinct_modules(mix), statistics.median(one_build_cpu), ", ".join("%.2f" % t for t in one_build_cpu),
                 statistics.median(noop_cpu) / statistics.median(one_build_cpu)))
        for label, runs in (("in module processes (iec_in_process=false)", processes_runs),
                            ("the floor with every module execution an action-only task", actions_runs)):
            print("%s: median %.2fs wall [%s], %.2f CPU [%s]" % (
                label, statistics.median(r[0] for r in runs), ", ".join("%.2f" % r[0] for r in runs),
                statistics.median(r[1] for r in runs), ", ".join("%.2f" % r[1] for r in runs)))
        print("no-op provision in module processes / floor: %.2f wall, %.2f CPU; in the worker / in module processes: "
              "%.2f CPU; in the worker / the floor of action-only tasks: %.2f wall, %.2f CPU"
              % (statistics.median(r[0] for r in processes_runs) / statistics.median(baseline_times),
                 statistics.median(r[1] for r in processes_runs) / statistics.median(baseline_cpu),
                 statistics.median(noop_cpu) / statistics.median(r[1] for r in processes_runs),
                 statistics.median(noop_times) / statistics.median(r[0] for r in actions_runs),
                 statistics.median(noop_cpu) / statistics.median(r[1] for r in actions_runs)))
        # What the CPU goes to: one more run of each, every module process timed by a wrapper interpreter.
        parts = []
        for label, args in (("no-op provision", provision), ("no-op provision in module processes",
                                                             provision + ["-e", "iec_in_process=false"]),
                            ("floor", [baseline])):
            interpreter, log = module_cpu_interpreter(work, label.replace(" ", "-"))
            dummy, cpu, dummy2 = run_playbook(args + ["-e", "ansible_python_interpreter=%s" % interpreter], env)
            count, seconds, names = module_cpu(log)
            parts.append("%s %.2f CPU s = %d module processes %.2f s (%.3f s each; %d distinct modules, each built once "
                         "by ansible-playbook) + ansible-playbook itself %.2f s"
                         % (label, cpu, count, seconds, seconds / max(1, count), len(names), cpu - seconds))
        print("where the CPU goes: %s" % "; ".join(parts))
        print("of a module process's CPU, importing the client (module_utils/client.py with http.client, its catalog and "
              "signer, which ping does not load): %.3f s" % import_cost(CLIENT, work))
        run_playbook(["huaweicloud.iec.teardown", "-e", "edge_vars_file=%s" % os.path.abspath(options.vars)], env)
    finally:
        finish(emulator, work)


if __name__ == "__main__":
    main()
