# SPDX-License-Identifier: GPL-2.0
ARCH_DEVICES := debugcon serial8250 i8042 cmos_rtc simvirtio
