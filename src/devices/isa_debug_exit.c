// SPDX-License-Identifier: GPL-2.0
/*
 * QEMU's isa-debug-exit: a write of V ends the run with exit status
 * (V << 1) | 1, as QEMU does (the process sees its low 8 bits), so test
 * suites written for QEMU (kvm-unit-tests: port 0xf4, 4 bytes) read
 * their result unchanged. Its statuses overlap kvmini's own, so it is
 * there only with --isa-debug-exit. Reads return 0.
 */
#include "config.h"
#include "device.h"
#include "vm.h"

struct debug_exit {
	struct vm *vm;
	uint64_t value;		/* the last value written */
};

static uint64_t debug_exit_read(void *opaque, uint64_t off, unsigned int len)
{
	(void)opaque;
	(void)off;
	(void)len;
	return 0;
}

static void debug_exit_write(void *opaque, uint64_t off, unsigned int len,
			     uint64_t val)
{
	struct debug_exit *d = opaque;

	(void)off;
	(void)len;
	__atomic_store_n(&d->value, val, __ATOMIC_RELAXED);
	/* the first stop wins when two vCPUs write at once */
	vm_request_stop(d->vm, (int)(((val << 1) | 1) & 0xff));
}

static void debug_exit_stats(void *state, stat_emit_fn emit, void *ctx)
{
	struct debug_exit *d = state;

	emit(ctx, "value", __atomic_load_n(&d->value, __ATOMIC_RELAXED));
}

static const struct bus_ops debug_exit_ops = {
	.read = debug_exit_read,
	.write = debug_exit_write,
};

static bool debug_exit_wanted(const struct config *cfg, unsigned int instance)
{
	return cfg->debug_exit && !instance;	/* one */
}

static int debug_exit_init(void *state, struct vm *vm,
			   const struct config *cfg,
			   const struct device_place *at)
{
	struct debug_exit *d = state;

	(void)cfg;
	(void)at;
	d->vm = vm;
	return 0;
}

DEVICE_CLASS(isa_debug_exit) = {
	.name = "isa-debug-exit",
	.size = sizeof(struct debug_exit),
	.ops = &debug_exit_ops,
	.wanted = debug_exit_wanted,
	.init = debug_exit_init,
	.stats = debug_exit_stats,
};
