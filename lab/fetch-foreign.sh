#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Fetches Debian packages of an architecture (busybox, libfdt and cmocka
# for the lab and the unit tests) and unpacks them into a sysroot in
# kvmini's cache. Nothing is installed into the system; a foreign
# architecture is added to dpkg so apt can download its packages. Only
# the packages not yet unpacked into SYSROOT are fetched.
# A PACKAGE may be NAME=VERSION to fetch that version.
# Usage: lab/fetch-foreign.sh DEBARCH SYSROOT PACKAGE...
set -eu
arch=$1 root=$2
shift 2

# A stamp names what was unpacked: .kvmini-PKG, or .kvmini-PKG1_PKG2...
# (one stamp per call, as this script used to write; Debian package names
# have no '_').
unpacked() {
	for s in "$root"/.kvmini-*; do
		case "_${s##*/.kvmini-}_" in
		*"_$1_"*) return 0 ;;
		esac
	done
	return 1
}
missing=""
for p in "$@"; do
	unpacked "$p" || missing="$missing $p"
done
[ -n "$missing" ] || exit 0

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
for p in $missing; do
	case "$p" in
	*=*) pkgs="$pkgs ${p%%=*}:$arch=${p#*=}" ;;
	*) pkgs="$pkgs $p:$arch" ;;
	esac
done
# shellcheck disable=SC2086 # $pkgs: a list of packages
(cd "$dl" && apt-get download -qq $pkgs) || {
	$sudo apt-get update -qq
	(cd "$dl" && apt-get download -qq $pkgs)
}
mkdir -p "$root"
for deb in "$dl"/*.deb; do
	dpkg-deb -x "$deb" "$root"
done
for p in $missing; do
	touch "$root/.kvmini-$p"
done
