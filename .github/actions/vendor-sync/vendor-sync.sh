#!/usr/bin/env bash
# Vendor sync: re-import a vendor's API from its source, with the overlay,
# regenerate, and write what a pull request needs: its body (the semantic
# diff and the import summary), its label (the semver class) and whether
# anything changed. Two sources (SOURCE):
#   openapi  the vendor's OpenAPI files at the newest commit of its git
#            repository, kept in this repository (VENDORED_DIR)
#   pages    the vendor's reference pages, fetched by `apigen fetch pages`
#            into PAGES_DIR (conditional requests: only changed pages are
#            downloaded, and the PR body lists them) and imported by
#            `apigen import pages` with a page profile; the pages are the
#            vendor's text: keep PAGES_DIR out of the repository (a cache)
# Then both: nothing changed, no PR; else `apigen diff --git HEAD SPEC_DIR`,
# its semver class, the label and the PR body. Run from the root of the
# repository holding the specs; the composite action beside it (action.yml)
# runs it on a schedule and opens the pull request. Tested by
# codegen/tests/vendor_sync.rs against a local vendor repository and a
# local documentation site.
#
# Settings (environment):
#   SOURCE         openapi or pages                                     default: openapi
#  openapi:
#   VENDOR_REPO    the vendor's git repository (URL or path)            required
#   VENDOR_REF     branch, tag or commit to import                      default: the default branch's head
#   VENDOR_FILES   the files to import, globs relative to its root,     required (e.g. 'apps/*.json')
#                  separated by spaces: each is a group of the API
#   VENDOR_REFS    files the others refer to, globs as above: kept,     optional (e.g. 'common/*.json')
#                  not imported as groups
#   VENDORED_DIR   where the files are kept in this repository, at      required
#                  their paths in the vendor's (apps/x.json stays
#                  apps/x.json, so relative refs keep resolving); its
#                  JSON and YAML files are the vendor's: a file the
#                  vendor removed goes too
#  pages (which pages: FETCH_CONFIG, MENU or URLS_FILE, at least one):
#   FETCH_CONFIG   an `apigen fetch pages --config` file (menu, link_prefix, ...)
#   MENU           the site's menu page (URL)
#   LINK_PREFIX    the menu's links to fetch: those starting with it     optional
#   LINK_PATTERN   ... and matching this regular expression             optional
#   URLS_FILE      a file listing the pages, one URL a line
#   FETCH_DELAY    seconds between two requests                         default: fetch's (1)
#   PAGES_DIR      the folder of pages and its manifest, kept between   required
#                  runs (a cache) so that requests are conditional
#   PROFILE        the page profile                                     required
#  both:
#   API            the API's module name                                required
#   SPEC_OUT       the API's spec directory (spec/NAME); pages: also    required
#                  one file (spec/NAME.yaml)
#   OVERLAY        the overlay applied on every import                  optional
#   REPORT         the import report to write                           optional
#   GENERATE_DIR   also write the Rust sources there (checked-in        optional
#                  generated code; a build script needs none)
#   SPEC_DIR       the specs' root, compared by `apigen diff`           default: spec
#   APIGEN         how to run the CLI                                   default: cargo run --quiet -p apigen-codegen --
#   OUT_DIR        where pr-body.md, label, changed, vendor-commit go   default: target/vendor-sync
#                  (pages: vendor-commit is a digest of the pages, and
#                  fetch.txt the fetch's report)
# An overlay action that no longer matches the imported spec fails the
# import, and this script with it (exit 1), naming the action's line.
set -euo pipefail

need() { [ -n "${!1:-}" ] || { echo "vendor-sync: $1 is not set" >&2; exit 2; }; }
SOURCE="${SOURCE:-openapi}"
case "$SOURCE" in
    openapi) for v in VENDOR_REPO VENDOR_FILES VENDORED_DIR API SPEC_OUT; do need "$v"; done ;;
    pages)
        for v in PAGES_DIR PROFILE API SPEC_OUT; do need "$v"; done
        if [ -z "${FETCH_CONFIG:-}${MENU:-}${URLS_FILE:-}" ]; then
            echo "vendor-sync: SOURCE=pages needs FETCH_CONFIG, MENU or URLS_FILE" >&2
            exit 2
        fi
        ;;
    *) echo "vendor-sync: SOURCE is openapi or pages, not '$SOURCE'" >&2; exit 2 ;;
esac
SPEC_DIR="${SPEC_DIR:-spec}"
OUT_DIR="${OUT_DIR:-target/vendor-sync}"
read -r -a APIGEN_CMD <<< "${APIGEN:-cargo run --quiet -p apigen-codegen --}"
mkdir -p "$OUT_DIR"
OUT_DIR="$(cd "$OUT_DIR" && pwd)"
rm -f "$OUT_DIR/label" "$OUT_DIR/pr-body.md" "$OUT_DIR/diff.md" "$OUT_DIR/fetch.txt"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Set by the source's steps: what was imported (for the PR body), the paths
# whose change is the vendor's change, and the import's command.
origin=""
watched=( "$SPEC_DIR" )
args=()

# OpenAPI, 1-2: the vendor's files at the wanted commit, kept in this
# repository as the vendor has them, at the same paths (removed files go
# too); 3: the import's arguments.
openapi_source() {
    # (Set by the caller, checked by `need` above.)
    # shellcheck disable=SC2153
    git clone --quiet "$VENDOR_REPO" "$work/vendor"
    if [ -n "${VENDOR_REF:-}" ]; then
        git -C "$work/vendor" checkout --quiet "$VENDOR_REF"
    fi
    commit="$(git -C "$work/vendor" rev-parse HEAD)"
    shopt -s nullglob
    local groups referred file
    mapfile -t groups < <(matching "$VENDOR_FILES")
    mapfile -t referred < <(matching "${VENDOR_REFS:-}")
    if [ ${#groups[@]} -eq 0 ]; then
        echo "vendor-sync: no file of $VENDOR_REPO at $commit matches '$VENDOR_FILES'" >&2
        exit 1
    fi
    mkdir -p "$VENDORED_DIR"
    find "$VENDORED_DIR" -type f \( -name '*.json' -o -name '*.yaml' -o -name '*.yml' \) -delete
    for file in "${groups[@]}" "${referred[@]}"; do
        mkdir -p "$VENDORED_DIR/$(dirname "$file")"
        cp "$work/vendor/$file" "$VENDORED_DIR/$file"
    done
    origin="$VENDOR_REPO at \`$commit\`"
    watched+=( "$VENDORED_DIR" )
    args=( import openapi )
    for file in "${groups[@]}"; do args+=( "$VENDORED_DIR/$file" ); done
    args+=( --api "$API" --out "$SPEC_OUT" )
    [ -n "${GENERATE_DIR:-}" ] && args+=( --generate "$GENERATE_DIR" )
    return 0
}

# The vendor's files matching the globs of $1, relative to its root.
matching() {
    local globs glob file
    read -r -a globs <<< "$1"
    for glob in "${globs[@]}"; do
        # The glob is the caller's: expanded on purpose.
        # shellcheck disable=SC2086
        for file in "$work/vendor"/$glob; do
            if [ -f "$file" ]; then echo "${file#"$work/vendor/"}"; fi
        done
    done | LC_ALL=C sort -u
}

# Pages, 1-2: the site's pages fetched into PAGES_DIR (conditional requests
# against its manifest: only changed pages download; the report names them);
# 3: the import's arguments. The pages stay out of the repository: only the
# specs (and generated sources) are watched.
pages_source() {
    local fetch=( fetch pages --out "$PAGES_DIR" )
    [ -n "${FETCH_CONFIG:-}" ] && fetch+=( --config "$FETCH_CONFIG" )
    [ -n "${MENU:-}" ] && fetch+=( --menu "$MENU" )
    [ -n "${LINK_PREFIX:-}" ] && fetch+=( --link-prefix "$LINK_PREFIX" )
    [ -n "${LINK_PATTERN:-}" ] && fetch+=( --link-pattern "$LINK_PATTERN" )
    [ -n "${URLS_FILE:-}" ] && fetch+=( --urls "$URLS_FILE" )
    [ -n "${FETCH_DELAY:-}" ] && fetch+=( --delay "$FETCH_DELAY" )
    if ! "${APIGEN_CMD[@]}" "${fetch[@]}" > "$OUT_DIR/fetch.txt" 2> "$OUT_DIR/fetch.log"; then
        cat "$OUT_DIR/fetch.log" "$OUT_DIR/fetch.txt" >&2
        echo "vendor-sync: fetching the pages of $API failed" >&2
        exit 1
    fi
    cat "$OUT_DIR/fetch.txt"
    # The pages' digest stands for the vendor's commit (the same pages, the
    # same digest: the same pull request branch).
    commit="$(cd "$PAGES_DIR" && find . -type f ! -name .apigen-fetch.json -print0 \
        | LC_ALL=C sort -z | xargs -0 -r sha256sum | sha256sum | cut -c1-40)"
    origin="the pages of ${MENU:-${URLS_FILE:-$FETCH_CONFIG}} (digest \`$commit\`)"
    args=( import pages "$PAGES_DIR" --profile "$PROFILE" --api "$API" --out "$SPEC_OUT" )
}

"${SOURCE}_source"
echo "$commit" > "$OUT_DIR/vendor-commit"

# 3. The import, with the overlay; its summary goes into the PR body.
[ -n "${OVERLAY:-}" ] && args+=( --overlay "$OVERLAY" )
[ -n "${REPORT:-}" ] && args+=( --report "$REPORT" )
if ! "${APIGEN_CMD[@]}" "${args[@]}" 2> "$OUT_DIR/import.log"; then
    cat "$OUT_DIR/import.log" >&2
    echo "vendor-sync: the import of $origin failed (an overlay action that stopped matching names its line above)" >&2
    exit 1
fi
# `import pages` has no --generate: the same generation, from the specs the
# import wrote (SPEC_OUT's parent holds them).
if [ "$SOURCE" = pages ] && [ -n "${GENERATE_DIR:-}" ]; then
    "${APIGEN_CMD[@]}" generate --spec "$(dirname "$SPEC_OUT")" --out "$GENERATE_DIR" --no-cache >> "$OUT_DIR/import.log" 2>&1 \
        || { cat "$OUT_DIR/import.log" >&2; exit 1; }
fi

# 4. Nothing changed: no pull request.
[ -n "${GENERATE_DIR:-}" ] && watched+=( "$GENERATE_DIR" )
if [ -z "$(git status --porcelain -- "${watched[@]}")" ]; then
    echo false > "$OUT_DIR/changed"
    echo "vendor-sync: $API is up to date with $origin"
    exit 0
fi
echo true > "$OUT_DIR/changed"

# 5. The semantic diff against the last commit, and its class (the first
# import, with no specs in the last commit: every operation is new).
if git cat-file -e "HEAD:$SPEC_DIR" 2>/dev/null; then
    "${APIGEN_CMD[@]}" diff --git HEAD "$SPEC_DIR" > "$OUT_DIR/diff.md"
    class=none
    for c in docs-only additive breaking; do
        if ! "${APIGEN_CMD[@]}" diff --git HEAD "$SPEC_DIR" --fail-on "$c" > /dev/null 2>&1; then
            class="$c"
        fi
    done
else
    echo "The first import of \`$API\`: every operation is new." > "$OUT_DIR/diff.md"
    class=additive
fi
case "$class" in
    breaking) label=semver-major ;;
    additive) label=semver-minor ;;
    *) label=semver-patch ;;
esac
echo "$label" > "$OUT_DIR/label"

{
    echo "Re-import of \`$API\` from $origin."
    echo
    echo "Semver class of the change for the generated crate: **$class** (\`$label\`)."
    echo
    echo "## What changed for consumers"
    echo
    cat "$OUT_DIR/diff.md"
    echo
    if [ -f "$OUT_DIR/fetch.txt" ]; then
        echo "## Pages fetched (new and changed; the rest answered 304 or were unchanged)"
        echo
        echo '```'
        cat "$OUT_DIR/fetch.txt"
        echo '```'
        echo
    fi
    echo "## Import summary"
    echo
    echo '```'
    grep -v '^wrote ' "$OUT_DIR/import.log" || true
    echo '```'
} > "$OUT_DIR/pr-body.md"
echo "vendor-sync: $API changed ($class); pull request body in $OUT_DIR/pr-body.md"
