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

# The kernel series, as a submitter checks it: from the kernel tree (run
# from this repository's root, checkpatch misreads the patch files). New
# files sit under paths MAINTAINERS already covers, hence the ignore.
echo "lint: checkpatch kernel/patches"
patches=$(for p in kernel/patches/*.patch; do [ -e "$p" ] && echo "$PWD/$p"; done)
if [ -n "$patches" ]; then
	# shellcheck disable=SC2086 # $patches: a list of files
	(cd "$tree" && perl scripts/checkpatch.pl --no-tree --terse -q \
		--ignore FILE_PATH_CHANGES $patches) || status=1
fi

# the README's option and exit-status tables, against kvmini --help
echo "lint: README tables"
scripts/check-readme.sh "${KVMINI:?the kvmini to ask (make lint sets it)}" ||
	status=1

echo "lint: header cycles"
scripts/header-cycles.sh || status=1

echo "lint: cppcheck"
cppcheck -q --error-exitcode=1 --enable=warning,portability,performance \
	--inline-suppr --std=c11 -D__x86_64__ -DMODE=64 \
	-Iinclude -Isrc -Isrc/arch/x86 src guest include || status=1

# sparse, once per architecture over the sources its build uses, with
# that architecture's headers (arm64: the cross libc and the lab sysroot).
cache=${KVMINI_CACHE:-$HOME/.cache/kvmini}
lab/fetch-foreign.sh arm64 "$cache/sysroot-arm64" busybox-static libfdt-dev libfdt1 \
	libseccomp-dev libseccomp2
for arch in x86 arm64; do
	echo "lint: sparse ($arch)"
	case $arch in
	x86) flags="--arch=x86_64" ;;
	arm64) inc=$(aarch64-linux-gnu-gcc -print-file-name=include)
		flags="--arch=arm64 -nostdinc -isystem $inc
			-isystem /usr/aarch64-linux-gnu/include
			-isystem $cache/sysroot-arm64/usr/include" ;;
	esac
	for f in $(make -s ARCH=$arch print-srcs); do
		# shellcheck disable=SC2086 # $flags: a list of options
		sparse $flags -D_GNU_SOURCE -DKVMINI_VERSION='"lint"' -Iinclude \
			-Isrc -Isrc/arch/$arch -Wsparse-error "$f" || status=1
	done
done

[ $status -eq 0 ] && echo "lint: clean"
exit $status
