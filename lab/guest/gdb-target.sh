# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# <arch>-gdb-linux: where this boot put account_process_tick (KASLR or
# not, as the kernel itself lists it), then a busy loop, so that the
# scheduler's tick, which calls it, keeps coming while GDB is attached.
echo "GDB-SYM $(grep -m1 ' account_process_tick$' /proc/kallsyms | cut -d' ' -f1)"
echo GDB-READY
while :; do :; done
