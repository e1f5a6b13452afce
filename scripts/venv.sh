#!/usr/bin/env bash
# Create or refresh the virtual environments that `make test`, `make docs` and `make demo` use:
#   .venv         Python 3.11, ansible-core 2.19 plus every test tool, the docs tools and the emulator
#   .venv-oldest  Python 3.10, the oldest supported ansible-core (2.16), for sanity and the end-to-end check
#   .venv-newest  Python 3.13 (or 3.12), the newest ansible-core, for a second sanity run
# An environment is rebuilt only when its requirements changed (a stamp file records their hash).
# Usage: scripts/venv.sh [dev|oldest|newest|all]   (default: all)
set -euo pipefail
. "$(dirname "$0")/common.sh"

first_python() {
    local candidate
    for candidate in "$@"; do
        if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import venv, ensurepip' >/dev/null 2>&1; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

# pip as configured on these machines warns about every local index folder that does not exist; drop
# that noise, keep everything else (and pip's exit status, through pipefail).
pip_install() {
    local python=$1
    shift
    "$python" -m pip install --quiet "$@" 2>&1 | { grep -v "^WARNING: Location 'file:.*' is ignored" || true; }
}

version_of() { "$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null; }

# ensure_venv DIR PYTHON REQUIREMENTS_FILE [pip install arguments...]
ensure_venv() {
    local dir=$1 python=$2 requirements=$3
    shift 3
    local stamp
    # The stamp covers the interpreter, every requirements file involved and this script.
    stamp=$(
        {
            "$python" -c 'import sys; print(sys.version)'
            cat "$requirements" "$ROOT/requirements.txt" "$0"
            [ ! -f "$ROOT/tests/emulator/pyproject.toml" ] || cat "$ROOT/tests/emulator/pyproject.toml"
            printf '%s\n' "$@"
        } | sha256sum | cut -d' ' -f1
    )
    if [ -x "$dir/bin/python" ] && [ "$(cat "$dir/.requirements-stamp" 2>/dev/null)" = "$stamp" ]; then
        log "$(basename "$dir") is up to date"
        return 0
    fi
    log "Installing ${requirements#"$ROOT"/} into $(basename "$dir") ($("$python" --version 2>&1))"
    # Keep an existing environment of the same Python (installing into it is faster and does not pull
    # the floor from under a shell that uses it); recreate it when the interpreter differs.
    if ! [ -x "$dir/bin/python" ] || [ "$(version_of "$dir/bin/python")" != "$(version_of "$python")" ]; then
        rm -rf "$dir"
        "$python" -m venv "$dir"
    fi
    pip_install "$dir/bin/python" --upgrade pip
    pip_install "$dir/bin/python" -r "$requirements" "$@"
    echo "$stamp" > "$dir/.requirements-stamp"
}

dev() {
    local python extra=()
    python=$(first_python python3.11) || die "Python 3.11 not found (expected pyenv's python3.11 on PATH)"
    # The bundled emulator (tests/emulator) is its own package; install it editable so the demo
    # and the tests always run the checked-out code.
    if [ -f "$ROOT/tests/emulator/pyproject.toml" ] || [ -f "$ROOT/tests/emulator/setup.py" ]; then
        extra=(-e "$ROOT/tests/emulator")
    else
        log "tests/emulator is not a Python package yet; skipping the emulator install"
    fi
    ensure_venv "$VENV" "$python" "$ROOT/scripts/requirements/dev.txt" "${extra[@]}"
}

oldest() {
    local python
    # ansible-core 2.16 runs its controller on Python 3.10-3.12; the oldest of them also checks that the
    # controller-side plugins (inventory, look-ups) do not use anything newer.
    python=$(first_python python3.10) || die "Python 3.10 not found (expected pyenv's python3.10 on PATH)"
    ensure_venv "$VENV_OLDEST" "$python" "$ROOT/scripts/requirements/oldest.txt"
}

newest() {
    local python
    python=$(first_python python3.13 python3.12) \
        || die "Python 3.12 or 3.13 not found (with pyenv, list them in PYENV_VERSION, e.g. 3.11.7:3.12.1:3.13.0)"
    ensure_venv "$VENV_NEWEST" "$python" "$ROOT/scripts/requirements/newest.txt"
}

case "${1:-all}" in
    dev) dev ;;
    oldest) oldest ;;
    newest) newest ;;
    all) dev; oldest; newest ;;
    *) die "usage: $0 [dev|oldest|newest|all]" ;;
esac
