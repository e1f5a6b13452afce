"""Load the callback through Ansible's plugin loader, as ansible-playbook does (the look-ups' conftest does
the same for them)."""
# controller_process: an autouse fixture, found by pytest among this conftest's names.
from controller_plugins import controller_process, use_collection_loader  # noqa: F401 pylint: disable=unused-import

# Before anything imports a plugin (controller_plugins.py says why).
use_collection_loader()
