// SPDX-License-Identifier: GPL-2.0
/* arm64 machine: PL011 UART, the exit register, SIMVIRTIO */
#include <stddef.h>

#include "devices/device.h"

const struct device_class *const device_classes[] = {
	&pl011_class,
	&exitdev_class,
	&simvirtio_class,
	NULL,
};
