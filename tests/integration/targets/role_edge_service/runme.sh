#!/usr/bin/env bash
# huaweicloud.iec.edge_service end to end, in the shape huaweicloud.iec.provision gives it in service mode (a
# SYSTEM-mode VPC from edge_network, then the edge service): bad input stops the role before any request; the
# edge service reaches inService over three cities and its instances join the play's inventory, which the
# following plays read; a second run changes nothing and only reads; a lower count is refused; absent leaves
# no edge cloud, no instance, no open plan and no VPC.
# ansible-test runs this script in tests/integration/targets/role_edge_service of its work copy and, unlike role
# targets, passes it no integration_config.yml (endpoint and demo credentials of the emulator): every playbook
# gets it here with -e (tests/integration/integration_config.yml.template lists its variables).
set -eux -o pipefail
CONFIG_FILE=$(cd "$(dirname "$0")/../.." && pwd)/integration_config.yml
[ -f "$CONFIG_FILE" ] || { echo "missing $CONFIG_FILE (tests/integration/integration_config.yml.template lists its variables)" >&2; exit 1; }
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false
CONFIG=(-e "@$CONFIG_FILE")
trap 'ansible-playbook teardown.yml "${CONFIG[@]}" "$@" >/dev/null' EXIT

ansible-playbook teardown.yml "${CONFIG[@]}" "$@"
ansible-playbook check.yml -e expect=absent "${CONFIG[@]}" "$@"

# Bad input: the role stops at its start, the emulator sees no request.
ansible-playbook bad_input.yml "${CONFIG[@]}" "$@"

# First run: everything is made; the plays after the role read the inventory it made.
ansible-playbook provision.yml "${CONFIG[@]}" "$@" | tee provision-1.log
grep -qE 'localhost +: ok=[0-9]+ +changed=[1-9][0-9]* +unreachable=0 +failed=0' provision-1.log
test "$(grep -cE '^ates-000[12]-(shanghai|guangzhou|beijing) +: ok=1 +changed=0 +unreachable=0 +failed=0' provision-1.log)" -eq 4
ansible-playbook check.yml -e expect=present "${CONFIG[@]}" "$@"

# Second run: changed=0 and nothing but GET requests.
ansible-playbook log.yml -e log_action=clear "${CONFIG[@]}" "$@"
ansible-playbook provision.yml "${CONFIG[@]}" "$@" | tee provision-2.log
grep -qE 'localhost +: ok=[0-9]+ +changed=0 +unreachable=0 +failed=0' provision-2.log
ansible-playbook log.yml -e log_action=noop "${CONFIG[@]}" "$@"
echo "no-op edge service run: $(cat noop_requests.txt) requests, all GET"

# A lower count is refused, and only read.
ansible-playbook shrink.yml "${CONFIG[@]}" "$@"

# Teardown: nothing is left, the VPC included; a second teardown changes nothing.
ansible-playbook teardown.yml "${CONFIG[@]}" "$@" | tee teardown-1.log
grep -qE 'localhost +: ok=[0-9]+ +changed=[1-9][0-9]* +unreachable=0 +failed=0' teardown-1.log
ansible-playbook check.yml -e expect=absent "${CONFIG[@]}" "$@"
ansible-playbook teardown.yml "${CONFIG[@]}" "$@" | tee teardown-2.log
grep -qE 'localhost +: ok=[0-9]+ +changed=0 +unreachable=0 +failed=0' teardown-2.log
