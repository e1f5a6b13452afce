#!/usr/bin/env bash
# `make docs`: the collection's HTML documentation in build/docs/html (open build/docs/html/index.html).
#   1. antsibull-docs writes a page for every module, plugin and role of the build tree's collection
#      (the roles from meta/argument_specs.yml) into build/docs/src, failing on any documentation error;
#   2. the Markdown guides - README.md, docs/ (with docs/dev/), the roles' READMEs and the emulator's -
#      are copied beside them as they lie in the repository (they stay the source of truth), with
#      scripts/docs/index.rst and scripts/docs/conf.py;
#   3. Sphinx builds the site offline with -W (every warning fails) and -n (nitpicky: every reference must
#      resolve), so a broken link between guides, to a heading, to a plugin or to a missing file fails.
#      Links to repository files that are not pages become links to them in the repository
#      (scripts/docs/repo_links.py).
#   A self-test first proves that the link check fails on broken links (scripts/docs/selftest).
# Usage: scripts/docs.sh   (uses .venv; scripts/venv.sh dev installs antsibull-docs, Sphinx, myst-parser)
set -euo pipefail
. "$(dirname "$0")/common.sh"

DOCS=$BUILD_ROOT/docs
SRC=$DOCS/src
OUT=$DOCS/html
[ -x "$VENV/bin/sphinx-build" ] || die "sphinx-build is not in .venv (run: bash scripts/venv.sh dev)"
[ -d "$COLLECTION_DIR" ] || bash "$ROOT/scripts/build.sh"

repository=$(sed -n 's/^repository: *//p' "$ROOT/galaxy.yml")
export IEC_DOCS_REPO_ROOT=$ROOT IEC_DOCS_REPO_URL=$repository

# sphinx_build SOURCE OUTPUT: offline, every warning an error (-W), every reference checked (-n), no colours
# (-N: Sphinx colours its warnings when CI is set, and the self-test reads them as text).
sphinx_build() {
    "$VENV/bin/sphinx-build" -b html -N -W --keep-going -n -q -j 1 -c "$ROOT/scripts/docs" -d "$2.doctrees" "$1" "$2"
}

# The link check must be able to fail: a fixture with known broken links (scripts/docs/selftest) must
# fail with exactly the warnings it expects, and its good links must build.
log "Self-test of the link check (scripts/docs/selftest)"
rm -rf "$DOCS/selftest" "$DOCS/selftest.doctrees"
mkdir -p "$DOCS"
if sphinx_build "$ROOT/scripts/docs/selftest" "$DOCS/selftest" 2>"$DOCS/selftest.log"; then
    die "the self-test site built although it holds broken links: the link check does not work"
fi
sed -n "s|^$ROOT/scripts/docs/selftest/\(.*WARNING: .*\) \[myst.xref_missing\]\$|\1|p" "$DOCS/selftest.log" | sort >"$DOCS/selftest.found"
if ! sort "$ROOT/scripts/docs/selftest/expected-warnings.txt" | diff - "$DOCS/selftest.found" >&2; then
    cat "$DOCS/selftest.log" >&2
    die "the self-test site's warnings differ from scripts/docs/selftest/expected-warnings.txt (diff above: < expected, > found)"
fi
grep -q 'href="https://github.com/[^"]*/blob/main/examples/edge.yml"' "$DOCS/selftest/README.html" \
    || die "the self-test's link to examples/edge.yml did not become a link to the repository"

rm -rf "$SRC" "$OUT" "$OUT.doctrees"
# antsibull-docs wants its destination readable by its owner only.
mkdir -p "$SRC"
chmod 700 "$SRC"

log "antsibull-docs: the pages of every module, plugin and role"
PATH=$VENV/bin:$PATH ANSIBLE_COLLECTIONS_PATH=$BUILD_ROOT "$VENV/bin/antsibull-docs" \
    --config-file "$ROOT/scripts/docs/antsibull-docs.cfg" \
    collection --use-current --fail-on-error --dest-dir "$SRC" huaweicloud.iec

log "The guides"
cd "$ROOT"
git ls-files --cached --others --exclude-standard -- README.md 'docs/*.md' 'roles/*/README.md' 'tests/emulator/*.md' \
    | while IFS= read -r guide; do
        [ -f "$guide" ] || continue
        mkdir -p "$SRC/$(dirname "$guide")"
        cp "$guide" "$SRC/$guide"
        echo "$guide"
    done
cp "$ROOT/scripts/docs/index.rst" "$SRC/index.rst"

log "Sphinx: build/docs/html"
sphinx_build "$SRC" "$OUT"
echo "Documentation: ${OUT#"$ROOT"/}/index.html ($(find "$OUT" -name '*.html' | wc -l) pages)"
