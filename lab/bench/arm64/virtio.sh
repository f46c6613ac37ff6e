# SPDX-License-Identifier: GPL-2.0
# Notifications measured, lab/bench/common/virtio.sh
. /lab/suite/common/virtio.sh
