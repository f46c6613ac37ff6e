# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# The VM's exit rate while the guest idles and while it does I/O: reading
# the whole virtio-blk disk in 4 KiB direct requests, and writing 16 KiB
# to the console (COM1 on x86: one exit per byte)
/guest/cpuid_exits 0 >/dev/null	# the program is paged in
/guest/cpuid_exits --during sleep 2
n=$(($(cat /sys/block/vda/size) / 8))
/guest/cpuid_exits --during dd if=/dev/vda of=/dev/null bs=4096 count=$n iflag=direct
/guest/cpuid_exits --during sh -c 'head -c 16384 /dev/zero | tr "\0" x >/dev/console; echo'
