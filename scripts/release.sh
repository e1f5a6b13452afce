#!/usr/bin/env bash
# `make release`: turn changelogs/fragments/ into the release of galaxy.yml's version, in
# changelogs/changelog.yaml and CHANGELOG.rst (antsibull-changelog release). Run it again after more
# fragments landed: they are added to the same release (the fragments are removed once released, so nothing
# is listed twice). Commit changelogs/ and CHANGELOG.rst afterwards.
# Usage: scripts/release.sh [VERSION]     (default: the version in galaxy.yml)
set -euo pipefail
. "$(dirname "$0")/common.sh"

bash "$ROOT/scripts/venv.sh" dev
cd "$ROOT"
version=${1:-$(sed -n 's/^version: *//p' galaxy.yml)}
[ -n "$version" ] || die "no version in galaxy.yml"
"$VENV/bin/antsibull-changelog" lint
# Plugins are found through ansible-doc in the build tree, the layout ansible-doc expects.
bash "$ROOT/scripts/build.sh"
PATH=$VENV/bin:$PATH ANSIBLE_COLLECTIONS_PATH=$BUILD_ROOT "$VENV/bin/antsibull-changelog" release \
    --version "$version" --update-existing --reload-plugins
"$VENV/bin/antsibull-changelog" lint-changelog-yaml changelogs/changelog.yaml
log "Released $version: changelogs/changelog.yaml and CHANGELOG.rst ($(grep -c '^- ' CHANGELOG.rst) entries)"
