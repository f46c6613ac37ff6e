// SPDX-License-Identifier: GPL-2.0
/*
 * Debug console on port 0xe9 (the Bochs/QEMU convention): bytes written
 * go to stdout; a read returns 0xe9 so a guest can detect the port.
 */
#include <stdio.h>
#include <stdlib.h>

#include "arch.h"
#include "device.h"
#include "status.h"
#include "vm.h"

struct debugcon {
	FILE *out;
	uint64_t bytes;
};

static uint64_t debugcon_read(void *opaque, uint64_t off, unsigned int len)
{
	(void)opaque;
	(void)off;
	(void)len;
	return KVMINI_DEBUG_PORT;
}

static void debugcon_write(void *opaque, uint64_t off, unsigned int len,
			   uint64_t val)
{
	struct debugcon *dc = opaque;

	(void)off;
	(void)len;	/* only the low byte of a wider write is printed */
	fputc((int)(val & 0xff), dc->out);
	/* vCPUs write concurrently; stdio locks the stream, not the count */
	__atomic_fetch_add(&dc->bytes, 1, __ATOMIC_RELAXED);
}

static void debugcon_stats(void *opaque,
			   void (*emit)(void *, const char *, uint64_t),
			   void *ctx)
{
	struct debugcon *dc = opaque;

	emit(ctx, "bytes", __atomic_load_n(&dc->bytes, __ATOMIC_RELAXED));
}

static const struct bus_ops debugcon_ops = {
	.read = debugcon_read,
	.write = debugcon_write,
	.stats = debugcon_stats,
};

static int debugcon_create(struct vm *vm, const struct config *cfg,
			   void **state)
{
	struct debugcon *dc;

	(void)cfg;
	dc = bus_new_device(&vm->bus, BUS_PIO, KVMINI_DEBUG_PORT, 1, "debugcon",
			    &debugcon_ops, sizeof(*dc));
	if (!dc)
		return -1;
	dc->out = stdout;
	*state = dc;
	return 0;
}

const struct device_class debugcon_class = {
	.name = "debugcon",
	.create = debugcon_create,
	.destroy = free,
};
