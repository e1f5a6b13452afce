#!/usr/bin/env bash
# The collection as a Galaxy user meets it (issue 13, points 1 and 6, and its "Done when"): the built tarball,
# installed into a fresh virtual environment by the commands of its own README's install section, with a HOME
# that holds no .ssh, runs huaweicloud.iec.provision against an emulator twice (changed=0 the second time) and
# huaweicloud.iec.teardown twice. Before that, the README inside the tarball is checked: it has the install
# section and does not send a tarball user to make demo / make test outside the "From the repository" part.
# Usage: tests/galaxy/fresh_install.sh PYTHON IEC_EMULATOR WORK_DIR
#   PYTHON        the Python to make the fresh virtual environment with
#   IEC_EMULATOR  the iec-emulator command to start (on a free loopback port)
#   WORK_DIR      an empty folder for the tarball, the virtual environment, HOME and logs
set -euo pipefail
PYTHON=$1 EMULATOR=$2 WORK=$3
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$WORK"
cd "$WORK"

# 1. The tarball, as ansible-galaxy builds it from a clean copy of the collection.
rm -rf src dist venv home project
bash "$ROOT/scripts/build.sh" "$WORK/src/ansible_collections/huaweicloud/iec" >/dev/null
ANSIBLE_GALAXY=$(dirname "$PYTHON")/ansible-galaxy
[ -x "$ANSIBLE_GALAXY" ] || ANSIBLE_GALAXY=ansible-galaxy
"$ANSIBLE_GALAXY" collection build "$WORK/src/ansible_collections/huaweicloud/iec" --output-path dist >/dev/null
TARBALL=$(ls "$WORK"/dist/huaweicloud-iec-*.tar.gz)
echo "tarball: $TARBALL ($(du -k "$TARBALL" | cut -f1) KiB)"

# 2. Its README, as a tarball user reads it.
tar -xzf "$TARBALL" -O README.md > README.packaged.md
"$PYTHON" - README.packaged.md > install-commands.sh <<'PY'
import re, sys
text = open(sys.argv[1]).read()
install = re.search(r"^## Install[^\n]*\n(.*?)(?=^## )", text, flags=re.S | re.M)
assert install, "the packaged README has no '## Install' section"
section = install.group(1)
for needed in ("ansible-galaxy collection install", "pip install -r", "requirements.txt", "HUAWEICLOUD_SDK_AK",
               "HUAWEICLOUD_SDK_SK", "HUAWEICLOUD_SDK_DOMAIN_ID", "huaweicloud.iec.provision"):
    assert needed in section, "the packaged README's install section does not mention %s" % needed
repo = text.find("## From the repository")
assert repo > install.start(), "the packaged README has no 'From the repository' part after its install section"
for command in ("make demo", "make test"):
    before = text.find(command)
    assert before == -1 or before > repo, "the packaged README offers '%s' before 'From the repository'" % command
# The commands, as a user copies them: install from the tarball (Galaxy is out of reach here), no export of
# placeholder credentials (the test sets real ones).
for block in re.findall(r"^```sh\n(.*?)^```", section, flags=re.S | re.M):
    for line in block.splitlines():
        command = line.split("  #")[0].strip()
        if not command or command.startswith("export "):
            continue
        command = command.replace("ansible-galaxy collection install huaweicloud.iec",
                                  'ansible-galaxy collection install "$TARBALL"')
        print(command)
PY
echo "--- the packaged README's install commands:"
cat install-commands.sh

# 3. A fresh virtual environment with ansible-core only, and a HOME without .ssh.
"$PYTHON" -m venv venv
CORE=$("$PYTHON" -c 'import ansible.release; print(ansible.release.__version__)' 2>/dev/null || echo "")
venv/bin/pip install --quiet --disable-pip-version-check "ansible-core${CORE:+==$CORE}"
mkdir -p home project
export HOME=$WORK/home
[ ! -e "$HOME/.ssh" ] || { echo "HOME has a .ssh" >&2; exit 1; }
unset ANSIBLE_COLLECTIONS_PATH ANSIBLE_COLLECTIONS_PATHS IEC_DEMO_DIR
export PATH=$WORK/venv/bin:/usr/bin:/bin
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false TARBALL

# 4. The emulator, and its demo account in the environment (what the README's export line stands for).
PYTHONUNBUFFERED=1 "$EMULATOR" --host 127.0.0.1 --port 0 --async-seconds 0 > emulator.log 2>&1 &
EMULATOR_PID=$!
trap 'kill "$EMULATOR_PID" 2>/dev/null; wait "$EMULATOR_PID" 2>/dev/null || true' EXIT
URL=""
for _ in $(seq 1 300); do
    URL=$(sed -n '1s|^iec-emulator listening on \(http://[^ ]*\).*$|\1|p' emulator.log)
    [ -z "$URL" ] || break
    sleep 0.1
done
[ -n "$URL" ] || { cat emulator.log >&2; exit 1; }
eval "$(sed -n '2s|^demo domain: .* id=\([^ ]*\) .* ak=\([^ ]*\) sk=\([^ ]*\)$|export HUAWEICLOUD_SDK_DOMAIN_ID=\1 HUAWEICLOUD_SDK_AK=\2 HUAWEICLOUD_SDK_SK=\3|p' emulator.log)"
export HUAWEICLOUD_IEC_ENDPOINT=$URL HUAWEICLOUD_IAM_ENDPOINT=$URL
[ -n "${HUAWEICLOUD_SDK_AK:-}" ] || { echo "no demo account in the emulator's banner" >&2; exit 1; }

# 5. The README's commands: install, requirements, copy of the example edge, provision, teardown - with the
#    provision run twice and the teardown twice.
cd project
while IFS= read -r command; do
    echo "+ $command"
    case $command in
        ansible-playbook*) ;;
        *) eval "$command"; continue ;;
    esac
    for run in 1 2; do
        eval "$command" > "run.log" 2>&1 || { cat run.log; exit 1; }
        recap=$(grep -E '^localhost +: ' run.log)
        echo "  run $run: $recap"
        if [ "$run" = 2 ]; then
            grep -qE 'changed=0 +unreachable=0 +failed=0' <<<"$recap" || { cat run.log; echo "run 2 changed something" >&2; exit 1; }
        else
            grep -qE 'changed=[1-9][0-9]* +unreachable=0 +failed=0' <<<"$recap" || { cat run.log; echo "run 1 changed nothing" >&2; exit 1; }
        fi
        case $command in
            *provision*) test -s "$HOME/.ssh/demo-edge-key.pem"
                         test "$(stat -c %a "$HOME/.ssh")" = 700
                         test "$(stat -c %a "$HOME/.ssh/demo-edge-key.pem")" = 600 ;;
        esac
    done
done < ../install-commands.sh
grep -q 'huaweicloud.iec.teardown' ../install-commands.sh
echo "fresh install from the tarball: README install section checked, provision twice (changed=0 the second time," \
     "private key in a new ~/.ssh, 0700), teardown twice"
