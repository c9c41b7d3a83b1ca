#!/usr/bin/env bash
# Re-create the vendored front-end assets from the npm registry and check them
# against the committed SHA256SUMS. Builds and CI never need npm: the files are
# committed. Run this only to verify or upgrade them.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dest="$here/src/sen/static/vendor"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
npm pack --silent htmx.org@2.0.11 @picocss/pico@2.1.1 chart.js@4.6.1 >/dev/null
for t in *.tgz; do mkdir -p "x_$t"; tar -xzf "$t" -C "x_$t"; done
cp x_htmx*/package/dist/htmx.min.js "$dest/htmx-2.0.11.min.js"
cp x_picocss*/package/css/pico.min.css "$dest/pico-2.1.1.min.css"
cp x_chart*/package/dist/chart.umd.min.js "$dest/chart-4.6.1.umd.min.js"
# The source map is not vendored; its reference would break collectstatic's manifest.
sed -i '/^\/\/# sourceMappingURL=/d' "$dest/chart-4.6.1.umd.min.js"
cd "$dest" && sha256sum -c SHA256SUMS
