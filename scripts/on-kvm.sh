#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Runs COMMAND where KVM works: natively when KVMINI (a kvmini binary)
# says this machine's /dev/kvm can create a VM, otherwise in the emulated
# KVM host (lab/kvm-host.sh), after one line on stderr that says why.
# KVMINI_HOST=native|emulated forces one of the two (default: auto).
# Usage: scripts/on-kvm.sh KVMINI COMMAND [ARG...]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
kvmini=$1
shift
case "${KVMINI_HOST:-auto}" in
native)
	exec "$@" ;;
emulated)
	why="KVMINI_HOST=emulated" ;;
auto)
	if why=$("$kvmini" --check-kvm 2>&1); then
		exec "$@"
	fi
	why=${why#kvmini: }
	why=${why%%;*} ;;
*)
	echo "on-kvm: KVMINI_HOST must be auto, native or emulated" >&2
	exit 2 ;;
esac
echo "on-kvm: $why: running in the emulated KVM host (lab/kvm-host.sh: QEMU software emulation)" >&2
exec "$top/lab/kvm-host.sh" -- "$@"
