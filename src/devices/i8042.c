// SPDX-License-Identifier: GPL-2.0
/*
 * The i8042 keyboard controller, reduced to what a kernel without ACPI
 * uses to reboot: command 0xfe (pulse the reset line) on port 0x64 ends
 * the run cleanly, as a power-off would. The controller otherwise reads
 * as idle with empty buffers.
 */
#include <stdlib.h>

#include "device.h"
#include "status.h"
#include "vm.h"

#define I8042_DATA	0x60
#define I8042_CMD	0x64
#define CMD_RESET	0xfe

struct i8042 {
	struct vm *vm;
	uint64_t resets;
};

static uint64_t i8042_read(void *opaque, uint64_t off, unsigned int len)
{
	(void)opaque;
	(void)off;
	(void)len;
	return 0;	/* status: both buffers empty; data: nothing */
}

static void i8042_cmd_write(void *opaque, uint64_t off, unsigned int len,
			    uint64_t val)
{
	struct i8042 *k = opaque;

	(void)off;
	(void)len;
	if ((val & 0xff) == CMD_RESET) {
		k->resets++;
		err_msg("guest reset through the i8042: ending the run");
		vm_request_stop(k->vm, ST_OK);
	}
}

static void i8042_stats(void *opaque,
			void (*emit)(void *, const char *, uint64_t), void *ctx)
{
	struct i8042 *k = opaque;

	emit(ctx, "resets", k->resets);
}

/* data port: nothing to read, writes (keyboard commands) dropped */
static const struct bus_ops i8042_data_ops = {
	.read = i8042_read,
};

static const struct bus_ops i8042_cmd_ops = {
	.read = i8042_read,
	.write = i8042_cmd_write,
	.stats = i8042_stats,
};

static int i8042_create(struct vm *vm, const struct config *cfg, void **state)
{
	struct i8042 *k;

	(void)cfg;
	/* only 0x60 and 0x64: 0x61 belongs to the PIT (in the kernel) */
	if (bus_register(&vm->bus, BUS_PIO, I8042_DATA, 1, "i8042-data",
			 &i8042_data_ops, NULL) < 0)
		return -1;
	k = bus_new_device(&vm->bus, BUS_PIO, I8042_CMD, 1, "i8042",
			   &i8042_cmd_ops, sizeof(*k));
	if (!k)
		return -1;
	k->vm = vm;
	*state = k;
	return 0;
}

const struct device_class i8042_class = {
	.name = "i8042",
	.create = i8042_create,
	.destroy = free,
};
