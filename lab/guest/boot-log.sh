# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# x86-linux-boot: after the boot, the kernel's messages that mark its
# phases, with their times, so that the phases of the boot's exit trace
# can be named (docs/x86-exit-stats.md). Printed once init runs, they
# add no exits to the boot itself.
dmesg | grep -E 'Linux version|tsc: |kvm-clock|Memory:|smpboot|PCI: Using|pci 0000:00:00\.0|ACPI: Interpreter|clocksource: Switched|Unpacking initramfs|Serial: 8250|serial8250|i8042|rtc_cmos|Freeing unused kernel|Run /init'
