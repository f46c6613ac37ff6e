// SPDX-License-Identifier: GPL-2.0
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "devmgr.h"
#include "log.h"
#include "status.h"
#include "vm.h"

/* (its bounds are two objects: compared as addresses) */
size_t device_class_count(void)
{
	return ((uintptr_t)__stop_kvmini_devices -
		(uintptr_t)__start_kvmini_devices) /
	       sizeof(__start_kvmini_devices[0]);
}

const struct device_class *device_class_at(size_t i)
{
	return __start_kvmini_devices[i];
}

const struct device_class *device_class_find(const char *name)
{
	size_t i, n = device_class_count();

	for (i = 0; i < n; i++)
		if (!strcmp(device_class_at(i)->name, name))
			return device_class_at(i);
	return NULL;
}

int irq_line_set(const struct irq_line *line, int level)
{
	if (line->irq == DEV_NO_IRQ)
		return 0;
	return arch_set_irq(line->vm, (unsigned int)line->irq, level);
}

static const char *space_name(enum bus_space space)
{
	return space == BUS_PIO ? "port" : "MMIO";
}

/* Claims the device's ranges (all of its place by default). */
static int claim(struct vm *vm, const struct device *d, int idx)
{
	const struct device_class *c = d->cls;
	const struct device_place *at = &d->at;
	struct device_range whole = { 0, at->size };
	const struct device_range *r = c->ranges ? c->ranges : &whole;
	unsigned int i, n = c->ranges ? c->nr_ranges : 1;

	for (i = 0; i < n; i++) {
		if (r[i].off >= at->size || r[i].len > at->size - r[i].off ||
		    bus_register(&vm->bus, at->space, at->base + r[i].off,
				 r[i].len, at->base, idx, c->ops, d->state) < 0) {
			err_msg("%s: %s range 0x%" PRIx64 "+0x%" PRIx64
				" is taken or outside its place", c->name,
				space_name(at->space), at->base + r[i].off,
				r[i].len);
			return -1;
		}
	}
	return 0;
}

static unsigned int row_count(const struct device_row *row)
{
	return row->count ? row->count : 1;
}

/* The instances of class name in rows before end (NULL: in all). */
static unsigned int instances_before(const struct device_row *rows,
				     const struct device_row *end,
				     const char *name)
{
	unsigned int n = 0;

	for (; rows != end && rows->class_name; rows++)
		if (!strcmp(rows->class_name, name))
			n += row_count(rows);
	return n;
}

/*
 * Whether the options ask for more instances of a class than the table
 * holds (the n-th --disk beyond the virtio-blk ones): refused with one
 * line rather than dropped.
 */
static int check_room(const struct device_row *rows)
{
	const struct device_class *c;
	size_t i, nr = device_class_count();
	unsigned int n;

	for (i = 0; i < nr; i++) {
		c = device_class_at(i);
		n = instances_before(rows, NULL, c->name);
		if (c->wanted && c->wanted(c->params, n)) {
			err_msg("%s: this machine has %u, fewer than the options ask for",
				c->name, n);
			return ST_USAGE;
		}
	}
	return ST_OK;
}

int devmgr_check(void)
{
	const struct device_class *c;
	size_t i, nr = device_class_count();
	int st;

	for (i = 0; i < nr; i++) {
		c = device_class_at(i);
		st = c->check ? c->check(c->params) : ST_OK;
		if (st != ST_OK)
			return st;
	}
	return ST_OK;
}

/* The k-th instance of row: its place, then its state and host side. */
static int prepare_one(struct devmgr *dm, const struct device_class *c,
		       const struct device_row *row, unsigned int k,
		       unsigned int instance)
{
	struct device *d;

	if (c->wanted && !c->wanted(c->params, instance))
		return ST_OK;
	if (dm->nr == DEVMGR_MAX) {
		err_msg("machine table: more than %d devices", DEVMGR_MAX);
		return ST_HOST;
	}
	d = &dm->dev[dm->nr];
	*d = (struct device){ .cls = c, .at = row->at, .instance = instance };
	d->at.base += k * row->stride;
	if (row->irqs)
		d->at.irq = row->irqs[k];
	d->state = calloc(1, c->size ? c->size : 1);
	if (!d->state) {
		err_sys("calloc");
		return ST_HOST;
	}
	dm->nr++;	/* devmgr_destroy finishes it from here on */
	return c->open ? c->open(d->state, c->params, instance) : ST_OK;
}

int devmgr_prepare(struct devmgr *dm, const struct device_row *rows)
{
	const struct device_row *row;
	const struct device_class *c;
	unsigned int k, first;
	int st;

	memset(dm, 0, sizeof(*dm));
	st = check_room(rows);
	if (st != ST_OK)
		return st;
	for (row = rows; row->class_name; row++) {
		c = device_class_find(row->class_name);
		if (!c) {
			err_msg("machine table: no device class '%s'",
				row->class_name);
			return ST_HOST;
		}
		first = instances_before(rows, row, c->name);
		for (k = 0; k < row_count(row); k++) {
			st = prepare_one(dm, c, row, k, first + k);
			if (st != ST_OK)
				return st;
		}
	}
	return ST_OK;
}

int devmgr_attach(struct devmgr *dm, struct vm *vm,
		  const struct device_env *env)
{
	struct device_env own = *env;
	struct device *d;
	unsigned int i;

	for (i = 0; i < dm->nr; i++) {
		d = &dm->dev[i];
		own.params = d->cls->params;
		if (d->cls->init && d->cls->init(d->state, vm, &own, &d->at) < 0) {
			err_msg("cannot create device %s", d->cls->name);
			return -1;
		}
		d->attached = true;
		if (claim(vm, d, (int)i) < 0)
			return -1;
	}
	return 0;
}

int devmgr_start(struct devmgr *dm)
{
	unsigned int i;

	for (i = 0; i < dm->nr; i++)
		if (dm->dev[i].cls->start && dm->dev[i].cls->start(dm->dev[i].state) < 0)
			return -1;
	return 0;
}

void devmgr_stop(struct devmgr *dm)
{
	unsigned int i;

	for (i = 0; i < dm->nr; i++)
		if (dm->dev[i].cls->stop && dm->dev[i].attached)
			dm->dev[i].cls->stop(dm->dev[i].state);
	fflush(stdout);		/* what consoles printed, before any report */
}

void devmgr_destroy(struct devmgr *dm)
{
	unsigned int i;

	for (i = 0; i < dm->nr; i++) {
		if (dm->dev[i].cls->fini)
			dm->dev[i].cls->fini(dm->dev[i].state,
					     dm->dev[i].attached);
		free(dm->dev[i].state);
	}
	dm->nr = 0;
}

const struct device *devmgr_console(const struct devmgr *dm)
{
	unsigned int i;

	for (i = 0; i < dm->nr; i++)
		if (dm->dev[i].cls->console)
			return &dm->dev[i];
	return NULL;
}

void devmgr_node_name(const struct device *d, char *buf, unsigned int size)
{
	snprintf(buf, size, "%s@%" PRIx64, d->cls->dt_node, d->at.base);
}
