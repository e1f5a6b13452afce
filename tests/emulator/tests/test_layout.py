"""The emulator's layout (issue 11): domain models (iec_emulator/models/) apart from thin request
handlers (iec_emulator/handlers/), the way moto keeps models.py apart from responses.py.

Read from the source with `ast`, not by importing:
- no module of these packages imports a private name (`from .x import _y`, `from ..models.x import _y`)
  or a private module (`from ._net import ...`), nor reaches a private name through a module it
  imported (`family._name`): a family's public functions are the only way in;
- a model never reads the request (`ctx.body`, `ctx.query`, `ctx.path`) and registers no handler, so
  another family can call it with plain values;
- a handler never changes the store itself (`store.insert/update/delete/schedule/touch`, counters,
  assignments into records; only the reply it builds, `out[...]`, may be filled in) and does not even
  read it (`store.get/find/all`): it passes ctx.store to its model's functions;
- every model module opens with a docstring that lists its public API.

`violations(root)` takes the package directory, so the same rules can be run on another checkout.
"""
import ast
import os

import pytest

import iec_emulator
from iec_emulator.handlers import load_all
from iec_emulator.registry import HANDLERS

ROOT = os.path.dirname(os.path.abspath(iec_emulator.__file__))
NOT_CODE = {"spec", "__pycache__"}     # spec/ holds the API description (JSON), no module
MUTATORS = {"insert", "update", "delete", "schedule", "touch", "next_counter"}
REPLY_NAMES = {"out", "reply", "body"}   # a handler may fill in the reply it builds, nothing else
REQUEST = {"body", "query", "path"}


def _is_private(name):
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def packages(root):
    """Every sub-package of iec_emulator (models, handlers; a former resources/ too)."""
    return sorted(d for d in os.listdir(root)
                  if d not in NOT_CODE and os.path.isfile(os.path.join(root, d, "__init__.py")))


def modules(root):
    out = []
    for pkg in packages(root):
        directory = os.path.join(root, pkg)
        for name in sorted(os.listdir(directory)):
            if name.endswith(".py"):
                out.append((pkg, name[:-3], os.path.join(directory, name)))
    return out


def _imported_modules(tree):
    """Names bound to sibling or package modules: `from . import x`, `from ..models import x`."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            for alias in node.names:
                names.add(alias.asname or alias.name)
    return names


def _private_imports(rel, tree):
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom) or not node.level:
            continue
        parts = (node.module or "").split(".")
        if any(_is_private(p) for p in parts if p):
            found.append("%s:%d imports from private module %s" % (rel, node.lineno, node.module))
        for alias in node.names:
            if _is_private(alias.name):
                found.append("%s:%d imports private name %s from %s" % (rel, node.lineno, alias.name, node.module or "."))
    mods = _imported_modules(tree)
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and _is_private(node.attr) and isinstance(node.value, ast.Name)
                and node.value.id in mods):
            found.append("%s:%d uses private name %s.%s" % (rel, node.lineno, node.value.id, node.attr))
    return found


def _touches_store(node):
    """store.x / ctx.store.x / self.store.x"""
    v = node.value
    return (isinstance(v, ast.Name) and v.id == "store") or (isinstance(v, ast.Attribute) and v.attr == "store")


def _handler_rules(rel, tree):
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in MUTATORS and _touches_store(node.func):
                found.append("%s:%d changes the store itself (.%s)" % (rel, node.lineno, node.func.attr))
            elif _touches_store(node.func):
                found.append("%s:%d reads the store itself (.%s): ask the model" % (rel, node.lineno, node.func.attr))
            if node.func.attr == "next_counter":
                found.append("%s:%d takes a counter itself" % (rel, node.lineno))
        if isinstance(node, (ast.Assign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for t in targets:
                if isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name) and t.value.id in REPLY_NAMES:
                    continue
                if isinstance(t, (ast.Subscript, ast.Attribute)):
                    found.append("%s:%d assigns into a record" % (rel, node.lineno))
    return found


def _model_rules(rel, tree):
    found = []
    doc = ast.get_docstring(tree) or ""
    if "Public API" not in doc:
        found.append("%s: the module docstring does not list its Public API" % rel)
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and node.attr in REQUEST and isinstance(node.value, ast.Name)
                and node.value.id == "ctx"):
            found.append("%s:%d reads the request (ctx.%s)" % (rel, node.lineno, node.attr))
        if isinstance(node, ast.ImportFrom) and node.level:
            if (node.module or "").split(".")[0] == "handlers" or any(a.name == "handler" for a in node.names):
                found.append("%s:%d a model registers or imports handlers" % (rel, node.lineno))
    return found


def violations(root):
    found = []
    for pkg, name, path in modules(root):
        rel = "%s/%s.py" % (pkg, name)
        with open(path, encoding="utf-8") as fh:
            tree = ast.parse(fh.read(), path)
        found += _private_imports(rel, tree)
        if name == "__init__":
            continue
        if pkg == "handlers":
            found += _handler_rules(rel, tree)
        elif pkg == "models":
            found += _model_rules(rel, tree)
    return found


def test_the_packages_are_there():
    assert packages(ROOT) == ["handlers", "models"]
    names = {(pkg, name) for pkg, name, _path in modules(ROOT)}
    assert ("models", "network") in names


def test_every_operation_is_handled_in_handlers():
    load_all()
    assert HANDLERS
    assert sorted(op for op, fn in HANDLERS.items() if not fn.__module__.startswith("iec_emulator.handlers.")) == []


def test_no_private_names_across_modules_and_handlers_stay_thin():
    assert violations(ROOT) == []


@pytest.mark.parametrize("source, expected", [
    ("from .publicips import _address\n", "imports private name _address"),
    ("from ..models.publicips import _sync_bandwidth\n", "imports private name _sync_bandwidth"),
    ("from ._net import net\n", "private module _net"),
    ("from ..models import publicips\nx = publicips._address\n", "uses private name publicips._address"),
])
def test_the_rules_catch_private_use(tmp_path, source, expected):
    (tmp_path / "handlers").mkdir()
    (tmp_path / "handlers" / "__init__.py").write_text("")
    (tmp_path / "handlers" / "fam.py").write_text(source)
    assert any(expected in v for v in violations(str(tmp_path)))


@pytest.mark.parametrize("pkg, source, expected", [
    ("handlers", "def h(ctx):\n    ctx.store.insert('vpcs', {})\n", "changes the store itself (.insert)"),
    ("handlers", "def h(ctx, rec):\n    rec['name'] = 'x'\n", "assigns into a record"),
    ("handlers", "def h(ctx):\n    return ctx.store.all('vpcs')\n", "reads the store itself (.all)"),
    ("models", '"""Public API: f"""\ndef f(ctx):\n    return ctx.body\n', "reads the request (ctx.body)"),
    ("models", "def f(store):\n    return store\n", "does not list its Public API"),
])
def test_the_rules_catch_fat_handlers_and_request_bound_models(tmp_path, pkg, source, expected):
    (tmp_path / pkg).mkdir()
    (tmp_path / pkg / "__init__.py").write_text("")
    (tmp_path / pkg / "fam.py").write_text(source)
    assert any(expected in v for v in violations(str(tmp_path)))
