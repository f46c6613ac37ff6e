# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# SMP: both CPUs online and CPU 1 runs a task (field 39 of
# /proc/PID/stat: the CPU it last ran on).
echo "SMP-ONLINE $(cat /sys/devices/system/cpu/online)"
dmesg | grep -E "smp: Brought up|SMP: Total of" | sed 's/^\[[^]]*\] *//'
# shellcheck disable=SC2016 # awk's field 39, not the shell's
echo "SMP-ON-CPU1 $(taskset -c 1 awk '{ print $39 }' /proc/self/stat)"
