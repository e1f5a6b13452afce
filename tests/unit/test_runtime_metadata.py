"""meta/runtime.yml must name every module in the `iec` action group, and nothing else.

A module missing from the group silently ignores `module_defaults: group/huaweicloud.iec.iec`, which
users rely on to set credentials once; a stale entry breaks the group for everyone.
"""
import ast
import pathlib

import yaml

COLLECTION_ROOT = pathlib.Path(__file__).resolve().parents[2]


def _module_names():
    modules = COLLECTION_ROOT / "plugins" / "modules"
    return sorted(p.stem for p in modules.glob("*.py") if p.name != "__init__.py")


def _runtime():
    with open(COLLECTION_ROOT / "meta" / "runtime.yml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def test_requires_ansible_is_the_oldest_tested_release():
    """The floor users are promised is the release .venv-oldest installs for sanity and the end-to-end check."""
    assert _runtime()["requires_ansible"] == ">=2.16.0"
    pins = (COLLECTION_ROOT / "scripts" / "requirements" / "oldest.txt").read_text(encoding="utf-8").splitlines()
    assert "ansible-core>=2.16,<2.17" in pins, "scripts/requirements/oldest.txt must install the release requires_ansible names"


def test_action_group_lists_exactly_the_modules():
    group = _runtime()["action_groups"]["iec"]
    assert all(isinstance(entry, str) for entry in group), "the iec group holds short module names only"
    assert len(group) == len(set(group)), "duplicate entries in action_groups.iec"
    modules = set(_module_names())
    missing = sorted(modules - set(group))
    unknown = sorted(set(group) - modules)
    assert not missing, "modules missing from action_groups.iec in meta/runtime.yml: %s" % ", ".join(missing)
    assert not unknown, "action_groups.iec names modules that do not exist: %s" % ", ".join(unknown)


def test_action_group_is_sorted():
    group = _runtime()["action_groups"]["iec"]
    assert group == sorted(group), "keep action_groups.iec sorted so merges stay simple"


def test_every_module_has_the_in_process_action_and_nothing_else_does():
    """A module runs in the task's worker process through its action plugin of the same name in plugins/action/,
    a subclass of plugins/plugin_utils/in_process.py's InProcessAction: a module without one silently costs a
    module process per run; an action without a module has nothing to run (and no documentation)."""
    actions = COLLECTION_ROOT / "plugins" / "action"
    assert sorted(p.stem for p in actions.glob("*.py") if p.name != "__init__.py") == _module_names()
    for path in actions.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        classes = {node.name: [base.id for base in node.bases if isinstance(base, ast.Name)]
                   for node in tree.body if isinstance(node, ast.ClassDef)}
        assert classes == {"ActionModule": ["InProcessAction"]}, path.name
