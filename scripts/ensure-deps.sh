#!/usr/bin/env bash
# Installs the Debian 12 packages MLLab builds, runs and tests with (scripts/debian-packages.txt),
# and any packages named as arguments, only those that are missing. Quiet and fast (one
# dpkg-query) when everything is present.
set -euo pipefail
list="$(dirname "$0")/debian-packages.txt"
mapfile -t packages < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' -e '/^$/d' "$list")
packages+=("$@")

# dpkg-query prints a line for each package it knows (and says nothing of the others).
declare -A installed=()
while read -r package status; do
    [[ "$status" == "installed" ]] && installed[$package]=1
done < <(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${packages[@]}" 2>/dev/null || true)
missing=()
for p in "${packages[@]}"; do
    [[ -n "${installed[$p]-}" ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "Installing missing packages: ${missing[*]}"
sudo=""
if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "error: need root or sudo to install ${missing[*]}" >&2; exit 1; }
    sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
