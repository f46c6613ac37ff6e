#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Prints the path of Debian's linux-source-6.12 unpacked in kvmini's cache
# (outside the git tree, reused across runs). With "scripts", unpacks only
# what checkpatch needs; otherwise the whole tree.
set -eu

cache=${KVMINI_CACHE:-$HOME/.cache/kvmini}
tarball=/usr/src/linux-source-6.12.tar.xz
top=linux-source-6.12
mkdir -p "$cache"
[ -r "$tarball" ] || { echo "linux-tree: $tarball missing (scripts/install-deps.sh lint)" >&2; exit 4; }

if [ "${1:-}" = scripts ]; then
	stamp="$cache/$top/.kvmini-scripts"
	set -- "$top/scripts/checkpatch.pl" "$top/scripts/spelling.txt" \
		"$top/scripts/const_structs.checkpatch"
else
	stamp="$cache/$top/.kvmini-full"
	set --
fi
# shellcheck disable=SC3013 # -nt: POSIX.1-2024, and in dash and bash
if [ ! -e "$stamp" ] || [ "$tarball" -nt "$stamp" ]; then
	echo "linux-tree: unpacking $tarball${1:+ (checkpatch only)}" >&2
	tar -xJf "$tarball" -C "$cache" "$@"
	touch "$stamp"
fi
echo "$cache/$top"
