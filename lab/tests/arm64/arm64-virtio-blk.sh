# SPDX-License-Identifier: GPL-2.0
# The body both architectures share, lab/tests/common/virtio-blk.sh
. /lab/suite/common/virtio-blk.sh
