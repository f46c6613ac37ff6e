# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# virtio-blk, third boot: write a second file, sync (the guest's flush:
# kvmini's fdatasync), say so and wait to be killed: the host sends kvmini
# SIGKILL and the next boot must find the file.
mkdir -p /mnt
mount -t ext4 /dev/vda /mnt || exit 1
dd if=/dev/urandom of=/mnt/data2 bs=4096 count=64 2>/dev/null || exit 1
sha=$(sha256sum </mnt/data2 | cut -d' ' -f1)
sync
echo "BLK-SYNCED $sha"
sleep 1000
