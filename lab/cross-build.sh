#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Builds kvmini targets for another architecture with its cross compiler
# and the lab's sysroot of its Debian packages (src/arch/ARCH/arch.mk:
# load_arch), e.g. the static arm64 kvmini and guests the lab and the
# arm64 emulated KVM host run.
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
load_arch "$arch"
fetch_sysroot
make -s -C "$top" ARCH="$arch" CROSS_COMPILE="$LAB_CROSS" SYSROOT="$sysroot" \
	VARIANT="$variant" "$@"
