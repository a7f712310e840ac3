#!/usr/bin/env bash
# Builds the Debian package (Release, prefix /usr, in build-package/) and checks it: lintian
# (errors and warnings fail; the justified ones are overridden in packaging/mllab.lintian-overrides
# and explained in packaging/README.md), desktop-file-validate on the .desktop file and
# appstreamcli validate --pedantic on the metainfo. Installs the build packages and these tools
# when missing. Prints the package's path; exits non-zero on any error.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-deps.sh dpkg-dev lintian desktop-file-utils appstream

build=build-package
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMLLAB_BUILD_TESTS=OFF \
      -DCMAKE_INSTALL_PREFIX=/usr >/dev/null
cmake --build "$build" -j"$(nproc)"
rm -f "$build"/mllab_*.deb
(cd "$build" && cpack -G DEB >/dev/null)
deb=$(ls "$build"/mllab_*.deb)

status=0
echo "== lintian $deb"
lintian --fail-on error,warning --display-info "$deb" || status=1

contents=$(mktemp -d); trap 'rm -rf "$contents"' EXIT
dpkg-deb -x "$deb" "$contents"
for desktop in "$contents"/usr/share/applications/*.desktop; do
    echo "== desktop-file-validate ${desktop#"$contents"}"
    out=$(desktop-file-validate "$desktop" 2>&1) || status=1
    [[ -z $out ]] || { echo "$out"; status=1; }
done
for metainfo in "$contents"/usr/share/metainfo/*.metainfo.xml; do
    echo "== appstreamcli validate --pedantic ${metainfo#"$contents"}"
    out=$(appstreamcli validate --pedantic --no-net --no-color "$metainfo" 2>&1) || status=1
    echo "$out"
    grep -q '^Validation was successful\.$\|^✔ Validation was successful\.$' <<< "$out" || status=1
done
[[ $status -eq 0 ]] || { echo "package checks failed" >&2; exit 1; }
echo "package: $deb"
