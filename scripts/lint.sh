#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Static checks on all C: checkpatch (kernel style, from Debian's
# linux-source-6.12), cppcheck and sparse. Fails on any checkpatch error
# or warning not listed below, and on any cppcheck or sparse finding.
set -eu
cd "$(dirname "$0")/.."

tree=$(scripts/linux-tree.sh scripts)
files=$(git ls-files --cached --others --exclude-standard '*.c' '*.h')
status=0

# Userspace code follows kernel style, but these kernel-only rules do not
# apply: kernel integer types (u32...) and printk-specific rules, and
# PREFER_DEFINED_ATTRIBUTE_MACRO, which fires on src/compiler.h defining
# the very __printf macro it asks for (userspace has no
# <linux/compiler_attributes.h>).
ignore=PREFER_KERNEL_TYPES,SPLIT_STRING,PREFER_DEFINED_ATTRIBUTE_MACRO
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
for f in $(git ls-files --cached --others --exclude-standard 'src/*.c'); do
	sparse -D_GNU_SOURCE -DKVMINI_VERSION='"lint"' -Iinclude -Isrc \
		-Isrc/arch/x86 -Wsparse-error "$f" || status=1
done

[ $status -eq 0 ] && echo "lint: clean"
exit $status
