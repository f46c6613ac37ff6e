# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# The lab's second stage (sourced by lab/lab.sh, run from the tree's
# root): what runs inside the lab host, cross-built for one architecture,
# packed with the tests into the initramfs it boots. Everything is made
# in DIR, build/lab/<arch>, with the build logs.

# build_userland ARCH SRC KB DIR: kvmini (static) and its guests, the
# out-of-tree modules (LAB_MODULES, built against the kernel build tree
# KB), KVM's selftests (from the source tree SRC) and the guest test
# programs (LAB_GUEST_PROGS); leaves what the guest runs in DIR/guest-bin,
# the lab host's programs (lab/host) in DIR/host-bin
build_userland() {
	local arch=$1 src=$2 kb=$3 dir=$4 m t
	say "building kvmini, guests, modules and test programs for $arch"
	lab/cross-build.sh "$arch" static lab-payload >"$dir/kvmini-build.log" 2>&1 ||
		{ tail -20 "$dir/kvmini-build.log"; die "kvmini build failed"; }
	rm -rf "$dir/guest-bin" && mkdir -p "$dir/guest-bin"
	# modules build out of tree, in copies kept out of git
	for m in ${LAB_MODULES:-}; do
		rm -rf "$dir/mod" && cp -r "$m" "$dir/mod"
		make -C "$dir/mod" KDIR="$kb" ARCH="$LAB_KARCH" \
			CROSS_COMPILE="$LAB_CROSS" >"$dir/module-build.log" 2>&1 ||
			{ tail -20 "$dir/module-build.log"; die "$m build failed"; }
		cp "$dir"/mod/*.ko "$dir/guest-bin/"
	done
	[ -z "${LAB_KVM_SELFTESTS:-}" ] || build_selftests "$src" "$kb" "$dir"
	# the lab host's own programs (lab/host)
	rm -rf "$dir/host-bin" && mkdir -p "$dir/host-bin"
	for t in lab/host/*.c; do
		"${LAB_CROSS}gcc" -static -O2 -Wall -Wextra -Werror -o \
			"$dir/host-bin/$(basename "$t" .c)" "$t" ||
			die "cannot build $t"
	done
	for t in $LAB_GUEST_PROGS; do
		"${LAB_CROSS}gcc" -static -O2 -Wall -Wextra -Werror -Iinclude -o \
			"$dir/guest-bin/$t" "guest/linux/tests/$t.c" ||
			die "cannot build $t"
	done
}

# build_selftests SRC KB DIR: KVM's own selftests (LAB_KVM_SELFTESTS,
# paths under tools/testing/selftests/kvm), static, built from the patched
# tree SRC against its own UAPI headers (installed beside the build tree
# KB: headers_install needs no configuration, and a Debian one must stay
# untouched); leaves them in DIR/selftests
build_selftests() {
	local src=$1 kb=$2 dir=$3
	local hdr=$kb/kselftest-hdr out=$kb/kselftest t bins=()
	for t in $LAB_KVM_SELFTESTS; do bins+=("$out/$t"); done
	say "building KVM selftests: $LAB_KVM_SELFTESTS"
	{
		kmake "$src" "$kb-hdr" headers_install INSTALL_HDR_PATH="$hdr" &&
		make -s -C "$src/tools/testing/selftests/kvm" ARCH="$LAB_KARCH" \
			CROSS_COMPILE="$LAB_CROSS" INSTALL_HDR_PATH="$hdr" \
			OUTPUT="$out" LDFLAGS=-static -j"$(nproc)" "${bins[@]}"
	} >"$dir/selftests-build.log" 2>&1 ||
		{ tail -20 "$dir/selftests-build.log"; die "KVM selftests build failed"; }
	rm -rf "$dir/selftests" && mkdir -p "$dir/selftests"
	cp "${bins[@]}" "$dir/selftests/"
}

# build_initramfs ARCH SUITE KIMAGE SYSROOT DIR: DIR/initrd.gz, with
# busybox (from SYSROOT), /init, kvmini + guests, the tests of SUITE
# (lab/SUITE), the kernel KIMAGE itself (as a guest kernel), a tiny guest
# initramfs and, for a Debian kernel, the KVM modules /init loads
build_initramfs() {
	local arch=$1 suite=$2 kimage=$3 sysroot=$4 dir=$5
	local root=$dir/root groot=$dir/guest-root t
	rm -rf "$root" "$groot"
	mkdir -p "$root"/{bin,sbin,proc,sys,dev,tmp,lab/tests,lab/guests} \
		"$groot"/{bin,proc,sys,dev,guest}
	cp "$sysroot/bin/busybox" "$root/bin/busybox"
	cp "$sysroot/bin/busybox" "$groot/bin/busybox"
	cp lab/init.sh "$root/init"
	cp lab/guest-init.sh "$groot/init"
	cp lab/guest/*.sh "$dir"/guest-bin/* "$groot/guest/"
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
	[ -z "${LAB_GUEST_MODULES:-}" ] || cp -r "$dir/guest-modules" "$groot/modules"
	make_test_disk "$root/lab/disks" "$dir/disk-src"
	# the project's tests/ (helpers and the integration suite) as /lab/suite
	mkdir -p "$root/lab/suite/integration"
	cp tests/lib.sh "$root/lab/suite/"
	cp tests/integration/run.sh tests/integration/gdb.sh \
		"$root/lab/suite/integration/"
	cp "build/$arch/static/kvmini" "build/$arch/static/gdb_client" "$root/bin/"
	cp "$dir"/host-bin/* "$root/bin/"
	cp build/guest/"$arch"/*.elf "$root/lab/guests/"
	# and flat ones (arm64's flat_kernel.bin), where the arch has some
	for t in build/guest/"$arch"/*.bin; do
		[ ! -e "$t" ] || cp "$t" "$root/lab/guests/"
	done
	cp "$kimage" "$root/lab/guests/Image"
	[ -z "${LAB_KVM_MODULES:-}" ] || cp -r "$dir/modules" "$root/lab/modules"
	[ -z "${LAB_KVM_SELFTESTS:-}" ] || cp -r "$dir/selftests" "$root/lab/selftests"
	printf 'LAB_KVM_READY="%s"\nLAB_HALT="%s"\nLAB_KVM_SELFTESTS="%s"\nLAB_PEER="%s"\nLAB_FILTER="%s"\nLAB_TEST_TIMEOUT="%s"\n' \
		"$LAB_KVM_READY" "$LAB_HALT" "${LAB_KVM_SELFTESTS:-}" \
		"$(qemu_bin) ${LAB_PEER_MACHINE:-}" "${LAB_FILTER:-}" \
		"${LAB_TEST_TIMEOUT:-600}" \
		>"$root/lab/env"
	printf 'LAB_HALT="%s"\n' "$LAB_HALT" >"$groot/env"
	# kvmini's peer in the boot bench (lab/bench/common/boot.sh) and
	# in kvm-unit-tests (lab/kut), whose plan and images come along
	[ "$suite" = tests ] || [ -z "${LAB_PEER_MACHINE:-}" ] ||
		add_peer_qemu "$arch" "$root"
	# GDB, for the stub's tests on a Linux guest (gdb-linux.sh)
	[ "$suite" != tests ] ||
		add_peer_bin "$arch" "$root" "$(gdb_root)" "$(gdb_root)/usr/bin/gdb"
	[ "$suite" != kut ] || cp -r "$dir/kut" "$root/lab/kut"
	pack_initramfs "$groot" "$root/lab/guests/initrd.gz"
	pack_initramfs "$root" "$dir/initrd.gz"
}

# add_peer_qemu ARCH ROOT: the QEMU that fetch_peer_qemu unpacked, at
# ROOT/usr/bin, with its libraries (add_peer_bin), and the build host's
# QEMU firmware (ROOT/usr/share/qemu and /usr/share/seabios, where QEMU
# looks beside its binary)
add_peer_qemu() {
	local arch=$1 root=$2 bin
	bin=$(peer_root)/usr/bin/$(qemu_bin)
	[ -x "$bin" ] || die "no $bin: fetch_peer_qemu did not unpack it"
	add_peer_bin "$arch" "$root" "$(peer_root)" "$bin"
	mkdir -p "$root/usr/share"
	cp -r /usr/share/qemu "$root/usr/share/"
	# Debian's x86 QEMU finds its BIOS (bios-256k.bin) in seabios' own
	# directory, which it searches too
	[ ! -d /usr/share/seabios ] || cp -r /usr/share/seabios "$root/usr/share/"
}

# add_peer_bin ARCH ROOT PEER_ROOT BIN: BIN (unpacked in PEER_ROOT) at
# ROOT/usr/bin, with every library it loads, to the last NEEDED of the
# last library (at ROOT/lib/<triplet>, where the dynamic loader looks,
# and the loader itself at the binary's PT_INTERP path)
add_peer_bin() {
	local arch=$1 root=$2 pr=$3 bin=$4 triplet libdir todo f lib d interp
	triplet=$(scripts/arch.sh "$arch" ARCH_TRIPLET)
	libdir=$root/lib/$triplet
	mkdir -p "$root/usr/bin" "$libdir"
	cp "$bin" "$root/usr/bin/"
	todo=$bin
	while [ -n "$todo" ]; do
		# shellcheck disable=SC2086 # $todo: a list of files
		set -- $todo
		f=$1
		shift
		todo=$*
		for lib in $(readelf -d "$f" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
			[ ! -e "$libdir/$lib" ] || continue
			for d in "$pr/lib/$triplet" "$pr/usr/lib/$triplet" ""; do
				[ -n "$d" ] || die "${bin##*/}: $lib is in no package fetched"
				[ ! -e "$d/$lib" ] || break
			done
			cp -L "$d/$lib" "$libdir/$lib"
			todo="$todo $libdir/$lib"
		done
	done
	interp=$(readelf -l "$bin" | sed -n 's/.*interpreter: \(.*\)\]/\1/p')
	mkdir -p "$root${interp%/*}"
	cp -L "$pr/lib/$triplet/${interp##*/}" "$root$interp"
	say "packed ${bin##*/} with $(find "$libdir" -name '*.so*' | wc -l) libraries"
}

# make_test_disk DISKS SCRATCH: DISKS/test.ext4, the virtio-blk tests'
# 16 MiB ext4 image with one known file (put together in the directory
# SCRATCH), made without root (mke2fs -d, e2fsprogs; Debian keeps mke2fs
# in /sbin, outside a user's PATH)
make_test_disk() {
	local disks=$1 src=$2 mkfs
	mkfs=$(PATH=$PATH:/sbin:/usr/sbin command -v mke2fs) ||
		die "no mke2fs (Debian package e2fsprogs)"
	rm -rf "$src" && mkdir -p "$src" "$disks"
	echo "written by mke2fs -d on the build host" >"$src/hello.txt"
	"$mkfs" -q -F -t ext4 -L kvmini -E root_owner=0:0 -d "$src" \
		"$disks/test.ext4" 16M >/dev/null ||
		die "mke2fs could not make the test disk"
}
