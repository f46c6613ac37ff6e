# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# virtio-blk throughput for lab/bench: the whole raw disk read in 4 KiB
# O_DIRECT requests, one in flight (each its own notification and
# interrupt unless suppressed), timed by the guest's clock.
n=$(($(cat /sys/block/vda/size) / 8))
t0=$(cut -d' ' -f1 /proc/uptime)
dd if=/dev/vda of=/dev/null bs=4096 count=$n iflag=direct 2>/dev/null || exit 1
t1=$(cut -d' ' -f1 /proc/uptime)
echo "BLK-BENCH $((n * 4096)) $(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')"
