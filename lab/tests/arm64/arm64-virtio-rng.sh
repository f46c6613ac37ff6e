# SPDX-License-Identifier: GPL-2.0
# issue 11: the body both architectures share, lab/tests/common/virtio-rng.sh
. /lab/suite/common/virtio-rng.sh
