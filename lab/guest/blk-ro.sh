# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# virtio-blk, second boot, with --disk FILE,ro: the kernel sees a
# read-only disk (VIRTIO_BLK_F_RO), the first boot's data reads back, and
# every way to write is refused. Prints BLK-SHA256 and one BLK-RO line
# per refusal; exits non-zero when a write got through.
dev=/dev/vda
[ -b $dev ] || { echo "no $dev"; exit 1; }
echo "BLK-RO sysfs ro=$(cat /sys/block/vda/ro)"
mkdir -p /mnt
mount -t ext4 -o ro $dev /mnt || exit 1
echo "BLK-SHA256 $(sha256sum </mnt/data | cut -d' ' -f1)"
st=0
if touch /mnt/new 2>/dev/null; then
	echo "BLK-RO file create: accepted"; st=1
else
	echo "BLK-RO file create: refused"
fi
umount /mnt
# a read-write mount: refused, or (busybox mount's fallback) read-only
if mount -t ext4 -o rw $dev /mnt 2>/dev/null; then
	if grep -q " /mnt ext4 ro[, ]" /proc/mounts; then
		echo "BLK-RO rw mount: refused (mounted read-only)"
	else
		echo "BLK-RO rw mount: accepted"; st=1
	fi
	umount /mnt
else
	echo "BLK-RO rw mount: refused"
fi
# the raw device
if dd if=/dev/zero of=$dev bs=512 count=1 conv=fsync 2>/dev/null; then
	echo "BLK-RO raw write: accepted"; st=1
else
	echo "BLK-RO raw write: refused"
fi
exit $st
