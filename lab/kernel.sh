# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# The lab's first stage (sourced by lab/lab.sh, run from the tree's root):
# Debian's Linux source with kernel/patches applied, and from it one
# architecture's KVM host kernel, either built whole (LAB_KERNEL=build) or
# Debian's prebuilt one with the patched KVM built as its modules
# (LAB_KERNEL=debian). The kernel builds use ccache in $CCACHE_DIR.

# series_names: the series of kernel/patches, in the order
# kernel/patches/series lists them
series_names() {
	grep -v '^#\|^$' kernel/patches/series
}

# series_files NAME: the patches of the series NAME, in order, without
# the cover letter
series_files() {
	local p
	[ -d "kernel/patches/$1" ] || die "kernel/patches/series: no $1"
	for p in kernel/patches/"$1"/*.patch; do
		case "$p" in *-0000-cover-letter.patch) continue ;; esac
		echo "$p"
	done
}

# series_patches: the patches of every series, series by series
series_patches() {
	local s
	for s in $(series_names); do series_files "$s"; done
}

# commit_pristine SRC TREE VERSION: prints a commit of TREE whose hash
# depends on the tree and VERSION alone (fixed names and dates), so the
# series' base-commit names Debian's source on every machine
commit_pristine() {
	GIT_AUTHOR_NAME=kvmini GIT_AUTHOR_EMAIL=kvmini@localhost \
	GIT_COMMITTER_NAME=kvmini GIT_COMMITTER_EMAIL=kvmini@localhost \
	GIT_AUTHOR_DATE=2000-01-01T00:00:00Z \
	GIT_COMMITTER_DATE=2000-01-01T00:00:00Z \
		git -C "$1" commit-tree "$2" -m "Debian linux-source-6.12 $3"
}

# record_pristine SRC: tags Debian's source as "pristine", once per
# source version (a tree recorded by an earlier recipe, whose commit
# said only "pristine", is committed again as it is)
record_pristine() {
	local src=$1 ver msg tree
	ver=$(dpkg-query -W -f='${Version}' linux-source-6.12)
	msg=$(git -C "$src" log -1 --format=%s pristine 2>/dev/null || true)
	[ "$msg" != "Debian linux-source-6.12 $ver" ] || return 0
	if [ "$msg" = pristine ]; then
		tree=$(git -C "$src" rev-parse "pristine^{tree}")
	else
		[ -z "$msg" ] || die "$src is $msg, not $ver: remove it (scripts/linux-tree.sh unpacks it again)"
		say "recording the pristine tree (once)"
		rm -rf "$src/.git"
		git -C "$src" init -q
		git -C "$src" add -A -f
		tree=$(git -C "$src" write-tree)
	fi
	git -C "$src" tag -f pristine "$(commit_pristine "$src" "$tree" "$ver")" >/dev/null
}

# check_bases SRC: says which series name another base than SRC's pristine
# (another Debian version of the source); they are applied all the same
check_bases() {
	local src=$1 s base here
	here=$(git -C "$src" rev-parse pristine)
	for s in kernel/patches/*/*-0000-cover-letter.patch; do
		base=$(sed -n 's/^base-commit: //p' "$s")
		[ "$base" = "$here" ] ||
			say "${s%/*}: base-commit ${base:-missing}, this tree's pristine is $here"
	done
}

# prepare_source: prints the path of the patched source tree. The tree is
# a git repository: "pristine" is Debian's source, the patch series are
# applied on top only when they change, and git rewrites only the files
# that differ, so kernel rebuilds stay incremental.
prepare_source() {
	local src series_id p patches
	src=$(scripts/linux-tree.sh)
	record_pristine "$src"
	mapfile -t patches < <(series_patches)
	series_id=$(cat /dev/null "${patches[@]}" | sha256sum | cut -c1-16)
	if [ "$(cat "$src/.kvmini-series" 2>/dev/null || true)" != "$series_id" ]; then
		check_bases "$src"
		say "applying kernel/patches (${#patches[@]} patches)"
		git -C "$src" reset -q --hard pristine
		git -C "$src" clean -qfdx -e .kvmini-\*
		for p in "${patches[@]}"; do
			git -C "$src" apply --index "$PWD/$p" ||
				die "patch $p does not apply"
		done
		echo "$series_id" >"$src/.kvmini-series"
	fi
	echo "$src"
}

# kernel_tree CACHE ARCH: prints ARCH's kernel build tree (make O=) in
# kvmini's cache CACHE: the whole kernel's, or the KVM modules' for
# LAB_KERNEL=debian
kernel_tree() {
	case "${LAB_KERNEL:-build}" in
	debian) echo "$1/lab/kvm-$2" ;;
	*) echo "$1/lab/kernel-$2" ;;
	esac
}

# build_kernel ARCH SRC CACHE DIR: builds ARCH's kernel from the source
# tree SRC in its kernel_tree (logs in DIR, build/lab/ARCH) and prints the
# path of the kernel image to boot
build_kernel() {
	local arch=$1
	[ -z "${LAB_GUEST_MODULES:-}" ] || [ "${LAB_KERNEL:-build}" = debian ] ||
		die "lab/$arch.conf: LAB_GUEST_MODULES needs LAB_KERNEL=debian"
	case "${LAB_KERNEL:-build}" in
	build) build_own_kernel "$@" ;;
	debian) build_kvm_modules "$@" ;;
	*) die "lab/$arch.conf: LAB_KERNEL must be build or debian" ;;
	esac
}

# build_own_kernel ARCH SRC CACHE DIR: the whole kernel, from allnoconfig
# and the lab's fragment (LAB_KCONFIG); prints its image (LAB_KIMAGE)
build_own_kernel() {
	local arch=$1 src=$2 cache=$3 dir=$4 kb frag_id
	kb=$(kernel_tree "$cache" "$arch")
	mkdir -p "$kb"
	frag_id=$(sha256sum "$LAB_KCONFIG" | cut -c1-16)
	if [ ! -e "$kb/.config" ] || [ "$(cat "$kb/.kvmini-config" 2>/dev/null)" != "$frag_id" ]; then
		say "configuring the $arch kernel"
		configure_kernel "$src" "$kb" >"$dir/kernel-config.log"
		missing_options "$kb/.config"
		echo "$frag_id" >"$kb/.kvmini-config"
	fi
	say "building the $arch kernel (log: $dir/kernel-build.log)"
	kmake "$src" "$kb" -j"$(nproc)" "$(basename "$LAB_KIMAGE")" modules \
		>"$dir/kernel-build.log" 2>&1 ||
		{ tail -20 "$dir/kernel-build.log" >&2; die "kernel build failed"; }
	echo "$kb/$LAB_KIMAGE"
}

# configure_kernel SRC KB: the lab's kernel configuration in the build
# tree KB: allnoconfig and the lab's fragment (LAB_KCONFIG)
configure_kernel() {
	local src=$1 kb=$2
	kmake "$src" "$kb" allnoconfig
	KCONFIG_CONFIG="$kb/.config" "$src/scripts/kconfig/merge_config.sh" \
		-m -O "$kb" "$kb/.config" "$PWD/$LAB_KCONFIG"
	kmake "$src" "$kb" olddefconfig
}

# kmake SRC KB MAKE-ARGS...: make in the source tree SRC for the build
# tree KB, with the lab's (cross) compiler behind ccache
kmake() {
	local src=$1 kb=$2
	shift 2
	make -s -C "$src" O="$kb" ARCH="$LAB_KARCH" \
		CROSS_COMPILE="ccache $LAB_CROSS" "$@"
}

# Every option of the fragment (LAB_KCONFIG) must have survived
# olddefconfig in the configuration $1.
missing_options() {
	local opt bad=0
	while IFS= read -r opt; do
		case "$opt" in CONFIG_*) ;; *) continue ;; esac
		grep -qx "$opt" "$1" || { say "config: $opt did not stick"; bad=1; }
	done <"$LAB_KCONFIG"
	[ $bad -eq 0 ] || die "kernel config fragment $LAB_KCONFIG is not satisfiable"
}

# build_kvm_modules ARCH SRC CACHE DIR: Debian's prebuilt kernel of the
# source's own version (flavour LAB_DEB_FLAVOUR), with KVM (LAB_KVM_DIR of
# the patched source) built as its modules against Debian's configuration
# and symbol versions: a minute instead of a whole kernel. Debian's
# package revision must be the source's, so the configuration describes
# this very source. Leaves the modules /init loads (LAB_KVM_MODULES) in
# DIR/modules and those of kvmini's Linux guest (LAB_GUEST_MODULES) in
# DIR/guest-modules; prints the path of Debian's kernel image.
build_kvm_modules() {
	local arch=$1 src=$2 cache=$3 dir=$4
	local ver rel kroot hdr kb ext m f
	ver=$(dpkg-query -W -f='${Version}' linux-source-6.12)
	rel=${ver%%-*}+deb12-$LAB_DEB_FLAVOUR
	kroot=$cache/lab/debian-$rel
	lab/fetch-foreign.sh "$LAB_DEBARCH" "$kroot" \
		"linux-image-$rel-unsigned=$ver" "linux-headers-$rel=$ver" >&2 ||
		die "cannot fetch Debian's $rel kernel $ver (the version of linux-source-6.12)"
	hdr=$kroot/usr/src/linux-headers-$rel
	kb=$(kernel_tree "$cache" "$arch")
	ext=$kb/ext
	mkdir -p "$kb" "$ext/$LAB_KVM_DIR" "$ext/virt/kvm"
	if ! cmp -s "$hdr/.config" "$kb/.config.debian"; then
		say "configuring the $arch KVM modules as Debian's $rel"
		cp "$hdr/.config" "$kb/.config"
		kmake_debian "$src" "$kb" "$rel" olddefconfig >"$dir/kernel-config.log"
		cp "$hdr/.config" "$kb/.config.debian"
	fi
	say "building the $arch KVM modules for Debian's $rel (log: $dir/kernel-build.log)"
	{
		kmake_debian "$src" "$kb" "$rel" -j"$(nproc)" modules_prepare &&
		cp "$hdr/Module.symvers" "$hdr/vmlinux" "$kb/" &&
		# the sources are copied out of the tree: Kbuild writes an
		# external module's objects beside its sources
		mirror "$src/$LAB_KVM_DIR" "$ext/$LAB_KVM_DIR" &&
		mirror "$src/virt/kvm" "$ext/virt/kvm" &&
		kmake_debian "$src" "$kb" "$rel" -j"$(nproc)" M="$ext/$LAB_KVM_DIR" modules
	} >"$dir/kernel-build.log" 2>&1 ||
		{ tail -20 "$dir/kernel-build.log" >&2; die "KVM module build failed"; }
	rm -rf "$dir/modules" && mkdir -p "$dir/modules"
	for m in ${LAB_KVM_MODULES:-}; do
		f=$ext/$LAB_KVM_DIR/$m.ko
		[ -e "$f" ] || f=$(find "$kroot/lib/modules/$rel" -name "$m.ko*" | head -1)
		[ -n "$f" ] || die "no module $m in the build or in Debian's $rel"
		case "$f" in
		*.ko) strip --strip-debug -o "$dir/modules/${f##*/}" "$f" ;;
		*) cp "$f" "$dir/modules/" ;;
		esac
		echo "${f##*/}" >>"$dir/modules/order"
	done
	rm -rf "$dir/guest-modules" && mkdir -p "$dir/guest-modules"
	for m in ${LAB_GUEST_MODULES:-}; do
		f=$(find "$kroot/lib/modules/$rel" -name "$m.ko*" | head -1)
		[ -n "$f" ] || die "no module $m in Debian's $rel (LAB_GUEST_MODULES)"
		case "$f" in
		*.ko.xz) xz -dc "$f" >"$dir/guest-modules/$m.ko" ;;
		*) cp "$f" "$dir/guest-modules/$m.ko" ;;
		esac
		echo "$m.ko" >>"$dir/guest-modules/order"
	done
	echo "$kroot/boot/vmlinuz-$rel"
}

# kmake_debian SRC KB REL MAKE-ARGS...: kmake with Debian's compiler
# (LAB_DEB_CC, its headers' .kernelvariables) and release string REL
kmake_debian() {
	local src=$1 kb=$2 rel=$3
	shift 3
	make -s -C "$src" O="$kb" ARCH="$LAB_KARCH" CC="ccache $LAB_DEB_CC" \
		KERNELRELEASE="$rel" "$@"
}

# mirror SRC DST: DST's sources as SRC's, build products left in place
mirror() {
	rsync -a --delete --exclude='*.o' --exclude='*.cmd' --exclude='*.ko' \
		--exclude='*.mod*' --exclude='*.a' "$1/" "$2/"
}
