# shellcheck shell=bash
# Shared settings and helpers for the scripts in this folder. Sourced, never run.
# shellcheck disable=SC2034  # the variables are used by the scripts that source this file

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Read-only reference material lives beside the checkout (see docs/dev/contracts.md).
SHARED=${IEC_SHARED_DIR:-$(cd "$ROOT/.." && pwd)/shared}
# ansible-test only works on a tree whose path ends in ansible_collections/<namespace>/<name>.
BUILD_ROOT=$ROOT/build
COLLECTION_DIR=$BUILD_ROOT/ansible_collections/huaweicloud/iec
VENV=$ROOT/.venv
VENV_OLDEST=$ROOT/.venv-oldest
VENV_NEWEST=$ROOT/.venv-newest

# The tests use Python 3.11 (.venv), 3.13 or 3.12 (.venv-newest), and 3.8-3.13 for sanity's compile and
# import tests of module code (which must run on 3.8+). pyenv's shims only resolve versions listed in
# PYENV_VERSION, and ansible-test drops that variable from its commands' environment, so link the real
# interpreters, by their versioned names only, into one folder at the front of PATH.
PYTHON_LINKS=$ROOT/build/python-bin
if command -v pyenv >/dev/null 2>&1; then
    mkdir -p "$PYTHON_LINKS"
    for _version in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.(8|9|10|11|12|13)\.[0-9]+$'); do
        _prefix=$(pyenv prefix "$_version")
        ln -sfn "$_prefix/bin/python${_version%.*}" "$PYTHON_LINKS/python${_version%.*}"
    done
    unset _version _prefix
    PATH=$PYTHON_LINKS:$PATH
    export PATH
fi

log() { printf '\n==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# ansible-test bootstraps pip in its virtual environments with a script it downloads from a host that
# CI cannot reach; ../shared/ci/ansible-test-offline-get-pip.py stands in for it (CI has it), and
# scripts/offline_get_pip.py, the collection's own equivalent, where a clone has no ../shared. Copy it to
# the cache file name that the given environment's ansible-test asks for (it names the pip version it wants).
install_get_pip() {
    local python=$1 source="$SHARED/ci/ansible-test-offline-get-pip.py" version
    [ -f "$source" ] || source=$ROOT/scripts/offline_get_pip.py
    mkdir -p "$HOME/.ansible/test/cache"
    for version in $("$python" - <<'PY'
from types import SimpleNamespace
from ansible_test._internal.python_requirements import get_venv_packages
versions = ("3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14")
print(" ".join(sorted({get_venv_packages(SimpleNamespace(version=v))["pip"] for v in versions})))
PY
    ); do
        cp "$source" "$HOME/.ansible/test/cache/get_pip_${version//./_}.py"
    done
}

# emulator_url LOG PID: wait until the iec-emulator started in the background (pid PID, output in LOG) prints
# its address on the first line, and echo it; fail with its log if it exits or says nothing within 30 s.
emulator_url() {
    local url="" _
    for _ in $(seq 1 300); do
        url=$(sed -n '1s|^iec-emulator listening on \(https\{0,1\}://[^ ]*\).*$|\1|p' "$1")
        [ -z "$url" ] || { echo "$url"; return 0; }
        kill -0 "$2" 2>/dev/null || { cat "$1" >&2; die "iec-emulator exited before listening"; }
        sleep 0.1
    done
    cat "$1" >&2
    die "iec-emulator did not report its address within 30 s"
}
