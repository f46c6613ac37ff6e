// SPDX-License-Identifier: GPL-2.0
/*
 * The i8042 keyboard controller, with no keyboard or mouse behind it:
 * enough of the controller for Linux to probe it without waiting (its
 * configuration byte, self-tests, the loopback commands), and command
 * 0xfe, which pulses the reset line: a kernel without ACPI reboots that
 * way, and kvmini ends the run cleanly, as a power-off would.
 *
 * Without the configuration byte, Linux polls the status port for an
 * answer that never comes: 10,000 exits per boot (docs/x86-exit-stats.md).
 * The controller raises no interrupt; Linux then finds no usable AUX port.
 */
#include <pthread.h>
#include <stdbool.h>

#include "device.h"
#include "log.h"
#include "status.h"
#include "vm.h"

/* offsets from the controller's base (0x60 on a PC) */
#define I8042_DATA	0
#define I8042_CMD	4

/* status register */
#define ST_OBF		0x01	/* output buffer full */
#define ST_SYS		0x04	/* system flag: self-test passed */
#define ST_AUXDATA	0x20	/* the output byte comes from the AUX port */

/* controller commands Linux uses */
#define CMD_READ_CTR	0x20
#define CMD_WRITE_CTR	0x60
#define CMD_AUX_DISABLE	0xa7
#define CMD_AUX_ENABLE	0xa8
#define CMD_AUX_TEST	0xa9
#define CMD_SELF_TEST	0xaa
#define CMD_KBD_TEST	0xab
#define CMD_KBD_DISABLE	0xad
#define CMD_KBD_ENABLE	0xae
#define CMD_KBD_LOOP	0xd2
#define CMD_AUX_LOOP	0xd3
#define CMD_AUX_WRITE	0xd4
#define CMD_RESET	0xfe

/* configuration byte (CTR) */
#define CTR_KBDDIS	0x10
#define CTR_AUXDIS	0x20

struct i8042 {
	struct vm *vm;
	pthread_mutex_t lock;	/* vCPUs access it concurrently */
	uint8_t ctr;
	uint8_t out;		/* the output buffer, valid with ST_OBF */
	uint8_t status;
	uint8_t pending;	/* a command waiting for its data byte, or 0 */
	uint64_t resets;
};

static void put_out(struct i8042 *k, uint8_t v, bool aux)
{
	k->out = v;
	k->status = (uint8_t)((k->status & ~ST_AUXDATA) | ST_OBF |
			      (aux ? ST_AUXDATA : 0));
}

static uint64_t i8042_status_read(void *opaque, uint64_t off, unsigned int len)
{
	struct i8042 *k = opaque;
	uint8_t v;

	(void)off;
	(void)len;
	pthread_mutex_lock(&k->lock);
	v = k->status;		/* the input buffer is always empty */
	pthread_mutex_unlock(&k->lock);
	return v;
}

static uint64_t i8042_data_read(void *opaque, uint64_t off, unsigned int len)
{
	struct i8042 *k = opaque;
	uint8_t v;

	(void)off;
	(void)len;
	pthread_mutex_lock(&k->lock);
	k->status &= (uint8_t)~(ST_OBF | ST_AUXDATA);
	v = k->out;
	pthread_mutex_unlock(&k->lock);
	return v;
}

/* A data byte: a pending command's argument, else for the keyboard. */
static void i8042_data_write(void *opaque, uint64_t off, unsigned int len,
			     uint64_t val)
{
	struct i8042 *k = opaque;
	uint8_t v = val & 0xff;

	(void)off;
	(void)len;
	pthread_mutex_lock(&k->lock);
	switch (k->pending) {
	case CMD_WRITE_CTR:
		k->ctr = v;
		break;
	case CMD_KBD_LOOP:
		put_out(k, v, false);
		break;
	case CMD_AUX_LOOP:
		put_out(k, v, true);
		break;
	default:	/* no keyboard or mouse to receive it (CMD_AUX_WRITE too) */
		break;
	}
	k->pending = 0;
	pthread_mutex_unlock(&k->lock);
}

static void i8042_cmd_write(void *opaque, uint64_t off, unsigned int len,
			    uint64_t val)
{
	struct i8042 *k = opaque;
	uint8_t cmd = val & 0xff;

	(void)off;
	(void)len;
	pthread_mutex_lock(&k->lock);
	k->pending = 0;
	switch (cmd) {
	case CMD_READ_CTR:
		put_out(k, k->ctr, false);
		break;
	case CMD_WRITE_CTR:
	case CMD_KBD_LOOP:
	case CMD_AUX_LOOP:
	case CMD_AUX_WRITE:
		k->pending = cmd;
		break;
	case CMD_AUX_DISABLE:
		k->ctr |= CTR_AUXDIS;
		break;
	case CMD_AUX_ENABLE:
		k->ctr &= (uint8_t)~CTR_AUXDIS;
		break;
	case CMD_KBD_DISABLE:
		k->ctr |= CTR_KBDDIS;
		break;
	case CMD_KBD_ENABLE:
		k->ctr &= (uint8_t)~CTR_KBDDIS;
		break;
	case CMD_SELF_TEST:
		put_out(k, 0x55, false);
		break;
	case CMD_AUX_TEST:
	case CMD_KBD_TEST:
		put_out(k, 0x00, false);	/* interface OK */
		break;
	case CMD_RESET:
		k->resets++;
		err_msg("guest reset through the i8042: ending the run");
		vm_request_stop(k->vm, ST_OK);
		break;
	default:	/* other commands: ignored */
		break;
	}
	pthread_mutex_unlock(&k->lock);
}

static void i8042_stats(void *state, stat_emit_fn emit, void *ctx)
{
	struct i8042 *k = state;

	pthread_mutex_lock(&k->lock);
	emit(ctx, "resets", k->resets);
	pthread_mutex_unlock(&k->lock);
}

static uint64_t i8042_read(void *opaque, uint64_t off, unsigned int len)
{
	if (off == I8042_CMD)
		return i8042_status_read(opaque, off, len);
	return i8042_data_read(opaque, off, len);
}

static void i8042_write(void *opaque, uint64_t off, unsigned int len,
			uint64_t val)
{
	if (off == I8042_CMD)
		i8042_cmd_write(opaque, off, len, val);
	else
		i8042_data_write(opaque, off, len, val);
}

static const struct bus_ops i8042_ops = {
	.read = i8042_read,
	.write = i8042_write,
};

/* the data and the command port only: 0x61 is the PIT's (in the kernel) */
static const struct device_range i8042_ranges[] = {
	{ I8042_DATA, 1 },
	{ I8042_CMD, 1 },
};

static int i8042_init(void *state, struct vm *vm, const struct device_env *env,
		      const struct device_place *at)
{
	struct i8042 *k = state;

	(void)env;
	(void)at;
	k->vm = vm;
	pthread_mutex_init(&k->lock, NULL);
	k->ctr = CTR_KBDDIS | CTR_AUXDIS;	/* both ports off, no interrupts */
	k->status = ST_SYS;
	return 0;
}

static void i8042_fini(void *state, bool attached)
{
	struct i8042 *k = state;

	if (!attached)
		return;
	pthread_mutex_destroy(&k->lock);
}

DEVICE_CLASS(i8042) = {
	.name = "i8042",
	.size = sizeof(struct i8042),
	.ops = &i8042_ops,
	.ranges = i8042_ranges,
	.nr_ranges = 2,
	.init = i8042_init,
	.fini = i8042_fini,
	.stats = i8042_stats,
};
