#!/usr/bin/env bash
# Sets up what is missing, builds everything including the tests (Release, in build/), and runs
# every test offscreen; then, when clang and libFuzzer are present, builds the fuzz targets (in
# build-fuzz/) and runs each for MLLAB_FUZZ_SECONDS (30) after replaying its corpus. Exits
# non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")"
scripts/ensure-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DMLLAB_BUILD_TESTS=ON >/dev/null
cmake --build build -j"$(nproc)"
cd build
QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j"$(nproc)"
cd ..

# The fuzz stage: a clang build of the fuzz targets only (docs/reliability.md, "Fuzzing").
if command -v clang++ >/dev/null &&
    echo 'extern "C" int LLVMFuzzerTestOneInput(const char*, unsigned long) { return 0; }' |
    clang++ -x c++ -fsanitize=fuzzer,address,undefined - -o /dev/null 2>/dev/null; then
    cmake -S . -B build-fuzz -G Ninja -DMLLAB_FUZZ=ON \
        -DCMAKE_CXX_COMPILER=clang++ -DMLLAB_FUZZ_SECONDS="${MLLAB_FUZZ_SECONDS:-30}" >/dev/null
    cmake --build build-fuzz -j"$(nproc)"
    (cd build-fuzz && ctest -L fuzz --output-on-failure)
else
    echo "test.sh: clang with libFuzzer not found; the fuzz stage is skipped" >&2
fi
