#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# No two files of src/ include each other's headers (a.c includes b.h
# and b.c includes a.h): modules depend one way. Prints each such pair
# and exits 1 if there is one.
set -eu
cd "$(dirname "$0")/.."

# "a b" for every a.c that includes b.h, by file stem; only headers of
# src/ (found beside a.c, under src/ or an arch folder of src/arch/), not
# include/'s guest ABI, whose kvmini/arch/arm64.h is no module arm64
edges=$(for c in $(git ls-files --cached --others --exclude-standard 'src/*.c'); do
	a=$(basename "$c" .c)
	dir=$(dirname "$c")
	sed -n 's/^#include "\([^"]*\.h\)".*/\1/p' "$c" | while read -r h; do
		for d in "$dir" src src/arch/*; do
			if [ -f "$d/$h" ]; then
				echo "$a $(basename "$h" .h)"
				break
			fi
		done
	done
done | sort -u)
cycles=$(echo "$edges" | while read -r a b; do
	if [ "$a" != "$b" ] && echo "$edges" | grep -qx "$b $a"; then
		# each pair once, whichever way round it was found
		pair=$(printf '%s\n%s\n' "$a" "$b" | sort | tr '\n' ' ')
		echo "header cycle: ${pair% }: each .c includes the other's .h"
	fi
done | sort -u)
[ -z "$cycles" ] && exit 0
echo "$cycles"
exit 1
