// SPDX-License-Identifier: GPL-2.0
/*
 * The exit register: a write ends the run cleanly, like hlt on x86. A
 * bare guest writes its result register there, so kvmini sees that
 * register intact when it checks it (PSCI SYSTEM_OFF would clobber x0).
 */
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

static void exit_stats(void *state, stat_emit_fn emit, void *ctx)
{
	struct exitdev *e = state;

	emit(ctx, "value", __atomic_load_n(&e->value, __ATOMIC_RELAXED));
}

static const struct bus_ops exit_ops = {
	.write = exit_write,
};

static int exit_init(void *state, struct vm *vm, const struct device_env *env,
		     const struct device_place *at)
{
	struct exitdev *e = state;

	(void)env;
	(void)at;
	e->vm = vm;
	return 0;
}

DEVICE_CLASS(exitdev) = {
	.name = "exit",
	.size = sizeof(struct exitdev),
	.ops = &exit_ops,
	.init = exit_init,
	.stats = exit_stats,
};
