#!/usr/bin/env bash
# ansible-test passes "-e @integration_config.yml" (endpoint and demo credentials of the emulator).
set -eux

export ANSIBLE_INVENTORY_ENABLED=huaweicloud.iec.iec,ansible.builtin.host_list
export ANSIBLE_LOCALHOST_WARNING=false
trap 'ansible-playbook playbooks/teardown.yml "$@"' EXIT

# instances at two sites, two of them with the same name, one without a public IP;
# writes the inventory configurations from templates/
ansible-playbook playbooks/setup.yml "$@"

# the inventory as ansible-inventory prints it
ansible-inventory -i default.iec.yml --list --output inventory.json
ansible-playbook playbooks/test_list_output.yml "$@"

# groups, compose, keyed groups, hostnames, connect_with
ansible-playbook -i default.iec.yml playbooks/test_default.yml "$@"
ansible-playbook -i constructed.iec.yml playbooks/test_constructed.yml "$@"

# cache: build it, delete instances on the emulator, the cached inventory still has them,
# refresh, they are gone
rm -rf cache_dir
ansible-inventory -i cached.iec.yml --list --output cached-1.json
ansible-playbook playbooks/delete_instances.yml "$@"
ansible-playbook -i cached.iec.yml playbooks/test_cache.yml "$@"
