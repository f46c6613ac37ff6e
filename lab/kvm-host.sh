#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The emulated KVM host: runs one command inside Linux booted under QEMU
# software emulation, where KVM works (x86-64: -cpu EPYC with nested SVM
# and kvm_amd; arm64: EL2 and nVHE), and returns the command's stdout,
# stderr and exit status as its own. For machines without a usable
# /dev/kvm, and to keep that path tested on machines with one.
#
# Usage: lab/kvm-host.sh [--arch ARCH] [--] COMMAND [ARG...]
#
# The host kernel is Debian's prebuilt linux-image package for ARCH
# (downloaded and unpacked into the cache once; see docs/lab.md for why not
# the lab's own build). The QEMU machine is the lab's (lab/ARCH.conf),
# or KH_QEMU where the configuration sets one.
# Inside, the project directory is mounted read-write at its own path;
# when ARCH is this machine's architecture the command runs in this
# machine's own root filesystem (read-only, over 9p) so any host program
# works, otherwise in a busybox root (static ARCH binaries, sh scripts).
# The command starts in the current directory, which must be inside the
# project, with this environment (less make's jobserver variables) and
# stdin from /dev/null.
#
# Exit status: the command's; 125 if the emulated host could not run it
# (the console log is named); 124 if KVM_HOST_TIMEOUT (seconds, default
# 3600) expired.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cache=${KVMINI_CACHE:-$HOME/.cache/kvmini}
# shellcheck source=lab/common.sh
. "$top/lab/common.sh"

usage() { echo "usage: lab/kvm-host.sh [--arch ARCH] [--] COMMAND [ARG...]" >&2; exit 125; }
arch=$(host_arch)
while [ $# -gt 0 ]; do
	case "$1" in
	--arch) [ $# -ge 2 ] || usage; arch=$2; shift 2 ;;
	--) shift; break ;;
	-*) usage ;;
	*) break ;;
	esac
done
[ $# -gt 0 ] || usage
case "$PWD/" in
"$top"/*) ;;
*) die "the current directory must be inside $top"; ;;
esac
load_conf "$arch"

kdir=$cache/kvm-host/$LAB_DEBARCH
log=$top/build/kvm-host/$arch/console.log
mkdir -p "$kdir" "$(dirname "$log")"

# Debian's prebuilt kernel for ARCH, unpacked once (modules.dep made here:
# the package leaves that to its postinst).
fetch_kernel() {
	local pkg
	fetch_sysroot
	pkg=$(apt-cache depends "$KH_KERNEL_PKG:$LAB_DEBARCH" 2>/dev/null |
		awk '/Depends: linux-image-/ { print $2; exit }') || true
	if [ -z "$pkg" ]; then
		as_root apt-get update -qq
		pkg=$(apt-cache depends "$KH_KERNEL_PKG:$LAB_DEBARCH" |
			awk '/Depends: linux-image-/ { print $2; exit }')
	fi
	[ -n "$pkg" ] || die "no $KH_KERNEL_PKG package for $LAB_DEBARCH"
	pkg=${pkg%:*}
	KROOT=$kdir/$pkg
	if [ ! -e "$KROOT/.kvmini-ready" ]; then
		say "fetching Debian's $pkg (once)"
		"$top/lab/fetch-foreign.sh" "$LAB_DEBARCH" "$KROOT" "$pkg"
		/sbin/depmod -b "$KROOT" "$(ls "$KROOT/lib/modules")"
		touch "$KROOT/.kvmini-ready"
	fi
	KVER=$(ls "$KROOT/lib/modules")
	KIMAGE=$(ls "$KROOT"/boot/vmlinuz-*)
}

# The modules of $KH_MODULES and what they depend on, in load order.
module_order() {
	local dep=$KROOT/lib/modules/$KVER/modules.dep m line d seen=" "
	load() {
		local m=$1 line deps i
		line=$(grep -m1 -E "(^|/)$m\.ko:" "$dep") ||
			die "module $m not in $KVER"
		# shellcheck disable=SC2206 # a list of module paths
		deps=(${line#*:})
		for ((i = ${#deps[@]} - 1; i >= 0; i--)); do
			add "${deps[i]}"
		done
		add "${line%%:*}"
	}
	add() {
		case "$seen" in *" $1 "*) return ;; esac
		seen="$seen$1 "
		echo "$1"
	}
	for m in $KH_MODULES; do load "$m"; done
}

# busybox, the init and the modules: rebuilt when one of them changes.
base_initramfs() {
	local id root
	id=$(cat "$top/lab/kvm-host-init.sh" "$sysroot/bin/busybox" |
		sha256sum | cut -c1-12)-$KVER-$(echo "$KH_MODULES" | sha256sum | cut -c1-8)
	BASE=$kdir/base-$id.cpio.gz
	[ -e "$BASE" ] && return
	say "packing the $arch host's initramfs (once)"
	root=$(mktemp -d)
	mkdir -p "$root"/{bin,proc,sys,dev,tmp,modules}
	cp "$sysroot/bin/busybox" "$root/bin/busybox"
	cp "$top/lab/kvm-host-init.sh" "$root/init"
	chmod 755 "$root/init"
	module_order >"$root/modules.order.full"
	while read -r m; do
		cp "$KROOT/lib/modules/$KVER/$m" "$root/modules/"
		basename "$m"
	done <"$root/modules.order.full" >"$root/modules.order"
	rm "$root/modules.order.full"
	rm -f "$kdir"/base-*.cpio.gz
	pack_initramfs "$root" "$BASE.tmp"
	mv "$BASE.tmp" "$BASE"
	rm -rf "$root"
}

# POSIX sh single quotes, for busybox and bash alike
q() { printf "'%s'" "${1//\'/\'\\\'\'}"; }

# /cmd.sh (directory, environment, command) and /cmd.env, appended to the
# base initramfs as a second cpio archive.
command_cpio() {
	local d=$1 v hostroot=0
	shift
	[ "$arch" = "$(host_arch)" ] && hostroot=1
	mkdir -p "$d/root"
	{
		echo "KH_HOSTROOT=$hostroot"
		echo "KH_PROJECT=$(q "$top")"
	} >"$d/root/cmd.env"
	{
		while IFS= read -r v; do
			case "$v" in
			MAKEFLAGS | MFLAGS | MAKELEVEL | MAKE_TERM* | SHLVL | PWD | OLDPWD | _) continue ;;
			esac
			echo "export $v=$(q "${!v}")"
		done < <(compgen -e)
		echo "cd $(q "$PWD") || exit 125"
		printf 'exec'
		for v in "$@"; do printf ' %s' "$(q "$v")"; done
		echo
	} >"$d/root/cmd.sh"
	pack_initramfs "$d/root" "$d/cmd.cpio.gz"
}

scripts_deps() { "$top/scripts/install-deps.sh" "kvm-host-$arch"; }

scripts_deps
fetch_kernel
base_initramfs
run=$(mktemp -d)
trap 'rm -rf "$run"' EXIT
command_cpio "$run" "$@"
cat "$BASE" "$run/cmd.cpio.gz" >"$run/initrd.gz"
mkfifo "$run/out" "$run/err"
cat "$run/out" &
cat_out=$!
cat "$run/err" >&2 &
cat_err=$!

rc=0
# shellcheck disable=SC2086 # a QEMU command line, split into words
timeout "${KVM_HOST_TIMEOUT:-3600}" ${KH_QEMU:-$LAB_QEMU} -display none -monitor none \
	-no-reboot -serial "file:$run/console.log" \
	-kernel "$KIMAGE" -initrd "$run/initrd.gz" \
	-append "$LAB_APPEND $KH_APPEND rdinit=/init panic=-1 quiet loglevel=4" \
	-fsdev "local,id=project,path=$top,security_model=none,multidevs=remap" \
	-device virtio-9p-pci,fsdev=project,mount_tag=project \
	-fsdev "local,id=hostroot,path=/,security_model=none,readonly=on,multidevs=remap" \
	-device virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot \
	-device virtio-serial-pci \
	-chardev "file,id=out,path=$run/out" -device virtserialport,chardev=out,name=stdout \
	-chardev "file,id=err,path=$run/err" -device virtserialport,chardev=err,name=stderr \
	-chardev "file,id=st,path=$run/status" -device virtserialport,chardev=st,name=status \
	</dev/null >"$run/qemu.log" 2>&1 || rc=$?
# a cat still waiting for QEMU to open its FIFO gets an empty stream
for f in out err; do exec 3<>"$run/$f"; exec 3>&-; done
wait "$cat_out" "$cat_err" || true
cp "$run/console.log" "$log" 2>/dev/null || true
status=$(tr -dc 0-9 <"$run/status" 2>/dev/null || true)
if [ "$rc" -eq 124 ]; then
	say "the command did not end within ${KVM_HOST_TIMEOUT:-3600} s (console: $log)"
	exit 124
fi
if [ -z "$status" ]; then
	cat "$run/qemu.log" >&2
	say "the emulated $arch host ended without the command's status (QEMU status $rc; console: $log)"
	exit 125
fi
exit "$status"
