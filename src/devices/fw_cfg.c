// SPDX-License-Identifier: GPL-2.0
/*
 * QEMU's firmware configuration device, its legacy port interface (x86:
 * selector 0x510, 16 bits; data 0x511, a byte per read): what test
 * suites written for QEMU ask the machine before anything else. kvm-unit-
 * tests read the CPU count from it to know how many APs to wait for, and
 * the RAM size. Only the items such guests read are there: signature,
 * interface revision (no DMA), RAM size, CPU count and maximum; any other
 * selector reads as zeros, as an absent item does in QEMU. Writes to the
 * data port are ignored (QEMU deprecated them).
 */
#include <pthread.h>
#include <string.h>

#include "device.h"
#include "vcpu.h"
#include "vm.h"

#define FW_CFG_SIGNATURE	0x00
#define FW_CFG_ID		0x01	/* bit 0: the traditional interface */
#define FW_CFG_RAM_SIZE		0x03
#define FW_CFG_NB_CPUS		0x05
#define FW_CFG_MAX_CPUS		0x0f
#define FW_CFG_PORT_SEL		0
#define FW_CFG_PORT_DATA	1
#define FW_CFG_ITEM_MAX		8	/* the largest item: the RAM size */

struct fw_cfg {
	pthread_mutex_t lock;
	struct vm *vm;
	uint16_t selector;
	unsigned int offset;		/* in the item, of the next read */
	uint8_t item[FW_CFG_ITEM_MAX];	/* the selected one, little-endian */
	uint64_t selects, reads;
};

static void put_le(uint8_t *p, uint64_t v, unsigned int bytes)
{
	unsigned int i;

	for (i = 0; i < bytes; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* Fills f->item with the item the selector names (zeros if none). */
static void select_item(struct fw_cfg *f, uint16_t selector)
{
	uint64_t cpus = f->vm->vcpus ? f->vm->vcpus->planned : 1;

	f->selector = selector;
	f->offset = 0;
	memset(f->item, 0, sizeof(f->item));
	switch (selector) {
	case FW_CFG_SIGNATURE:
		memcpy(f->item, "QEMU", 4);
		break;
	case FW_CFG_ID:
		put_le(f->item, 1, 4);
		break;
	case FW_CFG_RAM_SIZE:
		put_le(f->item, f->vm->slots[0].size, 8);
		break;
	case FW_CFG_NB_CPUS:
	case FW_CFG_MAX_CPUS:
		put_le(f->item, cpus, 2);
		break;
	}
}

static uint64_t fw_cfg_read(void *opaque, uint64_t off, unsigned int len)
{
	struct fw_cfg *f = opaque;
	uint64_t v = 0;
	unsigned int i;

	if (off != FW_CFG_PORT_DATA)
		return 0;
	pthread_mutex_lock(&f->lock);
	/* a byte (the port is one wide), the next of the item, 0 past it */
	for (i = 0; i < len; i++, f->offset++)
		if (f->offset < sizeof(f->item))
			v |= (uint64_t)f->item[f->offset] << (8 * i);
	f->reads++;
	pthread_mutex_unlock(&f->lock);
	return v;
}

static void fw_cfg_write(void *opaque, uint64_t off, unsigned int len,
			 uint64_t val)
{
	struct fw_cfg *f = opaque;

	(void)len;
	if (off != FW_CFG_PORT_SEL)
		return;
	pthread_mutex_lock(&f->lock);
	select_item(f, (uint16_t)val);
	f->selects++;
	pthread_mutex_unlock(&f->lock);
}

static void fw_cfg_stats(void *state, stat_emit_fn emit, void *ctx)
{
	struct fw_cfg *f = state;

	pthread_mutex_lock(&f->lock);
	emit(ctx, "selects", f->selects);
	emit(ctx, "reads", f->reads);
	pthread_mutex_unlock(&f->lock);
}

static const struct bus_ops fw_cfg_ops = {
	.read = fw_cfg_read,
	.write = fw_cfg_write,
};

static int fw_cfg_init(void *state, struct vm *vm, const struct device_env *env,
		       const struct device_place *at)
{
	struct fw_cfg *f = state;

	(void)env;
	(void)at;
	f->vm = vm;
	pthread_mutex_init(&f->lock, NULL);
	/* a read before any selection reads the signature, as in QEMU */
	select_item(f, FW_CFG_SIGNATURE);
	return 0;
}

static void fw_cfg_fini(void *state, bool attached)
{
	struct fw_cfg *f = state;

	if (attached)
		pthread_mutex_destroy(&f->lock);
}

DEVICE_CLASS(fw_cfg) = {
	.name = "fw-cfg",
	.size = sizeof(struct fw_cfg),
	.ops = &fw_cfg_ops,
	.init = fw_cfg_init,
	.fini = fw_cfg_fini,
	.stats = fw_cfg_stats,
};
