#!/usr/bin/env bash
# Copy the collection into build/ansible_collections/huaweicloud/iec (or the folder given), the path
# ansible-test expects. The copy holds what git tracks plus new files git does not ignore, so virtual
# environments, caches, build and test output, demo state and credentials never get in.
# Usage: scripts/build.sh [DESTINATION]
set -euo pipefail
. "$(dirname "$0")/common.sh"
COLLECTION_DIR=${1:-$COLLECTION_DIR}

cd "$ROOT"
command -v git >/dev/null 2>&1 || die "git is needed to list the collection's files"
git rev-parse --is-inside-work-tree >/dev/null 2>&1 || die "$ROOT is not a git checkout"

rm -rf "$COLLECTION_DIR"
mkdir -p "$COLLECTION_DIR"
# -z keeps odd file names intact; files deleted in the work tree but still tracked are skipped.
git ls-files -z --cached --others --exclude-standard \
    | while IFS= read -r -d '' path; do [ -f "$path" ] && printf '%s\0' "$path"; done \
    | tar --null --files-from=- --create --file=- \
    | tar --extract --file=- --directory="$COLLECTION_DIR"
# A git repository of its own: otherwise ansible-test and ansible-lint, which list files with git, would
# find the checkout around build/ (which ignores build/) and see no files at all.
git -C "$COLLECTION_DIR" init --quiet
git -C "$COLLECTION_DIR" add --all
log "Collection tree ready: ${COLLECTION_DIR#"$ROOT"/} ($(find "$COLLECTION_DIR" -type f | wc -l) files)"
