#!/usr/bin/env bash
# The EXAMPLES of every look-up, as ansible-doc shows them to a user, run against the emulator: each plugin's
# EXAMPLES block is read from the plugin file itself and becomes the tasks of one play (issue 13, point 5), so
# a documented example that stops working fails here. Credentials come from the environment, as a user sets
# them; the variables the examples leave to the reader (site_a, vpc_id, ...) name real emulator objects,
# found by a first play.
set -eux -o pipefail
CONFIG=$(cd "$(dirname "$0")/../.." && pwd)/integration_config.yml
[ -f "$CONFIG" ] || { echo "missing $CONFIG" >&2; exit 1; }
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false
python - ../../../../plugins/lookup <<'PY' > examples.yml
import ast, os, sys, yaml
plays = [yaml.safe_load(open("setup.yml"))[0]]
for name in ("site", "flavor", "image", "resource"):
    tree = ast.parse(open(os.path.join(sys.argv[1], name + ".py")).read())
    examples = [n.value.value for n in tree.body if isinstance(n, ast.Assign) and n.targets[0].id == "EXAMPLES"][0]
    tasks = yaml.safe_load(examples)
    assert tasks, "no EXAMPLES in %s" % name
    plays.append({"name": "EXAMPLES of huaweicloud.iec.%s" % name, "hosts": "localhost", "gather_facts": False,
                  "tasks": tasks})
print(yaml.safe_dump(plays, sort_keys=False))
PY
python - "$CONFIG" <<'PY' > iec-env.sh
import shlex, sys, yaml
config = yaml.safe_load(open(sys.argv[1]))
for var, key in (("HUAWEICLOUD_IEC_ENDPOINT", "iec_endpoint"), ("HUAWEICLOUD_IAM_ENDPOINT", "iec_iam_endpoint"),
                 ("HUAWEICLOUD_SDK_AK", "iec_access_key"), ("HUAWEICLOUD_SDK_SK", "iec_secret_key"),
                 ("HUAWEICLOUD_SDK_DOMAIN_ID", "iec_domain_id")):
    print("export %s=%s" % (var, shlex.quote(str(config[key]))))
PY
# shellcheck disable=SC1091
. ./iec-env.sh
LOCAL=(-i 'localhost,' -c local -e 'ansible_python_interpreter={{ ansible_playbook_python }}')
trap 'ansible-playbook "${LOCAL[@]}" cleanup.yml' EXIT
ansible-playbook "${LOCAL[@]}" examples.yml | tee examples.log
grep -qE 'localhost +: ok=[0-9]+ +changed=[0-9]+ +unreachable=0 +failed=0' examples.log
# every example ran: the 11 EXAMPLES tasks of the four look-ups, after the setup
test "$(sed -n '/EXAMPLES of huaweicloud.iec.site/,$p' examples.log | grep -c '^TASK \[')" -eq 11
