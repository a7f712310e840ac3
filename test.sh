#!/usr/bin/env bash
# Sets up what is missing, builds everything including the tests (Release, in build/), and runs
# every test offscreen. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")"
scripts/ensure-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DMLLAB_BUILD_TESTS=ON >/dev/null
cmake --build build -j"$(nproc)"
cd build
QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j"$(nproc)"
