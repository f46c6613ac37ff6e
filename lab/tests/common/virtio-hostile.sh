# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# <arch>-virtio-hostile: hostile virtio drivers (the integration suite's
# group, alone): virtio-rng fed malformed virtqueues (bad buffers fail
# their request, damaged rings make the device need a reset, kvmini stays
# up), a ring of 4 GiB rng requests, and a virtio-blk request that
# refills its own ring for ever, which --timeout must still end; by
# exits, ioeventfds and polling.
case $(uname -m) in
x86_64) arch=x86 ;;
aarch64) arch=arm64 ;;
*) echo "no lab for $(uname -m)"; exit 1 ;;
esac
# (KVMINI_ARCH: the suite is here without the tree)
KVMINI_ARCH=$arch SUITE_GROUPS=virtio-hostile KVM_HOST="the $arch lab" \
	sh /lab/suite/integration/run.sh /bin/kvmini /lab/guests "$arch-virtio-hostile"
