"""plugins/plugin_utils/in_process.py (the action of every module): when a module runs in the worker process, and how it runs there.

Where the module runs decides nothing about what it does; tests/reliability/test_in_process.py holds the
two ways to the same results and requests against the emulator. These tests pin the conditions and the
module run itself: arguments in, the task's environment set and taken away, the result and rc out."""
import ast
import json
import os
import pathlib
import sys
import types

import pytest

from ansible_collections.huaweicloud.iec.plugins.plugin_utils import in_process

MODULES = pathlib.Path(__file__).resolve().parents[4] / "plugins" / "modules"


class FakeModuleLoader:
    def find_plugin_with_context(self, name, collection_list=None):
        short = name.split(".")[-1]
        fqcn = name if "." in name else "huaweicloud.iec." + name
        return types.SimpleNamespace(resolved=(MODULES / (short + ".py")).exists() or not fqcn.startswith("huaweicloud.iec."),
                                     resolved_fqcn=fqcn)


@pytest.fixture(autouse=True)
def module_not_imported(monkeypatch):
    """A worker has not imported the module it runs (other unit tests have): runpy warns when it has."""
    monkeypatch.delitem(sys.modules, SITE_INFO, raising=False)


SITE_INFO = "ansible_collections.huaweicloud.iec.plugins.modules.site_info"


def action(transport="local", become=False, async_val=0, environment=None):
    """An InProcessAction around fakes of what ansible-core hands an action."""
    task = types.SimpleNamespace(async_val=async_val, collections=None, environment=environment or [], action="site_info",
                                 args={}, check_mode=False, no_log=False, diff=False)
    shell = types.SimpleNamespace(env={}, tmpdir=None, env_prefix=lambda **kw: "")
    connection = types.SimpleNamespace(transport=transport, _shell=shell)
    play_context = types.SimpleNamespace(become=become, remote_addr="localhost")
    templar = types.SimpleNamespace(template=lambda value: value)
    shared = types.SimpleNamespace(module_loader=FakeModuleLoader())
    module = in_process.InProcessAction.__new__(in_process.InProcessAction)
    module._task, module._connection, module._play_context = task, connection, play_context
    module._templar, module._shared_loader_obj = templar, shared
    return module


@pytest.mark.parametrize("name", ["site_info", "huaweicloud.iec.vpc"])
def test_a_local_task_of_the_collection_runs_in_the_worker(name):
    python_name = action()._in_process_module(name, {})
    assert python_name == "ansible_collections.huaweicloud.iec.plugins.modules." + name.split(".")[-1]


@pytest.mark.parametrize("change, task_vars", [
    ({"transport": "ssh"}, {}),
    ({"become": True}, {}),
    ({"async_val": 30}, {}),
    ({}, {"iec_in_process": False}),
    ({}, {"iec_in_process": "no"}),
])
def test_elsewhere_the_module_runs_in_its_own_process(change, task_vars):
    assert action(**change)._in_process_module("site_info", task_vars) is None


@pytest.mark.parametrize("value, in_worker", [("{{ fast }}", True), ("{{ not fast }}", False)])
def test_iec_in_process_is_templated_as_any_variable_is(value, in_worker):
    """A value such as "{{ survey_answer }}" counts as what it renders to, not as a string."""
    from ansible.parsing.dataloader import DataLoader
    from ansible.template import Templar
    from ansible._internal._datatag._tags import TrustedAsTemplate  # 2.19+, as the in-process run is

    task_vars = {"fast": True, "iec_in_process": TrustedAsTemplate().tag(value)}
    module = action()
    module._templar = Templar(loader=DataLoader(), variables=task_vars)
    assert (module._in_process_module("site_info", task_vars) is not None) is in_worker


def test_other_collections_modules_are_left_to_ansible_core():
    assert action()._in_process_module("ansible.builtin.ping", {}) is None


def test_the_module_runs_with_the_task_environment_which_is_then_taken_away(monkeypatch):
    for name in list(os.environ):
        if name.startswith("HUAWEICLOUD_"):
            monkeypatch.delenv(name)
    before = dict(os.environ)
    # Port 9 (discard) is closed here: the module fails on connecting, naming the endpoint it read from the
    # task's environment (without it the module would ask for an endpoint instead).
    module = action(environment=[{"HUAWEICLOUD_IEC_ENDPOINT": "http://127.0.0.1:9", "HUAWEICLOUD_SDK_AK": "AK",
                                  "HUAWEICLOUD_SDK_SK": "SK", "HUAWEICLOUD_SDK_DOMAIN_ID": "d" * 32}])
    module._compute_environment_string = types.MethodType(in_process.InProcessAction._compute_environment_string, module)
    answer = module._run_module("ansible_collections.huaweicloud.iec.plugins.modules.site_info",
                                {"_ansible_check_mode": False, "api_retries": 0})
    assert dict(os.environ) == before
    assert answer["rc"] == 1
    result = json.loads(answer["stdout"])
    assert result["failed"] and "127.0.0.1:9" in result["msg"]


def test_a_refused_argument_comes_back_as_a_module_process_would_answer_it():
    answer = action()._run_module("ansible_collections.huaweicloud.iec.plugins.modules.site_info",
                                  {"no_such_option": 1})
    assert answer["rc"] == 1
    assert "no_such_option" in json.loads(answer["stdout"])["msg"]


def test_no_module_declares_metadata_so_the_legacy_profile_is_theirs():
    """ansible-core encodes a module's arguments with the serialization profile its METADATA names, 'legacy'
    without one; the action uses 'legacy' for every module."""
    for path in MODULES.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = [target.id for node in tree.body if isinstance(node, ast.Assign)
                 for target in node.targets if isinstance(target, ast.Name)]
        assert "METADATA" not in names, path.name
    assert in_process.PROFILE == "legacy"


def test_the_result_is_finished_as_ansible_core_finishes_a_module_result():
    """_parse_returned_data answers a dict up to ansible-core 2.20 and a task result object from 2.21 on; both
    lose their internal keys as ansible-core's _execute_module takes them away."""
    parsed = {"changed": True, "_ansible_suppress_tmpdir_delete": True, "_ansible_parsed": True, "warnings": []}
    assert in_process.InProcessAction._module_result(parsed) == {"changed": True, "_ansible_parsed": True}

    class UnifiedResult:
        cleaned = False

        def remove_internal_keys(self):
            self.cleaned = True

        def as_result_dict(self, for_round_trip=False):
            return {"changed": False, "cleaned": self.cleaned, "round_trip": for_round_trip}

    expected = {"changed": False, "cleaned": True, "round_trip": True}
    assert in_process.InProcessAction._module_result(UnifiedResult()) == expected


def test_a_module_process_is_asked_of_ansible_core_with_the_arguments_its_release_knows(monkeypatch):
    """ansible-core 2.16's _execute_module has no ignore_unknown_opts; the action passes on only what it got."""
    calls = []

    def execute_module_2_16(self, module_name=None, module_args=None, tmp=None, task_vars=None, persist_files=False,
                            delete_remote_tmp=None, wrap_async=False):
        calls.append(module_name)
        return {"changed": False}

    monkeypatch.setattr(in_process.NormalAction, "_execute_module", execute_module_2_16)
    assert action(transport="ssh")._execute_module(task_vars={}) == {"changed": False}
    assert calls == ["site_info"]
