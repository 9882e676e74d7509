#!/usr/bin/env bash
# Vendor sync: re-import a vendor's OpenAPI files at the newest commit of the
# vendor's repository, with the overlay, regenerate, and write what a pull
# request needs: its body (the semantic diff and the import summary), its
# label (the semver class) and whether anything changed. Run from the root of
# the repository holding the specs; the composite action beside it
# (action.yml) runs it on a schedule and opens the pull request. Tested by
# codegen/tests/vendor_sync.rs against a local vendor repository.
#
# Settings (environment):
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
#   API            the API's module name                                required
#   SPEC_OUT       the API's spec directory (spec/NAME)                 required
#   OVERLAY        the overlay applied on every import                  optional
#   REPORT         the import report to write                           optional
#   GENERATE_DIR   also write the Rust sources there (checked-in        optional
#                  generated code; a build script needs none)
#   SPEC_DIR       the specs' root, compared by `apigen diff`           default: spec
#   APIGEN         how to run the CLI                                   default: cargo run --quiet -p apigen-codegen --
#   OUT_DIR        where pr-body.md, label, changed, vendor-commit go   default: target/vendor-sync
# An overlay action that no longer matches the imported spec fails the
# import, and this script with it (exit 1), naming the action's line.
set -euo pipefail

need() { [ -n "${!1:-}" ] || { echo "vendor-sync: $1 is not set" >&2; exit 2; }; }
for v in VENDOR_REPO VENDOR_FILES VENDORED_DIR API SPEC_OUT; do need "$v"; done
SPEC_DIR="${SPEC_DIR:-spec}"
OUT_DIR="${OUT_DIR:-target/vendor-sync}"
read -r -a APIGEN_CMD <<< "${APIGEN:-cargo run --quiet -p apigen-codegen --}"
mkdir -p "$OUT_DIR"
OUT_DIR="$(cd "$OUT_DIR" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# 1. The vendor's files at the wanted commit.
# (Set by the caller, checked by `need` above.)
# shellcheck disable=SC2153
git clone --quiet "$VENDOR_REPO" "$work/vendor"
if [ -n "${VENDOR_REF:-}" ]; then
    git -C "$work/vendor" checkout --quiet "$VENDOR_REF"
fi
commit="$(git -C "$work/vendor" rev-parse HEAD)"
echo "$commit" > "$OUT_DIR/vendor-commit"
shopt -s nullglob
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
mapfile -t groups < <(matching "$VENDOR_FILES")
mapfile -t referred < <(matching "${VENDOR_REFS:-}")
if [ ${#groups[@]} -eq 0 ]; then
    echo "vendor-sync: no file of $VENDOR_REPO at $commit matches '$VENDOR_FILES'" >&2
    exit 1
fi

# 2. Kept in this repository as the vendor has them, at the same paths
# (removed files go too).
mkdir -p "$VENDORED_DIR"
find "$VENDORED_DIR" -type f \( -name '*.json' -o -name '*.yaml' -o -name '*.yml' \) -delete
for file in "${groups[@]}" "${referred[@]}"; do
    mkdir -p "$VENDORED_DIR/$(dirname "$file")"
    cp "$work/vendor/$file" "$VENDORED_DIR/$file"
done

# 3. The import, with the overlay; its summary goes into the PR body.
args=( import openapi )
for file in "${groups[@]}"; do args+=( "$VENDORED_DIR/$file" ); done
args+=( --api "$API" --out "$SPEC_OUT" )
[ -n "${OVERLAY:-}" ] && args+=( --overlay "$OVERLAY" )
[ -n "${REPORT:-}" ] && args+=( --report "$REPORT" )
[ -n "${GENERATE_DIR:-}" ] && args+=( --generate "$GENERATE_DIR" )
if ! "${APIGEN_CMD[@]}" "${args[@]}" 2> "$OUT_DIR/import.log"; then
    cat "$OUT_DIR/import.log" >&2
    echo "vendor-sync: the import of $VENDOR_REPO at $commit failed (an overlay action that stopped matching names its line above)" >&2
    exit 1
fi

# 4. Nothing changed: no pull request.
watched=( "$VENDORED_DIR" "$SPEC_DIR" )
[ -n "${GENERATE_DIR:-}" ] && watched+=( "$GENERATE_DIR" )
if [ -z "$(git status --porcelain -- "${watched[@]}")" ]; then
    echo false > "$OUT_DIR/changed"
    echo "vendor-sync: $API is up to date with $commit"
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
    echo "Re-import of \`$API\` from $VENDOR_REPO at \`$commit\`."
    echo
    echo "Semver class of the change for the generated crate: **$class** (\`$label\`)."
    echo
    echo "## What changed for consumers"
    echo
    cat "$OUT_DIR/diff.md"
    echo
    echo "## Import summary"
    echo
    echo '```'
    grep -v '^wrote ' "$OUT_DIR/import.log" || true
    echo '```'
} > "$OUT_DIR/pr-body.md"
echo "vendor-sync: $API changed ($class); pull request body in $OUT_DIR/pr-body.md"
