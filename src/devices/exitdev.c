// SPDX-License-Identifier: GPL-2.0
/*
 * The exit register: a write ends the run cleanly, like hlt on x86. A
 * bare guest writes its result register there, so kvmini sees that
 * register intact when it checks it (PSCI SYSTEM_OFF would clobber x0).
 */
#include <stdlib.h>

#include "arch.h"
#include "device.h"
#include "status.h"
#include "vm.h"

struct exitdev {
	struct vm *vm;
	uint64_t value;
};

static void exit_write(void *opaque, uint64_t off, unsigned int len,
		       uint64_t val)
{
	struct exitdev *e = opaque;

	(void)off;
	(void)len;
	/* two vCPUs may write it at once: the last one's value is reported */
	__atomic_store_n(&e->value, val, __ATOMIC_RELAXED);
	vm_request_stop(e->vm, ST_OK);
}

static void exit_stats(void *opaque,
		       void (*emit)(void *, const char *, uint64_t), void *ctx)
{
	struct exitdev *e = opaque;

	emit(ctx, "value", __atomic_load_n(&e->value, __ATOMIC_RELAXED));
}

static const struct bus_ops exit_ops = {
	.write = exit_write,
	.stats = exit_stats,
};

static int exit_create(struct vm *vm, const struct config *cfg, void **state)
{
	struct exitdev *e;

	(void)cfg;
	e = bus_new_device(&vm->bus, BUS_MMIO, KVMINI_EXIT_BASE, 8, "exit",
			   &exit_ops, sizeof(*e));
	if (!e)
		return -1;
	e->vm = vm;
	*state = e;
	return 0;
}

const struct device_class exitdev_class = {
	.name = "exit",
	.create = exit_create,
	.destroy = free,
};
