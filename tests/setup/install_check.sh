#!/usr/bin/env bash
# The installed programs work from their installation alone: `cmake --install` into a temporary
# prefix, then, from another folder, the installed mllab-cli (and its libtorch helper) and mllab
# print the same numbers as the build-tree binaries. Installed binaries have no source-tree
# fallback (engine/datapaths.h): removing the installed model must make them name the installed
# path. The installed manual pages list every option --help lists.
# Usage: install_check.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$(realpath "$1"); source=$(realpath "$2")
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
cmake --install "$build" --prefix "$prefix" > "$work/install.log"
cd "$work"

fail() { echo "FAIL: $*" >&2; exit 1; }
installed_cli=$prefix/bin/mllab-cli
build_cli=$build/engine/cli/mllab-cli
[[ -x $prefix/libexec/mllab/mllab-cli-torch ]] || fail "the libtorch helper is not installed"

# Same command, installed and build tree, same output: `same NAME -- ARGS...` with @DATA@ standing
# for the data folder (installed share/mllab, or the source tree's resources/).
same() {
    local name=$1; shift; shift
    local installed_args=() build_args=()
    for a in "$@"; do
        installed_args+=("${a//@DATA@/$prefix/share/mllab}")
        build_args+=("${a//@DATA@/$source/resources}")
    done
    "$installed_cli" "${installed_args[@]}" > "$name.installed.json" ||
        fail "installed mllab-cli ${installed_args[*]}"
    "$build_cli" "${build_args[@]}" > "$name.build.json" || fail "build-tree mllab-cli ${build_args[*]}"
    cmp -s "$name.installed.json" "$name.build.json" ||
        fail "$name: the installed and build-tree outputs differ"
    echo "ok: $name ($(wc -c < "$name.installed.json") bytes, identical)"
}
same lm-next -- lm next --prompt "The learning rate" --top 5
same tokenize -- tokenize --text "Top-p sampling keeps the nucleus."
same roc -- roc --input @DATA@/datasets/breast_cancer.csv --score mean_radius --label diagnosis \
    --positive malignant
same lm-generate -- lm generate --prompt "Attention is" --max-tokens 8 --temperature 0
same pca -- pca --input @DATA@/datasets/iris.csv \
    --columns sepal_length_cm,sepal_width_cm,petal_length_cm,petal_width_cm

QT_QPA_PLATFORM=offscreen "$prefix/bin/mllab" --lab sampling --study-db "$work/study.sqlite" \
    --screenshot "$work/sampling.png" 2> mllab.err || { cat mllab.err >&2; fail "installed mllab --screenshot"; }
[[ -s $work/sampling.png ]] || fail "no screenshot written"
echo "ok: installed mllab rendered the sampling lab"

# No fallback: without its installed model, an installed binary names the installed path.
mv "$prefix/share/mllab/models/tiny-gpt.safetensors" "$work/moved.safetensors"
if "$installed_cli" lm next --prompt "x" > /dev/null 2> missing.err; then
    fail "installed mllab-cli ran without its installed model"
fi
grep -q "$prefix/share/mllab/models/tiny-gpt.safetensors" missing.err ||
    fail "the message does not name the installed model: $(cat missing.err)"
if grep -q "$source" missing.err; then fail "an installed binary looked in the source tree"; fi
if "$prefix/libexec/mllab/mllab-cli-torch" lm eval --text-file "$source/README.md" > /dev/null 2> helper.err; then
    fail "the installed libtorch helper ran without its installed model"
fi
grep -q "$prefix/share/mllab/models/tiny-gpt.safetensors" helper.err ||
    fail "the helper's message does not name the installed model: $(cat helper.err)"
echo "ok: without the installed model both name $prefix/share/mllab/models/tiny-gpt.safetensors"
mv "$work/moved.safetensors" "$prefix/share/mllab/models/tiny-gpt.safetensors"

# The manual pages list every option of `mllab --help` and of each `mllab-cli COMMAND --help`.
man_options() { zcat "$1" | grep -o '\\-\\-[a-z0-9\\-]*' | sed 's/\\-/-/g' | sort -u; }
help_options() { { grep -o -- '--[a-z0-9-]*' || true; } | sort -u; }
man_options "$prefix/share/man/man1/mllab.1.gz" > mllab.man
QT_QPA_PLATFORM=offscreen "$prefix/bin/mllab" --help | help_options > mllab.help
missing=$(comm -23 mllab.help mllab.man)
[[ -z $missing ]] || fail "mllab(1) lacks: $missing"
man_options "$prefix/share/man/man1/mllab-cli.1.gz" > cli.man
commands=$("$installed_cli" --help | sed -n '/^commands:/,/^$/p' | awk 'NF > 0 && $1 != "commands:" {print $1}' | sort -u)
for command in $commands; do
    "$installed_cli" "$command" --help | help_options > cli.help
    missing=$(comm -23 cli.help cli.man)
    [[ -z $missing ]] || fail "mllab-cli(1) lacks options of $command: $missing"
done
echo "ok: the manual pages list every option of mllab and of $(echo $commands | wc -w) mllab-cli commands"
