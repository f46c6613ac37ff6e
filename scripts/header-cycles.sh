#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# No two modules of src/ include each other's headers (a.c includes b.h
# and b.c includes a.h): modules depend one way. Each #include "..." of
# every source file an architecture's kvmini builds (make print-srcs) is
# resolved as the compiler does (the file's own folder, then -Iinclude
# -Isrc -Isrc/arch/ARCH), so a module is a path: src/arch/x86/x86 and
# include/kvmini/arch/x86 are not one. Prints each cycle and exits 1 if
# there is one.
set -eu
cd "$(dirname "$0")/.."

status=0
for dir in src/arch/*/; do
	arch=$(basename "$dir")
	# "a b": a.c includes b.h, both as paths without their suffix
	edges=$(for c in $(make -s ARCH="$arch" print-srcs); do
		sed -n 's/^#include "\([^"]*\.h\)".*/\1/p' "$c" | while read -r h; do
			for d in "$(dirname "$c")" include src "src/arch/$arch"; do
				if [ -f "$d/$h" ]; then
					echo "${c%.c} $(realpath --relative-to=. "$d/$h" | sed 's/\.h$//')"
					break
				fi
			done
		done
	done | sort -u)
	cycles=$(echo "$edges" | while read -r a b; do
		if [ "$a" != "$b" ] && echo "$edges" | grep -qx "$b $a"; then
			# each pair once, whichever way round it was found
			pair=$(printf '%s\n%s\n' "$a" "$b" | sort | tr '\n' ' ')
			echo "header cycle ($arch): ${pair% }: each .c includes the other's .h"
		fi
	done | sort -u)
	if [ -n "$cycles" ]; then
		echo "$cycles"
		status=1
	fi
done
exit $status
