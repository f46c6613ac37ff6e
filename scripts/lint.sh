#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Static checks on all C: checkpatch (kernel style, from Debian's
# linux-source-6.12), cppcheck and sparse. Fails on any checkpatch error
# or warning not listed below, and on any cppcheck or sparse finding.
set -eu
cd "$(dirname "$0")/.."

tree=$(scripts/linux-tree.sh scripts)
files=$(git ls-files '*.c' '*.h')
status=0

# Userspace code follows kernel style, but these kernel-only rules do not
# apply: SPDX placement for userspace headers is ours, "volatile" is how
# guests reach MMIO, and printf-style strings are not kernel printk.
ignore=SPDX_LICENSE_TAG,VOLATILE,SPLIT_STRING,NEW_TYPEDEFS,PREFER_KERNEL_TYPES,FILE_PATH_CHANGES,EMBEDDED_FUNCTION_NAME
echo "lint: checkpatch"
# shellcheck disable=SC2086
if ! perl "$tree/scripts/checkpatch.pl" --no-tree --terse -q --show-types \
	--ignore "$ignore" -f $files; then
	status=1
fi

echo "lint: cppcheck"
# shellcheck disable=SC2086
cppcheck -q --error-exitcode=1 --enable=warning,portability,performance \
	--inline-suppr --std=c11 -D__x86_64__ -DMODE=64 \
	-Iinclude -Isrc -Isrc/arch/x86 src guest include || status=1

echo "lint: sparse"
for f in $(git ls-files 'src/*.c'); do
	sparse -D_GNU_SOURCE -DKVMINI_VERSION='"lint"' -Iinclude -Isrc \
		-Isrc/arch/x86 -Wsparse-error "$f" || status=1
done

[ $status -eq 0 ] && echo "lint: clean"
exit $status
