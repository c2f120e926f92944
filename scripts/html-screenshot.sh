#!/usr/bin/env bash
# Renders the HTML cohort report in headless Chromium and saves a screenshot, to check the
# charts by eye. Usage: scripts/html-screenshot.sh [OUT.png]   (installs Debian's chromium
# if it is missing; needs root or sudo for that).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-target/cohort-report.png}
# Chromium, and CJK fonts for the Chinese skill names.
if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi "CJK"; then
  apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi
cargo build --release --quiet --example cohort
cargo build --release --quiet
work=$(mktemp -d)
target/release/examples/cohort --transcripts 40 --out "$work/cohort" >/dev/null
target/release/rehearse grade "$work/cohort" --format html --out "$work/report.html" || true
chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
  --disable-sync --no-first-run --user-data-dir="$work/profile" --hide-scrollbars \
  --window-size=1200,2400 --screenshot="$out" "file://$work/report.html" 2>/dev/null
echo "screenshot: $out"
