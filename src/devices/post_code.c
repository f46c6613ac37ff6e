// SPDX-License-Identifier: GPL-2.0
/*
 * The POST code port (port 0x80 on a PC), as cloud-hypervisor's debug
 * port uses it: each byte a guest writes is a phase code, recorded with
 * its time as a boot marker (timeline.h); the code's range says whose
 * phase it is (0x00-0x1f firmware, 0x20-0x3f boot loader, 0x40-0x5f
 * kernel, 0x60-0x7f user space). Linux under KVM writes nothing there
 * (its I/O delay is a no-op on KVM). On arm64, a byte of MMIO.
 */
#include "device.h"
#include "timeline.h"

struct post_code {
	uint64_t codes;
	uint8_t last;
};

static uint64_t post_code_read(void *opaque, uint64_t off, unsigned int len)
{
	struct post_code *pc = opaque;

	(void)off;
	(void)len;
	return __atomic_load_n(&pc->last, __ATOMIC_RELAXED);
}

static void post_code_write(void *opaque, uint64_t off, unsigned int len,
			     uint64_t val)
{
	struct post_code *pc = opaque;

	(void)off;
	(void)len;
	timeline_marker(TL_POST_CODE, (uint8_t)val);
	__atomic_store_n(&pc->last, (uint8_t)val, __ATOMIC_RELAXED);
	__atomic_fetch_add(&pc->codes, 1, __ATOMIC_RELAXED);
}

static void post_code_stats(void *state, stat_emit_fn emit, void *ctx)
{
	struct post_code *pc = state;

	emit(ctx, "codes", __atomic_load_n(&pc->codes, __ATOMIC_RELAXED));
	emit(ctx, "last", __atomic_load_n(&pc->last, __ATOMIC_RELAXED));
}

static const struct bus_ops post_code_ops = {
	.read = post_code_read,
	.write = post_code_write,
};

DEVICE_CLASS(post_code) = {
	.name = "post-code",
	.size = sizeof(struct post_code),
	.ops = &post_code_ops,
	.stats = post_code_stats,
};
