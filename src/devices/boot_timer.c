// SPDX-License-Identifier: GPL-2.0
/*
 * The boot timer, Firecracker's convention: a guest writes 123 to its
 * register when it has booted (its init, usually), and kvmini records
 * the time as a boot marker (timeline.h). Any other value is counted
 * and ignored, so that a stray write cannot fake the mark.
 */
#include "device.h"
#include "timeline.h"

#define BOOT_TIMER_BOOTED	123

struct boot_timer {
	uint64_t marks;
	uint64_t ignored;
};

static void boot_timer_write(void *opaque, uint64_t off, unsigned int len,
			     uint64_t val)
{
	struct boot_timer *bt = opaque;

	(void)len;
	/* the low byte, as a byte-wide register: "devmem ADDR 8 123" */
	if (off == 0 && (uint8_t)val == BOOT_TIMER_BOOTED) {
		timeline_marker(TL_BOOT_TIMER, BOOT_TIMER_BOOTED);
		__atomic_fetch_add(&bt->marks, 1, __ATOMIC_RELAXED);
	} else {
		__atomic_fetch_add(&bt->ignored, 1, __ATOMIC_RELAXED);
	}
}

static void boot_timer_stats(void *state, stat_emit_fn emit, void *ctx)
{
	struct boot_timer *bt = state;

	emit(ctx, "marks", __atomic_load_n(&bt->marks, __ATOMIC_RELAXED));
	emit(ctx, "ignored", __atomic_load_n(&bt->ignored, __ATOMIC_RELAXED));
}

/* reads return 0 (the bus's default without a read handler) */
static const struct bus_ops boot_timer_ops = {
	.write = boot_timer_write,
};

DEVICE_CLASS(boot_timer) = {
	.name = "boot-timer",
	.size = sizeof(struct boot_timer),
	.ops = &boot_timer_ops,
	.stats = boot_timer_stats,
};
