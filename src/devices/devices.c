// SPDX-License-Identifier: GPL-2.0
#include <stddef.h>

#include "device.h"

extern const struct device_class debugcon_class;
extern const struct device_class simvirtio_class;

const struct device_class *const device_classes[] = {
	&debugcon_class,
	&simvirtio_class,
	NULL,
};
