# -*- coding: utf-8 -*-
# Copyright (c) 2025, huaweicloud.iec contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the action of every huaweicloud.iec module does: run the module inside the task's worker process.

Each of this collection's modules only talks HTTPS to the IEC API, and runs on the controller
(``connection: local``). ansible-core would build each module's AnsiballZ payload, write it to a
temporary folder, start a new Python that imports ``ansible.module_utils.basic`` and compiles the
payload from its zip, and remove the folder again: about 0.4 s of CPU for each module execution on a
small machine, several times what the module itself does. This action runs the same module code with
ansible-core's own module runner (the function the AnsiballZ wrapper calls) in the worker process that
ansible-playbook has already forked for the task, with the same arguments, environment, check and diff
mode, no_log handling and result processing; the module does not know the difference.

It does so only where a module process would run on the controller as the same user: a ``local``
connection, no ``become``, no ``async``, no debugger or coverage extension, and ansible-core 2.19 or
later. Anywhere else, or with the variable ``iec_in_process: false``, the module runs as ansible-core
runs any module. Each module has its action plugin of the same name in plugins/action/, a subclass of
InProcessAction (tests/unit/test_runtime_metadata.py checks that every module has one).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import contextlib
import io
import json
import os

from ansible.module_utils.parsing.convert_bool import boolean
from ansible.plugins.action.normal import ActionModule as NormalAction
from ansible.utils.display import Display

try:  # ansible-core 2.19 and later: the runner of the AnsiballZ wrapper, and the module argument codec.
    from ansible.module_utils._internal._ansiballz import _loader
    from ansible.module_utils.common.json import Direction, get_module_encoder
    from ansible._internal._ansiballz import _builder
except ImportError:  # ansible-core 2.16 - 2.18: modules run in their own process
    _loader = None

display = Display()

COLLECTION = "huaweicloud.iec."
# The serialization profile of a module that declares no METADATA, as all of this collection's do
# (tests/unit/plugins/plugin_utils/test_in_process.py checks it); ansible-core encodes the module's arguments and
# decodes its result with it.
PROFILE = "legacy"


class InProcessAction(NormalAction):
    """ansible.builtin.normal, with the module run in the worker process where it may be."""

    def _in_process_module(self, module_name, task_vars):
        """The Python name of the module to run in this process, or None when it must run in its own."""
        if _loader is None or self._task.async_val or self._play_context.become:
            return None
        if getattr(self._connection, "transport", None) != "local":
            return None
        # Templated as any variable is ("{{ ... }}" from group_vars, a survey or another variable).
        if not boolean(self._templar.template(task_vars.get("iec_in_process", True)), strict=False):
            return None
        if _builder.ExtensionManager.create(task_vars=task_vars).extension_names:
            return None  # a debugger or coverage wraps the module process: keep that process
        found = self._shared_loader_obj.module_loader.find_plugin_with_context(
            module_name, collection_list=self._task.collections)
        if not found.resolved or not found.resolved_fqcn.startswith(COLLECTION):
            return None
        return "ansible_collections.huaweicloud.iec.plugins.modules." + found.resolved_fqcn[len(COLLECTION):]

    def _execute_module(self, module_name=None, module_args=None, tmp=None, task_vars=None, persist_files=False,
                        delete_remote_tmp=None, wrap_async=False, **kwargs):
        # kwargs: ignore_unknown_opts from ansible-core 2.17 on; 2.16's _execute_module has no such argument.
        task_vars = task_vars if task_vars is not None else {}
        module_name = module_name or self._task.action
        python_name = None if wrap_async else self._in_process_module(module_name, task_vars)
        if python_name is None:
            return super(InProcessAction, self)._execute_module(
                module_name=module_name, module_args=module_args, tmp=tmp, task_vars=task_vars,
                persist_files=persist_files, delete_remote_tmp=delete_remote_tmp, wrap_async=wrap_async, **kwargs)
        module_args = self._task.args if module_args is None else module_args
        self._update_module_args(module_name, module_args, task_vars, **kwargs)
        display.vvv("Running %s in the worker process" % python_name, host=self._play_context.remote_addr)
        return self._module_result(self._parse_returned_data(self._run_module(python_name, module_args), PROFILE))

    @staticmethod
    def _module_result(parsed):
        """The result of the task from what _parse_returned_data made of the module's output, as ansible-core's
        _execute_module finishes it: a dict up to ansible-core 2.20, a task result object from 2.21 on."""
        if isinstance(parsed, dict):
            from ansible.vars.clean import remove_internal_keys  # pylint: disable=import-outside-toplevel
            parsed.pop("_ansible_suppress_tmpdir_delete", None)
            remove_internal_keys(parsed)
            return parsed
        parsed.remove_internal_keys()
        return parsed.as_result_dict(for_round_trip=True)

    def _run_module(self, python_name, module_args):
        """Run the module as the AnsiballZ wrapper would; answer what a module process answers (rc, stdout,
        stderr). The task's environment is set for the run and taken away after it."""
        environment = {}
        self._compute_environment_string(raw_environment_out=environment)
        environment = dict(getattr(self._connection._shell, "env", None) or {}, **environment)
        params = json.dumps({"ANSIBLE_MODULE_ARGS": module_args},
                            cls=get_module_encoder(PROFILE, Direction.CONTROLLER_TO_MODULE)).encode()
        stdout, stderr, rc = io.StringIO(), io.StringIO(), 0
        saved = dict(os.environ)
        os.environ.update((str(k), str(v)) for k, v in environment.items())
        try:
            with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
                try:
                    _loader.run_module(json_params=params, profile=PROFILE, module_fqn=python_name, modlib_path="",
                                       extensions={})
                except SystemExit as done:  # how every module ends
                    rc = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
        finally:
            os.environ.clear()
            os.environ.update(saved)
        return {"rc": rc, "stdout": stdout.getvalue(), "stderr": stderr.getvalue()}
