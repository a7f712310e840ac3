#!/usr/bin/env bash
# One short check of MLLab's CUDA paths on a machine with an NVIDIA GPU, PyTorch (CUDA build),
# CMake and a C++17 compiler, but no Debian development packages and no network.
#
#   scripts/gpu-check.sh stage        here, on the Debian machine: copies the header-only
#                                     dependencies (Eigen, nlohmann-json) into .gpu-deps/
#   scripts/gpu-check.sh run [OUT]    there: builds the engine-only configuration against the
#                                     PyTorch wheel's libtorch, runs the engine tests with the
#                                     CUDA device required, times training and inference on
#                                     cuda:0 against the CPU, and writes OUT/gpu-check.md
#                                     (OUT defaults to build-gpu/).
#   scripts/gpu-check.sh run --cpu-only [OUT]
#                                     the same without a GPU (proves the script builds; the
#                                     table then has the CPU column only).
#
# PYTHON picks the Python whose torch is used (default: python3). When that torch ships no
# headers (Debian's python3-torch), the system libtorch is used instead (CPU-only mode here);
# TORCH_ROOT names a folder laid out like a wheel's torch/ (include/, lib/) to link instead.
# STEPS sets the timed training run's steps (default 100).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
deps="$root/.gpu-deps"

stage() {
    rm -rf "$deps"
    mkdir -p "$deps/include" "$deps/share/cmake/Eigen3" "$deps/share/cmake/nlohmann_json"
    cp -r /usr/include/eigen3 "$deps/include/eigen3"
    cp -r /usr/include/nlohmann "$deps/include/nlohmann"
    local eigen_version
    eigen_version="$(sed -n 's/#define EIGEN_\(WORLD\|MAJOR\|MINOR\)_VERSION \([0-9]*\)/\2/p' \
        /usr/include/eigen3/Eigen/src/Core/util/Macros.h | paste -sd.)"
    # Minimal package files: the two imported targets the build uses, nothing machine-specific.
    cat > "$deps/share/cmake/Eigen3/Eigen3Config.cmake" <<CMAKE
add_library(Eigen3::Eigen INTERFACE IMPORTED)
set_target_properties(Eigen3::Eigen PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "\${CMAKE_CURRENT_LIST_DIR}/../../../include/eigen3")
CMAKE
    cat > "$deps/share/cmake/Eigen3/Eigen3ConfigVersion.cmake" <<CMAKE
set(PACKAGE_VERSION "$eigen_version")
if(PACKAGE_FIND_VERSION VERSION_GREATER PACKAGE_VERSION)
    set(PACKAGE_VERSION_COMPATIBLE FALSE)
else()
    set(PACKAGE_VERSION_COMPATIBLE TRUE)
endif()
CMAKE
    cat > "$deps/share/cmake/nlohmann_json/nlohmann_jsonConfig.cmake" <<CMAKE
add_library(nlohmann_json::nlohmann_json INTERFACE IMPORTED)
set_target_properties(nlohmann_json::nlohmann_json PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "\${CMAKE_CURRENT_LIST_DIR}/../../../include")
CMAKE
    cat > "$deps/share/cmake/nlohmann_json/nlohmann_jsonConfigVersion.cmake" <<CMAKE
set(PACKAGE_VERSION "3")
set(PACKAGE_VERSION_COMPATIBLE TRUE)
CMAKE
    echo "staged Eigen $eigen_version and nlohmann-json in $deps ($(du -sh "$deps" | cut -f1))"
}

# Seconds of wall time a command takes, or "failed" (its output goes to the log).
seconds() {
    local start end
    start=$(date +%s%N)
    if "$@" >>"$log" 2>&1; then
        end=$(date +%s%N)
        awk "BEGIN { printf \"%.2f\", ($end - $start) / 1e9 }"
    else
        echo failed
    fi
}

row() { # name, cpu seconds, gpu seconds (or -)
    local ratio="-"
    [[ "$2" =~ ^[0-9.]+$ && "$3" =~ ^[0-9.]+$ ]] && ratio="$(awk "BEGIN { printf \"%.1fx\", $2 / $3 }")"
    printf '| %s | %s | %s | %s |\n' "$1" "$2" "$3" "$ratio" >>"$table"
}

run() {
    local cpu_only=0
    [[ "${1-}" == "--cpu-only" ]] && { cpu_only=1; shift; }
    local out="${1:-$root/build-gpu}"
    local build="$root/build-gpu"
    mkdir -p "$out" "$build"
    log="$out/gpu-check.log"
    table="$out/gpu-check.md"
    : >"$log"
    local python="${PYTHON:-python3}"
    [[ -d "$deps" ]] || { echo "error: $deps is missing: run 'scripts/gpu-check.sh stage' on a machine with the Debian packages and carry the folder" >&2; exit 1; }

    local torch_args=()
    local torch_dir
    torch_dir="$("$python" -c 'import os, torch; print(os.path.dirname(torch.__file__))')"
    if [[ -n "${TORCH_ROOT-}" ]]; then
        torch_args=(-DMLLAB_TORCH_PYTHON="$(command -v "$python")" -DMLLAB_TORCH_ROOT="$TORCH_ROOT")
    elif [[ -f "$torch_dir/include/torch/csrc/api/include/torch/torch.h" ]]; then
        torch_args=(-DMLLAB_TORCH_PYTHON="$(command -v "$python")")
    else
        echo "note: $torch_dir has no libtorch headers; using the system libtorch" | tee -a "$log"
    fi
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DMLLAB_ENGINE_ONLY=ON \
        -DMLLAB_BUILD_TESTS=ON -DMLLAB_EIGEN_BLAS=ON -DCMAKE_PREFIX_PATH="$deps" \
        "${torch_args[@]}" >>"$log" 2>&1 || { tail -30 "$log"; exit 1; }
    cmake --build "$build" -j "$(nproc)" >>"$log" 2>&1 || { tail -30 "$log"; exit 1; }

    local require=1 stand_in=0
    [[ $cpu_only -eq 1 ]] && { require=0; stand_in=1; }
    local tests_ok=passed
    (cd "$build" && MLLAB_REQUIRE_CUDA=$require MLLAB_GPU_TEST_ON_CPU=$stand_in ctest -L engine --output-on-failure -j "$(nproc)") \
        >>"$log" 2>&1 || tests_ok=FAILED
    local cli="$build/engine/cli/mllab-cli"
    "$cli" devices >>"$log" 2>&1 || true

    {
        echo "# gpu-check $(date -u +%Y-%m-%dT%H:%MZ)"
        echo
        echo "- CPU: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $(nproc) threads"
        echo "- GPU: $(nvidia-smi --query-gpu=name,memory.total --format=csv,noheader 2>/dev/null | head -1 || echo none)"
        echo "- PyTorch: $("$python" -c 'import torch; print(torch.__version__, "CUDA", torch.version.cuda)')"
        echo "- engine tests (ctest -L engine, MLLAB_REQUIRE_CUDA=$require): $tests_ok"
        echo
        echo "| path | cpu (s) | cuda:0 (s) | speed-up |"
        echo "|---|---|---|---|"
    } >"$table"
    local corpus="$root/content/questions"
    local devices=(cpu)
    [[ $cpu_only -eq 0 ]] && devices+=(cuda:0)
    local -A t=()
    for d in "${devices[@]}"; do
        t[train_$d]=$(seconds "$cli" lm train --corpus "$corpus" --out "$build/check.safetensors" \
            --steps "${STEPS:-100}" --preset small --device "$d")
        t[generate_$d]=$(seconds "$cli" lm generate --prompt "Gradient descent" --max-tokens 200 \
            --temperature 0 --device "$d")
        t[eval_$d]=$(seconds "$cli" lm eval --text-file "$corpus/../../README.md" --device "$d")
        t[mc_$d]=$(seconds "$cli" monte-carlo --samples 200000000 --device "$d")
    done
    local g
    for name in "train:lm train, small preset, ${STEPS:-100} steps" "generate:lm generate, 200 tokens" \
                "eval:lm eval, README.md" "mc:monte-carlo, 2e8 points"; do
        g="-"
        [[ $cpu_only -eq 0 ]] && g="${t[${name%%:*}_cuda:0]}"
        row "${name#*:}" "${t[${name%%:*}_cpu]}" "$g"
    done
    # The labs build networks of a few thousand weights (or the tiny GPT) and run on the CPU.
    for lab in train-eval optimizers gradient-flow bug-zoo lr-schedule convolution quantization lora speculative masking; do
        row "lab $lab (default view, CPU by design)" "$(seconds "$cli" lab "$lab")" "-"
    done
    cat "$table"
    [[ "$tests_ok" == passed ]]
}

case "${1-}" in
stage) stage ;;
run) shift; run "$@" ;;
*) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
