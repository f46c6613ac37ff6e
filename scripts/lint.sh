#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Static checks: shellcheck on every shell script, the README's tables
# against kvmini --help (scripts/check-readme.sh), and on all C:
# checkpatch (kernel style, from Debian's linux-source-6.12), no header
# cycles in src/, cppcheck and sparse. Fails on any shellcheck finding, any
# checkpatch error or warning not listed below, and on any cppcheck or
# sparse finding.
set -eu
cd "$(dirname "$0")/.."
status=0

# Shell scripts: *.sh (those without a shebang name their shell in a
# directive) and files with an sh or bash shebang, at shellcheck's default
# severity. Their source= directives are relative to the tree's root.
scripts=$(git ls-files --cached --others --exclude-standard |
	while read -r f; do
		[ -f "$f" ] || continue
		case "$f" in
		*.sh) echo "$f" ;;
		*) if head -n 1 "$f" |
			grep -Eq '^#! *(/[^ ]*/)?(env +|busybox +)?(ba|da)?sh( |$)'; then
			echo "$f"
		fi ;;
		esac
	done)
echo "lint: shellcheck"
# shellcheck disable=SC2086 # $scripts: a list of files
shellcheck -x $scripts || status=1

tree=$(scripts/linux-tree.sh scripts)
files=$(git ls-files --cached --others --exclude-standard '*.c' '*.h')

# Userspace code follows kernel style, but these kernel-only rules do not
# apply: kernel integer types (u32...) and printk-specific rules.
ignore=PREFER_KERNEL_TYPES,SPLIT_STRING
echo "lint: checkpatch"
# shellcheck disable=SC2086 # $files: a list of files
if ! perl "$tree/scripts/checkpatch.pl" --no-tree --terse -q --show-types \
	--ignore "$ignore" -f $files; then
	status=1
fi

# The kernel series, as a submitter checks them (--strict): from the
# kernel tree (run from this repository's root, checkpatch misreads the
# patch files), cover letters aside. New files sit under paths MAINTAINERS
# already covers, hence the ignore. lab/series.sh checks them again with
# the whole tree (SPDX, documented parameters), patch by patch.
echo "lint: checkpatch --strict kernel/patches"
patches=$(for p in kernel/patches/*/*.patch; do
	case "$p" in *-0000-cover-letter.patch) ;; *) [ -e "$p" ] && echo "$PWD/$p" ;; esac
done)
if [ -n "$patches" ]; then
	# shellcheck disable=SC2086 # $patches: a list of files
	(cd "$tree" && perl scripts/checkpatch.pl --no-tree --strict --terse -q \
		--ignore FILE_PATH_CHANGES $patches) || status=1
fi

# the README's option and exit-status tables, against kvmini --help
echo "lint: README tables"
scripts/check-readme.sh "${KVMINI:?the kvmini to ask (make lint sets it)}" ||
	status=1

echo "lint: header cycles"
scripts/header-cycles.sh || status=1

# The architectures (src/arch/<arch>/arch.mk has what lint needs of
# each: scripts/arch.sh), this machine's first
host=$(scripts/arch.sh host) || host=""
arches=$host
for arch in $(scripts/arch.sh); do
	[ "$arch" = "$host" ] || arches="$arches $arch"
done

# cppcheck, over all of src, guest and include and the C of lab/host and
# tools, with the defines of each architecture that gives some
# (ARCH_CPPCHECK: x86's)
for arch in $arches; do
	defines=$(scripts/arch.sh "$arch" ARCH_CPPCHECK)
	[ -n "$defines" ] || continue
	echo "lint: cppcheck ($arch)"
	# shellcheck disable=SC2086 # $defines: a list of options
	cppcheck -q --error-exitcode=1 --enable=warning,portability,performance \
		--inline-suppr --std=c11 $defines \
		-Iinclude -Isrc -Isrc/arch/"$arch" src guest include lab/host tools ||
		status=1
done

# sparse, once per architecture over the sources its build uses, with
# that architecture's headers: this machine's own, another's from its
# cross libc and the lab's sysroot of its Debian packages.
cache=${KVMINI_CACHE:-$HOME/.cache/kvmini}
for arch in $arches; do
	flags=$(scripts/arch.sh "$arch" ARCH_SPARSE)
	if [ "$arch" != "$host" ]; then
		triplet=$(scripts/arch.sh "$arch" ARCH_TRIPLET)
		debarch=$(scripts/arch.sh "$arch" ARCH_DEBARCH)
		sysroot=$cache/sysroot-$debarch
		# shellcheck disable=SC2046 # ARCH_LIB_PKGS: a list of packages
		lab/fetch-foreign.sh "$debarch" "$sysroot" busybox-static \
			$(scripts/arch.sh "$arch" ARCH_LIB_PKGS)
		inc=$("$triplet-gcc" -print-file-name=include)
		flags="$flags -nostdinc -isystem $inc
			-isystem /usr/$triplet/include
			-isystem $sysroot/usr/include"
	fi
	echo "lint: sparse ($arch)"
	for f in $(make -s ARCH="$arch" print-srcs); do
		# shellcheck disable=SC2086 # $flags: a list of options
		sparse $flags -D_GNU_SOURCE -DKVMINI_VERSION='"lint"' -Iinclude \
			-Isrc -Isrc/arch/"$arch" -Wsparse-error "$f" || status=1
	done
done

[ $status -eq 0 ] && echo "lint: clean"
exit $status
