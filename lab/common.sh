# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Host-side helpers shared by the lab (lab/lab.sh) and the emulated KVM
# host (lab/kvm-host.sh). Sourced by bash; expects $top and $cache.

say() { echo "${0##*/}: $*" >&2; }
die() { say "$*"; exit "${DIE_STATUS:-1}"; }

as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# kvmini's name for this machine's architecture (the src/arch/<arch>
# whose arch.mk names uname -m), else uname -m's
# shellcheck disable=SC2154 # $top: set by the sourcing script
host_arch() {
	"$top/scripts/arch.sh" host || uname -m
}

# load_arch ARCH: what the lab's scripts need of ARCH, from its
# src/arch/ARCH/arch.mk: LAB_DEBARCH (Debian's name), LAB_KARCH (Linux's
# ARCH=), LAB_CROSS (the cross compiler's prefix, empty for this
# machine's own), LAB_LIB_PKGS (the libraries kvmini links beyond libc)
# and sysroot, its Debian packages' directory (sysroot_dir)
# shellcheck disable=SC2034,SC2154 # LAB_*: for the sourcing script, which sets $top
load_arch() {
	local fact=$top/scripts/arch.sh
	LAB_DEBARCH=$("$fact" "$1" ARCH_DEBARCH 2>/dev/null) || die "no architecture '$1' (src/arch/*)"
	LAB_ARCH=$1
	LAB_KARCH=$("$fact" "$1" ARCH_KERNEL)
	LAB_LIB_PKGS=$("$fact" "$1" ARCH_LIB_PKGS)
	LAB_CROSS=
	[ "$1" = "$(host_arch)" ] || LAB_CROSS=$("$fact" "$1" ARCH_TRIPLET)-
	sysroot=$(sysroot_dir)
}

# load_conf ARCH: ARCH's facts (load_arch) and the lab's settings for it
# (lab/ARCH.conf)
# shellcheck disable=SC2154 # $top: set by the sourcing script
load_conf() {
	[ -r "$top/lab/$1.conf" ] || die "no lab for '$1' (lab/*.conf)"
	# one architecture's settings must not leak into the next one's
	unset LAB_KERNEL LAB_KIMAGE LAB_KCONFIG LAB_DEB_FLAVOUR LAB_DEB_CC \
		LAB_KVM_DIR LAB_KVM_MODULES LAB_KVM_SELFTESTS LAB_MODULES \
		LAB_GUEST_PROGS LAB_GUEST_MODULES LAB_SHARED_TESTS \
		LAB_SHARED_BENCH LAB_PEER_MACHINE KH_QEMU
	load_arch "$1"
	# shellcheck disable=SC1090 # lab/<arch>.conf: named at run time
	. "$top/lab/$1.conf"
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
	kut) echo "${LAB_SHARED_KUT:-}" ;;
	esac
}

# busybox and the architecture's libraries (arm64: libfdt) to
# cross-build kvmini, and cmocka (to cross-build and run its
# unit tests, make unit-ARCH) of the architecture load_arch loaded
fetch_sysroot() {
	# shellcheck disable=SC2086 # $LAB_LIB_PKGS: a list of packages
	"$top/lab/fetch-foreign.sh" "$LAB_DEBARCH" "$sysroot" \
		busybox-static $LAB_LIB_PKGS libcmocka-dev libcmocka0
}

# qemu_bin: the lab's QEMU binary (LAB_QEMU's first word), which the
# boot bench also runs inside the lab as kvmini's peer
qemu_bin() {
	echo "${LAB_QEMU%% *}"
}

# peer_root: where fetch_peer_qemu unpacks, apart from the sysroot that
# kvmini is built against and its unit tests run on
peer_root() {
	echo "$cache/peer-qemu-$LAB_DEBARCH"
}

# fetch_peer_qemu: that QEMU for the lab's architecture (its Debian
# package, the architecture's ARCH_QEMU_PKG) and the packages of every
# library it loads, which are those that the build host's own copy of
# the same package loads (ldd, then dpkg -S), into peer_root;
# add_peer_qemu packs them (with the host's firmware files: they are the
# same on every architecture)
fetch_peer_qemu() {
	local bin lib pkgs
	bin=$(command -v "$(qemu_bin)") || die "no $(qemu_bin) on this machine"
	pkgs="$("$top/scripts/arch.sh" "$LAB_ARCH" ARCH_QEMU_PKG)"
	for lib in $(ldd "$bin" | awk '$2 == "=>" && $3 ~ /^\// { print $3 }'); do
		pkgs="$pkgs $( { dpkg -S "$lib" || dpkg -S "$(readlink -f "$lib")"; } \
			2>/dev/null | sed -n '1s/[:,].*//p')"
	done
	# shellcheck disable=SC2046,SC2086 # $pkgs: a list of packages
	"$top/lab/fetch-foreign.sh" "$LAB_DEBARCH" "$(peer_root)" \
		$(echo $pkgs | tr ' ' '\n' | sort -u)
}

# gdb_root: where fetch_peer_gdb unpacks
gdb_root() {
	echo "$cache/peer-gdb-$LAB_DEBARCH"
}

# fetch_peer_gdb: Debian's gdb-minimal (GDB without Python, which would
# need its whole library) for the lab's architecture and every package
# it depends on, for the lab's GDB tests (lab/tests/common/gdb-linux.sh)
fetch_peer_gdb() {
	local pkgs qual=
	# apt names another architecture's packages with it (libc6:arm64)
	[ "$LAB_DEBARCH" = "$(dpkg --print-architecture)" ] ||
		qual=":$LAB_DEBARCH"
	# the libraries: what else gdb-minimal depends on only installs it
	pkgs=$(apt-cache depends --recurse --no-recommends --no-suggests \
		--no-conflicts --no-breaks --no-replaces --no-enhances \
		"gdb-minimal:$LAB_DEBARCH" |
		sed -n "s/^\(gdb-minimal\|lib[a-z0-9.+-]*\|zlib1g\)$qual\$/\1/p" |
		grep -v -- '-common$' | sort -u)
	[ -n "$pkgs" ] || die "apt-cache knows no gdb-minimal for $LAB_DEBARCH"
	# shellcheck disable=SC2086 # $pkgs: a list of packages
	"$top/lab/fetch-foreign.sh" "$LAB_DEBARCH" "$(gdb_root)" $pkgs
}

# pack_initramfs DIR OUT: DIR as a gzip'ed newc cpio archive (what Linux
# unpacks as its initramfs; archives may be concatenated)
pack_initramfs() {
	(cd "$1" && find . | cpio -o -H newc --quiet | gzip -1) >"$2"
}
