#!/usr/bin/env bash
# Sanitizer runs (docs/reliability.md, "Sanitizers").
#
#   scripts/sanitize.sh asan   build everything (app, CLI, tests) with AddressSanitizer and
#                              UndefinedBehaviorSanitizer in build-asan/ and run the whole suite
#                              offscreen (the packaging checks of label `setup` excepted: they
#                              inspect the Release build's dependencies, not its memory)
#   scripts/sanitize.sh tsan   build the job runner, training-cancel and study-store tests with
#                              ThreadSanitizer in build-tsan/ and run them
#   scripts/sanitize.sh        both
#
# Any report fails the run: UBSan does not recover, ASan and TSan halt on the first error.
# The libraries we link but do not build (Qt, libtorch, OpenBLAS, libgomp) are not instrumented;
# the suppression files in scripts/sanitizers/ name exactly what is waived inside them and why.
# Extra ctest arguments may follow the mode, e.g. `scripts/sanitize.sh asan -R tst_csv`.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
mode=${1:-all}
shift || true
jobs=$(nproc)
supp=$root/scripts/sanitizers

# -O1 with line tables: reports with file:line stacks at about half the build time of -O2 -g.
configure() { # dir, flags
    local launcher=()
    command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
    cmake -S . -B "$1" -G Ninja -DCMAKE_BUILD_TYPE=None -DMLLAB_BUILD_TESTS=ON "${launcher[@]}" \
        -DCMAKE_CXX_FLAGS="-O1 -g1 $2 -fno-omit-frame-pointer" \
        -DCMAKE_C_FLAGS="-O1 -g1 $2 -fno-omit-frame-pointer" \
        -DCMAKE_EXE_LINKER_FLAGS="$2" -DCMAKE_SHARED_LINKER_FLAGS="$2" >/dev/null
}

run_asan() {
    local dir=${MLLAB_ASAN_DIR:-build-asan}
    configure "$dir" "-fsanitize=address,undefined -fno-sanitize-recover=undefined"
    cmake --build "$dir" -j"$jobs"
    export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:detect_stack_use_after_return=0:strict_string_checks=1"
    export LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0"
    export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:suppressions=$supp/ubsan.supp"
    (cd "$dir" && QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j"$jobs" -LE setup \
        --timeout 1800 "$@")
}

run_tsan() {
    local dir=${MLLAB_TSAN_DIR:-build-tsan}
    local tests=(tst_jobrunner tst_lm tst_lmviews tst_studystore)
    configure "$dir" "-fsanitize=thread"
    cmake --build "$dir" -j"$jobs" --target "${tests[@]}" mllab mllab-cli mllab-cli-torch
    export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$supp/tsan.supp"
    local regex
    regex="^($(IFS='|'; echo "${tests[*]}"))\$"
    (cd "$dir" && QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j"$jobs" -R "$regex" \
        --timeout 1800 "$@")
}

case $mode in
asan) run_asan "$@" ;;
tsan) run_tsan "$@" ;;
all) run_asan "$@" && run_tsan "$@" ;;
*) echo "usage: scripts/sanitize.sh [asan|tsan|all] [ctest arguments]" >&2; exit 2 ;;
esac
