#!/usr/bin/env bash
# The user's path on one ansible-core release, end to end, as someone holding only the collection's tarball
# walks it (issue 13), against a fresh emulator with the cloud's timing (iec_emulator/timing.py, 50 times
# faster than wall time):
#   build the tarball with that release's ansible-galaxy; read the README packaged in it (an install section,
#   make demo / make test only under "From the repository": tests/e2e/readme_install.py); make a fresh
#   virtual environment with that ansible-core only and a HOME without .ssh; run the install section's
#   commands as written (the tarball in place of Galaxy): ansible-galaxy collection install, pip install -r
#   requirements.txt, the copy of examples/edge.yml, then
#   huaweicloud.iec.provision twice - the second run must report changed=0, the private key in a new ~/.ssh
#   (0700, key 0600) -, ansible-inventory --list through the inventory plugin (every instance provision made,
#   nothing else, and the constructed features), each look-up once (site, flavor, image, resource) on what
#   provision made, and huaweicloud.iec.teardown twice, after which the inventory is empty.
# Any [WARNING] or [DEPRECATION WARNING] of the release fails the run. The emulator runs from .venv (it is a
# test tool, not part of the collection).
# `make test` runs it with ansible-core 2.16 on Python 3.10 (.venv-oldest gives the interpreter and the version),
# where every module runs in a process of its own, then with the newest (.venv-newest), where they run in the worker.
# Usage: scripts/e2e.sh [VENV]   (default: .venv-oldest)
set -euo pipefail
. "$(dirname "$0")/common.sh"

TARGET_VENV=${1:-$VENV_OLDEST}
[ -x "$TARGET_VENV/bin/ansible-galaxy" ] || die "$TARGET_VENV has no ansible-galaxy (run: bash scripts/venv.sh oldest)"
[ -x "$VENV/bin/iec-emulator" ] || die "iec-emulator is not installed in .venv (run: bash scripts/venv.sh dev)"
CORE=$("$TARGET_VENV/bin/python" -c 'from ansible.release import __version__; print(__version__)')
WORK=$BUILD_ROOT/e2e-$(basename "$TARGET_VENV")
rm -rf "$WORK"
mkdir -p "$WORK/home" "$WORK/project"

log "ansible-core $CORE: the tarball and its README"
bash "$ROOT/scripts/build.sh" "$WORK/src/ansible_collections/huaweicloud/iec" 2>/dev/null
"$TARGET_VENV/bin/ansible-galaxy" collection build "$WORK/src/ansible_collections/huaweicloud/iec" --output-path "$WORK/dist" >/dev/null
TARBALL=$(ls "$WORK"/dist/huaweicloud-iec-*.tar.gz)
echo "tarball: $TARBALL ($(du -k "$TARBALL" | cut -f1) KiB)"
tar -xzf "$TARBALL" -O README.md >"$WORK/README.packaged.md"
"$TARGET_VENV/bin/python" "$ROOT/tests/e2e/readme_install.py" "$WORK/README.packaged.md" >"$WORK/install-commands.sh"
echo "the packaged README's install commands:"
sed 's/^/  /' "$WORK/install-commands.sh"

log "ansible-core $CORE: a fresh virtual environment with ansible-core only"
"$TARGET_VENV/bin/python" -m venv "$WORK/venv"
"$WORK/venv/bin/pip" install --quiet --disable-pip-version-check "ansible-core==$CORE"
PYTHON=$WORK/venv/bin/python

PYTHONUNBUFFERED=1 "$VENV/bin/iec-emulator" --host 127.0.0.1 --port 0 --time-scale "${IEC_TIME_SCALE:-50}" \
    --seed "${IEC_SEED:-11}" >"$WORK/emulator.log" 2>&1 &
EMULATOR_PID=$!
trap 'kill "$EMULATOR_PID" 2>/dev/null; wait "$EMULATOR_PID" 2>/dev/null || true' EXIT
url=$(emulator_url "$WORK/emulator.log" "$EMULATOR_PID")

# The emulator's demo domain, as a user exports it (the README's export line; scripts/demo.sh writes the same).
eval "$("$VENV/bin/python" - "$url" <<'PY'
import shlex
import sys

from iec_emulator.accounts import DEMO

url = sys.argv[1]
for name, value in (("HUAWEICLOUD_IEC_ENDPOINT", url), ("HUAWEICLOUD_IAM_ENDPOINT", url),
                    ("HUAWEICLOUD_SDK_AK", DEMO["ak"]), ("HUAWEICLOUD_SDK_SK", DEMO["sk"]),
                    ("HUAWEICLOUD_SDK_DOMAIN_ID", DEMO["domain_id"])):
    print("export %s=%s" % (name, shlex.quote(value)))
PY
)"
# Nothing of the developer's environment: the fresh virtual environment and the system's tools only, a
# HOME without .ssh or .ansible, the collection where the README's command puts it (~/.ansible/collections).
export HOME=$WORK/home TARBALL
export PATH=$WORK/venv/bin:/usr/local/bin:/usr/bin:/bin
unset ANSIBLE_COLLECTIONS_PATH ANSIBLE_COLLECTIONS_PATHS IEC_DEMO_DIR ANSIBLE_CONFIG VIRTUAL_ENV
[ ! -e "$HOME/.ssh" ] || die "HOME has a .ssh"
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false ANSIBLE_NOCOLOR=true
# Deprecation warnings of the release under test are failures: they are what breaks on the next one.
export ANSIBLE_DEPRECATION_WARNINGS=true
INSTALLED=$HOME/.ansible/collections/ansible_collections/huaweicloud/iec

# recap_changed LOG: the changed= count of localhost in a playbook's PLAY RECAP.
recap_changed() { sed -n 's/^localhost *: .*changed=\([0-9]*\).*$/\1/p' "$1" | tail -n 1; }

# no_warnings LOG WHAT: fail on any [WARNING] or [DEPRECATION WARNING] ansible-core printed.
# ansible-core 2.21's `ansible-doc -t role` warns about its own internal collection (ansible._protomatter has no
# MANIFEST.json) whatever the role: that one line is ansible-core's, not ours, and is let through.
no_warnings() {
    if grep -E '^\[(DEPRECATION )?WARNING\]' "$1" \
        | grep -v -E "^\[WARNING\]: Collection at '[^']*/ansible/_internal/ansible_collections/ansible/_protomatter' does not have a MANIFEST.json" >&2; then
        die "$2 printed the warnings above on ansible-core $CORE"
    fi
}

# The install section's commands, in order, in an empty project folder; its two playbook commands are kept
# for below (provision, teardown).
cd "$WORK/project"
PROVISION="" TEARDOWN=""
while IFS= read -r command; do
    case $command in
        ansible-playbook*huaweicloud.iec.provision*) PROVISION=$command ;;
        ansible-playbook*huaweicloud.iec.teardown*) TEARDOWN=$command ;;
        *) echo "+ $command"; eval "$command" ;;
    esac
done <"$WORK/install-commands.sh"
if [ -z "$PROVISION" ] || [ -z "$TEARDOWN" ]; then
    die "the install section has no provision or no teardown command"
fi
[ -d "$INSTALLED" ] || die "the install section's commands did not install the collection into $INSTALLED"

# The roles' argument specs as this release reads them (the run below validates two of the three roles).
log "ansible-core $CORE: ansible-doc of every role"
for role in "$INSTALLED"/roles/*/; do
    ansible-doc -t role "huaweicloud.iec.$(basename "$role")" >"$WORK/role-doc.txt" 2>&1 \
        || { cat "$WORK/role-doc.txt" >&2; die "ansible-doc cannot read the role $(basename "$role")"; }
    no_warnings "$WORK/role-doc.txt" "ansible-doc -t role huaweicloud.iec.$(basename "$role")"
    echo "role huaweicloud.iec.$(basename "$role"): $(grep -c '^ENTRY POINT' "$WORK/role-doc.txt") entry points"
done

# play N COMMAND WHAT: run one of the README's playbook commands, its output in $WORK/WHAT-N.log.
play() {
    echo "+ $2"
    eval "$2" 2>&1 | tee "$WORK/$3-$1.log"
    [ "${PIPESTATUS[0]}" = 0 ] || die "$3 (run $1) failed"
    no_warnings "$WORK/$3-$1.log" "$3"
}

log "ansible-core $CORE: huaweicloud.iec.provision, first run"
play 1 "$PROVISION" provision
[ "$(recap_changed "$WORK/provision-1.log")" -gt 0 ] || die "the first provision run changed nothing"
# The private key IEC generated, in the ~/.ssh the run had to make (examples/edge.yml: ~/.ssh/demo-edge-key.pem).
[ -s "$HOME/.ssh/demo-edge-key.pem" ] || die "provision did not write the private key to ~/.ssh/demo-edge-key.pem"
[ "$(stat -c %a "$HOME/.ssh")" = 700 ] || die "$HOME/.ssh was made with mode $(stat -c %a "$HOME/.ssh"), not 0700"
[ "$(stat -c %a "$HOME/.ssh/demo-edge-key.pem")" = 600 ] || die "the private key has mode $(stat -c %a "$HOME/.ssh/demo-edge-key.pem"), not 0600"

log "ansible-core $CORE: huaweicloud.iec.provision, second run (must change nothing)"
play 2 "$PROVISION" provision
[ "$(recap_changed "$WORK/provision-2.log")" = 0 ] || die "the second provision run reported changes"

# The inventory plugin only, failing rather than returning a quiet empty inventory.
inventory_hosts() {
    ANSIBLE_INVENTORY_ENABLED=huaweicloud.iec.iec ANSIBLE_INVENTORY_UNPARSED_FAILED=true \
        ansible-inventory -i "$ROOT/scripts/demo/demo.iec.yml" --list >"$WORK/inventory.json" 2>"$WORK/inventory.err" \
        || { cat "$WORK/inventory.err" >&2; die "ansible-inventory failed"; }
    no_warnings "$WORK/inventory.err" "ansible-inventory"
    "$PYTHON" -c '
import json, sys
print(" ".join(sorted(json.load(open(sys.argv[1]))["_meta"]["hostvars"])))' "$WORK/inventory.json"
}

log "ansible-core $CORE: ansible-inventory --list through huaweicloud.iec.iec"
hosts=$(inventory_hosts)
echo "hosts: $hosts"
# examples/edge.yml: two instances at shanghai, one at guangzhou (named <edge_name>-<site>-<number>).
if [ "$(wc -w <<<"$hosts")" != 3 ] || [ "$(grep -o 'demo-edge-shanghai-[0-9]*' <<<"$hosts" | wc -l)" != 2 ] \
    || [ "$(grep -o 'demo-edge-guangzhou-[0-9]*' <<<"$hosts" | wc -l)" != 1 ]; then
    die "the inventory lists '$hosts', not the three instances of examples/edge.yml"
fi

# The constructed features, which go through this release's templating: a templated host name, compose,
# groups, keyed_groups, and the inventory cache (a second run is served from it).
log "ansible-core $CORE: ansible-inventory with hostnames, compose, groups, keyed_groups and the cache"
cat >"$WORK/constructed.iec.yml" <<YAML
plugin: huaweicloud.iec.iec
hostnames:
  - "{{ iec_name }}.{{ iec_site_name }}"
compose:
  ansible_user: "'root'"
  e2e_where: iec_site_name ~ '/' ~ iec_flavor_name
groups:
  e2e_shanghai: iec_site_name == 'shanghai'
keyed_groups:
  - key: iec_flavor_name
    prefix: flavor
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: $WORK/inventory-cache
YAML
for attempt in 1 2; do
    ANSIBLE_INVENTORY_ENABLED=huaweicloud.iec.iec ANSIBLE_INVENTORY_UNPARSED_FAILED=true \
        ansible-inventory -i "$WORK/constructed.iec.yml" --list >"$WORK/constructed-$attempt.json" 2>"$WORK/inventory.err" \
        || { cat "$WORK/inventory.err" >&2; die "ansible-inventory failed with $WORK/constructed.iec.yml"; }
    no_warnings "$WORK/inventory.err" "ansible-inventory (constructed)"
done
[ -n "$(find "$WORK/inventory-cache" -type f 2>/dev/null)" ] || die "the inventory cache was not written to $WORK/inventory-cache"
cmp -s "$WORK/constructed-1.json" "$WORK/constructed-2.json" || die "the inventory served from the cache differs from the first answer"
"$PYTHON" - "$WORK/constructed-1.json" <<'PY'
import json
import sys

inventory = json.load(open(sys.argv[1]))
hostvars = inventory["_meta"]["hostvars"]
shanghai = sorted(inventory.get("e2e_shanghai", {}).get("hosts", []))
flavor = sorted(inventory.get("flavor_s6_small_1", {}).get("hosts", []))
problems = []
if len(shanghai) != 2 or not all(name.endswith(".shanghai") for name in shanghai):
    problems.append("group e2e_shanghai holds %r, not the two shanghai instances named <name>.shanghai" % shanghai)
if sorted(flavor) != sorted(hostvars):
    problems.append("keyed group flavor_s6_small_1 holds %r, not every host %r" % (flavor, sorted(hostvars)))


def plain(value):
    """ansible-core 2.19+ writes a value it does not trust as a template as {"__ansible_unsafe": value}."""
    return value.get("__ansible_unsafe", value) if isinstance(value, dict) else value


for name, host in sorted(hostvars.items()):
    user, where = plain(host.get("ansible_user")), plain(host.get("e2e_where"))
    if user != "root" or where != "%s/s6.small.1" % name.split(".")[-1]:
        problems.append("%s: compose gave ansible_user=%r e2e_where=%r" % (name, user, where))
if problems:
    sys.exit("\n".join(problems))
print("constructed: %d hosts, groups %s" % (len(hostvars), ", ".join(sorted(k for k in inventory if k != "_meta"))))
PY

log "ansible-core $CORE: each look-up once"
cat >"$WORK/lookups.yml" <<'YAML'
- name: Each look-up of huaweicloud.iec once, on what provision made
  hosts: localhost
  connection: local
  gather_facts: false
  tasks:
    - name: Look up what examples/edge.yml names
      ansible.builtin.set_fact:
        e2e_site: "{{ lookup('huaweicloud.iec.site', 'shanghai') }}"
        e2e_flavors: "{{ query('huaweicloud.iec.flavor', 's6.small.1') }}"
        e2e_image: "{{ lookup('huaweicloud.iec.image', 'Ubuntu 22.04 server 64bit') }}"
        e2e_vpc_ids: "{{ query('huaweicloud.iec.resource', 'vpcs', filters={'name': 'demo-edge-vpc'}, query='[].id') }}"

    - name: Look up the subnets of the VPC
      ansible.builtin.set_fact:
        e2e_subnet_sites: "{{ query('huaweicloud.iec.resource', 'subnets', filters={'vpc_id': e2e_vpc_ids | first}, query='[].site_id') }}"

    - name: Check what the look-ups found
      ansible.builtin.assert:
        that:
          - e2e_site.name == 'shanghai'
          - e2e_site.id is string and e2e_site.id | length > 0
          - e2e_flavors | length > 0
          - e2e_flavors | map(attribute='name') | unique == ['s6.small.1']
          - e2e_image.name == 'Ubuntu 22.04 server 64bit'
          - e2e_vpc_ids | length == 1
          - e2e_site.id in e2e_subnet_sites and e2e_subnet_sites | length == 2
        quiet: true
YAML
ansible-playbook "$WORK/lookups.yml" 2>&1 | tee "$WORK/lookups.log"
no_warnings "$WORK/lookups.log" "the look-ups"

log "ansible-core $CORE: huaweicloud.iec.teardown, twice"
play 1 "$TEARDOWN" teardown
[ "$(recap_changed "$WORK/teardown-1.log")" -gt 0 ] || die "the first teardown run changed nothing"
hosts=$(inventory_hosts)
[ -z "$hosts" ] || die "after teardown the inventory still lists: $hosts"
play 2 "$TEARDOWN" teardown
[ "$(recap_changed "$WORK/teardown-2.log")" = 0 ] || die "the second teardown run reported changes"
echo "ansible-core $CORE, the tarball in a fresh virtual environment by its README's commands: provision (twice," \
     "changed=0 the second time, key in a new ~/.ssh 0700), inventory, look-ups and teardown (twice) passed"
