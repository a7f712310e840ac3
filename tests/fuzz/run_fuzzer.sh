#!/usr/bin/env bash
# One fuzz target as a test: replays every file of its corpus (regressions), then fuzzes for the
# given seconds, writing what it finds to a scratch corpus in the build tree (the committed
# corpus is never written). A crash, a leak, a sanitizer report or a broken invariant fails it,
# and the input is kept in the scratch folder as crash-*.
# usage: run_fuzzer.sh FUZZER CORPUS_DIR SCRATCH_DIR SECONDS MAX_LEN [DICT]
set -euo pipefail
fuzzer=$1 corpus=$2 scratch=$3 seconds=$4 max_len=$5 dict=${6:-}
mkdir -p "$scratch/new"
options=(-rss_limit_mb=2048 -max_len="$max_len" -artifact_prefix="$scratch/" -print_final_stats=1)
[[ -n $dict ]] && options+=(-dict="$dict")
echo "== replaying $(find "$corpus" -type f | wc -l) corpus files"
"$fuzzer" "${options[@]}" -runs=0 "$corpus"
if (( seconds > 0 )); then
    echo "== fuzzing for $seconds s"
    "$fuzzer" "${options[@]}" -max_total_time="$seconds" "$scratch/new" "$corpus"
fi
