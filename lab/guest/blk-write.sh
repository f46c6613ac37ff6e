# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# virtio-blk, first boot: the ext4 image (lab/initramfs.sh make_test_disk) on
# /dev/vda: read the file mke2fs -d put there, write 1 MiB, sync, unmount.
# Prints BLK-SHA256 <sha of /mnt/data>; the host compares it with what
# the next boots read.
dev=/dev/vda
[ -b $dev ] || { echo "no $dev"; ls /sys/block; exit 1; }
echo "BLK-SECTORS $(cat /sys/block/vda/size) ro=$(cat /sys/block/vda/ro)"
mkdir -p /mnt
mount -t ext4 $dev /mnt || exit 1
echo "BLK-HELLO $(cat /mnt/hello.txt)"
dd if=/dev/urandom of=/mnt/data bs=4096 count=256 2>/dev/null || exit 1
echo "BLK-SHA256 $(sha256sum </mnt/data | cut -d' ' -f1)"
sync
umount /mnt || exit 1
echo BLK-WRITE-DONE
