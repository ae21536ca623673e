#!/usr/bin/env bash
# Vendor the browser assets of the web app from the npm registry (no CDN, ever).
#
# Usage:
#   scripts/vendor-assets.sh          rewrite src/veiligheidsbeeld/core/static/vendor/ and its THIRD-PARTY.md
#   scripts/vendor-assets.sh --check  exit 1 when the committed files differ from what the pins produce
#
# Every package is pinned by exact version and by the sha512 integrity of its tarball
# (`npm view NAME@VERSION dist.integrity`), fetched with `npm pack` (no install scripts run),
# and only the listed files are copied, with the package's licence file.
# To upgrade: change version and integrity below, run the script, test, commit the result.
# See docs/adr/0003-vendored-frontend-assets.md.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
vendor_dir="$repo_root/src/veiligheidsbeeld/core/static/vendor"
max_bytes=$((3 * 1024 * 1024))

# Columns: npm spec | tarball integrity | target folder | files and folders to copy (paths in the tarball)
# | third-party code bundled inside the copied files (for THIRD-PARTY.md).
packages=(
  "leaflet@1.9.4|sha512-nxS1ynzJOmOlHp+iL3FyWqK89GtNL8U8rvlMOsQdTTssxZwCXh8N2NB3GDQOL+YR3XnWyZAxwQixURb+FA74PA==|leaflet|dist/leaflet.js dist/leaflet.js.map dist/leaflet.css dist/images LICENSE|none"
  "htmx.org@2.0.11|sha512-Thx/WtpeOQqSrqBCw/A1cwGJGg4UrVa3+sW0GmrM3p4gJgO89ecH4qtbnyzDDWFvBTqjnIMCgELTNt636dtamA==|htmx|dist/htmx.min.js LICENSE|none"
  "vega@6.4.0|sha512-rHXCq2LpEWCLMjXBEj7hocY9G0/i5TGYRayGGSj06VTF4+l2IG2Z7oeZKCjWbUh/7hTE/mVhbaOPB72wCElh6g==|vega|build/vega.min.js LICENSE|vega-* modules (BSD-3-Clause), d3-* modules (ISC; d3-ease BSD-3-Clause), delaunator, internmap, topojson-client (ISC), robust-predicates (Unlicense)"
  "vega-lite@6.5.0|sha512-fMXF6s0MrIg0UTWnLIfeFtgSLzVhyzSKobzGrh5rhS+mL6FOYFG3m7ouJ4U23gj65EK+gl9FIIT5w7wLNaAzkA==|vega-lite|build/vega-lite.min.js build/vega-lite.min.js.map LICENSE|vega-event-selector, vega-expression, vega-util (BSD-3-Clause), json-stringify-pretty-compact (MIT)"
  "vega-embed@7.3.0|sha512-wQ8s5GaSzqoKgmRfbRolgBrjE2CP7ZKHXqH7NijxMqPjpdWxSs4Dn8tvp9g0giQvh2cK+3p56sxjWWM0wNngGw==|vega-embed|build/vega-embed.min.js build/vega-embed.min.js.map LICENSE|vega-interpreter, vega-tooltip, vega-themes, vega-schema-url-parser (BSD-3-Clause), fast-json-patch, json-stringify-pretty-compact (MIT), semver (ISC), tslib (0BSD)"
  "@utrecht/component-library-css@9.0.4|sha512-gVA7D6GfP9/+fzehkYLSBR+0UPUTA97PZmgvTYQE88lPQhHGMlUk8FjmCpLKRsRC9hAYd32JuF/KzG6fmBfjJA==|utrecht-component-library-css|dist/index.css LICENSE.md|none"
  "cytoscape@3.34.4|sha512-msY99tMY8iWTg+sIPGfSqDcPNOt4xcj+v/K/7qUFaCUxxlqnMkUYLBjRUzn9W5CU/R2hrmtJa5+UtovrEM2ctg==|cytoscape|dist/cytoscape.min.js LICENSE|none"
  "@nl-design-system-unstable/voorbeeld-design-tokens@7.4.1|sha512-GNnapAn2mTIzXRcCvs0JMr4Bf9+ivUJ3zFBJLRT1SYpAYm2xPwptVxIM3k4WLJ0c59E9FfxsEBPJluGuAHUVvg==|voorbeeld-design-tokens|dist/theme.css LICENSE.md|none"
  "swagger-ui-dist@5.36.0|sha512-Lt6/Kb0gXmLdiabLhvso4VdJP9V7qJWB0zh0gzeXUV3+CMOTzMmvpJRSXN7EAjfwixwmoi9ezDbLHiexC7lA9A==|swagger-ui|swagger-ui-bundle.js swagger-ui.css LICENSE NOTICE|react, react-dom, immutable, redux, js-yaml, highlight.js, dompurify and others (MIT, BSD, Apache-2.0; see the package's NOTICE)"
)

die() {
    echo "vendor-assets.sh: $*" >&2
    exit 1
}

command -v npm >/dev/null || die "npm not found on PATH"
command -v node >/dev/null || die "node not found on PATH"

mode="write"
case "${1:-}" in
    "") ;;
    --check) mode="check" ;;
    *) die "unknown argument '$1' (expected no argument or --check)" ;;
esac

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
out="$work/vendor"
mkdir -p "$out"

# Writes one row of the THIRD-PARTY.md table per package (appended by vendor_package).
rows="$work/rows.md"
: >"$rows"

vendor_package() {
    local spec="$1" integrity="$2" target="$3" files="$4" bundled="$5"
    local pack_dir="$work/pack/$target"
    mkdir -p "$pack_dir" "$out/$target"

    local tarball
    tarball="$(cd "$pack_dir" && npm pack --silent "$spec")" || die "npm pack $spec failed"
    local actual
    actual="$(node -e '
        const crypto = require("crypto"), fs = require("fs");
        process.stdout.write("sha512-" + crypto.createHash("sha512").update(fs.readFileSync(process.argv[1])).digest("base64"));
    ' "$pack_dir/$tarball")"
    [[ "$actual" == "$integrity" ]] || die "$spec: tarball integrity $actual does not match the pinned $integrity"

    tar -xzf "$pack_dir/$tarball" -C "$pack_dir"
    local file
    for file in $files; do
        [[ -e "$pack_dir/package/$file" ]] || die "$spec: file '$file' is not in the package"
        cp -R "$pack_dir/package/$file" "$out/$target/"
    done

    local name version license
    name="$(node -p 'require(process.argv[1]).name' "$pack_dir/package/package.json")"
    version="$(node -p 'require(process.argv[1]).version' "$pack_dir/package/package.json")"
    license="$(node -p 'require(process.argv[1]).license' "$pack_dir/package/package.json")"
    local copied
    copied="$(cd "$out/$target" && find . -type f | sed 's|^\./||' | LC_ALL=C sort | paste -sd ',' - | sed 's/,/, /g')"
    printf '| `%s` | %s | %s | `vendor/%s/`: %s | %s |\n' \
        "$name" "$version" "$license" "$target" "$copied" "$bundled" >>"$rows"
}

for entry in "${packages[@]}"; do
    IFS='|' read -r spec integrity target files bundled <<<"$entry"
    vendor_package "$spec" "$integrity" "$target" "$files" "$bundled"
done

# No single vendored file may exceed 3 MB (keeps the repository and page weight in check).
while IFS= read -r -d '' file; do
    size="$(stat -c %s "$file")"
    ((size <= max_bytes)) || die "${file#"$out"/} is $size bytes, over the 3 MB limit"
done < <(find "$out" -type f -print0)

cat >"$out/THIRD-PARTY.md" <<EOF
# Third-party browser assets

Generated by \`scripts/vendor-assets.sh\`; do not edit by hand. Each package was fetched from the npm registry
with \`npm pack\` at the exact version below and checked against the sha512 integrity pinned in the script.
Only the listed files were copied; each folder holds the package's own licence file.
Why these packages, and why vendored: \`docs/adr/0003-vendored-frontend-assets.md\`.

| package | version | licence | files | third-party code bundled inside |
|---|---|---|---|---|
$(cat "$rows")

Notes:
- \`@nl-design-system-unstable/voorbeeld-design-tokens\` is the NL Design System example theme (EUPL-1.2); its
  custom properties apply under the \`.voorbeeld-theme\` class. \`@utrecht/design-tokens\` is deliberately not
  vendored: its LICENSE.md states that its files are proprietary assets of Gemeente Utrecht, not open source.
- The EUPL-1.2 allows redistribution of unmodified files with the licence; the files here are unmodified.
EOF

if [[ "$mode" == "check" ]]; then
    diff -r "$out" "$vendor_dir" >/dev/null || {
        diff -rq "$out" "$vendor_dir" >&2 || true
        die "$vendor_dir differs from the pinned packages: run scripts/vendor-assets.sh"
    }
    echo "vendor-assets.sh: $vendor_dir matches the pinned packages"
else
    rm -rf "$vendor_dir"
    mkdir -p "$(dirname "$vendor_dir")"
    cp -R "$out" "$vendor_dir"
    echo "vendor-assets.sh: wrote $vendor_dir"
fi
