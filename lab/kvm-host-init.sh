#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# /init of the emulated KVM host (lab/kvm-host.sh): loads the modules,
# mounts the project (and, when the host can run its binaries, the host's
# root) over 9p, runs /cmd.sh with its stdout and stderr on the
# virtio-serial ports "stdout" and "stderr", writes the exit status to
# the port "status" and powers off.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
# shellcheck source=/dev/null # written by lab/kvm-host.sh
. /cmd.env

# progress on the console (build/kvm-host/<arch>/console.log)
say() { echo "kvm-host-init: $*" >/dev/console; }
fail() {
	say "$*"
	poweroff -f
}
say "booted in $(cut -d' ' -f1 /proc/uptime) s"

while read -r m; do
	insmod "/modules/$m" || fail "insmod $m failed"
done </modules.order

# virtio-serial ports appear as /dev/vportNpM; their names are in sysfs
port() {
	for p in /sys/class/virtio-ports/*; do
		[ "$(cat "$p/name" 2>/dev/null)" = "$1" ] &&
			{ echo "/dev/${p##*/}"; return; }
	done
	fail "no virtio-serial port $1"
}
say "modules loaded"
# loopback, as any host has (the GDB stub's tests listen on 127.0.0.1)
ip link set lo up 2>/dev/null || ifconfig lo 127.0.0.1 up ||
	say "no loopback"
out=$(port stdout)
err=$(port stderr)
status=$(port status)

# tells the command where it runs (the integration suite prints it)
KVM_HOST="the emulated $(uname -m) KVM host (QEMU software emulation), Linux $(uname -r)"
export KVM_HOST

p9="trans=virtio,version=9p2000.L,msize=262144"
if [ "$KH_HOSTROOT" = 1 ]; then
	# the host's own userspace, read-only; the project read-write on top
	r=/newroot
	mkdir -p $r
	mount -t 9p -o "$p9,cache=loose,ro" hostroot $r || fail "mount hostroot"
	mount -t proc proc $r/proc
	mount -t sysfs sys $r/sys
	mount -t devtmpfs dev $r/dev
	mount -t tmpfs tmp $r/tmp
	mount -t tmpfs run $r/run
	mkdir -p $r/dev/shm $r/dev/pts
	mount -t tmpfs shm $r/dev/shm
	mount -t devpts pts $r/dev/pts
	# last, so a project under /tmp or /run is not hidden by their tmpfs
	mkdir -p "$r$KH_PROJECT" 2>/dev/null
	mount -t 9p -o "$p9,cache=mmap" project "$r$KH_PROJECT" ||
		fail "mount project"
	cp /cmd.sh $r/tmp/.kvm-host-cmd.sh
	say "running the command at $(cut -d' ' -f1 /proc/uptime) s"
	chroot $r /bin/sh /tmp/.kvm-host-cmd.sh >"$r$out" 2>"$r$err" </dev/null
	rc=$?
else
	# busybox only: the command must run on this architecture
	mkdir -p /tmp /etc
	printf 'root:x:0:0::/:/bin/sh\nnobody:x:65534:65534::/:/bin/sh\n' >/etc/passwd
	printf 'root:x:0:\nnogroup:x:65534:\n' >/etc/group
	mount -t tmpfs tmp /tmp
	# after /tmp's tmpfs, so a project under /tmp is not hidden
	mkdir -p "$KH_PROJECT"
	mount -t 9p -o "$p9,cache=mmap" project "$KH_PROJECT" ||
		fail "mount project"
	say "running the command at $(cut -d' ' -f1 /proc/uptime) s"
	sh /cmd.sh >"$out" 2>"$err" </dev/null
	rc=$?
fi
say "the command ended with status $rc at $(cut -d' ' -f1 /proc/uptime) s"
echo "$rc" >"$status"
sync
poweroff -f
