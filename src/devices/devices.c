// SPDX-License-Identifier: GPL-2.0
#include <stddef.h>

#include "device.h"

const struct device_class *const device_classes[] = {
	&debugcon_class,
	&simvirtio_class,
	NULL,
};
