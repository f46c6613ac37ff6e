#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The lab: builds a patched Linux 6.12 KVM host for one architecture,
# an initramfs with kvmini, its guests and the lab tests, boots it under
# QEMU and reports PASS/FAIL per test. Everything arch-specific comes from
# lab/<arch>.conf. Usage: lab/lab.sh ARCH...
#
# LAB_ONLY=kernel stops after the kernel build; LAB_SUITE=bench runs
# lab/bench/*.sh instead of lab/tests/*.sh.
# LAB_QEMU_EXTRA adds QEMU options (e.g. "-monitor unix:/tmp/m.sock,server,nowait"
# to look inside a stuck lab host), LAB_APPEND_EXTRA host kernel parameters.
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
# kernel build trees and ccache. Logs: build/lab/<arch>/.
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD
cache=${KVMINI_CACHE:-$HOME/.cache/kvmini}
boot_timeout=${LAB_BOOT_TIMEOUT:-600}
jobs=$(nproc)
. lab/common.sh

# The source tree is a git repository: "pristine" is Debian's source, the
# patch series is applied on top only when it changes, and git rewrites
# only the files that differ, so kernel rebuilds stay incremental.
prepare_source() {
	local src series_id
	src=$(scripts/linux-tree.sh)
	if ! git -C "$src" rev-parse -q --verify pristine >/dev/null 2>&1; then
		rm -rf "$src/.git"
		say "recording the pristine tree (once)"
		git -C "$src" init -q
		git -C "$src" -c user.name=kvmini -c user.email=kvmini@localhost \
			add -A -f
		git -C "$src" -c user.name=kvmini -c user.email=kvmini@localhost \
			commit -qm pristine
		git -C "$src" tag pristine
	fi
	local patches=(kernel/patches/*.patch)
	[ -e "${patches[0]}" ] || patches=()
	series_id=$(cat /dev/null "${patches[@]}" | sha256sum | cut -c1-16)
	if [ "$(cat "$src/.kvmini-series" 2>/dev/null || true)" != "$series_id" ]; then
		say "applying kernel/patches (${#patches[@]} patches)"
		git -C "$src" reset -q --hard pristine
		git -C "$src" clean -qfdx -e .kvmini-\*
		for p in "${patches[@]}"; do
			git -C "$src" apply --index "$top/$p" ||
				die "patch $p does not apply"
		done
		echo "$series_id" >"$src/.kvmini-series"
	fi
	SRC=$src
}

build_kernel() {
	[ -z "${LAB_GUEST_MODULES:-}" ] || [ "${LAB_KERNEL:-build}" = debian ] ||
		die "lab/$arch.conf: LAB_GUEST_MODULES needs LAB_KERNEL=debian"
	case "${LAB_KERNEL:-build}" in
	build) build_own_kernel ;;
	debian) build_kvm_modules ;;
	*) die "lab/$arch.conf: LAB_KERNEL must be build or debian" ;;
	esac
}

# The whole kernel, from allnoconfig and the lab's fragment (LAB_KCONFIG).
build_own_kernel() {
	local kb=$cache/lab/kernel-$arch frag_id
	mkdir -p "$kb"
	frag_id=$(sha256sum "$LAB_KCONFIG" | cut -c1-16)
	if [ ! -e "$kb/.config" ] || [ "$(cat "$kb/.kvmini-config" 2>/dev/null)" != "$frag_id" ]; then
		say "configuring the $arch kernel"
		kmake allnoconfig >"$logs/kernel-config.log"
		KCONFIG_CONFIG="$kb/.config" "$SRC/scripts/kconfig/merge_config.sh" \
			-m -O "$kb" "$kb/.config" "$top/$LAB_KCONFIG" >>"$logs/kernel-config.log"
		kmake olddefconfig >>"$logs/kernel-config.log"
		missing_options "$kb/.config"
		echo "$frag_id" >"$kb/.kvmini-config"
	fi
	say "building the $arch kernel (log: $logs/kernel-build.log)"
	kmake -j"$jobs" "$(basename "$LAB_KIMAGE")" modules >"$logs/kernel-build.log" 2>&1 ||
		{ tail -20 "$logs/kernel-build.log"; die "kernel build failed"; }
	KBUILD=$kb
	KIMAGE=$kb/$LAB_KIMAGE
}

kmake() {
	CCACHE_DIR=$cache/ccache make -s -C "$SRC" O="$cache/lab/kernel-$arch" \
		ARCH="$LAB_KARCH" CROSS_COMPILE="ccache $LAB_CROSS" "$@"
}

# Debian's prebuilt kernel of the source's own version (flavour
# LAB_DEB_FLAVOUR), with KVM (LAB_KVM_DIR of the patched source) built as
# its modules against Debian's configuration and symbol versions: a minute
# instead of a whole kernel. Debian's package revision must be the
# source's, so the configuration describes this very source.
build_kvm_modules() {
	local ver rel kroot hdr kb ext m f
	ver=$(dpkg-query -W -f='${Version}' linux-source-6.12)
	rel=${ver%%-*}+deb12-$LAB_DEB_FLAVOUR
	kroot=$cache/lab/debian-$rel
	"$top/lab/fetch-foreign.sh" "$LAB_DEBARCH" "$kroot" \
		"linux-image-$rel-unsigned=$ver" "linux-headers-$rel=$ver" ||
		die "cannot fetch Debian's $rel kernel $ver (the version of linux-source-6.12)"
	hdr=$kroot/usr/src/linux-headers-$rel
	kb=$cache/lab/kvm-$arch
	ext=$kb/ext
	mkdir -p "$kb" "$ext/$LAB_KVM_DIR" "$ext/virt/kvm"
	if ! cmp -s "$hdr/.config" "$kb/.config.debian"; then
		say "configuring the $arch KVM modules as Debian's $rel"
		cp "$hdr/.config" "$kb/.config"
		kmake_debian olddefconfig >"$logs/kernel-config.log"
		cp "$hdr/.config" "$kb/.config.debian"
	fi
	say "building the $arch KVM modules for Debian's $rel (log: $logs/kernel-build.log)"
	{
		kmake_debian -j"$jobs" modules_prepare &&
		cp "$hdr/Module.symvers" "$hdr/vmlinux" "$kb/" &&
		# the sources are copied out of the tree: Kbuild writes an
		# external module's objects beside its sources
		mirror "$SRC/$LAB_KVM_DIR" "$ext/$LAB_KVM_DIR" &&
		mirror "$SRC/virt/kvm" "$ext/virt/kvm" &&
		kmake_debian -j"$jobs" M="$ext/$LAB_KVM_DIR" modules
	} >"$logs/kernel-build.log" 2>&1 ||
		{ tail -20 "$logs/kernel-build.log"; die "KVM module build failed"; }
	rm -rf "$work/modules" && mkdir -p "$work/modules"
	for m in ${LAB_KVM_MODULES:-}; do
		f=$ext/$LAB_KVM_DIR/$m.ko
		[ -e "$f" ] || f=$(find "$kroot/lib/modules/$rel" -name "$m.ko*" | head -1)
		[ -n "$f" ] || die "no module $m in the build or in Debian's $rel"
		case "$f" in
		*.ko) strip --strip-debug -o "$work/modules/${f##*/}" "$f" ;;
		*) cp "$f" "$work/modules/" ;;
		esac
		echo "${f##*/}" >>"$work/modules/order"
	done
	rm -rf "$work/guest-modules" && mkdir -p "$work/guest-modules"
	for m in ${LAB_GUEST_MODULES:-}; do
		f=$(find "$kroot/lib/modules/$rel" -name "$m.ko*" | head -1)
		[ -n "$f" ] || die "no module $m in Debian's $rel (LAB_GUEST_MODULES)"
		case "$f" in
		*.ko.xz) xz -dc "$f" >"$work/guest-modules/$m.ko" ;;
		*) cp "$f" "$work/guest-modules/$m.ko" ;;
		esac
		echo "$m.ko" >>"$work/guest-modules/order"
	done
	KBUILD=$kb
	KIMAGE=$kroot/boot/vmlinuz-$rel
}

# mirror SRC DST: DST's sources as SRC's, build products left in place
mirror() {
	rsync -a --delete --exclude='*.o' --exclude='*.cmd' --exclude='*.ko' \
		--exclude='*.mod*' --exclude='*.a' "$1/" "$2/"
}

# Debian's compiler name and release string (its headers' .kernelvariables)
kmake_debian() {
	CCACHE_DIR=$cache/ccache make -s -C "$SRC" O="$cache/lab/kvm-$arch" \
		ARCH="$LAB_KARCH" CC="ccache $LAB_DEB_CC" KERNELRELEASE="$rel" "$@"
}

# Every option of the fragment must have survived olddefconfig.
missing_options() {
	local opt bad=0
	while IFS= read -r opt; do
		case "$opt" in CONFIG_*) ;; *) continue ;; esac
		grep -qx "$opt" "$1" || { say "config: $opt did not stick"; bad=1; }
	done <"$LAB_KCONFIG"
	[ $bad -eq 0 ] || die "kernel config fragment $LAB_KCONFIG is not satisfiable"
}

build_userland() {
	local m t
	say "building kvmini, guests, modules and test programs for $arch"
	lab/cross-build.sh "$arch" static lab-payload >"$logs/kvmini-build.log" 2>&1 ||
		{ tail -20 "$logs/kvmini-build.log"; die "kvmini build failed"; }
	rm -rf "$work/guest-bin" && mkdir -p "$work/guest-bin"
	# modules build out of tree, in copies kept out of git
	for m in ${LAB_MODULES:-}; do
		rm -rf "$work/mod" && cp -r "$m" "$work/mod"
		make -C "$work/mod" KDIR="$KBUILD" ARCH="$LAB_KARCH" \
			CROSS_COMPILE="$LAB_CROSS" >"$logs/module-build.log" 2>&1 ||
			{ tail -20 "$logs/module-build.log"; die "$m build failed"; }
		cp "$work"/mod/*.ko "$work/guest-bin/"
	done
	[ -z "${LAB_KVM_SELFTESTS:-}" ] || build_selftests
	for t in $LAB_GUEST_PROGS; do
		"${LAB_CROSS}gcc" -static -O2 -Wall -Wextra -Werror -o \
			"$work/guest-bin/$t" "guest/linux/tests/$t.c" ||
			die "cannot build $t"
	done
}

# KVM's own selftests (LAB_KVM_SELFTESTS, paths under
# tools/testing/selftests/kvm), static, built from the patched tree
# against its own UAPI headers.
build_selftests() {
	local hdr=$KBUILD/kselftest-hdr out=$KBUILD/kselftest t bins=()
	for t in $LAB_KVM_SELFTESTS; do bins+=("$out/$t"); done
	say "building KVM selftests: $LAB_KVM_SELFTESTS"
	{
		kmake headers_install INSTALL_HDR_PATH="$hdr" &&
		make -s -C "$SRC/tools/testing/selftests/kvm" ARCH="$LAB_KARCH" \
			CROSS_COMPILE="$LAB_CROSS" INSTALL_HDR_PATH="$hdr" \
			OUTPUT="$out" LDFLAGS=-static -j"$jobs" "${bins[@]}"
	} >"$logs/selftests-build.log" 2>&1 ||
		{ tail -20 "$logs/selftests-build.log"; die "KVM selftests build failed"; }
	rm -rf "$work/selftests" && mkdir -p "$work/selftests"
	cp "${bins[@]}" "$work/selftests/"
}

# initramfs: busybox, /init, kvmini + guests, the tests, the kernel
# itself (as a guest kernel), a tiny guest initramfs and, for a Debian
# kernel, the KVM modules /init loads.
build_initramfs() {
	local root=$work/root groot=$work/guest-root
	rm -rf "$root" "$groot"
	mkdir -p "$root"/{bin,sbin,proc,sys,dev,tmp,lab/tests,lab/guests} \
		"$groot"/{bin,proc,sys,dev,guest}
	cp "$sysroot/bin/busybox" "$root/bin/busybox"
	cp "$sysroot/bin/busybox" "$groot/bin/busybox"
	cp lab/init.sh "$root/init"
	cp lab/guest-init.sh "$groot/init"
	cp lab/guest/*.sh "$work"/guest-bin/* "$groot/guest/"
	chmod 755 "$root/init" "$groot/init"
	# this architecture's own tests, and the shared ones it lists
	for t in lab/"$suite/$arch"/*.sh; do
		[ ! -e "$t" ] || cp "$t" "$root/lab/tests/"
	done
	for t in $(shared_tests "$suite"); do
		cp "lab/$suite/common/$t.sh" "$root/lab/tests/$arch-$t.sh"
	done
	# and the helpers the shared ones source, as /lab/suite/common/NAME.sh
	mkdir -p "$root/lab/suite/common"
	cp lab/tests/common/*.sh "$root/lab/suite/common/"
	[ ! -d "lab/$suite/common" ] || cp lab/"$suite"/common/*.sh "$root/lab/suite/common/"
	[ -z "${LAB_GUEST_MODULES:-}" ] || cp -r "$work/guest-modules" "$groot/modules"
	make_test_disk "$root/lab/disks"
	# the project's tests/ (helpers and the integration suite) as /lab/suite
	mkdir -p "$root/lab/suite/integration"
	cp tests/lib.sh "$root/lab/suite/"
	cp tests/integration/run.sh "$root/lab/suite/integration/"
	cp "build/$arch/static/kvmini" "$root/bin/kvmini"
	cp build/guest/"$arch"/*.elf "$root/lab/guests/"
	cp "$KIMAGE" "$root/lab/guests/Image"
	[ -z "${LAB_KVM_MODULES:-}" ] || cp -r "$work/modules" "$root/lab/modules"
	[ -z "${LAB_KVM_SELFTESTS:-}" ] || cp -r "$work/selftests" "$root/lab/selftests"
	printf 'LAB_KVM_READY="%s"\nLAB_HALT="%s"\n' "$LAB_KVM_READY" \
		"$LAB_HALT" >"$root/lab/env"
	printf 'LAB_HALT="%s"\n' "$LAB_HALT" >"$groot/env"
	pack_initramfs "$groot" "$root/lab/guests/initrd.gz"
	pack_initramfs "$root" "$work/initrd.gz"
}

# make_test_disk DIR: DIR/test.ext4, the virtio-blk tests' 16 MiB ext4
# image with one known file, made without root (mke2fs -d, e2fsprogs;
# Debian keeps mke2fs in /sbin, outside a user's PATH)
make_test_disk() {
	local src=$work/disk-src mkfs
	mkfs=$(PATH=$PATH:/sbin:/usr/sbin command -v mke2fs) ||
		die "no mke2fs (Debian package e2fsprogs)"
	rm -rf "$src" && mkdir -p "$src" "$1"
	echo "written by mke2fs -d on the build host" >"$src/hello.txt"
	"$mkfs" -q -F -t ext4 -L kvmini -E root_owner=0:0 -d "$src" \
		"$1/test.ext4" 16M >/dev/null ||
		die "mke2fs could not make the test disk"
}

boot() {
	local log=$logs/console.log rc=0
	say "booting the $arch lab (timeout ${boot_timeout}s, log: $log)"
	# shellcheck disable=SC2086 # QEMU command lines, split into words
	timeout "$boot_timeout" $LAB_QEMU ${LAB_QEMU_EXTRA:-} -nographic -no-reboot \
		-kernel "$KIMAGE" -initrd "$work/initrd.gz" \
		-append "$LAB_APPEND panic=-1 quiet loglevel=4 ${LAB_APPEND_EXTRA:-}" </dev/null \
		>"$log" 2>&1 || rc=$?
	tr -d '\r' <"$log" >"$log.txt"
	rm -rf "$logs/artifacts" && mkdir -p "$logs/artifacts"
	awk -v dir="$logs/artifacts" '/^ARTIFACT-END$/ { f = ""; next }
		/^ARTIFACT / { f = dir "/" $2; printf "" > f; next }
		f { print >> f }' "$log.txt"
	grep -E '^(PASS|FAIL) |^    \| BENCH ' "$log.txt" | sed 's/^    | //' || true
	local pass fail
	pass=$(grep -c '^PASS ' "$log.txt" || true)
	fail=$(grep -c '^FAIL ' "$log.txt" || true)
	if [ $rc -eq 124 ]; then
		echo "FAIL $arch-lab-timeout (no end within ${boot_timeout}s)"
		fail=$((fail + 1))
	elif ! grep -q '^LAB-DONE' "$log.txt"; then
		echo "FAIL $arch-lab-incomplete (the lab ended early; see $log.txt)"
		fail=$((fail + 1))
	fi
	TOTAL_PASS=$((TOTAL_PASS + pass))
	TOTAL_FAIL=$((TOTAL_FAIL + fail))
}

# LAB_STRESS=1: one busy loop beside QEMU, started before the first boot;
# it also ends by itself once this script is gone (even after SIGKILL).
stress_pid=
start_stress() {
	[ "${LAB_STRESS:-0}" = 1 ] && [ -z "$stress_pid" ] || return 0
	sh -c 'while kill -0 "$1" 2>/dev/null; do
		i=0; while [ $i -lt 10000 ]; do i=$((i + 1)); done
	done' stress $$ &
	stress_pid=$!
	say "stress: CPU-bound process $stress_pid runs beside QEMU"
}
stop_stress() {
	[ -n "$stress_pid" ] || return 0
	kill "$stress_pid" 2>/dev/null || true
	wait "$stress_pid" 2>/dev/null || true
	stress_pid=
}
trap stop_stress EXIT
trap 'exit 130' INT TERM HUP

# LAB_REPEAT=N: N rounds of boot (one per round: its PASS/FAIL lines and
# a summary line); stops after the first failing round unless
# LAB_KEEP_GOING=1.
boot_rounds() {
	local n=${LAB_REPEAT:-1} i fail0 failed=0 t0
	case "$n" in ''|*[!0-9]*|0) die "LAB_REPEAT must be a positive number" ;; esac
	start_stress
	for ((i = 1; i <= n; i++)); do
		fail0=$TOTAL_FAIL
		t0=$SECONDS
		[ "$n" -eq 1 ] || say "$arch round $i of $n"
		boot
		[ "$n" -eq 1 ] && return 0
		if [ "$TOTAL_FAIL" -eq "$fail0" ]; then
			echo "ROUND $i/$n $arch: pass ($((SECONDS - t0)) s)"
		else
			failed=$((failed + 1))
			cp "$logs/console.log.txt" "$logs/console.round$i.log.txt"
			echo "ROUND $i/$n $arch: FAIL ($((SECONDS - t0)) s, log: $logs/console.round$i.log.txt)"
			[ "${LAB_KEEP_GOING:-0}" = 1 ] || break
		fi
	done
	echo "ROUNDS $arch: $failed of $((i > n ? n : i)) failed$([ -z "$stress_pid" ] || echo ", with LAB_STRESS")"
}

TOTAL_PASS=0
TOTAL_FAIL=0
suite=${LAB_SUITE:-tests}
[ -d "lab/$suite" ] || die "no suite lab/$suite"
[ $# -gt 0 ] || set -- arm64
scripts/install-deps.sh lab
for arch in "$@"; do
	load_conf "$arch"
	logs=$top/build/lab/$arch
	work=$logs
	mkdir -p "$logs"
	fetch_sysroot
	if ! ls lab/"$suite/$arch"/*.sh >/dev/null 2>&1 &&
	   [ -z "$(shared_tests "$suite")" ]; then
		say "no lab/$suite/$arch and no shared $suite: skipping $arch"
		continue
	fi
	prepare_source
	build_kernel
	[ "${LAB_ONLY:-}" = kernel ] && continue
	build_userland
	build_initramfs
	boot_rounds
done
echo "$TOTAL_PASS passed, $TOTAL_FAIL failed"
[ "$TOTAL_FAIL" -eq 0 ]
