#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Builds kvmini targets for another architecture with the lab's cross
# compiler and sysroot (lab/ARCH.conf), e.g. the static arm64 kvmini and
# guests the lab and the arm64 emulated KVM host run.
# Usage: lab/cross-build.sh ARCH VARIANT MAKE-TARGET...
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cache=${KVMINI_CACHE:-$HOME/.cache/kvmini}
# shellcheck source=lab/common.sh
. "$top/lab/common.sh"
[ $# -ge 3 ] || die "usage: lab/cross-build.sh ARCH VARIANT MAKE-TARGET..."
arch=$1
variant=$2
shift 2
load_conf "$arch"
fetch_sysroot
cross=$LAB_CROSS
[ "$arch" = "$(host_arch)" ] && cross=
make -s -C "$top" ARCH="$arch" CROSS_COMPILE="$cross" SYSROOT="$sysroot" \
	VARIANT="$variant" "$@"
