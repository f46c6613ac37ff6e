// SPDX-License-Identifier: GPL-2.0
/*
 * QEMU's isa-debug-exit: a write of V ends the run with exit status
 * (V << 1) | 1, as QEMU does (the process sees its low 8 bits), so test
 * suites written for QEMU (kvm-unit-tests: port 0xf4, 4 bytes) read
 * their result unchanged. Its statuses overlap kvmini's own, so it is
 * there only with --isa-debug-exit. Reads return 0.
 */
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

struct debug_exit_params {
	bool on;
};

static const struct debug_exit_params defaults;
static struct debug_exit_params params;

static const struct option_def options[] = {
	{ .name = "isa-debug-exit", .family = "x86",
	  .help = "x86: QEMU's isa-debug-exit device, port 0xf4: a\n"
		  "write of V ends the run with status (V << 1) | 1",
	  OPTION_SET(struct debug_exit_params, on) },
	{ NULL },
};

static bool debug_exit_wanted(const void *p, unsigned int instance)
{
	const struct debug_exit_params *opt = p;

	return opt->on && !instance;	/* one */
}

static int debug_exit_init(void *state, struct vm *vm,
			   const struct device_env *env,
			   const struct device_place *at)
{
	struct debug_exit *d = state;

	(void)env;
	(void)at;
	d->vm = vm;
	return 0;
}

DEVICE_CLASS(isa_debug_exit) = {
	.name = "isa-debug-exit",
	.size = sizeof(struct debug_exit),
	.ops = &debug_exit_ops,
	.options = options,
	DEVICE_PARAMS(params, defaults),
	.wanted = debug_exit_wanted,
	.init = debug_exit_init,
	.stats = debug_exit_stats,
};
