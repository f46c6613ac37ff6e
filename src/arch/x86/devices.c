// SPDX-License-Identifier: GPL-2.0
/* x86 machine: debug console on port 0xe9 and SIMVIRTIO */
#include <stddef.h>

#include "devices/device.h"

const struct device_class *const device_classes[] = {
	&debugcon_class,
	&simvirtio_class,
	NULL,
};
