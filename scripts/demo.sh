#!/usr/bin/env bash
# `make demo`: try huaweicloud.iec on a local IEC emulator, no cloud account needed.
#   1. sets up .venv (scripts/venv.sh) and installs the collection, built from this checkout, into
#      .demo/collections;
#   2. starts the bundled emulator in the background on http://127.0.0.1:$IEC_DEMO_PORT (default 8780),
#      its pid, log and state under .demo/ (the state survives restarts: a second demo changes nothing);
#   3. runs the playbook huaweicloud.iec.provision (the edge of examples/edge.yml, or of the vars file
#      named by IEC_DEMO_EDGE_VARS), or, while playbooks/provision.yml does not exist, scripts/demo/keypair.yml;
#   4. shows the inventory through the collection's inventory plugin;
#   5. ends with the edge it built (site, instance, private and public address), where the private key is,
#      how to use the inventory, and how to tear the edge down and stop the emulator.
# A second run rebuilds nothing when no file of the collection changed, and changes nothing (changed=0).
# `make demo-stop` (scripts/demo.sh stop) stops the emulator; `rm -rf .demo` forgets its state.
set -euo pipefail
. "$(dirname "$0")/common.sh"

DEMO_DIR=$ROOT/.demo
PORT=${IEC_DEMO_PORT:-8780}
URL=http://127.0.0.1:$PORT
PID_FILE=$DEMO_DIR/emulator.pid
EMULATOR_LOG=$DEMO_DIR/emulator.log

emulator_running() {
    [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null
}

stop() {
    if emulator_running; then
        local pid
        pid=$(cat "$PID_FILE")
        kill "$pid"
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        echo "Stopped the IEC emulator (pid $pid). Its state stays in .demo/emulator.state.json; rm -rf .demo forgets it."
    else
        echo "The IEC emulator is not running."
    fi
    rm -f "$PID_FILE"
}

start_emulator() {
    if emulator_running; then
        log "The IEC emulator is already running (pid $(cat "$PID_FILE"))"
        return 0
    fi
    log "Starting the IEC emulator on $URL"
    : >"$EMULATOR_LOG"
    # The emulator takes the cloud's own time (an instance ~45 s), run IEC_DEMO_TIME_SCALE (10) times faster;
    # IEC_DEMO_ASYNC_SECONDS fixes every asynchronous step instead (0 = at once).
    local async=(--time-scale "${IEC_DEMO_TIME_SCALE:-10}")
    [ -z "${IEC_DEMO_ASYNC_SECONDS:-}" ] || async=(--async-seconds "$IEC_DEMO_ASYNC_SECONDS")
    # setsid: the emulator outlives this script and the terminal's Ctrl-C.
    PYTHONUNBUFFERED=1 setsid "$VENV/bin/iec-emulator" --host 127.0.0.1 --port "$PORT" \
        --state-file "$DEMO_DIR/emulator.state.json" "${async[@]}" >>"$EMULATOR_LOG" 2>&1 </dev/null &
    echo $! >"$PID_FILE"
    for _ in $(seq 1 300); do
        grep -q '^iec-emulator listening on ' "$EMULATOR_LOG" && return 0
        if ! emulator_running; then
            cat "$EMULATOR_LOG" >&2
            rm -f "$PID_FILE"
            die "the emulator did not start (is port $PORT taken? choose another with IEC_DEMO_PORT=...)"
        fi
        sleep 0.1
    done
    die "the emulator did not report that it listens within 30 s; see $EMULATOR_LOG"
}

# The settings every module and plugin of the collection reads; the emulator serves IAM and IEC on one
# port. Written to .demo/env.sh for the user's own shell as well.
write_env() {
    "$VENV/bin/python" - "$URL" "$DEMO_DIR/collections" "$VENV/bin" >"$DEMO_DIR/env.sh" <<'PY'
import shlex
import sys

from iec_emulator.accounts import DEMO

url, collections, venv_bin = sys.argv[1:]
settings = [
    ("HUAWEICLOUD_IEC_ENDPOINT", url),
    ("HUAWEICLOUD_IAM_ENDPOINT", url),
    ("HUAWEICLOUD_SDK_AK", DEMO["ak"]),
    ("HUAWEICLOUD_SDK_SK", DEMO["sk"]),
    ("HUAWEICLOUD_SDK_DOMAIN_ID", DEMO["domain_id"]),
    ("ANSIBLE_COLLECTIONS_PATH", collections),
]
print("# The IEC emulator's demo domain, written by scripts/demo.sh. Use: . .demo/env.sh")
for name, value in settings:
    print("export %s=%s" % (name, shlex.quote(value)))
print('export PATH=%s:"$PATH"' % shlex.quote(venv_bin))
PY
    # shellcheck disable=SC1091  # written just above
    . "$DEMO_DIR/env.sh"
}

demo() {
    mkdir -p "$DEMO_DIR"
    bash "$ROOT/scripts/venv.sh" dev
    [ -x "$VENV/bin/iec-emulator" ] || die "iec-emulator is not installed in .venv (tests/emulator is not a package yet?)"
    export PATH=$VENV/bin:$PATH

    export ANSIBLE_COLLECTIONS_PATH=$DEMO_DIR/collections
    # The collection is rebuilt only when a file of it changed since the last demo (the fingerprint covers
    # the content and the names of every file build.sh copies).
    local fingerprint
    fingerprint=$(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard \
        | while IFS= read -r -d '' path; do [ -f "$path" ] && printf '%s\0' "$path"; done \
        | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
    if [ -f "$DEMO_DIR/collection.sha256" ] && [ "$(cat "$DEMO_DIR/collection.sha256")" = "$fingerprint" ] \
        && [ -f "$DEMO_DIR/collections/ansible_collections/huaweicloud/iec/MANIFEST.json" ]; then
        log "The collection in .demo/collections is up to date (no file changed): not rebuilt"
    else
        log "Building the collection and installing it into .demo/collections"
        rm -rf "$DEMO_DIR/src" "$DEMO_DIR/dist" "$DEMO_DIR/collections" "$DEMO_DIR/collection.sha256"
        bash "$ROOT/scripts/build.sh" "$DEMO_DIR/src/ansible_collections/huaweicloud/iec"
        ansible-galaxy collection build "$DEMO_DIR/src/ansible_collections/huaweicloud/iec" \
            --output-path "$DEMO_DIR/dist" >/dev/null
        ansible-galaxy collection install "$DEMO_DIR"/dist/huaweicloud-iec-*.tar.gz -p "$DEMO_DIR/collections" >/dev/null
        echo "$fingerprint" >"$DEMO_DIR/collection.sha256"
    fi
    ansible-galaxy collection list huaweicloud.iec 2>/dev/null | tail -n 1

    start_emulator
    trap '[ $? -eq 0 ] || echo "The demo failed; the emulator is still running at $URL. Stop it with: make demo-stop" >&2' EXIT
    write_env
    export IEC_DEMO_DIR=$DEMO_DIR ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false

    if [ -f "$ROOT/playbooks/provision.yml" ]; then
        local vars=()
        [ -z "${IEC_DEMO_EDGE_VARS:-}" ] || vars=(-e "edge_vars_file=$(realpath "$IEC_DEMO_EDGE_VARS")")
        log "Running huaweicloud.iec.provision against the emulator"
        ansible-playbook huaweicloud.iec.provision "${vars[@]}"
    else
        log "Running scripts/demo/keypair.yml against the emulator (playbooks/provision.yml does not exist yet)"
        ansible-playbook "$ROOT/scripts/demo/keypair.yml"
    fi

    log "The edge instances, through the inventory plugin huaweicloud.iec.iec"
    # Only the collection's plugin, and a failure when it fails, rather than a quiet empty inventory.
    ANSIBLE_INVENTORY_ENABLED=huaweicloud.iec.iec ANSIBLE_INVENTORY_UNPARSED_FAILED=true \
        ansible-inventory -i "$ROOT/scripts/demo/demo.iec.yml" --graph
    ANSIBLE_INVENTORY_ENABLED=huaweicloud.iec.iec ANSIBLE_INVENTORY_UNPARSED_FAILED=true \
        ansible-inventory -i "$ROOT/scripts/demo/demo.iec.yml" --list >"$DEMO_DIR/inventory.json"

    local key vars_hint=""
    key=$(find "$DEMO_DIR" -maxdepth 1 -name "*.pem" | sort | head -n 1)
    [ -z "${IEC_DEMO_EDGE_VARS:-}" ] || vars_hint=" -e edge_vars_file=$(realpath "$IEC_DEMO_EDGE_VARS")"
    log "The edge the demo built"
    edge_table "$DEMO_DIR/inventory.json"
    cat <<EOT

Private key of the instances' key pair: ${key:-(none: the key pair was imported, or made by an earlier run)}
  (IEC hands it out once, when it creates the key pair; huaweicloud.iec.provision wrote it there, mode 0600).

Use the edge from your shell (the collection installed here, the emulator's demo account):
  . .demo/env.sh
  ansible-inventory -i scripts/demo/demo.iec.yml --graph       # the instances as hosts, grouped by site
  ansible -i scripts/demo/demo.iec.yml iec_site_shanghai --list-hosts
  ansible -i scripts/demo/demo.iec.yml all -m ansible.builtin.ping -u root --private-key ${key:-KEY}
                                           # on real instances (the emulator's addresses reach no machine)
  ansible-doc huaweicloud.iec.instance

Tear the edge down (its instances, key pair and network), then stop the emulator:
  . .demo/env.sh && ansible-playbook huaweicloud.iec.teardown$vars_hint
  make demo-stop                         # the emulator's state stays in .demo/; rm -rf .demo forgets it

The IEC emulator keeps running at $URL (pid $(cat "$PID_FILE"); log .demo/emulator.log). Run make demo again:
nothing is rebuilt and nothing changes.
EOT
}

# edge_table INVENTORY_JSON: one line per instance - site, name, private and public address.
edge_table() {
    "$VENV/bin/python" - "$1" <<'PY'
import json
import sys

def text(value):
    # ansible-inventory marks values from the API as unsafe: {"__ansible_unsafe": "..."}
    if isinstance(value, dict):
        value = value.get("__ansible_unsafe", value.get("__ansible_vault", ""))
    return str(value) if value else ""


hostvars = json.load(open(sys.argv[1])).get("_meta", {}).get("hostvars", {})
rows = sorted((text(v.get("iec_site_name")) or text(v.get("iec_site_id")), text(v.get("iec_name")) or host,
               text(v.get("iec_private_ipv4")) or "-", text(v.get("iec_public_ipv4")) or "-")
              for host, v in hostvars.items())
header = ("site", "instance", "private address", "public address")
widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(4)]
for row in [header, tuple("-" * w for w in widths)] + rows:
    print("  " + "  ".join(str(c).ljust(w) for c, w in zip(row, widths)).rstrip())
if not rows:
    print("  (no instance)")
PY
}

case "${1:-demo}" in
    demo) demo ;;
    stop) stop ;;
    *) die "usage: $0 [demo|stop]" ;;
esac
