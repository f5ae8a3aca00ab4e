#!/usr/bin/env bash
# Copy the front-end libraries pinned in frontend/package.json (exact versions, locked by
# package-lock.json) into restrack/core/static/vendor/, which is committed. The app serves
# these files itself: it never loads anything from a CDN, and needs no network at run time.
#
# Usage (from anywhere): bash frontend/vendor.sh
# Needs node/npm and the npm registry only when run; the result is plain static files.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
dest="$root/restrack/core/static/vendor"
nm="$here/node_modules"

cd "$here"
npm ci --ignore-scripts --no-audit --no-fund

version() { node -p "require('$nm/$1/package.json').version"; }
license() { node -p "require('$nm/$1/package.json').license"; }

# Start clean so files dropped from this list do not linger.
rm -rf "$dest"
mkdir -p "$dest"/{bootstrap,bootstrap-icons/fonts,htmx,echarts}

# Bootstrap: LTR and RTL (Arabic) stylesheets, JS bundle (includes Popper).
cp "$nm/bootstrap/dist/css/bootstrap.min.css" \
   "$nm/bootstrap/dist/css/bootstrap.rtl.min.css" \
   "$nm/bootstrap/dist/js/bootstrap.bundle.min.js" "$dest/bootstrap/"
cp "$nm/bootstrap/LICENSE" "$dest/bootstrap/LICENSE"
cp "$nm/@popperjs/core/LICENSE.md" "$dest/bootstrap/LICENSE-popper"

# Bootstrap Icons: icon-font stylesheet and the two font files it references (woff2, woff).
cp "$nm/bootstrap-icons/font/bootstrap-icons.min.css" "$dest/bootstrap-icons/"
cp "$nm/bootstrap-icons/font/fonts/bootstrap-icons.woff2" \
   "$nm/bootstrap-icons/font/fonts/bootstrap-icons.woff" "$dest/bootstrap-icons/fonts/"
cp "$nm/bootstrap-icons/LICENSE" "$dest/bootstrap-icons/LICENSE"

# htmx
cp "$nm/htmx.org/dist/htmx.min.js" "$dest/htmx/"
cp "$nm/htmx.org/LICENSE" "$dest/htmx/LICENSE"

# ECharts (full build; bundles ZRender and tslib helpers, and d3-derived code).
cp "$nm/echarts/dist/echarts.min.js" "$dest/echarts/"
cp "$nm/echarts/LICENSE" "$dest/echarts/LICENSE"
cp "$nm/echarts/NOTICE" "$dest/echarts/NOTICE"
cp "$nm/echarts/licenses/LICENSE-d3" "$dest/echarts/LICENSE-d3"
cp "$nm/zrender/LICENSE" "$dest/echarts/LICENSE-zrender"
cp "$nm/tslib/LICENSE.txt" "$dest/echarts/LICENSE-tslib"

# No source maps are shipped, so drop the comments pointing at them: Django's
# ManifestStaticFilesStorage (whitenoise's CompressedManifestStaticFilesStorage) resolves
# sourceMappingURL references during collectstatic and fails when the .map file is missing.
find "$dest" -type f \( -name '*.min.js' -o -name '*.min.css' \) -print0 |
    xargs -0 sed -i -E \
        -e 's@/\*[#@] sourceMappingURL=[^*]*\*/@@g' \
        -e 's@^//[#@] sourceMappingURL=.*$@@'
if grep -rl 'sourceMappingURL=' "$dest" --include='*.min.js' --include='*.min.css'; then
    echo "vendor.sh: sourceMappingURL comments left in the files above" >&2
    exit 1
fi

cat > "$dest/LICENSES.md" <<MD
# Vendored front-end libraries

Copied from the npm registry by \`frontend/vendor.sh\` (versions pinned in
\`frontend/package.json\` and \`frontend/package-lock.json\`). Served by the app itself;
nothing is loaded from a CDN. Source-map comments were removed; no other change.

| Package | Version | License | Files | License text |
| --- | --- | --- | --- | --- |
| bootstrap | $(version bootstrap) | $(license bootstrap) | \`bootstrap/bootstrap.min.css\`, \`bootstrap/bootstrap.rtl.min.css\`, \`bootstrap/bootstrap.bundle.min.js\` | \`bootstrap/LICENSE\` |
| @popperjs/core (inside \`bootstrap.bundle.min.js\`) | $(version @popperjs/core) | $(license @popperjs/core) | — | \`bootstrap/LICENSE-popper\` |
| bootstrap-icons | $(version bootstrap-icons) | $(license bootstrap-icons) | \`bootstrap-icons/bootstrap-icons.min.css\`, \`bootstrap-icons/fonts/bootstrap-icons.woff2\`, \`bootstrap-icons/fonts/bootstrap-icons.woff\` | \`bootstrap-icons/LICENSE\` |
| htmx.org | $(version htmx.org) | $(license htmx.org) | \`htmx/htmx.min.js\` | \`htmx/LICENSE\` |
| echarts | $(version echarts) | $(license echarts) | \`echarts/echarts.min.js\` | \`echarts/LICENSE\`, \`echarts/NOTICE\`, \`echarts/LICENSE-d3\` |
| zrender (inside \`echarts.min.js\`) | $(version zrender) | $(license zrender) | — | \`echarts/LICENSE-zrender\` |
| tslib (helpers inside \`echarts.min.js\`) | $(version tslib) | $(license tslib) | — | \`echarts/LICENSE-tslib\` |
MD

echo "Vendored into ${dest#"$root"/}:"
(cd "$dest" && find . -type f | sort | xargs ls -l | awk '{printf "  %9d  %s\n", $5, $9}')
