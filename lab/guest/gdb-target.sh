# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# <arch>-gdb-linux: where this boot put hrtimer_interrupt (KASLR or not,
# as the kernel itself lists it), then a busy loop, so that the
# scheduler's tick, which runs it, keeps coming while GDB is attached.
echo "GDB-SYM $(grep -m1 ' hrtimer_interrupt$' /proc/kallsyms | cut -d' ' -f1)"
echo GDB-READY
while :; do :; done
