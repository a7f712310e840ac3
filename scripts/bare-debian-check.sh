#!/usr/bin/env bash
# The README's promise on a bare Debian 12, checked in chroots made with debootstrap (minbase:
# the Essential and required packages only, as a fresh container has):
#   0. a clone of HEAD runs ./run.sh --version (and times it) in one chroot;
#   1. another clone runs ./test.sh (timed) and scripts/package.sh in a second chroot;
#   2. in a third, untouched chroot without the source tree, the .deb installs with apt, the
#      installed commands work, and it removes cleanly (no file of the package left behind).
# Needs root, debootstrap and the Debian archive. Usage: scripts/bare-debian-check.sh WORKDIR
set -euo pipefail
[[ $# -eq 1 ]] || { echo "usage: $0 WORKDIR" >&2; exit 2; }
[[ $(id -u) -eq 0 ]] || { echo "error: needs root (debootstrap, chroot, mount)" >&2; exit 1; }
repo=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
work=$(realpath -m "$1"); mkdir -p "$work"
mirror=${MLLAB_DEBIAN_MIRROR:-http://deb.debian.org/debian}
pristine=$work/pristine
log() { echo "== $(date +%T) $*"; }

if [[ ! -x $pristine/bin/bash ]]; then
    log "debootstrap --variant=minbase bookworm $pristine"
    command -v debootstrap >/dev/null || apt-get install -y -q --no-install-recommends debootstrap
    debootstrap --variant=minbase bookworm "$pristine" "$mirror" >/dev/null
fi

mounted=()
cleanup() { for m in "${mounted[@]}"; do umount -R "$m" 2>/dev/null || umount -l "$m"; done; }
trap cleanup EXIT

# root=<a fresh copy of the pristine system> with networking, the archive's sources and /proc,
# /sys, /dev (set here, not echoed: the mounts must be recorded in this shell).
new_root() {
    root=$work/$1
    rm -rf "$root"; cp -a "$pristine" "$root"
    cp /etc/resolv.conf "$root/etc/resolv.conf"
    if [[ -f /etc/apt/sources.list.d/debian.sources ]]; then
        rm -f "$root/etc/apt/sources.list"; cp /etc/apt/sources.list.d/debian.sources "$root/etc/apt/sources.list.d/"
    fi
    for fs in proc sys dev; do
        if [[ $fs == proc ]]; then mount -t proc proc "$root/proc"; else mount --rbind "/$fs" "$root/$fs"; fi
        mounted+=("$root/$fs")
    done
}
in_root() { local root=$1; shift; chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 bash -c "$*"; }

# 0. ./run.sh alone, from a fresh clone on a bare system (it builds only mllab and mllab-cli).
new_root run
git clone -q "$repo" "$root/src"
log "./run.sh --version in a bare chroot (commit $(git -C "$root/src" rev-parse --short HEAD))"
start=$(date +%s)
in_root "$root" 'cd /src && ./run.sh --version' > "$work/run.log" 2>&1 || { tail -40 "$work/run.log"; log "FAIL: ./run.sh"; exit 1; }
log "./run.sh passed in $(( $(date +%s) - start )) s: $(tail -1 "$work/run.log")"
cleanup; mounted=(); rm -rf "$root"

# 1. Build, test and package from a fresh clone.
new_root build
git clone -q "$repo" "$root/src"
log "./test.sh in a bare chroot"
start=$(date +%s)
in_root "$root" 'cd /src && ./test.sh' > "$work/test.log" 2>&1 || { tail -40 "$work/test.log"; log "FAIL: ./test.sh"; exit 1; }
test_seconds=$(( $(date +%s) - start ))
grep -E "tests passed|tests failed" "$work/test.log"
log "./test.sh passed in ${test_seconds} s"
log "scripts/package.sh"
in_root "$root" 'cd /src && scripts/package.sh' > "$work/package.log" 2>&1 || { tail -40 "$work/package.log"; log "FAIL: scripts/package.sh"; exit 1; }
deb=$(ls "$root"/src/build-package/mllab_*.deb); cp "$deb" "$work/"; deb=$work/$(basename "$deb")
log "package checks passed: $(basename "$deb")"

# 2. Install, use and remove the package where no source tree exists.
new_root install
cp "$deb" "$root/tmp/"
log "apt install ./$(basename "$deb") in a second bare chroot"
in_root "$root" "apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q /tmp/$(basename "$deb")" > "$work/install.log" 2>&1 || { tail -30 "$work/install.log"; log "FAIL: apt install"; exit 1; }
grep -E "^[0-9]+ upgraded, [0-9]+ newly installed" "$work/install.log"
in_root "$root" 'dpkg-query -L mllab' > "$work/files.txt"
in_root "$root" 'set -e; cd /tmp
    [ ! -e /src ] && [ ! -e /work ]
    mllab-cli lm next --prompt "The learning rate" --top 3
    mllab-cli tokenize --text "Top-p sampling"
    mllab-cli roc --input /usr/share/mllab/datasets/breast_cancer.csv --score mean_radius --label diagnosis --positive malignant | head -c 120; echo
    mllab-cli lm generate --prompt "Attention is" --max-tokens 5 --temperature 0
    QT_QPA_PLATFORM=offscreen mllab --lab sampling --study-db /tmp/s.sqlite --screenshot /tmp/sampling.png
    test -s /tmp/sampling.png
    mllab-cli roc --help | head -1
    zcat /usr/share/man/man1/mllab-cli.1.gz | head -1' > "$work/use.log" 2>&1 || { cat "$work/use.log"; log "FAIL: the installed commands"; exit 1; }
cat "$work/use.log"
cp "$root/tmp/sampling.png" "$work/installed-sampling.png"
log "apt remove --purge mllab"
in_root "$root" 'DEBIAN_FRONTEND=noninteractive apt-get remove --purge -y -q mllab' > "$work/remove.log" 2>&1 || { tail -20 "$work/remove.log"; log "FAIL: apt remove"; exit 1; }
left=$(while read -r f; do [[ -f $root$f || -L $root$f ]] && echo "$f"; done < "$work/files.txt" || true)
[[ -z $left ]] || { echo "$left"; log "FAIL: files of the package left after removal"; exit 1; }
log "removed cleanly: none of its $(wc -l < "$work/files.txt") paths is left as a file"
log "all passed; logs in $work"
