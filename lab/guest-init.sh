#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# /init of the Linux guest that kvmini boots inside the lab: run one
# command, print its output, power off (PSCI SYSTEM_OFF).
/bin/busybox mount -t proc proc /proc
echo "GUEST-OK kernel $(/bin/busybox uname -r), $(/bin/busybox grep -c ^processor /proc/cpuinfo) CPUs"
/bin/busybox poweroff -f
