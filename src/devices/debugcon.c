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
	dc->bytes++;
}

static void debugcon_stats(void *opaque,
			   void (*emit)(void *, const char *, uint64_t),
			   void *ctx)
{
	struct debugcon *dc = opaque;

	emit(ctx, "bytes", dc->bytes);
}

static const struct bus_ops debugcon_ops = {
	.read = debugcon_read,
	.write = debugcon_write,
	.stats = debugcon_stats,
};

static int debugcon_create(struct vm *vm, const struct config *cfg,
			   void **state)
{
	struct debugcon *dc = calloc(1, sizeof(*dc));

	(void)cfg;
	if (!dc)
		return err_sys("calloc");
	dc->out = stdout;
	if (bus_register(&vm->bus, BUS_PIO, KVMINI_DEBUG_PORT, 1, "debugcon",
			 &debugcon_ops, dc) < 0) {
		free(dc);
		err_msg("debugcon: port 0x%x is taken", KVMINI_DEBUG_PORT);
		return -1;
	}
	*state = dc;
	return 0;
}

static void debugcon_stop(void *state)
{
	struct debugcon *dc = state;

	fflush(dc->out);
}

const struct device_class debugcon_class = {
	.name = "debugcon",
	.create = debugcon_create,
	.stop = debugcon_stop,
	.destroy = free,
};
