/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The device manager: builds a machine's devices from its table
 * (src/arch/<arch>/devices.c, one row per device), claims their bus
 * ranges, runs their life cycle, and describes them to a kernel (device
 * tree nodes, console name) and to the statistics report.
 */
#ifndef KVMINI_DEVMGR_H
#define KVMINI_DEVMGR_H

#include <stdint.h>

#include "devices/device.h"

struct config;
struct vm;

/* One row of a machine's table: a class (by name) and its place. */
struct device_row {
	const char *class_name;
	struct device_place at;
};

/* The machine's table, ended by a row without a class. */
extern const struct device_row machine_devices[];

#define DEVMGR_MAX	16

struct device {
	const struct device_class *cls;
	struct device_place at;
	void *state;
};

struct devmgr {
	struct device dev[DEVMGR_MAX];
	unsigned int nr;
};

/*
 * Creates the devices of rows (NULL: machine_devices) that cfg wants, on
 * vm's bus. 0, or -1 with one message (unknown class, taken range).
 */
int devmgr_create(struct devmgr *dm, const struct device_row *rows,
		  struct vm *vm, const struct config *cfg);
/* Starts every device; 0 or -1. */
int devmgr_start(struct devmgr *dm);
/* Stops every device (idempotent), then flushes what consoles printed. */
void devmgr_stop(struct devmgr *dm);
void devmgr_destroy(struct devmgr *dm);

/* The first device with a Linux console, or NULL. */
const struct device *devmgr_console(const struct devmgr *dm);

/* "name@base": a device-tree node name, from where the device sits. */
void devmgr_node_name(const struct device *d, char *buf, unsigned int size);

#endif /* KVMINI_DEVMGR_H */
