#!/usr/bin/env bash
# huaweicloud.iec.provision and huaweicloud.iec.teardown end to end, as a user runs them. ansible-test runs
# this script in tests/integration/targets/playbook_provision of its work copy and, unlike role targets,
# passes it no integration_config.yml (endpoint and demo credentials of the emulator): every playbook gets it
# here with -e and reads it as iec_* variables; ansible-inventory and the AWX-style run at the end get the
# same values as environment variables instead.
set -eux
CONFIG=$(cd "$(dirname "$0")/../.." && pwd)/integration_config.yml
[ -f "$CONFIG" ] || { echo "missing $CONFIG (tests/integration/integration_config.yml.template lists its variables)" >&2; exit 1; }
set -- -e "@$CONFIG" "$@"
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false
PLAYBOOK_PROVISION_DIR=$(pwd)
export PLAYBOOK_PROVISION_DIR
EDGE=(-e "edge_vars_file=$PLAYBOOK_PROVISION_DIR/edge.yml")
trap 'ansible-playbook huaweicloud.iec.teardown "${EDGE[@]}" "$@" >/dev/null' EXIT

ansible-playbook huaweicloud.iec.teardown "${EDGE[@]}" "$@"
ansible-playbook check.yml -e expect=absent "$@"

# First run: everything is made, the instances join the in-memory inventory.
ansible-playbook huaweicloud.iec.provision "${EDGE[@]}" "$@" | tee provision-1.log
grep -qE 'localhost +: ok=[0-9]+ +changed=[1-9]' provision-1.log
ansible-playbook check.yml -e expect=present "$@"
test -s atp-key.pem

# Second run: changed=0 and nothing but GET requests.
ansible-playbook log.yml -e log_action=clear "$@"
ansible-playbook huaweicloud.iec.provision "${EDGE[@]}" "$@" | tee provision-2.log
grep -qE 'localhost +: ok=[0-9]+ +changed=0 +unreachable=0 +failed=0' provision-2.log
ansible-playbook log.yml -e log_action=noop "$@"
echo "no-op provision: $(cat noop_requests.txt) requests, all GET"

# The inventory plugin sees the three instances, in the groups of their sites.
python - "$CONFIG" <<'PY' >iec-env.sh
import shlex, sys, yaml
config = yaml.safe_load(open(sys.argv[1]))
for var, key in (("HUAWEICLOUD_IEC_ENDPOINT", "iec_endpoint"), ("HUAWEICLOUD_IAM_ENDPOINT", "iec_iam_endpoint"),
                 ("HUAWEICLOUD_SDK_AK", "iec_access_key"), ("HUAWEICLOUD_SDK_SK", "iec_secret_key"),
                 ("HUAWEICLOUD_SDK_DOMAIN_ID", "iec_domain_id")):
    print("export %s=%s" % (var, shlex.quote(str(config[key]))))
PY
printf 'plugin: huaweicloud.iec.iec\n' > edge.iec.yml
(
    # shellcheck disable=SC1091
    . ./iec-env.sh
    ANSIBLE_INVENTORY_ENABLED=huaweicloud.iec.iec ANSIBLE_INVENTORY_UNPARSED_FAILED=true \
        ansible-inventory -i edge.iec.yml --graph > graph.txt
)
cat graph.txt
test "$(grep -cE -- '--atp-(shanghai|guangzhou)-[0-9]{4}$' graph.txt)" -ge 3
grep -q -- '@iec_site_shanghai:' graph.txt

# Teardown: nothing is left; a second teardown changes nothing.
ansible-playbook huaweicloud.iec.teardown "${EDGE[@]}" "$@"
ansible-playbook check.yml -e expect=absent "$@"
ansible-playbook huaweicloud.iec.teardown "${EDGE[@]}" "$@" | tee teardown-2.log
grep -qE 'localhost +: ok=[0-9]+ +changed=0 +unreachable=0 +failed=0' teardown-2.log

# As AWX runs it: ansible-runner, credentials only in the environment.
(
    # shellcheck disable=SC1091
    . ./iec-env.sh
    python ../../../awx/runner_provision.py "$PLAYBOOK_PROVISION_DIR/edge.yml"
)
