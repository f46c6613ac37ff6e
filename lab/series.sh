# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# The lab's series check (sourced by lab/lab.sh, run from the tree's
# root): kernel/patches applied one patch at a time, as a maintainer
# applies them, each series on the ones kernel/patches/series lists before
# it, in a worktree of the patched source's repository. After each patch:
# checkpatch --strict from the whole tree (SPDX, documented parameters),
# and a W=1 build of the kernel directories of each architecture whose
# code the patch touches, with no warning or error in a file the series
# changed so far. A pass is remembered per patch set and check.

# series_dirs ARCH: what a W=1 build of ARCH compiles
series_dirs() {
	case $1 in
	arm64) echo "arch/arm64/kvm/ arch/arm64/kernel/" ;;
	x86) echo "arch/x86/kvm/" ;;
	esac
}

# series_arches PATCH: the architectures whose code PATCH touches; both
# for one that touches only common code, none for one that touches only
# documentation and selftests (the lab builds those at the end)
series_arches() {
	local files a out=""
	files=$(sed -n 's|^+++ b/||p' "$1")
	for a in arm64 x86; do
		! grep -q "^arch/$a/" <<<"$files" || out="$out $a"
	done
	if [ -z "$out" ] && grep -qv '^Documentation/\|^tools/' <<<"$files"; then
		out="arm64 x86"
	fi
	echo "$out"
}

# series_config ARCH WT KB LOG: the configuration a W=1 build of ARCH
# starts from, KB/config.base: arm64's lab kernel (allnoconfig and
# kernel/arm64.config, whose options of the series are not in the
# pristine tree yet: series_build sets them again at each patch), x86's
# defconfig with KVM and both vendors' modules built in
series_config() {
	local arch=$1 wt=$2 kb=$3 log=$4
	[ ! -e "$kb/config.base" ] || return 0
	say "configuring the $arch series build"
	mkdir -p "$kb"
	case $arch in
	arm64)
		LAB_KCONFIG=kernel/arm64.config configure_kernel "$wt" "$kb" >"$log" ;;
	x86)
		kmake "$wt" "$kb" defconfig >"$log" &&
		"$wt/scripts/config" --file "$kb/.config" -e KVM -e KVM_INTEL \
			-e KVM_AMD -e KVM_XEN -e KVM_HYPERV &&
		kmake "$wt" "$kb" olddefconfig >>"$log" ;;
	esac || die "cannot configure the $arch series build (log: $log)"
	cp "$kb/.config" "$kb/config.base"
}

# series_warnings WT LOG: the warnings and errors of the build log LOG,
# one per line as "FILE: warning: TEXT" (FILE relative to the worktree
# WT, line numbers left out: they move as patches add lines)
series_warnings() {
	grep -E ': (warning|error):' "$2" |
		sed -E "s|^$1/||; s|^(\.\./)+||; s|^([^:]*):[0-9]+:([0-9]+:)?|\1:|" |
		sort -u
}

# series_build ARCH WT KB LOG: a W=1 build of ARCH's series_dirs in the
# worktree WT as it is, in the build tree KB; the log in LOG, its
# warnings (series_warnings) in LOG.warnings; fails if the build does
series_build() {
	local arch=$1 wt=$2 kb=$3 log=$4 st=0
	load_arch "$arch"
	series_config "$arch" "$wt" "$kb" "$log.config"
	# the options a patch adds only stick once their Kconfig exists
	cp "$kb/config.base" "$kb/.config"
	[ "$arch" != arm64 ] || cat kernel/arm64.config >>"$kb/.config"
	# shellcheck disable=SC2046 # series_dirs: a list of targets
	if ! { kmake "$wt" "$kb" olddefconfig &&
	       kmake "$wt" "$kb" W=1 -j"$(nproc)" $(series_dirs "$arch"); } \
	       >"$log" 2>&1; then
		tail -20 "$log" >&2
		st=1
	fi
	series_warnings "$wt" "$log" >"$log.warnings"
	return $st
}

# series_new_warnings WT LOG BASE: the warnings of LOG in files the
# series changed so far that the pristine tree's build (BASE, its
# series_warnings) did not have; fails if there are any
series_new_warnings() {
	local wt=$1 log=$2 base=$3 f bad=0
	for f in $(git -C "$wt" diff --cached --name-only pristine); do
		if grep -F "$f:" "$log.warnings" | grep -vxFf "$base"; then
			bad=1
		fi
	done
	return $bad
}

# check_series SRC CACHE DIR RESULTS: the check, in CACHE/lab/series-src
# (a worktree of the source tree SRC's repository) and the build trees
# CACHE/lab/series-<arch>, logs in DIR; one PASS or FAIL line per series
# in RESULTS
check_series() {
	local src=$1 cache=$2 dir=$3 results=$4
	local wt=$cache/lab/series-src stamp=$cache/lab/series-ok id
	local s p n k total arch ok log
	local -a patches
	id=$(cat lab/series.sh lab/kernel.sh kernel/arm64.config \
		kernel/patches/series kernel/patches/*/*.patch | sha256sum | cut -c1-16)
	if [ "$(cat "$stamp" 2>/dev/null || true)" = "$id" ]; then
		say "kernel series: checked already, patch by patch"
		series_names | sed 's/^/PASS kernel-series-/' >>"$results"
		return 0
	fi
	rm -f "$stamp"
	mkdir -p "$dir"
	[ -e "$wt/.git" ] || git -C "$src" worktree add -q --detach "$wt" pristine ||
		die "cannot make the series worktree $wt"
	git -C "$wt" checkout -q -f --detach pristine
	git -C "$wt" clean -qfdx
	# what W=1 says of the pristine tree: the series answers only for what
	# it adds
	for arch in arm64 x86; do
		say "kernel series: pristine tree, W=1 $arch build"
		series_build "$arch" "$wt" "$cache/lab/series-$arch" "$dir/series-base.log.$arch" ||
			die "the pristine tree does not build (log: $dir/series-base.log.$arch)"
	done
	ok=1
	for s in $(series_names); do
		mapfile -t patches < <(series_files "$s")
		total=${#patches[@]} n=0 k=1
		for p in "${patches[@]}"; do
			n=$((n + 1))
			log=$dir/series-$s-$n.log
			git -C "$wt" apply --index "$PWD/$p" || { say "$p does not apply"; k=0; break; }
			# Debian's python3 (checkpatch's SPDX check needs its ply)
			(cd "$wt" && PATH=/usr/bin:$PATH perl scripts/checkpatch.pl --strict \
				--terse -q --ignore FILE_PATH_CHANGES "$OLDPWD/$p") ||
				{ say "$p: checkpatch"; k=0; }
			for arch in $(series_arches "$p"); do
				say "kernel series: $s $n/$total, W=1 $arch build"
				if ! series_build "$arch" "$wt" "$cache/lab/series-$arch" "$log.$arch" ||
				   ! series_new_warnings "$wt" "$log.$arch" \
					"$dir/series-base.log.$arch.warnings"; then
					say "$p: W=1 $arch build (log: $log.$arch)"
					k=0
				fi
			done
		done
		if [ $k = 1 ]; then
			echo "PASS kernel-series-$s" >>"$results"
		else
			echo "FAIL kernel-series-$s" >>"$results"
			ok=0
		fi
		say "kernel series: $s, $n of $total patches, $([ $k = 1 ] && echo ok || echo FAILED)"
	done
	[ $ok = 0 ] || echo "$id" >"$stamp"
}
