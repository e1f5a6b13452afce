"""The shape the engine's code keeps (issue 12): every function in module_utils and plugin_utils reads on one
screen, and every module's main() is one call to common.run_module with the module's class."""
import ast
import pathlib

import pytest

COLLECTION_ROOT = pathlib.Path(__file__).resolve().parents[2]
LONGEST_FUNCTION = 60
SHARED = sorted(p for folder in ("module_utils", "plugin_utils")
                for p in (COLLECTION_ROOT / "plugins" / folder).glob("*.py") if p.name != "__init__.py")
MODULES = sorted(p for p in (COLLECTION_ROOT / "plugins" / "modules").glob("*.py") if p.name != "__init__.py")


def _tree(path):
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


@pytest.mark.parametrize("path", SHARED, ids=lambda p: p.name)
def test_no_shared_function_is_longer_than_sixty_lines(path):
    long = ["%s (line %d, %d lines)" % (node.name, node.lineno, node.end_lineno - node.lineno + 1)
            for node in ast.walk(_tree(path))
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            and node.end_lineno - node.lineno + 1 > LONGEST_FUNCTION]
    assert not long, "split these functions: %s" % ", ".join(long)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.stem)
def test_main_runs_the_module_class_through_run_module(path):
    tree = _tree(path)
    main = [node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name == "main"]
    assert len(main) == 1, "a module has one main()"
    call = main[0].body[-1].value
    assert len(main[0].body) == 1 and isinstance(call, ast.Call) and call.func.id == "run_module"
    runner = call.args[0].id
    classes = dict((node.name, node) for node in tree.body if isinstance(node, ast.ClassDef))
    declared = [target.id for node in classes[runner].body if isinstance(node, ast.Assign)
                for target in ast.walk(node.targets[0]) if isinstance(target, ast.Name)]
    assert "argument_spec" in declared, "%s declares its options as argument_spec" % runner
