# -*- coding: utf-8 -*-
# Copyright (c) 2025, huaweicloud.iec contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: summary
type: aggregate
short_description: Summarise what a run created, changed and deleted in Huawei Cloud IEC
version_added: 1.1.0
description:
  - At the end of a playbook run, lists the IEC resources that the run created, changed and deleted,
    by resource kind, each with its name and id (and, for a change, the keys that changed).
  - In check mode (C(--check)) nothing is changed and the summary is the plan - what the run would
    create, change and delete. A resource that an earlier task would create has no id yet; the
    summary shows V(known after apply) where its id will be.
  - It reads the results of this collection's modules (C(huaweicloud.iec.vpc), C(huaweicloud.iec.instance),
    ...), also those of loops and of tasks that failed after changing something; C(*_info) modules and
    other collections' modules are left out. The resource kind is the module's name.
  - A task with C(no_log) hides its result (a key pair whose private key IEC generates), so the summary
    cannot tell whether the task created or changed its resource; it lists it under V(changed), named by
    the task's O(ignore:name) argument (outside loops), with V(hidden) set in the JSON file.
  - It adds to the output callback rather than replacing it. Enable it with
    E(ANSIBLE_CALLBACKS_ENABLED=huaweicloud.iec.summary), or C(callbacks_enabled) in the C([defaults])
    section of C(ansible.cfg).
author:
  - Huawei Cloud IEC Ansible contributors (@huaweicloud)
requirements:
  - enabled in callbacks_enabled (see the description)
options:
  file:
    description:
      - Also write the summary as JSON to this file, for a pipeline to read (for example to review a plan
        before applying it). Its keys are V(check_mode), and V(created), V(changed), V(deleted), each a
        list of V({kind, name, id, host, task, failed, diff}) (V(changed) entries with V(keys) too); V(diff)
        holds the resource V(before) and V(after), as the module's diff shows them (no secrets).
      - Without it, the summary is only displayed.
    type: path
    env:
      - name: IEC_SUMMARY_FILE
    ini:
      - section: callback_iec_summary
        key: file
  show_empty:
    description: Display the summary also when the run created, changed and deleted nothing.
    type: bool
    default: true
    env:
      - name: IEC_SUMMARY_SHOW_EMPTY
    ini:
      - section: callback_iec_summary
        key: show_empty
"""

EXAMPLES = r"""
# Provision an edge and see what was made:
#   ANSIBLE_CALLBACKS_ENABLED=huaweicloud.iec.summary ansible-playbook huaweicloud.iec.provision
# The plan of the same run, with nothing changed, also written as JSON:
#   ANSIBLE_CALLBACKS_ENABLED=huaweicloud.iec.summary IEC_SUMMARY_FILE=plan.json \
#     ansible-playbook huaweicloud.iec.provision --check --diff
#
# The summary printed at the end of a check-mode run of provision on an empty account:
#   IEC PLAN (check mode: nothing was changed) ***********************************
#   would create 8 resources:
#     VPC             demo-edge-vpc                     id known after apply
#     subnet          demo-edge-vpc-shanghai            id known after apply
#     ...
#     instance        demo-edge-shanghai-0001           id known after apply
"""

import json

from ansible import context
from ansible.plugins.callback import CallbackBase

try:
    from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import is_planned
except ImportError:  # the callback also loads when module_utils cannot be imported (a broken install)
    def is_planned(value):
        return isinstance(value, str) and value.startswith("(known after apply")

COLLECTION = "huaweicloud.iec."
HIDDEN = "hidden by no_log"
LATER = "known after apply"
WORDS = {"vpc": "VPC", "keypair": "key pair", "network_acl": "network ACL", "public_ip": "public IP",
         "edgecloud": "edge cloud"}


def kind_of(action):
    """The resource kind a task's module manages (vpc, subnet, ...), or None for other modules."""
    if not action:
        return None
    for prefix in (COLLECTION, "ansible_collections.huaweicloud.iec.plugins.modules."):
        if action.startswith(prefix):
            name = action[len(prefix):]
            return None if name.endswith("_info") or "." in name else name
    return None


def words(kind):
    return WORDS.get(kind, kind.replace("_", " "))


def members(view):
    """The members of a set's diff side (an instance module with count: {name: instance}), else None."""
    if not isinstance(view, dict) or not view:
        return None
    if all(isinstance(v, dict) and v.get("name") == k for k, v in view.items()):
        return view
    return None


def changed_keys(before, after):
    return sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))


def entries(kind, result):
    """(what, entry) pairs for one module result: what is created, changed or deleted."""
    if not isinstance(result, dict) or not result.get("changed"):
        return []
    if "censored" in result:
        return [("changed", {"kind": kind, "name": None, "id": None, "hidden": True})]
    diff = result.get("diff")
    if isinstance(diff, list):
        diff = diff[0] if diff else None
    if not isinstance(diff, dict):
        resource = result.get(kind) if isinstance(result.get(kind), dict) else {}
        return [("changed", {"kind": kind, "name": resource.get("name"), "id": resource.get("id")})]
    before, after = diff.get("before") or {}, diff.get("after") or {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return [("changed", {"kind": kind, "name": None, "id": None})]
    sets = members(before), members(after)
    if (sets[0] is not None or not before) and (sets[1] is not None or not after) and (before or after) and (
            sets[0] or sets[1]):
        out = []
        for name in sorted(set(before) | set(after)):
            out += one(kind, before.get(name) or {}, after.get(name) or {}, force=False)
        return out
    return one(kind, before, after, force=True)


def one(kind, before, after, force):
    """The entry of one resource from its diff sides; force: the task changed it even if the sides agree
    (a restart)."""
    if not before and not after:
        return []
    entry = {"kind": kind, "name": after.get("name") or before.get("name"),
             "id": after.get("id") or before.get("id"), "diff": {"before": before, "after": after}}
    if not before:
        return [("created", entry)]
    if not after:
        return [("deleted", entry)]
    keys = changed_keys(before, after)
    if not keys and not force:
        return []
    entry["keys"] = keys
    return [("changed", entry)]


class CallbackModule(CallbackBase):
    """Collects the results of huaweicloud.iec modules and prints what the run created, changed and deleted."""

    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "huaweicloud.iec.summary"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, display=None):
        super(CallbackModule, self).__init__(display=display)
        self.found = {"created": [], "changed": [], "deleted": []}

    # --- collecting ------------------------------------------------------------------------------

    def record(self, result, failed=False):
        task = result._task
        kind = kind_of(getattr(task, "resolved_action", None) or task.action)
        if kind is None:
            return
        data = result._result
        items = data.get("results") if isinstance(data.get("results"), list) else [data]
        for item in items:
            for what, entry in entries(kind, item):
                # In a loop that failed, only the items that failed are marked.
                entry.update(host=result._host.get_name(), task=task.get_name(),
                             failed=failed and (item is data or bool(item.get("failed"))))
                if entry.pop("hidden", False):
                    # The task's arguments still name it (a name is no secret), unless a loop ran it.
                    name = (task.args or {}).get("name") if item is data else None
                    entry["name"] = name if isinstance(name, str) else None
                    entry["hidden"] = True
                self.found[what].append(entry)

    def v2_runner_on_ok(self, result):
        self.record(result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        # A task that created something and then failed (a failed wait) reports changed: it exists now.
        self.record(result, failed=True)

    # --- reporting -------------------------------------------------------------------------------

    def v2_playbook_on_stats(self, stats):
        check = bool(context.CLIARGS.get("check"))
        path = self.get_option("file")
        if path:
            with open(path, "w") as handle:
                json.dump(dict(self.found, check_mode=check), handle, indent=2, sort_keys=True)
        total = sum(len(v) for v in self.found.values())
        if not total and not self.get_option("show_empty"):
            return
        self._display.banner("IEC PLAN (check mode: nothing was changed)" if check else "IEC RUN SUMMARY")
        if not total:
            self._display.display("  nothing would be created, changed or deleted" if check else
                                  "  nothing was created, changed or deleted")
        for what in ("created", "changed", "deleted"):
            found = self.found[what]
            if not found:
                continue
            verb = ("would %s" % what[:-1]) if check else what
            self._display.display("%s %d resource%s:" % (verb, len(found), "" if len(found) == 1 else "s"))
            for entry in found:
                self._display.display("  " + self.line(entry, what))

    @staticmethod
    def line(entry, what="created"):
        ident = entry.get("id")
        shown = "id %s" % (LATER if is_planned(ident) or (ident is None and what == "created") else ident)
        if ident is None and what != "created":
            shown = ""  # (a key pair has no id but its name)
        if entry.get("hidden"):
            shown = "(created or changed: the result is %s; task '%s')" % (HIDDEN, entry.get("task"))
        text = "%-15s %-33s %s" % (words(entry["kind"]), entry.get("name") or "", shown)
        if entry.get("keys"):
            text += ": " + ", ".join(entry["keys"])
        if entry.get("failed"):
            text += " (the task failed)"
        return text
