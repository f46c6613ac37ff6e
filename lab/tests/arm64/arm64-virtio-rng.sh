# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# The body both architectures share, lab/tests/common/virtio-rng.sh
# shellcheck source=lab/tests/common/virtio-rng.sh
. /lab/suite/common/virtio-rng.sh
