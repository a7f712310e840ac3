#!/usr/bin/env bash
# Renders the screenshots the AppStream metainfo lists (packaging/screenshots/*.png, published
# under the homepage's /screenshots/) with `mllab --screenshot`, at 1280x800, offscreen.
# Usage: scripts/take-screenshots.sh [BUILD_DIR]   (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
mllab=${1:-build}/app/mllab
study=$(mktemp -d); trap 'rm -rf "$study"' EXIT
# lab:question shown beside it
for pair in sampling:temperature roc:roc-auc attention:transformer-attention; do
    QT_QPA_PLATFORM=offscreen "$mllab" --lab "${pair%%:*}" --question "${pair##*:}" \
        --study-db "$study/study.sqlite" --size 1280x800 \
        --screenshot "packaging/screenshots/${pair%%:*}.png"
    echo "packaging/screenshots/${pair%%:*}.png"
done
