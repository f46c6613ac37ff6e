# SPDX-License-Identifier: GPL-2.0
# The body both architectures share, lab/tests/common/virtio-rng.sh
. /lab/suite/common/virtio-rng.sh
