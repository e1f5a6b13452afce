#!/usr/bin/env bash
# The huaweicloud.iec.iec inventory plugin against the emulator. ansible-test runs this script in
# tests/integration/targets/inventory_iec of its work copy and, unlike role targets, passes it no
# integration_config.yml (endpoint and demo credentials), so every playbook gets it here with -e; the
# inventory configurations that setup.yml writes carry the endpoint and keys for ansible-inventory.
set -eux

CONFIG=$(cd "$(dirname "$0")/../.." && pwd)/integration_config.yml
[ -f "$CONFIG" ] || { echo "missing $CONFIG (tests/integration/integration_config.yml.template lists its variables)" >&2; exit 1; }
PLAYBOOK_ARGS=(-e "@$CONFIG" "$@")

export ANSIBLE_INVENTORY_ENABLED=huaweicloud.iec.iec,ansible.builtin.host_list
export ANSIBLE_LOCALHOST_WARNING=false
trap 'ansible-playbook playbooks/teardown.yml "${PLAYBOOK_ARGS[@]}"' EXIT

# instances at two sites, two of them with the same name, one without a public IP;
# writes the inventory configurations from playbooks/templates/
ansible-playbook playbooks/setup.yml "${PLAYBOOK_ARGS[@]}"

# the inventory as ansible-inventory prints it
ansible-inventory -i default.iec.yml --list --output inventory.json
ansible-playbook playbooks/test_list_output.yml "${PLAYBOOK_ARGS[@]}"

# groups, compose, keyed groups, hostnames, connect_with
ansible-playbook -i default.iec.yml playbooks/test_default.yml "${PLAYBOOK_ARGS[@]}"
ansible-playbook -i constructed.iec.yml playbooks/test_constructed.yml "${PLAYBOOK_ARGS[@]}"

# cache: build it, delete instances on the emulator, the cached inventory still has them,
# refresh, they are gone
rm -rf cache_dir
ansible-inventory -i cached.iec.yml --list --output cached-1.json
ansible-playbook playbooks/delete_instances.yml "${PLAYBOOK_ARGS[@]}"
ansible-playbook -i cached.iec.yml playbooks/test_cache.yml "${PLAYBOOK_ARGS[@]}"
