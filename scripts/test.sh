#!/usr/bin/env bash
# `make test`: every check of the collection, in this order (or only the stages named):
#   unit         pytest tests/unit, run inside the build tree (build/ansible_collections/huaweicloud/iec)
#   emulator     pytest tests/emulator/tests (the bundled IEC emulator's own tests)
#   integration  ansible-test integration, every target, against a fresh emulator on a free port
#   wire         every request the integration stage sent and every answer it got (recorded by the emulator
#                in build/logs/wire-record.jsonl) checked against the SDK's request and response models
#   reliability  pytest tests/reliability: playbooks under injected faults, restarts and parallel runs
#   sanity       ansible-test sanity: the oldest supported ansible-core, 2.16 (compile and import on every
#                Python 3.8-3.12 it supports for modules), then the newest (2.21) on Python 3.13 (or 3.12)
#   e2e          the tarball installed by its README's commands into a fresh virtual environment with ansible-core
#                2.16, HOME without .ssh: provision twice, inventory, look-ups, teardown twice (scripts/e2e.sh);
#                then the same with the newest ansible-core (2.21), where the modules run in the task's worker
#   lint         ansible-lint (production profile), antsibull-docs, antsibull-changelog, ansible-builder,
#                make docs (the HTML documentation, Sphinx -W -n)
# A failing check does not stop the others (FAIL_FAST=1 does); the run fails if any check failed and
# ends with the line "N passed, N failed".
# Usage: scripts/test.sh [unit] [emulator] [integration] [wire] [reliability] [sanity] [e2e] [lint]
#        IEC_TARGETS="port vpc" scripts/test.sh integration   (only those integration targets)
#        IEC_TIME_SCALE=N / IEC_SEED=N: the emulator's clock speed and jitter seed for integration and
#        reliability (default 50 and 11); IEC_ASYNC_SECONDS=0: the instant emulator for integration
# shellcheck disable=SC2317  # the stage functions are called indirectly, through check()
set -euo pipefail
. "$(dirname "$0")/common.sh"

ALL_STAGES=(unit emulator integration wire reliability sanity e2e lint)
STAGES=("$@")
[ ${#STAGES[@]} -gt 0 ] || STAGES=("${ALL_STAGES[@]}")

SUMMARY=()
PASSED=0
FAILED=0

# check NAME FUNCTION [ARGS...]: run one check in a subshell with errexit on; record the outcome.
check() {
    local name=$1 start rc
    shift
    log "$name"
    start=$SECONDS
    set +e
    ( set -e; "$@" )
    rc=$?
    set -e
    if [ "$rc" -eq 0 ]; then
        PASSED=$((PASSED + 1))
        SUMMARY+=("$(printf 'PASS  %-44s %5ss' "$name" $((SECONDS - start)))")
    else
        FAILED=$((FAILED + 1))
        SUMMARY+=("$(printf 'FAIL  %-44s %5ss  (exit %s)' "$name" $((SECONDS - start)) "$rc")")
        if [ "${FAIL_FAST:-0}" = 1 ]; then
            finish
        fi
    fi
}

finish() {
    printf '\n==> Summary\n'
    printf '%s\n' "${SUMMARY[@]}"
    if [ -s "${LOG_DIR:-/nonexistent}/failures.txt" ]; then
        printf 'Failed tests:\n'
        sed 's/^/  /' "$LOG_DIR/failures.txt"
    fi
    printf '%s passed, %s failed\n' "$PASSED" "$FAILED"
    [ "$FAILED" -eq 0 ] || exit 1
    exit 0
}

# pytest exits 5 when it collected nothing; a stage that should have tests must not pass that way.
# run_pytest ARGS...: pytest without its cache. The "FAILED"/"ERROR" lines of its short summary are also kept in
# $LOG_DIR/failures.txt, which the run's summary prints last: a log cut to its head and tail still names them.
run_pytest() {
    local rc=0 out
    out=$(mktemp)
    # COLUMNS: pytest cuts each summary line to the terminal's width, 80 columns without a terminal.
    COLUMNS=${COLUMNS:-250} "$VENV/bin/python" -m pytest -p no:cacheprovider -rfE "$@" 2>&1 | tee "$out" \
        || rc=${PIPESTATUS[0]}
    if [ "$rc" -eq 5 ]; then
        echo "error: pytest collected no tests in $*" >&2
    fi
    grep -E '^(FAILED|ERROR) ' "$out" | cut -c1-300 >> "$LOG_DIR/failures.txt" || true
    rm -f "$out"
    return "$rc"
}

stage_unit() {
    cd "$COLLECTION_DIR"
    # build/ on sys.path makes the copy importable as ansible_collections.huaweicloud.iec.
    PYTHONPATH=$BUILD_ROOT run_pytest tests/unit
}

stage_emulator() {
    [ -d "$ROOT/tests/emulator/tests" ] || die "tests/emulator/tests is missing: the emulator has no tests"
    cd "$COLLECTION_DIR"
    run_pytest tests/emulator/tests
}

# The committed spec is what tests/emulator/spec-sources/ builds (a clone regenerates it without ../shared).
emulator_spec_check() {
    "$VENV/bin/python" "$ROOT/tests/emulator/tools/build_spec.py" --check
}

# Reads what the integration stage recorded (run `scripts/test.sh integration wire`, or wire alone after it).
stage_wire() {
    local record=$LOG_DIR/wire-record.jsonl
    [ -s "$record" ] || die "$record is missing or empty: run the integration stage first"
    "$VENV/bin/python" "$ROOT/tests/wire/check_wire.py" --report "$LOG_DIR/wire-report.json" "$record"
}

# The integration targets read the endpoint and the credentials from integration_config.yml: ansible-test
# hands it to role targets as a vars file, runme.sh targets pass -e @../../integration_config.yml
# themselves; tests/integration/integration_config.yml.template lists the variables.
stage_integration() {
    local emulator_log=$LOG_DIR/emulator.log url=""
    cd "$COLLECTION_DIR"
    # ansible-test passes when every target is skipped (disabled, unsupported, ...); this stage does not.
    local targets
    targets=$("$VENV/bin/ansible-test" integration --local --color no --list-targets 2>/dev/null)
    [ -n "$targets" ] || die "ansible-test finds no integration target to run"
    echo "$(wc -l <<<"$targets") integration targets: $(paste -sd' ' <<<"$targets")"
    [ -x "$VENV/bin/iec-emulator" ] || die "iec-emulator is not installed in .venv (tests/emulator is not a package yet?)"

    # The emulator behaves as the cloud does (iec_emulator/timing.py: an instance takes ~45 s to build and
    # answers 404 for a few seconds after its creation, deletions and power actions take time...), with
    # jittered delays under a fixed seed, run IEC_TIME_SCALE (50) times faster than wall time so that the
    # stage stays fast. IEC_ASYNC_SECONDS=0 brings back the instant emulator (every change final at once).
    local timing=(--time-scale "${IEC_TIME_SCALE:-50}" --seed "${IEC_SEED:-11}")
    [ -z "${IEC_ASYNC_SECONDS:-}" ] || timing=(--async-seconds "$IEC_ASYNC_SECONDS")
    echo "emulator timing: ${timing[*]}"
    # --record: every exchange goes to wire-record.jsonl for the wire stage (secrets masked).
    rm -f "$LOG_DIR/wire-record.jsonl"
    PYTHONUNBUFFERED=1 "$VENV/bin/iec-emulator" --host 127.0.0.1 --port 0 "${timing[@]}" \
        --record "$LOG_DIR/wire-record.jsonl" >"$emulator_log" 2>&1 &
    EMULATOR_PID=$!
    # The trap stops the emulator whatever happens next; this stage runs in its own subshell.
    trap 'kill "$EMULATOR_PID" 2>/dev/null; wait "$EMULATOR_PID" 2>/dev/null || true' EXIT
    url=$(emulator_url "$emulator_log" "$EMULATOR_PID")
    echo "emulator at $url (pid $EMULATOR_PID, log ${emulator_log#"$ROOT"/})"

    "$VENV/bin/python" "$ROOT/scripts/integration_config.py" "$url" >tests/integration/integration_config.yml
    # --local: the targets run on this controller with .venv's ansible-core 2.19, requests and jmespath,
    # which is what they talk to the emulator with; a second virtual environment would add nothing.
    # --continue-on-error: one failing target does not hide the results of the others.
    # IEC_TARGETS="port vpc" runs only those targets (for working on a few; make test runs them all).
    # shellcheck disable=SC2086  # the list is split on purpose
    "$VENV/bin/ansible-test" integration --local --continue-on-error --color no ${IEC_TARGETS:-}
}

# The suite starts its own emulators and runs Ansible on this build tree (tests/reliability/harness.py); its
# figures (runs, faults injected, cases, leaks) go to build/logs/reliability.json.
stage_reliability() {
    [ -d "$COLLECTION_DIR/tests/reliability" ] || die "tests/reliability is missing"
    cd "$COLLECTION_DIR"
    PATH=$VENV/bin:$PATH IEC_RELIABILITY_FIGURES=$LOG_DIR/reliability.json run_pytest tests/reliability
}

sanity_oldest() {
    cd "$COLLECTION_DIR"
    # --venv: ansible-test installs its own pinned linters per test; they are cached in ~/.ansible/test.
    # Without --python it runs the version-specific tests (compile, import) on every Python it finds and
    # supports: 2.16 runs module code on 3.8-3.12 (tests/config.yml leaves out 2.7, 3.6 and 3.7, which the
    # modules do not promise) and controller code (inventory, look-ups) on 3.10-3.12; sanity_newest adds 3.13.
    "$VENV_OLDEST/bin/ansible-test" sanity --venv --color no
}

sanity_newest() {
    cd "$COLLECTION_DIR"
    # On the environment's own Python (3.13, or 3.12 where 3.13 is missing): the newest ansible-core
    # no longer runs its controller on 3.11, and one Python keeps this run short.
    "$VENV_NEWEST/bin/ansible-test" sanity --venv --color no \
        --python "$("$VENV_NEWEST/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
}

# The user's path against its own emulator (scripts/e2e.sh): on the oldest supported ansible-core, where every
# module runs in a process of its own, and on the newest, where they run in the task's worker (in_process.py).
e2e_oldest() {
    bash "$ROOT/scripts/e2e.sh" "$VENV_OLDEST"
}

e2e_newest() {
    bash "$ROOT/scripts/e2e.sh" "$VENV_NEWEST"
}

lint_ansible_lint() {
    cd "$COLLECTION_DIR"
    ANSIBLE_COLLECTIONS_PATH=$BUILD_ROOT "$VENV/bin/ansible-lint" --profile production --nocolor
}

lint_collection_docs() {
    cd "$COLLECTION_DIR"
    # antsibull-docs runs ansible-doc and ansible from PATH.
    PATH=$VENV/bin:$PATH ANSIBLE_COLLECTIONS_PATH=$BUILD_ROOT "$VENV/bin/antsibull-docs" lint-collection-docs --plugin-docs .
}

lint_changelog() {
    cd "$COLLECTION_DIR"
    "$VENV/bin/antsibull-changelog" lint
}

# ansible-builder must find the collection's Python and system dependencies through
# meta/execution-environment.yml, as it does when AWX builds an execution environment with it.
lint_execution_environment() {
    local found
    found=$("$VENV/bin/ansible-builder" introspect "$BUILD_ROOT")
    echo "$found"
    grep -q "jmespath.*# from collection huaweicloud.iec" <<<"$found" || die "ansible-builder did not find requirements.txt"
    grep -q "# from collection huaweicloud.iec" <<<"$(sed -n '/^system:/,$p' <<<"$found")" \
        || die "ansible-builder did not find bindep.txt"
}

# The HTML documentation must build without a warning or a broken reference (scripts/docs.sh, make docs).
lint_docs() {
    bash "$ROOT/scripts/docs.sh"
}

main() {
    local stage
    for stage in "${STAGES[@]}"; do
        case " ${ALL_STAGES[*]} " in *" $stage "*) ;; *) die "unknown stage '$stage' (stages: ${ALL_STAGES[*]})" ;; esac
    done

    # Setup failures stop the run at once: nothing after them could mean anything.
    local setup_start=$SECONDS
    bash "$ROOT/scripts/venv.sh" dev
    case " ${STAGES[*]} " in *" sanity "* | *" e2e "*) bash "$ROOT/scripts/venv.sh" oldest ;; esac
    case " ${STAGES[*]} " in *" sanity "* | *" e2e "*) bash "$ROOT/scripts/venv.sh" newest ;; esac
    bash "$ROOT/scripts/build.sh"
    LOG_DIR=$BUILD_ROOT/logs
    mkdir -p "$LOG_DIR"
    rm -f "$LOG_DIR/failures.txt"
    install_get_pip "$VENV/bin/python"
    [ ! -x "$VENV_OLDEST/bin/python" ] || install_get_pip "$VENV_OLDEST/bin/python"
    [ ! -x "$VENV_NEWEST/bin/python" ] || install_get_pip "$VENV_NEWEST/bin/python"
    SUMMARY+=("$(printf '      %-44s %5ss' "setup: virtual environments, build tree" $((SECONDS - setup_start)))")

    for stage in "${STAGES[@]}"; do
        case $stage in
            unit) check "unit: pytest tests/unit" stage_unit ;;
            emulator)
                check "emulator: pytest tests/emulator/tests" stage_emulator
                check "emulator: build_spec.py --check" emulator_spec_check
                ;;
            integration) check "integration: ansible-test integration" stage_integration ;;
            wire) check "wire: recorded requests/answers vs SDK models" stage_wire ;;
            reliability) check "reliability: pytest tests/reliability" stage_reliability ;;
            sanity)
                check "sanity: ansible-core 2.16, Python 3.8-3.12" sanity_oldest
                check "sanity: newest ansible-core, Python 3.13/3.12" sanity_newest
                ;;
            e2e)
                check "e2e: the tarball by its README on ansible-core 2.16: provision, inventory, look-ups, teardown" e2e_oldest
                check "e2e: the same on the newest ansible-core (modules in the worker)" e2e_newest
                ;;
            lint)
                check "lint: ansible-lint --profile production" lint_ansible_lint
                check "lint: antsibull-docs lint-collection-docs" lint_collection_docs
                check "lint: antsibull-changelog lint" lint_changelog
                check "lint: ansible-builder introspect" lint_execution_environment
                check "lint: make docs (antsibull-docs, Sphinx -W -n)" lint_docs
                ;;
        esac
    done
    finish
}

main
