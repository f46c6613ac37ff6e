// SPDX-License-Identifier: GPL-2.0
/*
 * QEMU's pc-testdev, which kvm-unit-tests' x86 runner always adds: a
 * 32-bit scratch register at ports 0xe0-0xe3 (reads return what was
 * written, at any width and offset), a page-flush port at 0xe4 (QEMU
 * makes the page refault; here it is only counted: no test's result
 * depends on it), one port per ISA interrupt line at 0x2000-0x2017 (a
 * write of V sets line N to level V, through the in-kernel PIC and
 * IOAPIC) and, as a second class, 64 KiB of MMIO at 0xff000000 that
 * holds what is written (the suite's emulator test runs string and
 * arithmetic instructions on it, each an MMIO exit).
 * Only with --pc-testdev: its ports are a PC's DMA and printer ones.
 */
#include <pthread.h>
#include <string.h>

#include "arch.h"
#include "device.h"
#include "vm.h"

#define PCT_SCRATCH		0x00	/* off from 0xe0 */
#define PCT_FLUSH		0x04
#define PCT_IRQ			(0x2000 - 0xe0)
#define PCT_IRQ_LINES		24
#define PCT_IOMEM_SIZE		0x10000

struct pc_testdev {
	struct vm *vm;
	uint32_t scratch;
	uint64_t flushes, irq_writes;
};

struct pc_testdev_mem {
	pthread_mutex_t lock;
	uint8_t buf[PCT_IOMEM_SIZE];
};

static const struct device_range pct_ranges[] = {
	{ PCT_SCRATCH, 8 },
	{ PCT_IRQ, PCT_IRQ_LINES },
};

static uint64_t pct_read(void *opaque, uint64_t off, unsigned int len)
{
	struct pc_testdev *t = opaque;
	uint32_t v;

	if (off >= PCT_SCRATCH + 4 || off + len > PCT_SCRATCH + 4)
		return 0;
	v = __atomic_load_n(&t->scratch, __ATOMIC_RELAXED);
	return v >> (8 * (off - PCT_SCRATCH));
}

static void pct_write(void *opaque, uint64_t off, unsigned int len,
		      uint64_t val)
{
	struct pc_testdev *t = opaque;
	uint32_t mask, old, v;

	if (off >= PCT_IRQ) {
		__atomic_fetch_add(&t->irq_writes, 1, __ATOMIC_RELAXED);
		arch_set_irq(t->vm, (unsigned int)(off - PCT_IRQ), val ? 1 : 0);
	} else if (off == PCT_FLUSH) {
		__atomic_fetch_add(&t->flushes, 1, __ATOMIC_RELAXED);
	} else if (off + len <= PCT_SCRATCH + 4) {
		/* the bytes written replace theirs, the others stay */
		mask = len >= 4 ? ~0u : ((1u << (8 * len)) - 1) << (8 * off);
		v = (uint32_t)(val << (8 * off)) & mask;
		old = __atomic_load_n(&t->scratch, __ATOMIC_RELAXED);
		while (!__atomic_compare_exchange_n(&t->scratch, &old,
						    (old & ~mask) | v, false,
						    __ATOMIC_RELAXED,
						    __ATOMIC_RELAXED))
			;
	}
}

static void pct_stats(void *state, stat_emit_fn emit, void *ctx)
{
	struct pc_testdev *t = state;

	emit(ctx, "scratch", __atomic_load_n(&t->scratch, __ATOMIC_RELAXED));
	emit(ctx, "flushes", __atomic_load_n(&t->flushes, __ATOMIC_RELAXED));
	emit(ctx, "irq_writes",
	     __atomic_load_n(&t->irq_writes, __ATOMIC_RELAXED));
}

static const struct bus_ops pct_ops = {
	.read = pct_read,
	.write = pct_write,
};

struct pct_params {
	bool on;
};

static const struct pct_params defaults;
static struct pct_params params;

static const struct option_def options[] = {
	{ .name = "pc-testdev", .family = "x86",
	  .help = "x86: QEMU's pc-testdev (kvm-unit-tests): scratch port\n"
		  "0xe0, IRQ lines at 0x2000+N, 64 KiB of MMIO at 0xff000000",
	  OPTION_SET(struct pct_params, on) },
	{ NULL },
};

/* both classes come with the one option */
static bool pct_wanted(const void *p, unsigned int instance)
{
	(void)p;
	return params.on && !instance;
}

static int pct_init(void *state, struct vm *vm, const struct device_env *env,
		    const struct device_place *at)
{
	struct pc_testdev *t = state;

	(void)env;
	(void)at;
	t->vm = vm;
	return 0;
}

DEVICE_CLASS(pc_testdev) = {
	.name = "pc-testdev",
	.size = sizeof(struct pc_testdev),
	.ops = &pct_ops,
	.ranges = pct_ranges,
	.nr_ranges = 2,
	.options = options,
	DEVICE_PARAMS(params, defaults),
	.wanted = pct_wanted,
	.init = pct_init,
	.stats = pct_stats,
};

static uint64_t iomem_read(void *opaque, uint64_t off, unsigned int len)
{
	struct pc_testdev_mem *m = opaque;
	uint64_t v = 0;

	/* the bus hands over only accesses inside the 64 KiB */
	pthread_mutex_lock(&m->lock);
	memcpy(&v, m->buf + off, len);
	pthread_mutex_unlock(&m->lock);
	return v;
}

static void iomem_write(void *opaque, uint64_t off, unsigned int len,
			uint64_t val)
{
	struct pc_testdev_mem *m = opaque;

	pthread_mutex_lock(&m->lock);
	memcpy(m->buf + off, &val, len);
	pthread_mutex_unlock(&m->lock);
}

static const struct bus_ops iomem_ops = {
	.read = iomem_read,
	.write = iomem_write,
};

static int iomem_init(void *state, struct vm *vm, const struct device_env *env,
		      const struct device_place *at)
{
	struct pc_testdev_mem *m = state;

	(void)vm;
	(void)env;
	(void)at;
	pthread_mutex_init(&m->lock, NULL);
	return 0;
}

static void iomem_fini(void *state, bool attached)
{
	struct pc_testdev_mem *m = state;

	if (attached)
		pthread_mutex_destroy(&m->lock);
}

DEVICE_CLASS(pc_testdev_mem) = {
	.name = "pc-testdev-mem",
	.size = sizeof(struct pc_testdev_mem),
	.ops = &iomem_ops,
	.wanted = pct_wanted,
	.init = iomem_init,
	.fini = iomem_fini,
};
