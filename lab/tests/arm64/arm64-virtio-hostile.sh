# SPDX-License-Identifier: GPL-2.0
# issue 11: a bare guest feeds virtio-rng malformed virtqueues (a looping
# chain, buffers outside RAM, zero and huge lengths, indices out of
# range): bad buffers fail their request, damaged rings make the device
# need a reset, kvmini stays up. The integration suite's group, alone.
SUITE_GROUPS=virtio-hostile KVM_HOST="the arm64 lab" \
	sh /lab/suite/integration/run.sh /bin/kvmini /lab/guests arm64-virtio-hostile
