# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Host-side helpers shared by the lab (lab/lab.sh) and the emulated KVM
# host (lab/kvm-host.sh). Sourced by bash; expects $top and $cache.

say() { echo "${0##*/}: $*" >&2; }
die() { say "$*"; exit "${DIE_STATUS:-1}"; }

as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# kvmini's name for this machine's architecture
host_arch() {
	case "$(uname -m)" in
	x86_64) echo x86 ;;
	aarch64) echo arm64 ;;
	*) uname -m ;;
	esac
}

# load_conf ARCH: the lab's settings for ARCH (lab/ARCH.conf), and in
# sysroot its sysroot_dir (for fetch_sysroot, cross-build.sh, kvm-host.sh)
# shellcheck disable=SC2154 # $top: set by the sourcing script
load_conf() {
	[ -r "$top/lab/$1.conf" ] || die "no lab for '$1' (lab/*.conf)"
	# one architecture's settings must not leak into the next one's
	unset LAB_KERNEL LAB_KIMAGE LAB_KCONFIG LAB_DEB_FLAVOUR LAB_DEB_CC \
		LAB_KVM_DIR LAB_KVM_MODULES LAB_KVM_SELFTESTS LAB_MODULES \
		LAB_GUEST_PROGS LAB_GUEST_MODULES LAB_SHARED_TESTS \
		LAB_SHARED_BENCH KH_QEMU
	# shellcheck disable=SC1090 # lab/<arch>.conf: named at run time
	. "$top/lab/$1.conf"
	sysroot=$(sysroot_dir)
}

# sysroot_dir: prints the sysroot of Debian packages of the loaded
# configuration's architecture (LAB_DEBARCH), in kvmini's cache
# shellcheck disable=SC2154 # $cache: set by the sourcing script
sysroot_dir() {
	echo "$cache/sysroot-$LAB_DEBARCH"
}

# The shared test bodies (lab/SUITE/common/NAME.sh) this architecture's
# configuration lists for SUITE (tests or bench); each runs as ARCH-NAME.
shared_tests() {
	case $1 in
	tests) echo "${LAB_SHARED_TESTS:-}" ;;
	bench) echo "${LAB_SHARED_BENCH:-}" ;;
	esac
}

# busybox, libfdt and libseccomp (to cross-build kvmini) and cmocka (to
# cross-build and run its unit tests, make unit-arm64) of the lab's
# architecture
fetch_sysroot() {
	"$top/lab/fetch-foreign.sh" "$LAB_DEBARCH" "$sysroot" \
		busybox-static libfdt-dev libfdt1 libcmocka-dev libcmocka0 \
		libseccomp-dev libseccomp2
}

# pack_initramfs DIR OUT: DIR as a gzip'ed newc cpio archive (what Linux
# unpacks as its initramfs; archives may be concatenated)
pack_initramfs() {
	(cd "$1" && find . | cpio -o -H newc --quiet | gzip -1) >"$2"
}
