# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# Hostile virtio drivers (the integration suite's group, alone): virtio-rng
# fed malformed virtqueues (bad buffers fail their request, damaged rings
# make the device need a reset, kvmini stays up), a ring of 4 GiB rng
# requests, and a virtio-blk request that refills its own ring for ever,
# which --timeout must still end; by exits, ioeventfds and polling.
SUITE_GROUPS=virtio-hostile KVM_HOST="the x86 lab" \
	sh /lab/suite/integration/run.sh /bin/kvmini /lab/guests x86-virtio-hostile
