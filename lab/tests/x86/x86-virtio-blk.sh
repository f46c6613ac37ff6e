# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# The body both architectures share, lab/tests/common/virtio-blk.sh
# shellcheck source=lab/tests/common/virtio-blk.sh
. /lab/suite/common/virtio-blk.sh
