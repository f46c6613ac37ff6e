/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The device manager: builds a machine's devices from its table
 * (src/arch/<arch>/devices.c, one row per device), claims their bus
 * ranges, runs their life cycle, and describes them to a kernel (device
 * tree nodes, console name) and to the statistics report.
 */
#ifndef KVMINI_DEVMGR_H
#define KVMINI_DEVMGR_H

#include <stdbool.h>
#include <stdint.h>

#include "devices/device.h"

struct vm;

/*
 * One row of a machine's table: a class (by name) and its place, for
 * count instances (0: one) each stride bytes above the last, the i-th
 * raising irqs[i] (NULL: at.irq).
 */
struct device_row {
	const char *class_name;
	struct device_place at;
	unsigned int count;
	uint64_t stride;
	const int *irqs;
};

#define DEVMGR_MAX	16

struct device {
	const struct device_class *cls;
	struct device_place at;
	void *state;
	unsigned int instance;	/* earlier ones of its class */
	bool attached;		/* init ran: stop and fini undo it */
};

struct devmgr {
	struct device dev[DEVMGR_MAX];
	unsigned int nr;
};

/*
 * Checks every class's options against the host before kvmini opens any
 * file (an --net fd=N that must be a tap): ST_OK or the status to exit
 * with (one line printed).
 */
int devmgr_check(void);
/*
 * Picks the devices of rows (a machine's table) that the options
 * want and opens their host resources (disk images, taps), before any
 * KVM call: ST_OK or the status to exit with (one message printed).
 */
int devmgr_prepare(struct devmgr *dm, const struct device_row *rows);
/*
 * Sets them up on vm and claims their bus ranges: 0, or -1 with one
 * message (a taken range). env's params are each class's own.
 */
int devmgr_attach(struct devmgr *dm, struct vm *vm,
		  const struct device_env *env);
/* Starts every device; 0 or -1. */
int devmgr_start(struct devmgr *dm);
/* Stops every device (idempotent), then flushes what consoles printed. */
void devmgr_stop(struct devmgr *dm);
void devmgr_destroy(struct devmgr *dm);

/* The first device with a Linux console, or NULL. */
const struct device *devmgr_console(const struct devmgr *dm);

/* "node@base": a device-tree node name (its class's dt_node), where it sits. */
void devmgr_node_name(const struct device *d, char *buf, unsigned int size);

#endif /* KVMINI_DEVMGR_H */
