#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Fetches Debian packages of an architecture (busybox and libfdt for the
# lab) and unpacks them into a sysroot in kvmini's cache. Nothing is
# installed into the system; a foreign architecture is added to dpkg so
# apt can download its packages.
# Usage: lab/fetch-foreign.sh DEBARCH SYSROOT PACKAGE...
set -eu
arch=$1 root=$2
shift 2
stamp="$root/.kvmini-$(echo "$*" | tr ' ' '_')"
[ -e "$stamp" ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
if [ "$arch" != "$(dpkg --print-architecture)" ] &&
   ! dpkg --print-foreign-architectures | grep -qx "$arch"; then
	$sudo dpkg --add-architecture "$arch"
	$sudo apt-get update -qq
fi
dl=$(mktemp -d)
# apt downloads as the _apt user when run as root
[ "$(id -u)" -ne 0 ] || chown _apt "$dl" 2>/dev/null || true
trap 'rm -rf "$dl"' EXIT
pkgs=""
for p in "$@"; do pkgs="$pkgs $p:$arch"; done
# shellcheck disable=SC2086
(cd "$dl" && apt-get download -qq $pkgs) || {
	$sudo apt-get update -qq
	# shellcheck disable=SC2086
	(cd "$dl" && apt-get download -qq $pkgs)
}
mkdir -p "$root"
for deb in "$dl"/*.deb; do
	dpkg-deb -x "$deb" "$root"
done
touch "$stamp"
