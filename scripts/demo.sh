#!/usr/bin/env bash
# `make demo`: try huaweicloud.iec on a local IEC emulator, no cloud account needed.
#   1. sets up .venv (scripts/venv.sh) and installs the collection, built from this checkout, into
#      .demo/collections;
#   2. starts the bundled emulator in the background on http://127.0.0.1:$IEC_DEMO_PORT (default 8780),
#      its pid, log and state under .demo/ (the state survives restarts: a second demo changes nothing);
#   3. runs the playbook huaweicloud.iec.provision (the edge of examples/edge.yml, or of the vars file
#      named by IEC_DEMO_EDGE_VARS), or, while playbooks/provision.yml does not exist, scripts/demo/keypair.yml;
#   4. shows the inventory through the collection's inventory plugin, when it exists;
#   5. prints how to use the emulator from your shell, and how to stop it.
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

    log "Building the collection and installing it into .demo/collections"
    export ANSIBLE_COLLECTIONS_PATH=$DEMO_DIR/collections
    rm -rf "$DEMO_DIR/src" "$DEMO_DIR/dist" "$DEMO_DIR/collections"
    bash "$ROOT/scripts/build.sh" "$DEMO_DIR/src/ansible_collections/huaweicloud/iec"
    ansible-galaxy collection build "$DEMO_DIR/src/ansible_collections/huaweicloud/iec" \
        --output-path "$DEMO_DIR/dist" >/dev/null
    ansible-galaxy collection install "$DEMO_DIR"/dist/huaweicloud-iec-*.tar.gz -p "$DEMO_DIR/collections" >/dev/null
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

    if [ -f "$ROOT/plugins/inventory/iec.py" ]; then
        log "The edge instances, through the inventory plugin huaweicloud.iec.iec"
        # Only the collection's plugin, and a failure when it fails, rather than a quiet empty inventory.
        ANSIBLE_INVENTORY_ENABLED=huaweicloud.iec.iec ANSIBLE_INVENTORY_UNPARSED_FAILED=true \
            ansible-inventory -i "$ROOT/scripts/demo/demo.iec.yml" --graph
    fi

    cat <<EOT

The IEC emulator keeps running at $URL (pid $(cat "$PID_FILE"); log .demo/emulator.log; state .demo/emulator.state.json).
Use it from your shell with the collection installed here:

$(grep '^export' "$DEMO_DIR/env.sh")

(or simply: . .demo/env.sh), then for example:
  ansible-inventory -i scripts/demo/demo.iec.yml --graph
  ansible-doc huaweicloud.iec.keypair
Stop the emulator with: make demo-stop
EOT
}

case "${1:-demo}" in
    demo) demo ;;
    stop) stop ;;
    *) die "usage: $0 [demo|stop]" ;;
esac
