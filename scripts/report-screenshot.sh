#!/usr/bin/env bash
# Renders `unspin diff --format html` in a real headless browser and saves a screenshot, to check
# that the report is a working self-contained page. Installs Debian's chromium when missing.
# Usage: scripts/report-screenshot.sh [OUT.png] [INPUT…]   (default: examples/spun-news.txt)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-report.png}; shift || true
inputs=("$@"); [ ${#inputs[@]} -gt 0 ] || inputs=(examples/spun-news.txt)
command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
swift build --product unspin >/dev/null
html=$(mktemp --suffix=.html)
trap 'rm -f "$html"' EXIT
.build/debug/unspin diff --format html "${inputs[@]}" > "$html" || [ $? -eq 1 ]
# No network is needed: the page has no external resources and no scripts.
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,1400 \
  --screenshot="$(realpath -m "$out")" "file://$html" 2>/dev/null
[ -s "$out" ] && echo "wrote $out ($(stat -c %s "$out") bytes)"
