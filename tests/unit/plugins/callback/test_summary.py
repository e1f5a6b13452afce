"""The run summary callback: what a run created, changed and deleted, read from module results."""

import json

from ansible import context
from ansible.module_utils.common.collections import ImmutableDict
from ansible.plugins.loader import callback_loader

from ansible_collections.huaweicloud.iec.plugins.callback import summary


class Host:
    def get_name(self):
        return "localhost"


class Task:
    def __init__(self, action, args=None, name="task"):
        self.action = self.resolved_action = action
        self.args = args or {}
        self.name = name

    def get_name(self):
        return self.name


class Result:
    def __init__(self, action, result, args=None):
        self._task = Task(action, args)
        self._host = Host()
        self._result = result


class Display:
    verbosity = 0

    def __init__(self):
        self.lines = []

    def banner(self, text):
        self.lines.append("== " + text)

    def display(self, text, **kwargs):
        self.lines.append(text)


def callback(monkeypatch, tmp_path=None, check=False):
    monkeypatch.setattr(context, "CLIARGS", ImmutableDict(check=check))
    cb = callback_loader.get("huaweicloud.iec.summary", display=Display())
    cb.set_options(direct={"file": str(tmp_path / "summary.json") if tmp_path else None, "show_empty": True})
    return cb


def created(kind, name, ident):
    return {"changed": True, "diff": {"before": {}, "after": {"name": name, "id": ident}}, kind: {"id": ident}}


def test_kinds_are_the_collection_s_resource_modules_only():
    assert summary.kind_of("huaweicloud.iec.vpc") == "vpc"
    assert summary.kind_of("ansible_collections.huaweicloud.iec.plugins.modules.subnet") == "subnet"
    assert summary.kind_of("huaweicloud.iec.vpc_info") is None
    assert summary.kind_of("ansible.builtin.copy") is None and summary.kind_of("copy") is None


def entries(kind, result):
    """The entries without the diff they carry for the JSON file."""
    out = summary.entries(kind, result)
    for _what, entry in out:
        diff = entry.pop("diff", None)
        assert diff is None or set(diff) == {"before", "after"}
    return out


def test_created_changed_deleted_from_the_diff():
    assert entries("vpc", created("vpc", "edge", "v1")) == [("created", {"kind": "vpc", "name": "edge", "id": "v1"})]
    changed = {"changed": True, "diff": {"before": {"name": "a", "id": "i", "description": ""},
                                         "after": {"name": "a", "id": "i", "description": "new"}}}
    assert entries("instance", changed) == [
        ("changed", {"kind": "instance", "name": "a", "id": "i", "keys": ["description"]})]
    deleted = {"changed": True, "diff": {"before": {"name": "a", "id": "i"}, "after": {}}}
    assert entries("subnet", deleted) == [("deleted", {"kind": "subnet", "name": "a", "id": "i"})]
    assert entries("subnet", {"changed": False, "diff": {"before": {"name": "a"}, "after": {"name": "a"}}}) == []


def test_a_set_of_instances_is_reported_member_by_member():
    result = {"changed": True, "diff": {
        "before": {"web-0001": {"name": "web-0001", "id": "a", "status": "ACTIVE"},
                   "web-0003": {"name": "web-0003", "id": "c", "status": "ACTIVE"}},
        "after": {"web-0001": {"name": "web-0001", "id": "a", "status": "ACTIVE"},
                  "web-0002": {"name": "web-0002", "id": "b", "status": "BUILD"}}}}
    assert entries("instance", result) == [
        ("created", {"kind": "instance", "name": "web-0002", "id": "b"}),
        ("deleted", {"kind": "instance", "name": "web-0003", "id": "c"})]


def test_loops_failures_and_no_log_results(monkeypatch, tmp_path):
    cb = callback(monkeypatch, tmp_path)
    cb.v2_runner_on_ok(Result("huaweicloud.iec.subnet", {"changed": True, "results": [
        created("subnet", "s1", "id1"), {"changed": False, "diff": {"before": {}, "after": {}}}]}))
    cb.v2_runner_on_ok(Result("huaweicloud.iec.keypair", {"changed": True, "censored": "hidden"}, args={"name": "k"}))
    cb.v2_runner_on_failed(Result("huaweicloud.iec.vpc", created("vpc", "v", "id2")))
    cb.v2_runner_on_failed(Result("huaweicloud.iec.vpc", {"changed": False, "msg": "refused"}))
    cb.v2_runner_on_failed(Result("huaweicloud.iec.subnet", {"changed": True, "failed": True, "results": [
        created("subnet", "s2", "id3"), dict(created("subnet", "s3", "id4"), failed=True)]}))
    cb.v2_runner_on_ok(Result("ansible.builtin.copy", {"changed": True}))
    cb.v2_playbook_on_stats(None)
    data = json.loads((tmp_path / "summary.json").read_text())
    assert data["check_mode"] is False
    assert [(e["kind"], e["name"], e["id"], e["failed"]) for e in data["created"]] == [
        ("subnet", "s1", "id1", False), ("vpc", "v", "id2", True), ("subnet", "s2", "id3", False),
        ("subnet", "s3", "id4", True)]
    assert [(e["kind"], e["name"], e.get("hidden")) for e in data["changed"]] == [("keypair", "k", True)]
    assert data["deleted"] == []
    text = "\n".join(cb._display.lines)
    assert "== IEC RUN SUMMARY" in text and "created 4 resources:" in text
    assert "subnet" in text and "id id1" in text and "(the task failed)" in text
    assert "key pair" in text and "hidden by no_log" in text


def test_check_mode_is_the_plan_with_ids_known_after_apply(monkeypatch):
    cb = callback(monkeypatch, check=True)
    cb.v2_runner_on_ok(Result("huaweicloud.iec.vpc", created("vpc", "edge", "(known after apply: VPC 'edge')")))
    cb.v2_playbook_on_stats(None)
    assert cb._display.lines[0] == "== IEC PLAN (check mode: nothing was changed)"
    assert cb._display.lines[1] == "would create 1 resource:"
    assert cb._display.lines[2].split() == ["VPC", "edge", "id", "known", "after", "apply"]


def test_a_resource_without_id_is_shown_by_its_name():
    line = summary.CallbackModule.line({"kind": "keypair", "name": "k", "id": None}, "deleted")
    assert line.split() == ["key", "pair", "k"]


def test_an_empty_run_says_so(monkeypatch):
    cb = callback(monkeypatch)
    cb.v2_playbook_on_stats(None)
    assert cb._display.lines[1].strip() == "nothing was created, changed or deleted"
