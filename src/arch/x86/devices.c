// SPDX-License-Identifier: GPL-2.0
/* x86 machine: debug console (0xe9), COM1, i8042 reset, RTC, SIMVIRTIO */
#include <stddef.h>

#include "devices/device.h"

const struct device_class *const device_classes[] = {
	&debugcon_class,
	&serial8250_class,
	&i8042_class,
	&cmos_rtc_class,
	&simvirtio_class,
	NULL,
};
