# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# Notifications measured, lab/bench/common/virtio.sh
# shellcheck source=lab/bench/common/virtio.sh
. /lab/suite/common/virtio.sh
