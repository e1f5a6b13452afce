"""Make ``ansible_collections.huaweicloud.iec`` importable from any checkout location.

Collection code imports itself by its fully qualified name. ansible-test provides that tree; plain
pytest does not, so when the checkout is not already inside ``ansible_collections/huaweicloud/iec``
a temporary tree with a symlink to the checkout is put on ``sys.path``.
"""
import atexit
import os
import pathlib
import shutil
import sys
import tempfile

import pytest

COLLECTION_ROOT = pathlib.Path(__file__).resolve().parents[2]


def _already_importable():
    parts = COLLECTION_ROOT.parts
    if parts[-3:] == ("ansible_collections", "huaweicloud", "iec"):
        base = str(COLLECTION_ROOT.parents[2])
        if base not in sys.path:
            sys.path.insert(0, base)
        return True
    return False


def _link_collection():
    scratch = tempfile.mkdtemp(prefix="huaweicloud-iec-unit-")
    atexit.register(shutil.rmtree, scratch, True)
    namespace = os.path.join(scratch, "ansible_collections", "huaweicloud")
    os.makedirs(namespace)
    os.symlink(str(COLLECTION_ROOT), os.path.join(namespace, "iec"))
    sys.path.insert(0, scratch)


if not _already_importable():
    _link_collection()


# The shared fakes (iec_fakes.py beside this file) are importable from every test folder.
_HERE = str(pathlib.Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)


# iec_fakes imports the collection: it is imported when a fixture is used, not here, so that the callback and
# look-up tests can install Ansible's collection loader before anything imports ansible_collections.
@pytest.fixture
def fake_module():
    """The fake module class: fake_module(params, check_mode=False); see iec_fakes.FakeModule."""
    from iec_fakes import FakeModule
    return FakeModule


@pytest.fixture
def fake_api():
    """The fake API class: fake_api(routes) records every call; see iec_fakes.FakeClient."""
    from iec_fakes import FakeClient
    return FakeClient
