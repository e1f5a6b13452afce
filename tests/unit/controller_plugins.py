"""What the tests of the collection's controller plugins (actions, the callback, the inventory, the look-ups)
share: Ansible's collection loader, installed before anything imports the collection, and the controller
flag, kept to those tests.

A collection module imported outside the collection loader cannot be loaded through it afterwards, which
breaks every later test that goes through the loader; and importing controller code marks the whole process
as the controller, which changes how module code run by later tests reports warnings. Each of those test
folders' conftest.py calls use_collection_loader() before it imports a plugin, and imports the fixture
controller_process (pytest finds fixtures among a conftest's names).
"""
import os
import sys

import pytest
from ansible.module_utils import _internal as module_utils_internal


def use_collection_loader():
    """Install Ansible's collection loader on the tree tests/unit/conftest.py put on sys.path, once."""
    was_controller = module_utils_internal.is_controller
    from ansible.plugins.loader import init_plugin_loader  # pylint: disable=import-outside-toplevel
    from ansible.utils.collection_loader import AnsibleCollectionConfig  # pylint: disable=import-outside-toplevel

    if AnsibleCollectionConfig.collection_finder is None:
        init_plugin_loader([entry for entry in sys.path
                            if os.path.isdir(os.path.join(entry, "ansible_collections", "huaweicloud", "iec"))][:1])
    module_utils_internal.is_controller = was_controller


@pytest.fixture(autouse=True)
def controller_process(monkeypatch):
    """Controller plugins run on the controller."""
    monkeypatch.setattr(module_utils_internal, "is_controller", True)
