"""Load the action through Ansible's collection loader, as ansible-playbook does (the callback's and the
look-ups' conftest do the same): a collection imported outside the loader cannot be loaded by it afterwards,
which would break every later test that goes through it."""
import os
import sys

import pytest
from ansible.module_utils import _internal as module_utils_internal

# Importing controller code marks the whole process as the controller; keep that to these tests.
_WAS_CONTROLLER = module_utils_internal.is_controller
from ansible.plugins.loader import init_plugin_loader  # noqa: E402
from ansible.utils.collection_loader import AnsibleCollectionConfig  # noqa: E402

if AnsibleCollectionConfig.collection_finder is None:
    # the tree tests/unit/conftest.py put on sys.path
    init_plugin_loader([entry for entry in sys.path
                        if os.path.isdir(os.path.join(entry, "ansible_collections", "huaweicloud", "iec"))][:1])
module_utils_internal.is_controller = _WAS_CONTROLLER


@pytest.fixture(autouse=True)
def controller_process(monkeypatch):
    """Actions run on the controller."""
    monkeypatch.setattr(module_utils_internal, "is_controller", True)
