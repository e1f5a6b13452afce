"""Every IecClient operation must have a contract test (a @pytest.mark.covers(...) in a
test_contract*.py file) or be listed in PENDING_COMPUTE_OPERATIONS, which the compute families empty."""
import ast
import glob
import os

from huaweicloudsdkiec.v1 import IecClient

from iec_emulator.spec import OPERATIONS

PENDING_COMPUTE_OPERATIONS = set()

HERE = os.path.dirname(os.path.abspath(__file__))


def sdk_operations():
    return sorted(n for n in dir(IecClient) if not n.startswith("_") and hasattr(IecClient, "_%s_http_info" % n))


def covered_operations():
    out = set()
    for path in glob.glob(os.path.join(HERE, "test_contract*.py")):
        tree = ast.parse(open(path, encoding="utf-8").read())
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                f = node.func
                name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", None)
                if name == "covers":
                    out.update(a.value for a in node.args if isinstance(a, ast.Constant))
    return out


def test_sdk_has_the_catalog_operations():
    ops = sdk_operations()
    assert len(ops) == 90
    assert set(ops) == {n for n, o in OPERATIONS.items() if o["sdk"]}


def test_every_sdk_operation_has_a_contract_test():
    covered = covered_operations()
    missing = [op for op in sdk_operations() if op not in covered and op not in PENDING_COMPUTE_OPERATIONS]
    assert not missing, "operations without a contract test: %s" % missing
    stale = sorted(PENDING_COMPUTE_OPERATIONS & covered)
    assert not stale, "covered now, remove from PENDING_COMPUTE_OPERATIONS: %s" % stale


def test_covers_names_real_operations():
    unknown = sorted(covered_operations() - set(OPERATIONS))
    assert not unknown, unknown
