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
