#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# /init of the Linux guest that kvmini boots inside the lab: say it
# started (first of all: the mark lab/bench/common/boot.sh times), mark
# its boot on kvmini's devices (POST code 0x60: init started; the boot
# timer once its drivers are in), report, run the guest script named by run= on
# the kernel command line (the kernel hands unknown name=value parameters
# to init as environment), print its result, power off (PSCI SYSTEM_OFF).
echo GUEST-INIT
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
/guest/boot_mark 0x60 || echo "GUEST: no boot marker"
mkdir -p /tmp
# a Debian guest kernel: the virtio drivers it has as modules
# (LAB_GUEST_MODULES), in order
if [ -e /modules/order ]; then
	while read -r m; do
		insmod "/modules/$m" || echo "GUEST: insmod $m failed"
	done </modules/order
fi
/guest/boot_mark booted || echo "GUEST: no boot marker"
echo "GUEST-OK kernel $(uname -r), $(grep -c ^processor /proc/cpuinfo) CPUs"
if [ -n "$run" ]; then
	sh "/guest/$run.sh"
	echo "GUEST-RESULT $run $?"
fi
# shellcheck source=/dev/null # written by lab/initramfs.sh
. /env
$LAB_HALT
