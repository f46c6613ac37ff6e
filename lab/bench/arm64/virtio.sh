# SPDX-License-Identifier: GPL-2.0
# issue 11: notifications measured, lab/bench/common/virtio.sh
. /lab/suite/common/virtio.sh
