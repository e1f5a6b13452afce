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
PLAYBOOK_PROVISION_DIR=$(pwd -P)
export PLAYBOOK_PROVISION_DIR
EDGE=(-e "edge_vars_file=$PLAYBOOK_PROVISION_DIR/edge.yml")
trap 'ansible-playbook huaweicloud.iec.teardown "${EDGE[@]}" "$@" >/dev/null' EXIT

ansible-playbook huaweicloud.iec.teardown "${EDGE[@]}" "$@"
ansible-playbook check.yml -e expect=absent "$@"

# A vars file that is named but not found stops the run, naming the path tried (issue 13, point 2).
for playbook in provision teardown; do
    if ansible-playbook "huaweicloud.iec.$playbook" -e edge_vars_file=no-such-edge.yml "$@" > no-vars.log 2>&1; then
        echo "$playbook ran without its vars file" >&2; exit 1
    fi
    grep -q "The vars file $PLAYBOOK_PROVISION_DIR/no-such-edge.yml was not found" no-vars.log
done

# A misspelt site (issue 13, point 4): provision stops with the names that exist, before the first request
# that changes anything - not after the VPC and the other sites' subnets are made.
sed 's/site: guangzhou/site: wuhna/' edge.yml > edge-misspelt.yml
ansible-playbook log.yml -e log_action=clear "$@"
if ansible-playbook huaweicloud.iec.provision -e "edge_vars_file=$PLAYBOOK_PROVISION_DIR/edge-misspelt.yml" "$@" \
    > misspelt.log 2>&1; then
    echo "provision accepted the unknown site wuhna" >&2; exit 1
fi
grep -q 'No site is named wuhna (did you mean wuhan?)' misspelt.log
ansible-playbook log.yml -e log_action=noop "$@"
ansible-playbook check.yml -e expect=absent "$@"

# First run: everything is made, the instances join the in-memory inventory. The private key's folder
# keys/ does not exist yet (issue 13, point 1): provision makes it (0700) before IEC generates the key pair.
rm -rf keys
ansible-playbook huaweicloud.iec.provision "${EDGE[@]}" "$@" | tee provision-1.log
grep -qE 'localhost +: ok=[0-9]+ +changed=[1-9]' provision-1.log
ansible-playbook check.yml -e expect=present "$@"
test -s keys/atp-key.pem
test "$(stat -c %a keys)" = 700
test "$(stat -c %a keys/atp-key.pem)" = 600

# A key pair whose private key is gone stops the run, saying how to recover, before anything changes.
mv keys/atp-key.pem lost-key.pem
ansible-playbook log.yml -e log_action=clear "$@"
if ansible-playbook huaweicloud.iec.provision "${EDGE[@]}" "$@" > lost-key.log 2>&1; then
    echo "provision ran on with the key pair's private key missing" >&2; exit 1
fi
grep -q 'The key pair atp-key exists in IEC but its private key' lost-key.log
grep -q 'state=absent) and run again' lost-key.log
ansible-playbook log.yml -e log_action=noop "$@"
mv lost-key.pem keys/atp-key.pem

# Second run: changed=0 and nothing but GET requests.
ansible-playbook log.yml -e log_action=clear "$@"
ansible-playbook huaweicloud.iec.provision "${EDGE[@]}" "$@" | tee provision-2.log
grep -qE 'localhost +: ok=[0-9]+ +changed=0 +unreachable=0 +failed=0' provision-2.log
# Issue 14: the checks of the instances run once (before the network), not again in the role (the key pair
# read by them and by the keypair module: 2), and the sites the name checks read serve the public IPs' lines
# (one read by the checks, one by each subnet and each instance task: 5).
ansible-playbook log.yml -e log_action=noop -e '{"log_max": {"/v1/os-keypairs/atp-key": 2, "/v1/sites": 5}}' "$@"
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

# docs/awx.md as written, through ansible-runner: the project, injector and job template variables are read
# from the guide itself; credentials only in the environment.
python ../../../awx/runner_provision.py ../../../../docs/awx.md ../../../../examples/edge.yml "$CONFIG"
