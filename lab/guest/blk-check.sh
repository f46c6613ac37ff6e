# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# virtio-blk, last boot: mount read-write (ext4 replays its journal after
# the SIGKILL) and print the sha256 of every file the earlier boots wrote.
mkdir -p /mnt
mount -t ext4 /dev/vda /mnt || exit 1
for f in data data2; do
	[ -e /mnt/$f ] && echo "BLK-CHECK $f $(sha256sum </mnt/$f | cut -d' ' -f1)"
done
umount /mnt
