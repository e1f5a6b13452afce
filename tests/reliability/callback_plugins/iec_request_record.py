# -*- coding: utf-8 -*-
# Copyright (c) 2025, huaweicloud.iec contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A test callback of the reliability suite (tests/reliability/test_check_mode.py), not part of the collection.

After each task of a huaweicloud.iec module it reads the emulator's request log and clears it, so that every
request is put down to the task that sent it (the play runs on localhost, one task at a time). At the end of
the run it writes, to IEC_RECORD_FILE, one entry per task: its name, module, changed, failed, message, diff,
and the requests (method, path) it sent. IEC_RECORD_EMULATOR is the emulator's address.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: iec_request_record
type: aggregate
short_description: Record each task's result and emulator requests (test helper)
description:
  - Test helper of the reliability suite; see the module docstring.
options: {}
"""

import json
import os

from ansible.module_utils.urls import open_url
from ansible.plugins.callback import CallbackBase

PREFIX = "huaweicloud.iec."


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "iec_request_record"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super(CallbackModule, self).__init__()
        self.url = os.environ["IEC_RECORD_EMULATOR"].rstrip("/") + "/_emulator/requests"
        self.path = os.environ["IEC_RECORD_FILE"]
        self.entries = []

    def _requests(self):
        answer = json.loads(open_url(self.url, method="GET", validate_certs=False).read())["requests"]
        open_url(self.url, method="DELETE", validate_certs=False)
        return [[e["method"], e["path"]] for e in answer]

    def v2_playbook_on_start(self, playbook):
        self._requests()

    def _record(self, result, failed=False, skipped=False):
        action = result._task.action or ""
        requests = self._requests()
        if not action.startswith(PREFIX):
            return
        res = result._result
        self.entries.append({
            "task": result._task.get_name(), "module": action[len(PREFIX):], "changed": bool(res.get("changed")),
            "failed": failed, "skipped": skipped, "msg": res.get("msg"), "diff": res.get("diff"),
            "requests": requests})

    def v2_runner_on_ok(self, result):
        self._record(result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record(result, failed=True)

    def v2_runner_on_skipped(self, result):
        self._record(result, skipped=True)

    def v2_playbook_on_stats(self, stats):
        with open(self.path, "w") as handle:
            json.dump(self.entries, handle, indent=1, sort_keys=True)
