"""Load the inventory plugin through Ansible's plugin loader, with a fake IEC client.

The plugin's options come from its DOCUMENTATION (and doc fragments), which only the plugin
loader reads, so the plugin is never instantiated directly.
"""

import pytest
import yaml

# controller_process: an autouse fixture, found by pytest among this conftest's names.
from controller_plugins import controller_process, use_collection_loader  # noqa: F401 pylint: disable=unused-import
from inventory_fixtures import FakeClient, load_fixture

# Before anything imports a plugin (controller_plugins.py says why).
use_collection_loader()


@pytest.fixture
def fake_client(monkeypatch):
    from ansible_collections.huaweicloud.iec.plugins.inventory import iec

    FakeClient.servers = []
    FakeClient.sites = load_fixture("list_sites.json")["sites"]
    FakeClient.err_sites = []
    FakeClient.instances = []
    monkeypatch.setattr(iec, "IecClient", FakeClient)
    return FakeClient


class Warnings(list):
    def warning(self, msg, *args, **kwargs):
        self.append(msg)


@pytest.fixture
def run_inventory(tmp_path, monkeypatch):
    """Write a config file, parse it like ansible-inventory does, return (inventory, warnings)."""
    from ansible.inventory.data import InventoryData
    from ansible.parsing.dataloader import DataLoader
    from ansible.plugins.loader import inventory_loader

    for name in ("HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK", "HUAWEICLOUD_SDK_DOMAIN_ID"):
        monkeypatch.delenv(name, raising=False)

    def run(config, cache=True, filename="test.iec.yml"):
        path = tmp_path / filename
        base = {"plugin": "huaweicloud.iec.iec", "access_key": "AK", "secret_key": "SK", "domain_id": "d1"}
        base.update(config)
        path.write_text(yaml.safe_dump(base), encoding="utf-8")
        plugin = inventory_loader.get("huaweicloud.iec.iec")
        warnings = Warnings()
        monkeypatch.setattr(plugin, "display", _DisplayProxy(plugin.display, warnings))
        inventory = InventoryData()
        assert plugin.verify_file(str(path))
        plugin.parse(inventory, DataLoader(), str(path), cache=cache)
        if config.get("cache"):
            # what InventoryManager does after a Cacheable plugin parsed
            plugin.update_cache_if_changed()
        return inventory, warnings

    return run


class _DisplayProxy:
    def __init__(self, display, warnings):
        self._display = display
        self._warnings = warnings

    def warning(self, msg, *args, **kwargs):
        self._warnings.append(msg)

    def __getattr__(self, name):
        return getattr(self._display, name)
