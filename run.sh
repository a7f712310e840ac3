#!/usr/bin/env bash
# Sets up what is missing, builds MLLab (Release, in build/) and starts it. Arguments pass
# through to mllab, e.g. ./run.sh --lab roc
set -euo pipefail
cd "$(dirname "$0")"
scripts/ensure-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DMLLAB_BUILD_TESTS=OFF >/dev/null
cmake --build build --target mllab mllab-cli -j"$(nproc)"
exec build/app/mllab "$@"
