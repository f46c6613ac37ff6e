#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Install the Debian 12 packages that kvmini's build, tests and lint need.
# Idempotent: does nothing (and needs no network) when all are present.
# Usage: scripts/install-deps.sh [host|lint|lab|plot|fuzz|kvm-host-ARCH|unit-ARCH]...
# (default: host)
# What differs per architecture (cross compiler, QEMU, libraries) comes
# from its src/arch/<arch>/arch.mk (scripts/arch.sh).
set -eu
fact=$(dirname "$0")/arch.sh
host=$("$fact" host) || host=""

# each architecture's QEMU, and the cross compilers of all but this
# machine's
qemus=""
cross=""
for a in $("$fact"); do
	qemus="$qemus $("$fact" "$a" ARCH_QEMU_PKG)"
	[ "$a" = "$host" ] || cross="$cross $("$fact" "$a" ARCH_CROSS_PKGS)"
done
# this machine's: the libraries its kvmini links beyond libc
# (arm64: libfdt, for its device trees) and the tools of its ARCH_TESTS
# (x86: iasl, for its ACPI tables: make acpi-iasl)
host_libs=""
host_tests=""
if [ -n "$host" ]; then
	host_libs=$("$fact" "$host" ARCH_LIB_PKGS)
	host_tests=$("$fact" "$host" ARCH_TEST_PKGS)
fi

# (libseccomp-dev: the build's tools/seccomp-gen, not kvmini; gdb: the
# integration suite's tests of --gdb)
pkgs_host="gcc make libc6-dev libcmocka-dev libseccomp-dev gdb $host_libs"
# (and make test's other tools: the other architectures' cross compilers
# for sparse, the host architecture's ARCH_TEST_PKGS)
pkgs_lint="cppcheck sparse shellcheck linux-source-6.12 xz-utils perl
	$cross dpkg-dev $host_tests"
# (python3-ply and python3-git: checkpatch's SPDX check, in lab/series.sh;
# seabios: the x86 BIOS of the lab's peer QEMU, a Recommends of its QEMU)
pkgs_lab="$qemus $cross
	linux-source-6.12 xz-utils flex bison bc libssl-dev libelf-dev ccache
	cpio kmod make gcc python3 dpkg-dev dwarves rsync seabios
	e2fsprogs python3-ply python3-git"

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
	# the emulated KVM host of an architecture (lab/kvm-host.sh)
	kvm-host-?*)
		want="$want $("$fact" "${set#kvm-host-}" ARCH_QEMU_PKG) kmod cpio" ;;
	# an architecture's unit tests (make unit-ARCH): natively on its own
	# host, else cross-built against the lab's sysroot and run by qemu-user
	unit-?*)
		a=${set#unit-}
		if [ "$a" = "$host" ]; then
			want="$want $pkgs_host"
		else
			want="$want make qemu-user $("$fact" "$a" ARCH_CROSS_PKGS)"
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
