#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# /init of the lab's KVM host: runs every /lab/tests/*.sh (those whose
# name matches the ERE LAB_FILTER, when it is set), prints
# "PASS name" or "FAIL name" (with the test's output), then LAB-DONE, and
# powers off. lab/boot.sh reads this from the serial console.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tmpfs tmp /tmp
mkdir -p /lab/out /etc
# users for tests that drop privileges (su nobody)
printf 'root:x:0:0::/:/bin/sh\nnobody:x:65534:65534::/:/bin/sh\n' >/etc/passwd
printf 'root:x:0:\nnogroup:x:65534:\n' >/etc/group
export PATH=/bin:/sbin:/usr/bin
# loopback, as any host has (the GDB stub's tests listen on 127.0.0.1)
ip link set lo up 2>/dev/null || ifconfig lo 127.0.0.1 up ||
	echo "LAB: no loopback"
# shellcheck source=/dev/null # written by lab/initramfs.sh
. /lab/env
export LAB_KVM_READY LAB_KVM_SELFTESTS LAB_PEER
# a Debian host kernel: the patched KVM modules, in order
if [ -e /lab/modules/order ]; then
	while read -r m; do
		insmod "/lab/modules/$m" || echo "LAB: insmod $m failed"
	done </lab/modules/order
fi
echo "LAB-START $(uname -r) $(uname -m), $(grep -c ^processor /proc/cpuinfo) CPUs"
# else /init exits: the kernel panics, lab/boot.sh reports an incomplete lab
cd /lab || exit 1
for t in /lab/tests/*.sh; do
	name=$(basename "$t" .sh)
	echo "$name" | grep -Eq -- "${LAB_FILTER:-.}" || continue
	start=$(date +%s)
	# stdin is not the console: kvmini reads its stdin into the guest's
	# UART and would switch a terminal to raw mode
	if timeout "${LAB_TEST_TIMEOUT:-600}" sh "$t" </dev/null >"/tmp/$name.log" 2>&1; then
		echo "PASS $name ($(($(date +%s) - start)) s)"
	else
		echo "FAIL $name ($(($(date +%s) - start)) s)"
	fi
	sed 's/^/    | /' "/tmp/$name.log" | tail -40
done
# files tests left in /lab/out travel back over the console
for f in /lab/out/*; do
	[ -f "$f" ] || continue
	echo "ARTIFACT $(basename "$f")"
	cat "$f"
	echo "ARTIFACT-END"
done
echo LAB-DONE
$LAB_HALT
