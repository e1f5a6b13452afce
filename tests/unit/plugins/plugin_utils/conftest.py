"""Load the collection's controller code through Ansible's collection loader, as ansible-playbook does."""
# controller_process: an autouse fixture, found by pytest among this conftest's names.
from controller_plugins import controller_process, use_collection_loader  # noqa: F401 pylint: disable=unused-import

# Before anything imports the collection (controller_plugins.py says why).
use_collection_loader()
