#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Install the Debian 12 packages that kvmini's build, tests and lint need.
# Idempotent: does nothing (and needs no network) when all are present.
# Usage: scripts/install-deps.sh [host|lint|lab|plot|fuzz|kvm-host-ARCH|unit-arm64]...
# (default: host)
set -eu

pkgs_host="gcc make libc6-dev libcmocka-dev libseccomp-dev"
# an arm64 kvmini builds its device trees with libfdt
debarch=$(dpkg --print-architecture)
[ "$debarch" != arm64 ] || pkgs_host="$pkgs_host libfdt-dev"
# (and make test's other tools: iasl for the x86 ACPI tables, acpi-iasl)
pkgs_lint="cppcheck sparse shellcheck linux-source-6.12 xz-utils perl
	gcc-aarch64-linux-gnu libc6-dev-arm64-cross dpkg-dev acpica-tools"
pkgs_lab="qemu-system-arm gcc-aarch64-linux-gnu libc6-dev-arm64-cross
	linux-source-6.12 xz-utils flex bison bc libssl-dev libelf-dev ccache
	cpio kmod make gcc python3 dpkg-dev qemu-system-x86 dwarves rsync
	e2fsprogs"

want=""
[ $# -eq 0 ] && set -- host
for set in "$@"; do
	case "$set" in
	host) want="$want $pkgs_host" ;;
	lint) want="$want $pkgs_lint" ;;
	lab) want="$want $pkgs_lab" ;;
	plot) want="$want gnuplot-nox" ;;
	# libFuzzer targets (make fuzz): clang and its fuzzer runtime
	fuzz) want="$want clang libclang-rt-14-dev" ;;
	# the emulated KVM host (lab/kvm-host.sh)
	kvm-host-x86) want="$want qemu-system-x86 kmod cpio" ;;
	kvm-host-arm64) want="$want qemu-system-arm kmod cpio" ;;
	# arm64 unit tests (make unit-arm64): natively on an arm64 host, else
	# cross-built against the lab's arm64 sysroot and run by qemu-aarch64
	unit-arm64)
		if [ "$debarch" = arm64 ]; then
			want="$want $pkgs_host"
		else
			want="$want make qemu-user gcc-aarch64-linux-gnu
				libc6-dev-arm64-cross"
		fi ;;
	*) echo "install-deps: unknown package set '$set'" >&2; exit 2 ;;
	esac
done

missing=""
for p in $want; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
		grep -q '^install ok installed$' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "install-deps: installing:$missing" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086 # $missing: a list of packages
$sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
