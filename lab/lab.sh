#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The lab: builds a patched Linux 6.12 KVM host for one architecture,
# an initramfs with kvmini, its guests and the lab tests, boots it under
# QEMU and reports PASS/FAIL per test. Everything arch-specific comes from
# lab/<arch>.conf. Usage: lab/lab.sh ARCH...
#
# First the kernel series are checked patch by patch (lab/series.sh, once
# per patch set; LAB_SERIES=0 skips it). LAB_ONLY=series stops after that
# check, LAB_ONLY=kernel after the kernel build; LAB_SUITE=bench runs
# lab/bench/*.sh instead of lab/tests/*.sh, LAB_SUITE=kut kvm-unit-tests
# under kvmini and QEMU (LAB_KUT=DIR: DIR/<arch> a build of the suite for
# that architecture, x86's plain, arm64's --target=kvmtool; boots get 2 h
# unless LAB_BOOT_TIMEOUT says, a test LAB_TEST_TIMEOUT s, by default 600
# but 7000 for these; LAB_KUT_FILTER=ERE: only the entries it matches;
# LAB_KUT_TIMEOUT: seconds an entry gets under each VMM, by default 120).
# LAB_FILTER=ERE runs only the
# tests (or benchmarks) whose name (e.g. x86-virtio-blk) matches ERE.
# LAB_QEMU_EXTRA adds QEMU options (e.g. "-monitor unix:/tmp/m.sock,server,nowait"
# to look inside a stuck lab host), LAB_APPEND_EXTRA host kernel parameters.
# LAB_BOOT_TIMEOUT is the time limit of one boot in seconds (default 600).
# Stress mode, to shake out timing-dependent failures: LAB_REPEAT=N boots
# and tests each architecture N times (default 1), printing one line per
# round and stopping at the first failing round (LAB_KEEP_GOING=1 runs
# all N, to measure a failure rate); a failing round's console log is
# kept as console.round<i>.log.txt. LAB_STRESS=1 keeps a CPU-bound
# process running beside QEMU from the first boot to the end of the run,
# so that QEMU's threads are preempted as on a busy machine; it is killed
# when the script ends, however it ends.
# Files a test leaves in /lab/out come back in build/lab/<arch>/artifacts.
# Cache (outside git): $KVMINI_CACHE (~/.cache/kvmini): the source tree,
# kernel build trees and ccache. Logs: build/lab/<arch>/; every result
# line of the run: build/lab/results.txt.
#
# The stages, sourced below, one file each: lab/kernel.sh, lab/series.sh,
# lab/initramfs.sh and lab/boot.sh. Their functions run from the tree's root, get their
# values as arguments and print their results; the only globals they read
# are the configuration, which nothing writes once it is set: the settings
# of lab/<arch>.conf (load_conf) and the LAB_* knobs above. lab/common.sh
# also reads top and cache.
# shellcheck source-path=SCRIPTDIR/.. # it sources lab/*.sh from the root
set -euo pipefail
# the stages' functions print their results; set -e holds inside $(...)
shopt -s inherit_errexit
cd "$(dirname "$0")/.."
top=$PWD
cache=${KVMINI_CACHE:-$HOME/.cache/kvmini}
# the kernel builds' ccache (lab/kernel.sh)
export CCACHE_DIR=$cache/ccache
. lab/common.sh
. lab/kernel.sh
. lab/series.sh
. lab/initramfs.sh
. lab/boot.sh

# LAB_STRESS=1: the pid of busy_loop, started before the first boot
stress=
trap 'stop_stress "$stress"' EXIT
trap 'exit 130' INT TERM HUP

suite=${LAB_SUITE:-tests}
[ -d "lab/$suite" ] || die "no suite lab/$suite"
if [ "$suite" = kut ]; then
	[ -n "${LAB_KUT:-}" ] || die "LAB_SUITE=kut needs LAB_KUT=DIR (docs/kvm-unit-tests.md)"
	: "${LAB_BOOT_TIMEOUT:=7200}" "${LAB_TEST_TIMEOUT:=7000}"
fi
[ $# -gt 0 ] || set -- arm64
scripts/install-deps.sh lab
results=$top/build/lab/results.txt
mkdir -p "${results%/*}"
: >"$results"
if [ "${LAB_SERIES:-1}" != 0 ]; then
	check_series "$(prepare_source)" "$cache" "$top/build/lab/series" "$results"
fi
for arch in "$@"; do
	[ "${LAB_ONLY:-}" != series ] || break
	load_conf "$arch"
	dir=$top/build/lab/$arch
	mkdir -p "$dir"
	fetch_sysroot
	[ "$suite" = tests ] || [ -z "${LAB_PEER_MACHINE:-}" ] || fetch_peer_qemu
	[ "$suite" != tests ] || fetch_peer_gdb
	if ! ls lab/"$suite/$arch"/*.sh >/dev/null 2>&1 &&
	   [ -z "$(shared_tests "$suite")" ]; then
		say "no lab/$suite/$arch and no shared $suite: skipping $arch"
		continue
	fi
	src=$(prepare_source)
	kimage=$(build_kernel "$arch" "$src" "$cache" "$dir")
	[ "${LAB_ONLY:-}" = kernel ] && continue
	kb=$(kernel_tree "$cache" "$arch")
	build_userland "$arch" "$src" "$kb" "$dir"
	sysroot=$(sysroot_dir)
	if [ "$suite" = kut ]; then
		rm -rf "$dir/kut" && mkdir -p "$dir/kut"
		KUT_ARCH=$arch KUT_PLAN=$dir/kut/plan scripts/kvm-unit-tests.sh \
			"$LAB_KUT/$arch" '' "${LAB_KUT_FILTER:-.}" || die "no plan"
		echo "${LAB_KUT_TIMEOUT:-120}" >"$dir/kut/timeout"
	fi
	build_initramfs "$arch" "$suite" "$kimage" "$sysroot" "$dir"
	if [ "${LAB_STRESS:-0}" = 1 ] && [ -z "$stress" ]; then
		busy_loop $$ &
		stress=$!
		say "stress: CPU-bound process $stress runs beside QEMU"
	fi
	boot_rounds "$arch" "$kimage" "$dir" "$results" "$stress"
done
pass=$(grep -c '^PASS ' "$results" || true)
fail=$(grep -c '^FAIL ' "$results" || true)
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
