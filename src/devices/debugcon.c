// SPDX-License-Identifier: GPL-2.0
/*
 * Debug console on port 0xe9 (the Bochs/QEMU convention): bytes written
 * go to stdout; a read returns 0xe9 so a guest can detect the port.
 */
#include <stdio.h>

#include "console.h"
#include "device.h"

#define DEBUGCON_ID	0xe9	/* what a read returns, wherever the port */

struct debugcon {
	uint64_t bytes;
};

static uint64_t debugcon_read(void *opaque, uint64_t off, unsigned int len)
{
	(void)opaque;
	(void)off;
	(void)len;
	return DEBUGCON_ID;
}

static void debugcon_write(void *opaque, uint64_t off, unsigned int len,
			   uint64_t val)
{
	struct debugcon *dc = opaque;
	uint8_t c = (uint8_t)val;	/* only the low byte of a wider write */

	(void)off;
	(void)len;
	console_write(stdout, &c, 1);
	/* vCPUs write concurrently; stdio locks the stream, not the count */
	__atomic_fetch_add(&dc->bytes, 1, __ATOMIC_RELAXED);
}

static void debugcon_stats(void *state, stat_emit_fn emit, void *ctx)
{
	struct debugcon *dc = state;

	emit(ctx, "bytes", __atomic_load_n(&dc->bytes, __ATOMIC_RELAXED));
}

static const struct bus_ops debugcon_ops = {
	.read = debugcon_read,
	.write = debugcon_write,
};

DEVICE_CLASS(debugcon) = {
	.name = "debugcon",
	.size = sizeof(struct debugcon),
	.ops = &debugcon_ops,
	.stats = debugcon_stats,
};
