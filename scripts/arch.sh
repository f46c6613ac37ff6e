#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# What the build and test scripts know of each architecture lives in its
# src/arch/<arch>/arch.mk: the Makefile includes the file, and this reads
# its facts for the scripts. A fact is one line, "ARCH_NAME := value",
# the value plain words (no make syntax; a "#" starts a comment, as in
# make).
#
# Usage: scripts/arch.sh                  the architectures, one a line
#        scripts/arch.sh host             this machine's (uname -m)
#        scripts/arch.sh machine MACHINE  the one whose ARCH_UNAME is
#                                         MACHINE (as kvmini --version
#                                         names it)
#        scripts/arch.sh ARCH NAME        ARCH's fact NAME (empty if unset)
# host and machine print nothing and fail when no architecture matches.
set -eu
dir=$(dirname "$0")/../src/arch

# fact ARCH NAME
fact() {
	[ -r "$dir/$1/arch.mk" ] || {
		echo "arch.sh: no architecture '$1' (src/arch/*/arch.mk)" >&2
		exit 2
	}
	sed -n "s/^$2[[:space:]]*:=[[:space:]]*//p" "$dir/$1/arch.mk" |
		sed 's/[[:space:]]*#.*//; s/[[:space:]]*$//'
}

arches() {
	for mk in "$dir"/*/arch.mk; do
		[ -r "$mk" ] || continue
		mk=${mk%/arch.mk}
		echo "${mk##*/}"
	done
}

# machine MACHINE
machine() {
	for a in $(arches); do
		[ "$(fact "$a" ARCH_UNAME)" != "$1" ] || { echo "$a"; return 0; }
	done
	return 1
}

case $# in
0) arches ;;
1) [ "$1" = host ] || { echo "usage: scripts/arch.sh [host | machine MACHINE | ARCH NAME]" >&2; exit 2; }
   machine "$(uname -m)" ;;
2) if [ "$1" = machine ]; then machine "$2"; else fact "$1" "$2"; fi ;;
*) echo "usage: scripts/arch.sh [host | machine MACHINE | ARCH NAME]" >&2; exit 2 ;;
esac
